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

Locks go with their holders: kg's lock (``.store.lock`` beside the store, ``flock``) and
RocksDB's (``store/LOCK``) are released by the kernel when the last process holding them
ends, so a lock file left by a dead process never blocks. What can block is a live process
that still holds one: a worker or an Oxigraph server that outlived the command that started
it. So a refusal names the processes that hold the lock now (:func:`lock_holders`, read from
``/proc``), and says when the PID written in the lock file is gone and the lock is held by
someone else: a leftover to stop, not a writer to wait for.

``KGStore(None)`` is an in-memory store (for notebooks and tests).
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import os
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Literal, URIRef

from kg.errors import KGError
from kg.graph.rdfxml import check_rdf_xml
from kg.graph.vocab import ENTITY_CLASSES, Iris, bind_prefixes
from kg.records import Entity, ResolvedDocument
from kg.stages.rdf import document_triples, entity_triples, read_local
from kg.stages.resolve import EntityIndex
from kg.stages.resolve.corpus import Decision

__all__ = ["KGStore", "is_store", "lock_holders", "RDF_SUFFIXES"]

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


def lock_holders(path: str | Path) -> list[tuple[int, str]]:
    """The processes (PID, command name) that have ``path`` open, from ``/proc`` (empty elsewhere).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile() as fh:
    ...     (os.getpid(), ) == tuple(pid for pid, _ in lock_holders(fh.name))
    True
    """
    target = os.path.realpath(path)
    found = []
    try:
        pids = [int(p) for p in os.listdir("/proc") if p.isdigit()]
    except OSError:
        return []
    for pid in pids:
        try:
            fds = os.listdir(f"/proc/{pid}/fd")
        except OSError:  # gone, or not ours to look at
            continue
        for fd in fds:
            try:
                if os.readlink(f"/proc/{pid}/fd/{fd}") == target:
                    with open(f"/proc/{pid}/comm") as comm:
                        found.append((pid, comm.read().strip()))
                    break
            except OSError:
                continue
    return sorted(found)


def _pid_alive(pid: str) -> bool:
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True


def _held_by(lock: Path, written: str | None) -> str:
    """Who holds ``lock`` now, for a refusal: the PID written in it, and the real holders.

    Examples
    --------
    >>> _held_by(Path("/no/such/lock"), "999999999")
    'PID 999999999, which is gone; no process holds the lock now: try again'
    """
    holders = [(pid, name) for pid, name in lock_holders(lock) if pid != os.getpid()]
    named = ", ".join(f"PID {pid} ({name})" for pid, name in holders)
    if written and written.isdigit() and not _pid_alive(written):
        if holders:
            return (f"PID {written}, which is gone, but {named} still holds the lock: a leftover of it; "
                    "stop it and try again")
        return f"PID {written}, which is gone; no process holds the lock now: try again"
    if written and any(str(pid) == written for pid, _ in holders):
        return f"PID {written}"
    return named or (f"PID {written}" if written else "unknown")


def is_store(folder: Path) -> bool:
    """Is ``folder`` an Oxigraph database folder (it has the files RocksDB starts with)?"""
    return folder.is_dir() and all((folder / m).exists() for m in _STORE_MARKERS)


@lru_cache(maxsize=1 << 14)
def _named(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _term(t) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    """An rdflib term as the Oxigraph term oxrdflib's ``to_ox`` makes of it, in a third of its
    time: kg writes only IRIs, literals and blank nodes (no graphs, no quads to test for), and an
    IRI is made once (the same predicates, classes and entities recur in every batch)."""
    if isinstance(t, URIRef):
        return _named(str(t))
    if isinstance(t, Literal):
        datatype = t.datatype
        return ox.Literal(t, language=t.language, datatype=_named(str(datatype)) if datatype else None)
    if isinstance(t, BNode):
        return ox.BlankNode(t)
    raise TypeError(f"not an RDF term: {t!r}")


#: an on-disk store is flushed after this many written triples: RocksDB otherwise keeps every
#: write in memory tables and the process grows with the store (about 1 KB per triple)
FLUSH_EVERY = 50_000


@lru_cache(maxsize=1)
def _glibc():
    """The C library, if it is glibc (it has ``malloc_trim``); None elsewhere: macOS, musl, Windows."""
    import ctypes
    import ctypes.util
    import sys

    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None)
        libc.malloc_trim.argtypes, libc.malloc_trim.restype = [ctypes.c_size_t], ctypes.c_int
        libc.mallopt.argtypes, libc.mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    except (OSError, AttributeError, TypeError):  # no glibc (musl has no malloc_trim)
        return None
    return libc


def _malloc_trim():
    """glibc's ``malloc_trim`` (None where the C library has none)."""
    libc = _glibc()
    return libc.malloc_trim if libc is not None else None


def give_back_memory() -> bool:
    """Return the C heap's free pages to the system (glibc's ``malloc_trim(0)``); False where
    there is no such call. A batch's write frees what RocksDB and the SPARQL update allocated for
    it, but glibc keeps the freed pages of its arenas: replaying the 284 Wikinews articles
    repeated into a store, what malloc held in use stayed between 64 and 133 MB while RSS rose,
    and a call every 128 documents gave back 17-105 MB (see :mod:`kg.pipeline`). A store calls
    it after each write.

    Examples
    --------
    >>> import sys
    >>> give_back_memory() or not sys.platform.startswith("linux")  # glibc's call, on Linux
    True
    """
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True


#: glibc's ``mallopt`` parameters (``<malloc.h>``)
_M_MMAP_THRESHOLD, _M_ARENA_MAX = -3, -8
#: a C allocation of at least this many bytes gets pages of its own, returned when it is freed ...
MMAP_THRESHOLD = 4 << 20
#: ... and the C heap is split into at most this many arenas
ARENA_MAX = 2


@lru_cache(maxsize=1)
def bound_heap() -> bool:
    """Keep the C heap from fragmenting over a long build (glibc only; once per process; False
    where there is no glibc or where ``MALLOC_MMAP_THRESHOLD_`` / ``MALLOC_ARENA_MAX`` are set,
    which then decide).

    glibc serves a large allocation with pages of its own (``mmap``) and returns them when it is
    freed, but raises that threshold to the size of every such block freed, up to 32 MB: after
    the first batch, large arrays (the parser's, several MB each) come from the heap, between
    blocks that live on (RocksDB's memory tables and caches, Python's), and the holes they leave
    are seldom whole pages again. A fixed threshold (:data:`MMAP_THRESHOLD`) keeps them out of the
    heap; :data:`ARENA_MAX` arenas instead of 16 on 2 cores keep RocksDB's background threads from
    holding arenas of their own. Measured on the benchmark's mix (the 284 Wikinews articles
    repeated, one process; BENCHMARKS.md): see ``kg.pipeline``'s module notes.

    Examples
    --------
    >>> bound_heap() in (True, False)
    True
    """
    libc = _glibc()
    if libc is None or os.environ.get("MALLOC_MMAP_THRESHOLD_") or os.environ.get("MALLOC_ARENA_MAX"):
        return False
    return bool(libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD) and libc.mallopt(_M_ARENA_MAX, ARENA_MAX))


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


#: entity types whose key is no corpus decision (a country's code, a collective's label)
FIXED_TYPES = frozenset({"Country", "Collective"})
_KG = "https://w3id.org/kg-news/ontology#"
_SCHEMA_NAME = ox.NamedNode("https://schema.org/name")
_CONTENT_HASH = ox.NamedNode(_KG + "contentHash")


def _redecide_update(iris: Iris, doc: str, changes: dict) -> list[str]:
    """SPARQL Update parts that apply new corpus decisions to one stored document's graph:
    rename each entity whose key changed (as subject and object) and rewrite the decisions."""
    g = iris.graph(doc)
    parts: list[str] = []
    renamed: set[str] = set()
    for n in sorted(changes):
        was, now = changes[n]
        if was.key != now.key and was.key not in renamed:
            renamed.add(was.key)
            old, new = iris.entity(was.key), iris.entity(now.key)
            parts.append(f"DELETE {{ GRAPH <{g}> {{ ?s ?p <{old}> }} }} INSERT {{ GRAPH <{g}> {{ ?s ?p <{new}> }} }} "
                         f"WHERE {{ GRAPH <{g}> {{ ?s ?p <{old}> }} }}")
            parts.append(f"DELETE {{ GRAPH <{g}> {{ <{old}> ?p ?o }} }} INSERT {{ GRAPH <{g}> {{ <{new}> ?p ?o }} }} "
                         f"WHERE {{ GRAPH <{g}> {{ <{old}> ?p ?o }} }}")
        node = iris.local(doc, n)
        parts.append(f"DELETE WHERE {{ GRAPH <{g}> {{ <{node}> <{_KG}resolvedTo> ?e . <{node}> <{_KG}rule> ?r . "
                     f"<{node}> <{_KG}confidence> ?c }} }}")
        parts.append(f"INSERT DATA {{ GRAPH <{g}> {{ <{node}> <{_KG}resolvedTo> <{iris.entity(now.key)}> . "
                     f"<{node}> <{_KG}rule> {_literal(now.rule)} . <{node}> <{_KG}confidence> "
                     f"\"{now.confidence:.2f}\"^^<http://www.w3.org/2001/XMLSchema#decimal> }} }}")
    return parts


def _literal(text: str) -> str:
    return str(ox.Literal(text))  # N-Triples syntax, escaped


class LocalLoader:
    """The stored local entities with given name keys, or of one document, each with the
    decision written for it (what :class:`~kg.stages.resolve.index.CorpusIndex` loads)."""

    def __init__(self, store: KGStore) -> None:
        self.store = store
        self._key = ox.NamedNode(_KG + "nameKey")
        self._type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
        self._class = ox.NamedNode(_KG + "LocalEntity")

    def __call__(self, keys: Iterable[str]) -> Iterator[tuple]:
        nodes = set()
        for k in keys:
            nodes.update(q.subject for q in self.store.ox.quads_for_pattern(None, self._key, ox.Literal(k), None))
        for node in sorted(nodes, key=lambda n: n.value):
            yield self._read(node)

    def of_document(self, doc: str) -> list[tuple]:
        g = ox.NamedNode(str(self.store.iris.graph(doc)))
        nodes = {q.subject for q in self.store.ox.quads_for_pattern(None, self._type, self._class, g)}
        return [self._read(n) for n in sorted(nodes, key=lambda n: n.value)]

    def _read(self, node) -> tuple:
        values: dict[str, str] = {}
        for q in self.store.ox.quads_for_pattern(node, None, None, None):
            values[q.predicate.value] = q.object.value
        doc, _, n = node.value.rsplit("/", 1)[1].rpartition("-")
        base = self.store.iris.base
        key = values[_KG + "resolvedTo"][len(base):]
        return (read_local(doc, int(n), values[_KG + "reading"]),
                Decision(key, values[_KG + "rule"], float(values[_KG + "confidence"])))


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
        self._graph: Dataset | None = None
        if self.path is None:
            self.ox = ox.Store()
        else:
            self.ox = self._open(self.path, read_only)

    @property
    def graph(self) -> Dataset:
        """The store as an rdflib ``Dataset`` (its default graph the union of all), made on first use:
        oxrdflib and rdflib's SPARQL engine take 0.2 s to import, which a build does not need."""
        if self._graph is None:
            if not hasattr(self, "ox"):
                raise AttributeError("graph: the store is closed")
            from oxrdflib import OxigraphStore

            self._graph = Dataset(store=OxigraphStore(store=self.ox), default_union=True)
            bind_prefixes(self._graph, self.iris)
        return self._graph

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
            pid = fh.read().strip() or None
            fh.close()
            raise KGError("E203", path=path, detail=_held_by(path.parent / f".{path.name}.lock", pid)) from None
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
            if "lock" in str(exc).lower():  # RocksDB's own lock: another program (an Oxigraph server) has it
                holders = ", ".join(f"PID {pid} ({name})" for pid, name in lock_holders(path / "LOCK")
                                    if pid != os.getpid())
                raise KGError("E203", path=path, detail=f"held by {holders}" if holders else str(exc)) from None
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
        if self._graph is not None:
            self._graph.store.close()
        self._graph = None
        del self.ox
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

    def document_hash(self, name: str) -> str | None:
        """The content hash of the stored document called ``name`` (None if there is none): two
        index look-ups, where :meth:`document_ids` reads every document (1 s at 10,000).

        Examples
        --------
        >>> KGStore(None).document_hash("a.txt") is None
        True
        """
        for q in self.ox.quads_for_pattern(None, _SCHEMA_NAME, ox.Literal(name), None):
            for h in self.ox.quads_for_pattern(q.subject, _CONTENT_HASH, None, q.graph_name):
                return h.object.value
        return None

    def document_count(self) -> int:
        """How many documents the store holds (counted by Oxigraph: 40× faster than iterating
        their content-hash quads in Python, 7 ms at 10,000).

        Examples
        --------
        >>> KGStore(None).document_count()
        0
        """
        q = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?d <https://w3id.org/kg-news/ontology#contentHash> ?h } }"
        return int(next(iter(self.ox.query(q)))["n"].value)

    def entity_count(self, at_most: int | None = None) -> int:
        """How many entities the store describes, counting no further than ``at_most`` (cheap
        then, however large the store).

        Examples
        --------
        >>> KGStore(None).entity_count(at_most=150)
        0
        """
        rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
        seen: set = set()
        for quad in self.ox.quads_for_pattern(None, rdf_type, None, ox.NamedNode(str(self.iris.entities_graph))):
            seen.add(quad.subject)  # (an entity may have more than one type)
            if at_most is not None and len(seen) >= at_most:
                break
        return len(seen)

    def entity_index(self, *, fixed_only: bool = False) -> EntityIndex:
        """The stored entities with their aliases; ``fixed_only``: only those that are no corpus
        decision (countries, collectives), which is what a build starts from."""
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
            if rows[key].label and (rows[key].type in FIXED_TYPES or not fixed_only):
                index.add(rows[key])
        return index

    def local_loader(self) -> LocalLoader:
        """Reads the stored local entities (kg:LocalEntity) for corpus resolution."""
        return LocalLoader(self)

    # ------------------------------------------------------------------ writing

    def write(self, docs: list[ResolvedDocument], entities: Iterable[Entity], *,
              replace: Iterable[str] = (), redecided: dict | None = None, dropped: Iterable[str] = (),
              corpus: Iterable[str] = ()) -> None:
        """Store documents and (re)describe entities in one transaction.

        ``replace`` lists content hashes of stored documents to drop in the same transaction
        (older versions of changed files). ``redecided`` maps a stored document's hash to
        ``{local number: (decision written, decision now)}``: corpus resolution decided some of
        its entities otherwise (the entity's key is renamed in the document's graph, and the
        local entity's decision rewritten). ``dropped`` are entity keys no document is decided
        to any more: their descriptions go. ``corpus`` are further SPARQL Update operations,
        applied last in the same transaction: the corpus's decisions about the documents (event
        instances and duplicates, :class:`kg.stages.instances.EventInstances`).
        """
        iris = self.iris
        parts: list[str] = []
        entities = sorted(entities, key=lambda e: e.key)
        eg = iris.entities_graph
        for old in replace:
            parts.append(f"DROP SILENT GRAPH <{iris.graph(old)}>")
        for doc, changes in sorted((redecided or {}).items()):
            parts.extend(_redecide_update(iris, doc, changes))
        gone = [iris.entity(key) for key in sorted(dropped)] + [iris.entity(ent.key) for ent in entities]
        if gone:  # one operation for all (one each took twice the time: 0.10 against 0.05 s for 450)
            parts.append(f"DELETE {{ GRAPH <{eg}> {{ ?e ?p ?o }} }} WHERE {{ VALUES ?e {{ "
                         + " ".join(f"<{e}>" for e in gone) + f" }} GRAPH <{eg}> {{ ?e ?p ?o }} }}")
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
        parts.extend(corpus)
        with self._disk_errors():
            if parts:
                self.ox.update(" ;\n".join(parts))
            self._unflushed += written
            if self._lock_fh is not None and self._unflushed >= FLUSH_EVERY:
                self.ox.flush()  # memory tables to disk: keeps the process flat as the store grows
                self._unflushed = 0
        if parts and self._lock_fh is not None:
            give_back_memory()  # what the batch's write freed goes back to the system

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
