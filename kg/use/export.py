"""Export a kg graph: Turtle, N-Triples, JSON-LD, RDF/XML (the union of all graphs), TriG
and N-Quads (with each document's named graph), through Oxigraph's streaming serializers.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from kg.errors import KGError
from kg.graph.vocab import prefixes

__all__ = ["export", "FORMATS", "open_target", "replacing"]

FORMATS = {
    "turtle": ox.RdfFormat.TURTLE, "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES, "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD, "json-ld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML, "rdfxml": ox.RdfFormat.RDF_XML,
    "trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS, "nq": ox.RdfFormat.N_QUADS,
}
_DATASET_FORMATS = (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS)


@contextlib.contextmanager
def replacing(out: Path) -> Iterator[Path]:
    """Write to ``<out>.part`` and move it onto ``out`` when done, so a reader never sees half
    a file; on failure the part file goes, and a disk error is [E206] naming ``out``."""
    tmp = out.with_name(out.name + ".part")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        yield tmp
        tmp.replace(out)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise KGError("E206", path=out, detail=exc.strerror or str(exc)) from None
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise


def open_target(target, *, read_only: bool = True):
    """A :class:`~kg.graph.store.KGStore` for a store folder, an output folder or an RDF file."""
    from kg.graph.store import KGStore, find_store

    if hasattr(target, "ox"):
        return target
    path = Path(target)
    if not path.exists():
        raise KGError("E101", path=path)
    folder = find_store(path)
    if folder is not None:
        return KGStore(folder, read_only=read_only)
    if path.is_dir():
        raise KGError("E202", path=path)
    store = KGStore(None)
    store.load_file(path)
    return store


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
    store = open_target(target)
    out = Path(out)
    base = store.iris.base
    with replacing(out) as tmp, open(tmp, "wb") as fh:
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
