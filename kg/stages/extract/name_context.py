"""What the words around a name say about its country and its kind, read after the mentions.

Two rules, each a function of a name mention and the parsed document:

``based-in`` (:func:`based_country`)
    "UK-based retailer Tesco", "Brussels-based media network EURACTIV": a place and "-based"
    before an organisation's name, directly or through the common nouns that describe it, is the
    organisation's home, and so its country, as the text gives it. Without the rule the country
    of such a body came from a known-actors table that lists a namesake ("Tesco" in Canada) or
    from the story's country.
``resident-place`` (:func:`resident_place`)
    "a 36-year-old Cheltenham man", "the Florida woman": a name NER tagged as an organisation's
    or a person's that modifies a noun for a person from a place (``mention_words.toml``
    ``resident_nouns``) and that the gazetteers know as a place is that place (GPE).

The place is read with :func:`kg.world.geo.place_in_context`, so a state's name is the state and
a town's name is decided by the document's countries.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Span

from kg.records import Mention
from kg.world import geo
from kg.world.words import word_set

__all__ = ["based_country", "resident_place", "read_context", "doc_countries"]

_RESIDENT_NOUNS = word_set("mention_words", "resident_nouns")


def doc_countries(doc: Doc) -> frozenset[str]:
    """The countries the document names, and ``sub:<code>`` for those whose states it names."""
    cached = doc.user_data.get("kg_context_countries")
    if cached is None:
        out = set()
        for ent in doc.ents:
            if ent.label_ in ("GPE", "LOC"):
                if code := geo.country_code(ent.text):
                    out.add(code)
                elif sub := geo.subdivision_code(ent.text):
                    out.add(f"sub:{sub}")
        cached = doc.user_data["kg_context_countries"] = frozenset(out)
    return cached


def based_country(span: Span) -> str | None:
    """Rule (based-in): the country of the place in "<place>-based" before an organisation's
    name, over the lower-case words that describe it ("UK-based retailer Tesco").

    Examples
    --------
    >>> from kg.stages.nlp import load_model
    >>> doc = load_model()("UK-based retailer Tesco sold stores.")
    >>> based_country(doc[4:5])
    'GBR'
    """
    doc = span.doc
    i = span.start - 1
    while i >= 0 and doc[i].is_alpha and doc[i].text.islower() and doc[i].lower_ != "based" and span.start - i <= 4:
        i -= 1  # the common nouns that describe it: "retailer", "software company"
    if i < 2 or doc[i].lower_ != "based" or doc[i - 1].text not in ("-", "–"):
        return None
    end = i - 1
    start = end - 1
    while start > 0 and doc[start - 1].text[:1].isupper() and not doc[start - 1].is_sent_start and end - start < 3:
        start -= 1  # a place of more words: "New York-based"
    name = doc[start:end].text
    found = geo.country_code(name) or geo.demonym_code(name)
    if found:
        return found
    place = geo.place_in_context(name, doc_countries(doc))
    return place[1] if place else None


def resident_place(span: Span) -> bool:
    """Rule (resident-place): whether a name that modifies a noun for a person from a place ("a
    Cheltenham man") is a place the gazetteers know.

    Examples
    --------
    >>> from kg.stages.nlp import load_model
    >>> doc = load_model()("Police arrested a Cheltenham man on Monday.")
    >>> resident_place(doc[3:4])
    True
    """
    doc = span.doc
    if span.end >= len(doc) or doc[span.end].lower_ not in _RESIDENT_NOUNS:
        return False
    if span.root.dep_ not in ("compound", "amod", "nmod") or span.root.head.i != span.end:
        return False
    return geo.place_in_context(span.text, doc_countries(doc)) is not None


def read_context(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """The mentions with the rules of this module applied: an organisation's country from
    "<place>-based" (where no other word placed it), a place's label for a resident's place."""
    out = []
    for m in mentions:
        if m.kind == "name" and m.label in ("ORG", "PERSON"):
            span = doc.char_span(m.start, m.end)
            if span is not None and resident_place(span):
                m = replace(m, label="GPE")
            elif span is not None and m.label == "ORG" and m.country is None and (code := based_country(span)):
                m = replace(m, country=code)
        out.append(m)
    return out
