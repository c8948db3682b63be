"""Reading (nlp + extract) for :func:`kg.pipeline.run_build`: in this process, or in worker processes.

A worker parses and extracts whole batches and sends back :class:`~kg.records.Extraction`
records (small, picklable), never spaCy Docs; the parent resolves and writes in input order,
so the graph is the same for any number of workers.

Design decisions, with what was measured (2 shared cores, ``en_core_web_sm`` 3.8):

* **Workers die with the build.** A worker blocks on its task queue, and a forked worker holds
  both ends of that queue, so after ``kill -9`` of ``kg build --workers 2`` both workers
  (215-305 MB each) waited for ever, holding files of the store open. Each worker now asks
  the kernel for ``SIGKILL`` when its parent dies (Linux ``prctl(PR_SET_PDEATHSIG)`` through
  ctypes), and exits at once if the parent is already gone by then; elsewhere a thread of the
  worker checks its parent every second. (``PR_SET_PDEATHSIG`` follows the thread that
  forked: the pool is created and shut down by the thread that calls ``run_build``.) Workers
  stay in the build's process group, so Ctrl-C in a terminal reaches them, and ignore it: the
  parent stops the pool and leaves the store consistent.
* **A memory zone per batch, once the vocabulary has had its budget.** spaCy keeps every new
  word it meets (strings and lexemes) for the life of the process: +9,252 strings and +18,304
  lexemes over the 284 Wikinews articles, growing with every new name and number of a crawl.
  Once the vocabulary holds :data:`VOCAB_BUDGET` strings more than the loaded model's, each
  batch is read inside ``nlp.memory_zone()`` (spaCy 3.8), which frees what the batch added;
  no Doc outlives its batch (extraction returns plain records), and the event lexicon's
  matcher is built before the first zone so that its keys stay. Not from the first batch on:
  inside a zone spaCy's tokenizer never caches a word's split (``Tokenizer._save_cached``
  returns at once), so every "the" of every batch was split by the prefix, suffix and infix
  rules again, and every word made a lexeme again: tokenizing the first 100 Wikinews
  articles took 0.94-1.16 CPU s in zones of 32 documents against 0.60-0.66 without (and
  0.61-0.63 with the first batch outside a zone); their whole parse in a build, 14.66 and
  14.65 CPU s against 14.54 and 14.47 (two rounds each, load 1). The
  words kept before the zones begin are the common ones, which the zones' batches then find in
  the cache; the budget bounds what stays (a batch may overshoot it once, by its new words).
* **The parse is bounded by characters** (:data:`kg.stages.nlp.BATCH_CHARS` per ``nlp.pipe``
  batch, long documents in chunks): see :mod:`kg.stages.nlp`.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator

from kg.records import Document, Extraction

__all__ = ["extract_batch", "read_serial", "read_parallel", "die_with_parent", "VOCAB_BUDGET"]

#: spaCy components the extractor does not use. kg.stages.extract reads ``tag_``/``pos_`` (tagger,
#: attribute_ruler), ``lemma_`` (lemmatizer), ``dep_``/sentences (parser) and ``ents`` (ner),
#: which is the whole of the small English pipeline; a model with more (``senter``,
#: ``textcat``, transformers' listeners) runs only these.
_USED = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner", "morphologizer",
         "trainable_lemmatizer", "transformer", "sentencizer", "kg_line_breaks")

_WORKER: dict = {}
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _disabled(nlp) -> list[str]:
    return [p for p in nlp.pipe_names if p not in _USED]


def die_with_parent(parent: int) -> None:
    """Make this (child) process end when the process ``parent`` ends, even by ``kill -9``.

    On Linux the kernel sends ``SIGKILL`` (``prctl(PR_SET_PDEATHSIG)``); elsewhere a daemon
    thread checks the parent every second. If ``parent`` is gone already, exit now.
    """
    armed = False
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
            armed = libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    if os.getppid() != parent:  # the parent died before the request was in place
        os._exit(1)
    if not armed:
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True, name="kg-watch-parent").start()


def _watch_parent(parent: int) -> None:
    import time

    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def _worker_init(model: str | None, lexicon, parent: int | None = None) -> None:
    from kg.stages.events import Lexicon
    from kg.stages.nlp import load_model

    if parent is not None:  # a worker process: it ends with the build, and Ctrl-C is the parent's
        die_with_parent(parent)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    nlp = load_model(model)
    lex = lexicon if isinstance(lexicon, Lexicon) else Lexicon.load(lexicon)
    lex.matches(nlp.make_doc("kg"))  # its matcher is built here, outside any memory zone
    _WORKER["nlp"], _WORKER["lexicon"] = nlp, lex


#: strings spaCy's vocabulary may gain for the life of the process before batches are read in
#: memory zones (the 284 Wikinews articles add 9,252; see the module notes)
VOCAB_BUDGET = 30_000
_BASE_STRINGS: dict[int, int] = {}  # id(vocab) -> its strings at the first batch read


def _zone(nlp, budget: int | None = None):
    """``nlp.memory_zone()`` where spaCy has it (3.8 and later) and the vocabulary has grown by
    ``budget`` (default :data:`VOCAB_BUDGET`) strings since the first batch; else nothing."""
    zone = getattr(nlp, "memory_zone", None)
    if zone is None:
        return contextlib.nullcontext()
    base = _BASE_STRINGS.setdefault(id(nlp.vocab), len(nlp.vocab.strings))
    if len(nlp.vocab.strings) - base < (VOCAB_BUDGET if budget is None else budget):
        return contextlib.nullcontext()
    return zone()


#: documents spaCy parses at a time: a news article is long enough that larger batches gain
#: nothing (9.8 CPU s for 64 Wikinews articles at 8 or 32, 10.6-12.3 at 1), and progress moves per document
PIPE_BATCH = 8


def extract_batch(nlp, documents: list[Document], lexicon, each: Callable[[int], None] | None = None
                  ) -> list[tuple[Extraction, int]]:
    """Parse (with the components kg does not use switched off) and extract a batch:
    ``(extraction, tokens)`` per document, in order. Both build engines read through it.

    Once the vocabulary has grown by :data:`VOCAB_BUDGET` strings, the batch is read in a spaCy
    memory zone: the words it added to the vocabulary are freed when it is done (see the module
    notes). ``each(tokens)`` is called as each document is
    done, for progress.
    """
    from kg.stages.extract import extract
    from kg.stages.nlp import pipe_documents

    lexicon.matches(nlp.make_doc("kg"))  # the lexicon's matcher, built outside the zone
    out = []
    with nlp.select_pipes(disable=_disabled(nlp)), _zone(nlp):
        for document, parsed in pipe_documents(nlp, documents, batch_size=max(1, min(len(documents), PIPE_BATCH))):
            out.append((extract(document, parsed, lexicon=lexicon), len(parsed)))
            if each is not None:
                each(len(parsed))
    return out


def _read_batch(docs: list[Document], each: Callable[[int], None] | None = None) -> list[tuple[Extraction, int]]:
    return extract_batch(_WORKER["nlp"], docs, _WORKER["lexicon"], each)


def read_serial(batches: Iterable[list[Document]], model, lexicon, each: Callable[[int], None] | None = None
                ) -> Iterator[list[tuple[Extraction, int]]]:
    """Batches read in this process, in order; ``each(tokens)`` as each document is parsed."""
    _worker_init(model, lexicon)
    for batch in batches:
        yield _read_batch(batch, each)


def read_parallel(batches: Iterable[list[Document]], model, lexicon, workers: int
                  ) -> Iterator[list[tuple[Extraction, int]]]:
    """Batches read by ``workers`` processes, in order, with at most 4 batches per worker in flight."""
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    method = "fork" if "fork" in mp.get_all_start_methods() else None
    pool = ProcessPoolExecutor(workers, mp_context=mp.get_context(method), initializer=_worker_init,
                               initargs=(model, lexicon, os.getpid()))
    inflight: deque = deque()
    finished = False
    try:
        for batch in batches:
            inflight.append(pool.submit(_read_batch, batch))
            if len(inflight) >= 4 * workers:  # slack, so one long task does not idle the others
                yield inflight.popleft().result()
        while inflight:
            yield inflight.popleft().result()
        finished = True
    finally:
        if finished:
            pool.shutdown(wait=True)
        else:  # interrupted or failed: stop the workers now, nothing they hold is wanted
            procs = list((pool._processes or {}).values())
            pool.shutdown(wait=False, cancel_futures=True)
            for proc in procs:
                proc.terminate()
            for proc in procs:
                proc.join(5)
