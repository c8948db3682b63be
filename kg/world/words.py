"""Word lists that rules read, kept out of the code in ``kg/world/data/*.toml``.

Each file is TOML whose keys (or keys of its tables) are lists of lower-case words;
``kg/world/data/README.md`` says which module reads which file. A file is parsed once per
process; a list is handed out as a frozen set, for membership tests.

Examples
--------
>>> sorted(word_set("pronouns", "pronouns.male"))
['he', 'him', 'his']
>>> "mr" in word_set("name_words", "honorifics")
True
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources

__all__ = ["titles", "word_set"]


@cache
def _file(name: str) -> dict:
    text = resources.files("kg").joinpath(f"world/data/{name}.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


@cache
def word_set(file: str, key: str) -> frozenset[str]:
    """The words listed under ``key`` (dotted for a table's list: ``"pronouns.male"``) in
    ``kg/world/data/<file>.toml``; a table of lists gives the words of all its lists.

    Raises ``KeyError`` for a file without that key.
    """
    value = _file(file)
    for part in key.split("."):
        value = value[part]
    if isinstance(value, dict):
        return frozenset(w for words in value.values() for w in words)
    return frozenset(value)


@cache
def titles() -> tuple[tuple[str, ...], ...]:
    """Job titles from ``kg/world/data/titles.txt`` as token tuples, longest first."""
    text = resources.files("kg").joinpath("world/data/titles.txt").read_text(encoding="utf-8")
    rows = {tuple(line.split()) for line in text.splitlines() if line.strip() and not line.startswith("#")}
    return tuple(sorted(rows, key=lambda t: (-len(t), t)))
