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

from kg.world.geo.cities import city_code, city_hit
from kg.world.geo.countries import country_code, country_tables, demonym_code
from kg.world.geo.keys import key_of
from kg.world.geo.parts import PART_WORDS, REGION_WORDS, is_relative
from kg.world.geo.petrarch import petrarch_lists

__all__ = ["place_code", "place_in_context", "region_code", "subdivision_code", "BIG_CITY"]


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


@cache
def _all_subdivisions() -> dict[str, frozenset[str]]:
    """Folded name -> the alpha-3 codes of the countries with an ISO 3166-2 subdivision of that
    name (cities and countries of the same name not left out)."""
    import pycountry

    to_alpha3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    found: dict[str, set[str]] = defaultdict(set)
    for sub in pycountry.subdivisions:
        key = key_of(sub.name)
        if len(key) >= 4 and not is_relative(key) and sub.country_code in to_alpha3:
            found[key].add(to_alpha3[sub.country_code])
    return {k: frozenset(v) for k, v in found.items()}


def subdivision_code(name: str, context: frozenset[str] | set[str] = frozenset()) -> str | None:
    """The alpha-3 code of the country with a first-level subdivision (state, province, region)
    named ``name``, even if a city or a country shares the name; else ``None``.

    Several countries with one: those the document names (``context``), else the most
    populous ("Florida" is the US state, not Uruguay's department; "Punjab" India's unless the
    document names Pakistan).

    Examples
    --------
    >>> subdivision_code("Florida"), subdivision_code("Punjab"), subdivision_code("Punjab", {"PAK"})
    ('USA', 'IND', 'PAK')
    """
    codes = _all_subdivisions().get(key_of(name), frozenset())
    if len(codes) > 1:
        codes = (codes & context) or codes
    population = country_tables().population
    return max(sorted(codes), key=lambda c: population.get(c, 0)) if codes else None


#: a city of at least this weighted population (:func:`~kg.world.geo.cities.city_hit`) is meant
#: by its name even where a subdivision of another country shares it ("Victoria" stays Canadian only
#: in a Canadian story)
BIG_CITY = 1_000_000


def place_in_context(name: str, context: frozenset[str] | set[str] = frozenset()) -> tuple[str, str] | None:
    """Resolve a place name as :func:`place_code` does, but deciding between a first-level
    subdivision and a city (or a country) of the same name by kind and by the document:

    - a subdivision beats a small town of another country ("Florida" is the US state, not the
      Cuban town of 50,000), unless the document names the town's country and not the state's;
    - a subdivision beats a country of its name when the document names other subdivisions of
      the subdivision's country ("Georgia, Michigan, Pennsylvania and Wisconsin");
    - a city beats a subdivision of its own country when it is a capital or a big city
      ("Washington", "New York").

    ``context`` is the alpha-3 codes of the countries the document names, with a ``"sub:"``
    prefix for the countries whose subdivisions it names ("sub:USA").

    Examples
    --------
    >>> place_in_context("Florida"), place_in_context("Georgia", {"USA", "sub:USA"})
    (('region', 'USA'), ('region', 'USA'))
    >>> place_in_context("Georgia", {"RUS"}), place_in_context("Washington")
    (('country', 'GEO'), ('city', 'USA'))
    """
    sub = subdivision_code(name, {c for c in context if not c.startswith("sub:")})
    if sub is None:
        return place_code(name)
    if country_code(name):
        return ("region", sub) if f"sub:{sub}" in context else ("country", country_code(name))
    hit = city_hit(name)
    if hit is None:
        return ("region", sub)
    score, city, capital = hit
    if city == sub:
        return ("city", city) if capital or score >= BIG_CITY else ("region", sub)
    if (city in context and sub not in context) or \
            ((score >= BIG_CITY or score > mean_subdivision_population(sub)) and sub not in context):
        return ("city", city)
    return ("region", sub)


@cache
def mean_subdivision_population(code: str) -> float:
    """Rule (city-over-small-subdivision): the people of a country's average first-level
    subdivision (its population over its ISO 3166-2 top-level subdivisions); a foreign city with
    more people is meant by the name where the document names neither ("Portland" is the American
    city of 650,000, not the Jamaican parish: Jamaica's 14 parishes average about 200,000), and a
    subdivision of a populous country beats a town abroad as before ("Florida": the US states
    average 5 million, the Cuban town has 63,000).

    >>> mean_subdivision_population("JAM") < 652_503 < mean_subdivision_population("USA")
    True
    """
    import pycountry

    country = pycountry.countries.get(alpha_3=code)
    subs = [s for s in pycountry.subdivisions.get(country_code=country.alpha_2) or () if not s.parent_code] \
        if country else []
    population = country_tables().population.get(code, 0)
    return population / len(subs) if subs and population else float("inf")


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
