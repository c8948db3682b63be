"""Names of one document grouped into clusters, one cluster per entity.

Names are compared folded (:func:`norm`) and without honorifics ("Mr Trump" is "Trump").
A full person name merges with its shorter forms ("Donald Trump" / "Trump" / "Donald");
an organisation with its short forms ("Syrian Democratic Forces (SDF)", "IRGC",
"Revolutionary Guards"); a name tagged PERSON that is a country's and no person's is the
country. The cluster's type is the vote of its mentions' NER labels, so one stray label is
outvoted. The words these rules read are in ``kg/world/data/name_words.toml``.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from kg.records import Mention
from kg.stages.extract.acronyms import definitions
from kg.world import actors, geo
from kg.world.words import word_set

__all__ = ["LABEL_TYPE", "Cluster", "cluster_names", "given_name_person", "is_given_name", "occupation_before", "storm_name",
           "place_context", "fullness", "has_organisation_word", "norm", "short_forms",
           "strip_honorific"]

#: entity type of a name by its NER label (before the cluster's vote)
LABEL_TYPE = {"PERSON": "Person", "ORG": "Organization", "GPE": "Place", "LOC": "Place",
              "FAC": "Place", "EVENT": "Event", "PRODUCT": "Product", "NORP": "Group"}
_ORG_WORDS = word_set("name_words", "organisation_words")
_GENERIC_HEADS = word_set("name_words", "generic_heads")
_UNIT_WORDS = word_set("name_words", "unit_words")
_PLACE_HEADS = word_set("name_words", "place_heads")
_MINOR = word_set("name_words", "minor_words")
_HONORIFICS = word_set("name_words", "honorifics")
_STORM_WORDS = word_set("name_words", "storm_words")
_BODIES = word_set("name_words", "state_bodies")
_OCCUPATIONS = word_set("name_words", "occupation_words")


@functools.lru_cache(maxsize=1 << 16)
def norm(text: str) -> str:
    """Compare names without case, spacing or diacritics ("Erdoğan" = "Erdogan").

    Examples
    --------
    >>> norm("Recep  Tayyip Erdoğan")
    'recep tayyip erdogan'
    """
    folded = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(folded.replace("’", "'").split()).lower()


def fullness(name: str) -> tuple[int, int, str]:
    """Sort key of the fullest name: most words, then most characters, then the name."""
    return (len(name.split()), len(name), name)


def has_organisation_word(name: str) -> bool:
    """Whether a word of ``name`` makes it an organisation's ("Mahan Air", "Guard Corps")."""
    return bool(set(norm(name).split()) & _ORG_WORDS)


def strip_honorific(text: str) -> str:
    """The name without forms of address before it.

    Examples
    --------
    >>> strip_honorific("Mr. Trump"), strip_honorific("Sir")
    ('Trump', 'Sir')
    """
    words = text.split()
    while len(words) > 1 and words[0].lower() in _HONORIFICS:
        words = words[1:]
    return " ".join(words)


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.replace("-", " ").split() if w[:1].isupper() and w.lower() not in _MINOR)


@dataclass
class Cluster:
    """Name mentions of one document that name one entity."""

    mentions: list[Mention] = field(default_factory=list)
    type: str = "Group"
    country_code: str | None = None  # for Country clusters

    @property
    def names(self) -> list[str]:
        return sorted({m.text for m in self.mentions})


def short_forms(names: list[Mention], text: str) -> dict[str, str]:
    """Short name -> the full name it stands for in this document (both normalised).

    Rules: an acronym the document defines (:mod:`kg.stages.extract.acronyms`, either order);
    "Syrian Democratic Forces (SDF)" -> a parenthesised short form; "IRGC" -> the
    initials of one full name; "Mahan" -> the first word of exactly one longer organisation.
    """
    out: dict[str, str] = {}
    lows_ = {norm(m.text) for m in names}
    for d in definitions(text):
        # Rule: an acronym the document defines is its long form ("ISIS (Islamic State of Iraq and Syria)")
        if norm(d.short) in lows_ and norm(d.long) in lows_ and norm(d.short) != norm(d.long):
            out.setdefault(norm(d.short), norm(d.long))
    ordered = sorted(names, key=lambda m: m.start)
    for a, b in zip(ordered, ordered[1:]):
        between = text[a.end:b.start]
        if between.strip() == "(" and text[b.end:b.end + 1] == ")" and len(b.text.split()) == 1:
            out.setdefault(norm(b.text), norm(a.text))
    longs = {norm(m.text): m for m in names if len(m.text.split()) > 1 and m.label != "PERSON"}
    lows = {norm(m.text) for m in names}
    for low in sorted(lows):
        # Rule: a plural is its singular ("Houthis" -> "Houthi").
        if low.endswith("s") and low[:-1] in lows and not geo.country_code(low):
            out.setdefault(low, low[:-1])
        # Rule: a shorter form made of the full name's words ("Revolutionary Guards").
        words = {w.rstrip("s") for w in low.split()}
        if len(words) > 1:
            full = [n for n in longs if n != low and words < {w.rstrip("s") for w in n.split()}
                    # "United Nations" is not "United Nations Observer Mission in Angola"
                    and not (n.startswith(low + " ") and set(n[len(low):].split()) & _UNIT_WORDS)]
            if len(full) == 1:
                out.setdefault(low, full[0])
    initials = {n: _initials(lm.text) for n, lm in longs.items()}
    # a place the story names is no short form of a body named after it ("Jakarta", "The Jakarta Post";
    # "Michigan", "the Michigan House of Representatives")
    places = {norm(m.text) for m in names if m.label in ("GPE", "LOC")}
    for m in names:
        low = norm(m.text)
        if len(low.split()) != 1 or low in out or geo.country_code(m.text):
            continue
        if m.text.isupper() and len(m.text) >= 2:
            full = [n for n, i in initials.items() if i == m.text]
        elif low not in _GENERIC_HEADS and low not in _ORG_WORDS:
            # a place's name is no short form of a body named after it ("Jakarta", "The Jakarta Post")
            full = [n for n, lm in longs.items() if n.split()[0] == low and lm.label in ("ORG", "FAC", "PRODUCT")
                    and not (low in places and (has_organisation_word(n) or n.split(" ", 1)[1] in _BODIES))]
            full = full or _named_by_last_word(m, low, longs, places)
        else:
            full = []
        if len(full) == 1:
            out[low] = full[0]
    return out


def _named_by_last_word(m: Mention, low: str, longs: dict[str, Mention], places: set[str] = frozenset()) -> list[str]:
    """Rule (last-word-short-form): one word is the longer name of the document that ends in it,
    when that is one only: an organisation's ("The Telegraph" after "The Daily Telegraph"), if the
    word is read as no person's and is no state's body ("Senate") nor a place ("Jakarta" is read as
    a place in the story, and is no "Jakarta Post"); a storm's ("Humberto" after "Hurricane Humberto"), whatever NER read.

    Examples
    --------
    >>> mk = lambda i, t, label: Mention(id=i, text=t, label=label, kind="name", start=i, end=i + 1, sent=0)
    >>> longs = {"daily telegraph": mk(0, "Daily Telegraph", "ORG"), "hurricane humberto": mk(1, "Hurricane Humberto", "ORG")}
    >>> _named_by_last_word(mk(2, "Telegraph", "ORG"), "telegraph", longs), _named_by_last_word(mk(3, "Humberto", "PERSON"), "humberto", longs)
    (['daily telegraph'], ['hurricane humberto'])
    """
    storms = [n for n in longs if n.split()[-1] == low and storm_name(n)]
    if storms or m.label == "PERSON" or low in _BODIES or low in places or geo.country_code(m.text):
        return storms
    return [n for n, lm in longs.items() if n.split()[-1] == low and lm.label in ("ORG", "FAC", "PRODUCT")]


def storm_name(name: str) -> bool:
    """Whether a name begins with a storm's word ("Hurricane Dorian", "Tropical Storm Humberto")."""
    words = norm(name).split()
    return len(words) > 1 and any(" ".join(words[:k]) in _STORM_WORDS for k in (1, 2) if k < len(words))


def _full_person_names(names: list[Mention]) -> tuple[dict[str, str], dict[str, set[str]]]:
    """The document's full person names: each (normalised) -> the longest form it merges
    with, and each first or last word -> the full names it begins or ends.

    A full person name is a multi-word name read as PERSON at least as often as anything
    else, without an organisation word, and no place's by its last word ("Gaisano Mall").
    """
    votes: dict[str, Counter] = defaultdict(Counter)
    for m in names:
        votes[norm(strip_honorific(m.text))][m.label] += 1

    def personal(m: Mention) -> bool:
        low = norm(strip_honorific(m.text))
        v = votes[low]
        return (len(low.split()) > 1 and v["PERSON"] > 0 and v["PERSON"] >= max(v.values())
                and not set(low.split()) & _ORG_WORDS and not _named_place(m.text))

    full_person = [m for m in names if personal(m)]
    part_of: dict[str, set[str]] = defaultdict(set)  # one name word -> full names containing it
    for m in full_person:
        full = norm(strip_honorific(m.text))
        words = full.split()
        part_of[words[-1]].add(full)
        part_of[words[0]].add(full)
    # Rule: a full person name merges with its shorter forms; longer forms absorb shorter ones.
    fulls = sorted({norm(strip_honorific(m.text)) for m in full_person}, key=lambda n: -len(n.split()))
    canonical: dict[str, str] = {}
    for name in fulls:
        target = next((c for c in canonical.values() if c.split()[-1] == name.split()[-1]
                       and c.split()[0] == name.split()[0]), None)
        canonical[name] = target or name
    return canonical, part_of


def misspelt_name_word(word: str, part_of: dict[str, set[str]]) -> str | None:
    """Rule: a one-word name one typing slip (an edit or a swap of two letters) from a word of
    exactly one full person name of the document is that person ("Chriac" beside "Jacques Chirac");
    words under five letters, and names the gazetteers know, are left alone.

    Examples
    --------
    >>> misspelt_name_word("chriac", {"jacques": {"jacques chirac"}, "chirac": {"jacques chirac"}})
    'jacques chirac'
    >>> misspelt_name_word("paris", {"jacques": {"jacques chirac"}, "chirac": {"jacques chirac"}}) is None
    True
    """
    from rapidfuzz.distance import DamerauLevenshtein

    if len(word) < 5 or word in part_of or geo.place_code(word):
        return None
    near = {full for w, fulls in part_of.items() if len(w) >= 5 and w[0] == word[0]
            and DamerauLevenshtein.distance(w, word, score_cutoff=1) <= 1 for full in fulls}
    return next(iter(near)) if len(near) == 1 else None


def place_context(mentions: list[Mention] | tuple[Mention, ...]) -> frozenset[str]:
    """What a document says about where it is, for deciding between places of one name: the
    alpha-3 codes of the countries it names, and ``sub:<code>`` for a country whose
    subdivisions (states, provinces) it names by names no country shares ("Michigan")."""
    out: set[str] = set()
    for m in mentions:
        if m.country:
            out.add(m.country)
        if m.kind != "name" or m.label not in ("GPE", "LOC", "ORG", "NORP"):
            continue
        if code := geo.country_code(m.text):
            out.add(code)
        elif (sub := geo.subdivision_code(m.text)) and not geo.country_code(m.text):
            out.add(f"sub:{sub}")
    return frozenset(out)


def cluster_names(mentions: list[Mention], text: str = "") -> dict[int, Cluster]:
    """Group name mentions of one document into entities; mention id -> cluster."""
    names = [m for m in mentions if m.kind == "name"]
    context = place_context(mentions)
    short = short_forms(names, text)
    canonical, part_of = _full_person_names(names)
    by_id: dict[int, Cluster] = {}
    countries: dict[str, Cluster] = {}
    persons: dict[str, Cluster] = {}
    others: dict[str, Cluster] = {}
    for m in names:
        name = strip_honorific(m.text)
        low = norm(name)
        code = geo.country_code(name) if (
            m.label in ("GPE", "NORP", "LOC", "ORG")
            # Rule: a name tagged PERSON that is a country's and no person's of the document,
            # with no title or honorific, is the country ("Benin opened its borders", "Sri Lanka has").
            or (m.label == "PERSON" and m.title is None and name == m.text and low not in part_of)
        ) else None
        if code and (sub := geo.subdivision_code(name)) and f"sub:{sub}" in context:
            # Rule: a country's name is a state's where the document names that country's other
            # states ("Texas sued Georgia, Michigan, Pennsylvania and Wisconsin")
            code = None
        if code:
            cluster = countries.setdefault(code, Cluster(type="Country", country_code=code))
        elif low in canonical:
            cluster = persons.setdefault(canonical[low], Cluster(type="Person"))
        elif len(low.split()) == 1 and len(part_of.get(low, ())) == 1 and m.label in ("PERSON", "ORG", "NORP", "GPE"):
            # Rule: a single name word of a full person name seen in the document ("Trump", "Vladimir").
            full = next(iter(part_of[low]))
            cluster = persons.setdefault(canonical[full], Cluster(type="Person"))
        elif len(low.split()) == 1 and m.label in ("PERSON", "ORG", "NORP", "GPE") and \
                (full := misspelt_name_word(low, part_of)) is not None:
            cluster = persons.setdefault(canonical[full], Cluster(type="Person"))
        else:
            ltype = LABEL_TYPE.get(m.label, "Group")
            if m.label == "PERSON" and len(low.split()) == 1:
                # Rule: a lone surname: join an earlier full name with that surname in any label.
                ltype = "Person"
            # Rule: one name is one entity whatever its NER labels; short forms join their full name.
            cluster = others.setdefault(short.get(low, low), Cluster(type=ltype))
        cluster.mentions.append(m)
        by_id[m.id] = cluster
    for cluster in {id(c): c for c in others.values()}.values():
        _vote_type(cluster)
        if cluster.type in ("Organization", "Group", "Product") and text and not any(
                has_organisation_word(n) for n in cluster.names) and any(occupation_before(m, text) for m in cluster.mentions):
            cluster.type = "Person"  # Rule (occupation-person): "fellow rapper Jay-Z" is a person
    return by_id


def _named_place(name: str) -> bool:
    """Whether ``name`` ends in a word of ``name_words.toml`` ``place_heads`` and is no person's
    or organisation's name.

    Examples
    --------
    >>> _named_place("Trafalgar Square"), _named_place("Jerry Hall"), _named_place("Hall Street Bank")
    (True, False, False)
    """
    words = norm(name).split()
    return len(words) > 1 and words[-1] in _PLACE_HEADS and not has_organisation_word(name) \
        and not actors.person_like(name)


@functools.cache
def is_given_name(word: str) -> bool:
    """A given name: of the known-actors table's people, and no common English word unless the
    nicknames table knows it as a name ("Valery", "Mark"; not "Red", "Federal", "Morgan"), nor a
    country's name or a demonym."""
    from kg.stages.extract.junk import is_english_word

    low = norm(word)
    if len(low) < 3 or not word.istitle() or low not in actors.given_names() or geo.country_code(word) \
            or geo.demonym_code(word):
        return False
    if not is_english_word(low):
        return True
    names = _nicknamer()
    return bool(names.nicknames_of(low) or names.canonicals_of(low))


@functools.cache
def _nicknamer():
    """The nicknames table, read once (``NickNamer()`` reads its CSV file: 10 ms a call)."""
    from nicknames import NickNamer

    return NickNamer()


def given_name_person(name: str) -> bool:
    """Rule (given-name-person): a name of two or three words in title case, the first a given
    name (:func:`is_given_name`), the last no common English word, no given name, no place and no
    country, and no organisation word, is a person's whatever NER read ("Valery Tsapkala",
    "Wojciech Polak" tagged ORG). Measured on the 284 Wikinews articles: the 10 organisation nodes
    it retypes are all people (Magnus Carlsen, Judit Polgár, Tomasz Sekielski ...); with the table's
    given names alone ("Red", "Federal", "Roman" begin names there too) 120 nodes matched, most of
    them bodies. A surname that is a common word ("Patrice Talon") is left to NER.

    Examples
    --------
    >>> given_name_person("Valery Tsapkala"), given_name_person("Red Hat"), given_name_person("Morgan Stanley")
    (True, False, False)
    """
    words = name.split()
    if not 2 <= len(words) <= 3 or not all(w[:1].isupper() for w in words) or has_organisation_word(name):
        return False
    from kg.stages.extract.junk import is_english_word

    last = words[-1]
    return is_given_name(words[0]) and not is_given_name(last) and norm(last) not in actors.given_names() \
        and not is_english_word(last) and not geo.place_code(last) and not geo.place_code(name) \
        and not geo.country_code(last)


_WORD_BEFORE = re.compile(r"([a-z][a-z-]+)\s+$")


def occupation_before(m: Mention, text: str) -> bool:
    """Whether a trade in lower case introduces a name ("analyst Kevin Bonham", "fellow rapper
    Jay-Z"; ``name_words.toml`` ``occupation_words``). Rule (occupation-person): the name is a
    person's, whatever NER read (:func:`cluster_names`).

    >>> occupation_before(Mention(id=0, start=8, end=20, text="Kevin Bonham", label="PERSON"), "analyst Kevin Bonham said")
    True
    """
    found = _WORD_BEFORE.search(text, max(0, m.start - 40), m.start)
    return bool(found) and found.group(1) in _OCCUPATIONS


def _vote_type(cluster: Cluster) -> None:
    """Rule: NER label noise: a cluster's type is the vote of its mentions' labels; a name with
    an organisation word ("Mahan Air", "Revolutionary Guard Corps") is an organisation, and one
    made of a known given name and surname, no person's by its labels, a person's."""
    tally = Counter(LABEL_TYPE.get(m.label, "Group") for m in cluster.mentions)
    cluster.type = max(sorted(tally), key=lambda t: tally[t])
    if storm_name(max(cluster.names, key=fullness)):
        cluster.type = "Event"  # Rule (storm-name): "Humberto" beside "Hurricane Humberto" is the storm
    elif any(has_organisation_word(n) for n in cluster.names) and cluster.type in ("Person", "Place", "Group"):
        cluster.type = "Organization"
    elif cluster.type in ("Person", "Organization", "Group") and _named_place(max(cluster.names, key=fullness)):
        # Rule (place-head): a name ending in a building's or a station's word is a place's
        # ("Gaisano Mall", "Trafalgar Square"), unless it reads as a person's ("Jerry Hall")
        cluster.type = "Place"
    elif cluster.type in ("Organization", "Group") and all(
            n.istitle() and not has_organisation_word(n) and (actors.person_like(n) or given_name_person(n))
            for n in cluster.names):
        # Rule: a given name and a surname of the known-actors table are a person's, whatever the
        # NER label ("Tanya Davies" tagged ORG)
        cluster.type = "Person"
