"""Events: lexicon triggers matched with spaCy's PhraseMatcher, arguments by grammar rule.

The lexicon (``kg/stages/events/data/events.toml``, or a user's own file) maps verb and noun lemmas to
PLOVER categories. Lemmas are matched with a PhraseMatcher on the LEMMA attribute (a hash
look-up per token, cheap beside the parse); an entry's structural condition (a required
object, particle, compound or modal complement) is checked on the trigger's dependents. Arguments come from the
dependency structure by the rules below, each named in a one-line comment:
active and passive voice, prepositional objects, possessives, light verbs ("carried out
airstrikes"), "between A and B", control ("Russia used drones to carry out strikes"),
conjunctions (one event per agent-target pair) and appositions.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from kg.errors import KGError
from kg.records import PLOVER_CATEGORIES, DateValue, EventMention, Mention
from kg.world import geo

__all__ = ["Trigger", "Lexicon", "find_events"]

COOPERATIVE = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID", "RETREAT", "CONCEDE"})
_DIALOGUE = frozenset({"AGREE", "REQUEST", "THREATEN", "REJECT"})
_INTENT = frozenset({"AGREE", "REQUEST", "THREATEN", "REJECT", "SUPPORT", "CONCEDE"})
_PARTITIVE = frozenset({"member", "leader", "official", "minister", "representative", "part", "some",
                        "head", "spokesman", "spokeswoman", "spokesperson", "delegation", "envoy", "troop",
                        "force", "government", "army", "ministry", "parliament",
                        # quantities: "thousands of Iraqi Kurds", "a group of Chechen refugees"
                        "thousand", "hundred", "ten", "dozen", "score", "million", "group", "number",
                        "crowd"})
_REACTIONS = frozenset({"ACCUSE", "REJECT", "PROTEST", "SUPPORT", "REQUEST", "SANCTION"})
_ATTACK_NOUNS = frozenset({"operation", "offensive", "attack", "invasion", "strike", "airstrike", "incursion",
                           "bombing", "raid", "campaign", "assault", "shelling", "annexation"})
_MATERIAL_CONFLICT = frozenset({"SANCTION", "COERCE", "ASSAULT"})
_VERBAL_COOPERATION = frozenset({"AGREE", "CONSULT", "SUPPORT"})
_INTENT_GOVERNORS = frozenset({"REQUEST", "THREATEN", "AGREE", "REJECT"})
_MUTUAL = frozenset({"AGREE", "CONSULT", "COOPERATE", "SUPPORT", "ASSAULT"})
#: categories whose target, when the text names none, is the state (PLOVER's convention)
_IMPLIED_STATE = frozenset({"PROTEST"})
#: subjects that name how an attack was made, not who made it
_UNNAMED_ATTACKERS = frozenset({"bombing", "bomb", "explosion", "blast", "device", "mine", "minefield", "shell",
                                "rocket", "missile", "grenade", "ied", "attack", "shelling", "gunfire",
                                "landmine", "explosive"})
_PART_WORDS = frozenset({"part", "some", "all", "most", "half", "rest", "portion", "much", "many",
                         # measures and kinds: "5.1 million dollars of aid", "a new round of talks"
                         "dollar", "euro", "pound", "ton", "tonne", "million", "billion", "amount",
                         "package", "shipment", "consignment", "round", "series", "kind", "type", "form"})
_STANCE_NOUNS = frozenset({"protest", "defiance", "opposition", "condemnation"})
#: a protest's purpose: "to protest X", "to show their disapproval for X"
_OBJECTION_VERBS = frozenset({"protest", "denounce", "condemn", "oppose", "decry", "criticize", "criticise"})
_OBJECTION_NOUNS = _STANCE_NOUNS | {"disapproval", "anger", "outrage", "displeasure", "discontent", "dissatisfaction"}
#: heads under which an attack is prepared, not made ("prepared to resume shelling")
_PREPARING = frozenset({"prepare", "ready", "mobilize", "mobilise", "gear", "poise"})
_POSSESSIVES = frozenset({"their", "its", "his", "our", "my"})
_INNER_PREPS = frozenset({"with", "against", "on", "from", "toward", "towards"})
_PLACE_PREPS = frozenset({"in", "at", "throughout", "across", "outside", "around", "near", "inside"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_COMPLEMENT_PREPS = frozenset({"to", "with", "on", "against", "for", "from", "into", "in"})
_HYPOTHETICAL_AUX = frozenset({"would", "could", "might", "may", "should", "can", "'d"})
_FUTURE_AUX = frozenset({"will", "shall", "'ll"})
_FUTURE_HEADS = frozenset({"plan", "intend", "expect", "hope", "want", "seek", "prepare", "aim",
                           "offer", "propose", "agree", "promise", "pledge", "vow", "threaten",
                           "ready", "willing", "open", "try", "attempt", "help", "wish", "urge",
                           "ask", "call", "invite", "readiness", "willingness", "offer", "able"})
_REPORT_VERBS = frozenset({"say", "tell", "claim", "report", "state", "announce", "allege",
                           "add", "insist", "suggest", "indicate", "believe", "think", "write"})
_DATE_PREPS = frozenset({"on", "in", "since", "during", "at", "by", "from", "until", "before",
                         "after", "as", "of", "through", "throughout", "around"})
_DESCEND_PREPS = frozenset({"of", "in", "across", "near", "inside", "throughout", "within", "over"})
_CONTROL_DEPS = frozenset({"xcomp", "advcl", "conj", "pcomp", "acl", "ccomp"})


@dataclass(frozen=True)
class Trigger:
    """One lexicon entry for one part of speech."""

    category: str
    pos: str  # "VERB" or "NOUN"
    lemmas: tuple[str, ...]
    objects: tuple[str, ...] = ()
    particle: tuple[str, ...] = ()
    compound: str | None = None  # for multiword nouns: the modifier ("phone" in "phone call")
    complement_aux: tuple[str, ...] = ()  # fire only with a clause complement using these modals
    preps: tuple[str, ...] = ()
    symmetric: bool = False
    indirect: bool = False
    between: bool = False
    confidence: float = 0.7

    @property
    def specificity(self) -> int:
        return 1 + bool(self.objects) + bool(self.particle) + bool(self.compound) + bool(self.complement_aux)


@dataclass
class Lexicon:
    """Event triggers and light verbs, loaded from TOML.

    Examples
    --------
    >>> lex = Lexicon.load()
    >>> sorted({t.category for t in lex.triggers}) == sorted(PLOVER_CATEGORIES)
    True
    """

    triggers: list[Trigger]
    light_verbs: frozenset[str]
    _matchers: dict[int, tuple] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, path: str | Path | None = None) -> Lexicon:
        if path is None:
            return _default_lexicon()
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise KGError("E106", path=path, line="?", detail=f"cannot read lexicon ({exc})") from None
        return cls.from_dict(data, source=str(path))

    @classmethod
    def from_dict(cls, data: dict, *, source: str = "lexicon") -> Lexicon:
        triggers: list[Trigger] = []
        for n, entry in enumerate(data.get("trigger", []), 1):
            category = str(entry.get("category", "")).upper()
            if category not in PLOVER_CATEGORIES:
                raise KGError("E106", path=source, line=f"trigger {n}", detail=f"unknown PLOVER category {category!r}")
            common = dict(
                category=category,
                objects=tuple(entry.get("objects", ())),
                particle=tuple(entry.get("particle", ())),
                complement_aux=tuple(entry.get("complement_aux", ())),
                preps=tuple(entry.get("preps", ())),
                symmetric=bool(entry.get("symmetric", False)),
                indirect=bool(entry.get("indirect", False)),
                between=bool(entry.get("between", False)),
                confidence=float(entry.get("confidence", 0.7)),
            )
            if entry.get("verbs"):
                triggers.append(Trigger(pos="VERB", lemmas=tuple(entry["verbs"]), **common))
            if entry.get("adjectives"):
                triggers.append(Trigger(pos="ADJ", lemmas=tuple(entry["adjectives"]),
                                        **{**common, "objects": (), "particle": (), "complement_aux": ()}))
            single = tuple(w for w in entry.get("nouns", ()) if " " not in w)
            if single:
                triggers.append(Trigger(pos="NOUN", lemmas=single, **{**common, "objects": (), "particle": (),
                                                                     "complement_aux": ()}))
            for phrase in (w for w in entry.get("nouns", ()) if " " in w):
                *mods, head = phrase.split()
                triggers.append(Trigger(pos="NOUN", lemmas=(head,), compound=mods[-1],
                                        **{**common, "objects": (), "particle": (), "complement_aux": ()}))
        light = frozenset(data.get("light_verbs", {}).get("lemmas", ()))
        return cls(triggers=triggers, light_verbs=light)

    def _compile(self, vocab: Vocab) -> tuple[PhraseMatcher, dict[tuple[str, str], list[int]]]:
        """A PhraseMatcher on lemmas for ``vocab`` (built once) and the entries of each (pos, lemma)."""
        key = id(vocab)
        if key not in self._matchers:
            words = PhraseMatcher(vocab, attr="LEMMA")
            by_lemma: dict[tuple[str, str], list[int]] = {}
            for n, trig in enumerate(self.triggers):
                for lemma in trig.lemmas:
                    by_lemma.setdefault((trig.pos, lemma), []).append(n)
            for pos_lemma in sorted(by_lemma):
                words.add("|".join(pos_lemma), [Doc(vocab, words=[pos_lemma[1]], lemmas=[pos_lemma[1]])])
            self._matchers[key] = (words, by_lemma)
        return self._matchers[key]

    def matches(self, doc: Doc) -> list[tuple[int, list[int]]]:
        """(trigger index, token indices) for every trigger match in ``doc``, the trigger token first.

        Lemmas are found with spaCy's PhraseMatcher (one hash look-up per token); an entry's
        structural condition (an object, a particle, a compound, a modal complement) is then
        checked on the trigger's dependents.
        """
        words, by_lemma = self._compile(doc.vocab)
        out: list[tuple[int, list[int]]] = []
        for match_id, start, _ in words(doc):
            tok = doc[start]
            pos = ("VERB" if tok.pos_ == "VERB" else "NOUN" if tok.pos_ in ("NOUN", "PROPN")
                   else "ADJ" if tok.pos_ == "ADJ" and tok.dep_ in ("acomp", "ROOT", "amod") else None)
            _, lemma = doc.vocab.strings[match_id].split("|", 1)
            if pos == "VERB" and tok.tag_ == "VBN" and ("ADJ", tok.lower_) in by_lemma \
                    and any(c.dep_ == "auxpass" for c in tok.children) and not any(c.dep_ == "agent" for c in tok.children):
                pos, lemma = "ADJ", tok.lower_  # "Israel is opposed to ...": a predicate, not a passive
            for n in by_lemma.get((pos, lemma), ()):
                extra = _structure(self.triggers[n], tok)
                if extra is not None:
                    out.append((n, [start, *extra]))
        return out


def _structure(trig: Trigger, tok: Token) -> list[int] | None:
    """Token indices that satisfy the entry's structural condition, or None when it fails."""
    extra: list[int] = []
    if trig.objects:  # Rule: verb + object ("signed a pact"), also through a part or a measure
        # ("suspended part of an aid program", "gave 5.1 million dollars of aid")
        objs = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass", "attr")]
        objs += [o for c in objs if c.lemma_ in _PART_WORDS for p in c.children if p.dep_ == "prep" and p.lower_ == "of"
                 for o in _pobjs(p)]
        obj = next((c for c in objs if c.lemma_ in trig.objects), None)
        if obj is None:
            return None
        extra.append(obj.i)
    if trig.particle:  # Rule: phrasal verb ("called for", "pulled out")
        prt = next((c for c in tok.children if c.dep_ in ("prt", "prep") and c.lower_ in trig.particle), None)
        if prt is None:
            return None
        extra.append(prt.i)
    if trig.compound:  # Rule: multiword noun ("phone call")
        mod = next((c for c in tok.children if c.dep_ in ("compound", "amod", "nmod") and c.lower_ == trig.compound), None)
        if mod is None:
            return None
        extra.append(mod.i)
    if trig.complement_aux:  # Rule: statement that someone must act ("said Sudan must return")
        modal = next((a for c in tok.children if c.dep_ == "ccomp" for a in c.children
                      if a.dep_ == "aux" and a.lower_ in trig.complement_aux), None)
        if modal is None:
            return None
        extra.append(modal.i)
    return extra


@functools.cache
def _default_lexicon() -> Lexicon:
    text = resources.files("kg").joinpath("stages/events/data/events.toml").read_text(encoding="utf-8")
    return Lexicon.from_dict(tomllib.loads(text), source="kg/stages/events/data/events.toml")


# ----------------------------------------------------------------------------- arguments


def _child(tok: Token, *deps: str) -> Token | None:
    return next((c for c in tok.children if c.dep_ in deps), None)


def _pobjs(prep: Token) -> list[Token]:
    return [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]


def _subject(verb: Token, depth: int = 0) -> tuple[Token | None, str]:
    """The verb's acting subject and the rule that found it."""
    # Rule: active voice subject.
    subj = _child(verb, "nsubj")
    if subj is not None:
        if subj.tag_ in ("WDT", "WP") and verb.dep_ == "relcl":
            # Rule: relative clause ("Russia, which invaded Ukraine") -> the noun it modifies.
            return verb.head, "relcl"
        return subj, "nsubj"
    # Rule: passive voice, "by" agent.
    agent = _child(verb, "agent")
    if agent is not None:
        objs = _pobjs(agent)
        if objs:
            return objs[0], "passive-by"
    if _child(verb, "nsubjpass") is not None:
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
                subj, _ = _subject(anc, depth + 1)
                return subj, "participle"
        if head.pos_ in ("VERB", "AUX"):
            subj, _ = _subject(head, depth + 1)
            return subj, "control"
    return None, ""


def _light_verb(noun: Token, light: frozenset[str]) -> Token | None:
    """Rule: light verb: a noun trigger as the object of "hold", "carry out", "launch", "sign"."""
    if noun.dep_ in ("dobj", "nsubjpass", "attr") and noun.head.pos_ in ("VERB", "AUX") and noun.head.lemma_ in light:
        return noun.head
    if noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.head.lemma_ in light:
        return noun.head.head
    return None


def _between(tok: Token, max_depth: int = 4) -> list[Token]:
    """Rule: "between A and B" in the trigger's complement."""
    frontier = [(tok, 0)]
    while frontier:
        node, depth = frontier.pop(0)
        for c in node.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                continue
            if c.dep_ == "prep" and c.lower_ == "between":
                objs = _pobjs(c)
                if objs:
                    return _with_conjuncts(objs[0])
            if depth < max_depth:
                frontier.append((c, depth + 1))
    return []


def _with_conjuncts(tok: Token) -> list[Token]:
    return [tok, *tok.conjuncts] if tok.conjuncts else [tok]


def _prep_targets(head: Token, preps: Iterable[str]) -> list[Token]:
    wanted = set(preps) - {"between"}
    out = []
    for c in head.children:
        if c.dep_ in ("prep", "dative") and c.lower_ in wanted:
            out.extend(_pobjs(c))
    return out


# ----------------------------------------------------------------------------- dates and modality


def _date_phrase(tok: Token, date_ents: dict[int, Span]) -> str | None:
    span = date_ents.get(tok.i)
    if span is None:
        return None
    prep = span.root.head if span.root.dep_ == "pobj" else None
    if prep is not None and prep.dep_ == "prep" and prep.lower_ in _DATE_PREPS:
        return f"{prep.text} {span.text}"
    return span.text


def date_entities(doc: Doc) -> dict[int, Span]:
    """Token index -> the DATE entity it is part of (computed once per Doc)."""
    cached = doc.user_data.get("kg_date_ents")
    if cached is None:
        cached = doc.user_data["kg_date_ents"] = {t.i: ent for ent in doc.ents if ent.label_ == "DATE" for t in ent}
    return cached


def _date_of(node: Token, date_ents: dict[int, Span]) -> str | None:
    """A date phrase attached to ``node``: "on Saturday", "in January", "yesterday"."""
    for c in node.children:
        if c.dep_ == "prep" and c.lower_ in _DATE_PREPS:
            for o in _pobjs(c):
                if o.i in date_ents:
                    return _date_phrase(o, date_ents)
        elif c.dep_ in ("npadvmod", "tmod", "advmod", "obl", "nmod") and c.i in date_ents:
            return _date_phrase(c, date_ents)
    return None


def _event_date(nodes: list[Token], date_ents: dict[int, Span], *, nominal: bool = False) -> str | None:
    """Rule: the date attached to the trigger, else to the nearest clause above it.

    A noun trigger ("the conflict", "attacks") takes a date only from itself, its light verb
    or the clause it is an argument of, not from a reporting verb further up.
    """
    for node in nodes:
        phrase = _date_of(node, date_ents)
        if phrase:
            return phrase
    node = nodes[-1]
    for _ in range(1 if nominal else 6):
        if node.head.i == node.i:
            break
        # Rule: "on Saturday, when the two discussed" -> the relative clause's antecedent date.
        if node.dep_ == "relcl" and node.head.i in date_ents:
            return _date_phrase(node.head, date_ents)
        node = node.head
        phrase = _date_of(node, date_ents)
        if phrase:
            return phrase
    return None


def _is_condition(clause: Token, marks: tuple[str, ...] = ("if", "unless")) -> bool:
    """Is ``clause`` an adverbial clause introduced by one of ``marks`` ("unless X arranges")?"""
    return clause.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in marks for m in clause.children)


def _unless(nodes: list[Token]) -> bool:
    """Does a condition with "unless" hang on the clause ("will withdraw ... unless X arranges")?"""
    return any(_is_condition(c, ("unless",)) for n in nodes for c in n.children)


def _modality(nodes: list[Token], in_quote: bool) -> str:
    """asserted, negated, hypothetical, future or reported (first that applies)."""
    chain: list[Token] = []
    for node in nodes:
        chain.append(node)
    head = nodes[-1]
    for _ in range(3):  # clauses this one is an infinitive complement of
        if head.dep_ == "xcomp" or (head.dep_ in ("advcl", "acl") and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in head.children)):
            head = head.head
            chain.append(head)
        else:
            break
    if any(c.dep_ == "neg" for n in chain for c in n.children) or any(n.lemma_ == "fail" for n in chain[len(nodes):]):
        return "negated"  # "did not sign", "failed to reach agreement"
    if any(c.dep_ in ("aux", "auxpass") and c.lower_ in _HYPOTHETICAL_AUX for n in nodes for c in n.children):
        return "hypothetical"
    if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for n in chain for c in n.children):
        return "hypothetical"
    if any(c.dep_ in ("aux", "auxpass") and c.lower_ in _FUTURE_AUX for n in nodes for c in n.children):
        return "future"
    if len(chain) > len(nodes) and any(n.lemma_ in _FUTURE_HEADS for n in chain[len(nodes):]):
        return "future"
    top = chain[-1]
    if top.dep_ == "ccomp" and top.head.lemma_ in _REPORT_VERBS:
        return "reported"
    if in_quote:
        return "reported"
    return "asserted"


# ----------------------------------------------------------------------------- extractor


@dataclass
class _Args:
    agents: list[Token]
    targets: list[Token]  # prepositional objects, datives, passive subjects
    rule: str
    symmetric: bool = False
    objects: list[Token] = field(default_factory=list)  # direct objects


def _args(trig: Trigger, tok: Token, light: frozenset[str]) -> tuple[_Args, list[Token]]:
    """Agents and targets of one trigger token, and the clause tokens (for date and modality)."""
    clause = [tok]
    agents: list[Token] = []
    targets: list[Token] = []
    objects: list[Token] = []
    symmetric = trig.symmetric
    rule = ""
    if trig.pos == "ADJ":
        # Rule: a predicate of intent ("Syria is willing to withdraw from Lebanon", "Israel is
        # opposed to French mediation"): the copula's subject acts; targets come from the
        # adjective's complement.
        cop = tok.head if tok.dep_ == "acomp" else tok
        clause.append(cop)
        subj, rule = _subject(cop)
        subj = subj if subj is not None else _child(tok, "nsubjpass")
        if subj is not None:
            agents.append(subj)
        targets.extend(_prep_targets(tok, trig.preps))
        targets.extend(_complement_targets(tok))
        return _Args(agents, targets, "adjective:" + (rule or "nsubj"), symmetric, objects), clause
    if trig.pos == "VERB":
        subj, rule = _subject(tok)
        if subj is not None:
            agents.append(subj)
        passive_subj = _child(tok, "nsubjpass")
        if passive_subj is not None and not trig.objects:
            targets.append(passive_subj)  # Rule: passive voice: the subject is the target.
        if not trig.objects:
            obj = _child(tok, "dobj")
            if obj is not None:
                objects.append(obj)  # Rule: direct object.
            dative = _child(tok, "dative")
            if dative is not None and dative.pos_ != "ADP":
                targets.append(dative)  # Rule: "provided Moscow with drones", "offered Iran support".
        else:
            obj = _child(tok, "dobj", "nsubjpass", "attr")
            if obj is not None:
                clause.append(obj)
                targets.extend(_prep_targets(obj, trig.preps))  # Rule: "signed a pact with X".
                if trig.indirect:  # Rule: the object's owner: "welcomed Iran's decision" -> Iran
                    targets.extend(c for c in obj.children if c.dep_ == "poss")
            dative = _child(tok, "dative")
            if dative is not None and dative.pos_ != "ADP":
                targets.append(dative)  # Rule: "gave Tanzania a grant".
        targets.extend(_prep_targets(tok, trig.preps))  # Rule: prepositional object.
        if trig.particle:
            for c in tok.children:
                if c.lower_ in trig.particle and c.dep_ == "prep":
                    targets.extend(_pobjs(c))  # Rule: "called on X".
    else:
        # Rule: possessive or compound name as the actor ("Russia's invasion", "Israeli strikes").
        for c in tok.children:
            if c.dep_ in ("poss", "compound", "amod", "nmod") and c.i < tok.i and c.lower_ != (trig.compound or ""):
                agents.append(c)
        # Rule: "by" phrase ("an offer by Vladimir Putin").
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "by":
                agents.extend(_pobjs(c))
        verb = _light_verb(tok, light)
        if verb is not None:
            clause.append(verb)
            subj, rule = _subject(verb)
            if subj is not None:
                agents.insert(0, subj)
            targets.extend(_prep_targets(verb, trig.preps))
        elif tok.dep_ in ("nsubj",) and tok.head.lemma_ in ("take", "happen", "occur") :
            clause.append(tok.head)  # "the call took place on Saturday"
        if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lemma_ in ("target", "victim", "subject") \
                and tok.head.head.dep_ == "attr":
            # Rule: "Abqaiq was the target of an Al-Qaeda attack" -> the copula's subject is the target.
            cop = tok.head.head.head
            clause.append(cop)
            targets.extend(c for c in cop.children if c.dep_ == "nsubj")
        targets.extend(_prep_targets(tok, trig.preps))
        rule = "nominal" + ("+light-verb" if verb is not None else "")
    return _Args(agents, targets, rule or "nsubj", symmetric, objects), clause


def find_events(
    doc: Doc,
    mentions: list[Mention],
    tok_mention: dict[int, int],
    *,
    lexicon: Lexicon | None = None,
    resolve_date: Callable[[str, bool], DateValue | None] | None = None,
    in_quote: Callable[[int], bool] | None = None,
    quote_speaker: Callable[[int], int | None] | None = None,
    quote_span: Callable[[int], tuple[int, int] | None] | None = None,
) -> list[EventMention]:
    """Events in ``doc`` whose agent and target are both entity mentions.

    Parameters
    ----------
    doc : Doc
        A parsed spaCy document.
    mentions, tok_mention
        The document's mentions and the map token index -> mention id.
    lexicon : Lexicon, optional
        Triggers to match (kg's own lexicon by default).
    resolve_date : callable, optional
        ``resolve_date(phrase, trigger token index)`` -> :class:`DateValue`; without it events
        carry no date.
    in_quote : callable, optional
        Token index -> is it inside a quotation.
    quote_speaker : callable, optional
        Token index -> mention id of the speaker of the quotation it stands in.
    quote_span : callable, optional
        Token index -> the (start, end) token range of the quotation it stands in.

    Examples
    --------
    >>> from kg.stages.nlp import load_model
    >>> from kg.stages.extract.mentions import find_mentions, token_mentions
    >>> doc = load_model()("Israel carried out airstrikes on Iran.")
    >>> ms = find_mentions(doc)
    >>> [(e.category, ms[e.agents[0]].text, ms[e.targets[0]].text) for e in find_events(doc, ms, token_mentions(doc, ms))]
    [('ASSAULT', 'Israel', 'Iran')]
    """
    if not doc.has_annotation("DEP"):
        return []  # no parse, no arguments
    lexicon = lexicon or Lexicon.load()
    in_quote = in_quote or (lambda i: False)
    by_id = {m.id: m for m in mentions}
    date_ents = date_entities(doc)
    best: dict[int, tuple[int, Trigger, list[int]]] = {}
    for n, token_ids in lexicon.matches(doc):
        trig = lexicon.triggers[n]
        t = token_ids[0]
        if t in tok_mention and by_id[tok_mention[t]].kind == "name":
            continue  # a trigger word inside a name ("Attack on Titan", "Supreme Court")
        if t not in best or trig.specificity > best[t][0]:
            best[t] = (trig.specificity, trig, token_ids)
    # First pass: arguments of every trigger.
    readings: dict[int, tuple[Trigger, list[int], _Args, list[Token], list, list]] = {}
    for t in sorted(best):
        _, trig, token_ids = best[t]
        tok = doc[t]
        args, clause = _args(trig, tok, lexicon.light_verbs)
        agents = _to_mentions(args.agents, tok_mention, by_id, descend="owner",
                              conjuncts=args.rule != "adjacent-name")
        # Rule: "the two discussed" -> the pair is both agent and target of a mutual event.
        if trig.symmetric and len(agents) == 1 and by_id[agents[0][0]].kind == "pair":
            targets = list(agents)
        else:
            targets = _to_mentions(args.objects, tok_mention, by_id,
                                   descend="all" if trig.indirect or trig.pos == "NOUN" else "none")
            targets += [m for m in _to_mentions(args.targets, tok_mention, by_id, descend="all") if m not in targets]
        if not targets and trig.pos == "VERB" and (trig.category in ("REQUEST", "ACCUSE") or trig.complement_aux):
            # Rule: a demand's target is the subject of what is demanded ("demanded that the US cancel");
            # an allegation's, the subject of what is alleged ("alleged Mahan had contributed to ...").
            comp = [c for c in tok.children if c.dep_ == "ccomp"]
            targets = _to_mentions([x for c in comp for x in c.children if x.dep_ in ("nsubj", "nsubjpass")],
                                   tok_mention, by_id, descend="all")
        if not targets and trig.pos == "NOUN" and trig.category == "REQUEST":
            # Rule: a demand noun's target is the subject of the "that" clause spelling it out
            # ("reiterated its demand that Israel ease restrictions"), on the noun or, as the
            # parser may hang it, on the verb the noun is the object of.
            comp = [c for c in tok.children if c.dep_ in ("acl", "ccomp")
                    and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)]
            comp += [c for c in tok.head.children if tok.dep_ == "dobj" and (d := _demand_object(c)) is not None and d.i == tok.i]
            targets = _to_mentions([x for c in comp for x in c.children if x.dep_ in ("nsubj", "nsubjpass")],
                                   tok_mention, by_id, descend="all")
        if not targets and trig.category in ("THREATEN", "REQUEST"):
            # Rule: the condition names the target: "threatened to stop talks if the United
            # States goes ahead", "... unless Baghdad accepted its conditions".
            targets = _to_mentions(_condition_subjects(tok), tok_mention, by_id, descend="all")
        if not targets and trig.pos == "VERB" and trig.category in _INTENT:
            # Rule: an intention's target is in its complement ("agreed to lift embargoes on Iran").
            targets = _to_mentions(_complement_targets(tok), tok_mention, by_id, descend="all")
        if not targets and agents and trig.category not in _VERBAL_COOPERATION | {"AID", "COOPERATE"}:
            # Rule: the target is named by what the act is about: "a suspension of air links with
            # Serbia", "mobilized reservists for a war against Iraq", "withdrawal of forces from Panama"
            # (not for giving and cooperating, where "with" is what is given: "provided airstrikes with").
            inner = [*args.objects, *(o for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "for")
                                      for o in _pobjs(c))]
            targets = _to_mentions([o for x in inner for c in x.children
                                    if c.dep_ == "prep" and c.lower_ in _INNER_PREPS for o in _pobjs(c)],
                                   tok_mention, by_id, descend="owner")
        if not targets and trig.pos == "VERB":
            # Rule: "kidnapped up to 16 Russian advisers": the parser hangs the object on "up to".
            targets = _to_mentions([o for c in tok.children if c.dep_ == "prt" and c.lower_ == "up"
                                    for p in c.children if p.dep_ == "prep" and p.lower_ == "to" for o in _pobjs(p)],
                                   tok_mention, by_id, descend="owner")
        if not targets and agents and trig.category in ("PROTEST", "ACCUSE", "REJECT", "SANCTION"):
            # Rule: "in protest of / in defiance of X" names the target of a protest-like act
            # ("continued a hunger strike in protest of the Russian government's refusal").
            heads = [tok, *(c for c in tok.children if c.dep_ == "dobj")]
            stance = [o for h in heads for c in h.children if c.dep_ == "prep" and c.lower_ == "in"
                      for o in _pobjs(c) if o.lemma_.lower() in _STANCE_NOUNS]
            targets = _to_mentions([x for o in stance for c in o.children if c.dep_ == "prep"
                                    and c.lower_ in ("of", "against", "at", "over") for x in _pobjs(c)],
                                   tok_mention, by_id, descend="owner")
        if not targets and agents and trig.category == "PROTEST":
            # Rule: a protest's purpose names its target: "blocked a road to show their
            # disapproval for the United States' policies", "... to protest against X".
            targets = _to_mentions(_purpose_targets(tok), tok_mention, by_id, descend="owner")
        if not targets and len(agents) == 1 and (trig.symmetric or trig.category in _MUTUAL) and args.agents:
            # Rule: a joint subject the parser buried ("US President Trump and Turkish President
            # Erdogan spoke"): other names joined by "and" inside the subject phrase.
            subj = args.agents[0]
            if any(t.lower_ == "and" for t in subj.subtree):
                extra = [(tok_mention[t.i], 1.0) for t in subj.subtree if t.i in tok_mention
                         and by_id[tok_mention[t.i]].kind == "name" and by_id[tok_mention[t.i]].label == "PERSON"
                         and not any(a.dep_ == "prep" for a in t.ancestors if a.i > subj.left_edge.i and a in subj.subtree)]
                agents += [e for e in extra if e[0] not in {a for a, _ in agents}]
        if not targets and len(agents) >= 2 and (trig.pos == "VERB" or "light-verb" in args.rule) \
                and (trig.symmetric or trig.category in _MUTUAL):
            # Rule: a joint subject acts on itself: "Jordan and Britain agreed", "X and Y signed a treaty".
            agents, targets, args.symmetric = agents[:1], agents[1:], True
        if trig.between or "between" in trig.preps:
            pair = _to_mentions(_between(tok, 1 if trig.pos == "NOUN" else 4), tok_mention, by_id, descend="none")
            if pair and not agents and trig.pos == "NOUN":
                agents, targets, args.symmetric = pair[:1], pair[1:], True  # "talks between A and B"
            elif pair and agents:
                targets = targets + [p for p in pair if p not in targets]
        readings[t] = (trig, token_ids, args, clause, agents, targets)
    # Second pass: an event in the infinitive complement of another ("offered to help mediate",
    # "rejected an offer to meet") is part of it: it lends its targets and is not emitted alone.
    for t in list(readings):
        governor = _governing_trigger(doc[t], readings)
        if governor is not None:
            g = readings[governor]
            # a possessive in the complement is the actor's own ("blocked roads to press their demands")
            lent = [(mid, c) for mid, c in readings[t][5] if by_id[mid].text.lower() not in _POSSESSIVES]
            if not g[5]:
                readings[governor] = (*g[:5], lent)
            del readings[t]
    speakers = quote_speaker or (lambda i: None)
    out: list[EventMention] = []
    seen: set[tuple] = set()
    quote_dates: dict[tuple[int, int], DateValue] = {}
    last_attackers: list[tuple[int, float]] = []
    for t, (trig, token_ids, args, clause, agents, targets) in sorted(readings.items()):
        tok = doc[t]
        # Rule: reported dialogue: an offer or request in a quote with no target is made to the speaker.
        speaker = speakers(t)
        region = quote_span(t) if quote_span else None
        if not targets and speaker is not None and trig.category in _DIALOGUE and agents \
                and all(a != speaker for a, _ in agents) and region is not None \
                and any(doc[i].lower_ in ("i", "me", "we", "us") for i in range(*region)):  # a first-person quote
            targets = [(speaker, 0.8)]
        if not targets and last_attackers and trig.category in _REACTIONS:
            # Rule: event coreference: "the operation was condemned" -> whoever carried out the
            # last attack or offensive named before.
            acts = [x for x in [*args.objects, *args.targets] if x.lemma_.lower() in _ATTACK_NOUNS
                    and any(c.lower_ in ("the", "this", "that") for c in x.children)
                    and not any(c.i in tok_mention for c in x.children)]
            if acts:
                targets = [(a, conf * 0.8) for a, conf in last_attackers]
        if agents and targets and trig.category in ("ASSAULT", "MOBILIZE"):
            last_attackers = agents
        implied = False
        if not targets and agents and trig.category in _IMPLIED_STATE:
            # Rule (PLOVER): a protest that names no target is aimed at the state where it
            # happens ("Kurds demonstrated in Kirkuk"), else at the protesters' own state
            # ("Algerian landowners began a hunger strike").
            place = _place(tok, [*args.agents, *clause], tok_mention, by_id)
            if place is not None:
                targets = [(place, 0.8)]
            else:
                targets = [(a, 0.7) for a, _ in agents if by_id[a].country and by_id[a].kind != "name"]
            implied = bool(targets)
        implied_agent = False
        if not agents and targets and trig.category == "ASSAULT" and all(
                a.lemma_.lower() in _UNNAMED_ATTACKERS for a in args.agents):
            # Rule (PLOVER): an attack that names no attacker ("a roadside bombing near Samarra
            # killed a US soldier", "three servicemen were killed by a bomb in Basra") is by
            # unidentified attackers in the country where it happened.
            place = _place(tok, [*args.agents, *clause, *(o for c in tok.children if c.dep_ == "prep"
                                                          for o in _pobjs(c))], tok_mention, by_id)
            if place is not None and all(place != b for b, _ in targets):
                agents, implied_agent = [(place, 0.6)], True
        if not agents or not targets:
            continue
        modality = _modality(clause, in_quote(t))
        category = trig.category
        if category == "ASSAULT" and tok.lemma_ == "attack" and (
                any(o.ent_type_ not in ("DATE", "TIME") for c in tok.children
                    if c.dep_ == "prep" and c.lower_ == "for" for o in _pobjs(c))
                or all(by_id[a].label == "PERSON" for a, _ in agents) and all(by_id[b].label == "PERSON" for b, _ in targets)):
            # Rule: a verbal attack, one person on another or an attack "for" a reason ("Biden
            # attacked Trump for his record"), is an accusation; strikes "for the third day" are not
            category = "ACCUSE"
        if modality in ("future", "hypothetical") and category not in _VERBAL_COOPERATION and _unless(clause):
            category = "THREATEN"  # PLOVER: an act announced unless the other side complies is a threat
        elif modality in ("future", "hypothetical") and category in COOPERATIVE:
            category = "AGREE"  # PLOVER: cooperation reported in the future tense is AGREE
        elif modality in ("future", "hypothetical") and category == "ASSAULT" and _preparing(tok):
            category = "MOBILIZE"  # PLOVER: preparing to attack ("prepared to resume shelling") is mobilising
        elif modality in ("future", "hypothetical") and category in _MATERIAL_CONFLICT:
            category = "THREATEN"  # PLOVER: conflict announced for the future is a threat
        elif modality == "negated" and category in ("AGREE", "CONCEDE"):
            # PLOVER: "failed to reach agreement", "would not meet the demands" are rejections
            category, modality = "REJECT", "asserted"
        phrase = _event_date(clause, date_ents, nominal=trig.pos == "NOUN")
        date = resolve_date(phrase, t) if (phrase and resolve_date) else None
        if date is None and region is not None:
            # Rule: narrative time in a quote: "I spoke to him yesterday and he offered ..." -> yesterday.
            date = quote_dates.get(region)
        elif date is not None and region is not None:
            quote_dates[region] = date
        words = {tok, *(doc[i] for i in token_ids[1:] if not trig.complement_aux)}
        light = _light_verb(tok, lexicon.light_verbs) if trig.pos == "NOUN" else None
        if light is not None:  # "carried out airstrikes", "held talks"
            words |= {light, *(c for c in light.children if c.dep_ == "prt")}
        words = sorted(words, key=lambda w: w.i)
        trigger_text = " ".join(w.text for w in words)
        sent = tok.sent
        for a, a_conf in agents:
            for b, b_conf in targets:
                if a == b and by_id[a].kind != "pair" and not implied:
                    continue
                key = (category, a, b, t)
                if key in seen or (args.symmetric and (category, b, a, t) in seen):
                    continue
                seen.add(key)
                conf = trig.confidence * a_conf * b_conf * (0.9 if trig.pos == "NOUN" else 1.0)
                out.append(EventMention(
                    category=category, trigger=trigger_text,
                    trigger_start=words[0].idx, trigger_end=words[-1].idx + len(words[-1].text),
                    agents=(a,), targets=(b,), sentence=sent.text.strip(),
                    sent_start=sent.start_char + (len(sent.text) - len(sent.text.lstrip())),
                    sent_end=sent.start_char + len(sent.text.rstrip()),
                    date=date, modality=modality, extractor=f"lexicon:{trig.pos.lower()}:{args.rule}",
                    confidence=round(conf, 3), symmetric=args.symmetric, implied_target=implied,
                    implied_agent=implied_agent,
                ))
    return out


def _governing_trigger(tok: Token, readings: dict) -> int | None:
    """The trigger whose infinitive complement ``tok`` stands in, if any.

    Also the content of a demand, threat, offer or refusal ("demanded that Israel ease
    restrictions", "its demand that ..."): what is asked for has not happened.
    """
    node = tok
    if tok.pos_ == "NOUN" and tok.dep_ in ("dobj", "pobj", "nsubjpass") and tok.head.pos_ in ("VERB", "ADP"):
        node = tok.head if tok.head.pos_ == "VERB" else tok.head.head  # the verb the noun is an argument of
    for _ in range(3):
        infinitive = node.dep_ == "xcomp" or (node.dep_ in ("advcl", "acl") and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in node.children))
        content = node.dep_ in ("ccomp", "acl") and node.head.i in readings and \
            readings[node.head.i][0].category in _INTENT_GOVERNORS
        if not (infinitive or content):
            # "reiterated its demand that Israel ease ...": the clause hangs on the verb, after
            # the demand noun that is the verb's object
            noun = _demand_object(node)
            return noun.i if noun is not None and noun.i in readings and \
                readings[noun.i][0].category in _INTENT_GOVERNORS else None
        node = node.head
        if node.i in readings and node.i != tok.i:
            return node.i
        if node.dep_ == "dobj" and node.head.i in readings:
            return node.head.i
    return None


def _preparing(tok: Token) -> bool:
    """Whether an act is what someone prepares or gets ready for ("prepared to resume shelling")."""
    node = tok
    for _ in range(3):
        if node.dep_ not in ("xcomp", "advcl", "acl") or node.head.i == node.i:
            return False
        node = node.head
        if node.lemma_.lower() in _PREPARING:
            return True
    return False


def _purpose_targets(tok: Token) -> list[Token]:
    """What a purpose clause objects to: "to protest (against) X", "to show disapproval for X"."""
    out: list[Token] = []
    for clause in tok.children:
        if clause.dep_ not in ("advcl", "xcomp") or not any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children):
            continue
        objects = [c for c in clause.children if c.dep_ == "dobj"]
        if clause.lemma_.lower() in _OBJECTION_VERBS:
            out.extend(objects)
            out.extend(o for c in clause.children if c.dep_ == "prep" and c.lower_ in ("against", "at", "over")
                       for o in _pobjs(c))
        else:  # "show / express their disapproval for X"
            out.extend(o for n in objects if n.lemma_.lower() in _OBJECTION_NOUNS for c in n.children
                       if c.dep_ == "prep" and c.lower_ in ("of", "for", "at", "over", "against", "with")
                       for o in _pobjs(c))
    return out


def _demand_object(clause: Token) -> Token | None:
    """The noun object a "that" clause spells out when the parser hung the clause on the verb.

    "reiterated its demand today that Israel ease ...": "ease" is a ``ccomp`` of
    "reiterated", and "demand", the verb's object before it, is what the clause spells out.
    """
    if clause.dep_ != "ccomp" or not any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children):
        return None
    return next((c for c in clause.head.children if c.dep_ == "dobj" and c.pos_ == "NOUN" and c.i < clause.i), None)


def _condition_subjects(tok: Token, max_depth: int = 3) -> list[Token]:
    """Subjects of "if"/"unless" clauses under the trigger."""
    out: list[Token] = []
    frontier = [(tok, 0)]
    while frontier:
        node, depth = frontier.pop()
        for c in node.children:
            if _is_condition(c):
                out.extend(x for x in c.children if x.dep_ in ("nsubj", "nsubjpass"))
            elif depth < max_depth and c.dep_ in ("xcomp", "ccomp", "dobj", "prep", "pobj", "advcl"):
                frontier.append((c, depth + 1))
    return out


def _complement_targets(verb: Token) -> list[Token]:
    """Objects and prepositional objects of the clause a verb governs ("agreed to lift X on Y")."""
    out: list[Token] = []
    for comp in verb.children:
        if comp.dep_ not in ("xcomp", "ccomp") or comp.pos_ not in ("VERB", "AUX"):
            continue
        has_object = any(c.dep_ == "dobj" for c in comp.children)
        for c in comp.children:
            if c.dep_ in ("dobj", "dative") and c.pos_ != "ADP":
                out.append(c)
            elif c.dep_ in ("prep", "dative") and c.lower_ in _COMPLEMENT_PREPS and not (has_object and c.lower_ == "in"):
                # ("refused to meet King Abdullah in Tel Aviv": beside an object, "in" is where)
                out.extend(_pobjs(c))
            elif c.dep_ == "prt":
                continue
        for c in comp.children:
            if c.dep_ == "dobj":
                for p in c.children:
                    if p.dep_ == "prep" and p.lower_ in _COMPLEMENT_PREPS and p.lower_ != "in":
                        out.extend(_pobjs(p))
    return out


def _place(tok: Token, heads: list[Token], tok_mention: dict[int, int], by_id: dict[int, Mention]) -> int | None:
    """The named place an event happens in: "in Kirkuk", "throughout Indonesia", "Demonstrators in Baghdad".

    Looked for in the prepositions of the trigger, of its clause and of its agents.
    """
    for head in [tok, *heads]:
        for obj in _place_objects(head):
            mid = tok_mention.get(obj.i)
            if mid is None:  # "at this jail in northern Israel", "in the city of Kirkuk"
                mid = next((tok_mention[o.i] for o in _place_objects(obj, _PLACE_PREPS | {"of"})
                            if o.i in tok_mention), None)
            if mid is not None and by_id[mid].kind == "name" and (
                    by_id[mid].label in _PLACE_LABELS or geo.place_code(by_id[mid].text)):
                return mid
    return None


def _place_objects(head: Token, preps: frozenset[str] = _PLACE_PREPS) -> list[Token]:
    """Objects of the place prepositions on ``head``, through "outside of", "south of"."""
    out = []
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ in preps:
            out += _pobjs(prep) or [o for c in prep.children if c.dep_ == "prep" and c.lower_ == "of" for o in _pobjs(c)]
    return out


def _to_mentions(tokens: list[Token], tok_mention: dict[int, int], by_id: dict[int, Mention],
                 *, descend: str, conjuncts: bool = True) -> list[tuple[int, float]]:
    """Map argument tokens to mention ids, with conjuncts, appositions and owners.

    ``descend`` says how far a token that is not itself a mention may lead to one:
    ``none``, ``owner`` (possessor or modifier: "Taiwan's minister", "Hungarian officials")
    or ``all`` (also places and "by" actors: "targets across Iran", "an offer by Putin").
    """
    out: dict[int, float] = {}
    for tok in tokens:
        for conj in _with_conjuncts(tok) if conjuncts else [tok]:
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
    if tok.pos_ not in ("NOUN", "PROPN"):
        return []
    # Rule: a part stands for its whole: "members of the European Union", "the government of Hadi".
    if tok.lemma_.lower() in _PARTITIVE:
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                found = [(tok_mention[x.i], 0.8) for o in _pobjs(c) for x in _with_conjuncts(o) if x.i in tok_mention]
                if not found:  # "a group of Chechen refugees": the whole's own modifier
                    found = [(mid, 0.8 * conf) for o in _pobjs(c) if o.pos_ == "NOUN"
                             for mid, conf in _token_mentions(o, tok_mention, by_id, "owner")]
                if found:
                    return found
    if descend == "none":
        return []
    # Rule: owner of a non-entity: "Israel's attacks", "Ukrainian cities", "Hungarian and Romanian officials".
    for c in tok.children:
        if c.dep_ in ("poss", "amod", "compound", "nmod") and c.i in tok_mention:
            return [(tok_mention[x.i], 0.9) for x in _with_conjuncts(c) if x.i in tok_mention]
    if descend != "all":
        return []
    # Rule: examples stand for their class: "allies such as Germany".
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "as" and any(x.lower_ == "such" for x in [*c.children, *tok.children]):
            found = [(tok_mention[x.i], 0.8) for o in _pobjs(c) for x in _with_conjuncts(o) if x.i in tok_mention]
            if found:
                return found
    # Rule: place of a non-entity object: "targets across Iran", "the government of Iran".
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in _DESCEND_PREPS:
            for o in _pobjs(c):
                if o.i in tok_mention:
                    return [(tok_mention[o.i], 0.8)]
    # Rule: the actor of an object that is itself an act ("an offer by Putin", "calls by
    # Belarus's rulers", "an offer from Afghanistan").
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("by", "from"):
            for o in _pobjs(c):
                found = _token_mentions(o, tok_mention, by_id, "owner")
                if found:
                    return [(mid, conf * 0.9) for mid, conf in found]
    return []
