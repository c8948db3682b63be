"""The pictures of a whole corpus, checked as a user would see them (the "done when" of issue 19).

On a built kg output folder (by default the 284 Wikinews articles, built with
``kg build ../shared/corpus/wikinews.jsonl -o DIR --no-png``), it

1. runs ``kg draw`` for the overview, the timeline and the map, each twice in a fresh
   process: the time, whatever it prints on stderr (must be nothing), and whether both runs
   give the same bytes;
2. writes the interactive view twice (same bytes?), opens it in headless Chromium and does
   what the issue asks: it loads (how long until the graph is drawn), search finds Trump,
   clicking an edge shows a sentence, and no request leaves the page's own file;
3. prints a table and writes the numbers to ``benchmarks/pictures_results.json``.

Run from the repository root::

    python benchmarks/bench_pictures.py --out /tmp/corpus19
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "use" / "draw"))
VIEWS = {"overview": [], "timeline": ["--timeline", "--size", "12x8"], "map": ["--map", "--size", "12x7"]}


def kg_draw(out: Path, dest: Path, extra: list[str]) -> tuple[float, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", "from kg.cli import main; main()", "draw", str(out), "-o", str(dest),
                           *extra], capture_output=True, text=True, env=env, check=True)
    return time.perf_counter() - started, done.stderr


def pictures(out: Path, tmp: Path) -> dict:
    results = {}
    for name, extra in VIEWS.items():
        (s1, err1), (s2, err2) = (kg_draw(out, tmp / f"{name}{k}.png", extra) for k in (1, 2))
        same = (tmp / f"{name}1.png").read_bytes() == (tmp / f"{name}2.png").read_bytes()
        results[name] = {"seconds": round(min(s1, s2), 2), "stderr": err1 + err2, "same_bytes": same}
    return results


def interactive(out: Path, tmp: Path) -> dict:
    from draw_support import CHROMIUM, CHROMIUM_FLAGS, Browsing
    from playwright.sync_api import sync_playwright

    (s1, err1), (_, err2) = (kg_draw(out, tmp / f"graph{k}.html", []) for k in (1, 2))
    html = tmp / "graph1.html"
    result = {"seconds": round(s1, 2), "stderr": err1 + err2, "bytes": html.stat().st_size,
              "same_bytes": html.read_bytes() == (tmp / "graph2.html").read_bytes()}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS)
        started = time.perf_counter()
        view = Browsing(browser, html)
        result["load_seconds"] = round(time.perf_counter() - started, 2)
        result["nodes"], result["edges"] = view.page.evaluate(
            "() => [window.kgView.cy.nodes().length, window.kgView.cy.edges().length]")
        found = view.search("Trump")
        result["search_trump"] = found[:3]
        view.page.click("#results li >> nth=0")
        result["panel"] = view.page.inner_text("#panel h2")
        started = time.perf_counter()
        view.page.evaluate("() => { const cy = window.kgView.cy; for (let k = 0; k < 10; k++) { cy.zoom(cy.zoom() * 1.2);"
                           " cy.forceRender(); } }")
        result["ten_zooms_seconds"] = round(time.perf_counter() - started, 2)
        view.click_an_edge()
        result["edge_sentence"] = view.page.inner_text("#panel .sentence >> nth=0")[:120]
        result["outside_requests"] = view.outside()
        result["console_errors"] = view.errors
        browser.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="a kg output folder (kg build ... -o OUT)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        results = {"store": str(args.out), "pictures": pictures(args.out, Path(tmp)),
                   "interactive": interactive(args.out, Path(tmp))}
    print("| view | seconds | stderr | same bytes |\n|---|---|---|---|")
    for name, r in results["pictures"].items():
        print(f"| {name} | {r['seconds']} | {r['stderr']!r} | {r['same_bytes']} |")
    r = results["interactive"]
    print(f"| html | {r['seconds']} | {r['stderr']!r} | {r['same_bytes']} |")
    print(json.dumps(r, indent=1, ensure_ascii=False))
    (ROOT / "benchmarks" / "pictures_results.json").write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
