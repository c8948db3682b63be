"""kg benchmark: documents/s of the Dask engine with 1 and 2 worker processes, beside the local engine.

Run from the project root (needs ``pip install 'kg[distributed]'``)::

    python benchmarks/bench_dask.py                      # wikinews: local -j1/-j2, dask 1/2 workers
    python benchmarks/bench_dask.py --limit 40           # a quick look on the first 40 documents
    python benchmarks/bench_dask.py --scheduler tcp://HOST:8786 --only dask   # an existing cluster

Corpus: ``../shared/corpus/wikinews`` (284 Wikinews articles, CC BY 2.5, see its README) when
present, else 120 generated articles. Every measurement runs in a fresh Python process, so
model loading is paid alike: the local engine loads the model in its process (or ``-j2``
processes), a Dask build starts a ``LocalCluster`` whose workers each load it. Each build
writes to an in-memory store; its sorted N-Quads are hashed so the table shows that every
engine built the same graph. Results are printed as Markdown and saved to
``benchmarks/dask_results.json``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "dask_results.json"
sys.path.insert(0, str(HERE))
from bench_build import WIKINEWS, _cpu, article  # noqa: E402 - the same corpus, generator and clock


def corpus_files(work: Path, limit: int | None) -> list[str]:
    """The benchmark documents as .txt paths, in build order."""
    files = sorted(WIKINEWS.glob("*.txt")) if WIKINEWS.is_dir() else []
    if not files:
        gen = work / "generated"
        gen.mkdir(parents=True, exist_ok=True)
        for i in range(120):
            (gen / f"gen{i:04d}.txt").write_text("".join(article(i + j) for j in range(20)))
        files = sorted(gen.glob("*.txt"))
    return [str(f) for f in files[:limit]]


def _graph_hash(store) -> str:
    import pyoxigraph as ox

    lines = sorted(store.ox.dump(format=ox.RdfFormat.N_QUADS).decode("utf-8").splitlines())
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:12]


def _child(task: str, args: dict) -> dict:
    files = args["files"]
    started = time.perf_counter()
    extra: dict = {}
    if task == "local":
        from kg.pipeline import run_build

        report = run_build(files, workers=args["workers"], batch_size=args["batch_size"])
    else:
        from kg.pipeline.distributed import run_build_dask

        first: list[float] = []

        def tick(done: int, words: int, total: int | None) -> None:
            if not first:
                first.append(time.perf_counter() - started)

        report = run_build_dask(files, scheduler=args.get("scheduler"), n_workers=args["workers"],
                                partition_size=args["partition_size"], batch_size=args["batch_size"],
                                announce=None, progress=tick)
        extra = {"first_result_s": round(first[0], 2) if first else None, "partitions": report.partitions,
                 "worker_threads": report.workers, "dashboard": report.dashboard,
                 "duplicates": report.duplicates}
    seconds = time.perf_counter() - started
    extra["cpu_s"] = round(_cpu(), 1)
    extra["cpu_driver_s"] = round(_cpu(children=False), 1)
    extra["load_avg_1min"] = round(os.getloadavg()[0], 2)  # other processes on the machine
    return {"documents": report.documents, "words": report.words, "events": report.events,
            "triples": report.triples, "seconds": round(seconds, 2),
            "docs_per_s": round(report.documents / seconds, 2), "graph": _graph_hash(report.store), **extra}


def run_child(task: str, **kw) -> dict:
    """One measurement in a fresh Python process (the same runner as bench_build.py)."""
    from bench_build import child

    return child(task, script=__file__, **kw)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "_child":
        print(json.dumps(_child(sys.argv[2], json.loads(sys.argv[3]))))
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None, help="Only the first N documents.")
    ap.add_argument("--partition-size", type=int, default=16)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--scheduler", default=None, help="Use this Dask scheduler instead of a LocalCluster.")
    ap.add_argument("--only", choices=["local", "dask"], default=None)
    opts = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files = corpus_files(Path(tmp), opts.limit)
        common = {"files": files, "batch_size": opts.batch_size, "partition_size": opts.partition_size}
        runs: dict[str, dict] = {}
        plan = []
        if opts.only != "dask":
            plan += [("local -j1", "local", 1), ("local -j2", "local", 2)]
        if opts.only != "local":
            plan += [("dask, 1 worker", "dask", 1), ("dask, 2 workers", "dask", 2)]
        for label, task, n in plan:
            runs[label] = run_child(task, workers=n, scheduler=opts.scheduler, **common)
            print(f"{label}: {runs[label]}", file=sys.stderr, flush=True)
    words = next(iter(runs.values()))["words"] if runs else 0
    print(f"\n{len(files)} documents, {words:,} words; {os.cpu_count()} CPUs, Python {platform.python_version()}\n")
    print("| engine | seconds | documents/s | first result (s) | CPU s (all processes) | load avg at end "
          "| graph (N-Quads hash) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
    for label, r in runs.items():
        cpu = r["cpu_s"] if not (opts.scheduler and label.startswith("dask")) else "n/a"
        print(f"| {label} | {r['seconds']:.1f} | {r['docs_per_s']:.2f} | {r.get('first_result_s') or ''} "
              f"| {cpu} | {r['load_avg_1min']} | `{r['graph']}` |")
    RESULTS.write_text(json.dumps({"documents": len(files), "words": words, "cpus": os.cpu_count(),
                                   "options": {k: v for k, v in vars(opts).items()}, "runs": runs}, indent=1))


if __name__ == "__main__":
    main()
