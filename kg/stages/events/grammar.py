"""Small dependency helpers: subjects, prepositional objects, conjuncts, clauses, mentions of tokens.

Pure functions from spaCy tokens to tokens (or, for :func:`mentions_of`, to mention ids);
each grammar rule is named in a one-line comment ("# Rule: passive voice ..."). They know
nothing of triggers or categories: :mod:`~kg.stages.events.arguments` and the rules in
:mod:`~kg.stages.events.rules` put them together.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

from kg.records import Mention
from kg.stages.events.tables import WORDS

__all__ = [
    "child", "pobjs", "with_conjuncts", "subject", "light_verb", "between", "prep_targets",
    "is_condition", "has_unless", "condition_subjects", "complement_targets", "purpose_targets",
    "demand_object", "place_objects", "mentions_of", "object_predicate",
]

#: dependencies through which a clause takes the subject of the clause it hangs from
_CONTROL_DEPS = frozenset({"xcomp", "advcl", "conj", "pcomp", "acl", "ccomp"})


def child(tok: Token, *deps: str) -> Token | None:
    """The first child of ``tok`` with one of the dependency labels ``deps``."""
    return next((c for c in tok.children if c.dep_ in deps), None)


def pobjs(prep: Token) -> list[Token]:
    """The objects of a preposition ("on" -> "Iran" in "strikes on Iran")."""
    return [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]


def with_conjuncts(tok: Token) -> list[Token]:
    """``tok`` and the tokens joined to it by a conjunction ("Xi and Modi")."""
    return [tok, *tok.conjuncts] if tok.conjuncts else [tok]


def subject(verb: Token, depth: int = 0) -> tuple[Token | None, str]:
    """The verb's acting subject and the rule that found it.

    Examples
    --------
    >>> import spacy
    >>> from spacy.tokens import Doc
    >>> doc = Doc(spacy.blank("en").vocab, words=["Ukraine", "was", "attacked", "by", "Russia"],
    ...           deps=["nsubjpass", "auxpass", "ROOT", "agent", "pobj"], heads=[2, 2, 2, 2, 3])
    >>> subject(doc[2])
    (Russia, 'passive-by')
    """
    # Rule: active voice subject.
    subj = child(verb, "nsubj")
    if subj is not None:
        if subj.tag_ in ("WDT", "WP") and verb.dep_ == "relcl":
            # Rule: relative clause ("Russia, which invaded Ukraine") -> the noun it modifies.
            return verb.head, "relcl"
        return subj, "nsubj"
    # Rule: passive voice, "by" agent.
    agent = child(verb, "agent")
    if agent is not None:
        objs = pobjs(agent)
        if objs:
            return objs[0], "passive-by"
    if child(verb, "nsubjpass") is not None:
        return None, ""
    # Rule: a mis-parsed coordination ("... the Middle East and Putin first offered"): a proper
    # name right before the verb, attached elsewhere, is its subject.
    prev = verb.i - 1
    while prev >= 0 and verb.doc[prev].pos_ in ("ADV", "AUX", "PART"):
        prev -= 1
    if prev >= 0 and verb.dep_ == "conj":
        cand = verb.doc[prev]
        if cand.pos_ == "PROPN" and cand.ent_type_ in ("PERSON", "GPE", "ORG", "NORP") and cand.head.i != verb.i \
                and cand.dep_ in ("conj", "pobj", "dobj", "appos"):
            return cand, "adjacent-name"
    # Rule: control and coordination: "Russia used drones to carry out strikes", "X met Y and signed".
    if depth < 3 and verb.dep_ in _CONTROL_DEPS and verb.head.i != verb.i:
        head = verb.head
        if verb.dep_ == "acl" and head.pos_ == "NOUN" and verb.tag_ != "VBG":
            return head, "acl"
        if verb.dep_ in ("acl", "advcl") and verb.tag_ == "VBG":
            # Rule: a participle clause takes the subject of the clause it hangs from
            # ("Pompeo posted a message on Twitter blaming Iran").
            anc = next((a for a in verb.ancestors if a.pos_ in ("VERB", "AUX")), None)
            if anc is not None:
                subj, _ = subject(anc, depth + 1)
                return subj, "participle"
        if verb.dep_ == "conj" and verb.tag_ in ("VBD", "VBZ") and head.dep_ == "xcomp" and head.tag_ == "VB" \
                and head.head.pos_ in ("VERB", "AUX"):
            # Rule: a finite verb is no conjunct of an infinitive ("Raab urged the embassy to reconsider
            # and spoke with Pompeo", as the parser may hang it): it shares the clause's subject.
            subj, _ = subject(head.head, depth + 1)
            return subj, "control"
        if verb.dep_ == "pcomp" and head.pos_ == "ADP" and head.lower_ in WORDS.means_preps \
                and head.head.pos_ in ("VERB", "AUX") and head.head.i != head.i \
                and not any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children):
            # Rule: a clause of means or time shares its clause's subject ("protesters responded by
            # throwing stones at the police", "after meeting Xi, Putin said").
            subj, _ = subject(head.head, depth + 1)
            return subj, "control"
        obj = child(head, "dobj") if verb.dep_ == "xcomp" and head.lemma_ in WORDS.object_control_verbs else None
        if obj is not None and obj.i < verb.i:
            # Rule: object control: "asked Carrie Lam to resign", "urged Iran to withdraw": the
            # object of a verb of asking or causing is who would act, not its subject.
            return obj, "object-control"
        if head.pos_ in ("VERB", "AUX"):
            subj, _ = subject(head, depth + 1)
            return subj, "control"
    return None, ""


def second_objects(verb: Token) -> list[Token]:
    """Rule: the second object of a verb of giving, which the parser may hang as an apposition of
    the first ("granted Stanton a full pardon", "granted Safavian, a former official, a pardon").

    Examples
    --------
    >>> import spacy
    >>> from spacy.tokens import Doc
    >>> doc = Doc(spacy.blank("en").vocab, words=["Trump", "granted", "Stanton", "a", "pardon"],
    ...           pos=["PROPN", "VERB", "PROPN", "DET", "NOUN"],
    ...           deps=["nsubj", "ROOT", "dative", "det", "appos"], heads=[1, 1, 1, 4, 2])
    >>> second_objects(doc[1])
    [pardon]
    """
    out: list[Token] = []
    for first in (c for c in verb.children if c.dep_ in ("dative", "dobj")):
        node = first
        for _ in range(2):  # through the first object's own apposition ("Safavian, a former official,")
            nxt = next((a for a in node.children if a.dep_ == "appos" and a.pos_ == "NOUN"), None)
            if nxt is None:
                break
            out.append(nxt)
            node = nxt
    return out


def object_predicate(verb: Token) -> Token | None:
    """The predicate a verb puts on its object ("called the deal *a disaster*"), or None.

    Rule: an adjective in quotes right after the object is its predicate, though the parser
    hangs it on the object ("called May's deal "lousy""): an adjective after its noun is no
    attribute in English.

    Examples
    --------
    >>> import spacy
    >>> from spacy.tokens import Doc
    >>> doc = Doc(spacy.blank("en").vocab, words=["Watson", "called", "the", "deal", '"', "lousy", '"'],
    ...           pos=["PROPN", "VERB", "DET", "NOUN", "PUNCT", "ADJ", "PUNCT"],
    ...           deps=["nsubj", "ROOT", "det", "dobj", "punct", "amod", "punct"], heads=[1, 1, 3, 1, 5, 3, 3])
    >>> object_predicate(doc[1])
    lousy
    """
    pred = next((c for c in verb.children if c.dep_ == "oprd" and c.pos_ in ("NOUN", "PROPN", "ADJ")), None)
    obj = child(verb, "dobj")
    if pred is not None or obj is None:
        return pred if pred is not None and obj is not None and obj.i < pred.i else None
    return next((a for a in obj.children if a.dep_ == "amod" and a.pos_ == "ADJ" and a.i > obj.i
                 and a.i > 0 and verb.doc[a.i - 1].is_quote), None)


def light_verb(noun: Token, light: frozenset[str]) -> Token | None:
    """Rule: light verb: a noun trigger as the object of "hold", "carry out", "launch", "sign";
    also when it modifies that object ("launched a mediation effort", "held peace talks")."""
    if noun.dep_ == "compound" and noun.head.pos_ == "NOUN" and noun.head.i > noun.i:
        noun = noun.head
    if noun.dep_ in ("dobj", "nsubjpass", "attr") and noun.head.pos_ in ("VERB", "AUX") \
            and (noun.head.lemma_ in light or noun.head.lower_ in light):  # (a misread form: "staged")
        return noun.head
    if noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.head.lemma_ in light \
            and noun.head.lower_ not in WORDS.frame_preps:  # not "announced it despite criticism"
        return noun.head.head
    return None


def between(tok: Token, max_depth: int = 4) -> list[Token]:
    """Rule: "between A and B" in the trigger's complement."""
    frontier = [(tok, 0)]
    while frontier:
        node, depth = frontier.pop(0)
        for c in node.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                continue
            if c.dep_ == "prep" and c.lower_ == "between":
                objs = pobjs(c)
                if objs:
                    return with_conjuncts(objs[0])
            if depth < max_depth:
                frontier.append((c, depth + 1))
    return []


def prep_targets(head: Token, preps: Iterable[str]) -> list[Token]:
    """Rule: prepositional object: the objects of ``head``'s prepositions ``preps`` ("talks with X")."""
    wanted = set(preps) - {"between"}
    out = []
    for c in head.children:
        if c.dep_ in ("prep", "dative") and c.lower_ in wanted:
            out.extend(pobjs(c))
    return out


def is_condition(clause: Token, marks: Iterable[str] = WORDS.condition_marks) -> bool:
    """Is ``clause`` an adverbial clause introduced by one of ``marks`` ("unless X arranges")?"""
    return clause.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in marks for m in clause.children)


def has_unless(nodes: list[Token]) -> bool:
    """Does a condition with "unless" hang on the clause ("will withdraw ... unless X arranges")?"""
    return any(is_condition(c, ("unless",)) for n in nodes for c in n.children)


def condition_subjects(tok: Token, max_depth: int = 3) -> list[Token]:
    """Subjects of "if"/"unless" clauses under the trigger."""
    out: list[Token] = []
    frontier = [(tok, 0)]
    while frontier:
        node, depth = frontier.pop()
        for c in node.children:
            if is_condition(c):
                out.extend(x for x in c.children if x.dep_ in ("nsubj", "nsubjpass"))
            elif depth < max_depth and c.dep_ in ("xcomp", "ccomp", "dobj", "prep", "pobj", "advcl"):
                frontier.append((c, depth + 1))
    return out


def complement_targets(verb: Token) -> list[Token]:
    """Objects and prepositional objects of the clause a verb governs ("agreed to lift X on Y")."""
    out: list[Token] = []
    for comp in verb.children:
        if comp.dep_ not in ("xcomp", "ccomp") or comp.pos_ not in ("VERB", "AUX"):
            continue
        has_object = any(c.dep_ == "dobj" for c in comp.children)
        for c in comp.children:
            if c.dep_ in ("dobj", "dative") and c.pos_ != "ADP":
                out.append(c)
            elif c.dep_ in ("prep", "dative") and c.lower_ in WORDS.complement_preps \
                    and not (has_object and c.lower_ == "in"):
                # ("refused to meet King Abdullah in Tel Aviv": beside an object, "in" is where)
                out.extend(pobjs(c))
        for c in comp.children:
            if c.dep_ == "dobj":
                for p in c.children:
                    if p.dep_ == "prep" and p.lower_ in WORDS.complement_preps and p.lower_ != "in":
                        out.extend(pobjs(p))
    return out


def purpose_targets(tok: Token) -> list[Token]:
    """What a purpose clause objects to: "to protest (against) X", "to show disapproval for X"."""
    out: list[Token] = []
    for clause in tok.children:
        if clause.dep_ not in ("advcl", "xcomp") or not any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children):
            continue
        objects = [c for c in clause.children if c.dep_ == "dobj"]
        if clause.lemma_.lower() in WORDS.objection_verbs:
            out.extend(objects)
            out.extend(o for c in clause.children if c.dep_ == "prep" and c.lower_ in WORDS.objection_verb_preps
                       for o in pobjs(c))
        else:  # "show / express their disapproval for X"
            out.extend(o for n in objects if n.lemma_.lower() in WORDS.objection_nouns for c in n.children
                       if c.dep_ == "prep" and c.lower_ in WORDS.objection_noun_preps
                       for o in pobjs(c))
    return out


def demand_object(clause: Token) -> Token | None:
    """The noun object a "that" clause spells out when the parser hung the clause on the verb.

    "reiterated its demand today that Israel ease ...": "ease" is a ``ccomp`` of
    "reiterated", and "demand", the verb's object before it, is what the clause spells out.
    """
    if clause.dep_ != "ccomp" or not any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children):
        return None
    return next((c for c in clause.head.children if c.dep_ == "dobj" and c.pos_ == "NOUN" and c.i < clause.i), None)


def place_objects(head: Token, preps: frozenset[str] = WORDS.place_preps) -> list[Token]:
    """Objects of the place prepositions on ``head``, through "outside of", "south of"."""
    out = []
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ in preps:
            out += pobjs(prep) or [o for c in prep.children if c.dep_ == "prep" and c.lower_ == "of" for o in pobjs(c)]
    return out


# ----------------------------------------------------------------------------- mentions of tokens


def mentions_of(tokens: list[Token], tok_mention: dict[int, int], by_id: dict[int, Mention],
                *, descend: str, conjuncts: bool = True) -> list[tuple[int, float]]:
    """Map argument tokens to (mention id, confidence), with conjuncts, appositions and owners.

    ``descend`` says how far a token that is not itself a mention may lead to one:
    ``none``, ``owner`` (possessor or modifier: "Taiwan's minister", "Hungarian officials")
    or ``all`` (also places and "by" actors: "targets across Iran", "an offer by Putin").
    """
    out: dict[int, float] = {}
    for tok in tokens:
        for conj in with_conjuncts(tok) if conjuncts else [tok]:
            for mid, conf in _token_mentions(conj, tok_mention, by_id, descend):
                out.setdefault(mid, conf)
    return sorted(out.items())


def _token_mentions(tok: Token, tok_mention: dict[int, int], by_id: dict[int, Mention],
                    descend: str) -> list[tuple[int, float]]:
    if tok.i in tok_mention:
        m = by_id[tok_mention[tok.i]]
        return [(m.id, 0.9 if m.kind in ("pronoun", "nominal", "pair") else 1.0)]
    # Rule: apposition: "Israeli Prime Minister Benjamin Netanyahu" (name as appos of the title).
    for c in tok.children:
        if c.dep_ == "appos" and c.i in tok_mention:
            out = [(tok_mention[c.i], 1.0)]
            out += [(tok_mention[x.i], 1.0) for x in c.conjuncts if x.i in tok_mention]
            return out
    partitive = tok.lemma_.lower() in WORDS.partitive
    if tok.pos_ not in ("NOUN", "PROPN") and not (partitive and tok.pos_ in ("PRON", "DET", "NUM")):
        return []
    # Rule: a part stands for its whole: "members of the European Union", "the government of Hadi",
    # "both of them".
    if partitive:
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                found = [(tok_mention[x.i], 0.8) for o in pobjs(c) for x in with_conjuncts(o) if x.i in tok_mention]
                if not found:  # "a group of Chechen refugees": the whole's own modifier
                    found = [(mid, 0.8 * conf) for o in pobjs(c) if o.pos_ == "NOUN"
                             for mid, conf in _token_mentions(o, tok_mention, by_id, "owner")]
                if found:
                    return found
    if descend == "none":
        return []
    # Rule: owner of a non-entity: "Israel's attacks", "Ukrainian cities", "Hungarian and Romanian officials".
    for c in tok.children:
        if c.dep_ in ("poss", "amod", "compound", "nmod") and c.i in tok_mention:
            return [(tok_mention[x.i], 0.9) for x in with_conjuncts(c) if x.i in tok_mention]
    if descend != "all":
        return []
    # Rule: examples stand for their class: "allies such as Germany".
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "as" and any(x.lower_ == "such" for x in [*c.children, *tok.children]):
            found = [(tok_mention[x.i], 0.8) for o in pobjs(c) for x in with_conjuncts(o) if x.i in tok_mention]
            if found:
                return found
    # Rule: place of a non-entity object: "targets across Iran", "the government of Iran".
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in WORDS.descend_preps:
            for o in pobjs(c):
                if o.i in tok_mention:
                    return [(tok_mention[o.i], 0.8)]
    # Rule: the actor of an object that is itself an act ("an offer by Putin", "calls by
    # Belarus's rulers", "an offer from Afghanistan").
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in WORDS.actor_preps:
            for o in pobjs(c):
                found = _token_mentions(o, tok_mention, by_id, "owner")
                if found:
                    return [(mid, conf * 0.9) for mid, conf in found]
    return []
