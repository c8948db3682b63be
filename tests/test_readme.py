"""The README's seed tables are what `kg build seeds/` and the queries shown give today."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _script():
    spec = importlib.util.spec_from_file_location("make_readme_tables", ROOT / "docs" / "make_readme_tables.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_seed_tables_have_not_drifted(seed_out):
    script = _script()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    fresh = script.tables(seed_out)
    assert script.section(readme) == fresh, "README.md's seed tables drifted: run python docs/make_readme_tables.py"


def test_the_check_sees_a_drift(seed_out):
    script = _script()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    drifted = readme.replace("| AGREE | 6 |", "| AGREE | 3 |")
    assert drifted != readme and script.section(drifted) != script.tables(seed_out)
