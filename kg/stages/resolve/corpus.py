"""Corpus-level entity resolution: which documents' entities are one real-world actor.

Each document's names are first grouped into that document's entities
(:mod:`kg.stages.resolve.names`, :mod:`kg.stages.resolve.entities`): a
:class:`~kg.records.LocalEntity` is one entity as one document names it, with what the document
says about it (its names, type, titles, country, the countries it names). This module decides,
over all documents at once, which local entities are one entity, and gives each decision a rule
and a confidence:

``full-name``
    the same full name ("Boris Johnson" in two documents); a person's full name is compared on
    its first and last word ("Joseph R. Biden" is "Joseph Biden");
``first-name-form``
    a nickname (the maintained ``nicknames`` table) or the start of a first name is the same
    person ("Joe Biden" is "Joseph Biden", "Ben" is "Benjamin");
``same-name``
    the same name of an organisation, place or group; places of one name in two countries stay two;
``storm-name``
    a storm's names as it grows are one event ("Tropical Storm Humberto", "Hurricane Humberto");
``name-variant``
    a full name written another way: with middle names or a second surname ("Pedro R. Pierluisi
    Urrutia" and "Pedro Pierluisi"), or one surname a typing slip away ("Hamza bin Ladin");
``surname-in-corpus``
    a surname alone ("Johnson", "the Bidens") joins the one person of the corpus with that
    surname whose titles and country do not contradict it ("President Johnson" is no Boris
    Johnson: he is "Prime Minister");
``surname-by-context``
    several persons fit: the one of the countries the document names;
``surname-alone``
    none or several still fit: the surname is a node of its own (a split is safer than a false
    merge: a wrong merge moves every event of one person onto another);
``acronym-bound`` / ``acronym-unique``
    an acronym ("WHO") joins the organisation a document spelled it out for ("World Health
    Organization (WHO)", or "ISIS (Islamic State of Iraq and Syria)": the document's definitions
    are found by :mod:`kg.stages.extract.acronyms`), or the one organisation of the corpus with
    those initials;
``country-qualified``
    an organisation's name with its country before it ("Afghan Taliban") and the bare name
    ("Taliban") are one entity when the bare name is one group's only and no text places it
    elsewhere;
``alias-bound``
    a name one document gives as the short form of a fuller one ("Revolutionary Guards" beside
    "Islamic Revolutionary Guard Corps"), or a party's adjective ("Conservative", "Conservatives"
    for the "Conservative Party"), is that entity in every document where it is the short form
    of one entity only.

Types are decided across the corpus: a name's type is the vote of every document's reading of
it (PERSON in 30 documents and ORG in 2 is a person), and a known type (a city or region of the
gazetteers) is kept. A group's label is the name its documents use most (the key of an entity
changes only when that changes); its country is the one the texts give most, else the
known-actors table's, and which it was is recorded (``country_source``).

Design decisions. The decision is a pure function of the *set* of local entities: the same
documents give the same entities and keys whatever their order or batching, so an incremental
build decides as a full rebuild would. Local entities are compared only when they share a name
key (:func:`name_keys`: a normalised name, a surname, an acronym), so a build re-decides only
the connected groups its new documents touch (:func:`components`). Measured on the 284 Wikinews
articles before this module: "Boris Johnson" was an alias of Andrew Johnson and "Bill Clinton"
of Hillary Clinton (a lone surname, once joined to the first person known, pulled the next full
name in); 28 of 160 sampled entity nodes had another node of the same entity.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from kg.graph.vocab import entity_key
from kg.records import Entity, LocalEntity
from kg.stages.resolve.names import fullness, norm, storm_name
from kg.world import geo
from kg.world.words import word_set

__all__ = ["Decision", "Resolution", "name_keys", "components", "decide", "describe", "title_heads"]

_SUFFIXES = word_set("name_words", "name_suffixes")
_STATE_BODIES = word_set("name_words", "state_bodies")
_UNPLACED = word_set("name_words", "unplaced_place_words")
#: words that name a kind of body, not one body ("University", "State")
_KIND_WORDS = word_set("name_words", "organisation_words") | word_set("name_words", "generic_heads")
#: the word that makes "<adjective> Party" a party's name ("Conservative Party")
_PARTY = "party"
_TYPE_ORDER = ("Person", "Organization", "City", "Place", "Group", "Event", "Product")
#: the entity type of a kind of place the gazetteers know (:func:`kg.world.geo.place_code`)
_GAZETTEER_TYPES = {"city": "City", "region": "Place", "subdivision": "Place"}


@dataclass(frozen=True, slots=True)
class Decision:
    """Which entity a local entity is, by which rule, how sure."""

    key: str
    rule: str
    confidence: float


@dataclass
class Resolution:
    """The decisions for a set of local entities: each local's entity and each entity's members."""

    decisions: dict[tuple[str, int], Decision] = field(default_factory=dict)
    members: dict[str, list[LocalEntity]] = field(default_factory=dict)  # key -> its local entities
    types: dict[str, str] = field(default_factory=dict)  # key -> type


# ----------------------------------------------------------------------------- names


def name_form(name: str) -> str:
    """A name as compared across documents: folded, no possessive ending.

    Examples
    --------
    >>> name_form("Trump’s"), name_form("the  Bidens'")
    ('trump', 'the bidens')
    """
    low = norm(name)
    for end in ("'s", "'"):
        if low.endswith(end) and len(low) > len(end) + 1:
            low = low[: -len(end)]
    return low


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _person_words(name: str) -> list[str]:
    """A person's name words without generational suffixes ("Jr.", "II")."""
    words = [w for w in name_form(name).replace(",", " ").split() if w.strip(".") not in _SUFFIXES]
    return words or name_form(name).split()


@functools.cache
def _title_words() -> frozenset[str]:
    from kg.world.words import titles

    return frozenset(t[0] for t in titles() if len(t) == 1)


def _untitled_words(name: str) -> list[str]:
    """A person's name words without a leading title ("Queen Elizabeth II" is "Elizabeth", as
    "Elizabeth II" is): a title is no first name."""
    words = _person_words(name)
    while len(words) > 1 and words[0] in _title_words():
        words = words[1:]
    return words


def _initials(name: str) -> str:
    words = [w for w in re.split(r"[\s-]+", name) if w[:1].isupper()]
    return "".join(w[0] for w in words).lower() if len(words) > 1 else ""


def name_keys(local: LocalEntity) -> frozenset[str]:
    """The keys under which a local entity meets others: ``n:`` each name, ``s:`` a surname
    (singular), ``a:`` an acronym, ``p:`` a one-word name and the "<word> Party" it may be the
    adjective of. Two local entities are compared only if they share one.

    Examples
    --------
    >>> sorted(name_keys(LocalEntity("d", 0, "Person", "Boris Johnson", ("Boris Johnson", "Johnson"))))
    ['n:boris johnson', 'n:johnson', 'p:johnson', 's:johnson']
    >>> sorted(name_keys(LocalEntity("d", 1, "Organization", "World Health Organization",
    ...                              ("WHO", "World Health Organization"))))
    ['a:who', 'n:who', 'n:world health organization']
    """
    keys = {"n:" + name_form(n) for n in local.names}
    if local.type in ("Organization", "Group") and (found := _country_prefix(local.label)):
        keys.add("n:" + found[1])  # "Afghan Taliban" meets "Taliban"
    for name in local.names:
        words = _person_words(name)
        if len(words) == 1 and not name.isupper():
            keys.add("s:" + _singular(words[0]))
            keys.add("p:" + _singular(words[0]))
        elif len(words) == 2 and words[1] == _PARTY:
            keys.add("p:" + words[0])
        elif local.type == "Person" and len(words) > 1:
            keys.add("s:" + _singular(words[-1]))
            # a middle name or a first surname meets the shorter form ("Pedro R. Pierluisi Urrutia")
            keys.update("s:" + _singular(w) for w in words[1:-1] if len(w) >= 3)
        if name.isupper() and len(name) >= 2 and " " not in name:
            keys.add("a:" + name.lower())
        elif local.type != "Person" and (initials := _initials(name)):
            # an acronym may leave out the last words: "CDC" meets "Centers for Disease Control and Prevention"
            keys.update("a:" + initials[:k] for k in range(min(3, len(initials)), len(initials) + 1))
    return frozenset(keys)


def components(locals_: Iterable[LocalEntity]) -> list[list[LocalEntity]]:
    """Groups of local entities connected by shared name keys, each sorted, in a stable order."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    by_local: dict[tuple[str, int], LocalEntity] = {}
    first_key: dict[tuple[str, int], str] = {}
    for loc in locals_:
        keys = sorted(name_keys(loc))
        by_local[(loc.doc, loc.n)] = loc
        first_key[(loc.doc, loc.n)] = keys[0]
        for k in keys[1:]:
            a, b = find(keys[0]), find(k)
            if a != b:
                parent[max(a, b)] = min(a, b)
    groups: dict[str, list[LocalEntity]] = defaultdict(list)
    for ident, loc in by_local.items():
        groups[find(first_key[ident])].append(loc)
    return [sorted(g, key=_order) for _, g in sorted(groups.items())]


def _order(loc: LocalEntity) -> tuple:
    return (loc.doc, loc.n)


def title_heads(titles: Iterable[str]) -> set[str]:
    """The head words of job titles ("Former President" -> "president")."""
    return {t.split()[-1].lower() for t in titles if t.split()}


# ----------------------------------------------------------------------------- deciding


def _corpus_types(locals_: Sequence[LocalEntity]) -> dict[str, str]:
    """Rule: a name's type is the vote of all the documents that use it (each document's
    reading, weighted by its mentions); a gazetteer's type (a city, a region) is kept."""
    tally: dict[str, Counter] = defaultdict(Counter)
    labels: dict[str, str] = {}
    read_as_place: dict[str, bool] = defaultdict(bool)
    for loc in locals_:
        votes = dict(loc.votes) or {loc.type: 1}
        tally[name_form(loc.label)][loc.type] += sum(votes.values())
        labels.setdefault(name_form(loc.label), loc.label)
        read_as_place[name_form(loc.label)] |= bool({"City", "Place"} & {loc.type, *votes})
    out = {}
    for name, t in tally.items():
        if t.get("City") or t.get("Place"):
            kept = [k for k in ("City", "Place") if t.get(k)]
            if sum(t[k] for k in kept) * 2 >= sum(t.values()) or not t.get("Person"):
                out[name] = max(kept, key=lambda k: (t[k], -_TYPE_ORDER.index(k)))
                continue
        # a city or region the gazetteers know, read so by some document, is that place unless
        # most readings are of a person ("Caloundra" read as a person, a body and a place)
        known = _GAZETTEER_TYPES.get((geo.place_code(labels[name]) or ("",))[0])
        if known and read_as_place[name] and t.get("Person", 0) * 2 < sum(t.values()):
            out[name] = known
            continue
        out[name] = max(t, key=lambda k: (t[k], -_TYPE_ORDER.index(k) if k in _TYPE_ORDER else -99))
    return out


def _person_key(loc: LocalEntity) -> tuple[str, str] | None:
    """(first, last) words of a local person's full name, or None for a one-word name."""
    words = _untitled_words(loc.label)
    return (words[0], words[-1]) if len(words) > 1 else None


def _compatible(loc: LocalEntity, group: list[LocalEntity]) -> bool:
    """Rule: titles or countries that differ keep two persons apart ("President Johnson" is not
    the "Prime Minister" Boris Johnson)."""
    mine = title_heads(loc.titles)
    theirs = set().union(*(title_heads(g.titles) for g in group))
    if mine and theirs and not mine & theirs:
        return False
    countries = {g.country for g in group if g.country}
    return not (loc.country and countries and loc.country not in countries)


def _surname_of(loc: LocalEntity) -> str:
    return _singular(_untitled_words(loc.label)[-1])


def _by_context(loc: LocalEntity, fits: list[tuple[str, list[LocalEntity]]]) -> list[tuple[str, list[LocalEntity]]]:
    """The candidates whose countries the document names."""
    scored = []
    for key, group in fits:
        countries = {g.country or g.table_country for g in group} - {None}
        scored.append((len(countries & set(loc.context)), key, group))
    best = max((s for s, _, _ in scored), default=0)
    return [(k, g) for s, k, g in scored if s == best and best > 0]


def _place_country(loc: LocalEntity, type_: str) -> str | None:
    """The country that keeps places of one name apart: the reading's; for a place of the corpus
    that its own document read as another kind (a town's name read as its club's) and so left
    unplaced, the gazetteers' in the document's countries. Rule (unplaced-place-in-gazetteer):
    measured on the 284 Wikinews articles, "Caloundra" read as an organisation in one document was
    a second node beside the town.

    >>> _place_country(LocalEntity("a", 0, "Organization", "Caloundra", ("Caloundra",), context=("AUS",)), "City")
    'AUS'
    """
    if type_ not in ("City", "Place"):
        return None
    if loc.country or loc.type in ("City", "Place"):
        return loc.country
    found = geo.place_in_context(loc.label, set(loc.context))
    return found[1] if found else None


def decide(locals_: Sequence[LocalEntity]) -> Resolution:
    """Decide which local entities are one entity (deterministic: order does not matter).

    Examples
    --------
    >>> L = LocalEntity
    >>> locs = [L("a", 0, "Person", "Boris Johnson", ("Boris Johnson", "Johnson"), titles=("Prime Minister",)),
    ...         L("b", 0, "Person", "Andrew Johnson", ("Andrew Johnson",), titles=("President",)),
    ...         L("c", 0, "Person", "Johnson", ("Johnson",), titles=("President",)),
    ...         L("d", 0, "Organization", "Trumps", ("Trumps",), votes=(("Organization", 1),)),
    ...         L("e", 0, "Person", "Donald Trump", ("Donald Trump", "Trump"))]
    >>> r = decide(locs)
    >>> [(d, r.decisions[(d, 0)].key, r.decisions[(d, 0)].rule) for d in "abcde"]  # doctest: +NORMALIZE_WHITESPACE
    [('a', 'person/Boris_Johnson', 'full-name'), ('b', 'person/Andrew_Johnson', 'full-name'),
     ('c', 'person/Andrew_Johnson', 'surname-in-corpus'), ('d', 'person/Donald_Trump', 'surname-in-corpus'),
     ('e', 'person/Donald_Trump', 'full-name')]
    """
    locals_ = sorted(locals_, key=_order)
    types = _corpus_types(locals_)
    groups: dict[tuple, list[LocalEntity]] = defaultdict(list)
    rules: dict[tuple[str, int], tuple[str, float]] = {}
    singles: list[LocalEntity] = []
    acronyms: list[LocalEntity] = []
    for loc in locals_:
        t = types[name_form(loc.label)]
        one_word = len(_untitled_words(loc.label) if t == "Person" else _person_words(loc.label)) == 1
        if t == "Person" and (pk := _person_key(loc)):
            groups[("Person", pk)].append(loc)
            rules[_order(loc)] = ("full-name", 0.95)
        elif one_word and loc.label.isupper() and len(loc.label) >= 2 and t != "Person" and not loc.person_cue:
            acronyms.append(loc)
        elif one_word:
            singles.append(loc)
        elif t == "Event" and storm_name(loc.label):
            # Rule (storm-name): a storm is one event as it grows ("Tropical Storm Humberto", "Hurricane Humberto")
            groups[("Event", "storm " + name_form(loc.label).split()[-1], None)].append(loc)
            rules[_order(loc)] = ("storm-name", 0.85)
        else:
            gkey = (t, name_form(loc.label), _place_country(loc, t))
            groups[gkey].append(loc)
            rules[_order(loc)] = ("same-name", 0.9)
    _join_first_name_forms(groups, rules)
    _join_name_variants(groups, rules)
    persons = sorted(((k, g) for k, g in groups.items() if k[0] == "Person"), key=lambda kg: kg[0])
    by_surname: dict[str, list[tuple]] = defaultdict(list)
    for k, g in persons:
        by_surname[_singular(k[1][1])].append((k, g))
    for loc in singles:
        t = types[name_form(loc.label)]
        cands = by_surname.get(_surname_of(loc), [])
        place = t in ("City", "Place")
        if place and geo.place_code(loc.label) is not None or \
                (t != "Person" and (place or not loc.person_cue) and len(cands) != 1):
            # a place the gazetteers know is no person; another one-word name read as no
            # person ("Soleimani" read as a place) joins a person only when one fits
            cands = []
        fits = [(k, g) for k, g in cands if _compatible(loc, g)]
        if len(fits) > 1:
            fits, rule = _by_context(loc, fits), ("surname-by-context", 0.7)
        else:
            rule = ("surname-in-corpus", 0.8)
        if len(fits) == 1:
            groups[fits[0][0]].append(loc)
            rules[_order(loc)] = rule
        else:
            gkey = ("Person", ("", _surname_of(loc))) if t == "Person" or loc.person_cue and not place else \
                (t, name_form(loc.label), _place_country(loc, t))
            groups[gkey].append(loc)
            rules[_order(loc)] = ("surname-alone", 0.6) if gkey[0] == "Person" else ("same-name", 0.9)
    _join_acronyms(acronyms, groups, rules, types)
    _join_aliases(groups, rules)
    _join_qualified(groups, rules)
    return _keyed(groups, rules)


@functools.cache
def _nicknamer():
    from nicknames import NickNamer

    return NickNamer()


def first_name_forms(short: str, full: str) -> bool:
    """Whether first name ``short`` is a form of ``full``: a nickname of it (the nicknames
    package's table: "joe" of "joseph", "bill" of "william") or its start ("ben", "benjamin").

    Examples
    --------
    >>> first_name_forms("joe", "joseph"), first_name_forms("ben", "benjamin"), first_name_forms("boris", "andrew")
    (True, True, False)
    """
    if len(short) >= 3 and full.startswith(short) and len(full) > len(short):
        return True
    return short in _nicknamer().nicknames_of(full)


def _join_first_name_forms(groups: dict[tuple, list[LocalEntity]], rules: dict) -> None:
    """Rule: a short form of a first name is the same person ("Joe Biden" = "Joseph R. Biden"):
    same surname, one first name a nickname or the start of the other, titles and countries
    that do not differ."""
    keys = sorted(k for k in groups if k[0] == "Person")
    for short, long_ in itertools.permutations(keys, 2):
        (_, (f1, l1)), (_, (f2, l2)) = short, long_
        if short not in groups or long_ not in groups or l1 != l2 or f1 == f2:
            continue
        if first_name_forms(f1, f2) and all(_compatible(loc, groups[long_]) for loc in groups[short]):
            for loc in groups.pop(short):
                groups[long_].append(loc)
                rules[_order(loc)] = ("first-name-form", 0.85)


def name_variant(short: list[str], full: list[str]) -> bool:
    """Whether person name words ``short`` are another writing of ``full``: its words in order
    with the first or the last word shared ("Pedro Pierluisi" of "Pedro R. Pierluisi Urrutia",
    "Rivera Schatz" of "Thomas Rivera Schatz"), or the same words but one, a typing slip away,
    with the same first name ("Hamza bin Ladin", "Hamza bin Laden").

    Examples
    --------
    >>> name_variant(["pedro", "pierluisi"], ["pedro", "r.", "pierluisi", "urrutia"])
    True
    >>> name_variant(["hamza", "bin", "ladin"], ["hamza", "bin", "laden"])
    True
    >>> name_variant(["boris", "johnson"], ["andrew", "johnson"]), name_variant(["ann", "lee"], ["ann", "lea"])
    (False, False)
    """
    from rapidfuzz.distance import DamerauLevenshtein

    if len(short) < 2 or short == full:
        return False
    if len(short) < len(full):
        it = iter(full)
        return all(w in it for w in short) and (short[0] == full[0] or short[-1] == full[-1])
    if len(short) != len(full) or short[0] != full[0]:
        return False
    diff = [(a, b) for a, b in zip(short, full) if a != b]
    return len(diff) == 1 and min(map(len, diff[0])) >= 5 and DamerauLevenshtein.distance(*diff[0]) <= 1


def _join_name_variants(groups: dict[tuple, list[LocalEntity]], rules: dict) -> None:
    """Rule (``name-variant``): a person's full name written another way is that person
    (:func:`name_variant`) when exactly one person of the corpus fits and titles and countries do
    not differ; of two spellings, the one fewer documents use joins the other."""
    keys = sorted(k for k in groups if k[0] == "Person" and k[1][0])
    words = {k: _untitled_words(_label(groups[k], "Person")) for k in keys}
    for short in keys:
        if short not in groups:
            continue
        fits = [k for k in keys if k != short and k in groups and name_variant(words[short], words[k])
                and (len(words[short]) < len(words[k]) or (len(groups[short]), short) < (len(groups[k]), k))
                and all(_compatible(loc, groups[k]) for loc in groups[short])]
        if len(fits) == 1:
            for loc in groups.pop(short):
                groups[fits[0]].append(loc)
                rules[_order(loc)] = ("name-variant", 0.75)


def _join_acronyms(acronyms: list[LocalEntity], groups: dict[tuple, list[LocalEntity]],
                   rules: dict, types: dict[str, str]) -> None:
    """Rule: an acronym joins the organisation a document spelled it out for, else the one
    organisation of the corpus with those initials; else it is an entity of its own."""
    by_initials: dict[str, list[tuple]] = defaultdict(list)
    for gkey, group in sorted(groups.items(), key=lambda kv: str(kv[0])):
        if gkey[0] == "Person":
            continue
        for name in sorted({n for loc in group for n in loc.names}):
            if (initials := _initials(name)) and len(name.split()) > 1:
                by_initials[initials].append((gkey, group))
                break
    for loc in acronyms:
        low = loc.label.lower()
        bound = [(k, g) for k, g in by_initials.get(low, []) if any(loc.label in m.names for m in g)]
        # an acronym may leave out the last words ("CDC": Centers for Disease Control and Prevention);
        # all the organisations it may stand for are weighed together, and one must be left
        cands = bound or [c for i, cs in sorted(by_initials.items())
                          if i == low or (len(low) >= 3 and i.startswith(low)) for c in cs]
        if len({k for k, _ in cands}) > 1:
            near = [(k, g) for k, g in cands if set(loc.context) & ({m.country for m in g} - {None})]
            cands = near if len({k for k, _ in near}) == 1 else cands
        gkey = (types[name_form(loc.label)], name_form(loc.label), None)
        if len({k for k, _ in cands}) == 1:
            gkey = cands[0][0]
            rules[_order(loc)] = ("acronym-bound", 0.9) if bound else ("acronym-unique", 0.7)
        else:
            rules[_order(loc)] = ("same-name", 0.9)
        groups[gkey].append(loc)


def _alias_targets(gkey: tuple, groups: dict[tuple, list[LocalEntity]]) -> set[tuple]:
    """The other groups (no person's, no place's) a document gave ``gkey``'s name (two words or
    more) as a short form made of the words of a fuller name (:func:`_inner_words`), else, for one
    word, the groups named "<word> Party"."""
    name = gkey[1]
    out = {k for k, g in groups.items() if k != gkey and k[0] not in ("Person", "City", "Place")
           and " " in name and any(name_form(n) == name and n != loc.label and _inner_words(name, loc.label)
                                   for loc in g for n in loc.names)}
    if not out and " " not in name:
        party = f"{_singular(name)} {_PARTY}"
        out = {k for k in groups if k != gkey and k[0] == "Organization" and k[1] == party}
    return out


def _inner_words(short: str, full: str) -> bool:
    """Whether ``short`` is made of words of ``full`` in their order, and is not its first words
    ("Revolutionary Guards" of "Islamic Revolutionary Guard Corps"; "Red Hat" names more than
    "Red Hat Enterprise Linux").

    Examples
    --------
    >>> _inner_words("revolutionary guards", "Islamic Revolutionary Guard Corps"), _inner_words("red hat", "Red Hat Linux")
    (True, False)
    """
    mine = [_singular(w) for w in short.split()]
    theirs = [_singular(w) for w in name_form(full).split()]
    if theirs[:len(mine)] == mine or len(theirs) <= len(mine):
        return False
    it = iter(theirs)
    return all(w in it for w in mine)


def _country_prefix(name: str) -> tuple[str, str] | None:
    """(alpha-3, the rest as compared) of a name that begins with a country or its adjective
    ("Afghan Taliban" -> ("AFG", "taliban")), the rest one word or more. The name is read as
    written: "US" is the country's, "us" no one's.

    Examples
    --------
    >>> _country_prefix("Afghan Taliban"), _country_prefix("U.S. Electoral College"), _country_prefix("Taliban")
    (('AFG', 'taliban'), ('USA', 'electoral college'), None)
    """
    words = name.split()
    for k in range(min(3, len(words) - 1), 0, -1):
        head = " ".join(words[:k])
        if code := geo.country_code(head) or (k == 1 and geo.demonym_code(head)):
            return code, name_form(" ".join(words[k:]))
    return None


def _join_qualified(groups: dict[tuple, list[LocalEntity]], rules: dict) -> None:
    """Rule (``country-qualified``): an organisation's or group's name with its country before it
    ("Afghan Taliban") and the bare name ("Taliban") are one entity when the bare name is one
    group's only, every document that reads it names that country and is about no other, none
    places it in another, and it is no state's body (each state has its "Navy") nor a kind of body
    ("University")."""
    for gkey in sorted((k for k in groups if k[0] in ("Organization", "Group") and isinstance(k[1], str)), key=str):
        if gkey not in groups or (found := _country_prefix(_label(groups[gkey], gkey[0]))) is None:
            continue
        code, rest = found
        if rest in _STATE_BODIES or rest in _KIND_WORDS or len(rest) < 3:
            continue
        bare = [k for k in groups if k[0] == gkey[0] and k[1] == rest and k != gkey]
        if len(bare) != 1 or {loc.country for loc in groups[bare[0]]} - {None, code} \
                or not all(code in loc.context and loc.home in (code, None) for loc in groups[bare[0]]):
            continue  # the bare name must be of that country wherever it is read
        for loc in groups.pop(bare[0]):
            groups[gkey].append(loc)
            rules[_order(loc)] = ("country-qualified", 0.75)


def _join_aliases(groups: dict[tuple, list[LocalEntity]], rules: dict) -> None:
    """Rule (``alias-bound``): a name that one document gives as a short form of a fuller name
    ("Revolutionary Guards" beside "Islamic Revolutionary Guard Corps"), or a party's adjective
    ("Conservative", "Conservatives" for the "Conservative Party"), is that entity in every
    document, when it is the short form of one entity only, no text places the two in different
    countries, and it is no state's body ("Senate" is each state's own)."""
    for gkey in sorted((k for k in groups if k[0] not in ("Person", "City", "Place") and isinstance(k[1], str)), key=str):
        if gkey not in groups or gkey[1] in _STATE_BODIES:
            continue
        targets = _alias_targets(gkey, groups)
        if len(targets) != 1:
            continue
        target = targets.pop()
        if len({loc.doc for loc in groups[gkey]}) > len({loc.doc for loc in groups[target]}):
            continue  # the name more documents use is the entity's: "United Nations" is no short form
        mine = {loc.country for loc in groups[gkey]} - {None}
        theirs = {loc.country for loc in groups[target]} - {None}
        if mine and theirs and not mine & theirs:
            continue
        for loc in groups.pop(gkey):
            groups[target].append(loc)
            rules[_order(loc)] = ("alias-bound", 0.8)


def _label(group: list[LocalEntity], type_: str) -> str:
    """The name the group's documents use most as their fullest (ties: the fullest, then A-Z)."""
    counts = Counter(loc.label for loc in group)
    if type_ == "Person":
        full = Counter({k: v for k, v in counts.items() if len(_untitled_words(k)) > 1})
        counts = full or counts
    return max(counts, key=lambda n: (counts[n], fullness(n)))


def _keyed(groups: dict[tuple, list[LocalEntity]], rules: dict) -> Resolution:
    """Keys for the groups (a collision of two groups' keys: the later gets its country)."""
    res = Resolution()
    ordered = sorted(groups.items(), key=lambda kv: (-len(kv[1]), str(kv[0])))
    for gkey, group in ordered:
        type_ = gkey[0]
        label = _label(group, type_)
        key = entity_key(type_, label)
        if key in res.members:
            code = _country(group)[0]
            key = entity_key(type_, f"{label} ({geo.country_name(code) if code else len(res.members)})")
        res.members[key] = sorted(group, key=_order)
        res.types[key] = type_
        for loc in group:
            rule, conf = rules[_order(loc)]
            res.decisions[_order(loc)] = Decision(key, rule, conf)
    return res


def _country(group: list[LocalEntity]) -> tuple[str | None, str | None]:
    """(alpha-3, source): the country the texts give most, else the table's, else -- for a person
    or an organisation no text or table places, and no international body -- the country its
    documents are about, when most are about one ("Senator Mike Lee" in American stories,
    "Hartford Hospital"); so too for a place of two words or more the gazetteers do not know
    ("Strickland Street", "Fishmongers' Hall"), unless its name is of a sea, an ocean or the like,
    which lie in no country (``name_words.toml`` ``unplaced_place_words``); ties A-Z. (A one-word
    place NER found and no gazetteer knows is as often a state's name misspelt or abbreviated,
    "Chenchen", "PRC", which a country of the context would make an actor of the wrong state:
    two cases of the PLOVER suite.)

    Measured on the entity gold of the 284 Wikinews articles: 61 of 128 real entities had no
    country where a careful reader gives one; most are people and local bodies of the country
    the story is about. After that, 11 of the 28 real entities still unplaced were places the
    gazetteers do not know, each in the country its story is about.

    A person is placed so only when a text gives them a title ("Governor Deval Patrick",
    "Minister Michael Makuei") or names them in a sentence with a party or a state's body
    (``LocalEntity.office``: "the Green Party's 2016 ticket of Jill Stein"): an office acts for
    the story's state, while a witness, a researcher or an editor the text does not place belongs
    to no country it says. Measured on
    the same gold at 41030d1: of 23 real people placed by their documents' country, the 14 placed
    wrongly were all untitled, and 4 of the 9 placed rightly; requiring a title took the gold's
    entity precision from 0.509 to 0.561. The office cue then kept placed 3 people of a random
    sample of 40 entities (Jill Stein, a ministry's speaker) and placed wrongly 1 of the gold's (an
    analyst quoted on a party's results)."""
    for attr, source in (("country", "text"), ("table_country", "known-actors table")):
        counts = Counter(getattr(loc, attr) for loc in group if getattr(loc, attr))
        if counts:
            return max(sorted(counts), key=lambda c: counts[c]), source
    if group[0].type in ("City", "Place") and ({w for loc in group for w in name_form(loc.label).split()} & _UNPLACED
                                               or any(len(loc.label.split()) < 2 for loc in group)):
        return None, None  # a sea; or one word the gazetteers do not know: a misspelt state ("Chenchen"), "PRC"
    if group[0].type == "Person" and not any(loc.titles or loc.office for loc in group):
        return None, None  # Rule (untitled-person-unplaced): no title, no office: the story's country is not theirs
    if group[0].type in ("Person", "Organization", "City", "Place") and not any(loc.international for loc in group):
        homes = Counter(loc.home for loc in group)
        code, n = max(sorted(homes.items(), key=lambda kv: str(kv[0])), key=lambda kv: kv[1])
        if code and n * 2 > len(group):
            return code, "document context"
    return None, None


def describe(key: str, type_: str, group: list[LocalEntity]) -> tuple[Entity, str | None]:
    """The entity a group of local entities is, and where its country came from ("text",
    "known-actors table" or None)."""
    label = _label(group, type_)
    names = {n for loc in group for n in loc.names}
    code, source = _country(group)
    ent = Entity(key=key, type=type_, label=label, alt_labels=names - {label},
                 job_titles={t for loc in group for t in loc.titles} if type_ == "Person" else set())
    if code:
        ent.country = entity_key("Country", geo.country_name(code))
    return ent, source
