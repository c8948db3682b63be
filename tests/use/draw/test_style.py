"""kg.draw's style: the quad categories of PLOVER."""

from __future__ import annotations

import json

import pytest
from draw_support import PLOVER

from kg.use.draw import QUAD_CATEGORY


@pytest.mark.skipif(not PLOVER.exists(), reason="PLOVER reference not available")
def test_quad_categories_follow_plover():
    plover = json.loads(PLOVER.read_text())
    assert {c: v["quad_category"].lower() for c, v in plover["categories"].items()} == QUAD_CATEGORY
