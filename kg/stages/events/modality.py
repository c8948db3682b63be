"""Modality of an event: asserted, negated, hypothetical, future or reported.

The clause of a trigger (the trigger, its light verb or copula) and the clauses it is an
infinitive complement of ("agreed to lift", "failed to reach") are read for negation,
modal and future auxiliaries, conditions, heads of intention and reporting verbs; the
first that applies names the modality. The word lists are tables of ``data/words.toml``.
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.stages.events.tables import WORDS

__all__ = ["modality"]


def modality(nodes: list[Token], in_quote: bool) -> str:
    """asserted, negated, hypothetical, future or reported (first that applies).

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
    chain = list(nodes)
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
