"""Mentions to entities: each name cluster becomes one entity, and the other mentions join one.

Steps, in the order :func:`kg.stages.resolve.resolve` runs them:

1. :func:`antecedents` -- the coreference links, mention -> the mentions it refers to;
2. :func:`carried_by_nominals` -- a role nominal's title and country go to its antecedent
   ("the Russian leader" gives Putin Russia);
3. :func:`cluster_entities` -- one entity per name cluster: typed (:func:`typed`), placed in
   a country by the text, else by the known-actors table, and found again in the index;
4. :func:`country_mentions` -- demonyms, country-tied groups and role nominals no person
   was found for stand for their country;
5. :func:`follow_coreference` -- pronouns, nominals and pairs take their antecedents' entities.

:class:`DocumentEntities` makes the entities of one document and adds each to the
:class:`~kg.stages.resolve.index.EntityIndex`; the event arguments use it to make countries
and collectives too.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace

from kg.graph.vocab import entity_key
from kg.records import Entity, Extraction, LocalEntity, Mention
from kg.stages.resolve.index import CorpusIndex
from kg.stages.resolve.names import (
    LABEL_TYPE,
    Cluster,
    fullness,
    norm,
    place_context,
    strip_honorific,
)
from kg.world import actors, geo
from kg.world.words import word_set

__all__ = [
    "Carried",
    "DocumentEntities",
    "antecedents",
    "carried_by_nominals",
    "cluster_entities",
    "country_mentions",
    "placed_groups",
    "follow_coreference",
    "typed",
]

_EVENT_WORDS = word_set("name_words", "event_words")
#: the bodies of a state that news name without it ("Congress", "the Foreign Ministry")
_BODIES = word_set("name_words", "state_bodies")
_PLATFORMS = word_set("name_words", "platforms")
_OFFICE_WORDS = word_set("name_words", "office_words")
_STORM_WORDS = word_set("name_words", "storm_words")
_UNPLACED = word_set("name_words", "unplaced_place_words")
_ORGANISATION_WORDS = word_set("name_words", "organisation_words")


class DocumentEntities:
    """The entities one document names: named ones as the corpus decides them, countries and
    collectives kept in the index's fixed entities as they are made."""

    def __init__(self, index: CorpusIndex) -> None:
        self.index = index
        #: key -> entity, in the order they were made (as this document describes them)
        self.entities: dict[str, Entity] = {}
        #: the document's local entities, in the order they were read, and the decision for each
        self.locals: list[LocalEntity] = []
        self.resolutions: list[tuple[str, str, float]] = []
        #: the alpha-3 code of the country the document is about, when it is about one
        self.home: str | None = None

    def keep(self, entity: Entity, *, from_table: bool = False) -> str:
        """Add a fixed ``entity`` (a country, a collective) to the index and the document; its key."""
        held = self.index.fixed.add(entity, from_table=from_table)
        self.entities[held.key] = held
        return held.key

    def country(self, code: str, alias: str | None = None) -> str:
        """The key of the country with alpha-3 ``code`` ("RUS" -> "country/Russia")."""
        name = geo.country_name(code)
        ent = Entity(key=entity_key("Country", name), type="Country", label=name, country_code=code)
        if alias and norm(alias) != norm(name):
            ent.alt_labels.add(alias)
        return self.keep(ent)

    def collective(self, label: str, country: str | None = None) -> str:
        """The key of a collective actor (``country``: the key of its country's entity)."""
        return self.keep(Entity(key=entity_key("Collective", label), type="Collective", label=label,
                                country=country))


def antecedents(extraction: Extraction) -> dict[int, list[int]]:
    """Coreference links as mention id -> the ids of the mentions it refers to."""
    out: dict[int, list[int]] = defaultdict(list)
    for a, b in extraction.coref:
        out[a].append(b)
    return out


@dataclass
class Carried:
    """Titles and countries that role nominals carry onto the mention they refer to."""

    titles: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    countries: dict[int, str] = field(default_factory=dict)


def carried_by_nominals(links: dict[int, list[int]], by_id: dict[int, Mention]) -> Carried:
    """Rule: a role nominal with one antecedent gives it its title and country ("Putin ...
    the Russian leader": Putin is a leader, of Russia)."""
    carried = Carried()
    for a, bs in links.items():
        m = by_id[a]
        if m.kind == "nominal" and len(bs) == 1:
            if m.title:
                carried.titles[bs[0]].add(m.title)
            if m.country:
                carried.countries.setdefault(bs[0], m.country)
    return carried


_TITLE_GAP = re.compile(r"[\w.\- ]{0,40}")


def _acts_for_organisation(m: Mention, orgs_by_end: dict[int, Mention], text: str) -> bool:
    """Whether a name follows an organisation and a title ("NATO Secretary-General Jens
    Stoltenberg", "U.N. mediator Diego Cordovez"): the person acts for the organisation."""
    if m.label != "PERSON":
        return False
    for end in range(max(0, m.start - 41), m.start):
        org = orgs_by_end.get(end)
        if org is not None and org.sent == m.sent and text[end:m.start].strip() \
                and _TITLE_GAP.fullmatch(text[end:m.start]):
            return True
    return False


def _office_sentences(extraction: Extraction) -> frozenset[int]:
    """The sentences that name a party or a body of a state: an organisation's name with a word
    of ``name_words.toml`` ``office_words`` ("the Green Party", "the Health Ministry")."""
    return frozenset(m.sent for m in extraction.mentions
                     if m.label == "ORG" and m.kind == "name" and set(norm(m.text).split()) & _OFFICE_WORDS)


_OF = re.compile(r" (?:of|de|du|des|di|da|do|del) (?!.* (?:of|de|du|des|di|da|do|del) )")


def _of_place(name: str, context: frozenset[str] = frozenset()) -> str | None:
    """Rule: an organisation or a building "of" a place is that place's ("University of Baghdad",
    "Bank of Japan"; in French, Spanish or Italian too: "Observatoire de Paris", "Universidad de Chile");
    the place is read by kind and by the document's countries (``context``), so a state is the
    state, not a foreign town of its name ("University of Florida" is not Cuban).

    >>> _of_place("University of Baghdad"), _of_place("Observatoire de Paris"), _of_place("Ministry of Truth")
    ('IRQ', 'FRA', None)
    >>> _of_place("University of Florida")
    'USA'
    """
    found = None
    for found in _OF.finditer(name):
        pass
    if found is None or found.start() == 0:
        return None
    place = geo.place_in_context(name[found.end():], context)  # (a leading "the" is ignored there)
    return place[1] if place else None


def typed(cluster: Cluster, context: frozenset[str] = frozenset()) -> tuple[str, str | None]:
    """Final type of a non-person, non-country cluster and the country it belongs to
    (``context``: where the document is, see :func:`~kg.stages.resolve.names.place_context`)."""
    name = max(cluster.names, key=fullness)
    if norm(name) in _PLATFORMS:
        return "Organization", None  # Rule: an online platform is an organisation ("Twitter", "YouTube")
    words = norm(name).split()
    if len(words) > 1 and any(" ".join(words[:k]) in _STORM_WORDS for k in (1, 2) if k < len(words)):
        return "Event", None  # Rule (storm): "Tropical Storm Humberto", "Hurricane Dorian" are events
    if cluster.type == "Place" and len(words) > 1 and set(words) & _UNPLACED and not geo.city_code(name):
        return "Place", None  # Rule (unplaced-water): a sea or a gulf lies in no one state ("Red Sea", not Sudan's state)
    if cluster.type in ("Place", "Group") and (seat := geo.metonym_code(name)) and geo.city_code(name) != seat:
        return "Place", seat  # Rule (seat-place): a seat of government is a place of its state ("White House" is no Moroccan town)
    if cluster.type in ("Place", "Group"):
        # Rule: places by kind: a state or province beats a small town of its name abroad, a
        # capital or a big city beats a state of its own country (geo.place_in_context)
        found = geo.place_in_context(name, context)
        if found and found[0] == "city":
            return "City", found[1]
        if found and found[0] == "region" or (found is None and (found := ("region", geo.region_code(name)))[1]):
            return "Place", found[1]  # "Florida", "Darfur", "Chechnya", "the West Bank"
        if cluster.type == "Place" and (code := _of_place(name, context)):
            return "Place", code  # "Observatoire de Paris" is in France, whatever the story's country
        if cluster.type == "Group" and not geo.demonym_code(name):
            return "Group", None
    if cluster.type == "Organization" and _subdivision_read_as_organisation(name, context):
        # Rule (subdivision-place): a state or province NER read as an organisation is a place
        # of its country ("Surigao del Sur", "Kerala" tagged ORG)
        return "Place", geo.subdivision_code(name, context)
    if cluster.type == "Organization":
        # the organisation's country: a seat of government ("the Kremlin"), or a country's
        # territory or party that the country tables list ("the West Bank" read as ORG, "Fatah")
        code = geo.metonym_code(name) or geo.region_code(name) or _of_place(name, context)
        if any(w in norm(name).split() for w in _EVENT_WORDS):
            return "Event", code
        return "Organization", code
    return cluster.type, None


def _subdivision_read_as_organisation(name: str, context: frozenset[str]) -> bool:
    """A first-level subdivision's name of more than one word (pycountry ISO 3166-2), no country's,
    with no organisation word. One word is too often an organisation's short name too ("Delta"
    the airline and Nigeria's state, "Madrid" the club and Spain's community).

    Examples
    --------
    >>> _subdivision_read_as_organisation("Surigao del Sur", frozenset())
    True
    >>> _subdivision_read_as_organisation("Delta", frozenset()), _subdivision_read_as_organisation("Ontario Provincial Police", frozenset())
    (False, False)
    """
    words = norm(name).split()
    return len(words) > 1 and bool(geo.subdivision_code(name, context)) and not geo.country_code(name) \
        and not set(words) & _ORGANISATION_WORDS


def _country_entity(cluster: Cluster, made: DocumentEntities) -> str:
    """A country cluster: the country's entity, with the document's names for it as aliases."""
    key = made.country(cluster.country_code, alias=None)
    for n in cluster.names:
        if norm(n) != norm(made.entities[key].label):
            made.index.fixed.add(Entity(key=key, type="Country", label=made.entities[key].label, alt_labels={n}))
    return key


def _table_country(type_: str, label: str, names: list[str], titles: set[str]) -> str | None:
    """The known-actors table's country for a name the text does not place.

    A person named in full is looked up by that name only: "Senator Graham" is no Graham
    once "Lindsey Graham" is named.
    """
    tried = [label] if type_ == "Person" and " " in label else \
        [label, *sorted(set(names) - {label}, key=fullness, reverse=True)]
    return next((c for n in tried
                 if (c := actors.actor_country(strip_honorific(n), person=type_ == "Person", titled=bool(titles)))),
                None)


def _local_entity(cluster: Cluster, n: int, carried: Carried, extraction: Extraction,
                  orgs_by_end: dict[int, Mention], places: frozenset[str],
                  offices: frozenset[int] = frozenset()) -> LocalEntity:
    """A person, organisation, place or group cluster as this document reads it: typed, with
    its names, titles and the country the text gives (else the known-actors table's)."""
    names = cluster.names
    type_, code = ("Person", None) if cluster.type == "Person" and norm(cluster.names[0]) not in _PLATFORMS \
        else typed(cluster, places)
    label = max((strip_honorific(n) for n in names), key=fullness)
    titles = {m.title for m in cluster.mentions if m.title}
    codes = [m.country for m in cluster.mentions if m.country]
    for m in cluster.mentions:
        titles |= carried.titles.get(m.id, set())
        if m.id in carried.countries:
            codes.append(carried.countries[m.id])
    if codes and (type_ == "Person" or code is None):
        code = Counter(codes).most_common(1)[0][0]
    table = None
    if code is None and type_ in ("Person", "Organization", "Group") and not any(
            _acts_for_organisation(m, orgs_by_end, extraction.document.text) for m in cluster.mentions):
        # Rule: an actor the text does not place is placed by the known-actors table
        # ("President Mugabe", "Hamas"), unless it speaks for an organisation ("NATO
        # Secretary-General"); the corpus decides between a text's country and the table's.
        table = _table_country(type_, label, names, titles)
    votes = Counter(LABEL_TYPE.get(m.label, "Group") for m in cluster.mentions)
    international = type_ in ("Person", "Organization") and any(actors.is_international(x) for x in names)
    return LocalEntity(
        doc=extraction.document.id[:16], n=n, type=type_, label=label, international=international,
        names=tuple(sorted({strip_honorific(x) for x in names} | {label})),
        votes=tuple(sorted(votes.items())), titles=tuple(sorted(titles)), country=code, table_country=table,
        person_cue=type_ == "Person" or bool(titles) or votes.get("Person", 0) > 0,
        # Rule (office-sentence): a person named in one sentence with a party or a state's body
        # acts for a state ("the 2016 ticket of Jill Stein", "Raisi, speaking for the Health Ministry")
        office=type_ == "Person" and any(m.sent in offices for m in cluster.mentions if m.kind == "name"),
    )




def _context(extraction: Extraction, clusters: dict[int, Cluster],
             places: dict[int, str] | None = None) -> tuple[tuple[str, ...], str | None]:
    """The countries a document names (by name, demonym, a title's country, or the country of a
    city or region it names), and the one it is mostly about: at least 60% of the mentions that
    name a country, and two of them at least. ``places``: cluster id -> country of a place."""
    counts: Counter = Counter()
    for cluster in {id(c): c for c in clusters.values()}.values():
        if cluster.type == "Country" and cluster.country_code:
            counts[cluster.country_code] += len(cluster.mentions)
        elif places and id(cluster) in places:
            counts[places[id(cluster)]] += len(cluster.mentions)
    for m in extraction.mentions:
        if m.country:
            counts[m.country] += 1
    home = None
    if counts:
        code, n = max(sorted(counts.items()), key=lambda kv: kv[1])
        if n >= 2 and n >= 0.6 * sum(counts.values()):
            home = code
    return tuple(sorted(counts)), home


def cluster_entities(clusters: dict[int, Cluster], carried: Carried, made: DocumentEntities,
                     extraction: Extraction) -> dict[int, list[str]]:
    """One entity per name cluster; mention id -> the keys of its entities.

    Countries are keyed by their code; the other clusters become the document's local entities,
    and the corpus (:class:`~kg.stages.resolve.index.CorpusIndex`) decides which entity each is.
    """
    orgs_by_end = {m.end: m for m in extraction.mentions if m.label == "ORG" and m.kind == "name"}
    unique = list({id(c): c for c in clusters.values()}.values())
    named = [c for c in unique if c.type != "Country"]
    places = place_context(extraction.mentions)
    offices = _office_sentences(extraction)
    locals_ = [_local_entity(c, n, carried, extraction, orgs_by_end, places, offices) for n, c in enumerate(named)]
    where = {id(c): loc.country for c, loc in zip(named, locals_) if loc.type in ("City", "Place") and loc.country}
    context, home = _context(extraction, clusters, where)
    made.home = home
    bodies = _bodies_country(locals_)
    locals_ = [_body_of_state(LocalEntity(**{**_fields(loc), "context": context, "home": home}), bodies) for loc in locals_]
    decisions = made.index.add(locals_)
    mention_entity: dict[int, list[str]] = defaultdict(list)
    for cluster in unique:
        if cluster.type == "Country":
            key = _country_entity(cluster, made)
        else:
            loc = locals_[named.index(cluster)]
            decision = decisions[(loc.doc, loc.n)]
            key = _document_entity(loc, decision.key, made)
            made.resolutions.append((decision.key, decision.rule, decision.confidence))
        for m in cluster.mentions:
            mention_entity[m.id].append(key)
    return mention_entity


def body_name(name: str) -> tuple[str, str | None] | None:
    """A state's body named without its state, or with it: (the body's name, the state's code).

    Examples
    --------
    >>> body_name("Congress"), body_name("US Congress"), body_name("the Foreign Ministry")
    (('Congress', None), ('Congress', 'USA'), ('Foreign Ministry', None))
    >>> body_name("Congress of the Philippines"), body_name("Mahan Air")
    (('Congress', 'PHL'), None)
    >>> body_name("Trump's State Department"), body_name("Russia's Foreign Ministry")
    (('State Department', None), ('Foreign Ministry', 'RUS'))
    """
    words = name.split()
    if words and words[0].lower() == "the":
        words = words[1:]
    code = None
    if len(words) > 1 and words[0][-2:] in ("'s", "’s"):
        # a possessive before the body: a country's ("Russia's Foreign Ministry"), or a person's,
        # who heads it in the document's state ("Trump's State Department")
        code, words = geo.country_code(words[0][:-2]), words[1:]
    head, sep, tail = " ".join(words).partition(" of ")
    if sep and (found := geo.country_code(tail)):
        words, code = head.split(), found
    for k in range(min(3, len(words) - 1), 0, -1):  # "US Congress", "United States Senate"
        if found := geo.country_code(" ".join(words[:k])) or (k == 1 and geo.demonym_code(words[0])):
            words, code = words[k:], found
            break
    body = " ".join(words)
    return (body, code) if norm(body) in _BODIES else None


def _body_of_state(loc: LocalEntity, bodies: str | None = None) -> LocalEntity:
    """Rule: a state's body named without its state ("Congress", "the Senate", "the Foreign
    Ministry") is the body of the country the text gives it, else of the country the document is
    about, else of the one country whose bodies the document names with it ("the Senate" beside
    "the United States House of Representatives": ``bodies``); it is named "<country> <body>", so
    "Congress" in an American story and "US Congress" are one entity and the Philippine Congress
    another. A short form ("the House") is that country's body of the name (:func:`kg.world.geo.short_body`)."""
    if loc.type != "Organization":
        return loc
    body, code = body_name(loc.label) or (None, None)
    code = code or loc.country or loc.home or bodies
    if code is None or (body := body or geo.short_body(loc.label, code)) is None:
        return loc
    label = f"{geo.country_name(code)} {body}"
    return LocalEntity(**{**_fields(loc), "label": label, "names": tuple(sorted({*loc.names, label})),
                          "country": code})


def _bodies_country(locals_: list[LocalEntity]) -> str | None:
    """The one country whose bodies of state a document names with it ("the United States House
    of Representatives", "Russia's Foreign Ministry"); None for none or several."""
    codes = {found[1] for loc in locals_ if loc.type == "Organization" and (found := body_name(loc.label)) and found[1]}
    return codes.pop() if len(codes) == 1 else None


def _fields(loc: LocalEntity) -> dict:
    return {f: getattr(loc, f) for f in LocalEntity.__slots__}


def _document_entity(loc: LocalEntity, key: str, made: DocumentEntities) -> str:
    """The entity as this document describes it (its names, titles, its country), under the
    corpus's key; the corpus describes it in the graph from all its documents."""
    ent = Entity(key=key, type=made.index.types.get(key, loc.type), label=loc.label,
                 alt_labels=set(loc.names) - {loc.label}, job_titles=set(loc.titles))
    code = loc.country or loc.table_country
    if code:
        ent.country = made.country(code)
    made.entities[key] = ent
    made.locals.append(loc)
    return key


def placed_groups(extraction: Extraction, home: str | None) -> Extraction:
    """Rule: a state's group no word places ("the police", "protesters") is a group of the country
    the document is about; with no such country it stays unplaced, and is no actor."""
    if home is None or not any(m.kind == "group" and m.country is None for m in extraction.mentions):
        return extraction
    mentions = tuple(replace(m, country=home) if m.kind == "group" and m.country is None else m
                     for m in extraction.mentions)
    return replace(extraction, mentions=mentions)


def country_mentions(mentions: tuple[Mention, ...], links: dict[int, list[int]],
                     mention_entity: dict[int, list[str]], made: DocumentEntities) -> None:
    """Rule: demonyms and country-tied groups stand for their country, and so does a role
    nominal no person could be found for ("Taiwan's Vice Foreign Minister visited Russia")."""
    for m in mentions:
        if m.country and (m.kind in ("demonym", "group") or m.kind == "nominal" and m.id not in links):
            mention_entity[m.id].append(made.country(m.country))


def follow_coreference(links: dict[int, list[int]], mention_entity: dict[int, list[str]]) -> None:
    """Rule: pronouns, nominals and pairs take their antecedents' entities."""
    for a, bs in links.items():
        for b in bs:
            for key in mention_entity.get(b, []):
                if key not in mention_entity[a]:
                    mention_entity[a].append(key)
