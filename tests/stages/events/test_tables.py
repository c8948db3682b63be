"""The word and category tables: loaded once from data/, checked against their schema."""

from __future__ import annotations

from dataclasses import dataclass, fields

import pytest

from kg.records import PLOVER_CATEGORIES
from kg.stages.events.tables import (
    CATEGORIES,
    WORDS,
    CategoryGroups,
    Words,
    load_tables,
)


@dataclass(frozen=True)
class _Two:
    first: frozenset[str]
    second: frozenset[str]


def test_every_table_is_loaded_as_a_set_of_lowercase_words():
    for f in fields(Words):
        table = getattr(WORDS, f.name)
        assert isinstance(table, frozenset) and table, f.name
        assert all(w == w.lower() for w in table), f.name


def test_every_category_group_names_plover_categories():
    for f in fields(CategoryGroups):
        assert getattr(CATEGORIES, f.name) <= set(PLOVER_CATEGORIES), f.name


def test_a_file_of_the_schema_loads(tmp_path):
    path = tmp_path / "t.toml"
    path.write_text('first = ["a", "b"]\nsecond = []\n')
    assert load_tables(path, _Two) == _Two(frozenset({"a", "b"}), frozenset())


@pytest.mark.parametrize("text,message", [
    ('first = ["a"]\n', r"missing tables \['second'\]"),
    ('first = ["a"]\nsecond = []\nthird = []\n', r"unknown tables \['third'\]"),
    ('first = "a"\nsecond = []\n', "first is not a list of strings"),
])
def test_a_file_off_the_schema_fails(tmp_path, text, message):
    path = tmp_path / "t.toml"
    path.write_text(text)
    with pytest.raises(ValueError, match=message):
        load_tables(path, _Two)


def test_an_unknown_category_fails(tmp_path):
    path = tmp_path / "t.toml"
    path.write_text('first = ["AGREE"]\nsecond = ["FIGHT"]\n')
    with pytest.raises(ValueError, match=r"second names unknown categories \['FIGHT'\]"):
        load_tables(path, _Two, categories=frozenset(PLOVER_CATEGORIES))
