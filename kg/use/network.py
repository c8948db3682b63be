"""The graph as a network: entities as nodes, events as edges, for networkx, Gephi and Cytoscape.

:func:`to_networkx` reads a kg graph (an output folder, a store folder, an RDF file or an open
:class:`~kg.graph.store.KGStore`) into a :class:`networkx.MultiDiGraph`; :func:`write_graphml`,
:func:`write_gexf` and :func:`write_csv` write it for the tools network analysts use
(``kg export -f graphml|gexf|csv``).

Nodes and edges
---------------
A node is an entity (an IRI typed with one of kg's entity classes), keyed by its IRI, with
``label``, ``type`` (``Person``, ``Country``...), ``country`` (the label of the country it acts
for; a country's own label), ``country_code`` (ISO alpha-3), ``events`` (how many events it
is agent or target of) and, for countries and cities, ``geonames`` (its GeoNames IRI) and
``latitude``/``longitude``. An edge is an event from its agent to its target, keyed by the
event's id (``b35c5cc3631977a9-4``, as ``kg query`` shows it), with ``label`` and ``category``
(PLOVER), ``quad`` (PLOVER's quad category, from ``kg/graph/ontology.ttl``), ``date`` and
``precision``, ``published`` (the report's date), ``modality``, ``trigger``, ``confidence``,
``evidence`` (the sentence) with its character offsets ``evidence_begin``/``evidence_end`` (not
``begin``/``end``, which GEXF reads as time), ``source`` (the document's URL,
else its file name) and ``document`` (its IRI). kg writes one event per agent-target pair, so
there is one edge per event; an event with several agents or targets would give one edge per
pair, keyed ``<id>#<n>`` after the first.

No attribute is ``None`` (GraphML and GEXF writers reject it): a text kg does not know is
``""``, and coordinates are left out of nodes that have none. Nodes and edges are added in IRI
order, so a graph gives the same file every time; the GEXF writer's ``lastmodifieddate`` (today)
is dropped for the same reason.

The graph is read with two SPARQL queries (``kg/use/sparql/network_*.rq``) rather than through
:mod:`kg.use.draw`, which reads only what a picture shows: on the 284-article corpus (3,563
entities, 285 events) reading it takes 0.8 s of CPU, writing GraphML 0.3 s more.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.graph.target import open_target
from kg.graph.vocab import ENTITY_CLASSES, KG

if TYPE_CHECKING:  # networkx is imported when a network is made (0.2 s that `import kg` and `kg build` do not pay)
    import networkx as nx

__all__ = ["to_networkx", "write_graphml", "write_gexf", "write_csv", "csv_paths", "NODE_COLUMNS", "EDGE_COLUMNS"]

SPARQL = Path(__file__).resolve().parent / "sparql"
ONTOLOGY = Path(__file__).resolve().parents[1] / "graph" / "ontology.ttl"

#: CSV columns: Gephi's names (Id, Label, Source, Target) first, so its importer needs no mapping.
NODE_COLUMNS = ("Id", "Label", "type", "country", "country_code", "events", "geonames", "latitude", "longitude")
EDGE_COLUMNS = ("Source", "Target", "Id", "Label", "category", "quad", "date", "precision", "published",
                "modality", "trigger", "confidence", "evidence", "evidence_begin", "evidence_end", "source", "document")

_TYPES = {str(cls): name for name, (cls, _) in ENTITY_CLASSES.items()}
_EVENT_BASE = "/event/"


def _rows(store, name: str) -> list:
    text = (SPARQL / name).read_text(encoding="utf-8")
    return list(store.ox.query(text, use_default_graph_as_union=True))


def _text(term) -> str:
    return "" if term is None else term.value


@cache
def quad_categories() -> dict[str, str]:
    """PLOVER category -> quad category, from kg's ontology.

    Examples
    --------
    >>> quad_categories()["CONSULT"], quad_categories()["ASSAULT"]
    ('VERBAL COOPERATION', 'MATERIAL CONFLICT')
    """
    graph = ox.Store()
    graph.load(path=str(ONTOLOGY), format=ox.RdfFormat.TURTLE)
    quad = ox.NamedNode(str(KG.quadCategory))
    return {q.subject.value.rsplit("#", 1)[-1]: q.object.value for q in graph.quads_for_pattern(None, quad, None)}


def _local(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _event_id(iri: str) -> str:
    return iri.split(_EVENT_BASE, 1)[1] if _EVENT_BASE in iri else _local(iri)


def _add_nodes(g: nx.MultiDiGraph, store) -> None:
    for r in _rows(store, "network_nodes.rq"):
        type_ = _TYPES.get(_text(r["class"]))
        if type_ is None:
            continue
        iri = r["entity"].value
        attrs = {"label": _text(r["label"]) or _local(iri).replace("_", " "), "type": type_,
                 "country": _text(r["country"]), "country_code": _text(r["countryCode"]),
                 "events": 0, "geonames": _text(r["geonames"])}
        if r["lat"] is not None and r["long"] is not None:
            attrs["latitude"], attrs["longitude"] = float(r["lat"].value), float(r["long"].value)
        g.add_node(iri, **attrs)


def _edge_attrs(r, event_id: str, quads: dict[str, str]) -> dict:
    category = _local(_text(r["type"]))
    return {
        "id": event_id, "label": category, "category": category, "quad": quads.get(category, ""),
        "date": _text(r["date"]), "precision": _text(r["precision"]), "published": _text(r["published"]),
        "modality": _text(r["modality"]), "trigger": _text(r["trigger"]),
        "confidence": float(r["confidence"].value) if r["confidence"] is not None else 0.0,
        "evidence": _text(r["evidence"]),
        "evidence_begin": int(r["begin"].value) if r["begin"] is not None else -1,
        "evidence_end": int(r["end"].value) if r["end"] is not None else -1,
        "source": _text(r["url"]) or _text(r["name"]), "document": _text(r["document"]),
    }


def _add_edges(g: nx.MultiDiGraph, store) -> None:
    quads = quad_categories()
    seen: dict[str, int] = {}
    for r in _rows(store, "network_edges.rq"):
        event = r["event"].value
        n = seen[event] = seen.get(event, -1) + 1
        event_id = _event_id(event) + (f"#{n}" if n else "")
        agent, target = r["agent"].value, r["target"].value
        for node in (agent, target):
            if node not in g:  # an argument that is no typed entity (an RDF file from elsewhere)
                g.add_node(node, label=_local(node).replace("_", " "), type="", country="", country_code="",
                           events=0, geonames="")
            g.nodes[node]["events"] += 1
        if agent == target:
            g.nodes[agent]["events"] -= 1
        g.add_edge(agent, target, key=event_id, **_edge_attrs(r, event_id, quads))


def to_networkx(target) -> nx.MultiDiGraph:
    """The entities and events of a kg graph as a networkx ``MultiDiGraph``.

    Parameters
    ----------
    target : str or Path or KGStore
        A kg output folder, store folder, RDF file or open store.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes keyed by entity IRI, edges agent → target keyed by event id, with the
        attributes listed in the module docstring.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from kg.pipeline import run_build
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("Russia invaded Ukraine in 2022.")
    >>> store = run_build([folder], store=folder / "store").store
    >>> store.close()
    >>> g = to_networkx(folder)            # a path: the store is opened and closed here
    >>> [g.nodes[n]["label"] for n in g]
    ['Russia', 'Ukraine']
    >>> [(g.nodes[a]["label"], g.nodes[t]["label"], d["category"], d["quad"], d["date"])
    ...  for a, t, d in g.edges(data=True)]
    [('Russia', 'Ukraine', 'ASSAULT', 'MATERIAL CONFLICT', '2022')]
    >>> g.nodes["https://w3id.org/kg-news/data/country/Russia"]["geonames"]
    'https://sws.geonames.org/2017370/'
    """
    import networkx as nx

    g = nx.MultiDiGraph()
    with open_target(target) as store:
        _add_nodes(g, store)
        _add_edges(g, store)
    return g


def write_graphml(g: nx.MultiDiGraph, path: str | Path) -> None:
    """Write ``g`` as GraphML (networkx's writer; edge ids are the event ids)."""
    import networkx as nx

    nx.write_graphml(g, path, encoding="utf-8", prettyprint=True)


def write_gexf(g: nx.MultiDiGraph, path: str | Path) -> None:
    """Write ``g`` as GEXF 1.2 for Gephi, without the writer's date stamp (same graph, same bytes)."""
    from networkx.readwrite.gexf import GEXFWriter

    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    writer.add_graph(g)
    meta = writer.xml.find("meta")
    if meta is not None:
        meta.attrib.pop("lastmodifieddate", None)
    writer.write(path)


def csv_paths(out: str | Path) -> tuple[Path, Path]:
    """The node and edge files of a CSV export to ``out``: ``<stem>.nodes.csv`` and ``<stem>.edges.csv``.

    Examples
    --------
    >>> [p.name for p in csv_paths("out/graph.csv")]
    ['graph.nodes.csv', 'graph.edges.csv']
    >>> [p.name for p in csv_paths("graph.edges.csv")]
    ['graph.nodes.csv', 'graph.edges.csv']
    """
    out = Path(out)
    stem = out.name
    for suffix in (".nodes.csv", ".edges.csv", ".csv"):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    return out.with_name(stem + ".nodes.csv"), out.with_name(stem + ".edges.csv")


def write_csv(g: nx.MultiDiGraph, nodes_path: str | Path, edges_path: str | Path) -> None:
    """Write ``g`` as a node list and an edge list (UTF-8 CSV with a header row, one edge row per event)."""
    with open(nodes_path, "w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(NODE_COLUMNS)
        for iri, d in g.nodes(data=True):
            out.writerow([iri, d["label"], *(d.get(c, "") for c in NODE_COLUMNS[2:])])
    with open(edges_path, "w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(EDGE_COLUMNS)
        for agent, target, d in g.edges(data=True):
            out.writerow([agent, target, d["id"], d["label"], *(d[c] for c in EDGE_COLUMNS[4:])])
