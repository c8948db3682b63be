"""PLOVER's conventions for event arguments, each on its own (no spaCy: hand-made mentions)."""

from __future__ import annotations

from kg.graph.vocab import entity_key
from kg.records import Document, Entity, EventMention, Extraction, Mention
from kg.stages.events.tie import (
    ARGUMENT_RULES,
    Arguments,
    a_crowd_is_the_people_of_its_place,
    a_domestic_event_keeps_the_group,
    a_protest_at_no_one_named_is_aimed_at_a_state,
    a_seat_of_government_stands_for_its_state,
    an_attack_by_no_one_named_is_by_unidentified_attackers,
    dedupe,
    event_actors,
    no_actor_is_its_own_target,
    no_event_is_an_actor,
    no_event_on_ones_own_country,
    the_two_are_agent_and_target,
    tie_events,
)
from kg.world import geo


class Maker:
    """A stand-in for the resolve stage's entity maker: countries and collectives by key."""

    def __init__(self, *entities: Entity) -> None:
        self.entities = {e.key: e for e in entities}

    def country(self, code: str) -> str:
        name = geo.country_name(code)
        key = entity_key("Country", name)
        self.entities.setdefault(key, Entity(key=key, type="Country", label=name, country_code=code))
        return key

    def collective(self, label: str, country: str | None = None) -> str:
        key = entity_key("Collective", label)
        self.entities.setdefault(key, Entity(key=key, type="Collective", label=label, country=country))
        return key


def _event(agents, targets, **kw) -> EventMention:
    return EventMention(category=kw.pop("category", "PROTEST"), trigger="t", trigger_start=0, trigger_end=1,
                        agents=agents, targets=targets, **kw)


def _args(mentions, keys, maker=None) -> Arguments:
    return Arguments(mentions={m.id: m for m in mentions}, keys=keys, made=maker or Maker())


LANDOWNERS = Mention(0, 0, 19, "Algerian landowners", "NORP", kind="group", country="DZA")
GOVERNMENT = Mention(1, 40, 59, "Algerian government", "NORP", kind="group", country="DZA")


def test_a_protest_at_no_one_named_is_aimed_at_the_protesters_state():
    ev = _event((0,), (0,), implied_target=True)
    args = _args([LANDOWNERS], {0: ["country/Algeria"]})
    assert a_protest_at_no_one_named_is_aimed_at_a_state(ev, args) == (
        ("collective/Algerian_landowners",), ("country/Algeria",))
    assert args.made.entities["collective/Algerian_landowners"].country == "country/Algeria"


def test_a_protest_at_no_one_named_is_aimed_at_the_state_of_its_place():
    kurds = Mention(0, 0, 11, "Iraqi Kurds", "NORP", kind="group", country="IRQ")
    kirkuk = Mention(1, 30, 36, "Kirkuk", "GPE")
    maker = Maker(Entity(key="city/Kirkuk", type="City", label="Kirkuk", country="country/Iraq"))
    args = _args([kurds, kirkuk], {0: ["country/Iraq"], 1: ["city/Kirkuk"]}, maker)
    assert a_protest_at_no_one_named_is_aimed_at_a_state(_event((0,), (1,), implied_target=True), args) == (
        ("collective/Iraqi_Kurds",), ("country/Iraq",))


def test_a_state_does_not_protest_at_itself():
    russia = Mention(0, 0, 6, "Russia", "GPE")
    args = _args([russia], {0: ["country/Russia"]}, Maker(Entity(key="country/Russia", type="Country", label="Russia")))
    assert a_protest_at_no_one_named_is_aimed_at_a_state(_event((0,), (0,), implied_target=True), args) == (
        ("country/Russia",), ())


def test_an_attack_by_no_one_named_is_by_unidentified_attackers_of_the_place():
    samarra = Mention(0, 30, 37, "Samarra", "GPE")
    maker = Maker(Entity(key="city/Samarra", type="City", label="Samarra", country="country/Iraq"),
                  Entity(key="country/Iraq", type="Country", label="Iraq", country_code="IRQ"))
    args = _args([samarra], {0: ["city/Samarra"]}, maker)
    agents = an_attack_by_no_one_named_is_by_unidentified_attackers(_event((0,), (), implied_agent=True), args)
    assert agents == ("collective/unidentified_attackers_in_Iraq",)
    assert maker.entities[agents[0]].country == "country/Iraq"
    # a place of no known country gives no attacker
    args = _args([samarra], {0: ["place/Nowhere"]}, Maker(Entity(key="place/Nowhere", type="Place", label="Nowhere")))
    assert an_attack_by_no_one_named_is_by_unidentified_attackers(_event((0,), (), implied_agent=True), args) == ()


def test_a_crowd_is_the_people_of_its_place_coded_by_its_state():
    london = Mention(0, 30, 36, "London", "GPE")
    maker = Maker(Entity(key="city/London", type="City", label="London", country="country/United_Kingdom"),
                  Entity(key="country/United_Kingdom", type="Country", label="United Kingdom", country_code="GBR"))
    args = _args([london], {0: ["city/London"]}, maker)
    ev = _event((0,), (0,), implied_agent=True, implied_target=True)
    assert a_crowd_is_the_people_of_its_place(ev, args) == ("country/United_Kingdom",)
    # the people of a place protest at its state: the one event a state-at-itself protest keeps
    assert event_actors(ev, args) == (("country/United_Kingdom",), ("country/United_Kingdom",))
    # without the crowd the place is a state that does not protest at itself
    assert event_actors(_event((0,), (0,), implied_target=True), args) == (("city/London",), ("country/United_Kingdom",))


def test_an_implied_protester_is_no_unidentified_attacker():
    hk = Mention(0, 40, 49, "Hong Kong", "GPE")
    beijing = Mention(1, 60, 78, "Chinese authorities", "NORP", kind="group", country="CHN")
    maker = Maker(Entity(key="country/Hong_Kong", type="Country", label="Hong Kong", country_code="HKG"))
    args = _args([hk, beijing], {0: ["country/Hong_Kong"], 1: ["country/China"]}, maker)
    agents, targets = event_actors(_event((0,), (1,), implied_agent=True), args)
    assert agents == ("country/Hong_Kong",) and targets == ("country/China",)


def test_a_seat_of_government_stands_for_its_state():
    maker = Maker(Entity(key="city/Tehran", type="City", label="Tehran"),
                  Entity(key="organization/Kremlin", type="Organization", label="Kremlin"),
                  Entity(key="city/Chicago", type="City", label="Chicago"))
    mentions = [Mention(i, 0, 1, "x", "GPE") for i in range(3)]
    args = _args(mentions, {0: ["city/Tehran"], 1: ["organization/Kremlin"], 2: ["city/Chicago"]}, maker)
    assert a_seat_of_government_stands_for_its_state((0, 1, 2), args) == (
        "country/Iran", "country/Russia", "city/Chicago")
    assert "city/Tehran" in maker.entities  # the city keeps its own node


def test_the_two_are_agent_and_target():
    ev = _event((2,), (2,), category="CONSULT")
    assert the_two_are_agent_and_target(ev, ("person/Putin", "person/Xi"), ("person/Putin", "person/Xi"), None) == (
        ("person/Putin",), ("person/Xi",))
    # a pair of one, or named sides, are left alone
    assert the_two_are_agent_and_target(_event((0,), (1,)), ("a", "b"), ("c",), None) == (("a", "b"), ("c",))


def test_a_domestic_event_keeps_the_group():
    args = _args([LANDOWNERS, GOVERNMENT], {0: ["country/Algeria"], 1: ["country/Algeria"]})
    ev = _event((0,), (1,))
    assert a_domestic_event_keeps_the_group(ev, ("country/Algeria",), ("country/Algeria",), args) == (
        ("country/Algeria",), ("collective/Algerian_government",))
    # the agents' side when only it is named by a group
    algeria = Mention(1, 40, 47, "Algeria", "GPE")
    args = _args([LANDOWNERS, algeria], {0: ["country/Algeria"], 1: ["country/Algeria"]})
    assert a_domestic_event_keeps_the_group(ev, ("country/Algeria",), ("country/Algeria",), args) == (
        ("collective/Algerian_landowners",), ("country/Algeria",))
    # two different states: no domestic event
    assert a_domestic_event_keeps_the_group(ev, ("country/Algeria",), ("country/France",), args) == (
        ("country/Algeria",), ("country/France",))


def test_no_actor_is_its_own_target():
    assert no_actor_is_its_own_target(None, ("country/Russia", "country/China"), ("country/Russia",), None) == (
        ("country/China",), ("country/Russia",))
    assert no_actor_is_its_own_target(None, ("country/Iran",), ("country/Iran", "country/Israel"), None) == (
        ("country/Iran",), ("country/Israel",))


def test_no_event_on_ones_own_country():
    maker = Maker(Entity(key="person/Putin", type="Person", label="Putin", country="country/Russia"))
    args = _args([], {}, maker)
    assert no_event_on_ones_own_country(None, ("person/Putin",), ("country/Russia",), args) == (("person/Putin",), ())
    assert no_event_on_ones_own_country(None, ("person/Putin",), ("country/Ukraine",), args) == (
        ("person/Putin",), ("country/Ukraine",))


def test_no_event_is_an_actor():
    maker = Maker(Entity(key="person/Hawkins", type="Person", label="Howie Hawkins"),
                  Entity(key="named-event/Korean_War", type="Event", label="Korean War"))
    args = _args([], {}, maker)
    assert no_event_is_an_actor(None, ("person/Hawkins",), ("named-event/Korean_War",), args) == (("person/Hawkins",), ())
    assert no_event_is_an_actor(None, ("named-event/Korean_War",), ("person/Hawkins",), args) == ((), ("person/Hawkins",))


def test_the_rules_run_in_order():
    assert [r.__name__ for r in ARGUMENT_RULES] == [
        "no_event_is_an_actor", "the_two_are_agent_and_target", "a_domestic_event_keeps_the_group", "no_actor_is_its_own_target",
        "no_event_on_ones_own_country"]


def test_dedupe_keeps_the_most_confident_reading_in_order():
    doc = Document(id="0" * 64, name="d", text="x")
    low = _event((0,), (1,), category="ACCUSE", confidence=0.4)
    high = _event((0,), (1,), category="ACCUSE", confidence=0.9)
    mirrored = _event((1,), (0,), category="CONSULT", symmetric=True)
    other = _event((0,), (1,), category="CONSULT", symmetric=True)
    mentions = (Mention(0, 0, 1, "A", "GPE"), Mention(1, 2, 3, "B", "GPE"))
    events = tie_events(Extraction(document=doc, mentions=mentions, events=(low, high, mirrored, other)),
                        {0: ["country/A"], 1: ["country/B"]}, Maker())
    assert [e.id for e in events] == ["0" * 16 + "-1", "0" * 16 + "-2"]
    assert [e.mention for e in events] == [high, mirrored]
    assert dedupe([]) == []
