"""Place names around a name NER read: the rules of :mod:`kg.stages.extract.mentions` that widen
or retype a name span into a place's, or read a country word inside a longer place's name.

NER on news cuts place names short or reads them as people's ("Hawke" of "Hawke's Bay"), and a country's name inside a longer place's ("Jersey" in
"New Jersey Governor") would give a person the wrong country. The words these rules read are in
``kg/world/data/name_words.toml`` (``place_heads``).
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.world import geo
from kg.world.words import word_set

__all__ = ["country_of_longer_place", "place_before_head", "possessive_place"]

_PLACE_HEADS = word_set("name_words", "place_heads")


def possessive_place(span: Span) -> Span | None:
    """Rule (possessive-place): a name NER cut before a possessive that, with the word after it,
    is a place the gazetteers know ("Hawke" of "Hawke's Bay", "King" of "King's Lynn") is that
    place: the longer span, else None.

    >>> from kg.stages.nlp import load_model
    >>> doc = load_model()("Sergeant Ratana, from Hawke's Bay, New Zealand, served in Auckland.")
    >>> [possessive_place(e).text for e in doc.ents if e.text == "Hawke"]
    ["Hawke's Bay"]
    """
    doc = span.doc
    if span.end + 1 >= len(doc) or doc[span.end].tag_ != "POS" or not doc[span.end + 1].text[:1].isupper():
        return None
    longer = doc[span.start:span.end + 2]
    return longer if geo.place_code(longer.text) else None


def place_before_head(span: Span, label: str) -> Span | None:
    """Rule (place-head): a person's or an organisation's name before a building's or a station's
    word in lower case (``name_words.toml`` ``place_heads``) names a place with it ("Waterloo
    station", "the Jubilee line"; not the town it is named after): that span, else None."""
    if label in ("PERSON", "ORG") and span.end < len(span.doc):
        nxt = span.doc[span.end]
        if nxt.text.islower() and nxt.lower_ in _PLACE_HEADS:
            return span.doc[span.start:span.end + 1]
    return None


def country_of_longer_place(tok: Token, code: str) -> str | None:
    """Rule (longer-place): a country's name inside a longer place's name names the longer place's
    country ("New Jersey Governor" is American, not of Jersey; "New Mexico" not Mexican); a
    longer name the gazetteers do not know leaves the word's own reading.

    >>> from kg.stages.nlp import load_model
    >>> doc = load_model()("Former New Jersey Governor Chris Christie spoke in Mexico.")
    >>> [country_of_longer_place(t, "JEY" if t.text == "Jersey" else "MEX") for t in doc if t.text in ("Jersey", "Mexico")]
    ['USA', 'MEX']
    """
    if tok.ent_type_ not in ("GPE", "LOC") or not tok.ent_iob_:
        return code
    doc = tok.doc
    start, end = tok.i, tok.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    if end - start < 2:
        return code
    whole = doc[start:end].text
    found = geo.country_code(whole) or (geo.place_code(whole) or (None, None))[1]
    return found or code
