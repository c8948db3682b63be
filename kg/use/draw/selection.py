"""What a picture shows, read from the store with SPARQL: the entities to draw and the events among them.

Without a focus, the ``limit`` entities in most events are drawn; they are picked in the
store with a SPARQL ``GROUP BY`` (ties broken by IRI), so a large graph is never read
whole. With a focus, the entities up to ``hops`` events away from one entity are drawn,
hop by hop, the most active first while they fit under the limit.

The queries are the ``.rq`` files in ``kg/use/draw/queries/``, run as they are written:

* a value (a name, a ``--since``/``--until`` day) is never written into query text: it goes
  to Oxigraph as a *substitution* of a variable the query projects (``?name``, ``?since``);
* a set of RDF terms (entities read from the store, the chosen PLOVER categories) fills the
  file's empty ``VALUES ?v { }`` block, each term written by pyoxigraph (``ox.NamedNode``
  checks it is an IRI), as SPARQL has no way to bind a variable to a list. Running a query
  once per term instead costs more: Oxigraph does not push a substitution into a ``UNION``,
  so the events of 150 entities took minutes instead of seconds on a store of 1M triples;
* a line ``# event filter`` is where the patterns of the ``filter_*.rq`` files go when the
  picture is filtered (it stays a comment when it is not): by category, and by date with a
  bound on either side or both. A filter not asked for is left out rather than written so
  that it lets everything through: such a pattern still costs a lookup per event (the
  ranking of a 1M-triple store took 10 times as long), and Oxigraph reads ``BOUND(?since)``
  as false even when ``?since`` is substituted. The patterns go after those that bind
  ``?e``: Oxigraph then checks them per event, which is much faster on a large store than
  starting from every ``kg:eventType`` triple.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.errors import KGError
from kg.records import DATE_PRECISIONS, PLOVER_CATEGORIES
from kg.stages.rdf import STATED_MODALITIES
from kg.use.draw.style import CLASS_TYPE

if TYPE_CHECKING:
    from collections.abc import Iterable

    import networkx as nx

QUERY_DIR = Path(__file__).resolve().parent / "queries"
_KG = "https://w3id.org/kg-news/ontology#"
_EMPTY_VALUES = re.compile(r"VALUES \?(\w+) \{ \}")
_FILTER_LINE = re.compile(r"^[ \t]*# event filter[ \t]*$", re.MULTILINE)


@dataclass
class Node:
    """An entity to draw."""

    iri: str
    label: str
    type: str = "Other"
    events: int = 0  # events it takes part in (in the whole filtered graph)
    country: str | None = None  # the IRI of its country (a country's is itself), when known
    code: str | None = None  # that country's ISO 3166-1 alpha-3 code, when known


@dataclass(frozen=True)
class EventRow:
    """One event mention between entities."""

    iri: str
    category: str
    agents: tuple[str, ...]
    targets: tuple[str, ...]
    participants: tuple[str, ...] = ()
    date: str | None = None
    precision: str | None = None
    modality: str = "asserted"
    instance: str | None = None  # the event instance it reports, when it denotes one (kg.stages.instances)
    report: str | None = None  # kg:reportDate: the day of the article that reports it

    @property
    def stated(self) -> bool:
        """Whether the event is stated as a fact (asserted or reported), as kg's direct edges are.

        Examples
        --------
        >>> EventRow("e", "AID", (), (), modality="negated").stated
        False
        """
        return self.modality in STATED_MODALITIES

    @property
    def when(self) -> tuple[str, str, bool] | None:
        """The date to place the event at: ``(value, precision, by_text)``; its ``kg:date`` where it has
        one (``by_text``), else its report date (a day), else None.

        Examples
        --------
        >>> EventRow("e", "AID", (), (), date="2022", precision="year", report="2025-06-18").when
        ('2022', 'year', True)
        >>> EventRow("e", "AID", (), (), report="2025-06-18").when
        ('2025-06-18', 'day', False)
        """
        if self.date:
            return self.date, self.precision or "day", True
        return (self.report, "day", False) if self.report else None


@dataclass
class Selection:
    """What a picture shows: nodes, events among them, and how much of the graph that is."""

    nodes: dict[str, Node]
    events: list[EventRow]
    total_entities: int
    documents: int
    source: str
    focus: str | None = None
    hops: int = 0
    filters: list[str] = field(default_factory=list)
    grouped: dict | None = None  # when nodes are groups (kg.use.draw.aggregate): what was summarised

    @property
    def partial(self) -> bool:
        return len(self.nodes) < self.total_entities


@dataclass(frozen=True)
class EventFilter:
    """Which events count: of these PLOVER categories (any when empty), dated within ``since``..``until`` (days).

    Examples
    --------
    >>> f = EventFilter(("ASSAULT",), since="2025-01-01")
    >>> {k: v.value for k, v in f.bindings().items()}, f.values()
    ({'since': '2025-01-01'}, {'cat': ['https://w3id.org/kg-news/ontology#ASSAULT']})
    >>> EventFilter().patterns()
    ''
    """

    types: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None

    def patterns(self) -> str:
        """The SPARQL patterns restricting ``?e`` (an event); empty without filters."""
        parts = (["filter_types"] if self.types else []) + (["filter_dates"] if self.since or self.until else []) + (
            ["filter_since"] if self.since else []) + (["filter_until"] if self.until else [])
        return "".join(_query_text(name) for name in parts)

    def values(self) -> dict[str, list[str]]:
        """The terms of the ``VALUES ?cat`` block: the IRIs of the categories."""
        return {"cat": [_KG + t for t in self.types]}

    def bindings(self) -> dict[str, ox.Literal]:
        """The substitutions of ``?since`` and ``?until`` (only those given)."""
        return {k: ox.Literal(v) for k, v in (("since", self.since), ("until", self.until)) if v}


_ALL_EVENTS = EventFilter()


def one_per_instance(events: Iterable[EventRow]) -> list[EventRow]:
    """The events with the mentions of one event instance kept once, as the queries count them.

    An instance's mentions are one real event reported several times; the one kept is the
    stated mention with the most precise date the text gives (a day before a month), else the
    earliest report; ties go to the first IRI. Events that denote no instance stay as they are,
    in their order.

    Examples
    --------
    >>> evs = [EventRow("e1", "ASSAULT", ("a",), ("b",), report="2020-01-05", instance="i"),
    ...        EventRow("e2", "ASSAULT", ("a",), ("b",), date="2020-01-03", precision="day",
    ...                 report="2020-01-06", instance="i"),
    ...        EventRow("e3", "AID", ("b",), ("a",))]
    >>> [ev.iri for ev in one_per_instance(evs)]
    ['e2', 'e3']
    """
    events = list(events)
    rank = {p: i for i, p in enumerate(DATE_PRECISIONS)}

    def better(ev: EventRow) -> tuple:
        dated = ev.date is not None
        return (not ev.stated, not dated, rank.get(ev.precision or "day", len(rank)) if dated else 0,
                ev.report or "~", ev.iri)

    best: dict[str, EventRow] = {}
    for ev in events:
        if ev.instance and (ev.instance not in best or better(ev) < better(best[ev.instance])):
            best[ev.instance] = ev
    return [ev for ev in events if not ev.instance or best[ev.instance] is ev]


@cache
def _query_text(name: str) -> str:
    return (QUERY_DIR / f"{name}.rq").read_text(encoding="utf-8")


def run_query(store, query: str, *, events: EventFilter = _ALL_EVENTS, values: dict[str, Iterable[str]] | None = None,
         **bindings: ox.Literal):
    """The solutions of ``query`` (the name of a file in ``queries/``) on the union of the store's graphs.

    ``events`` fills the query's ``# event filter`` line; ``values`` (IRIs by variable) its
    ``VALUES`` blocks; ``bindings`` are substitutions of variables the query projects.
    """
    text = _query_text(query)
    patterns = events.patterns()
    if patterns:
        text = _FILTER_LINE.sub(lambda _: patterns, text)
    terms = {**(values or {}), **events.values()}
    text = _EMPTY_VALUES.sub(lambda m: f"VALUES ?{m[1]} {{ {_iri_values(terms[m[1]])} }}", text)
    substitutions = {ox.Variable(k): v for k, v in {**events.bindings(), **bindings}.items()}
    return store.ox.query(text, use_default_graph_as_union=True, substitutions=substitutions or None)


def local_name(iri: str) -> str:
    """The last segment of an IRI (after ``#`` or ``/``)."""
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _iri_values(iris) -> str:
    # IRIs come from the store itself or the closed PLOVER list (ox.NamedNode validates them), never from user text.
    return " ".join(str(ox.NamedNode(i)) for i in sorted(iris))


def parse_date_bound(text: str | None, *, end: bool) -> str | None:
    """A ``--since``/``--until`` value as a full day string (start or end of its period).

    Examples
    --------
    >>> parse_date_bound("2025", end=False), parse_date_bound("2025-06", end=True)
    ('2025-01-01', '2025-06-31')
    >>> parse_date_bound("14 June", end=False)
    Traceback (most recent call last):
    kg.errors.DrawError: [E404] bad --since value '14 June': use YYYY, YYYY-MM or YYYY-MM-DD
    """
    if text is None:
        return None
    option = "--until" if end else "--since"
    parts = text.strip().split("-")
    try:
        if not 1 <= len(parts) <= 3 or len(parts[0]) != 4:
            raise ValueError
        y = int(parts[0])
        m = int(parts[1]) if len(parts) > 1 else (12 if end else 1)
        d = int(parts[2]) if len(parts) > 2 else None
        date(y, m, d or 1)
    except ValueError:
        raise KGError("E404", exit_code=2, option=option, value=text,
                      detail="use YYYY, YYYY-MM or YYYY-MM-DD") from None
    return f"{y:04d}-{m:02d}-{d if d else (31 if end else 1):02d}"


def _check_types(types) -> list[str]:
    out = []
    for t in types or ():
        key = str(t).strip().upper()
        if key not in PLOVER_CATEGORIES:
            close = difflib.get_close_matches(key, PLOVER_CATEGORIES, n=3, cutoff=0.5)
            raise KGError("E403", exit_code=2, name=t, choices=", ".join(PLOVER_CATEGORIES),
                          hint=f" (did you mean {', '.join(close)}?)" if close else "")
        out.append(key)
    return sorted(set(out))


def _ranking(store, events: EventFilter, limit: int) -> tuple[list[tuple[str, int]], int]:
    """The ``limit`` entities in most events (ties by IRI) and how many entities take part in events."""
    counts = [(r["x"].value, int(r["n"].value)) for r in run_query(store, "most_active", events=events)]
    counts.sort(key=lambda r: (-r[1], r[0]))
    return counts[:limit], len(counts)


def _event_counts(store, iris, events: EventFilter) -> dict[str, int]:
    if not iris:
        return {}
    rows = run_query(store, "event_counts", events=events, values={"x": iris})
    return {r["x"].value: int(r["n"].value) for r in rows}


def _neighbours(store, iris, events: EventFilter) -> set[str]:
    """Entities that share an event with any of ``iris``."""
    return {r["x"].value for r in run_query(store, "neighbours", events=events, values={"y": iris})}


def _describe(store, iris) -> dict[str, Node]:
    """Label and type of each entity."""
    nodes = {i: Node(i, local_name(i).replace("_", " ")) for i in iris}
    if not iris:
        return nodes
    labels: dict[str, list[str]] = defaultdict(list)
    for r in run_query(store, "describe", values={"x": iris}):
        x = r["x"].value
        if r["l"] is not None:
            labels[x].append(r["l"].value)
        if r["c"] is not None and r["c"].value in CLASS_TYPE:
            nodes[x].type = CLASS_TYPE[r["c"].value]
    for x, ls in labels.items():
        nodes[x].label = sorted(ls)[0]
    return nodes


def _event_rows(pairs, roles) -> list[EventRow]:
    """EventRows from query solutions: ``pairs`` with an agent ``?a`` and target ``?t``, ``roles`` with an
    entity ``?x`` in a ``?role`` ("a", "t" or "p"); both with ``?e ?cat ?d ?p ?rd ?m``."""
    acc: dict[str, dict] = {}

    def value(r, var: str):
        return r[var].value if r[var] is not None else None

    def record(r) -> dict:
        rec = acc.get(r["e"].value)
        if rec is None:
            rec = acc[r["e"].value] = {"cat": local_name(r["cat"].value), "a": set(), "t": set(), "p": set(),
                                       "d": value(r, "d"), "pr": value(r, "p"), "m": value(r, "m") or "asserted",
                                       "rd": value(r, "rd"), "i": value(r, "i")}
        return rec

    for r in pairs:
        rec = record(r)
        rec["a"].add(r["a"].value)
        rec["t"].add(r["t"].value)
    for r in roles:
        record(r)[r["role"].value].add(r["x"].value)
    out = []
    for e in sorted(acc):
        rec = acc[e]
        d = rec["d"]
        precision = (rec["pr"] or {4: "year", 7: "month"}.get(len(d), "day")) if d else None
        out.append(EventRow(e, rec["cat"], tuple(sorted(rec["a"])), tuple(sorted(rec["t"])), tuple(sorted(rec["p"])),
                            d, precision, rec["m"], rec["i"], rec["rd"]))
    return out


def _events_among(store, iris, events: EventFilter) -> list[EventRow]:
    """Events between entities of ``iris``: agent and target both in it, or agent-only and participant events of it.

    An event's agents and targets are reported as far as they are in ``iris``.
    """
    if not iris:
        return []
    pairs = run_query(store, "events_between", events=events, values={"a": iris, "t": iris})
    others = run_query(store, "events_unpaired", events=events, values={"x": iris})
    return _event_rows(pairs, others)


def _countries(store, nodes: dict[str, Node]) -> None:
    """Set the country (and its ISO code) of each node that has one."""
    if not nodes:
        return
    for r in run_query(store, "countries", values={"x": nodes}):
        node = nodes[r["x"].value]
        if node.country is None or (node.code is None and r["code"] is not None):
            node.country = r["k"].value
            node.code = r["code"].value if r["code"] is not None else None


def find_entity(store, name: str) -> str:
    """The IRI of the entity called ``name`` (its label or any alt label, case-insensitive).

    When several entities share the name, the one in most events wins. An unknown name is a
    :class:`~kg.errors.KGError` ``E402`` that suggests close names.

    Examples
    --------
    >>> from kg.graph.store import KGStore
    >>> find_entity(KGStore(None), "Putin")
    Traceback (most recent call last):
    kg.errors.DrawError: [E402] no entity named 'Putin'
    """
    rows = run_query(store, "entity_by_name", name=ox.Literal(name.strip().lower()))
    found = sorted(r["x"].value for r in rows)
    if found:
        counts = _event_counts(store, found, _ALL_EVENTS)
        return min(found, key=lambda x: (-counts.get(x, 0), x))
    names = sorted({r["l"].value for r in run_query(store, "entity_names")})
    lower = {n.lower(): n for n in names}
    close = [lower[c] for c in difflib.get_close_matches(name.lower(), list(lower), n=3, cutoff=0.6)]
    close += [n for n in names if name.lower() in n.lower() and n not in close][: 3 - len(close)]
    hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    raise KGError("E402", name=name, hint=hint)


def _documents(store) -> int:
    return int(next(iter(run_query(store, "documents")))["n"].value)


def select(store, *, focus: str | None = None, hops: int = 1, types=(), since: str | None = None,
           until: str | None = None, limit: int = 150) -> Selection:
    """What to draw, read from the store with SPARQL.

    Without ``focus``: the ``limit`` entities in most events and the events among them. With
    ``focus``: the entity of that name and the entities up to ``hops`` events away (at most
    ``limit``, nearest and most active first), with all events among them.

    Examples
    --------
    >>> from kg.graph.store import KGStore
    >>> sel = select(KGStore(None), types=["assault"], since="2025")
    >>> sel.nodes, sel.total_entities, sel.filters
    ({}, 0, ['ASSAULT', 'since 2025'])
    """
    types = _check_types(types)
    since_b, until_b = parse_date_bound(since, end=False), parse_date_bound(until, end=True)
    events = EventFilter(tuple(types), since_b, until_b)
    filters = ([", ".join(types)] if types else []) + ([f"since {since}"] if since else []) + (
        [f"until {until}"] if until else [])
    source = str(store.path) if getattr(store, "path", None) else "in-memory store"
    limit = max(1, int(limit))
    if focus is None:
        top, total = _ranking(store, events, limit)
        counts = dict(top)
        nodes = _describe(store, counts)
        for i, n in counts.items():
            nodes[i].events = n
        return Selection(nodes, _events_among(store, counts, events), total, _documents(store), source,
                         filters=filters)
    centre = find_entity(store, focus)
    chosen, reachable = _around(store, centre, hops, events, limit)
    nodes = _describe(store, chosen)
    for i, n in _event_counts(store, chosen, events).items():
        nodes[i].events = n
    return Selection(nodes, _events_among(store, chosen, events), reachable, _documents(store), source,
                     focus=centre, hops=int(hops), filters=filters)


def select_events(store, *, types=(), since: str | None = None, until: str | None = None) -> Selection:
    """Every event (of these categories, within these dates) with all the entities that take part in them.

    The timeline, the map and the corpus overview start from it: nothing is left out by an
    entity limit. Nodes carry their country (:attr:`Node.country`, :attr:`Node.code`).

    Examples
    --------
    >>> from kg.graph.store import KGStore
    >>> sel = select_events(KGStore(None), types=["aid"])
    >>> sel.events, sel.filters
    ([], ['AID'])
    """
    types = _check_types(types)
    events = EventFilter(tuple(types), parse_date_bound(since, end=False), parse_date_bound(until, end=True))
    filters = ([", ".join(types)] if types else []) + ([f"since {since}"] if since else []) + (
        [f"until {until}"] if until else [])
    rows = _event_rows((), run_query(store, "events_all", events=events))
    counts: dict[str, int] = defaultdict(int)
    for ev in rows:
        for x in set(ev.agents + ev.targets + ev.participants):
            counts[x] += 1
    nodes = _describe(store, counts)
    for iri, n in counts.items():
        nodes[iri].events = n
    _countries(store, nodes)
    source = str(store.path) if getattr(store, "path", None) else "in-memory store"
    return Selection(nodes, rows, len(nodes), _documents(store), source, filters=filters)


def _around(store, centre: str, hops: int, events: EventFilter, limit: int) -> tuple[dict[str, int], int]:
    """The entities up to ``hops`` events from ``centre`` (by hop), at most ``limit``, and how many were within reach.

    Each hop adds the most active new neighbours while they fit under the limit (ties by IRI).
    """
    chosen = {centre: 0}
    frontier = {centre}
    left_out = 0  # entities within reach that did not fit under the limit (at the last hop reached)
    for hop in range(1, max(0, int(hops)) + 1):
        if not frontier or len(chosen) >= limit:
            break
        new = _neighbours(store, frontier, events) - set(chosen)
        if not new:
            break
        counts = _event_counts(store, new, events)
        ranked = sorted(new, key=lambda x: (-counts.get(x, 0), x))[: limit - len(chosen)]
        left_out = len(new) - len(ranked)
        chosen.update(dict.fromkeys(ranked, hop))
        frontier = set(ranked)
    return chosen, len(chosen) + left_out


def event_graph(store) -> nx.MultiDiGraph:
    """A networkx graph of all entities (nodes) and events (agent → target edges) in a kg store.

    Fine for small graphs and notebooks; :func:`~kg.use.draw.draw` reads only what it shows.
    """
    import networkx as nx
    sel = select(store, limit=10**9)
    g = nx.MultiDiGraph()
    for iri in sorted(sel.nodes):
        n = sel.nodes[iri]
        g.add_node(iri, label=n.label, type=n.type, events=n.events)
    for ev in sel.events:
        for a in ev.agents:
            for t in ev.targets:
                g.add_edge(a, t, category=ev.category, date=ev.date, event=ev.iri)
    return g
