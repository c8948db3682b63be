"""Seats of government to the state they stand for ("the Kremlin said": Russia), and the short
forms of a state's bodies ("the House": in the United States, its House of Representatives).

The only hand-made geo data is ``kg/world/data/metonyms.json``: buildings, streets and
districts such as "Kremlin", "White House", "Downing Street"; national capitals come from
the libraries (:func:`~kg.world.geo.capital_code`).
"""

from __future__ import annotations

import json
from functools import cache

from kg.world.geo.cities import capital_code
from kg.world.geo.keys import key_of
from kg.world.geo.sources import DATA

__all__ = ["metonym_code", "short_body"]


@cache
def _metonyms() -> dict[str, str]:
    data = json.loads((DATA / "metonyms.json").read_text("utf-8"))["metonyms"]
    return {key_of(name): code for name, code in data.items()}


def metonym_code(name: str) -> str | None:
    """Return the alpha-3 code of the state a seat of government stands for.

    Seats of government are national capitals (:func:`capital_code`) and the
    buildings, streets and districts listed in the hand-made
    ``kg/world/data/metonyms.json`` ("Kremlin", "White House", "Downing Street",
    "Élysée", "Zhongnanhai", "Knesset", ...).

    Parameters
    ----------
    name : str
        The name as written; a leading "the" is ignored.

    Returns
    -------
    str or None
        The alpha-3 code, or ``None``.

    Examples
    --------
    >>> metonym_code("the Kremlin"), metonym_code("White House"), metonym_code("Tehran")
    ('RUS', 'USA', 'IRN')
    """
    key = key_of(name)
    if not key:
        return None
    return _metonyms().get(key) or capital_code(name)



@cache
def _short_bodies() -> dict[str, dict[str, str]]:
    return json.loads((DATA / "short_bodies.json").read_text("utf-8"))["short_bodies"]


def short_body(name: str, code: str) -> str | None:
    """The full name of the body of state ``code`` that news name by the short form ``name``
    (hand-made: ``kg/world/data/short_bodies.json``); None if it is no such short form there.

    Examples
    --------
    >>> short_body("the House", "USA"), short_body("House", "GBR"), short_body("House", "FRA")
    ('House of Representatives', 'House of Commons', None)
    """
    return _short_bodies().get(key_of(name), {}).get(code)
