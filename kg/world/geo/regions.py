"""Regions, provinces and parts of countries to the alpha-3 code of their country, and
:func:`place_code`, one call for any GPE-like name.

Regions come from petrarch2's country lists (the entries that are neither names,
demonyms nor cities, listed for one country only: "Darfur", "Chechnya", "West Bank"),
then from ISO 3166-2 subdivisions (pycountry) named in one country only. A part of a
place ("South Lebanon") and a place named with its kind ("Montenegro province") belong
where the place does.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache

from kg.world.geo.cities import city_code
from kg.world.geo.countries import country_code, country_tables, demonym_code
from kg.world.geo.keys import key_of
from kg.world.geo.parts import PART_WORDS, REGION_WORDS, is_relative
from kg.world.geo.petrarch import petrarch_lists

__all__ = ["place_code", "region_code"]


@cache
def _regions() -> dict[str, str]:
    """Folded name -> alpha-3 for the other places petrarch2's country lists name.

    Besides names and adjectives, petrarch2's per-country lists name regions, provinces,
    islands, rivers and territories of that country ("Darfur", "Chechnya", "West Bank",
    "Golan Heights"): the places news code to a country that are neither countries nor
    cities. Names listed under two countries are left out.
    """
    raw = petrarch_lists()
    valid = set(country_tables().labels)
    found: dict[str, set[str]] = defaultdict(set)
    for code, entries in raw.items():
        if code not in valid:
            continue
        for text in entries:
            if "(" in text or "\ufffd" in text or "?" in text:
                continue
            name = text.title()
            key = key_of(name)
            if len(key) >= 4 and not (country_code(name) or demonym_code(name) or city_code(name)):
                found[key].add(code)
    return {k: next(iter(v)) for k, v in found.items() if len(v) == 1}


@cache
def _subdivisions() -> dict[str, str]:
    """Folded name -> alpha-3 for ISO 3166-2 subdivisions (pycountry) named in one country only."""
    import pycountry

    found: dict[str, set[str]] = defaultdict(set)
    for sub in pycountry.subdivisions:
        key = key_of(sub.name)
        if len(key) >= 4 and not is_relative(key) and not (country_code(sub.name) or city_code(sub.name)):
            found[key].add(sub.country_code)
    to_alpha3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    return {k: to_alpha3[next(iter(v))] for k, v in found.items() if len(v) == 1 and next(iter(v)) in to_alpha3}


def region_code(name: str) -> str | None:
    """Return the alpha-3 code of the country a region or territory belongs to, or ``None``.

    Regions come from petrarch2's country lists, then from ISO 3166-2 subdivisions
    (pycountry). A part of a country or region ("South Lebanon", "northern Iraq") and a
    place named with its kind ("Montenegro province") belong where the place does.
    Countries, demonyms and cities themselves are not looked up here (see :func:`place_code`).

    Examples
    --------
    >>> region_code("Darfur"), region_code("Chechnya"), region_code("the West Bank")
    ('SDN', 'RUS', 'PSE')
    >>> region_code("Northern Ireland"), region_code("South Lebanon"), region_code("Montenegro province")
    ('GBR', 'LBN', 'MNE')
    >>> region_code("Trump") is None
    True
    """
    key = key_of(name)
    if code := _regions().get(key) or _subdivisions().get(key):
        return code
    words = key.split()
    if len(words) < 2:
        return None
    if words[0] in PART_WORDS:  # rule: a part of a place is in that place's country
        rest = " ".join(words[1:])
    elif words[-1] in REGION_WORDS:  # rule: "<name> province" is where <name> is
        rest = " ".join(words[:-1])
    else:
        return None
    found = place_code(rest)
    return found[1] if found else None


def place_code(name: str) -> tuple[str, str] | None:
    """Resolve a GPE-like name to ``(kind, alpha-3)``, trying countries, cities, then regions.

    Parameters
    ----------
    name : str
        A place name as written ("Georgia", "Moscow").

    Returns
    -------
    tuple of (str, str) or None
        ``("country", code)`` if :func:`country_code` knows the name, else
        ``("city", code)`` if :func:`city_code` does, else ``("region", code)`` if
        :func:`region_code` does, else ``None``.

    Examples
    --------
    >>> place_code("Georgia"), place_code("Moscow")
    (('country', 'GEO'), ('city', 'RUS'))
    >>> place_code("Trump") is None
    True
    """
    if code := country_code(name):
        return ("country", code)
    if code := city_code(name):
        return ("city", code)
    if code := region_code(name):
        return ("region", code)
    return None
