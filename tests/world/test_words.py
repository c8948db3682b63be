"""The word lists in kg/world/data/*.toml: schema, and the README that documents them."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from kg.world.words import word_set

DATA = Path(__file__).resolve().parents[2] / "kg" / "world" / "data"
FILES = sorted(DATA.glob("*.toml"))


def _lists(table: dict, prefix: str = ""):
    for key, value in table.items():
        if isinstance(value, dict):
            yield from _lists(value, f"{prefix}{key}.")
        else:
            yield prefix + key, value


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_list_is_lower_case_words_and_documented(path):
    readme = (DATA / "README.md").read_text("utf-8")
    assert f"`{path.name}`" in readme
    for key, words in _lists(tomllib.loads(path.read_text("utf-8"))):
        assert words and all(isinstance(w, str) and w == w.lower().strip() and w for w in words), key
        assert word_set(path.stem, key) == frozenset(words)
        assert f"`{key.rsplit('.', 1)[-1]}`" in readme, key


def test_a_table_gives_the_words_of_all_its_lists():
    pronouns = word_set("pronouns", "pronouns")
    assert word_set("pronouns", "pronouns.male") < pronouns and "they" in pronouns
    with pytest.raises(KeyError):
        word_set("pronouns", "nothing")


@pytest.mark.parametrize("folder", [DATA, DATA.parents[1] / "stages" / "events" / "data"], ids=["world", "events"])
def test_every_data_file_is_described_in_its_folders_readme(folder):
    readme = (folder / "README.md").read_text("utf-8")
    missing = [p.name for p in sorted(folder.iterdir()) if p.name != "README.md" and f"`{p.name}`" not in readme]
    assert missing == []
