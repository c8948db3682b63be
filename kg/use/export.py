"""Export a kg graph: Turtle, N-Triples, JSON-LD, RDF/XML (the union of all graphs), TriG
and N-Quads (with each document's named graph), through Oxigraph's streaming serializers.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg.errors import KGError
from kg.graph.target import open_target, replacing
from kg.graph.vocab import prefixes

__all__ = ["export", "FORMATS"]

FORMATS = {
    "turtle": ox.RdfFormat.TURTLE, "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES, "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD, "json-ld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML, "rdfxml": ox.RdfFormat.RDF_XML,
    "trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS, "nq": ox.RdfFormat.N_QUADS,
}
_DATASET_FORMATS = (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS)


def export(target, fmt: str, out: str | Path) -> Path:
    """Write the graph at ``target`` to ``out`` in format ``fmt``; returns the path written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from kg.pipeline import run_build
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("Russia invaded Ukraine in 2022.")
    >>> store = run_build([folder]).store
    >>> path = export(store, "nt", folder / "graph.nt")
    >>> "ASSAULT" in path.read_text()
    True
    """
    key = fmt.lower()
    if key not in FORMATS:
        raise KGError("E205", exit_code=2, fmt=fmt, choices=", ".join(sorted(set(FORMATS) - {"ttl", "ntriples", "json-ld", "rdfxml", "nq"})))
    rdf_format = FORMATS[key]
    out = Path(out)
    with open_target(target) as store, replacing(out) as tmp, open(tmp, "wb") as fh:
        base = store.iris.base
        if rdf_format in _DATASET_FORMATS:
            store.ox.dump(fh, format=rdf_format, prefixes=prefixes(base) if rdf_format == ox.RdfFormat.TRIG else None)
        else:
            kwargs = {"prefixes": prefixes(base)} if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML, ox.RdfFormat.JSON_LD) else {}
            if next(iter(store.ox.named_graphs()), None) is None:
                # one graph only (an RDF file read into memory): Oxigraph dumps it directly,
                # about 5x faster than the union query below
                store.ox.dump(fh, format=rdf_format, from_graph=ox.DefaultGraph(), **kwargs)
            else:
                triples = store.ox.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
                ox.serialize(triples, fh, rdf_format, **kwargs)
    return out
