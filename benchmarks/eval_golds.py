"""kg's reading on every gold of ``tests/gold/``: one line per article, and the totals.

    python benchmarks/eval_golds.py [--json] [--split=dev|test] [GOLD.json ...]

Columns: ``req`` the gold's required events, ``found`` those kg found, ``sys`` the events kg
states, ``ok`` those that match a gold event (required or not), ``R`` = found / req, ``P`` = ok /
sys (``-`` when kg states none), ``date`` the share of found dated events whose date is right,
``entF1`` entity F1. The last line is the pooled totals as JSON.

Each article is built on its own (the model is loaded once) and scored with
:func:`kg.use.evaluate.score_graph`, the port of the reference scorer. The totals pool the
counts of all articles: event recall over their required events, precision over the events kg
states, date accuracy over the found events that have a date in the gold; entities the same way.
With instance ids (the story clusters: ``hk``, ``impeach``, ``prorogation``) each cluster's
articles of the chosen split are also built together into one graph and scored for instance
grouping (pairwise precision, recall and F1 over the mentions of one real event, and instances
per real event); a cluster of one article is skipped. The seed and the entity gold of the corpus
are left out (``kg eval`` scores them).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold"


def golds(paths: list[str], split: str | None = None) -> list[Path]:
    """The article golds to score: those given, else all of tests/gold (``split``: ``dev`` or ``test``,
    the held-out ones listed in ``tests/gold/HELD_OUT``)."""
    if paths:
        return [Path(p) for p in paths]
    held = {line.strip() for line in (GOLD / "HELD_OUT").read_text().splitlines() if line.strip() and line[0] != "#"}
    out = sorted(p for p in GOLD.glob("*.gold.json") if not p.name.startswith("wikinews_entities"))
    if split == "test":
        out = [p for p in out if p.name.removesuffix(".gold.json") in held]
    elif split == "dev":
        out = [p for p in out if p.name.removesuffix(".gold.json") not in held]
    return out


def stories(paths: list[Path]) -> dict[str, list[Path]]:
    """The golds of each story cluster among ``paths``: the story of an instance id
    ``<story>:<event>``, with every gold that has an event of it (clusters of two or more)."""
    out: dict[str, list[Path]] = {}
    for path in paths:
        ids = {e["instance"] for e in json.loads(path.read_text(encoding="utf-8"))["events"] if e.get("instance")}
        for story in sorted({i.split(":", 1)[0] for i in ids}):
            out.setdefault(story, []).append(path)
    return {story: members for story, members in sorted(out.items()) if len(members) > 1}


def score_clusters(paths: list[Path]) -> dict[str, dict]:
    """Each story cluster built as one corpus and scored for instance grouping."""
    from kg.pipeline import run_build
    from kg.use.evaluate import graph_of, load_gold, score_graph
    from kg.use.evaluate_instances import INSTANCE_FIELDS

    out = {}
    for story, members in stories(paths).items():
        golds = [load_gold(p) for p in members]
        report = run_build([p.with_name(g["document"]) for p, g in zip(members, golds)])
        try:
            r = score_graph(graph_of(report.store), golds)
        finally:
            report.store.close()
        out[story] = {"articles": len(members), **{k: r[k] for k in INSTANCE_FIELDS}}
    return out


def main(argv: list[str]) -> int:
    from kg.pipeline import run_build
    from kg.use.evaluate import graph_of, load_gold, score_graph

    if "--help" in argv or "-h" in argv:
        print(__doc__)
        return 0
    as_json = "--json" in argv
    split = next((a.split("=", 1)[1] for a in argv if a.startswith("--split=")), None)
    paths = golds([a for a in argv if not a.startswith("--")], split)
    rows, tot = [], {"req": 0, "found": 0, "sys": 0, "matched": 0, "dated": 0, "date_ok": 0}
    started = time.perf_counter()
    for path in paths:
        gold = load_gold(path)
        text = path.with_name(gold["document"])
        report = run_build([text])
        try:
            r = score_graph(graph_of(report.store), [gold])
        finally:
            report.store.close()
        req = sum(1 for e in gold["events"] if e["required"])
        found = req - len(r["missing_events"])
        matched = r["system_events"] - len(r["unmatched_system_events"])
        dated_found = [e for e in gold["events"] if e["required"] and e.get("date") and e["id"] not in r["missing_events"]]
        date_ok = round((r["date_accuracy"] or 0) * len(dated_found)) if r["date_accuracy"] is not None else 0
        tot["req"] += req; tot["found"] += found; tot["sys"] += r["system_events"]; tot["matched"] += matched
        tot["dated"] += len(dated_found); tot["date_ok"] += date_ok
        rows.append({"gold": path.name.replace(".gold.json", "")[:60], "required": req, "found": found,
                     "system": r["system_events"], "matched": matched, "event_recall": r["event_recall"],
                     "event_precision": r["event_precision"], "date_accuracy": r["date_accuracy"],
                     "entity_f1": r["entity_f1"], "country": r["country_code_accuracy"], "role": r["role_accuracy"],
                     "missing": r["missing_events"], "wrong": r["unmatched_system_events"]})
    recall = tot["found"] / tot["req"] if tot["req"] else 0.0
    precision = tot["matched"] / tot["sys"] if tot["sys"] else 0.0
    summary = {"articles": len(rows), "required_events": tot["req"], "event_recall": round(recall, 3),
               "event_precision": round(precision, 3),
               "event_f1": round(2 * recall * precision / (recall + precision), 3) if recall + precision else 0.0,
               "date_accuracy": round(tot["date_ok"] / tot["dated"], 3) if tot["dated"] else None,
               "seconds": round(time.perf_counter() - started, 1)}
    clusters = score_clusters(paths)
    if as_json:
        print(json.dumps({"articles": rows, "total": summary, "clusters": clusters}, indent=1))
        return 0
    print(f"{'article':60} {'req':>4} {'found':>5} {'sys':>4} {'ok':>4} {'R':>6} {'P':>6} {'date':>6} {'entF1':>6}")
    for r in rows:
        print(f"{r['gold']:60} {r['required']:4} {r['found']:5} {r['system']:4} {r['matched']:4} "
              f"{r['event_recall']:6.3f} {_num(r['event_precision'] if r['system'] else None)} "
              f"{str(r['date_accuracy']):>6} {r['entity_f1']:6.3f}")
    if clusters:
        print(f"\n{'story cluster':16} {'articles':>8} {'pairs':>6} {'P':>6} {'R':>6} {'F1':>6} {'inst/real':>9}")
    for story, c in clusters.items():
        print(f"{story:16} {c['articles']:8} {c['instance_gold_pairs']:6} {_num(c['instance_pair_precision'])} "
              f"{_num(c['instance_pair_recall'])} {_num(c['instance_pair_f1'])} {_num(c['instances_per_real_event']):>9}")
    print(json.dumps(summary))
    return 0


def _num(x: float | None) -> str:
    return f"{x:6.3f}" if x is not None else f"{'-':>6}"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
