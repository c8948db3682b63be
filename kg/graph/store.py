"""Stage 6, store: the graph in Oxigraph, used through rdflib (oxrdflib).

A kg store is a folder holding an on-disk Oxigraph database. Each document's triples live
in a named graph of their own (``<base>graph/<hash>``), so a document can be replaced or
removed alone; entity descriptions are shared in ``<base>graph/entities``. Queries see the
union of all graphs as the default graph.

Writes of one batch are a single SPARQL Update (drop the older versions, re-describe the
touched entities, insert the new documents), which Oxigraph applies in one transaction: after
a crash or an interrupt every document is either fully present or absent, and a document is
"present" exactly when its named graph exists, so the next build redoes only what is missing.
(``Store.extend`` is atomic too but cannot delete in the same transaction; the text update
costs about 1% of a build, see BENCHMARKS.md, so atomicity wins.) A second writer on the same
store is refused with the PID of the first.

``KGStore(None)`` is an in-memory store (for notebooks and tests).
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import itertools
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import Dataset, URIRef

from kg.errors import KGError
from kg.graph.rdfxml import check_rdf_xml
from kg.graph.vocab import ENTITY_CLASSES, Iris, bind_prefixes
from kg.records import Entity, ResolvedDocument
from kg.stages.rdf import document_triples, entity_triples
from kg.stages.resolve import EntityIndex

__all__ = ["KGStore", "is_store", "RDF_SUFFIXES"]

RDF_SUFFIXES = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".nq": ox.RdfFormat.N_QUADS,
                ".trig": ox.RdfFormat.TRIG, ".jsonld": ox.RdfFormat.JSON_LD, ".json": ox.RdfFormat.JSON_LD,
                ".rdf": ox.RdfFormat.RDF_XML, ".xml": ox.RdfFormat.RDF_XML, ".owl": ox.RdfFormat.RDF_XML,
                ".n3": ox.RdfFormat.N3}
_STORE_MARKERS = ("CURRENT", "IDENTITY")
_TYPE_OF_CLASS = {str(cls): name for name, (cls, _) in ENTITY_CLASSES.items()}


_LOCKS: set = set()  # lock files this process holds


def _forget_locks_in_child() -> None:
    # A forked worker (kg build --workers) inherits the lock's file descriptor; closing the
    # child's copy keeps the lock with the parent (flock is released when the last copy closes).
    for fh in list(_LOCKS):
        try:
            fh.close()
        except OSError:
            pass
    _LOCKS.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_locks_in_child)


def is_store(folder: Path) -> bool:
    """Is ``folder`` an Oxigraph database folder (it has the files RocksDB starts with)?"""
    return folder.is_dir() and all((folder / m).exists() for m in _STORE_MARKERS)


def _term(t) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    from oxrdflib._converter import to_ox

    return to_ox(t)


#: an on-disk store is flushed after this many written triples: RocksDB otherwise keeps every
#: write in memory tables and the process grows with the store (about 1 KB per triple)
FLUSH_EVERY = 50_000


def _nt(triples: Iterable) -> tuple[str, int]:
    """N-Triples text of rdflib triples, written by Oxigraph's serializer, and how many."""
    quads = [ox.Triple(_term(s), _term(p), _term(o)) for s, p, o in triples]
    return ox.serialize(quads, format=ox.RdfFormat.N_TRIPLES).decode("utf-8"), len(quads)


def load_rdf(store: ox.Store, path: str | Path, fmt: ox.RdfFormat) -> None:
    """Load an RDF file into a pyoxigraph store by path, in one transaction: quads formats
    keep their graphs, triples go to the default graph. No checks (see :meth:`KGStore.load_file`)."""
    if fmt in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS):
        store.load(path=str(path), format=fmt)
    else:
        store.load(path=str(path), format=fmt, to_graph=ox.DefaultGraph())


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
        self._unflushed = 0
        if self.path is None:
            self.ox = ox.Store()
        else:
            self.ox = self._open(self.path, read_only)
        self.graph = Dataset(store=OxigraphStore(store=self.ox), default_union=True)
        bind_prefixes(self.graph, self.iris)

    def _open(self, path: Path, read_only: bool) -> ox.Store:
        if path.exists() and not path.is_dir():
            raise KGError("E202", path=path)
        if path.is_dir() and any(path.iterdir()) and not is_store(path):
            raise KGError("E202", path=path)
        if read_only:
            if not path.is_dir():
                raise KGError("E202", path=path)
            try:
                return ox.Store.read_only(str(path))
            except OSError as exc:
                raise KGError("E204", path=path, detail=str(exc)) from None
        try:
            path.mkdir(parents=True, exist_ok=True)
            fh = open(path.parent / f".{path.name}.lock", "a+")
        except OSError as exc:
            raise KGError("E204", path=path, detail=exc.strerror or str(exc)) from None
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.seek(0)
            pid = fh.read().strip() or "unknown"
            fh.close()
            raise KGError("E203", path=path, detail=f"PID {pid}") from None
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()))
        fh.flush()
        self._lock_fh = fh
        _LOCKS.add(fh)
        try:
            return ox.Store(str(path))
        except OSError as exc:
            _LOCKS.discard(fh)
            fh.close()
            self._lock_fh = None
            if "lock" in str(exc).lower():
                raise KGError("E203", path=path, detail=str(exc)) from None
            raise KGError("E204", path=path, detail=str(exc)) from None

    def close(self) -> None:
        """Flush and release the store (and its lock); the object is unusable afterwards."""
        if self.path is None or not hasattr(self, "ox"):
            return
        if self._lock_fh is not None:
            try:
                self.ox.flush()
            except OSError:
                pass  # a full disk: every committed transaction is in RocksDB's log already
        self.graph.store.close()
        del self.graph, self.ox
        gc.collect()
        if self._lock_fh is not None:
            _LOCKS.discard(self._lock_fh)
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
        return dict(self.documents())

    def entity_count(self, at_most: int | None = None) -> int:
        """How many entities the store describes, counting no further than ``at_most`` (cheap
        then, however large the store).

        Examples
        --------
        >>> KGStore(None).entity_count(at_most=150)
        0
        """
        rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
        quads = self.ox.quads_for_pattern(None, rdf_type, None, ox.NamedNode(str(self.iris.entities_graph)))
        return sum(1 for _ in itertools.islice(quads, at_most))

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
        written = 0
        if entities:
            text, n = _nt(t for e in entities for t in entity_triples(e, iris))
            inserts.append(f"GRAPH <{eg}> {{\n{text}}}")
            written += n
        for res in docs:
            g = iris.graph(res.document.id)
            parts.append(f"DROP SILENT GRAPH <{g}>")
            text, n = _nt(document_triples(res, iris))
            inserts.append(f"GRAPH <{g}> {{\n{text}}}")
            written += n
        if inserts:
            parts.append("INSERT DATA {\n" + "\n".join(inserts) + "\n}")
        with self._disk_errors():
            if parts:
                self.ox.update(" ;\n".join(parts))
            self._unflushed += written
            if self._lock_fh is not None and self._unflushed >= FLUSH_EVERY:
                self.ox.flush()  # memory tables to disk: keeps the process flat as the store grows
                self._unflushed = 0

    @contextlib.contextmanager
    def _disk_errors(self):
        """A write the disk refuses (full, read-only) is a KGError naming the store: the
        transaction that failed is not applied, the ones before it are kept."""
        try:
            yield
        except OSError as exc:
            raise KGError("E208", path=self.path or "in-memory store", detail=str(exc).splitlines()[0][:300]) from None

    def resolve_ids(self, names_or_hashes: Iterable[str]) -> dict[str, list[str]]:
        """Content hashes of stored documents, by the name, hash or hash prefix given.

        A name or hash that matches nothing maps to an empty list.
        """
        stored = list(self.documents())
        out: dict[str, list[str]] = {}
        for given in names_or_hashes:
            key = given.strip().lower()
            by_hash = [h for _, h in stored if len(key) >= 8 and h.startswith(key)]
            out[given] = sorted({h for n, h in stored if n == given} | set(by_hash))
        return out

    def documents(self) -> Iterator[tuple[str, str]]:
        """Stored documents as (name, content hash) pairs."""
        q = ("PREFIX kg: <https://w3id.org/kg-news/ontology#> PREFIX schema: <https://schema.org/> "
             "SELECT ?name ?hash WHERE { ?d kg:contentHash ?hash ; schema:name ?name }")
        for s in self.ox.query(q, use_default_graph_as_union=True):
            yield s["name"].value, s["hash"].value

    def remove(self, doc_ids: Iterable[str], *, prune: bool = True) -> int:
        """Remove stored documents by content hash, in one transaction; returns how many were present.

        With ``prune``, entity descriptions no document mentions any more (and that no
        remaining entity points to with ``kg:country``) go too, in the same transaction.

        Examples
        --------
        >>> store = KGStore(None)
        >>> store.remove(["0" * 64])
        0
        """
        graphs = []
        for doc_id in dict.fromkeys(doc_ids):
            g = self.iris.graph(doc_id)
            if self.ox.contains_named_graph(ox.NamedNode(str(g))):
                graphs.append(g)
        if graphs:
            parts = [f"DROP GRAPH <{g}>" for g in graphs]
            if prune:
                parts.append(self._prune_update())
            with self._disk_errors():
                self.ox.update(" ;\n".join(parts))
        return len(graphs)

    def _prune_update(self) -> str:
        eg = self.iris.entities_graph
        return (f"DELETE {{ GRAPH <{eg}> {{ ?e ?p ?o }} }} WHERE {{ GRAPH <{eg}> {{ ?e ?p ?o }} "
                f"FILTER NOT EXISTS {{ GRAPH ?g {{ ?d <https://schema.org/mentions> ?e }} }} "
                f"FILTER NOT EXISTS {{ GRAPH <{eg}> {{ ?x <https://w3id.org/kg-news/ontology#country> ?e }} }} }}")

    def optimize(self) -> None:
        """Compact an on-disk store (RocksDB's full compaction): reads get faster after many
        small writes, about 1.5x at 1M triples (see BENCHMARKS.md). Nothing to do in memory."""
        if self.path is not None and self._lock_fh is not None:
            with self._disk_errors():
                self.ox.optimize()

    def prune(self) -> None:
        """Drop entity descriptions no stored document mentions (one transaction)."""
        with self._disk_errors():
            self.ox.update(self._prune_update())

    def graph_iri(self, doc_id: str) -> URIRef:
        return self.iris.graph(doc_id)

    def load_file(self, path: str | Path) -> None:
        """Load an RDF file (format by suffix) into the default graph."""
        path = Path(path)
        fmt = RDF_SUFFIXES.get(path.suffix.lower())
        if fmt is None:
            raise KGError("E202", path=path)
        if fmt == ox.RdfFormat.RDF_XML:  # refuse entity-expansion bombs before the parser expands them
            try:
                check_rdf_xml(path)
            except ValueError as exc:
                raise KGError("E201", path=path, detail=str(exc)) from None
        # one transaction, read by Oxigraph from the path (no Python file object in between):
        # measured faster than the bulk loader in memory too (2.3 s against 2.8-2.9 s for 1M
        # triples of Turtle, BENCHMARKS.md)
        try:
            load_rdf(self.ox, path, fmt)
        except (SyntaxError, ValueError, OSError) as exc:
            raise KGError("E201", path=path, detail=str(exc).splitlines()[0][:300]) from None
