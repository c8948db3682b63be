"""Stage 6, store: the graph in Oxigraph, used through rdflib (oxrdflib).

A kg store is a folder holding an on-disk Oxigraph database. Each document's triples live
in a named graph of their own (``<base>graph/<hash>``), so a document can be replaced or
removed alone; entity descriptions are shared in ``<base>graph/entities``. Queries see the
union of all graphs as the default graph.

Writes of one batch are a single SPARQL Update, which Oxigraph applies in one transaction:
after a crash every document is either fully present or absent. A second writer on the
same store is refused with the PID of the first.

``KGStore(None)`` is an in-memory store (for notebooks and tests).
"""

from __future__ import annotations

import fcntl
import gc
import os
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import Dataset, URIRef

from .errors import KGError
from .records import Entity, ResolvedDocument
from .rdf import document_triples, entity_triples
from .resolve import EntityIndex
from .vocab import ENTITY_CLASSES, Iris, bind_prefixes

__all__ = ["KGStore", "find_store", "RDF_SUFFIXES"]

RDF_SUFFIXES = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".nq": ox.RdfFormat.N_QUADS,
                ".trig": ox.RdfFormat.TRIG, ".jsonld": ox.RdfFormat.JSON_LD, ".json": ox.RdfFormat.JSON_LD,
                ".rdf": ox.RdfFormat.RDF_XML, ".xml": ox.RdfFormat.RDF_XML, ".owl": ox.RdfFormat.RDF_XML,
                ".n3": ox.RdfFormat.N3}
_STORE_MARKERS = ("CURRENT", "IDENTITY")
_TYPE_OF_CLASS = {str(cls): name for name, (cls, _) in ENTITY_CLASSES.items()}


def find_store(target: str | Path) -> Path | None:
    """The Oxigraph folder of a kg output folder or store folder, or None."""
    path = Path(target)
    for candidate in (path / "store", path):
        if candidate.is_dir() and all((candidate / m).exists() for m in _STORE_MARKERS):
            return candidate
    return None


def _term(t) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    from oxrdflib._converter import to_ox

    return to_ox(t)


def _nt(triples: Iterable) -> str:
    """N-Triples text of rdflib triples, written by Oxigraph's serializer."""
    out = ox.serialize([ox.Triple(_term(s), _term(p), _term(o)) for s, p, o in triples], format=ox.RdfFormat.N_TRIPLES)
    return out.decode("utf-8")


class KGStore:
    """A kg graph store.

    Parameters
    ----------
    path : str or Path or None
        The store folder (created if missing), or None for an in-memory store.
    read_only : bool
        Open an existing store for reading while another process may write.
    base : str
        The base IRI of the data.

    Examples
    --------
    >>> store = KGStore(None)
    >>> len(store.graph)
    0
    """

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False, base: str | None = None) -> None:
        self.path = Path(path) if path is not None else None
        self.iris = Iris(base) if base else Iris()
        self._lock_fh = None
        if self.path is None:
            self.ox = ox.Store()
        else:
            self.ox = self._open(self.path, read_only)
        self.graph = Dataset(store=OxigraphStore(store=self.ox), default_union=True)
        bind_prefixes(self.graph, self.iris)

    def _open(self, path: Path, read_only: bool) -> ox.Store:
        if path.exists() and not path.is_dir():
            raise KGError("E202", path=path)
        if path.is_dir() and any(path.iterdir()) and not all((path / m).exists() for m in _STORE_MARKERS):
            raise KGError("E202", path=path)
        if read_only:
            if not path.is_dir():
                raise KGError("E202", path=path)
            try:
                return ox.Store.read_only(str(path))
            except OSError as exc:
                raise KGError("E204", path=path, detail=str(exc)) from None
        path.mkdir(parents=True, exist_ok=True)
        lock = path.parent / f".{path.name}.lock"
        fh = open(lock, "a+")
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.seek(0)
            pid = fh.read().strip() or "?"
            fh.close()
            raise KGError("E203", path=path, detail=f"PID {pid}") from None
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()))
        fh.flush()
        self._lock_fh = fh
        try:
            return ox.Store(str(path))
        except OSError as exc:
            fh.close()
            if "lock" in str(exc).lower():
                raise KGError("E203", path=path, detail=str(exc)) from None
            raise KGError("E204", path=path, detail=str(exc)) from None

    def close(self) -> None:
        """Flush and release the store (and its lock); the object is unusable afterwards."""
        if self.path is None or not hasattr(self, "ox"):
            return
        if self._lock_fh is not None:
            self.ox.flush()
        self.graph.store.close()
        del self.graph, self.ox
        gc.collect()
        if self._lock_fh is not None:
            self._lock_fh.close()
            self._lock_fh = None

    def __enter__(self) -> KGStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ reading

    def __len__(self) -> int:
        return len(self.ox)

    def has_document(self, doc_id: str) -> bool:
        """Is the document with this content hash stored (complete)?"""
        return self.ox.contains_named_graph(ox.NamedNode(str(self.iris.graph(doc_id))))

    def document_ids(self) -> dict[str, str]:
        """Stored documents: name -> content hash."""
        q = ("PREFIX kg: <https://w3id.org/kg-news/ontology#> PREFIX schema: <https://schema.org/> "
             "SELECT ?name ?hash WHERE { ?d kg:contentHash ?hash ; schema:name ?name }")
        return {s["name"].value: s["hash"].value for s in self.ox.query(q, use_default_graph_as_union=True)}

    def entity_index(self) -> EntityIndex:
        """The entities already stored, for cross-document resolution."""
        index = EntityIndex()
        g = ox.NamedNode(str(self.iris.entities_graph))
        base = self.iris.base
        rows: dict[str, Entity] = {}
        label = "http://www.w3.org/2000/01/rdf-schema#label"
        for quad in self.ox.quads_for_pattern(None, None, None, g):
            s = quad.subject.value
            if not s.startswith(base):
                continue
            key = s[len(base):]
            ent = rows.setdefault(key, Entity(key=key, type="Group", label=""))
            p, o = quad.predicate.value, quad.object
            if p.endswith("#type") and o.value in _TYPE_OF_CLASS:
                ent.type = _TYPE_OF_CLASS[o.value]
            elif p == label:
                ent.label = o.value
            elif p.endswith("#altLabel"):
                ent.alt_labels.add(o.value)
            elif p.endswith("#countryCode"):
                ent.country_code = o.value
            elif p.endswith("#country") and o.value.startswith(base):
                ent.country = o.value[len(base):]
            elif p.endswith("jobTitle"):
                ent.job_titles.add(o.value)
        for key in sorted(rows):
            if rows[key].label:
                index.add(rows[key])
        return index

    # ------------------------------------------------------------------ writing

    def write(self, docs: list[ResolvedDocument], entities: Iterable[Entity], *,
              replace: Iterable[str] = ()) -> None:
        """Store documents and (re)describe entities in one transaction.

        ``replace`` lists content hashes of stored documents to drop in the same transaction
        (older versions of changed files).
        """
        iris = self.iris
        parts: list[str] = []
        entities = sorted(entities, key=lambda e: e.key)
        eg = iris.entities_graph
        for old in replace:
            parts.append(f"DROP SILENT GRAPH <{iris.graph(old)}>")
        for ent in entities:
            parts.append(f"DELETE WHERE {{ GRAPH <{eg}> {{ <{iris.entity(ent.key)}> ?p ?o }} }}")
        inserts = []
        if entities:
            inserts.append(f"GRAPH <{eg}> {{\n{_nt(t for e in entities for t in entity_triples(e, iris))}}}")
        for res in docs:
            g = iris.graph(res.document.id)
            parts.append(f"DROP SILENT GRAPH <{g}>")
            inserts.append(f"GRAPH <{g}> {{\n{_nt(document_triples(res, iris))}}}")
        if inserts:
            parts.append("INSERT DATA {\n" + "\n".join(inserts) + "\n}")
        if parts:
            self.ox.update(" ;\n".join(parts))

    def remove(self, doc_ids: Iterable[str]) -> int:
        """Remove stored documents by content hash; returns how many were present."""
        n = 0
        for doc_id in doc_ids:
            g = ox.NamedNode(str(self.iris.graph(doc_id)))
            if self.ox.contains_named_graph(g):
                self.ox.remove_graph(g)
                n += 1
        return n

    def graph_iri(self, doc_id: str) -> URIRef:
        return self.iris.graph(doc_id)

    def load_file(self, path: str | Path) -> None:
        """Load an RDF file (format by suffix) into the default graph."""
        path = Path(path)
        fmt = RDF_SUFFIXES.get(path.suffix.lower())
        if fmt is None:
            raise KGError("E202", path=path)
        try:
            with open(path, "rb") as fh:
                if fmt in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS):
                    self.ox.load(fh, format=fmt)
                else:
                    self.ox.load(fh, format=fmt, to_graph=ox.DefaultGraph())
        except (SyntaxError, ValueError, OSError) as exc:
            raise KGError("E201", path=path, detail=str(exc).splitlines()[0][:300]) from None
