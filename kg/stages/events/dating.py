"""Dates of events: the date phrase attached to a trigger's clause, and when a quote was said.

A date phrase is a spaCy ``DATE`` entity attached to the trigger, its light verb or the
nearest clause above it, with its preposition ("on Saturday", "since 2022"); it is read as a
calendar date by :func:`kg.world.dates.normalize` against the story's date, or, inside a
quotation, against the day the quote was said (:func:`quote_said_on`).
"""

from __future__ import annotations

import datetime

from spacy.tokens import Doc, Span, Token

from kg.stages.events.grammar import pobjs
from kg.stages.events.tables import WORDS
from kg.world import dates

__all__ = ["date_entities", "date_of", "event_date", "quote_said_on"]


def date_entities(doc: Doc) -> dict[int, Span]:
    """Token index -> the DATE entity it is part of (computed once per Doc)."""
    cached = doc.user_data.get("kg_date_ents")
    if cached is None:
        cached = doc.user_data["kg_date_ents"] = {t.i: ent for ent in doc.ents if ent.label_ == "DATE" for t in ent}
    return cached


def _date_phrase(tok: Token, date_ents: dict[int, Span]) -> str | None:
    span = date_ents.get(tok.i)
    if span is None:
        return None
    prep = span.root.head if span.root.dep_ == "pobj" else None
    if prep is not None and prep.dep_ == "prep" and prep.lower_ in WORDS.date_preps:
        return f"{prep.text} {span.text}"
    return span.text


def date_of(node: Token, date_ents: dict[int, Span]) -> str | None:
    """A date phrase attached to ``node``: "on Saturday", "in January", "yesterday"."""
    for c in node.children:
        if c.dep_ == "prep" and c.lower_ in WORDS.date_preps:
            for o in pobjs(c):
                if o.i in date_ents:
                    return _date_phrase(o, date_ents)
        elif c.dep_ in ("npadvmod", "tmod", "advmod", "obl", "nmod") and c.i in date_ents:
            return _date_phrase(c, date_ents)
    return None


def event_date(nodes: list[Token], date_ents: dict[int, Span], *, nominal: bool = False) -> str | None:
    """Rule: the date attached to the trigger, else to the nearest clause above it.

    A noun trigger ("the conflict", "attacks") takes a date only from itself, its light verb
    or the clause it is an argument of, not from a reporting verb further up.
    """
    for node in nodes:
        phrase = date_of(node, date_ents)
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
        phrase = date_of(node, date_ents)
        if phrase:
            return phrase
    return None


def quote_said_on(quote_verbs: dict[tuple[int, int], Token], date_ents: dict[int, Span],
                  reference: datetime.date | None) -> dict[tuple[int, int], datetime.date]:
    """Rule: a relative date inside a quote is relative to when the quote was said.

    Maps each quote region to the day its speech verb is dated ("..., Xi Jinping said on
    Monday"), where that date reads as a day.
    """
    said_on: dict[tuple[int, int], datetime.date] = {}
    for region, verb in quote_verbs.items():
        phrase = date_of(verb, date_ents)
        value = dates.normalize(phrase, reference) if phrase else None
        if value is not None and value.precision == "day":
            said_on[region] = datetime.date.fromisoformat(value.value)
    return said_on
