"""Regenerate ``kg/world/data/petrarch2_actors.json`` from petrarch2's actor dictionaries.

The table gives kg the country of named actors a sentence does not place ("President
Mugabe", "Hamas"): heads of state and government, ministers, parties and armed groups coded
to one country in the Open Event Data Alliance's petrarch2 dictionaries (MIT, see
``kg/world/data/LICENSE.petrarch2``).

Usage::

    python docs/make_actor_table.py Phoenix.Countries.actors.txt Phoenix.MilNonState.actors.txt \
        Phoenix.International.actors.txt

The files are in https://github.com/openeventdata/petrarch2 under
``petrarch2/data/dictionaries/`` (the table shipped was made from commit
``3ef2ce4e99756f4f2229ebf31c512201059677eb`` for the countries file,
``4cad56ebe1e890ec2bc1e651921eef226116defc`` for the non-state file and
``4b0354ac28fbf252dbd67bb9d3a5d7bc07a728ff`` for the international file).

What is kept
------------
An entry is a name line (``ROBERT_MUGABE_``), its ``+`` synonyms, and its ``[CODE dates]``
codes. A code's first three letters are the actor's country (``ZWEGOV`` -> ``ZWE``); codes
of no country (``IGO``, ``IMG``, ``NGO``, ...) are not ISO codes and are dropped. A name is kept
when all its codes name one ISO 3166-1 country that kg knows and the name is neither a
country nor a demonym (kg's own tables place those). A name listed under several
countries is kept with all its codes (it places no one, but marks its surname as shared).
A lone word that begins names of several countries is a given name and is dropped. Dates
are dropped: a leader's country does not change when the term ends (``kg.world.actors`` guards
against namesakes instead). Of the International file only the companies are used
(``[MNCDEU]`` -> DEU, the home country; "Siemens AG" also as "Siemens"), in a table of their
own that kg consults for organisations only; its IGO and NGO people have no country.

The copy the shipped table was made from came through a stored-text index, in which three
characters of the countries file were unreadable (inside "Zeroual", "Strasky" and
"Tiruchirappalli"); those three names may be missing or misspelt.
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from pathlib import Path

from kg.world import geo
from kg.world.geo.countries import country_tables

_CODE = re.compile(r"\[([A-Z]{3}[A-Z]*)[^\]]*\]")
# English words petrarch2 lists as one group's name, and sports nicknames: too common to
# stand for an actor wherever they occur.
_COMMON_WORDS = frozenset({"zero", "tigers", "mavericks", "yahweh", "thule", "boogeymen", "senate", "youth",
                           "stephenson"})
OUT = Path(__file__).resolve().parent.parent / "kg" / "world" / "data" / "petrarch2_actors.json"


def _name(raw: str) -> str | None:
    """``ROBERT_MUGABE_`` -> ``Robert Mugabe``; ``None`` for names that are not plain names."""
    text = raw.strip().rstrip("_").replace("_", " ").strip()
    if not text or any(c in text for c in ",()&{}<>=!?*[]") or "\ufffd" in text:
        return None
    return " ".join(text.split()).title()


def entries(text: str):
    """Yield ``(names, country codes)`` for each entry of a TABARI ``.actors`` file."""
    names: list[str] = []
    codes: list[str] = []

    def flush():
        if names and codes:
            yield names[:], codes[:]

    for line in text.splitlines():
        body = line.split("#", 1)[0].rstrip()
        if not body.strip():
            continue
        if body[0] in " \t[":  # code lines of the current entry
            codes.extend(_CODE.findall(body))
            continue
        if body.startswith("+"):  # a synonym of the current entry
            if (n := _name(body[1:].split("[", 1)[0])) is not None:
                names.append(n)
            codes.extend(_CODE.findall(body))
            continue
        if codes:  # a new name line after codes starts a new entry
            yield from flush()
            names, codes = [], []
        if (n := _name(body.split("[", 1)[0])) is not None:
            names.append(n)
        codes.extend(_CODE.findall(body))
    yield from flush()


# Legal-form words after a company's name ("Siemens AG", "Apple Inc"): the name without
# them is the company too.
_LEGAL_FORMS = frozenset("inc incorporated corp corporation co company ag sa nv plc ltd limited "
                         "llc gmbh spa holdings group".split())


def companies(paths: list[str]) -> dict[str, str]:
    """Company name -> alpha-3 of its home country, from petrarch2's ``[MNC<country>]`` codes."""
    found: dict[str, set[str]] = defaultdict(set)
    shown: dict[str, str] = {}
    known = country_tables().labels
    for path in paths:
        for names, codes in entries(_read(path)):
            homes = {c[3:6] for c in codes if c.startswith("MNC") and len(c) >= 6}
            if len(homes) != 1 or not all(c.startswith("MNC") for c in codes) \
                    or not (code := next(iter(homes))) in known:
                continue
            for name in names:
                words = name.split()
                bare = " ".join(words[:-1]) if len(words) > 1 and words[-1].lower().rstrip(".") in _LEGAL_FORMS else None
                for n in filter(None, (name, bare)):
                    if len(n) >= 3 and not (geo.country_code(n) or geo.demonym_code(n) or geo.city_code(n)):
                        found[n.casefold()].add(code)
                        shown.setdefault(n.casefold(), n)
    # a short one-word name is mostly an acronym, and acronyms are shared ("CDC" is a Chinese
    # company and the US Centers for Disease Control)
    return {shown[k]: next(iter(v)) for k, v in sorted(found.items())
            if len(v) == 1 and k not in _COMMON_WORDS and not k.split()[0].isdigit()
            and (" " in k or len(k) > 4)}


def international(paths: list[str]) -> list[str]:
    """Names of international bodies and of people who act for one, from petrarch2's ``[IGO...]``,
    ``[NGO...]`` and ``[IMG...]`` codes: they belong to no country (the WHO, Amnesty International,
    a UN Secretary-General)."""
    found: dict[str, str] = {}
    for path in paths:
        for names, codes in entries(_read(path)):
            if not codes or not all(c[:3] in ("IGO", "NGO", "IMG") for c in codes):
                continue
            for name in names:
                if len(name) > 4 and not (geo.country_code(name) or geo.demonym_code(name) or geo.city_code(name)):
                    found.setdefault(name.casefold(), name)
    return sorted({found[k] for k in found if k not in _COMMON_WORDS and not k.split()[0].isdigit()})


def _read(path: str) -> str:
    """A dictionary file's text; the SUB bytes (\\x1a) petrarch2 has for a few lost letters
    ("JAN_STRASK\\x1aY") are dropped."""
    return Path(path).read_text("utf-8", errors="replace").replace("\x1a", "")


def build(paths: list[str]) -> dict[str, str | list[str]]:
    """Name -> alpha-3 for every name placed in one known country; -> codes for several."""
    found: dict[str, set[str]] = defaultdict(set)
    shown: dict[str, str] = {}
    known = country_tables().labels
    for path in paths:
        for names, codes in entries(_read(path)):
            if all(len(c) == 3 for c in codes):
                continue  # a country's own names, cities and regions: kg.world.geo reads those
            prefixes = {c[:3] for c in codes}
            if len(prefixes) != 1 or not (code := next(iter(prefixes))) in known:
                continue  # no country, two, or an international code (IGO, NGO, IMG) beside one
            for name in names:
                if len(name) < 3 or geo.country_code(name) or geo.demonym_code(name):
                    continue  # kg.world.geo places countries and nationalities itself
                found[name.casefold()].add(code)
                shown.setdefault(name.casefold(), name)
    # a lone word that begins names of several countries is a given name ("Abdullah",
    # "Albert"), not an actor; one that begins names of its own country is kept ("Hamas")
    first_words: dict[str, set[str]] = defaultdict(set)
    for k, v in found.items():
        if " " in k:
            first_words[k.split()[0]] |= v
    # names of several countries are kept with all of them: they place no one, but tell
    # kg.world.actors that a surname is shared ("Lindsey Graham" is not the only Graham)
    return {shown[k]: next(iter(v)) if len(v) == 1 else sorted(v) for k, v in sorted(found.items())
            if (" " in k or len(first_words.get(k, v) | v) == 1)
            and not k.split()[0].isdigit() and k not in _COMMON_WORDS}


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    actor_files = [p for p in argv if "international" not in Path(p).name.lower()]
    company_files = [p for p in argv if "international" in Path(p).name.lower()]
    table, firms, bodies = build(actor_files), companies(company_files), international(company_files)
    OUT.write_text(json.dumps({
        "_source": "petrarch2 dictionaries (Phoenix.Countries.actors.txt, Phoenix.MilNonState.actors.txt; "
                   "companies from Phoenix.International.actors.txt), Open Event Data Alliance, MIT licence: "
                   "kg/world/data/LICENSE.petrarch2. Made by docs/make_actor_table.py.",
        "actors": table,
        "companies": firms,
        "international": bodies,
    }, ensure_ascii=False, indent=0, sort_keys=False) + "\n", "utf-8")
    print(f"{len(table)} names, {len(firms)} companies, {len(bodies)} international -> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
