"""What the event rules read: one document's context, and one trigger's reading.

:class:`EventContext` holds, for one parsed document, everything a rule may ask about it:
the Doc, its mentions and the map token -> mention, the quotations (where they are, who
said them, and when, so that "yesterday" in a quote is the day before it was said), the
story's date and the lexicon. It replaces the four callbacks the extractor once took
(``resolve_date``, ``in_quote``, ``quote_speaker``, ``quote_span``) by one record built
once per document. Its :class:`Discourse` is what the rules remember while the document is
read in order (the last attackers named, the date of each quote's narrative, the readings
themselves); :func:`~kg.stages.events.find_events` starts it afresh on every call.

:class:`Reading` is one trigger's reading: its argument tokens, the mentions they stand for
and what the rules make of them (category, modality, implied arguments). It replaces the
6-tuples read by index.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from kg.records import DateValue, Mention
from kg.stages.events.arguments import Arguments
from kg.stages.events.dating import DocumentTime
from kg.stages.events.grammar import mentions_of
from kg.stages.events.lexicon import Lexicon, Trigger
from kg.world import dates

__all__ = ["EventContext", "Discourse", "Reading"]

Region = tuple[int, int]  # a quotation's token range [start, end)


@dataclass
class Reading:
    """One trigger's reading, which the rules complete and adjust.

    ``args`` are the argument tokens the trigger's grammar gives; ``agents`` and ``targets``
    the (mention id, confidence) pairs they stand for, which the rules may change.
    """

    trigger: Trigger
    token_ids: list[int]  # the trigger token first, then the tokens of its structural condition
    token: Token
    args: Arguments
    clause: list[Token]  # the trigger, then its light verb, copula or object (for date and modality)
    agents: list[tuple[int, float]]
    targets: list[tuple[int, float]]
    symmetric: bool
    category: str
    modality: str = "asserted"
    implied_target: bool = False
    implied_agent: bool = False


@dataclass
class Discourse:
    """What the rules remember while reading one document in order."""

    readings: dict[int, Reading] = field(default_factory=dict)  # by trigger token
    last_attackers: list[tuple[int, float]] = field(default_factory=list)
    last_actors: list[tuple[int, float]] = field(default_factory=list)  # the agents of the last act read
    last_by_act: dict[str, tuple[int, list[tuple[int, float]]]] = field(default_factory=dict)  # lemma -> (sentence start, agents)
    quote_dates: dict[Region, DateValue] = field(default_factory=dict)  # narrative time of each quote


@dataclass
class EventContext:
    """Everything the event rules need to know about one parsed document.

    Parameters
    ----------
    doc : Doc
        The parsed spaCy document.
    mentions, tok_mention
        The document's mentions and the map token index -> mention id.
    lexicon : Lexicon, optional
        Triggers to match (kg's own lexicon by default).
    quotes : sequence of (int, int)
        Token ranges [start, end) of the quotations.
    speakers : mapping
        Quotation -> mention id of its speaker.
    quote_verbs : mapping
        Quotation -> the speech verb that introduces it (its date is when the quote was said).
    reference : datetime.date, optional
        The story's date, against which relative dates are read; without it only dates that
        write their year are.

    Examples
    --------
    >>> from kg.stages.nlp import load_model
    >>> from kg.stages.extract.mentions import find_mentions, token_mentions
    >>> doc = load_model()("“We will meet Modi,” Xi said.")
    >>> ms = find_mentions(doc)
    >>> ctx = EventContext(doc, ms, token_mentions(doc, ms), quotes=[(0, 7)])
    >>> ctx.quote_region(3), ctx.in_quote(8)
    ((0, 7), False)
    """

    doc: Doc
    mentions: Sequence[Mention]
    tok_mention: dict[int, int]
    lexicon: Lexicon = field(default_factory=Lexicon.load)
    quotes: Sequence[Region] = ()
    speakers: Mapping[Region, int] = field(default_factory=dict)
    quote_verbs: Mapping[Region, Token] = field(default_factory=dict)
    reference: datetime.date | None = None
    discourse: Discourse = field(default_factory=Discourse, init=False)
    by_id: dict[int, Mention] = field(init=False, repr=False)
    _region_of: dict[int, Region] = field(init=False, repr=False)
    _speaker_of: dict[int, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.by_id = {m.id: m for m in self.mentions}
        self._region_of = {i: (a, b) for a, b in self.quotes for i in range(a, b)}
        self._speaker_of = {i: mid for (a, b), mid in self.speakers.items() for i in range(a, b)}

    @functools.cached_property
    def time(self) -> DocumentTime:
        """The document's date phrases, read when the first event asks for a date: most news
        documents state no event between two actors, and reading every date phrase with
        dateparser cost them about 5% of a build's CPU (100 Wikinews articles: 920 phrases for
        59 events)."""
        return DocumentTime(self.doc, self.reference, region_of=self.quote_region, quote_verbs=dict(self.quote_verbs))

    def mention(self, mid: int) -> Mention:
        """The mention with id ``mid``."""
        return self.by_id[mid]

    def mentions_of(self, tokens: list[Token], *, descend: str, conjuncts: bool = True) -> list[tuple[int, float]]:
        """(mention id, confidence) for argument tokens: :func:`kg.stages.events.grammar.mentions_of`."""
        return mentions_of(tokens, self.tok_mention, self.by_id, descend=descend, conjuncts=conjuncts)

    def quote_region(self, token: int) -> Region | None:
        """The quotation token ``token`` stands in, if any."""
        return self._region_of.get(token)

    def in_quote(self, token: int) -> bool:
        """Whether token ``token`` stands in a quotation."""
        return token in self._region_of

    def speaker(self, token: int) -> int | None:
        """Mention id of the speaker of the quotation token ``token`` stands in, if known."""
        return self._speaker_of.get(token)

    def resolve_date(self, phrase: str, token: int) -> DateValue | None:
        """Read a date phrase found at ``token``: inside a quote, against the day it was said."""
        region = self._region_of.get(token)
        said = self.time.said_on.get(region) if region else None
        return dates.normalize(phrase, datetime.date.fromisoformat(said.value) if said else self.reference)
