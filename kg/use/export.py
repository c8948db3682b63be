"""Export a kg graph: RDF for linked-data tools, networks for network tools.

RDF: Turtle, N-Triples and RDF/XML (the union of all graphs) and TriG and N-Quads (with each
document's named graph), through Oxigraph's streaming serializers; JSON-LD with kg's
published ``@context`` and readable keys (:mod:`kg.use.jsonld`). Networks, entities as nodes
and events as edges (:mod:`kg.use.network`): GraphML (Cytoscape, yEd, networkx), GEXF
(Gephi) and CSV, a node list ``<stem>.nodes.csv`` and an edge list ``<stem>.edges.csv`` with
one row per event.

The format is ``fmt`` when given, else the suffix of the output file (:func:`format_of`):
``graph.jsonld`` is JSON-LD, never Turtle under a ``.jsonld`` name. A suffix that names no
format is a usage error (``E209``), as an unknown ``fmt`` is (``E205``) and a ``fmt`` the suffix
contradicts (``E215``: GraphML under a ``.ttl`` name); nothing is written.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg.errors import KGError
from kg.graph.target import open_target, replacing, writable_target
from kg.graph.vocab import prefixes

__all__ = ["export", "format_of", "FORMATS", "NETWORK_FORMATS", "SUFFIXES"]

FORMATS = {
    "turtle": ox.RdfFormat.TURTLE, "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES, "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD, "json-ld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML, "rdfxml": ox.RdfFormat.RDF_XML,
    "trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS, "nq": ox.RdfFormat.N_QUADS,
}
#: formats of the network view (:mod:`kg.use.network`)
NETWORK_FORMATS = ("graphml", "gexf", "csv")
#: output suffix -> format, when ``fmt`` is not given
SUFFIXES = {
    ".ttl": "turtle", ".nt": "nt", ".jsonld": "jsonld", ".json": "jsonld", ".rdf": "xml", ".xml": "xml",
    ".owl": "xml", ".trig": "trig", ".nq": "nquads", ".graphml": "graphml", ".gexf": "gexf", ".csv": "csv",
}
_ALIASES = {"ttl", "ntriples", "json-ld", "rdfxml", "nq"}
_DATASET_FORMATS = (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS)


def _choices() -> str:
    return ", ".join(sorted(set(FORMATS) - _ALIASES) + list(NETWORK_FORMATS))


def format_of(out: str | Path, fmt: str | None = None) -> str:
    """The export format: ``fmt`` if given (checked, ``E205``), else the one ``out``'s suffix names (``E209``).

    Examples
    --------
    >>> format_of("graph.jsonld"), format_of("net.GEXF"), format_of("graph.txt", "nt")
    ('jsonld', 'gexf', 'nt')
    >>> format_of("graph.ttl", "graphml")
    Traceback (most recent call last):
    kg.errors.StoreError: [E215] graph.ttl: the suffix '.ttl' names the turtle format, not 'graphml'; drop -f, or name the file for graphml
    >>> format_of("graph.txt")
    Traceback (most recent call last):
    kg.errors.StoreError: [E209] graph.txt: no export format has the suffix '.txt'; give one with -f (jsonld, nquads, nt, trig, turtle, xml, graphml, gexf, csv)
    """
    suffix = Path(out).suffix.lower()
    if fmt is not None:
        key = fmt.lower()
        if key not in FORMATS and key not in NETWORK_FORMATS:
            raise KGError("E205", exit_code=2, fmt=fmt, choices=_choices())
        if suffix in SUFFIXES and SUFFIXES[suffix] != key:  # GraphML under a .ttl name misleads every reader
            raise KGError("E215", exit_code=2, path=out, suffix=suffix, named=SUFFIXES[suffix], fmt=fmt)
        return key
    if suffix not in SUFFIXES:
        raise KGError("E209", exit_code=2, path=out, suffix=suffix, choices=_choices())
    return SUFFIXES[suffix]


def export(target, fmt: str | None, out: str | Path) -> Path:
    """Write the graph at ``target`` to ``out`` in format ``fmt`` (None: from ``out``'s suffix).

    Returns the path written; for ``csv``, the edge list, with the node list beside it
    (:func:`kg.use.network.csv_paths`).

    Examples
    --------
    >>> import tempfile, pathlib, json
    >>> from kg.pipeline import run_build
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("Russia invaded Ukraine in 2022.")
    >>> store = run_build([folder]).store
    >>> path = export(store, "nt", folder / "graph.nt")
    >>> "ASSAULT" in path.read_text()
    True
    >>> events = [n for n in json.loads(export(store, None, folder / "g.jsonld").read_text())["@graph"]
    ...           if n["type"] == "EventMention"]
    >>> events[0]["category"], events[0]["date"]
    ('ASSAULT', {'@value': '2022', 'type': 'xsd:gYear'})
    >>> export(store, None, folder / "net.csv").name
    'net.edges.csv'
    """
    writable_target(out)  # a folder or a device named as the file: say so before the suffix
    key = format_of(out, fmt)
    out = Path(out)
    with open_target(target) as store:
        if key in NETWORK_FORMATS:
            _export_network(store, key, out)
            if key == "csv":
                from kg.use.network import csv_paths

                return csv_paths(out)[1]
        else:
            with replacing(out) as tmp, open(tmp, "wb") as fh:
                _export_rdf(store, FORMATS[key], fh)
    return out


def _export_rdf(store, rdf_format: ox.RdfFormat, fh) -> None:
    base = store.iris.base
    if rdf_format == ox.RdfFormat.JSON_LD:
        from kg.use.jsonld import write_jsonld

        write_jsonld(store.ox, fh)
    elif rdf_format in _DATASET_FORMATS:
        store.ox.dump(fh, format=rdf_format, prefixes=prefixes(base) if rdf_format == ox.RdfFormat.TRIG else None)
    else:
        kwargs = {"prefixes": prefixes(base)} if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else {}
        if next(iter(store.ox.named_graphs()), None) is None:
            # one graph only (an RDF file read into memory): Oxigraph dumps it directly,
            # about 5x faster than the union query below
            store.ox.dump(fh, format=rdf_format, from_graph=ox.DefaultGraph(), **kwargs)
        else:
            triples = store.ox.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
            ox.serialize(triples, fh, rdf_format, **kwargs)


def _export_network(store, key: str, out: Path) -> None:
    from kg.use import network

    g = network.to_networkx(store)
    if key == "csv":
        nodes, edges = network.csv_paths(out)
        with replacing(nodes) as tmp_nodes, replacing(edges) as tmp_edges:
            network.write_csv(g, tmp_nodes, tmp_edges)
    else:
        with replacing(out) as tmp:
            (network.write_graphml if key == "graphml" else network.write_gexf)(g, tmp)
