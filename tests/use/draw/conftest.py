"""Fixtures of the kg.draw tests: the seed store, the mini store and a large synthetic store (built once)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # draw_support.py

from draw_support import mini_store, synthetic_store  # noqa: E402

from kg.graph.store import KGStore  # noqa: E402


@pytest.fixture(scope="package")
def seed_store(seed_out):
    store = KGStore(seed_out / "store", read_only=True)
    yield store
    store.close()


@pytest.fixture(scope="package")
def mini():
    return mini_store()


@pytest.fixture(scope="package")
def big_store():
    return synthetic_store(1000, 2000)
