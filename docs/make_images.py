"""Regenerate the README pictures of the seed article (and, with ``--baseline``, the test baselines).

Run from the repository root::

    python docs/make_images.py             # docs/images/{overview,focus_putin,timeline}.png
    python docs/make_images.py --baseline  # also tests/use/draw/baseline/*.png (after an intended change)

It does what a user would: ``kg build seeds/ -o <tmp>/out`` and then ``kg draw`` three times:

    kg draw out -o docs/images/overview.png
    kg draw out -o docs/images/focus_putin.png --focus Putin --hops 1
    kg draw out -o docs/images/timeline.png --timeline
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IMAGES = ROOT / "docs" / "images"
PICTURES = {
    "overview.png": [],
    "focus_putin.png": ["--focus", "Putin", "--hops", "1"],
    "timeline.png": ["--timeline", "--size", "12x6"],
}


def kg(*args: str, cwd: Path = ROOT) -> None:
    cmd = [sys.executable, "-c", "from kg.cli import main; main()", *args]
    print("$ kg", " ".join(args), flush=True)
    subprocess.run(cmd, check=True, cwd=cwd)


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
    args = parser.parse_args()
    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        # run in the temporary folder so that the pictures name the store "out/store", as a user's would
        kg("build", str(ROOT / "seeds"), "-o", "out", "--no-png", cwd=Path(tmp))
        for name, extra in PICTURES.items():
            kg("draw", "out", "-o", str(IMAGES / name), *extra, cwd=Path(tmp))
    if args.baseline:
        baselines()


if __name__ == "__main__":
    main()
