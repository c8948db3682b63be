"""kg's recall on the salient-events checklist (``tests/gold/salient_checklist.json``).

    python benchmarks/eval_checklist.py [--json] [--corpus=PATH]

The checklist lists, for 60 articles of the 284-article Wikinews corpus drawn at random, the
plain, salient events a reader takes from each story (its guideline and drawing code are in
``tests/gold/README.md``). Each listed article is taken from the corpus (default
``../shared/corpus/wikinews.jsonl``, or ``$KG_SHARED/corpus/wikinews.jsonl``), written on its own as a one-record JSONL file (so it is
read exactly as in a corpus build, with its record date) and built with
:func:`kg.pipeline.run_build` (the model is loaded once), then scored with
:func:`kg.use.evaluate.score_graph` as ``benchmarks/eval_golds.py`` scores a gold.

Columns: ``req`` the article's checklist events, ``found`` those kg found (an event of a listed
type between an acceptable agent and target; the date is not required), ``missing`` the ids of
the others. Articles whose checklist is empty are built too (to time the run) but count for
nothing. The last line is the totals as JSON: ``found_share`` = found / required over all
articles (event recall). Precision is not reported: a checklist lists only the salient events,
so kg's other events are not wrong for being absent from it.

Without the corpus (``../shared`` is not shipped) it says so and exits 0.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHECKLIST = ROOT / "tests" / "gold" / "salient_checklist.json"
#: the shared material: ../shared beside the project, or where KG_SHARED says (a git worktree elsewhere)
CORPUS = Path(os.environ.get("KG_SHARED", ROOT.parent / "shared")) / "corpus" / "wikinews.jsonl"


def corpus_records(path: Path) -> dict[str, dict]:
    """The corpus records by id."""
    with path.open(encoding="utf-8") as fh:
        return {r["id"]: r for r in map(json.loads, filter(str.strip, fh))}


def as_gold(entry: dict) -> dict:
    """A checklist entry as a gold of the format :func:`kg.use.evaluate.load_gold` checks."""
    return {"document": entry["document"], "published": entry["published"],
            "entities": entry["entities"], "events": entry["events"]}


def score_entry(entry: dict, record: dict, work: Path) -> dict:
    """Build one article on its own and score its checklist events."""
    from kg.pipeline import run_build
    from kg.use.evaluate import graph_of, load_gold, score_graph

    article = work / f"{entry['document']}.jsonl"
    article.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    gold_path = work / f"{entry['document']}.gold.json"
    gold_path.write_text(json.dumps(as_gold(entry), ensure_ascii=False), encoding="utf-8")
    gold = load_gold(gold_path)
    report = run_build([article])
    try:
        r = score_graph(graph_of(report.store), [gold])
    finally:
        report.store.close()
    req = sum(1 for e in gold["events"] if e["required"])
    return {"document": entry["document"], "required": req, "found": req - len(r["missing_events"]),
            "missing": r["missing_events"]}


def main(argv: list[str]) -> int:
    if "--help" in argv or "-h" in argv:
        print(__doc__)
        return 0
    corpus = Path(next((a.split("=", 1)[1] for a in argv if a.startswith("--corpus=")), CORPUS))
    if not corpus.is_file():
        print(f"eval_checklist: no corpus at {corpus} (../shared is not shipped); nothing to score")
        return 0
    entries = json.loads(CHECKLIST.read_text(encoding="utf-8"))
    records = corpus_records(corpus)
    absent = [e["document"] for e in entries if e["document"] not in records]
    if absent:
        print(f"eval_checklist: {corpus}: no record {absent[0]!r} ({len(absent)} listed articles absent)")
        return 1
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="kg-checklist-") as tmp:
        rows = [score_entry(e, records[e["document"]], Path(tmp)) for e in entries]
    req = sum(r["required"] for r in rows)
    found = sum(r["found"] for r in rows)
    total = {"articles": len(rows), "articles_with_events": sum(1 for r in rows if r["required"]),
             "required_events": req, "found": found,
             "found_share": round(found / req, 3) if req else None,
             "seconds": round(time.perf_counter() - started, 1)}
    if "--json" in argv:
        print(json.dumps({"articles": rows, "total": total}, indent=1))
        return 0
    print(f"{'article':62} {'req':>4} {'found':>5}  missing")
    for r in rows:
        if r["required"]:
            print(f"{r['document'][:62]:62} {r['required']:4} {r['found']:5}  {' '.join(r['missing'])}")
    print(json.dumps(total))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
