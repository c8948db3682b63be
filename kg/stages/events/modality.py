"""Modality of an event: question, asserted, negated, hypothetical, future or reported.

A question is asked, not stated: an event in a sentence that ends in a question mark ("What are
your views on the conflict between Armenia and Azerbaijan?"), or in a clause an asking verb
introduces with "whether" or "if" ("asked whether Iran had attacked"), is a question. Measured on
the 284 Wikinews articles before this rule: an interviewer's question repeated across interviews
was the corpus's top dyad, asserted (Armenia ASSAULT Azerbaijan, 8 events).

An event noun is not an event that happened when it is called off ("the summit, which was
cancelled": negated) or only planned, sought or proposed ("a planned trip", "arranged a meeting
between", "called for talks": future). Found reading the impeachment stories: a meeting an envoy
"worked to arrange" during "a planned trip ..., which was cancelled" was an asserted CONSULT, and
joined the instance of the phone call that did happen.

The clause of a trigger (the trigger, its light verb or copula) and the clauses it is an
infinitive complement of ("agreed to lift", "failed to reach") are read for negation,
modal and future auxiliaries, conditions, heads of intention and reporting verbs; the
first that applies names the modality. The word lists are tables of ``data/words.toml``.
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.stages.events.tables import WORDS

__all__ = ["modality"]


def _asked(nodes: list[Token]) -> bool:
    """Rule: a question: the sentence (or the quotation) ends in a question mark, or an asking verb
    introduces the clause with "whether" or "if"."""
    tok = nodes[0]
    if tok.doc.has_annotation("SENT_START") or tok.doc.has_annotation("DEP"):
        sent = tok.sent
        end = sent.end
        while end > sent.start and (tok.doc[end - 1].is_space or tok.doc[end - 1].text in "\"”’'»)"):
            end -= 1
        if end > sent.start and tok.doc[end - 1].text == "?":
            return True
    for node in nodes:
        for anc in [node, *node.ancestors][:4]:
            if any(c.dep_ == "mark" and c.lower_ in ("whether", "if") for c in anc.children) \
                    and anc.head.lemma_ in WORDS.asking_verbs:
                return True
    return False


def _verb_key(verb: Token) -> str:
    """A verb's lemma, with its particle for a phrasal verb ("call_off")."""
    prt = next((c.lower_ for c in verb.children if c.dep_ == "prt"), None)
    return f"{verb.lemma_.lower()}_{prt}" if prt else verb.lemma_.lower()


def _not_held(noun: Token) -> str | None:
    """Rule: an event noun that is called off ("cancelled the summit", "the trip, which was
    cancelled") is negated; one planned, sought or proposed ("a planned trip", "arranged a
    meeting", "called for talks") is future. None when neither applies (or the trigger is a verb)."""
    if noun.pos_ not in ("NOUN", "PROPN"):
        return None
    relcls = [c for n in (noun, *(g for p in noun.children if p.dep_ == "prep" for g in p.children if g.dep_ == "pobj"))
              for c in n.children if c.dep_ == "relcl"]  # (a relative clause may hang on the noun's own object)
    governor = noun.head if noun.dep_ in ("dobj", "nsubjpass") else \
        noun.head.head if noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.lower_ == "for" else None
    if any(_verb_key(v) in WORDS.calling_off_verbs for v in [*relcls, *([governor] if governor is not None else [])]):
        return "negated"
    if any(c.dep_ == "amod" and c.lower_ in WORDS.intended_amods for c in noun.children):
        return "future"
    if governor is not None and governor.pos_ in ("VERB", "AUX") and governor.lemma_.lower() in WORDS.intending_verbs:
        return "future"
    return None


def modality(nodes: list[Token], in_quote: bool) -> str:
    """question, asserted, negated, hypothetical, future or reported (first that applies).

    Parameters
    ----------
    nodes : list of Token
        The trigger's clause: the trigger first, then its light verb or copula.
    in_quote : bool
        Whether the trigger stands in a quotation.

    Examples
    --------
    >>> import spacy
    >>> from spacy.tokens import Doc
    >>> words = ["Germany", "will", "meet", "France"]
    >>> doc = Doc(spacy.blank("en").vocab, words=words, lemmas=words,
    ...           deps=["nsubj", "aux", "ROOT", "dobj"], heads=[2, 2, 2, 2])
    >>> modality([doc[2]], in_quote=False)
    'future'
    """
    if _asked(nodes):
        return "question"
    if (held := _not_held(nodes[0])) is not None:
        return held
    chain = list(nodes)
    # the clause's verb: a light verb or copula after a noun or adjective trigger, the trigger
    # itself before its required object ("intends to leave the EU": leave, not EU)
    head = next((n for n in reversed(nodes) if n.pos_ in ("VERB", "AUX")), nodes[-1])
    for _ in range(3):  # clauses this one is an infinitive complement of
        if head.dep_ == "xcomp" or (head.dep_ in ("advcl", "acl") and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in head.children)):
            head = head.head
            chain.append(head)
        else:
            break
    if any(c.dep_ == "neg" for n in chain for c in n.children) or any(n.lemma_ == "fail" for n in chain[len(nodes):]):
        return "negated"  # "did not sign", "failed to reach agreement"
    if any(c.dep_ in ("aux", "auxpass") and c.lower_ in WORDS.hypothetical_aux for n in nodes for c in n.children):
        return "hypothetical"
    if any(c.dep_ == "mark" and c.lower_ in WORDS.condition_marks for n in chain for c in n.children):
        return "hypothetical"
    if any(c.dep_ in ("aux", "auxpass") and c.lower_ in WORDS.future_aux for n in nodes for c in n.children):
        return "future"
    if len(chain) > len(nodes) and any(n.lemma_ in WORDS.future_heads for n in chain[len(nodes):]):
        return "future"
    top = chain[-1]
    if top.dep_ == "ccomp" and top.head.lemma_ in WORDS.report_verbs:
        return "reported"
    if in_quote:
        return "reported"
    return "asserted"
