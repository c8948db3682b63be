"""Titles a person's name takes from the phrase around it, where the title is not in the words
just before the name (those are :mod:`kg.stages.extract.mentions`' ``_title_before``).

Found reading a random sample of the corpus's entities (seed 2522): officials the text titles
only in a phrase the name is in apposition to ("The mayor of New Orleans, LaToya Cantrell") or
with one plural title before a list ("Representatives Eliot Engel, Adam Schiff, and Elijah
Cummings") had no title, so neither a role nor, in a story about their country, a country.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.world import geo
from kg.world.words import titles

__all__ = ["person_title"]


def person_title(span: Span) -> tuple[str | None, str | None]:
    """The title (and the country it names) of a person's name from the phrase around it.

    Examples
    --------
    >>> from kg.stages.nlp import load_model
    >>> doc = load_model()("The mayor of New Orleans, LaToya Cantrell, advised residents to stay.")
    >>> person_title(doc[6:8])
    ('mayor', 'USA')
    """
    return title_heading_the_name(span) or title_before_the_list(span) or (None, None)


def _is_title(tok: Token) -> bool:
    return (tok.lower_,) in titles()


def _plural_title(tok: Token) -> str | None:
    """The title a plural word names, as written ("Representatives", "Senators": tagged NNS,
    NNPS or NNP): "Representative", "Senator"."""
    low = tok.lower_
    return tok.text[:-1] if low.endswith("s") and (low[:-1],) in titles() else None


def title_heading_the_name(span: Span) -> tuple[str, str | None] | None:
    """Rule (title-head): a name in apposition to a title has that title, and the country of the
    place the title is "of" ("The mayor of New Orleans, LaToya Cantrell": mayor, United States;
    the parser hangs the name on the place as often as on the title)."""
    root = span.root
    if root.dep_ != "appos":
        return None
    head = root.head
    if not _is_title(head) and head.dep_ == "pobj" and head.head.lower_ == "of" and _is_title(head.head.head):
        head = head.head.head
    if not _is_title(head):
        return None
    places = [o for p in head.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children if o.dep_ == "pobj"]
    code = None
    for place in places:
        found = geo.place_code(" ".join(t.text for t in place.subtree if t.i < root.left_edge.i))
        code = code or (found[1] if found else None)
    words = [*(c for c in head.lefts if c.dep_ in ("compound", "amod")), head]
    title = next((words[k:] for k in range(len(words)) if tuple(t.lower_ for t in words[k:]) in titles()), [head])
    return " ".join(t.text for t in title), code


def title_before_the_list(span: Span) -> tuple[str, None] | None:
    """Rule (title-list): a plural title before the first of a list of names is each one's
    ("Representatives Eliot Engel, Adam Schiff, and Elijah Cummings": each a representative)."""
    first = span.root
    while first.dep_ == "conj" and first.head.pos_ == "PROPN":
        first = first.head
    if not any(c.dep_ == "conj" for c in first.children):
        return None
    words = [c for c in first.lefts if c.dep_ in ("compound", "flat")]
    title = next((t for c in words if (t := _plural_title(c))), None)
    if title is None and words and words[0].i > 0:
        title = _plural_title(span.doc[words[0].i - 1])
    elif title is None and first.i > 0:
        title = _plural_title(span.doc[first.i - 1])
    return (title, None) if title else None
