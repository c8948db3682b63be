"""Corpus builds on a Dask cluster: the spaCy parse spread over processes or machines.

``kg build PATH --engine dask [--scheduler tcp://HOST:8786]`` runs :func:`run_build_dask`.
The parse and extraction of a document (stages 2 and 3, the dominant cost) run on Dask
workers; everything order-dependent stays on the driver, so the graph is the one the local
engine (:func:`kg.pipeline.run_build`) builds from the same input:

1. The driver reads the documents (:func:`kg.stages.ingest.iter_documents`), skips those whose
   content hash the store already holds, and cuts the rest into partitions of
   ``partition_size`` documents in input order.
2. Each partition is one Dask task, :func:`extract_partition`, that carries the texts itself
   (workers need the kg package and the spaCy model, no access to the input files). A
   worker process loads the model once (:func:`kg.stages.nlp.load_model` is cached per process)
   and returns one pure, picklable :class:`~kg.records.Extraction` per document.
3. The driver takes the results back partition by partition in input order, with at most a
   window of partitions in flight so memory stays bounded, and a :class:`Merger` resolves
   each extraction against the cross-document entity index and writes it to the store in
   batches, exactly as the local engine does.

Worker failure: when a worker dies, Dask runs its partitions again on another worker. A
partition's result depends only on its documents, so a rerun gives equal extractions, and
the merger writes each document (content hash) once, so nothing is lost or duplicated.

Dask is an optional extra: ``pip install 'kg[distributed]'``. Without it this module still
imports; :func:`run_build_dask` raises ``E701``.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import itertools
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg import pipeline as _pipeline
from kg.errors import DistributedError
from kg.graph.store import KGStore
from kg.pipeline import BuildReport, Merger
from kg.records import Document, Extraction
from kg.stages.events import Lexicon
from kg.stages.ingest import DEFAULT_MAX_DOC_SIZE
from kg.stages.nlp import load_model

__all__ = [
    "run_build_dask",
    "extract_partition",
    "partitions",
    "Merger",
    "DaskBuildReport",
    "DEFAULT_PARTITION_SIZE",
]

#: Documents per Dask task: big enough to amortise the task overhead (a few ms), small
#: enough to balance the load and to lose little work when a worker dies.
DEFAULT_PARTITION_SIZE = 16

@dataclass
class DaskBuildReport(BuildReport):
    """What a Dask build did: a :class:`~kg.pipeline.BuildReport` and the cluster's side."""

    dashboard: str = ""  # the Dask dashboard link ("" when none is served)
    scheduler: str = ""  # the scheduler address
    workers: int = 0  # worker threads when the build started
    partitions: int = 0  # Dask tasks submitted


# ----------------------------------------------------------------------------- worker side

_WORKER_LOCK = threading.Lock()  # one parse at a time per process: spaCy objects are shared
_LEXICONS: dict[str, Lexicon] = {}


def _worker_lexicon(key: str, payload: Lexicon | None) -> Lexicon:
    lex = _LEXICONS.get(key)
    if lex is None:
        lex = payload if payload is not None else Lexicon.load()
        _LEXICONS[key] = lex  # kept for the life of the process: its matchers are built once
    return lex


def extract_partition(
    documents: list[Document],
    *,
    model: str | None = None,
    lexicon_key: str = "default",
    lexicon: Lexicon | None = None,
) -> list[tuple[Extraction, int]]:
    """Parse and extract one partition: ``(extraction, tokens)`` per document, in order.

    This is the Dask task. It is pure: the same documents give equal results on any worker,
    any number of times, which is what makes a retried partition harmless. The spaCy model
    is loaded once per process (:func:`kg.stages.nlp.load_model` is cached) and the lexicon once
    per ``lexicon_key``.

    Parameters
    ----------
    documents : list of Document
        The partition, texts included.
    model : str, optional
        spaCy model name; it must be installed where the task runs.
    lexicon_key : str
        Identifies ``lexicon`` in the per-process cache.
    lexicon : Lexicon, optional
        The event lexicon (default: kg's own).

    Raises
    ------
    KGError
        When the model cannot be loaded on the worker (it pickles back to the driver).

    Examples
    --------
    >>> from kg.stages.ingest import document_id
    >>> text = "Russia invaded Ukraine in 2022."
    >>> doc = Document(id=document_id("a.txt", text), name="a.txt", text=text)
    >>> [(ex.document.name, [e.category for e in ex.events], n) for ex, n in extract_partition([doc])]
    [('a.txt', ['ASSAULT'], 6)]
    """
    nlp = load_model(model)
    lex = _worker_lexicon(lexicon_key, lexicon)
    with _WORKER_LOCK:
        return _pipeline.extract_batch(nlp, documents, lex)


# ----------------------------------------------------------------------------- driver side


def partitions(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    """Cut a stream of documents into lists of ``size`` (the last may be shorter), lazily.

    Examples
    --------
    >>> [len(p) for p in partitions(range(7), 3)]
    [3, 3, 1]
    """
    if size < 1:
        raise ValueError("partition size must be at least 1")
    yield from _pipeline.batches(documents, size)


def _import_distributed() -> Any:
    try:
        import distributed
    except ImportError as exc:
        raise DistributedError("E701", detail=str(exc)) from None
    return distributed


def _lexicon_payload(lexicon: str | Path | Lexicon | None) -> tuple[str, Lexicon | None]:
    """Load (and so check) the lexicon on the driver; a cache key and what to ship."""
    lex = lexicon if isinstance(lexicon, Lexicon) else Lexicon.load(lexicon)
    if lex is Lexicon.load():
        return "default", None  # workers load kg's own
    light = sorted(lex.light_verbs)
    key = hashlib.sha256(repr((lex.triggers, light)).encode("utf-8")).hexdigest()[:16]
    return key, Lexicon(triggers=list(lex.triggers), light_verbs=frozenset(light))  # no matchers


@contextlib.contextmanager
def _client(distributed: Any, scheduler: Any, n_workers: int) -> Iterator[Any]:
    """A Client to ``scheduler`` (an address or a Client), or to a LocalCluster started here."""
    if scheduler is not None and not isinstance(scheduler, str):
        yield scheduler  # the caller's own Client: use it, leave it open
        return
    if scheduler:
        try:
            client = distributed.Client(scheduler, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            raise DistributedError("E702", address=scheduler, detail=str(exc).splitlines()[0][:200]) from None
        try:
            yield client
        finally:
            client.close()
        return
    cluster = distributed.LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True,
                                       host="127.0.0.1", dashboard_address="127.0.0.1:8787")
    try:
        client = distributed.Client(cluster, set_as_default=False)
        try:
            client.wait_for_workers(n_workers, timeout=120)
            yield client
        finally:
            client.close()
    finally:
        cluster.close()


def _dashboard(client: Any) -> str:
    try:
        if "dashboard" not in client.scheduler_info().get("services", {}):
            return ""
        return client.dashboard_link or ""
    except Exception:  # pragma: no cover - informative only
        return ""


def _announcement(dashboard: str, scheduler: str) -> str:
    """The line that tells where to watch the build.

    Examples
    --------
    >>> _announcement("", "tcp://10.0.0.5:8786")
    'Dask scheduler tcp://10.0.0.5:8786 (no dashboard)'
    """
    if not dashboard:
        return f"Dask scheduler {scheduler} (no dashboard)"
    if importlib.util.find_spec("bokeh") is None:  # the scheduler serves only a stub page then
        return f"Dask dashboard: {dashboard} (its pages need `pip install 'bokeh>=3.1'`)"
    return f"Dask dashboard: {dashboard}"


def _announce(line: str) -> None:
    print(f"kg: {line}", file=sys.stderr, flush=True)


def run_build_dask(
    paths: Iterable[str | Path],
    *,
    store: KGStore | str | Path | None = None,
    scheduler: str | Any | None = None,
    n_workers: int = 2,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    model: str | None = None,
    lexicon: str | Path | Lexicon | None = None,
    base: str | None = None,
    batch_size: int = 32,
    max_doc_size: int = DEFAULT_MAX_DOC_SIZE,
    max_in_flight: int | None = None,
    progress: Callable[[int, int, int | None], None] | None = None,
    count: bool = False,
    announce: Callable[[str], None] | None = _announce,
    fetcher=None,
    max_sentences: int | None = _pipeline.MAX_SENTENCES,
) -> DaskBuildReport:
    """Build (or update) a knowledge graph with the parse spread over a Dask cluster.

    The same graph as :func:`kg.pipeline.run_build` on the same input (see the module
    notes); documents already stored (same content hash) are skipped, and when nothing is
    new no cluster is started or contacted.

    Parameters
    ----------
    paths : iterable of str, Path or UrlList
        Files, folders, URLs and URL lists as :func:`kg.pipeline.run_build` takes them, read
        (and fetched, with ``fetcher``) on this machine.
    store : KGStore or path or None
        Where the graph goes: an open store, a store folder, or None for memory.
    scheduler : str or distributed.Client, optional
        A scheduler address (``tcp://HOST:8786``) or a connected Client. Without it a
        ``LocalCluster`` of ``n_workers`` single-threaded worker processes is started on
        loopback for this build and closed after it.
    n_workers : int
        Worker processes of the LocalCluster (ignored with ``scheduler``).
    partition_size : int
        Documents per Dask task.
    model : str, optional
        spaCy model each worker loads (it must be installed on every worker).
    lexicon : path or Lexicon, optional
        Event lexicon (default: kg's own); read here and shipped to the workers.
    base : str, optional
        Base IRI of the data.
    batch_size : int
        Documents per store transaction.
    max_doc_size : int
        Documents larger than this many bytes are reported and skipped.
    max_in_flight : int, optional
        Partitions submitted but not yet merged (default: twice the worker threads).
    progress : callable, optional
        Called as ``progress(documents_done, words_parsed, total)`` after each merged
        partition and skipped document, like the local engine; ``total`` is None unless
        ``count``.
    count : bool
        Count the documents first (cheap) so ``progress`` gets a total.
    announce : callable, optional
        Receives one line with the dashboard link (default: printed to stderr).
    fetcher : kg.stages.ingest.Fetcher, optional
        Fetches URLs and feed links on this machine (default: one without a cache).
    max_sentences : int or None
        Sentences read of one document (the rest is left out, with a note E128); None: all.

    Returns
    -------
    DaskBuildReport
        A :class:`~kg.pipeline.BuildReport` with the dashboard link and cluster counts.

    Raises
    ------
    KGError
        ``E701`` without Dask, ``E702`` when the scheduler cannot be reached, ``E703`` when
        Dask gives up on a partition (it killed too many workers), and the model errors
        (``E001``, ``E002``) of the workers.

    Examples
    --------
    >>> report = run_build_dask(["seeds"], n_workers=2)  # doctest: +SKIP
    kg: Dask dashboard: http://127.0.0.1:8787/status
    >>> report.documents  # doctest: +SKIP
    1
    """
    started = time.perf_counter()
    distributed = _import_distributed()
    if partition_size < 1:
        raise ValueError("partition_size must be at least 1")
    if not isinstance(store, KGStore):
        store = KGStore(store, base=base)
    report = DaskBuildReport(store=store)
    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)  # read twice when counting
    advance = _pipeline._Progress(report, progress, _pipeline.count_documents(paths) if count and progress else None)
    todo = _pipeline.unstored_documents(paths, store, report, max_doc_size=max_doc_size, on_skip=advance,
                                        fetcher=fetcher, max_sentences=max_sentences)
    first = next(todo, None)
    if first is not None:  # a cluster, the lexicon and the entity index only when needed
        lexicon_key, lexicon_payload = _lexicon_payload(lexicon)
        merger = Merger(report, batch_size=batch_size)
        counted = _pipeline.count_before(store)
        with _client(distributed, scheduler, n_workers) as client:
            report.scheduler = client.scheduler.address
            report.dashboard = _dashboard(client)
            if announce:
                announce(_announcement(report.dashboard, report.scheduler))
            report.workers = sum(client.nthreads().values())
            window = max_in_flight or max(2, 2 * report.workers)
            in_flight: deque[tuple[Any, list[Document]]] = deque()

            def submit(part: list[Document]) -> None:
                digest = hashlib.sha256("\0".join([model or "", lexicon_key, *(d.id for d in part)]).encode())
                future = client.submit(extract_partition, part, model=model, lexicon_key=lexicon_key,
                                       lexicon=lexicon_payload, key=f"kg-extract-{digest.hexdigest()[:24]}")
                in_flight.append((future, part))
                report.partitions += 1

            def merge_oldest() -> None:
                future, part = in_flight.popleft()
                try:
                    results = future.result()  # a worker's KGError is raised here as itself
                except distributed.KilledWorker as exc:
                    raise DistributedError("E703", documents=len(part), first=part[0].name,
                                           detail=str(exc).splitlines()[0][:200]) from None
                finally:
                    future.release()
                for extraction, words in results:
                    merger.add(extraction, words)
                advance(len(results))

            try:
                for part in partitions(itertools.chain([first], todo), partition_size):
                    submit(part)
                    while len(in_flight) >= window:
                        merge_oldest()
                while in_flight:
                    merge_oldest()
            finally:
                if in_flight:  # stopped by an error: drop the rest
                    client.cancel([f for f, _ in in_flight])
        merger.finish()
        _pipeline.finish_store(store, report, *counted)
    report.seconds = time.perf_counter() - started
    return report
