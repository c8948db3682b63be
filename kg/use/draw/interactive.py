"""The interactive view (``kg draw TARGET --format html -o graph.html``): one self-contained page to explore a graph.

The page is one HTML file: kg's script and style, `Cytoscape.js <https://js.cytoscape.org>`_
(vendored from npm in ``vendor/``, with its licence) and the graph as JSON, all inline. It
loads nothing from anywhere: a Content-Security-Policy allows only the page's own scripts (by
their SHA-256) and no connections, images or fonts from elsewhere, and every name and
sentence from the graph is written as text, never as HTML.

What it shows: every entity of the graph (people, countries, organisations, …) as a dot
coloured by type and sized by how many events it takes part in; events as arrows agent →
target, one per category, coloured by PLOVER quad, dashed grey when not stated as fact
(negated, hypothetical, future, question: these are off until their modality is ticked).
Search by any name or alias; filter by category, quad, modality and date range (the date
is the text's, else the report's); click a dot for its aliases, country and events, an
arrow for the sentences behind it with their documents and dates.

Why Cytoscape.js: it draws on a 2D canvas (WebGL viewers need a GPU, or a software one a
headless browser may not have), needs no other package, and stays smooth with the 3,575
entities and 290 events of the 284-article Wikinews graph when positions are given:
positions are computed here, not in the browser, so the same store gives the same bytes.
A force layout of all 3,850 entities and documents took 79 s with networkx (spring) and 129 s
(ForceAtlas2) on this project's machine; instead the 284 documents are laid out (spring,
weighted by the entities they share, seeded) and each entity is put at the free place nearest
the centre of the documents that mention it, the busiest first: about 7 s for the 284 articles
(a grid of placed dots, Python), and the entities of one story stay together. Dots are drawn
in graph units (they grow with the zoom like the distances), so no zoom separates dots that
overlap: with a story's entities 6 units apart on a spiral whatever their width (10 to 44), no
arrow of the seed graph had a clickable middle, and on the 284 articles the entities many
stories share sat on each other in the middle (Chromium draws no arrow between covered dots).
Pushing overlapping dots apart afterwards (k-d tree pairs, 60 rounds) left 1,900 pairs too
close; placing each dot where it fits leaves none (:func:`_need`).
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import math
from collections import defaultdict
from functools import cache
from pathlib import Path

from kg.use.draw.selection import local_name, run_query, select, select_events
from kg.use.draw.style import (
    CLASS_TYPE,
    QUAD_CATEGORY,
    QUAD_COLOURS,
    TYPE_COLOURS,
    type_colour,
)

HERE = Path(__file__).resolve().parent
PAGE = HERE / "page"
VENDOR = HERE / "vendor"
MODALITIES = ("asserted", "reported", "future", "hypothetical", "negated", "question")


@cache
def _asset(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _entities(store, iris: set[str] | None) -> dict[str, dict]:
    """Label, type, aliases and country of every entity (or of ``iris``)."""
    out: dict[str, dict] = {}
    for r in run_query(store, "entities_all", values={"c": CLASS_TYPE}):
        x = r["x"].value
        if iris is not None and x not in iris:
            continue
        rec = out.setdefault(x, {"label": None, "type": CLASS_TYPE[r["c"].value], "alt": set(), "country": None})
        if r["l"] is not None and (rec["label"] is None or r["l"].value < rec["label"]):
            rec["label"] = r["l"].value
    for x in iris or ():  # an entity in events whose class is not one of kg's (should not happen): still shown
        out.setdefault(x, {"label": None, "type": "Other", "alt": set(), "country": None})
    for rec_iri, rec in out.items():
        rec["label"] = rec["label"] or local_name(rec_iri).replace("_", " ")
    for r in run_query(store, "alt_labels", values={"x": out}):
        out[r["x"].value]["alt"].add(r["a"].value)
    for r in run_query(store, "countries", values={"x": out}):
        if r["k"].value != r["x"].value:
            out[r["x"].value]["country"] = r["k"].value
    return out


def _documents(store) -> dict[str, dict]:
    docs = {}
    for r in run_query(store, "documents_all"):
        value = {k: (r[k].value if r[k] is not None else None) for k in ("name", "headline", "date", "url")}
        if value["url"] and not value["url"].startswith(("http://", "https://")):
            value["url"] = None
        docs[r["d"].value] = value
    return docs


def _mentions(store, entities) -> dict[str, list[str]]:
    """The documents that mention each entity."""
    out: dict[str, list[str]] = defaultdict(list)
    for r in run_query(store, "mentions"):
        if r["x"].value in entities:
            out[r["x"].value].append(r["d"].value)
    return {x: sorted(ds) for x, ds in out.items()}


def _doc_positions(mentions: dict[str, list[str]], seed: int) -> dict[str, tuple]:
    """Documents laid out by the entities they share (a shared entity weighs less the more documents it is in)."""
    import networkx as nx

    g = nx.Graph()
    by_entity = sorted(mentions.items())
    for _, docs in by_entity:
        g.add_nodes_from(docs)
    for _, docs in by_entity:
        if 1 < len(docs) <= 60:  # an entity in most documents says nothing about where one belongs
            w = 1 / math.log(1 + len(docs))
            for i, a in enumerate(docs):
                for b in docs[i + 1:]:
                    g.add_edge(a, b, weight=g.get_edge_data(a, b, {"weight": 0})["weight"] + w)
    if not len(g):
        return {}
    nodes = sorted(g)
    start = {v: xy for v, xy in zip(nodes, nx.circular_layout(nodes).values())}
    pos = nx.spring_layout(g, pos=start, seed=seed, iterations=100, weight="weight")
    return {d: (float(x), float(y)) for d, (x, y) in pos.items()}


def dot_sizes(counts: dict[str, int], entities) -> dict[str, float]:
    """The width of each entity's dot on the page, by how many events it takes part in (the page draws it so).

    Examples
    --------
    >>> dot_sizes({"a": 4, "b": 1}, ["a", "b", "c"])
    {'a': 44.0, 'b': 27.0, 'c': 5.0}
    """
    most = max([1, *counts.values()])
    return {x: round(10 + 34 * math.sqrt(counts[x] / most), 1) if counts.get(x) else LONELY for x in entities}


#: page units per unit of networkx's layout (which spans about -1..1)
SCALE = 1000
#: the space kept between two dots (page units)
GAP = 4.0
#: the width of the dot of an entity in no event (no arrow to keep clear: its dot only must not cover another)
LONELY = 5.0


def _need(a: float, b: float) -> float:
    """How far apart the centres of dots ``a`` and ``b`` wide must be: when both have arrows, ``max + 0.6 min +
    GAP`` (the middle of an arrow between them is then clear of both, by 0.3 of the smaller and some); else only
    not touching. Measured on the seed graph: with dots 6 units apart whatever their width (10 to 44), no arrow of
    a story could be clicked; on the 284 articles, dots of different stories sat on each other in the middle and
    Chromium drew no arrow between covered dots."""
    big, small = max(a, b), min(a, b)
    return big + 0.6 * small + GAP if small > LONELY else (big + small) / 2 + GAP / 2


class _Room:
    """Dots placed so far, in a grid of small cells; a dot looks as many cells around as it must keep away."""

    def __init__(self, widest: float):
        self.widest, self.cell = widest, 16.0
        self.grid: dict[tuple[int, int], list[tuple[float, float, float]]] = defaultdict(list)
        self.tried: dict[tuple[float, float], int] = {}  # where the spiral around a wanted place got to

    def free(self, x: float, y: float, size: float) -> bool:
        cx, cy, r = int(x // self.cell), int(y // self.cell), math.ceil(_need(size, self.widest) / self.cell)
        return all(math.hypot(x - px, y - py) >= _need(size, ps)
                   for i in range(-r, r + 1) for j in range(-r, r + 1)
                   for px, py, ps in self.grid.get((cx + i, cy + j), ()))

    def put(self, x: float, y: float, size: float) -> tuple[float, float]:
        """The first free place on a sunflower spiral around ``(x, y)`` (from where the last dot that wanted the same
        place was put); taken."""
        golden, step = math.pi * (3 - math.sqrt(5)), (size + GAP) / 2
        for k in itertools.count(self.tried.get((x, y), 0)):
            r = step * math.sqrt(k)
            px, py = x + r * math.cos(k * golden), y + r * math.sin(k * golden)
            if self.free(px, py, size):
                self.tried[(x, y)] = k + 1
                self.grid[(int(px // self.cell), int(py // self.cell))].append((px, py, size))
                return px, py
        raise AssertionError("unreachable")  # pragma: no cover


def layout(entities: dict[str, dict], mentions: dict[str, list[str]], events, seed: int,
           sizes: dict[str, float] | None = None) -> dict[str, tuple]:
    """Positions of the entities in page units, no dot covering another (:func:`_need`).

    Each entity wants the centre of the documents that mention it (with no document: of the entities it has events
    with, else a ring outside); the largest dots (:func:`dot_sizes`; 10 wide if not given) are placed first, each
    at the free place nearest what it wants, so a story's busiest entities are at its centre. Rounded, so the same
    input gives the same text.

    Examples
    --------
    >>> pos = layout({"a": {}, "b": {}}, {"a": ["d1"], "b": ["d1"]}, [], 7, {"a": 20.0, "b": 10.0})
    >>> pos["a"], round(math.dist(pos["a"], pos["b"]) - (20 + 6 + GAP), 1) >= 0
    ((0.0, -0.0), True)
    """
    import networkx as nx

    sizes = sizes or {x: 10.0 for x in entities}
    docs = {d: (p[0] * SCALE, p[1] * SCALE) for d, p in _doc_positions(mentions, seed).items()}
    want: dict[str, tuple[float, float]] = {}
    for x in sorted(entities):
        places = [docs[d] for d in mentions.get(x, ()) if d in docs]
        if places:
            want[x] = (sum(p[0] for p in places) / len(places), sum(p[1] for p in places) / len(places))
    rest = sorted(x for x in entities if x not in want)
    partners: dict[str, set[str]] = defaultdict(set)
    for ev in events:
        for a in ev.agents + ev.participants:
            for t in ev.targets:
                partners[a].add(t)
                partners[t].add(a)
    if rest and not want:  # no document mentions anyone (a graph read from a file): a force layout of the events
        g = nx.Graph((a, t) for a in sorted(partners) for t in sorted(partners[a]) if a != t)
        g.add_nodes_from(rest)
        start = {v: xy for v, xy in zip(rest, nx.circular_layout(rest).values())}
        want = {x: (p[0] * SCALE, p[1] * SCALE) for x, p in nx.spring_layout(g, pos=start, seed=seed,
                                                                              iterations=100).items()}
    for k, x in enumerate(x for x in rest if x not in want):  # no document: beside those it has events with
        near = [want[y] for y in sorted(partners[x]) if y in want]
        angle = k * math.pi * (3 - math.sqrt(5))
        want[x] = ((sum(p[0] for p in near) / len(near), sum(p[1] for p in near) / len(near)) if near
                   else (1.1 * SCALE * math.cos(angle), 1.1 * SCALE * math.sin(angle)))
    room = _Room(max(sizes.values(), default=LONELY))
    pos = {x: room.put(*want[x], sizes[x]) for x in sorted(want, key=lambda x: (-sizes[x], x))}
    return {x: (round(pos[x][0], 1), round(pos[x][1] * -1, 1)) for x in sorted(pos)}


def graph_data(store, *, focus: str | None = None, hops: int = 1, types=(), since: str | None = None,
               until: str | None = None, seed: int = 7) -> dict:
    """The graph as the page reads it: documents, entities (with positions) and events, ids as list indexes.

    Without ``focus`` or filters every entity is there, those in no event too (faded, and found by search).
    """
    if focus is not None:
        sel = select(store, focus=focus, hops=hops, types=types, since=since, until=until, limit=10**6)
    else:
        sel = select_events(store, types=types, since=since, until=until)
    whole = focus is None and not sel.filters
    entities = _entities(store, None if whole else set(sel.nodes))
    docs = _documents(store)
    mentions = _mentions(store, entities)
    evidence = {r["e"].value: r for r in run_query(store, "evidence_all")}
    counts: dict[str, int] = defaultdict(int)
    for ev in sel.events:
        for x in set(ev.agents + ev.targets + ev.participants):
            counts[x] += 1
    sizes = dot_sizes(counts, entities)
    pos = layout(entities, mentions, sel.events, seed, sizes)
    doc_ids = sorted(docs)
    doc_index = {d: i for i, d in enumerate(doc_ids)}
    ids = sorted(entities, key=lambda x: (entities[x]["label"].lower(), x))
    index = {x: i for i, x in enumerate(ids)}
    nodes = [{"label": entities[x]["label"], "type": entities[x]["type"], "alt": sorted(entities[x]["alt"]),
              "country": index.get(entities[x]["country"]), "events": counts.get(x, 0),
              "docs": len(mentions.get(x, ())), "size": sizes[x], "x": pos.get(x, (0.0, 0.0))[0], "y": pos.get(x, (0.0, 0.0))[1],
              "iri": x} for x in ids]
    events = [_event(ev, evidence.get(ev.iri), index, doc_index) for ev in sel.events]
    return {
        "title": f"Focus: {entities[sel.focus]['label']}" if sel.focus else "Who did what to whom",
        "source": sel.source, "filters": sel.filters,
        "types": {t: type_colour(t) for t in sorted({n["type"] for n in nodes}, key=_type_key)},
        "quads": QUAD_COLOURS, "categories": QUAD_CATEGORY, "modalities": list(MODALITIES),
        "documents": [[docs[d]["name"], docs[d]["headline"], docs[d]["date"], docs[d]["url"]] for d in doc_ids],
        "nodes": nodes, "events": events, "focus": index.get(sel.focus),
    }


def _type_key(t: str) -> tuple:
    known = list(TYPE_COLOURS)
    return (known.index(t), "") if t in known else (len(known), t)


def _event(ev, evidence, index: dict[str, int], doc_index: dict[str, int]) -> dict:
    def value(var: str):
        return evidence[var].value if evidence is not None and evidence[var] is not None else None

    doc = value("doc")
    return {"id": local_name(ev.iri), "c": ev.category, "a": [index[x] for x in ev.agents if x in index],
            "t": [index[x] for x in ev.targets if x in index], "p": [index[x] for x in ev.participants if x in index],
            "d": ev.date, "dp": ev.precision, "rd": ev.report, "m": ev.modality, "s": value("s"),
            "trigger": value("trigger"), "doc": doc_index.get(doc) if doc else None}


def _script_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def page(data: dict) -> str:
    """The HTML page of ``data`` (:func:`graph_data`): one file with everything inline, the same text for the same data."""
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    payload = payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")  # inert inside <script>
    scripts = [_asset(VENDOR / "cytoscape.min.js"), _asset(PAGE / "view.js")]
    csp = ("default-src 'none'; script-src " + " ".join(_script_hash(s) for s in scripts)
           + "; style-src 'unsafe-inline'; img-src data: blob:; base-uri 'none'; form-action 'none'")
    html = _asset(PAGE / "view.html")
    for key, value in (("CSP", csp), ("TITLE", _text(data["title"])), ("STYLE", _asset(PAGE / "view.css")),
                       ("DATA", payload), ("CYTOSCAPE", scripts[0]), ("VIEW", scripts[1])):
        html = html.replace("{{" + key + "}}", value, 1)
    return html


def _text(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def write_html(target, out: str | Path, *, focus: str | None = None, hops: int = 1, types=(),
               since: str | None = None, until: str | None = None, seed: int = 7) -> Path:
    """Write the interactive view of the graph at ``target`` to ``out``; returns the path.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from kg.graph.store import KGStore
    >>> out = write_html(KGStore(None), pathlib.Path(tempfile.mkdtemp()) / "g.html")
    >>> text = out.read_text(encoding="utf-8")
    >>> text.startswith("<!DOCTYPE html>"), "https://" in text.split("<script")[0]
    (True, False)
    """
    from kg.graph.target import open_target, replacing

    with open_target(target) as store:
        data = graph_data(store, focus=focus, hops=hops, types=types, since=since, until=until, seed=seed)
    out = Path(out)
    with replacing(out) as tmp:
        Path(tmp).write_text(page(data), encoding="utf-8")
    return out
