"""Typed records that join the pipeline stages.

ingest → :class:`Document`; nlp + extract → :class:`Extraction` (with :class:`Mention` and
:class:`EventMention`); resolve → :class:`ResolvedDocument` (with :class:`Entity` and
:class:`Event`); rdf turns those into triples.

Records are plain, frozen dataclasses: they pickle (worker processes), compare by value
(tests), and carry no spaCy objects, so a stage can be run, stored or tested on its own.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

__all__ = [
    "DateValue",
    "Document",
    "Mention",
    "EventMention",
    "DroppedName",
    "LocalEntity",
    "Extraction",
    "Entity",
    "Event",
    "ResolvedDocument",
    "ENTITY_TYPES",
    "PLOVER_CATEGORIES",
    "MODALITIES",
    "DATE_PRECISIONS",
]

#: Entity types kg assigns; each is a class of the ontology (schema.org where one exists).
ENTITY_TYPES = ("Person", "Organization", "Country", "City", "Place", "Event", "Product", "Group", "Collective")

#: The 16 PLOVER event categories (2021 manual), cooperation first.
PLOVER_CATEGORIES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)

#: The precisions of a :class:`DateValue`, finest first.
DATE_PRECISIONS = ("day", "weekend", "week", "month", "year")

#: How an event is stated: only ``asserted`` events are stated as plain facts.
MODALITIES = ("asserted", "negated", "hypothetical", "future", "reported", "question")


@dataclass(frozen=True, slots=True)
class DateValue:
    """A calendar date at the precision the text gives.

    ``value`` is ISO 8601 cut to the precision: ``"2025-06-14"`` (day), ``"2025-01"`` (month)
    or ``"2022"`` (year); a week ("last week") is the ISO date of its Monday (``"2025-06-09"``,
    precision ``"week"``) and a weekend ("over the weekend") that of its Saturday (precision
    ``"weekend"``), so every value sorts and compares as the first day of its period.
    """

    value: str
    precision: str  # one of DATE_PRECISIONS
    text: str = ""  # the words it was read from ("on Saturday")

    def __post_init__(self) -> None:
        if self.precision not in DATE_PRECISIONS:
            raise ValueError(f"bad precision {self.precision!r}")


@dataclass(frozen=True, slots=True)
class Document:
    """One input article."""

    id: str  # content hash (hex), stable across runs and paths
    name: str  # file name, the JSONL record's id, or a page's URL (as given, or a WARC record's target)
    text: str
    source: str = ""  # where it was read from ("file.jsonl:12" for a JSONL line, "crawl.warc.gz@1234" for a record)
    title: str | None = None
    date: datetime.date | None = None  # publication date from metadata
    url: str | None = None
    author: str | None = None  # a page's byline
    site: str | None = None  # the name of the site that published a page
    language: str | None = None  # ISO 639-1 code, when a page's language was identified with confidence
    retrieved: datetime.datetime | None = None  # when a page was fetched, or crawled (a WARC record's date)
    record_id: str | None = None  # the WARC-Record-ID of the record a page was read from


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of text that names or refers to an entity.

    ``kind`` is ``name`` (a proper name), ``demonym`` ("Russian"), ``nominal``
    ("the Russian leader"), ``pronoun`` ("he") or ``metonym`` ("the Kremlin" standing for Russia).
    """

    id: int  # index within the document
    start: int  # character offsets in Document.text
    end: int
    text: str
    label: str  # spaCy NER label (PERSON, ORG, GPE, NORP, LOC, FAC, EVENT, PRODUCT) or PRON/NOUN
    kind: str = "name"
    sent: int = 0  # sentence index
    title: str | None = None  # job title read next to the name ("President")
    country: str | None = None  # ISO alpha-3 the text ties the mention to ("US President ...")
    in_quote: bool = False


@dataclass(frozen=True, slots=True)
class EventMention:
    """An event read from one sentence; arguments are mention ids of the same document."""

    category: str  # PLOVER category
    trigger: str  # the words that express it
    trigger_start: int
    trigger_end: int
    agents: tuple[int, ...]
    targets: tuple[int, ...]
    participants: tuple[int, ...] = ()
    sentence: str = ""
    sent_start: int = 0
    sent_end: int = 0
    date: DateValue | None = None
    modality: str = "asserted"
    extractor: str = ""
    confidence: float = 0.5
    symmetric: bool = False
    #: the text names no target: the targets are the states implied by PLOVER's convention
    #: (a protest is aimed at the state where it happens, or at the protesters' own state)
    implied_target: bool = False
    #: the text names no attacker: the agent is PLOVER's "unidentified attackers" of the
    #: country where it happened ("a roadside bombing near Samarra killed a US soldier")
    #: (of a protest: the text names a crowd, not who it is; the agent is the people of the
    #: place it happens in, "thousands of people marched in London")
    implied_agent: bool = False


@dataclass(frozen=True, slots=True)
class DroppedName:
    """A span NER tagged as a name that kg does not read as an entity, and why ("UTC": "time or
    time zone"); a name cut short ("World Health Organization (WHO") is listed with the reason
    and its full text."""

    text: str
    reason: str
    start: int  # character offsets in Document.text
    end: int


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything read from one document, before entity resolution."""

    document: Document
    mentions: tuple[Mention, ...]
    events: tuple[EventMention, ...]
    date: DateValue | None = None  # the document's date (metadata, dateline or caption)
    coref: tuple[tuple[int, int], ...] = ()  # (mention id, antecedent mention id) links
    dropped: tuple[DroppedName, ...] = ()  # names NER tagged that are no entity, with the reason


@dataclass(frozen=True, slots=True)
class LocalEntity:
    """One entity as one document names it: what corpus-level resolution decides on.

    A name cluster of one document (:mod:`kg.stages.resolve.names`) with what the document says
    about it; :mod:`kg.stages.resolve.corpus` decides which local entities of all documents are
    one real-world entity.
    """

    doc: str  # the document's content hash
    n: int  # its number in the document
    type: str  # the document's reading: Person, Organization, City, Place, Group, Event, Product
    label: str  # the document's fullest name for it
    names: tuple[str, ...]  # every name the document uses for it
    votes: tuple[tuple[str, int], ...] = ()  # the types its mentions' NER labels give, counted
    titles: tuple[str, ...] = ()  # job titles the document gives it
    country: str | None = None  # ISO alpha-3 the text gives (for places: the gazetteer's)
    table_country: str | None = None  # ISO alpha-3 the known-actors table gives
    context: tuple[str, ...] = ()  # ISO alpha-3 of the countries the document names
    person_cue: bool = False  # the document reads it as a person somewhere (a PERSON label, a title)
    home: str | None = None  # ISO alpha-3 of the country the document is mostly about, if one is
    international: bool = False  # the known-actors table lists it as an international body (or acting for one)
    office: bool = False  # a sentence names it with a party or a body of a state ("the Green Party ... Jill Stein")


@dataclass(slots=True)
class Entity:
    """A real-world entity; ``key`` is its stable IRI path ("person/Donald_Trump")."""

    key: str
    type: str
    label: str
    alt_labels: set[str] = field(default_factory=set)
    country: str | None = None  # key of the Country entity it acts for
    country_code: str | None = None  # ISO alpha-3, on Country entities
    job_titles: set[str] = field(default_factory=set)
    #: where ``country`` came from: "text" or "known-actors table" (None: not recorded)
    country_source: str | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """An event mention whose arguments are entity keys."""

    id: str  # stable within the document ("<doc id>-<n>")
    mention: EventMention
    agents: tuple[str, ...]
    targets: tuple[str, ...]
    participants: tuple[str, ...] = ()


@dataclass(slots=True)
class ResolvedDocument:
    """A document with its entities merged and events tied to them."""

    document: Document
    date: DateValue | None
    entities: dict[str, Entity]  # key -> entity: those this document mentions, and their countries
    events: list[Event]
    mention_entity: dict[int, str] = field(default_factory=dict)  # mention id -> entity key
    #: keys of the entities the text names or its events involve (``None``: all of ``entities``);
    #: a country known only as an actor's ("Siemens" -> Germany) is described, not mentioned
    mentioned: frozenset[str] | None = None
    dropped: tuple[DroppedName, ...] = ()  # names NER tagged that are no entity (from the extraction)
    #: the document's entities as corpus resolution read them ...
    locals: tuple[LocalEntity, ...] = ()
    #: ... and for each, the corpus's decision: (entity key, rule, confidence)
    resolutions: tuple[tuple[str, str, float], ...] = ()
