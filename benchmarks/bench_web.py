"""kg benchmark: a web archive of news pages against the plain text of the same articles.

Builds a gzipped WARC of at least 1,000 pages (the corpus articles, repeated under distinct
URLs, each wrapped in a real-looking news page: navigation, cookie banner, related links,
"most read", newsletter box, footer; ``tests/web_support.py``) and measures, each in a fresh
process (``bench_build.child``), for the WARC and for the folder of ``.txt`` files:

- ingest: reading the documents only (WARC: streaming, trafilatura, language check);
- build: ``kg.run_build`` into a new store (ingest, spaCy, extraction, store);

in pages (documents) per second and per CPU second (what the load of other processes does not
inflate), with each process's peak RSS. It also counts the pages whose extracted text is the
article's paragraphs (runs of spaces made one, as HTML shows them): no furniture in, nothing lost.

    python benchmarks/bench_web.py                 # 4 x 284 = 1,136 pages, ~10 min on 2 cores
    python benchmarks/bench_web.py --repeat 4 --workers 2
    python benchmarks/bench_web.py --steps ingest      # reading only (a minute); the builds keep their last result

Corpus: ``../shared/corpus/wikinews`` when present (else bench_build's generated articles).
The report is printed as Markdown and saved under ``"web"`` in ``benchmarks/results.json``.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests"), str(HERE.parent)]

from bench_build import RESULTS, child, corpus_dir  # noqa: E402


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu() -> float:
    """CPU seconds of this process and its reaped children (worker processes): what other load does not inflate."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def make_warc(corpus: Path, path: Path) -> int:
    """Every .txt of ``corpus`` as a page in one WARC; the number of pages."""
    from web_support import news_page, write_warc

    def pages():
        for f in sorted(corpus.glob("*.txt")):
            text = f.read_text(encoding="utf-8")
            day = f.name.split("-", 1)[1][:10] if f.name[3:7].isdigit() else "2024-01-01"
            title = f.stem.split("_", 1)[-1].replace("-", " ")[:80]
            url = f"https://news.example/{f.stem}"
            yield url, news_page(text, title=title, url=url, published=f"{day}T12:00:00+00:00")

    write_warc(path, pages(), extra_records=False)
    return len(list(corpus.glob("*.txt")))


def task_ingest(inputs: str, corpus: str) -> dict:
    """Read the documents only; count those whose text is the article's paragraphs."""
    from kg.stages.ingest import iter_documents

    def words(text: str) -> list[str]:  # paragraphs, runs of spaces made one (as HTML shows them)
        return [" ".join(x.split()) for x in text.splitlines() if x.strip()]

    paragraphs = {f"https://news.example/{f.stem}": words(f.read_text(encoding="utf-8"))
                  for f in Path(corpus).glob("*.txt")}
    t0 = time.perf_counter()
    problems: list = []
    n = same = 0
    for doc in iter_documents([inputs], problems):
        n += 1
        same += words(doc.text) == paragraphs.get(doc.name)
    s = time.perf_counter() - t0
    return {"documents": n, "seconds": s, "cpu": _cpu(), "same_text": same, "problems": len(problems),
            "rss_mb": _rss_mb()}


def task_build(inputs: str, store: str, workers: int) -> dict:
    from kg.pipeline import run_build

    t0 = time.perf_counter()
    report = run_build([inputs], store=store, workers=workers)
    s = time.perf_counter() - t0
    out = {"documents": report.documents, "seconds": s, "cpu": _cpu(), "words": report.words,
           "events": report.events, "rss_mb": _rss_mb()}
    report.store.close()
    return out


def report(r: dict) -> str:
    lines = [f"WARC: {r['pages']:,} pages, {r['warc_mb']:.1f} MB gzipped ({r['html_mb']:.0f} MB of HTML); "
             f"the same articles as {r['pages']:,} .txt files ({r['txt_mb']:.1f} MB). {r['workers']} worker(s).", "",
             "| input | step | documents | seconds | pages/s | CPU s | pages per CPU s | peak RSS (MB) |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    for kind in ("txt", "warc"):
        for step in ("ingest", "build"):
            m = r[kind][step]
            lines.append(f"| {kind} | {step} | {m['documents']:,} | {m['seconds']:.1f} | "
                         f"{m['documents'] / m['seconds']:,.1f} | {m['cpu']:.1f} | {m['documents'] / m['cpu']:,.1f} | "
                         f"{m['rss_mb']:.0f} |")
    w = r["warc"]
    lines += ["", f"WARC pages whose extracted text is the article's paragraphs: "
                  f"{w['ingest']['same_text']:,} of {w['ingest']['documents']:,}; "
                  f"events: {w['build']['events']:,} from the WARC, {r['txt']['build']['events']:,} from the .txt files."]
    return "\n".join(lines)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "_child":
        print(json.dumps(globals()["task_" + sys.argv[2]](**json.loads(sys.argv[3]))))
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=4, help="corpus copies under distinct names (4 x 284 = 1,136)")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--steps", nargs="+", choices=["ingest", "build"], default=["ingest", "build"])
    ap.add_argument("--work", type=Path, default=None, help="scratch folder (default: a temporary one)")
    args = ap.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="kg-bench-web-"))
    work.mkdir(parents=True, exist_ok=True)
    corpus = corpus_dir(work, args.repeat)
    warc = work / "pages.warc.gz"
    pages = make_warc(corpus, warc)
    from web_support import news_page

    html_mb = sum(len(news_page(f.read_text(), title="t", url="u", published="2024-01-01").encode())
                  for f in corpus.glob("*.txt")) / 1e6
    r = {"pages": pages, "workers": args.workers, "warc_mb": warc.stat().st_size / 1e6, "html_mb": html_mb,
         "txt_mb": sum(f.stat().st_size for f in corpus.glob("*.txt")) / 1e6}
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    for kind, inputs in (("txt", corpus), ("warc", warc)):
        r[kind] = dict(results.get("web", {}).get(kind, {}))  # a step not run keeps its last result
        if "ingest" in args.steps:
            r[kind]["ingest"] = child("ingest", script=__file__, inputs=str(inputs), corpus=str(corpus))
        if "build" in args.steps:
            r[kind]["build"] = child("build", script=__file__, inputs=str(inputs), store=str(work / f"store-{kind}"),
                                     workers=args.workers)
        print(kind, json.dumps(r[kind]), flush=True)
    results["web"] = r
    RESULTS.write_text(json.dumps(results, indent=1))
    print(report(r))
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
