"""Events tied to entities: an event mention's agents and targets, from mention ids to entity keys.

The conventions here are PLOVER's (2021 manual) and the coder's reading of it, not entity
resolution: a protest at no one named is aimed at a state, an attack by no one named is by
"unidentified attackers", a capital acting stands for its state, a domestic event keeps the
group that acts, and a person acting on their own country is no event between two actors.
Each convention is one small function named after its rule; :data:`ARGUMENT_RULES` lists,
in order, those applied to the agents and targets of an event with a named target.

The module is self-contained: it reads the extraction, each mention's entity keys, and an
:class:`EntityMaker` that makes (or finds) country and collective entities; it returns the
:class:`~kg.records.Event` records of one document.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from kg.records import Entity, Event, EventMention, Extraction, Mention
from kg.world import geo

__all__ = [
    "ARGUMENT_RULES",
    "Arguments",
    "EntityMaker",
    "a_crowd_is_the_people_of_its_place",
    "a_domestic_event_keeps_the_group",
    "a_seat_of_government_stands_for_its_state",
    "an_attack_by_no_one_named_is_by_unidentified_attackers",
    "a_protest_at_no_one_named_is_aimed_at_a_state",
    "dedupe",
    "event_actors",
    "no_actor_is_its_own_target",
    "no_event_on_ones_own_country",
    "no_event_is_an_actor",
    "the_two_are_agent_and_target",
    "tie_events",
]

Keys = tuple[str, ...]


class EntityMaker(Protocol):
    """Makes (or finds) the entities the conventions need, and knows the document's entities."""

    #: key -> entity, for every entity of the document made so far
    entities: dict[str, Entity]

    def country(self, code: str) -> str:
        """The key of the country with alpha-3 ``code``."""

    def collective(self, label: str, country: str | None = None) -> str:
        """The key of a collective actor named ``label`` (``country``: its country's key)."""


@dataclass(frozen=True)
class Arguments:
    """What the conventions read: the mentions by id, each mention's entity keys, the maker."""

    mentions: Mapping[int, Mention]
    keys: Mapping[int, Sequence[str]]
    made: EntityMaker

    def first(self, mid: int) -> Sequence[str]:
        """The mention's first entity key, as a sequence of none or one."""
        return self.keys.get(mid, [])[:1]

    def state_of(self, key: str) -> str | None:
        """The country entity an entity is, or belongs to (a place's, a group's)."""
        ent = self.made.entities.get(key)
        if ent is None:
            return None
        return key if ent.type == "Country" else ent.country

    def collective_of(self, m: Mention) -> str:
        """A collective actor named by role and nationality ("Algerian landowners"); a group its
        words do not place is named with its country ("protesters (Hong Kong)"), so the police
        of two countries are two actors."""
        label = m.text[4:] if m.text.lower().startswith("the ") else m.text
        if m.country and not _names_country(label, m.country):
            label = f"{label} ({geo.country_name(m.country)})"
        country = self.made.country(m.country) if m.country else None
        return self.made.collective(label, country)


def _names_country(text: str, code: str) -> bool:
    """Whether a word or two of ``text`` name the country ``code`` (by name or demonym)."""
    words = text.replace("'s", "").split()
    spans = [*words, *(" ".join(words[i:i + 2]) for i in range(len(words) - 1))]
    return any(geo.country_code(w) == code or geo.demonym_code(w) == code or
               ((found := geo.place_code(w)) is not None and found[1] == code) for w in spans)


def a_protest_at_no_one_named_is_aimed_at_a_state(ev: EventMention, args: Arguments) -> tuple[Keys, Keys]:
    """Rule (PLOVER): a protest aimed at no one named is aimed at a state.

    The state is the country of the place it happens in, or the protesters' own (the event
    mention's targets are those places and groups); the protesters stay a collective, and a
    state does not protest at itself. "Algerian landowners began a hunger strike outside the
    parliament": collective/Algerian_landowners -> country/Algeria.
    """
    states: list[str] = []
    for t in ev.targets:
        m = args.mentions[t]
        keys = [args.made.country(m.country)] if m.kind != "name" and m.country else args.first(t)
        for key in keys:
            state = args.state_of(key)
            if state and state not in states:
                states.append(state)
    agents = tuple(dict.fromkeys(
        args.collective_of(args.mentions[a]) if args.mentions[a].kind in ("group", "demonym") else k
        for a in ev.agents for k in args.first(a)))
    return agents, tuple(s for s in states if s not in agents)


def an_attack_by_no_one_named_is_by_unidentified_attackers(ev: EventMention, args: Arguments) -> Keys:
    """Rule (PLOVER): unnamed attackers are "unidentified attackers" of the country of the place.

    The event mention's agents are the places it happened in. "A roadside bombing near the
    town of Samarra killed one U.S. soldier": collective/unidentified_attackers_in_Iraq.
    """
    out: list[str] = []
    for p in ev.agents:
        for key in args.first(p):
            if state := args.state_of(key):
                label = f"unidentified attackers in {args.made.entities[state].label}"
                out.append(args.made.collective(label, state))
    return tuple(dict.fromkeys(out))


def a_crowd_is_the_people_of_its_place(ev: EventMention, args: Arguments) -> Keys:
    """Rule (PLOVER): a crowd no one names is the people of the place it protests in, coded by its state.

    The event mention's agents are those places (``unnamed-protesters``). "Hundreds of
    thousands of people blocked streets in Hong Kong": Hong Kong; "one million people marched
    in London": country/United_Kingdom (PLOVER's civilians of the country, ``GBRCVL``).
    """
    return tuple(dict.fromkeys(s for p in ev.agents for key in args.first(p) if (s := args.state_of(key))))


def a_seat_of_government_stands_for_its_state(mids: Sequence[int], args: Arguments) -> Keys:
    """Rule: metonymy: a capital or seat of government acting stands for its state.

    The entities of the mentions ``mids``, a city, building or place that is a capital or a
    seat of government replaced by its country (the city keeps its own node). "Tehran has
    provided Moscow with drones": country/Iran -> country/Russia.
    """
    out: list[str] = []
    for mid in mids:
        for key in args.keys.get(mid, []):
            ent = args.made.entities.get(key)
            if ent is not None and ent.type in ("City", "Organization", "Place"):
                code = geo.capital_code(ent.label) or geo.metonym_code(ent.label)
                if code:
                    key = args.made.country(code)
            if key not in out:
                out.append(key)
    return tuple(out)


def the_two_are_agent_and_target(ev: EventMention, agents: Keys, targets: Keys, args: Arguments) -> tuple[Keys, Keys]:
    """Rule: a pair that acts together ("the two discussed ...", its mentions both agents and
    targets) is the first as agent and the second as target."""
    if ev.agents == ev.targets and len(agents) == 2:
        return agents[:1], agents[1:]
    return agents, targets


def a_domestic_event_keeps_the_group(ev: EventMention, agents: Keys, targets: Keys, args: Arguments) -> tuple[Keys, Keys]:
    """Rule: a domestic event keeps the group as its actor.

    When both sides stand for one state, the side named by a group (the targets first, else
    the agents) is the group as a collective, not the state: "Algerian landowners protested
    against the Algerian government": country/Algeria -> collective/Algerian_government.
    """
    if not (set(agents) & set(targets) and ev.agents != ev.targets):
        return agents, targets
    if any(args.mentions[t].kind == "group" for t in ev.targets):
        targets = tuple(args.collective_of(args.mentions[t]) if args.mentions[t].kind == "group" else k
                        for t in ev.targets for k in args.first(t))
    elif any(args.mentions[a].kind == "group" for a in ev.agents):
        agents = tuple(args.collective_of(args.mentions[a]) if args.mentions[a].kind == "group" else k
                       for a in ev.agents for k in args.first(a))
    return agents, targets


def no_actor_is_its_own_target(ev: EventMention, agents: Keys, targets: Keys, args: Arguments) -> tuple[Keys, Keys]:
    """Rule: no actor is its own target. An actor on both sides stays an agent only beside
    other targets, and is then no target ("Russia and China warned Russia": China -> Russia;
    "Iran criticised Iran and Israel": Iran -> Israel)."""
    agents = tuple(a for a in agents if a not in targets or len(targets) > 1)
    return agents, tuple(t for t in targets if t not in agents)


def no_event_on_ones_own_country(ev: EventMention, agents: Keys, targets: Keys, args: Arguments) -> tuple[Keys, Keys]:
    """Rule: a person acting on the country they act for is not an event between two actors
    ("Putin praised Russia" has no target)."""
    ents = args.made.entities
    return agents, tuple(t for t in targets if not any(ents.get(a) and ents[a].country == t for a in agents))


def no_event_is_an_actor(ev: EventMention, agents: Keys, targets: Keys, args: Arguments) -> tuple[Keys, Keys]:
    """Rule: a named event (a war, a championship, a storm) is no actor: "called the Korean War
    genocidal", "opposed ending the War on Drugs", "hosted the Women's World Championship" are
    stances on or acts about an event, not events between two actors."""
    ents = args.made.entities
    return tuple(a for a in agents if not (ents.get(a) and ents[a].type == "Event")), \
        tuple(t for t in targets if not (ents.get(t) and ents[t].type == "Event"))


#: The conventions applied, in order, to the agents and targets of an event with a named target.
ARGUMENT_RULES: tuple[Callable[[EventMention, Keys, Keys, Arguments], tuple[Keys, Keys]], ...] = (
    no_event_is_an_actor,
    the_two_are_agent_and_target,
    a_domestic_event_keeps_the_group,
    no_actor_is_its_own_target,
    no_event_on_ones_own_country,
)


def event_actors(ev: EventMention, args: Arguments) -> tuple[Keys, Keys]:
    """The agents and targets of one event mention, as entity keys (either may be empty)."""
    if ev.implied_target:
        agents, targets = a_protest_at_no_one_named_is_aimed_at_a_state(ev, args)
        if ev.implied_agent:  # the people of a place protest at its state
            agents = a_crowd_is_the_people_of_its_place(ev, args)
            targets = targets or agents
        return agents, targets
    if ev.implied_agent and ev.category == "PROTEST":
        agents = a_crowd_is_the_people_of_its_place(ev, args)
    elif ev.implied_agent:
        agents = an_attack_by_no_one_named_is_by_unidentified_attackers(ev, args)
    else:
        agents = a_seat_of_government_stands_for_its_state(ev.agents, args)
    targets = a_seat_of_government_stands_for_its_state(ev.targets, args)
    for rule in ARGUMENT_RULES:
        agents, targets = rule(ev, agents, targets, args)
    return agents, targets


def dedupe(events: list[Event]) -> list[Event]:
    """Rule: one event per (category, agent, target, sentence, date): the most confident reading.

    A symmetric event (AGREE, CONSULT, ...) is one whichever side is the agent. The events
    kept stay in their order.
    """
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


def tie_events(extraction: Extraction, mention_entity: Mapping[int, Sequence[str]],
               made: EntityMaker) -> list[Event]:
    """The events of one document with entity keys for arguments.

    Parameters
    ----------
    extraction : Extraction
        The document's mentions and event mentions.
    mention_entity : mapping of int to sequence of str
        Mention id -> the keys of the entities it names, the first the best.
    made : EntityMaker
        Makes the countries and collectives the conventions need.

    Returns
    -------
    list of Event
        An event for each event mention with an agent and a target, numbered in order
        ("<doc id>-<n>"), deduplicated (:func:`dedupe`).
    """
    args = Arguments(mentions={m.id: m for m in extraction.mentions}, keys=mention_entity, made=made)
    events: list[Event] = []
    for ev in extraction.events:
        agents, targets = event_actors(ev, args)
        if agents and targets:
            events.append(Event(id=f"{extraction.document.id[:16]}-{len(events)}", mention=ev,
                                agents=agents, targets=targets))
    return dedupe(events)
