"""Stage 8, draw: pictures of the graph with networkx and matplotlib (Agg backend).

Three views, each a plain function of a store (or a path :func:`kg.graph.target.open_target` opens):

overview (default)
    entities as nodes coloured by type (legend) and sized by how many events they take part
    in; events as directed edges aggregated per (agent, target, category), coloured by the
    PLOVER quad category and labelled with the category and a count when more than one.
    Above ``limit`` entities only the most active ones are drawn, picked in the store with a
    SPARQL ``GROUP BY``/``ORDER BY``/``LIMIT`` (the picture says "150 of 12,345 entities").
focus (``focus="Putin", hops=1``)
    the neighbourhood of one entity found by any of its names; edge labels show dates.
timeline (``timeline=True``)
    events on a date axis, one row per agent → target pair, coloured by quad category;
    day dates are dots, month and year dates are spans; undated events are listed below.

Layouts are seeded and nodes and edges sorted before layout, so the same store gives the same
bytes. Labels never overlap: after the force layout, a repulsion pass in pixel space moves
nodes until the boxes of node + label are disjoint, and edge labels are put at the first
free place along their edge (or left out, and counted in the subtitle, when none is free).
"""

from __future__ import annotations

import difflib
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.errors import KGError
from kg.graph.vocab import ENTITY_CLASSES
from kg.records import PLOVER_CATEGORIES

if TYPE_CHECKING:
    import networkx as nx
    import numpy as np
    from matplotlib.figure import Figure
    from matplotlib.path import Path as MplPath

# matplotlib, networkx and numpy are imported by the functions that use them, not with the
# module: `import kg` (every kg command) stays fast, and importing kg does not change a
# notebook's matplotlib backend; kg renders through its own Agg canvas.

__all__ = ["draw", "draw_figure", "select", "find_entity", "event_graph", "parse_size", "parse_date_bound",
           "TYPE_COLOURS", "QUAD_CATEGORY", "QUAD_COLOURS", "FORMATS"]

TYPE_COLOURS = {
    "Person": "#4C72B0", "Country": "#DD8452", "Organization": "#55A868", "City": "#C44E52",
    "Place": "#8172B3", "Event": "#937860", "Product": "#DA8BC3", "Group": "#8C8C8C", "Other": "#BBBBBB",
}

#: PLOVER category -> quad category (as in the PLOVER 0.8 manual's category sections).
QUAD_CATEGORY = {
    **dict.fromkeys(("AGREE", "CONSULT", "SUPPORT", "CONCEDE"), "verbal cooperation"),
    **dict.fromkeys(("COOPERATE", "AID", "RETREAT"), "material cooperation"),
    **dict.fromkeys(("REQUEST", "ACCUSE", "REJECT", "THREATEN"), "verbal conflict"),
    **dict.fromkeys(("PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"), "material conflict"),
}
QUAD_COLOURS = {
    "verbal cooperation": "#4393C3", "material cooperation": "#053061",
    "verbal conflict": "#F4A582", "material conflict": "#B2182B",
}
FORMATS = ("png", "svg")

_KG = "https://w3id.org/kg-news/ontology#"
_PREFIXES = f"""PREFIX kg: <{_KG}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <https://schema.org/>
"""
_CLASS_TYPE = {str(cls): name for name, (cls, _) in ENTITY_CLASSES.items()}
_EXTRA_COLOURS = ("#64B5CD", "#CCB974", "#8EBA42", "#E17C05", "#5D69B1", "#99C945")


def _type_colour(type_: str) -> str:
    """The colour of an entity type (types kg adds later get spare colours, by name)."""
    if type_ in TYPE_COLOURS:
        return TYPE_COLOURS[type_]
    extra = sorted(set(_CLASS_TYPE.values()) - set(TYPE_COLOURS))
    return _EXTRA_COLOURS[extra.index(type_) % len(_EXTRA_COLOURS)] if type_ in extra else TYPE_COLOURS["Other"]


def _type_order(type_: str) -> tuple:
    known = list(TYPE_COLOURS)
    return (known.index(type_), "") if type_ in known else (len(known), type_)


_INK = "#222222"
_GREY = "#666666"

# ---------------------------------------------------------------------------- reading


@dataclass
class Node:
    """An entity to draw."""

    iri: str
    label: str
    type: str = "Other"
    events: int = 0  # events it takes part in (in the whole filtered graph)


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

    @property
    def partial(self) -> bool:
        return len(self.nodes) < self.total_entities


def _q(store, text: str, **subs):
    substitutions = {ox.Variable(k): v for k, v in subs.items()}
    return store.ox.query(_PREFIXES + text, use_default_graph_as_union=True, substitutions=substitutions or None)


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _iri_values(iris) -> str:
    # IRIs come from the store itself (ox.NamedNode validates them), never from user text.
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


def parse_size(text: str) -> tuple[float, float]:
    """A ``--size`` value ``WxH`` (inches).

    Examples
    --------
    >>> parse_size("12x9")
    (12.0, 9.0)
    """
    try:
        w, h = (float(v) for v in text.lower().replace("×", "x").split("x"))
        if not (0.5 <= w <= 200 and 0.5 <= h <= 200):
            raise ValueError
    except ValueError:
        raise KGError("E404", exit_code=2, option="--size", value=text,
                      detail="use WxH in inches, e.g. 12x9") from None
    return w, h


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


def _event_filter(types: list[str], since: str | None, until: str | None) -> str:
    """SPARQL patterns restricting ``?e`` (an event) by category and date (empty without filters).

    They go after the patterns that bind ``?e``: Oxigraph then checks them per event, which is
    much faster on a large store than starting from every ``kg:eventType`` triple.
    """
    parts = []
    if types:
        parts.append("VALUES ?cat { " + " ".join(f"kg:{t}" for t in types) + " }")
        parts.append("?e kg:eventType ?cat .")
    if since or until:
        parts.append("?e kg:date ?fd . BIND(STR(?fd) AS ?fs)")
        if since:  # the end of the event's period is on or after --since
            parts.append('FILTER(IF(STRLEN(?fs) = 4, CONCAT(?fs, "-12-31"), IF(STRLEN(?fs) = 7, CONCAT(?fs, "-31"), ?fs)) >= ?since)')
        if until:  # its start is on or before --until
            parts.append('FILTER(IF(STRLEN(?fs) = 4, CONCAT(?fs, "-01-01"), IF(STRLEN(?fs) = 7, CONCAT(?fs, "-01"), ?fs)) <= ?until)')
    return "\n".join(parts)


def _subs(since, until) -> dict:
    out = {}
    if since:
        out["since"] = ox.Literal(since)
    if until:
        out["until"] = ox.Literal(until)
    return out


def _sv(subs: dict) -> str:
    """Substituted variables must be projected by every (sub)query that uses them (Oxigraph)."""
    return " ".join(f"?{k}" for k in sorted(subs))


_ROLE = "{ ?e kg:agent ?x } UNION { ?e kg:target ?x } UNION { ?e kg:participant ?x }"


def _ranking(store, filt: str, subs: dict, limit: int) -> tuple[list[tuple[str, int]], int]:
    """The ``limit`` entities in most events (ties by IRI) and how many entities take part in events."""
    sv = _sv(subs)
    query = f"""SELECT ?x (COUNT(DISTINCT ?e) AS ?n) {sv} WHERE {{ {_ROLE} {filt} }} GROUP BY ?x {sv}"""
    top = [(r["x"].value, int(r["n"].value)) for r in _q(store, query + f" ORDER BY DESC(?n) LIMIT {int(limit)}", **subs)]
    if len(top) < limit:
        return sorted(top, key=lambda r: (-r[1], r[0])), len(top)
    # ties at the cut are broken by IRI in Python (ORDER BY on ?x too is slow in Oxigraph)
    least = top[-1][1]
    tied = _q(store, query + f" HAVING (COUNT(DISTINCT ?e) >= {int(least)})", **subs)
    top = sorted(((r["x"].value, int(r["n"].value)) for r in tied), key=lambda r: (-r[1], r[0]))[:limit]
    total = _q(store, f"SELECT (COUNT(DISTINCT ?x) AS ?n) {sv} WHERE {{ {_ROLE} {filt} }} "
                      f"{'GROUP BY ' + sv if sv else ''}", **subs)
    return top, int(next(iter(total))["n"].value)


def _event_counts(store, iris, filt: str, subs: dict) -> dict[str, int]:
    if not iris:
        return {}
    sv = _sv(subs)
    rows = _q(store, f"""SELECT ?x (COUNT(DISTINCT ?e) AS ?n) {sv} WHERE {{ VALUES ?x {{ {_iri_values(iris)} }}
        {_ROLE} {filt} }} GROUP BY ?x {sv}""", **subs)
    return {r["x"].value: int(r["n"].value) for r in rows}


def _neighbours(store, iris, filt: str, subs: dict) -> set[str]:
    """Entities that share an event with any of ``iris``."""
    sv = _sv(subs)
    rows = _q(store, f"""SELECT DISTINCT ?x {sv} WHERE {{ VALUES ?y {{ {_iri_values(iris)} }}
        ?e kg:agent|kg:target|kg:participant ?y . {filt} ?e kg:agent|kg:target|kg:participant ?x }}""", **subs)
    return {r["x"].value for r in rows}


def _describe(store, iris) -> dict[str, Node]:
    """Label and type of each entity."""
    nodes = {i: Node(i, _local(i).replace("_", " ")) for i in iris}
    if not iris:
        return nodes
    rows = _q(store, f"""SELECT ?x ?l ?c WHERE {{ VALUES ?x {{ {_iri_values(iris)} }}
        OPTIONAL {{ ?x rdfs:label ?l }} OPTIONAL {{ ?x a ?c }} }}""")
    labels: dict[str, list[str]] = defaultdict(list)
    for r in rows:
        x = r["x"].value
        if r["l"] is not None:
            labels[x].append(r["l"].value)
        if r["c"] is not None and r["c"].value in _CLASS_TYPE:
            nodes[x].type = _CLASS_TYPE[r["c"].value]
    for x, ls in labels.items():
        nodes[x].label = sorted(ls)[0]
    return nodes


def _events_among(store, iris, filt: str, subs: dict) -> list[EventRow]:
    """Events between entities of ``iris``: agent and target both in it, or agent-only and participant events of it.

    An event's agents and targets are reported as far as they are in ``iris``.
    """
    if not iris:
        return []
    values = _iri_values(iris)
    sv = _sv(subs)
    details = "?e kg:eventType ?cat . OPTIONAL { ?e kg:date ?d } OPTIONAL { ?e kg:datePrecision ?p } OPTIONAL { ?e kg:modality ?m }"
    pairs = _q(store, f"""SELECT ?e ?a ?t ?cat ?d ?p ?m {sv} WHERE {{ VALUES ?a {{ {values} }}
        ?e kg:agent ?a . ?e kg:target ?t . VALUES ?t {{ {values} }} {filt} {details} }}""", **subs)
    others = _q(store, f"""SELECT ?e ?role ?x ?cat ?d ?p ?m {sv} WHERE {{ VALUES ?x {{ {values} }}
        {{ ?e kg:agent ?x FILTER NOT EXISTS {{ ?e kg:target ?any }} BIND("a" AS ?role) }}
        UNION {{ ?e kg:participant ?x BIND("p" AS ?role) }} {filt} {details} }}""", **subs)
    acc: dict[str, dict] = {}

    def record(r) -> dict:
        rec = acc.get(r["e"].value)
        if rec is None:
            d = r["d"].value if r["d"] is not None else None
            rec = acc[r["e"].value] = {"cat": _local(r["cat"].value), "a": set(), "t": set(), "p": set(), "d": d,
                                       "pr": r["p"].value if r["p"] is not None else None,
                                       "m": r["m"].value if r["m"] is not None else "asserted"}
        return rec

    for r in pairs:
        rec = record(r)
        rec["a"].add(r["a"].value)
        rec["t"].add(r["t"].value)
    for r in others:
        record(r)[r["role"].value].add(r["x"].value)
    out = []
    for e in sorted(acc):
        rec = acc[e]
        d = rec["d"]
        precision = (rec["pr"] or {4: "year", 7: "month"}.get(len(d), "day")) if d else None
        out.append(EventRow(e, rec["cat"], tuple(sorted(rec["a"])), tuple(sorted(rec["t"])), tuple(sorted(rec["p"])),
                            d, precision, rec["m"]))
    return out


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
    rows = _q(store, """SELECT DISTINCT ?x ?name WHERE { ?x rdfs:label|skos:altLabel ?l .
        FILTER(isLiteral(?l) && LCASE(STR(?l)) = ?name) FILTER NOT EXISTS { ?x a kg:EventMention } }""",
              name=ox.Literal(name.strip().lower()))
    found = sorted(r["x"].value for r in rows)
    if found:
        counts = _event_counts(store, found, "", {})
        return min(found, key=lambda x: (-counts.get(x, 0), x))
    names = sorted({r["l"].value for r in _q(store, "SELECT DISTINCT ?l WHERE { ?x rdfs:label|skos:altLabel ?l "
                                                    "FILTER(isLiteral(?l)) FILTER EXISTS { ?e kg:agent|kg:target|kg:participant ?x } }")})
    lower = {n.lower(): n for n in names}
    close = [lower[c] for c in difflib.get_close_matches(name.lower(), list(lower), n=3, cutoff=0.6)]
    close += [n for n in names if name.lower() in n.lower() and n not in close][: 3 - len(close)]
    hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    raise KGError("E402", name=name, hint=hint)


def _documents(store) -> int:
    rows = _q(store, "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a schema:NewsArticle }")
    return int(next(iter(rows))["n"].value)


def select(store, *, focus: str | None = None, hops: int = 1, types=(), since: str | None = None,
           until: str | None = None, limit: int = 150) -> Selection:
    """What to draw, read from the store with SPARQL.

    Without ``focus``: the ``limit`` entities in most events and the events among them. With
    ``focus``: the entity of that name and the entities up to ``hops`` events away (at most
    ``limit``, nearest and most active first), with all events among them.
    """
    types = _check_types(types)
    since_b, until_b = parse_date_bound(since, end=False), parse_date_bound(until, end=True)
    filt, subs = _event_filter(types, since_b, until_b), _subs(since_b, until_b)
    filters = ([", ".join(types)] if types else []) + ([f"since {since}"] if since else []) + (
        [f"until {until}"] if until else [])
    source = str(store.path) if getattr(store, "path", None) else "in-memory store"
    limit = max(1, int(limit))
    if focus is None:
        top, total = _ranking(store, filt, subs, limit)
        counts = dict(top)
        nodes = _describe(store, counts)
        for i, n in counts.items():
            nodes[i].events = n
        events = _events_among(store, counts, filt, subs)
        return Selection(nodes, events, total, _documents(store), source, filters=filters)
    centre = find_entity(store, focus)
    chosen = {centre: 0}
    frontier = {centre}
    left_out = 0  # entities within reach that did not fit under the limit (at the last hop reached)
    for hop in range(1, max(0, int(hops)) + 1):
        if not frontier or len(chosen) >= limit:
            break
        new = _neighbours(store, frontier, filt, subs) - set(chosen)
        if not new:
            break
        counts = _event_counts(store, new, filt, subs)
        ranked = sorted(new, key=lambda x: (-counts.get(x, 0), x))[: limit - len(chosen)]
        left_out = len(new) - len(ranked)
        chosen.update(dict.fromkeys(ranked, hop))
        frontier = set(ranked)
    reachable = len(chosen) + left_out
    nodes = _describe(store, chosen)
    for i, n in _event_counts(store, chosen, filt, subs).items():
        nodes[i].events = n
    events = _events_among(store, chosen, filt, subs)
    return Selection(nodes, events, reachable, _documents(store), source, focus=centre,
                     hops=int(hops), filters=filters)


def event_graph(store) -> nx.MultiDiGraph:
    """A networkx graph of all entities (nodes) and events (agent → target edges) in a kg store.

    Fine for small graphs and notebooks; :func:`draw` reads only what it shows.
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


# ---------------------------------------------------------------------------- helpers


def _fmt_int(n: int) -> str:
    return f"{n:,}"


def _plural(n: int, word: str) -> str:
    return f"{_fmt_int(n)} {word}{'' if n == 1 else 's'}"


def _scale(fig: Figure) -> float:
    """How much to shrink type and marks on a picture smaller than 12 x 9 inches (12 x 5 for a timeline)."""
    w, h = fig.get_size_inches()
    return max(0.55, min(1.0, w / 12, h / getattr(fig, "_kg_base_height", 9)))


def _heading(fig: Figure, title: str, subtitle: str) -> None:
    h = fig.get_size_inches()[1] * 72  # points
    k = _scale(fig)
    fig.text(0.012, 1 - 10 * k / h, title, ha="left", va="top", fontsize=15 * k, fontweight="bold", color=_INK,
             gid="title")
    fig.text(0.012, 1 - 34 * k / h, subtitle, ha="left", va="top", fontsize=10 * k, color=_GREY, gid="subtitle",
             wrap=True)


def _source_text(sel: Selection) -> str:
    return f"{sel.source} · {_plural(sel.documents, 'document')}"


def _boxes_overlap(a, b, pad: float = 0.0) -> bool:
    return a[0] < b[2] + pad and b[0] < a[2] + pad and a[1] < b[3] + pad and b[1] < a[3] + pad


# ---------------------------------------------------------------------------- overview / focus


def _node_radius_pt(events: int, max_events: int) -> float:
    scale = math.sqrt(events / max(1, max_events))
    return 5.0 + 13.0 * scale


def _separate(pos: np.ndarray, rects: np.ndarray, box: tuple[float, float, float, float],
              iterations: int = 2000) -> np.ndarray:
    """Move centres until the rectangles (offsets ``x0, y0, x1, y1`` from each centre) are disjoint.

    All in pixels; centres are kept inside ``box`` so that every rectangle stays on the axes.
    """
    import numpy as np
    pos = pos.copy()
    lo = np.array([box[0], box[1]]) - rects[:, :2]
    hi = np.array([box[2], box[3]]) - rects[:, 2:]
    hi = np.maximum(hi, lo)
    gap = 2.0
    for it in range(iterations):
        x0 = pos[:, 0] + rects[:, 0]
        y0 = pos[:, 1] + rects[:, 1]
        x1 = pos[:, 0] + rects[:, 2]
        y1 = pos[:, 1] + rects[:, 3]
        ox_ = np.minimum(x1[:, None], x1[None, :]) - np.maximum(x0[:, None], x0[None, :]) + gap
        oy_ = np.minimum(y1[:, None], y1[None, :]) - np.maximum(y0[:, None], y0[None, :]) + gap
        over = (ox_ > 0) & (oy_ > 0)
        np.fill_diagonal(over, False)
        if not over.any():
            break
        move = np.zeros_like(pos)
        ii, jj = np.nonzero(np.triu(over))
        oxp, oyp = ox_[ii, jj], oy_[ii, jj]
        cx = (x0[ii] + x1[ii]) - (x0[jj] + x1[jj])
        cy = (y0[ii] + y1[ii]) - (y0[jj] + y1[jj])
        sx = np.where((cx > 0) | ((cx == 0) & (ii < jj)), 1.0, -1.0)
        sy = np.where((cy > 0) | ((cy == 0) & (ii < jj)), 1.0, -1.0)
        # push sideways (cheaper for wide labels) or up and down; later, whichever overlap is smaller
        sideways = oxp < oyp * (1.5 if it < 200 else 1.0)
        extra = 0.0 if it < 200 else 0.5
        dx = np.where(sideways, (oxp / 2 + extra) * sx, 0.0)
        dy = np.where(sideways, 0.0, (oyp / 2 + extra) * sy)
        np.add.at(move[:, 0], ii, dx)
        np.add.at(move[:, 0], jj, -dx)
        np.add.at(move[:, 1], ii, dy)
        np.add.at(move[:, 1], jj, -dy)
        step = 0.6 if it < 200 else 1.0
        pos += move * step
        pos = np.clip(pos, lo, hi)
    return pos


def _fit(raw: np.ndarray, rects: np.ndarray, aw: float, ah: float) -> np.ndarray:
    """Scale positions uniformly (and centre them) so that the boxes around them fill the axes."""
    import numpy as np
    def extent(scale: float) -> np.ndarray:
        p = raw * scale
        return np.array([np.max(p[:, 0] + rects[:, 2]) - np.min(p[:, 0] + rects[:, 0]),
                         np.max(p[:, 1] + rects[:, 3]) - np.min(p[:, 1] + rects[:, 1])])

    room = np.array([aw - 4.0, ah - 4.0])
    lo, hi = 0.0, 1.0
    while np.all(extent(hi) <= room) and hi < 1e6 and np.ptp(raw, axis=0).max() > 0:
        hi *= 2
    for _ in range(40):  # the largest scale whose boxes fit
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if np.all(extent(mid) <= room) else (lo, mid)
    p = raw * lo
    x0, y0 = np.min(p[:, 0] + rects[:, 0]), np.min(p[:, 1] + rects[:, 1])
    w, h = extent(lo)
    return p - np.array([x0, y0]) + 2.0 + (room - np.array([w, h])) / 2


def _layout(g: nx.Graph, order: list[str], rects: np.ndarray, *, aspect: float, seed: int,
            centre: str | None = None) -> np.ndarray:
    """Positions in pixels (before scaling) for ``order``: components by Kamada-Kawai (spring when large),
    each sized for the boxes of its nodes and labels, shelf-packed."""
    import networkx as nx
    import numpy as np
    box_w = dict(zip(order, rects[:, 2] - rects[:, 0] + 6))
    box_h = dict(zip(order, rects[:, 3] - rects[:, 1] + 6))
    comps = sorted((sorted(c, key=order.index) for c in nx.connected_components(g)), key=lambda c: (-len(c), order.index(c[0])))
    if centre is not None:
        comps.sort(key=lambda c: centre not in c)
    boxes = []
    for comp in comps:
        if len(comp) == 1:
            pts = np.zeros((1, 2))
            boxes.append((comp, pts, np.array([box_w[comp[0]], box_h[comp[0]]]), np.array([box_w[comp[0]], box_h[comp[0]]]) / 2))
            continue
        else:
            sub = g.subgraph(comp)
            start = {v: xy for v, xy in zip(comp, nx.circular_layout(comp).values())}
            if len(comp) <= 30:  # Kamada-Kawai reads best but costs O(n²) per step
                lay = nx.kamada_kawai_layout(sub, pos=start)
            else:
                lay = nx.spring_layout(sub, pos=start, seed=seed, iterations=300, k=1.5 / math.sqrt(len(comp)))
            pts = np.array([lay[v] for v in comp], dtype=float)
            pts -= pts.min(axis=0)
            # scale so that an edge is about as long as the boxes at its ends are wide
            lengths = [np.linalg.norm(pts[comp.index(u)] - pts[comp.index(v)]) for u, v in sub.edges]
            want = 1.2 * float(np.mean([max(box_w[v], 1.6 * box_h[v]) for v in comp]))
            pts *= want / max(float(np.mean(lengths)), 1e-9)
        half = np.array([max(box_w[v] for v in comp), max(box_h[v] for v in comp)]) / 2
        boxes.append((comp, pts, pts.max(axis=0) + 2 * half, half))

    def pack(shelf_w: float) -> tuple[dict[str, np.ndarray], float, float]:
        x = y = row_h = width = 0.0
        pos: dict[str, np.ndarray] = {}
        for comp, pts, (w, h), half in boxes:
            if x > 0 and x + w > shelf_w + 1e-9:
                x, y, row_h = 0.0, y + row_h, 0.0
            for v, xy in zip(comp, pts):
                pos[v] = np.array([x + half[0] + xy[0], -(y + h - half[1] - xy[1])])  # shelves go downwards
            x += w
            width, row_h = max(width, x), max(row_h, h)
        return pos, width, y + row_h

    # the shelf width that lets the picture be drawn largest in the axes
    widths = sorted({float(sum(b[2][0] for b in boxes[:k])) for k in range(1, len(boxes) + 1)})
    widths = [w for w in widths if w >= max(b[2][0] for b in boxes) - 1e-9]
    best = max((pack(w) for w in widths), key=lambda r: (round(min(aspect / r[1], 1 / r[2]), 9), -r[1]))
    pos = best[0]
    raw = np.array([pos[v] for v in order], dtype=float)
    return raw - raw.min(axis=0)


def _bezier(p0, p1, rad: float, t: float):
    """A point on matplotlib's ``arc3`` curve from p0 to p1 (pixels)."""
    (x1, y1), (x2, y2) = p0, p1
    cx, cy = (x1 + x2) / 2 + rad * (y2 - y1), (y1 + y2) / 2 - rad * (x2 - x1)
    u = 1 - t
    return u * u * x1 + 2 * u * t * cx + t * t * x2, u * u * y1 + 2 * u * t * cy + t * t * y2


def _sub_arc(p0, p1, rad: float, t0: float, t1: float) -> MplPath:
    """The part ``t0..t1`` of the ``arc3`` curve from p0 to p1, as a quadratic Bézier path."""
    import numpy as np
    from matplotlib.path import Path as MplPath

    (x1, y1), (x2, y2) = p0, p1
    c = np.array([(x1 + x2) / 2 + rad * (y2 - y1), (y1 + y2) / 2 - rad * (x2 - x1)])
    a, b = np.asarray(p0, float), np.asarray(p1, float)
    q = (1 - t0) * (1 - t1) * a + ((1 - t0) * t1 + t0 * (1 - t1)) * c + t0 * t1 * b
    return MplPath([_bezier(p0, p1, rad, t0), tuple(q), _bezier(p0, p1, rad, t1)],
                   [MplPath.MOVETO, MplPath.CURVE3, MplPath.CURVE3])


def _short_date(values: list[str]) -> str:
    c = Counter(values)
    parts = [f"{d} ×{c[d]}" if c[d] > 1 else d for d in sorted(c)]
    return ", ".join(parts[:3]) + (f" +{len(parts) - 3}" if len(parts) > 3 else "")


def _overview(fig: Figure, sel: Selection, *, seed: int) -> None:
    import networkx as nx
    import numpy as np
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch

    nodes = sel.nodes
    order = sorted(nodes, key=lambda i: (nodes[i].label.lower(), i))
    index = {iri: k for k, iri in enumerate(order)}
    # aggregate edges per (agent, target, category)
    agg: dict[tuple[str, str, str], list[EventRow]] = defaultdict(list)
    for ev in sel.events:
        for a in ev.agents:
            for t in ev.targets:
                if a != t:
                    agg[(a, t, ev.category)].append(ev)
    all_links = len(agg)
    max_links = max(150, 2 * len(order))  # beyond that a picture is a hairball; keep the strongest links
    if all_links > max_links:
        agg = {k: agg[k] for k in sorted(agg, key=lambda k: (-len(agg[k]), k))[:max_links]}
    labelled = set(sorted(agg, key=lambda k: (-len(agg[k]), k))[:150])  # edge labels are tried for these
    g = nx.Graph()
    g.add_nodes_from(order)
    g.add_edges_from(sorted({tuple(sorted((a, t), key=index.get)) for a, t, _ in agg}))
    n = len(order)

    # figure areas: heading on top, legends in a right-hand column, the graph in the rest
    W, H = fig.get_size_inches() * fig.dpi
    sk = _scale(fig)
    legend_w = min(0.3, 2.5 * sk * fig.dpi / W)
    top = 1 - 1.15 * sk * fig.dpi / H
    ax = fig.add_axes((0.01, 0.02, 0.98 - legend_w, top - 0.02))
    ax.set_axis_off()
    bbox = ax.get_window_extent()
    aw, ah = bbox.width, bbox.height
    ax.set_xlim(0, aw)
    ax.set_ylim(0, ah)
    px = fig.dpi / 72.0

    font = (9.5 if n <= 40 else 8.5 if n <= 90 else 7.5) * sk
    edge_font = font - 1.5
    max_ev = max((nd.events for nd in nodes.values()), default=1)
    radius = np.array([_node_radius_pt(nodes[i].events, max_ev) for i in order]) * px * sk

    # measure the label texts (smaller type when they would not fit in the axes)
    renderer = fig.canvas.get_renderer()
    texts = [ax.text(0, 0, nodes[iri].label, fontsize=font, ha="center", va="top", color=_INK, zorder=5,
                     gid="node-label", bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.8))
             for iri in order]
    gap = 2 * px

    def measure() -> tuple[np.ndarray, np.ndarray]:
        sizes = np.array([(e.width + 4 * px, e.height + 2 * px) for e in (t.get_window_extent(renderer) for t in texts)])
        rects = np.column_stack([-np.maximum(radius, sizes[:, 0] / 2), -(radius + gap + sizes[:, 1]),
                                 np.maximum(radius, sizes[:, 0] / 2), radius])
        return sizes, rects

    sizes, rects = measure()
    need = float(np.sum((rects[:, 2] - rects[:, 0] + 4) * (rects[:, 3] - rects[:, 1] + 4))) * 2.2
    if need > aw * ah:
        shrink = max(0.6, math.sqrt(aw * ah / need))
        font *= shrink
        radius *= shrink
        for t in texts:
            t.set_fontsize(font)
        sizes, rects = measure()

    # layout: each connected component laid out on its own (in pixels), then packed into the axes' shape
    raw = _layout(g, order, rects, aspect=aw / max(1.0, ah), seed=seed, centre=sel.focus)
    pos = _fit(raw, rects, aw, ah)
    pos = _separate(pos, rects, (0, 0, aw, ah))
    # if the repulsion could not make room everywhere, the smaller entity of a clash loses its label
    lab = np.column_stack([pos[:, 0] - sizes[:, 0] / 2, pos[:, 1] - radius - gap - sizes[:, 1],
                           pos[:, 0] + sizes[:, 0] / 2, pos[:, 1] - radius - gap])
    unlabelled = 0
    for k in sorted(range(n), key=lambda k: (-nodes[order[k]].events, k)):
        clash = [j for j in range(n) if j != k and texts[j].get_visible() and
                 (-nodes[order[j]].events, j) < (-nodes[order[k]].events, k) and
                 _boxes_overlap(tuple(lab[k]), tuple(lab[j]))]
        if clash:
            texts[k].set_visible(False)
            unlabelled += 1
    p = {iri: pos[k] for k, iri in enumerate(order)}

    # nodes and their labels
    for k, iri in enumerate(order):
        nd = nodes[iri]
        focus = iri == sel.focus
        ax.scatter([pos[k, 0]], [pos[k, 1]], s=(2 * radius[k] / px) ** 2, color=_type_colour(nd.type),
                   edgecolors=_INK if focus else "white", linewidths=2.5 if focus else 1.0, zorder=4)
        texts[k].set_position((pos[k, 0], pos[k, 1] - radius[k] - gap))
        if focus:
            texts[k].set_fontweight("bold")

    # edges: one arc per (agent, target, category), spread when a pair has several
    placed = np.zeros((n + sum(1 for _ in agg), 4))
    placed[:n] = np.column_stack([pos[:, 0] + rects[:, 0], pos[:, 1] + rects[:, 1], pos[:, 0] + rects[:, 2],
                                  pos[:, 1] + rects[:, 3]])
    n_placed = n
    by_pair: dict[tuple[str, str], list[tuple[str, str, str]]] = defaultdict(list)
    for key in sorted(agg, key=lambda e: (index[e[0]], index[e[1]], e[2])):
        a, t, _ = key
        by_pair[tuple(sorted((a, t), key=index.get))].append(key)
    max_count = max((len(v) for v in agg.values()), default=1)

    def clear(a: str, t: str, rad: float, k: int, end: float) -> float:
        """Where (curve parameter) the arc leaves node ``k`` and its label: it stops there, not under them."""
        cx, cy = pos[k]
        half_w, top, bottom = sizes[k, 0] / 2, cy - radius[k], cy - radius[k] - gap - sizes[k, 1]
        for step in range(0, 51):
            tt = abs(end - step / 100)
            x, y = _bezier(p[a], p[t], rad, tt)
            inside = (x - cx) ** 2 + (y - cy) ** 2 <= (radius[k] + 1) ** 2 or (
                abs(x - cx) <= half_w and bottom <= y <= top)
            if not inside:
                return min(1.0, tt + 0.01) if end == 0.0 else max(0.0, tt - 0.01)
        return 0.5
    hidden = 0
    for pair, keys in by_pair.items():
        m = len(keys)
        for j, key in enumerate(keys):
            a, t, cat = key
            evs = agg[key]
            base = 0.12 if m == 1 else 0.22 * (j - (m - 1) / 2)
            rad = base if (a, t) == pair else -base
            colour = QUAD_COLOURS[QUAD_CATEGORY.get(cat, "verbal cooperation")]
            stated = any(ev.modality in ("asserted", "reported") for ev in evs)
            ka, kt = index[a], index[t]
            t0, t1 = clear(a, t, rad, ka, 0.0), clear(a, t, rad, kt, 1.0)
            if t1 <= t0:  # the nodes' boxes touch: nothing to draw between them
                t0, t1 = 0.45, 0.55
            arrow = FancyArrowPatch(path=_sub_arc(p[a], p[t], rad, t0, t1), arrowstyle="-|>",
                                    mutation_scale=11 + 2 * math.log1p(len(evs)), color=colour,
                                    lw=1.0 + 2.0 * math.sqrt((len(evs) - 1) / max(1, max_count - 1)) if max_count > 1 else 1.2,
                                    linestyle="-" if stated else (0, (4, 2)), alpha=0.85,
                                    shrinkA=0, shrinkB=0, zorder=2)
            ax.add_artist(arrow)  # not add_patch: the limits are fixed, and updating them is slow
            if key not in labelled:
                hidden += 1
                continue
            label = cat + (f" ×{len(evs)}" if len(evs) > 1 else "")
            if sel.focus is not None:
                dated = [ev.date for ev in evs if ev.date]
                if dated:
                    label += "\n" + _short_date(dated)
            txt = ax.text(0, 0, label, fontsize=edge_font, ha="center", va="center", color=colour, zorder=6,
                          gid="edge-label", linespacing=1.0,
                          bbox=dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.9))
            ext = txt.get_window_extent(renderer)
            w2, h2 = ext.width / 2 + 1, ext.height / 2 + 1
            best = None
            for tt in (0.5, 0.4, 0.6, 0.3, 0.7, 0.25, 0.75, 0.2, 0.8):
                x, y = _bezier(p[a], p[t], rad, tt)
                box = (x - w2, y - h2, x + w2, y + h2)
                if box[0] < 0 or box[1] < 0 or box[2] > aw or box[3] > ah:
                    continue
                others = placed[:n_placed]
                if not np.any((others[:, 0] < box[2] + 1) & (box[0] < others[:, 2] + 1)
                              & (others[:, 1] < box[3] + 1) & (box[1] < others[:, 3] + 1)):
                    best = (x, y, box)
                    break
            if best is None:
                txt.remove()
                hidden += 1
                continue
            txt.set_position(best[:2])
            placed[n_placed] = best[2]
            n_placed += 1

    # legends in the right-hand column
    types_present = sorted({nd.type for nd in nodes.values()}, key=_type_order)
    handles = [Line2D([], [], marker="o", linestyle="", markersize=9 * sk, markerfacecolor=_type_colour(t),
                      markeredgecolor="white", label=t) for t in types_present]
    x_leg = 1 - legend_w + 0.005
    leg = fig.legend(handles=handles, title="Entity type", loc="upper left", bbox_to_anchor=(x_leg, top),
                     frameon=False, fontsize=9 * sk, title_fontsize=10 * sk, alignment="left")
    leg.set_gid("legend-types")
    quads = sorted({QUAD_CATEGORY.get(c, "verbal cooperation") for _, _, c in agg}, key=list(QUAD_COLOURS).index)
    if quads:
        eh = [Line2D([], [], color=QUAD_COLOURS[q], lw=2.2 * sk, label=q) for q in quads]
        y = top - (len(handles) + 2.2) * 0.29 * sk * fig.dpi / H
        leg2 = fig.legend(handles=eh, title="Event (PLOVER quad)", loc="upper left", bbox_to_anchor=(x_leg, y),
                          frameon=False, fontsize=9 * sk, title_fontsize=10 * sk, alignment="left")
        leg2.set_gid("legend-events")
        note_y = y - (len(eh) + 2.4) * 0.29 * sk * fig.dpi / H
    else:
        note_y = top - (len(handles) + 2.4) * 0.29 * sk * fig.dpi / H
    notes = ["Node size: events taken part in.", "Arrows: agent → target, one per", "category; ×n = events."]
    if any(ev.modality not in ("asserted", "reported") for ev in sel.events):
        notes.append("Dashed: not stated as fact.")
    if sel.focus is not None:
        notes.append("Edge labels show event dates.")
    fig.text(x_leg + 0.004, note_y, "\n".join(notes), ha="left", va="top", fontsize=8 * sk, color=_GREY, linespacing=1.4)

    # heading
    n_events = len({ev.iri for ev in sel.events})
    shown = (f"{_fmt_int(len(nodes))} of {_plural(sel.total_entities, 'entity').replace('entitys', 'entities')}"
             if sel.partial else _plural(len(nodes), "entity").replace("entitys", "entities"))
    if sel.focus is not None:
        title = f"{nodes[sel.focus].label}: who did what with whom"
        what = f"{shown} within {_plural(sel.hops, 'hop')}"
    else:
        title = "Who did what to whom"
        what = shown + (" (the most active)" if sel.partial else "")
    sub = [_source_text(sel), what, _plural(n_events, "event")]
    sub += sel.filters
    if all_links > len(agg):
        sub.append(f"the {_fmt_int(len(agg))} strongest of {_fmt_int(all_links)} links")
    left_out = ([f"{_fmt_int(unlabelled)} names"] if unlabelled else []) + (
        [f"{_fmt_int(hidden)} edge labels"] if hidden else [])
    if left_out:
        sub.append(" and ".join(left_out) + " left out (no room)")
    _heading(fig, title, " · ".join(sub))


# ---------------------------------------------------------------------------- timeline


def _period(value: str, precision: str) -> tuple[date, date]:
    y = int(value[:4])
    if precision == "year" or len(value) == 4:
        return date(y, 1, 1), date(y + 1, 1, 1)
    m = int(value[5:7])
    if precision == "month" or len(value) == 7:
        return date(y, m, 1), date(y + (m == 12), m % 12 + 1, 1)
    d = date(y, m, int(value[8:10]))
    return d, d


def _timeline(fig: Figure, sel: Selection, *, max_rows: int = 40) -> None:
    import matplotlib.dates as mdates
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    nodes = sel.nodes
    name = lambda iris: " & ".join(nodes[i].label if i in nodes else _local(i) for i in iris)  # noqa: E731
    rows: dict[str, list[EventRow]] = defaultdict(list)
    undated: list[tuple[str, EventRow]] = []
    for ev in sel.events:
        actors = ev.agents or ev.participants
        key = name(actors) + (f" → {name(ev.targets)}" if ev.targets else "")
        if not ev.date:
            undated.append((key, ev))
        else:
            rows[key].append(ev)
    n_rows_all = len(rows)
    chosen = sorted(rows, key=lambda k: (-len(rows[k]), k))[:max_rows]
    first = {k: min(_period(ev.date, ev.precision)[0] for ev in rows[k]) for k in chosen}
    chosen.sort(key=lambda k: (first[k], k))
    dated_n = sum(len(rows[k]) for k in chosen)

    W, H = fig.get_size_inches() * fig.dpi
    px = fig.dpi / 72.0
    sk = _scale(fig)
    renderer = fig.canvas.get_renderer()
    label_w = 0.0
    for k in chosen:
        t = fig.text(0, 0, k, fontsize=9 * sk)
        label_w = max(label_w, t.get_window_extent(renderer).width)
        t.remove()
    left = min(0.45, (label_w + 16 * px) / W)
    bottom = 0.16 if undated else 0.09

    # the x ranges: one axis, or two when a long empty stretch separates the events (a broken axis)
    spans = sorted((mdates.date2num(a), mdates.date2num(b)) for a, b in
                   (_period(ev.date, ev.precision) for k in chosen for ev in rows[k]))
    if not spans:
        spans = [(mdates.date2num(date(2000, 1, 1)), mdates.date2num(date(2001, 1, 1)))]
    merged = [list(spans[0])]
    for a, b in spans[1:]:
        if a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    ranges = [(0, len(merged) - 1)]  # runs of merged intervals, split at long empty stretches (3 panels at most)
    while len(ranges) < 3:
        best = None
        for r_i, (i, j) in enumerate(ranges):
            span_ = max(b for _, b in merged[i:j + 1]) - merged[i][0]
            for g in range(i, j):
                gap_ = merged[g + 1][0] - merged[g][1]
                if gap_ > 0.5 * span_ and (best is None or gap_ / span_ > best[0]):
                    best = (gap_ / span_, r_i, g)
        if best is None:
            break
        _, r_i, g = best
        i, j = ranges[r_i]
        ranges[r_i:r_i + 1] = [(i, g), (g + 1, j)]
    ranges = [(merged[i][0], max(b for _, b in merged[i:j + 1])) for i, j in ranges]
    padded = [(a - max(2.0, (b - a) * 0.06), b + max(2.0, (b - a) * 0.06)) for a, b in ranges]
    top = 1 - 1.0 * sk * fig.dpi / H
    total_w = 0.985 - left
    split_gap = 0.025 if len(padded) > 1 else 0.0
    weights = [max(0.2, min(0.6, (b - a) / sum(b2 - a2 for a2, b2 in padded))) for a, b in padded]
    weights = [w / sum(weights) for w in weights]
    axes = []
    x0 = left
    for k, ((a, b), w) in enumerate(zip(padded, weights)):
        width = (total_w - split_gap * (len(padded) - 1)) * w
        ax = fig.add_axes((x0, bottom, width, top - bottom))
        x0 += width + split_gap
        ax.set_xlim(a, b)
        ax.set_ylim(len(chosen) - 0.4, -0.6)
        ax.set_yticks(range(len(chosen)), chosen if k == 0 else [], fontsize=9 * sk, color=_INK)
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
        ax.tick_params(axis="y", length=0)
        ax.grid(axis="x", color="#E5E5E5", lw=0.8)
        ax.set_axisbelow(True)
        for r in range(len(chosen)):
            ax.axhline(r, color="#F0F0F0", lw=0.8, zorder=0)
        locator = mdates.AutoDateLocator(minticks=2, maxticks=max(4, int(10 * w)))
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        ax.tick_params(axis="x", labelsize=9 * sk, colors=_GREY)
        ax.xaxis.get_offset_text().set(fontsize=9 * sk, color=_GREY)
        if len(padded) > 1:  # the break marks on the date axis
            d = 0.012
            kw = dict(transform=ax.transAxes, color=_GREY, clip_on=False, lw=1.0)
            if k < len(padded) - 1:
                ax.plot((1 - d * 2 / w, 1 + d * 2 / w), (-0.015, 0.015), **kw)
            if k > 0:
                ax.plot((-d * 2 / w, d * 2 / w), (-0.015, 0.015), **kw)
        axes.append(ax)

    # marks: spans for month/year dates, dots for days; same row + date + category share one mark
    quads_used = set()
    labels_to_place = []
    dots: list[tuple] = []
    bars: dict[tuple[str, str], list[tuple]] = defaultdict(list)
    for r, key in enumerate(chosen):
        by_date: dict[tuple[str, str], Counter] = defaultdict(Counter)
        for ev in rows[key]:
            by_date[(ev.date, ev.precision)][ev.category] += 1
        for (value, precision), cats in sorted(by_date.items(), key=lambda kv: (_period(*kv[0])[0], kv[0])):
            start, end = _period(value, precision)
            x0, x1 = mdates.date2num(start), mdates.date2num(end)
            x = (x0 + x1) / 2
            order_ = sorted(cats, key=lambda c: (PLOVER_CATEGORIES.index(c) if c in PLOVER_CATEGORIES else 99, c))
            m = len(order_)
            for j, cat in enumerate(order_):  # several categories on one date: stacked marks
                count = cats[cat]
                quad = QUAD_CATEGORY.get(cat, "verbal cooperation")
                quads_used.add(quad)
                colour = QUAD_COLOURS[quad]
                y = r + (j - (m - 1) / 2) * (0.3 / m if precision != "day" else 0.13)
                if precision == "day":
                    dots.append((x, y, (60 + 25 * min(count - 1, 8)) * sk ** 2, colour))
                else:
                    bars[(precision, colour)].append((y, x1 - x0, x0, 0.28 / m))
            text = " · ".join(c + (f" ×{cats[c]}" if cats[c] > 1 else "") for c in order_)
            colours = {QUAD_COLOURS[QUAD_CATEGORY.get(c, "verbal cooperation")] for c in order_}
            ax = next(a for a in axes if a.get_xlim()[0] <= x <= a.get_xlim()[1])
            labels_to_place.append((ax, r, x, text, colours.pop() if len(colours) == 1 else _INK))

    for ax in axes:  # one call per kind of mark: fast with thousands of events
        for (precision, colour), items in sorted(bars.items()):
            ys, widths, lefts, heights = zip(*items)
            ax.barh(ys, widths, left=lefts, height=heights, color=colour, alpha=0.35 if precision == "year" else 0.6,
                    edgecolor=colour, linewidth=1.0, hatch="///" if precision == "year" else None, zorder=3)
        if dots:
            xs, ys, sizes_, colours_ = zip(*dots)
            ax.scatter(xs, ys, s=sizes_, c=colours_, edgecolors="white", linewidths=0.8, zorder=4)

    # category labels above or below their mark, never on top of one another
    placed: list[tuple] = []
    dense = len(labels_to_place) > 150  # then colours speak; names of thousands of marks would be noise
    if not dense:  # labels keep off the dots too
        for x, y, size, _ in dots:
            for ax in axes:
                cx, cy = ax.transData.transform((x, y))
                rad = math.sqrt(size) / 2 * px
                if ax.bbox.x0 <= cx <= ax.bbox.x1:
                    placed.append((cx - rad, cy - rad, cx + rad, cy + rad))
    hidden = 0
    for ax, r, x, text, colour in labels_to_place:
        for dy in (-0.24, 0.26, -0.42, 0.42, None) if not dense else (None,):  # above (the y axis is inverted), below, higher, lower
            if dy is None:
                hidden += 1
                break
            t = ax.text(x, r + dy, text, fontsize=7.5 * sk, ha="center", va="center", color=colour, gid="event-label",
                        zorder=5, clip_on=False, bbox=dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.85))
            ext = t.get_window_extent(renderer)
            shift = min(0.0, W - 3 - ext.x1) or max(0.0, 3 - ext.x0)  # keep it on the picture
            if shift:
                t.set_x(ax.transData.inverted().transform((ext.x0 + ext.width / 2 + shift, 0))[0])
                ext = t.get_window_extent(renderer)
            box = (ext.x0, ext.y0, ext.x1, ext.y1)
            if not any(_boxes_overlap(box, b, 1.0) for b in placed):
                placed.append(box)
                break
            t.remove()

    # legend: quad colours and what dots and spans mean
    handles = [Patch(color=QUAD_COLOURS[q], label=q) for q in QUAD_COLOURS if q in quads_used]
    handles += [Line2D([], [], marker="o", linestyle="", color=_GREY, label="day"),
                Patch(facecolor=_GREY, alpha=0.6, label="month"),
                Patch(facecolor=_GREY, alpha=0.35, hatch="///", label="year")]
    leg = fig.legend(handles=handles, loc="upper right", bbox_to_anchor=(0.99, 1 - 0.58 * sk * fig.dpi / H), ncols=len(handles),
                     frameon=False, fontsize=8.5 * sk, handlelength=1.4, columnspacing=1.2)
    leg.set_gid("legend-events")

    if undated:
        items = sorted(f"{ev.category} {k}" for k, ev in undated)
        shown = items[:6]
        more = f"; +{len(items) - 6} more" if len(items) > 6 else ""
        fig.text(0.012, 0.02, f"No date, not on the axis ({len(items)}): " + "; ".join(shown) + more,
                 ha="left", va="bottom", fontsize=8 * sk, color=_GREY, wrap=True, gid="undated")

    scope = f"around {nodes[sel.focus].label} ({_plural(sel.hops, 'hop')})" if sel.focus else (
        f"{_fmt_int(len(nodes))} of {_fmt_int(sel.total_entities)} entities (the most active)" if sel.partial else "")
    title = f"Timeline{': ' + nodes[sel.focus].label if sel.focus else ''}"
    sub = [_source_text(sel)] + ([scope] if scope else [])
    sub.append(f"{_plural(dated_n, 'dated event')} in {_plural(len(chosen), 'row')}"
               + (f" (of {_fmt_int(n_rows_all)})" if n_rows_all > len(chosen) else ""))
    if undated:
        sub.append(f"{_fmt_int(len(undated))} undated")
    if dense:
        sub.append("too many events to name each: colour shows the category")
    elif hidden:
        sub.append(f"{hidden} labels left out (no room)")
    sub += sel.filters
    _heading(fig, title, " · ".join(sub))


# ---------------------------------------------------------------------------- entry points


def draw_figure(target, *, focus: str | None = None, hops: int = 1, timeline: bool = False, types=(),
                since: str | None = None, until: str | None = None, size: tuple[float, float] = (12, 9),
                dpi: int = 100, limit: int = 150, seed: int = 7) -> Figure:
    """The matplotlib Figure that :func:`draw` saves (for notebooks).

    ``target`` is an open :class:`~kg.graph.store.KGStore`, a store or output folder, or an RDF file.
    Node and edge labels are the figure's text artists (gid ``node-label``, ``edge-label``).

    Examples
    --------
    >>> from kg.graph.store import KGStore
    >>> draw_figure(KGStore(None))
    Traceback (most recent call last):
    kg.errors.DrawError: [E401] nothing to draw: no events between entities (or none match the filters)
    """
    from kg.graph.target import open_target

    with open_target(target) as store:
        sel = select(store, focus=focus, hops=hops, types=types, since=since, until=until, limit=limit)
    if not sel.nodes or (timeline and not sel.events):
        raise KGError("E401", detail="no events between entities (or none match the filters)")
    w, h = size
    from matplotlib import rc_context
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(w, h), dpi=dpi, facecolor="white")
    FigureCanvasAgg(fig)
    with rc_context({"font.family": "DejaVu Sans", "svg.hashsalt": "kg", "hatch.linewidth": 0.6}):
        if timeline:
            fig._kg_base_height = 5
            _timeline(fig, sel)
        else:
            _overview(fig, sel, seed=seed)
    return fig


def draw(target, out: str | Path, *, focus: str | None = None, hops: int = 1, timeline: bool = False, types=(),
         since: str | None = None, until: str | None = None, fmt: str | None = None,
         size: tuple[float, float] = (12, 9), dpi: int = 100, limit: int = 150, seed: int = 7) -> Path:
    """Draw the graph at ``target`` to ``out`` (PNG or SVG); returns the path written.

    Parameters
    ----------
    target : KGStore or str or Path
        An open store, a store or output folder, or an RDF file.
    out : str or Path
        File to write; its suffix picks the format unless ``fmt`` is given.
    focus, hops : str, int
        Draw the neighbourhood of the entity with this name (label or alt label), ``hops`` events deep.
    timeline : bool
        Draw events on a date axis instead of a network.
    types, since, until : PLOVER categories, ``YYYY[-MM[-DD]]``
        Keep only these events.
    fmt : ``"png"`` or ``"svg"``
    size, dpi : inches (width, height) and dots per inch; a PNG is ``width*dpi × height*dpi`` pixels.
    limit : int
        Most entities to draw; above it the most active are drawn and the picture says so.
    seed : int
        Seed of the layout.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from kg.pipeline import run_build
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("Russia invaded Ukraine in 2022. Putin met Trump in Alaska.")
    >>> store = run_build([folder]).store
    >>> path = draw(store, folder / "graph.png", size=(4, 3), dpi=50)
    >>> path.read_bytes()[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
    True
    """
    out = Path(out)
    kind = (fmt or out.suffix.lstrip(".") or "png").lower()
    if kind not in FORMATS:
        raise KGError("E404", exit_code=2, option="--format", value=kind, detail="use png or svg")
    fig = draw_figure(target, focus=focus, hops=hops, timeline=timeline, types=types, since=since, until=until,
                      size=size, dpi=dpi, limit=limit, seed=seed)
    metadata = {"Software": None} if kind == "png" else {"Date": None, "Creator": None}
    from matplotlib import rc_context

    from kg.graph.target import replacing

    with replacing(out) as tmp, rc_context({"svg.hashsalt": "kg", "hatch.linewidth": 0.6}):
        fig.savefig(tmp, format=kind, metadata=metadata, facecolor="white")
    return out
