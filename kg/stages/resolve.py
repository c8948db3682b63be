"""Stage 4, resolve: merge mentions into entities, within a document and across documents.

Within a document, the surface forms of one name merge ("Donald Trump" / "Trump" /
"Donald"), NER label noise is outvoted by the cluster ("Trump" tagged ORG once beside
"Donald Trump" PERSON), demonyms and country-tied groups point to their country, and
coreference links (from :mod:`kg.stages.extract.coref`) carry pronouns and role nominals to their
antecedent, bringing titles and countries with them ("the Russian leader" gives Putin
Russia). Across documents an :class:`EntityIndex` gives one key per real-world entity:
a later "Trump" alone joins the "Donald Trump" already known, and aliases accumulate.

Metonymy: a capital or seat of government acting in an event ("Moscow provided ...",
"the Kremlin said") stands for its state; the city or building keeps its own node.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from kg.graph.vocab import entity_key
from kg.records import Entity, Event, Extraction, Mention, ResolvedDocument
from kg.world import actors, geo

__all__ = ["EntityIndex", "resolve"]

_LABEL_TYPE = {"PERSON": "Person", "ORG": "Organization", "GPE": "Place", "LOC": "Place",
               "FAC": "Place", "EVENT": "Event", "PRODUCT": "Product", "NORP": "Group"}
_EVENT_WORDS = frozenset({"forum", "summit", "conference", "olympics", "games", "championship",
                          "cup", "festival", "expo", "election", "elections", "war"})
#: words that make a name an organisation's, whatever the NER label
_ORG_WORDS = frozenset({
    "air", "airlines", "airways", "corps", "party", "forces", "army", "ministry", "bank", "company",
    "inc", "inc.", "ltd", "corporation", "group", "agency", "council", "committee", "university",
    "union", "organization", "organisation", "front", "movement", "guard", "guards", "news",
    "times", "post", "institute", "association", "federation", "commission", "court", "office",
    "department", "police", "navy", "brigade", "brigades", "militia", "network", "foundation",
})
#: first words that name a kind of body, not one body ("Court" is not "Court of Session")
_GENERIC_HEADS = frozenset({"court", "national", "united", "federal", "supreme", "european", "international",
                            "state", "royal", "new", "south", "north", "east", "west", "central", "general",
                            "democratic", "republican", "people's", "islamic", "world", "global", "american"})
#: words that make "<organisation> <word> ..." a body of that organisation, not another name of it
_UNIT_WORDS = frozenset({"mission", "office", "council", "commission", "agency", "committee", "programme",
                         "program", "fund", "bureau", "department", "ministry", "tribunal", "court",
                         "assembly", "secretariat", "observer", "observers", "envoy", "force", "forces",
                         "branch", "wing", "division", "delegation", "embassy", "representative"})
_MINOR = frozenset({"of", "the", "and", "for", "de", "du", "la", "al", "el", "in", "on"})
_HONORIFICS = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir"})


@functools.lru_cache(maxsize=1 << 16)
def _norm(text: str) -> str:
    """Compare names without case, spacing or diacritics ("Erdoğan" = "Erdogan")."""
    folded = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(folded.replace("’", "'").split()).lower()


def _fullness(name: str) -> tuple[int, int, str]:
    return (len(name.split()), len(name), name)


@dataclass
class EntityIndex:
    """Entities known so far (from the store and earlier documents), by key and alias."""

    entities: dict[str, Entity] = field(default_factory=dict)
    #: keys whose country only the known-actors table gave (a text's country replaces it)
    table_placed: set[str] = field(default_factory=set)
    _surname: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    _alias: dict[tuple[str, str], str] = field(default_factory=dict)

    def add(self, entity: Entity, *, from_table: bool = False) -> Entity:
        """Add or merge ``entity``; returns the entity now held under its key.

        The first country given is kept, except that a country a text gives replaces one
        the known-actors table gave (``from_table``).
        """
        held = self.entities.get(entity.key)
        if held is None:
            held = Entity(key=entity.key, type=entity.type, label=entity.label)
            self.entities[entity.key] = held
            known: set[str] = set()
        else:
            known = {held.label, *held.alt_labels}
        names = {held.label, entity.label, *held.alt_labels, *entity.alt_labels}
        if entity.type == "Country" or held.type == "Country":
            label = held.label
        else:
            label = max(names, key=_fullness)
        held.label = label
        held.alt_labels = {n for n in names if n != label}
        if entity.country and not from_table and held.key in self.table_placed:
            held.country = entity.country  # Rule: a country the text gives replaces the table's
        elif entity.country and from_table and held.country is None:
            self.table_placed.add(held.key)
        held.country = held.country or entity.country
        if entity.country and not from_table:
            self.table_placed.discard(held.key)
        held.country_code = held.country_code or entity.country_code
        held.job_titles |= entity.job_titles
        for name in names - known:  # names held before are indexed already
            self._alias.setdefault((held.type, _norm(name)), held.key)
            if held.type == "Person":
                self._surname[_norm(name).split()[-1]].add(held.key)
        return held

    def find(self, type_: str, names: list[str]) -> str | None:
        """The key of a known entity of ``type_`` with one of ``names``, if exactly one."""
        for name in names:
            key = self._alias.get((type_, _norm(name)))
            if key:
                return key
        if type_ == "Person":
            full = [n for n in names if len(n.split()) > 1]
            if full:  # a full name must not join another person who only shares the surname
                return None
            keys = set()
            for name in names:
                keys |= self._surname.get(_norm(name).split()[-1], set())
            if len(keys) == 1:
                return next(iter(keys))
        return None


@dataclass
class _Cluster:
    mentions: list[Mention] = field(default_factory=list)
    type: str = "Group"
    country_code: str | None = None  # for Country clusters

    @property
    def names(self) -> list[str]:
        return sorted({m.text for m in self.mentions})


def _strip_honorific(text: str) -> str:
    words = text.split()
    while len(words) > 1 and words[0].lower() in _HONORIFICS:
        words = words[1:]
    return " ".join(words)


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.replace("-", " ").split() if w[:1].isupper() and w.lower() not in _MINOR)


def _short_forms(names: list[Mention], text: str) -> dict[str, str]:
    """Short name -> the full name it stands for in this document (both normalised).

    Rules: "Syrian Democratic Forces (SDF)" -> a parenthesised short form; "IRGC" -> the
    initials of one full name; "Mahan" -> the first word of exactly one longer organisation.
    """
    out: dict[str, str] = {}
    ordered = sorted(names, key=lambda m: m.start)
    for a, b in zip(ordered, ordered[1:]):
        between = text[a.end:b.start]
        if between.strip() == "(" and text[b.end:b.end + 1] == ")" and len(b.text.split()) == 1:
            out.setdefault(_norm(b.text), _norm(a.text))
    longs = {_norm(m.text): m for m in names if len(m.text.split()) > 1 and m.label != "PERSON"}
    lows = {_norm(m.text) for m in names}
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
    for m in names:
        low = _norm(m.text)
        if len(low.split()) != 1 or low in out or geo.country_code(m.text):
            continue
        if m.text.isupper() and len(m.text) >= 2:
            full = [n for n, i in initials.items() if i == m.text]
        elif low not in _GENERIC_HEADS and low not in _ORG_WORDS:
            full = [n for n, lm in longs.items() if n.split()[0] == low and lm.label in ("ORG", "FAC", "PRODUCT")]
        else:
            full = []
        if len(full) == 1:
            out[low] = full[0]
    return out


def _cluster_names(mentions: list[Mention], text: str = "") -> dict[int, _Cluster]:
    """Group name mentions of one document into entities; mention id -> cluster."""
    names = [m for m in mentions if m.kind == "name"]
    short = _short_forms(names, text)
    by_id: dict[int, _Cluster] = {}
    countries: dict[str, _Cluster] = {}
    persons: dict[str, _Cluster] = {}
    votes: dict[str, Counter] = defaultdict(Counter)
    for m in names:
        votes[_norm(_strip_honorific(m.text))][m.label] += 1

    def personal(m: Mention) -> bool:
        """A multi-word name read as PERSON at least as often as anything else, and not an org-like name."""
        low = _norm(_strip_honorific(m.text))
        v = votes[low]
        return (len(low.split()) > 1 and v["PERSON"] > 0 and v["PERSON"] >= max(v.values())
                and not set(low.split()) & _ORG_WORDS)

    full_person = [m for m in names if personal(m)]
    part_of: dict[str, set[str]] = defaultdict(set)  # one name word -> full names containing it
    for m in full_person:
        full = _norm(_strip_honorific(m.text))
        words = full.split()
        part_of[words[-1]].add(full)
        part_of[words[0]].add(full)
    # Rule: a full person name merges with its shorter forms; longer forms absorb shorter ones.
    fulls = sorted({_norm(_strip_honorific(m.text)) for m in full_person}, key=lambda n: -len(n.split()))
    canonical: dict[str, str] = {}
    for name in fulls:
        target = next((c for c in canonical.values() if c.split()[-1] == name.split()[-1]
                       and c.split()[0] == name.split()[0]), None)
        canonical[name] = target or name
    others: dict[str, _Cluster] = {}
    for m in names:
        name = _strip_honorific(m.text)
        low = _norm(name)
        code = geo.country_code(name) if (
            m.label in ("GPE", "NORP", "LOC", "ORG")
            # Rule: a name tagged PERSON that is a country's and no person's of the document,
            # with no title or honorific, is the country ("Benin opened its borders", "Sri Lanka has").
            or (m.label == "PERSON" and m.title is None and name == m.text and low not in part_of)
        ) else None
        if code:
            cluster = countries.setdefault(code, _Cluster(type="Country", country_code=code))
        elif low in canonical:
            cluster = persons.setdefault(canonical[low], _Cluster(type="Person"))
        elif len(low.split()) == 1 and len(part_of.get(low, ())) == 1 and m.label in ("PERSON", "ORG", "NORP", "GPE"):
            # Rule: a single name word of a full person name seen in the document ("Trump", "Vladimir").
            full = next(iter(part_of[low]))
            cluster = persons.setdefault(canonical[full], _Cluster(type="Person"))
        else:
            ltype = _LABEL_TYPE.get(m.label, "Group")
            if m.label == "PERSON" and len(low.split()) == 1:
                # Rule: a lone surname: join an earlier full name with that surname in any label.
                ltype = "Person"
            # Rule: one name is one entity whatever its NER labels; short forms join their full name.
            cluster = others.setdefault(short.get(low, low), _Cluster(type=ltype))
        cluster.mentions.append(m)
        by_id[m.id] = cluster
    # Rule: NER label noise: a cluster's type is the vote of its mentions' labels; a name with an
    # organisation word ("Mahan Air", "Revolutionary Guard Corps") is an organisation.
    for cluster in {id(c): c for c in others.values()}.values():
        tally = Counter(_LABEL_TYPE.get(m.label, "Group") for m in cluster.mentions)
        cluster.type = max(sorted(tally), key=lambda t: tally[t])
        if any(set(_norm(n).split()) & _ORG_WORDS for n in cluster.names) and cluster.type in ("Person", "Place", "Group"):
            cluster.type = "Organization"
    return by_id


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


def _of_place(name: str) -> str | None:
    """Rule: an organisation "of" a place is that place's ("University of Baghdad", "Bank of Japan")."""
    head, sep, tail = name.rpartition(" of ")
    if not sep or not head:
        return None
    found = geo.place_code(tail)  # (a leading "the" is ignored there)
    return found[1] if found else None


def _typed(cluster: _Cluster) -> tuple[str, str | None]:
    """Final type of a non-person, non-country cluster and the country it belongs to."""
    name = max(cluster.names, key=_fullness)
    if cluster.type in ("Place", "Group"):
        city = geo.city_code(name)
        if city:
            return "City", city
        if region := geo.region_code(name):
            return "Place", region  # "Darfur", "Chechnya", "the West Bank"
        if cluster.type == "Group" and not geo.demonym_code(name):
            return "Group", None
    if cluster.type == "Organization":
        # the organisation's country: a seat of government ("the Kremlin"), or a country's
        # territory or party that the country tables list ("the West Bank" read as ORG, "Fatah")
        code = geo.metonym_code(name) or geo.region_code(name) or _of_place(name)
        if any(w in _norm(name).split() for w in _EVENT_WORDS):
            return "Event", code
        return "Organization", code
    return cluster.type, None


def resolve(extraction: Extraction, index: EntityIndex | None = None) -> ResolvedDocument:
    """Merge the mentions of one extraction into entities and tie its events to them.

    Parameters
    ----------
    extraction : Extraction
        Mentions, coreference links and events of one document.
    index : EntityIndex, optional
        Entities already known; updated in place with this document's entities.

    Returns
    -------
    ResolvedDocument
    """
    index = index if index is not None else EntityIndex()
    mentions = list(extraction.mentions)
    by_mid = {m.id: m for m in mentions}
    clusters = _cluster_names(mentions, extraction.document.text)
    ents: dict[str, Entity] = {}
    mention_entity: dict[int, list[str]] = defaultdict(list)

    def country_entity(code: str, alias: str | None = None) -> str:
        name = geo.country_name(code)
        ent = Entity(key=entity_key("Country", name), type="Country", label=name, country_code=code)
        if alias and _norm(alias) != _norm(name):
            ent.alt_labels.add(alias)
        held = index.add(ent)
        ents[held.key] = held
        return held.key

    def group_entity(m: Mention) -> str:
        """A collective actor named by role and nationality ("Algerian landowners")."""
        label = m.text[4:] if m.text.lower().startswith("the ") else m.text
        ent = Entity(key=entity_key("Collective", label), type="Collective", label=label)
        if m.country:
            ent.country = country_entity(m.country)
        held = index.add(ent)
        ents[held.key] = held
        return held.key

    def state_of(key: str) -> str | None:
        """The country entity an entity is, or belongs to (a place's, a group's)."""
        ent = ents.get(key)
        if ent is None:
            return None
        return key if ent.type == "Country" else ent.country

    def unidentified_entity(state: str) -> str:
        """PLOVER's unidentified attackers of one country."""
        label = f"unidentified attackers in {ents[state].label}"
        held = index.add(Entity(key=entity_key("Collective", label), type="Collective", label=label, country=state))
        ents[held.key] = held
        return held.key

    # coreference: mention -> antecedents
    antecedents: dict[int, list[int]] = defaultdict(list)
    for a, b in extraction.coref:
        antecedents[a].append(b)
    # titles and countries carried by nominals onto their antecedents
    extra_titles: dict[int, set[str]] = defaultdict(set)
    extra_country: dict[int, str] = {}
    for a, bs in antecedents.items():
        m = by_mid[a]
        if m.kind == "nominal" and len(bs) == 1:
            if m.title:
                extra_titles[bs[0]].add(m.title)
            if m.country:
                extra_country.setdefault(bs[0], m.country)

    text = extraction.document.text
    names_before = {m.end: m for m in mentions if m.label == "ORG" and m.kind == "name"}
    done: dict[int, str] = {}
    for cluster in {id(c): c for c in clusters.values()}.values():
        if id(cluster) in done:
            continue
        names = cluster.names
        if cluster.type == "Country":
            key = country_entity(cluster.country_code, alias=None)
            for n in names:
                if _norm(n) != _norm(ents[key].label):
                    index.add(Entity(key=key, type="Country", label=ents[key].label, alt_labels={n}))
        else:
            type_, code = ("Person", None) if cluster.type == "Person" else _typed(cluster)
            label = max((_strip_honorific(n) for n in names), key=_fullness)
            titles = {m.title for m in cluster.mentions if m.title}
            codes = [m.country for m in cluster.mentions if m.country]
            for m in cluster.mentions:
                titles |= extra_titles.get(m.id, set())
                if m.id in extra_country:
                    codes.append(extra_country[m.id])
            if codes and (type_ == "Person" or code is None):
                code = Counter(codes).most_common(1)[0][0]
            known = index.find(type_, [label, *names])
            key = known or entity_key(type_, label)
            from_table = False
            if code is None and type_ in ("Person", "Organization", "Group") and not (
                    key in index.entities and index.entities[key].country) and not any(
                    _acts_for_organisation(m, names_before, text) for m in cluster.mentions):
                # Rule: an actor the text (here or in an earlier document) does not place is
                # placed by the known-actors table ("President Mugabe", "Hamas"), unless it speaks
                # for an organisation ("NATO Secretary-General"). A person named in full is
                # looked up by that name only: "Senator Graham" is no Graham once "Lindsey
                # Graham" is named.
                tried = [label] if type_ == "Person" and " " in label else \
                    [label, *sorted(set(names) - {label}, key=_fullness, reverse=True)]
                code = next((c for n in tried
                             if (c := actors.actor_country(_strip_honorific(n), person=type_ == "Person", titled=bool(titles)))), None)
                from_table = code is not None
            ent = Entity(key=key, type=type_, label=label, alt_labels=set(names) - {label},
                         job_titles=titles if type_ == "Person" else set())
            if code:
                ent.country = country_entity(code)
            held = index.add(ent, from_table=from_table)
            ents[held.key] = held
            key = held.key
        done[id(cluster)] = key
        for m in cluster.mentions:
            mention_entity[m.id].append(key)
    # demonyms and country-tied groups stand for their country, and so does a role nominal
    # no person could be found for ("Taiwan's Vice Foreign Minister visited Russia")
    for m in mentions:
        if m.country and (m.kind in ("demonym", "group") or m.kind == "nominal" and m.id not in antecedents):
            mention_entity[m.id].append(country_entity(m.country))
    # coreference: pronouns, nominals and pairs take their antecedents' entities
    for a, bs in antecedents.items():
        for b in bs:
            for key in mention_entity.get(b, []):
                if key not in mention_entity[a]:
                    mention_entity[a].append(key)

    events: list[Event] = []
    for n, ev in enumerate(extraction.events):
        if ev.implied_target:
            # Rule (PLOVER): a protest aimed at no one named is aimed at a state: the country of
            # the place it happens in, or the protesters' own; the protesters stay a collective.
            states: list[str] = []
            for t in ev.targets:
                m = by_mid[t]
                keys = [country_entity(m.country)] if m.kind != "name" and m.country else mention_entity.get(t, [])[:1]
                for key in keys:
                    state = state_of(key)
                    if state and state not in states:
                        states.append(state)
            agents = tuple(dict.fromkeys(
                group_entity(by_mid[a]) if by_mid[a].kind in ("group", "demonym") else k
                for a in ev.agents for k in mention_entity.get(a, [])[:1]))
            targets = tuple(s for s in states if s not in agents)
            if agents and targets:
                events.append(Event(id=f"{extraction.document.id[:16]}-{len(events)}", mention=ev,
                                    agents=agents, targets=targets))
            continue
        if ev.implied_agent:
            # Rule (PLOVER): unnamed attackers are "unidentified attackers" of the country of the place.
            agents = tuple(dict.fromkeys(unidentified_entity(state) for p in ev.agents
                                         for key in mention_entity.get(p, [])[:1] if (state := state_of(key))))
        else:
            agents = _actors(ev.agents, mention_entity, ents, country_entity)
        targets = _actors(ev.targets, mention_entity, ents, country_entity)
        if ev.agents == ev.targets and len(agents) == 2:  # "the two discussed"
            agents, targets = agents[:1], agents[1:]
        elif set(agents) & set(targets) and ev.agents != ev.targets:
            # Rule: a domestic event ("Algerian landowners protested against the Algerian
            # government"): the side named by a group keeps the group as its actor.
            if any(by_mid[t].kind == "group" for t in ev.targets):
                targets = tuple(group_entity(by_mid[t]) if by_mid[t].kind == "group" else k
                                for t in ev.targets for k in mention_entity.get(t, [])[:1])
            elif any(by_mid[a].kind == "group" for a in ev.agents):
                agents = tuple(group_entity(by_mid[a]) if by_mid[a].kind == "group" else k
                               for a in ev.agents for k in mention_entity.get(a, [])[:1])
        agents = tuple(a for a in agents if a not in targets or len(targets) > 1)
        targets = tuple(t for t in targets if t not in agents)
        # Rule: a person acting on the country they act for is not an event between two actors.
        targets = tuple(t for t in targets if not any(ents.get(a) and ents[a].country == t for a in agents))
        if not agents or not targets:
            continue
        events.append(Event(id=f"{extraction.document.id[:16]}-{len(events)}", mention=ev,
                            agents=agents, targets=targets))
    events = _dedupe(events)
    mentioned = {k for keys in mention_entity.values() for k in keys}
    mentioned.update(k for ev in events for k in (*ev.agents, *ev.targets, *ev.participants))
    return ResolvedDocument(
        document=extraction.document, date=extraction.date, entities=ents, events=events,
        mention_entity={k: v[0] for k, v in mention_entity.items() if v},
        mentioned=frozenset(mentioned & ents.keys()),
    )


def _actors(mids, mention_entity, ents, country_entity) -> tuple[str, ...]:
    out: list[str] = []
    for mid in mids:
        for key in mention_entity.get(mid, []):
            ent = ents.get(key)
            # Rule: metonymy: a capital or seat of government acting stands for its state.
            if ent is not None and ent.type in ("City", "Organization", "Place"):
                code = geo.capital_code(ent.label) or geo.metonym_code(ent.label)
                if code:
                    key = country_entity(code)
            if key not in out:
                out.append(key)
    return tuple(out)


def _dedupe(events: list[Event]) -> list[Event]:
    """One event per (category, agent, target, sentence, date): the most confident reading."""
    best: dict[tuple, Event] = {}
    for ev in events:
        m = ev.mention
        when = m.date.value if m.date else None
        key = (m.category, ev.agents, ev.targets, m.sent_start, when)
        if m.symmetric:
            key = (m.category, tuple(sorted(ev.agents + ev.targets)), (), m.sent_start, when)
        if key not in best or m.confidence > best[key].mention.confidence:
            best[key] = ev
    kept = set(map(id, best.values()))
    return [e for e in events if id(e) in kept]
