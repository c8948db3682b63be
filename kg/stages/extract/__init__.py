"""Stage 3, extract: a parsed spaCy ``Doc`` → :class:`~kg.records.Extraction`.

Pure functions, one module per kind of reading:
:mod:`~kg.stages.extract.mentions` (names, titles, demonyms, role nominals) and
:mod:`~kg.stages.extract.coref` (pronouns, "the Russian leader", "the two"). Events are read
by their own stage, :mod:`kg.stages.events` (lexicon triggers, arguments, modality, dates):
:func:`extract` gathers what it needs (mentions, quotes and their speakers, the story's date)
into an :class:`~kg.stages.events.EventContext` and calls
:func:`~kg.stages.events.find_events`.
"""

from __future__ import annotations

from datetime import date

from spacy.tokens import Doc

from kg.records import DateValue, Document, DroppedName, Extraction
from kg.stages.events import EventContext, Lexicon, find_events
from kg.stages.extract.coref import quote_speakers, quote_verbs, resolve_coreference
from kg.stages.extract.mentions import find_mentions, quote_regions, token_mentions
from kg.stages.extract.name_context import read_context
from kg.stages.extract.person_evidence import review_one_word_persons
from kg.world import dates

__all__ = ["extract", "document_date"]


def document_date(document: Document) -> DateValue | None:
    """The document's date: from metadata, else a dateline or caption in its first lines, else
    an ISO date its file name starts with ("2019-01-05_escape-room-fire.txt"; not for a page,
    whose name is its URL).

    Examples
    --------
    >>> from kg.stages.ingest import document_id
    >>> text = "The following is the sixth edition of a monthly series."
    >>> document_date(Document(id=document_id("x", text), name="2020-11-02_campaign.txt", text=text))
    DateValue(value='2020-11-02', precision='day', text='file name')
    """
    if document.date:
        return DateValue(document.date.isoformat(), "day", "metadata")
    found = dates.find_document_date(document.text)
    if found is None and document.url is None:
        found = dates.date_in_name(document.name)
    return found


def extract(document: Document, doc: Doc, *, lexicon: Lexicon | None = None) -> Extraction:
    """Read entities, coreference links and events from one parsed document.

    Examples
    --------
    >>> from kg.stages.nlp import load_model
    >>> from kg.stages.ingest import document_id
    >>> text = "On Monday, Vladimir Putin met Chinese President Xi Jinping in Beijing."
    >>> d = Document(id=document_id("a.txt", text), name="a.txt", text=text, date=date(2025, 6, 18))
    >>> ex = extract(d, load_model()(text))
    >>> [(e.category, e.date.value) for e in ex.events]
    [('CONSULT', '2025-06-16')]
    """
    doc_date = document_date(document)
    ref = date.fromisoformat(doc_date.value) if doc_date and doc_date.precision == "day" else None
    dropped: list[DroppedName] = []
    mentions = read_context(doc, review_one_word_persons(doc, find_mentions(doc, dropped=dropped), dropped))
    tok_mention = token_mentions(doc, mentions)
    coref = resolve_coreference(doc, mentions, tok_mention)
    context = EventContext(doc, mentions, tok_mention, lexicon=lexicon or Lexicon.load(), quotes=quote_regions(doc),
                           speakers=quote_speakers(doc, tok_mention), quote_verbs=quote_verbs(doc), reference=ref)
    events = find_events(context)
    return Extraction(document=document, mentions=tuple(mentions), events=tuple(events),
                      date=doc_date, coref=tuple(coref), dropped=tuple(dropped))
