"""Regenerate the README pictures (and, with ``--baseline``, the test baselines).

Run from the repository root::

    python docs/make_images.py                          # the seed's and the corpus's pictures
    python docs/make_images.py --corpus /tmp/corpus     # the corpus already built there (kg build ... -o /tmp/corpus)
    python docs/make_images.py --baseline               # also tests/use/draw/baseline/*.png (after an intended change)

It does what a user would. The seed: ``kg build seeds/ -o <tmp>/out`` and then::

    kg draw out -o docs/images/overview.png
    kg draw out -o docs/images/focus_putin.png --focus Putin --hops 1
    kg draw out -o docs/images/timeline.png --timeline --size 12x6
    kg draw out -o docs/images/map.png --map --size 12x7

The corpus (the 284 Wikinews articles of ``../shared/corpus/wikinews.jsonl``, built into a
temporary folder unless ``--corpus`` names a built one; skipped when neither is there)::

    kg draw wikinews -o docs/images/corpus_overview.png
    kg draw wikinews -o docs/images/corpus_timeline.png --timeline --size 12x8
    kg draw wikinews -o docs/images/corpus_map.png --map --size 12x7
    kg draw wikinews -o <tmp>/corpus.html   # then a screenshot in headless Chromium: docs/images/corpus_html.png

Every command must print nothing on stderr; the script stops if one does.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this tree's kg (for the baselines), not one installed elsewhere
IMAGES = ROOT / "docs" / "images"
CORPUS = ROOT.parent / "shared" / "corpus" / "wikinews.jsonl"
PICTURES = {
    "overview.png": [],
    "focus_putin.png": ["--focus", "Putin", "--hops", "1"],
    "timeline.png": ["--timeline", "--size", "12x6"],
    "map.png": ["--map", "--size", "12x7"],
}
CORPUS_PICTURES = {
    "corpus_overview.png": [],
    "corpus_timeline.png": ["--timeline", "--size", "12x8"],
    "corpus_map.png": ["--map", "--size", "12x7"],
}


def kg(*args: str, cwd: Path = ROOT) -> None:
    cmd = [sys.executable, "-c", "from kg.cli import main; main()", *args]
    print("$ kg", " ".join(args), flush=True)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    done = subprocess.run(cmd, check=True, cwd=cwd, stderr=subprocess.PIPE, text=True, env=env)  # this kg, not another
    if done.stderr.strip():
        sys.exit(f"kg {' '.join(args)} printed on stderr:\n{done.stderr}")


def screenshot(html: Path, png: Path) -> None:
    """The interactive view in headless Chromium, as a reader finds it: Trump searched, an edge clicked."""
    sys.path.insert(0, str(ROOT / "tests" / "use" / "draw"))
    from draw_support import CHROMIUM, CHROMIUM_FLAGS, Browsing
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS)
        view = Browsing(browser, html)
        view.search("Trump")
        view.page.click("#results li >> nth=0")
        view.page.wait_for_function("() => !window.kgView.cy.animated()")
        view.page.wait_for_timeout(300)
        view.page.screenshot(path=str(png))
        outside = view.outside()
        browser.close()
    if outside:
        sys.exit(f"the page requested {outside}")
    print("wrote", png.relative_to(ROOT))


def corpus_pictures(built: Path | None) -> None:
    """The corpus's pictures, from ``built`` (an output folder) or a fresh build of ``CORPUS``."""
    with tempfile.TemporaryDirectory() as tmp:
        here = Path(tmp)
        if built is not None:
            (here / "wikinews").symlink_to(built.resolve())  # the pictures name the store "wikinews/store"
        elif CORPUS.exists():
            kg("build", str(CORPUS), "-o", "wikinews", "--no-png", cwd=here)
        else:
            print(f"no corpus at {CORPUS}: the corpus pictures are left as they are")
            return
        for name, extra in CORPUS_PICTURES.items():
            kg("draw", "wikinews", "-o", str(IMAGES / name), *extra, cwd=here)
        kg("draw", "wikinews", "-o", str(here / "corpus.html"), cwd=here)
        screenshot(here / "corpus.html", IMAGES / "corpus_html.png")


def baselines() -> None:
    """tests/use/draw/baseline/*.png from the hand-written mini store of tests/use/draw/draw_support.py."""
    spec = importlib.util.spec_from_file_location("_draw_support", ROOT / "tests" / "use" / "draw" / "draw_support.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    from kg.use.draw import draw

    store = mod.mini_store()
    for name, kwargs in (("overview", {}), ("focus_putin", {"focus": "Putin"}), ("timeline", {"timeline": True})):
        path = draw(store, mod.BASELINE / f"{name}.png", **kwargs, **mod.SMALL)
        print("wrote", path.relative_to(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", action="store_true", help="also rewrite tests/use/draw/baseline/*.png")
    parser.add_argument("--corpus", type=Path, help="a kg output folder of the Wikinews corpus, already built")
    parser.add_argument("--no-corpus", action="store_true", help="only the seed's pictures")
    args = parser.parse_args()
    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        # run in the temporary folder so that the pictures name the store "out/store", as a user's would
        kg("build", str(ROOT / "seeds"), "-o", "out", "--no-png", cwd=Path(tmp))
        for name, extra in PICTURES.items():
            kg("draw", "out", "-o", str(IMAGES / name), *extra, cwd=Path(tmp))
    if not args.no_corpus:
        corpus_pictures(args.corpus)
    if args.baseline:
        baselines()


if __name__ == "__main__":
    main()
