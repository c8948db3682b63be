"""Shared fixtures: the spaCy model, the seed article, one seed build reused by many tests."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
sys.path.insert(0, str(Path(__file__).resolve().parent))  # tests/support.py


@pytest.fixture(scope="session")
def nlp():
    from kg.stages.nlp import load_model

    return load_model()


@pytest.fixture(scope="session")
def seed_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def seed_out(tmp_path_factory) -> Path:
    """An output folder built once from seeds/ with the CLI's build function (store, graph.ttl, graph.png).

    Tests must not write into it; copy it (``copy_seed_out``) to change it.
    """
    from kg.cli import app
    from kg.cli._app import run_command

    out = tmp_path_factory.mktemp("seed") / "out"
    code = run_command(app, ["build", str(SEEDS), "--out", str(out)])
    assert code == 0
    return out


#: two articles that report one strike (the second undated, "last week"), and another event
TWO_REPORTS = {
    "a-call.txt": "Monday, June 16, 2025\n\nUS President Donald Trump spoke with Russian President Vladimir Putin "
                  "by phone on Saturday, the Kremlin said. Israel attacked Iran on Friday.\n",
    "b-followup.txt": "Wednesday, June 18, 2025\n\nIsrael's attack on Iran last week drew condemnation from Russia.\n",
}


@pytest.fixture(scope="session")
def two_reports_out(tmp_path_factory) -> Path:
    """An output folder built from :data:`TWO_REPORTS`: one event instance with two mentions."""
    from kg.cli import app
    from kg.cli._app import run_command

    folder = tmp_path_factory.mktemp("two-reports")
    for name, text in TWO_REPORTS.items():
        (folder / "in").mkdir(exist_ok=True)
        (folder / "in" / name).write_text(text, encoding="utf-8")
    assert run_command(app, ["build", str(folder / "in"), "--out", str(folder / "out"), "--no-png"]) == 0
    return folder / "out"


@pytest.fixture()
def copy_seed_out(seed_out, tmp_path) -> Path:
    """A private copy of the seed build that a test may change."""
    dest = tmp_path / "out"
    shutil.copytree(seed_out, dest, ignore=shutil.ignore_patterns("*.lock"))
    return dest


@pytest.fixture()
def listener():
    """A TCP server on 127.0.0.1 that records every connection: "the network" in tests."""
    from support import Listener

    lst = Listener()
    yield lst
    lst.sock.close()
