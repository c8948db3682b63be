"""EventContext: one record of what the rules need per document (quotes, speakers, dates)."""

from __future__ import annotations

from datetime import date

from kg.stages.events import EventContext
from kg.stages.extract.coref import quote_speakers, quote_verbs
from kg.stages.extract.mentions import find_mentions, quote_regions, token_mentions


def _context(nlp, text, reference=date(2025, 6, 18)):
    doc = nlp(text)
    ms = find_mentions(doc)
    tm = token_mentions(doc, ms)
    return EventContext(doc, ms, tm, quotes=quote_regions(doc), speakers=quote_speakers(doc, tm),
                        quote_verbs=quote_verbs(doc), reference=reference)


def test_quotes_and_their_speaker(nlp):
    ctx = _context(nlp, "“We will meet Modi,” Xi said.")
    we = next(t.i for t in ctx.doc if t.text == "We")
    xi = next(t.i for t in ctx.doc if t.text == "Xi")
    assert ctx.in_quote(we) and not ctx.in_quote(xi)
    assert ctx.mention(ctx.speaker(we)).text == "Xi" and ctx.speaker(xi) is None
    assert ctx.quote_region(xi) is None and ctx.quote_region(we)[0] <= we < ctx.quote_region(we)[1]


def test_a_relative_date_in_a_quote_is_read_against_when_it_was_said(nlp):
    ctx = _context(nlp, "“I met Modi yesterday,” Xi Jinping said on Monday.")  # Monday 16 June 2025
    met = next(t.i for t in ctx.doc if t.text == "met")
    said = next(t.i for t in ctx.doc if t.text == "said")
    assert ctx.resolve_date("yesterday", met).value == "2025-06-15"
    assert ctx.resolve_date("yesterday", said).value == "2025-06-17"  # outside: the story's date


def test_without_a_reference_only_dates_with_a_year_are_read(nlp):
    ctx = _context(nlp, "Russia invaded Ukraine.", reference=None)
    assert ctx.resolve_date("in 2022", 1).value == "2022" and ctx.resolve_date("yesterday", 1) is None
