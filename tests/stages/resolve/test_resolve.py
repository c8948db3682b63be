"""Entity resolution within and across documents."""

from __future__ import annotations

from datetime import date

from kg.records import Document, Extraction, Mention
from kg.stages.extract import extract
from kg.stages.ingest import document_id
from kg.stages.resolve import CorpusIndex, resolve
from kg.stages.resolve.names import LABEL_TYPE


def _resolve(nlp, text, index=None, name="t.txt"):
    doc = Document(id=document_id(name, text), name=name, text=text, date=date(2025, 6, 18))
    return resolve(extract(doc, nlp(text)), index)


def _by_label(res):
    return {e.label: e for e in res.entities.values()}


def test_surface_forms_merge_into_the_fullest_name(nlp):
    res = _resolve(nlp, "Donald Trump met Vladimir Putin. Later Trump called Putin. Vladimir smiled.")
    people = {e.label: e for e in res.entities.values() if e.type == "Person"}
    assert set(people) == {"Donald Trump", "Vladimir Putin"}
    assert people["Donald Trump"].alt_labels == {"Trump"}
    assert people["Vladimir Putin"].alt_labels == {"Putin", "Vladimir"}


def test_ner_label_noise_is_outvoted_by_the_cluster():
    # spaCy tags "Trump" ORG once; the full PERSON name in the same document wins.
    text = "Donald Trump spoke. Trump left."
    doc = Document(id=document_id("n.txt", text), name="n.txt", text=text)
    mentions = (Mention(0, 0, 12, "Donald Trump", "PERSON"), Mention(1, 20, 25, "Trump", "ORG", sent=1))
    res = resolve(Extraction(document=doc, mentions=mentions, events=()))
    (person,) = res.entities.values()
    assert (person.type, person.label, person.alt_labels) == ("Person", "Donald Trump", {"Trump"})


def test_a_person_tag_naming_a_country_is_the_country():
    # spaCy tags "Benin" PERSON in "Benin opened its borders"; no person of the text is named so.
    text = "Benin opened its borders. Jordan Peterson spoke. Jordan left."
    doc = Document(id=document_id("b.txt", text), name="b.txt", text=text)
    mentions = (Mention(0, 0, 5, "Benin", "PERSON"), Mention(1, 26, 40, "Jordan Peterson", "PERSON", sent=1),
                Mention(2, 48, 54, "Jordan", "PERSON", sent=2))
    res = resolve(Extraction(document=doc, mentions=mentions, events=()))
    assert res.entities["country/Benin"].country_code == "BEN"
    text = "Sri Lanka has opened an embassy."  # spaCy's small model tags "Sri Lanka" PERSON here
    lanka = resolve(Extraction(document=Document(id=document_id("s.txt", text), name="s.txt", text=text),
                               mentions=(Mention(0, 0, 9, "Sri Lanka", "PERSON"),), events=()))
    assert lanka.entities["country/Sri_Lanka"].country_code == "LKA"
    # "Jordan" is part of a person named in the document, so it stays that person
    assert res.mention_entity[2] == res.mention_entity[1] == "person/Jordan_Peterson"
    assert "country/Jordan" not in res.entities


def test_known_actors_the_text_does_not_place(nlp):
    res = _resolve(nlp, "Opposition groups demanded that President Mugabe step down. Hamas rejected the plan.")
    people = _by_label(res)
    assert people["Mugabe"].country == "country/Zimbabwe"
    assert people["Hamas"].country == "country/Palestinian_Territory"


def test_a_country_known_only_as_an_actors_is_described_not_mentioned(nlp, tmp_path):
    res = _resolve(nlp, "Siemens announced new contracts.")
    assert _by_label(res)["Siemens"].country == "country/Germany"
    assert "country/Germany" in res.entities and "country/Germany" not in res.mentioned
    assert "organization/Siemens" in res.mentioned
    # in the graph: the country is described (its code), the document does not claim to mention it
    from kg.pipeline import run_build

    (tmp_path / "s.txt").write_text("Siemens announced new contracts.\n")
    store = run_build([tmp_path / "s.txt"]).store
    rows = {str(r[0]) for r in store.graph.query(
        "SELECT ?code WHERE { ?c <https://w3id.org/kg-news/ontology#countryCode> ?code }")}
    mentioned = {str(r[0]).rsplit("/", 1)[-1] for r in store.graph.query(
        "SELECT ?e WHERE { ?d <https://schema.org/mentions> ?e }")}
    assert "DEU" in rows and "Germany" not in mentioned and "Siemens" in mentioned


def test_the_text_and_an_organisation_spoken_for_win_over_the_table(nlp):
    # the text's own country wins
    res = _resolve(nlp, "French President Robert Mugabe spoke.")
    assert _by_label(res)["Robert Mugabe"].country == "country/France"
    # NATO's Secretary-General acts for NATO, not for the country the table gives him
    res = _resolve(nlp, "NATO Secretary-General Jens Stoltenberg urged restraint.")
    assert _by_label(res)["Jens Stoltenberg"].country is None
    res = _resolve(nlp, "Jens Stoltenberg urged restraint.")
    assert _by_label(res)["Jens Stoltenberg"].country == "country/Norway"
    # across documents, a country a later text gives replaces the one the table gave
    index = CorpusIndex()
    _resolve(nlp, "Robert Mugabe spoke.", index, "a.txt")
    assert index.entities["person/Robert_Mugabe"].country == "country/Zimbabwe"
    _resolve(nlp, "French President Robert Mugabe spoke.", index, "b.txt")
    assert index.entities["person/Robert_Mugabe"].country == "country/France"
    _resolve(nlp, "Robert Mugabe spoke again.", index, "c.txt")  # and the table does not take it back
    assert index.entities["person/Robert_Mugabe"].country == "country/France"


def test_title_and_country_from_the_text(nlp):
    res = _resolve(nlp, "US President Donald Trump met Israeli Prime Minister Benjamin Netanyahu.")
    people = _by_label(res)
    assert people["Donald Trump"].job_titles == {"President"}
    assert people["Donald Trump"].country == "country/United_States"
    assert people["Benjamin Netanyahu"].country == "country/Israel"
    assert res.entities["country/Israel"].country_code == "ISR"


def test_metonymy_capital_acting_stands_for_its_state(nlp):
    res = _resolve(nlp, "Tehran has provided Moscow with drones.")
    (event,) = res.events
    assert (event.agents, event.targets) == (("country/Iran",), ("country/Russia",))
    assert "city/Moscow" in res.entities  # the city keeps its own node


def test_across_documents_one_iri_and_aliases_accumulate(nlp):
    index = CorpusIndex()
    _resolve(nlp, "Donald Trump met Vladimir Putin in Helsinki.", index, "a.txt")
    res = _resolve(nlp, "Trump criticized Putin on Monday.", index, "b.txt")
    assert {e.key for e in res.entities.values() if e.type == "Person"} == {"person/Donald_Trump", "person/Vladimir_Putin"}
    assert index.entities["person/Donald_Trump"].alt_labels == {"Trump"}


def test_a_protest_at_no_one_named_is_aimed_at_a_state(nlp):
    # the protesters' own state when no place is named; the country of the place otherwise
    res = _resolve(nlp, "Algerian landowners began a hunger strike outside the parliament.")
    (event,) = res.events
    assert (event.mention.category, event.agents, event.targets) == (
        "PROTEST", ("collective/Algerian_landowners",), ("country/Algeria",))
    assert event.mention.implied_target
    assert res.entities["collective/Algerian_landowners"].country == "country/Algeria"
    res = _resolve(nlp, "Thousands of Iraqi Kurds demonstrated in the northern city of Kirkuk.")
    (event,) = res.events
    assert event.targets == ("country/Iraq",) and event.agents == ("collective/Iraqi_Kurds",)


def test_an_organisation_is_not_one_of_its_own_bodies(nlp):
    res = _resolve(nlp, "United Nations planes could not land, the United Nations Observer Mission in Angola said.")
    orgs = {e.label: e for e in res.entities.values() if e.type == "Organization"}
    assert "United Nations" in orgs and not orgs["United Nations"].alt_labels
    assert any(label.startswith("United Nations Observer Mission") for label in orgs)


def test_a_body_named_alone_is_the_body_of_the_state_whose_bodies_the_text_names(nlp):
    # no country is the story's (one each); "the Senate" and "the House" are those of the
    # United States, whose House the text names in full
    text = ("The United States House of Representatives impeached the president over a call with Ukraine. "
            "The Senate will hold the trial. The House voted on Wednesday.")
    orgs = {e.label for e in _resolve(nlp, text).entities.values() if e.type == "Organization"}
    assert {"United States House of Representatives", "United States Senate"} <= orgs
    assert not orgs & {"House", "Senate"}
    # "the House" of a British story is the House of Commons
    res = _resolve(nlp, "British Prime Minister Boris Johnson lost a vote in the House on Tuesday, and Britain's "
                        "opposition cheered.")
    assert "United Kingdom House of Commons" in {e.label for e in res.entities.values()}


def test_an_attack_by_no_one_named_is_by_unidentified_attackers_of_the_place(nlp):
    res = _resolve(nlp, "A roadside bombing near the town of Samarra killed one U.S. soldier.")
    (event,) = res.events
    assert event.mention.implied_agent
    assert event.agents == ("collective/unidentified_attackers_in_Iraq",)
    assert event.targets == ("country/United_States",)
    assert res.entities[event.agents[0]].country == "country/Iraq"
    # a named attacker is never replaced
    res = _resolve(nlp, "Hezbollah fighters killed two Israeli soldiers near the town of Samarra.")
    assert [(e.agents, e.mention.implied_agent) for e in res.events] == [(("organization/Hezbollah",), False)]


def test_a_region_belongs_to_its_country(nlp):
    res = _resolve(nlp, "Sudanese troops attacked villages in Darfur.")
    darfur = _by_label(res)["Darfur"]
    assert (darfur.type, darfur.country) == ("Place", "country/Sudan")


def test_an_organisation_of_a_place_is_that_places(nlp):
    res = _resolve(nlp, "Doctors delivered medicine to the University of Baghdad.")
    org = _by_label(res)["University of Baghdad"]
    assert (org.type, org.country) == ("Organization", "country/Iraq")


def test_states_named_together_are_places_of_their_country(nlp):
    res = _resolve(nlp, "Texas sued Georgia, Michigan, Pennsylvania and Wisconsin over the election.")
    places = {e.label: e for e in res.entities.values() if e.type == "Place"}
    assert {"Georgia", "Michigan", "Pennsylvania", "Wisconsin", "Texas"} <= set(places)
    assert all(places[n].country == "country/United_States" for n in places)
    assert "country/Georgia" not in res.entities
    res = _resolve(nlp, "Florida declared an emergency as the storm neared.")
    assert _by_label(res)["Florida"].country == "country/United_States"


def test_a_person_named_with_a_party_or_a_state_body_acts_for_the_story_s_state(nlp):
    from kg.stages.resolve.corpus import describe

    text = ("The Green Party nominated Jill Stein in Chicago, Illinois. The vote in the United States was "
            "close, and Americans in Texas and Ohio waited. Witness Travis Hood saw the crash. "
            "Travis Hood said the plane fell near Dallas, Texas.")
    res = _resolve(nlp, text)
    locs = {loc.label: loc for loc in res.locals}
    assert locs["Jill Stein"].office and not locs["Travis Hood"].office
    assert locs["Jill Stein"].home == "USA"
    assert describe("person/Jill_Stein", "Person", [locs["Jill Stein"]])[0].country == "country/United_States"
    assert describe("person/Travis_Hood", "Person", [locs["Travis Hood"]])[0].country is None



def test_a_storm_is_an_event():
    from kg.stages.resolve.entities import typed
    from kg.stages.resolve.names import Cluster

    def cluster(text, label):
        return Cluster(mentions=[Mention(0, 0, len(text), text, label)], type=LABEL_TYPE[label])

    assert typed(cluster("Tropical Storm Humberto", "ORG")) == ("Event", None)
    assert typed(cluster("Hurricane Dorian", "GPE"))[0] == "Event"
    assert typed(cluster("Storm Prediction Center", "ORG"))[0] == "Organization"
    assert typed(cluster("Hurricane", "ORG"))[0] == "Organization"  # the word alone names no storm


def test_a_province_read_as_an_organisation_is_a_place_of_its_country():
    from kg.stages.resolve.entities import typed
    from kg.stages.resolve.names import Cluster

    def org(text):
        return Cluster(mentions=[Mention(0, 0, len(text), text, "ORG")], type="Organization")

    assert typed(org("Surigao del Sur")) == ("Place", "PHL")
    assert typed(org("Western Cape")) == ("Place", "ZAF")
    assert typed(org("Delta"))[0] == "Organization"  # one word: the airline as much as Nigeria's state
    assert typed(org("Ontario Provincial Police"))[0] == "Organization"


def test_a_sea_lies_in_no_state_and_a_storm_s_names_are_one_event(nlp):
    from kg.records import LocalEntity
    from kg.stages.resolve.corpus import decide
    from kg.stages.resolve.entities import typed
    from kg.stages.resolve.names import Cluster

    sea = Cluster(mentions=[Mention(0, 0, 7, "Red Sea", "LOC")], type="Place")
    assert typed(sea) == ("Place", None)  # not the Sudanese state of that name
    res = _resolve(nlp, "A bomb exploded in the Red Sea port town of Mokha, Yemen, on Tuesday.")
    assert _by_label(res)["Red Sea"].country is None
    locs = [LocalEntity("a", 0, "Event", "Tropical Storm Humberto", ("Tropical Storm Humberto",)),
            LocalEntity("b", 0, "Event", "Hurricane Humberto", ("Hurricane Humberto", "Humberto")),
            LocalEntity("c", 0, "Event", "Hurricane Dorian", ("Hurricane Dorian",))]
    r = decide(locs)
    assert r.decisions[("a", 0)].key == r.decisions[("b", 0)].key != r.decisions[("c", 0)].key
    assert r.decisions[("a", 0)].rule == "storm-name"


def test_a_word_in_lower_case_names_no_country(nlp):
    res = _resolve(nlp, "The 6.4 quake in Puerto Rico caused an island-wide blackout on Tuesday.")
    assert not [e for e in res.entities.values() if e.type == "Country" and e.label == "Iceland"]


def test_a_seat_of_government_is_a_place_of_its_state_and_a_big_city_beats_a_small_subdivision(nlp):
    from kg.stages.resolve.entities import typed
    from kg.stages.resolve.names import Cluster
    from kg.world import geo

    house = Cluster(mentions=[Mention(0, 0, 11, "White House", "FAC")], type="Place")
    assert typed(house) == ("Place", "USA")  # not the town of that name in Morocco
    assert geo.place_in_context("Portland") == ("city", "USA")  # not Jamaica's parish
    assert geo.place_in_context("Florida") == ("region", "USA")  # not the Cuban town
    res = _resolve(nlp, "Protesters marched in Portland on Saturday, and the police used tear gas.")
    assert _by_label(res)["Portland"].country == "country/United_States"


def test_a_country_s_name_inside_a_longer_place_s_is_that_place_s(nlp):
    res = _resolve(nlp, "Former New Jersey Governor Chris Christie's aide Bridget Anne Kelly was convicted.")
    people = {e.label: e for e in res.entities.values() if e.type == "Person"}
    assert all(p.country != "country/Jersey" for p in people.values())
    assert people["Chris Christie"].country == "country/United_States"


def test_the_country_an_envoy_is_sent_to_is_not_theirs(nlp):
    res = _resolve(nlp, "US Ambassador to Germany Richard Grenell alleged that Mahan had contributed to suffering.")
    people = {e.label: e for e in res.entities.values() if e.type == "Person"}
    assert people["Richard Grenell"].country != "country/Germany"


def test_a_title_after_a_sentence_ending_in_to_keeps_its_country(nlp):
    text = ("He prescribed from 2015 to 2017. United States Attorney Thomas T. Cullen said it was serious. "
            "Tributes were paid to US actor Chadwick Boseman.")
    people = {e.label: e for e in _resolve(nlp, text).entities.values() if e.type == "Person"}
    assert people["Thomas T. Cullen"].country == "country/United_States"
    assert people["Chadwick Boseman"].country == "country/United_States"  # no title before "to"


def test_a_body_of_a_state_is_the_states_not_a_foreign_towns(nlp):
    # "Florida" is also a Cuban town in the city table: the university is American
    res = _resolve(nlp, "Blair Jones, a candidate at the University of Florida, said frogs differ.")
    assert _by_label(res)["University of Florida"].country == "country/United_States"
