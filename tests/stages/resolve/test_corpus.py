"""kg.stages.resolve.corpus: which documents' entities are one actor, decided over the corpus."""

from __future__ import annotations

import itertools
import random

import pytest

from kg.records import LocalEntity
from kg.stages.resolve.corpus import components, decide, name_keys


def L(doc, type_, label, *names, n=0, **kw):  # noqa: N802 - a record maker, read like the record
    return LocalEntity(doc, n, type_, label, tuple(sorted({label, *names})), **kw)


def keys(res, locs):
    return [res.decisions[(loc.doc, loc.n)].key for loc in locs]


def test_people_who_share_a_surname_stay_apart():
    locs = [L("a", "Person", "Boris Johnson", "Johnson", titles=("Prime Minister",), country="GBR"),
            L("b", "Person", "Andrew Johnson", titles=("President",), country="USA"),
            L("c", "Person", "Bill Clinton", "Clinton"), L("d", "Person", "Hillary Clinton", "Clinton")]
    res = decide(locs)
    assert keys(res, locs) == ["person/Boris_Johnson", "person/Andrew_Johnson", "person/Bill_Clinton",
                               "person/Hillary_Clinton"]
    assert "Boris Johnson" not in {n for m in res.members["person/Andrew_Johnson"] for n in m.names}


def test_a_surname_alone_joins_the_one_person_it_can_be():
    locs = [L("a", "Person", "Joe Biden", "Biden"), L("b", "Person", "Bidens"),
            L("c", "Organization", "Sanders"), L("d", "Person", "Bernie Sanders"),
            L("e", "Event", "Pelosi", person_cue=False), L("f", "Person", "Nancy Pelosi")]
    res = decide(locs)
    assert keys(res, locs) == ["person/Joe_Biden", "person/Joe_Biden", "person/Bernie_Sanders",
                               "person/Bernie_Sanders", "person/Nancy_Pelosi", "person/Nancy_Pelosi"]
    assert res.decisions[("b", 0)].rule == "surname-in-corpus"


def test_titles_and_countries_that_differ_keep_a_surname_from_a_person():
    locs = [L("a", "Person", "Boris Johnson", titles=("Prime Minister",)),
            L("b", "Person", "Johnson", titles=("President",)),
            L("c", "Person", "Johnson", country="USA"), L("d", "Person", "Boris Johnson", country="GBR")]
    res = decide(locs)
    assert res.decisions[("b", 0)].key == res.decisions[("c", 0)].key == "person/Johnson"
    assert res.decisions[("b", 0)].rule == "surname-alone"


def test_of_several_persons_the_document_s_country_decides():
    locs = [L("a", "Person", "Boris Johnson", country="GBR"), L("b", "Person", "Andrew Johnson", country="USA"),
            L("c", "Person", "Johnson", context=("USA",)), L("d", "Person", "Johnson", context=("FRA",))]
    res = decide(locs)
    assert res.decisions[("c", 0)] .key == "person/Andrew_Johnson"
    assert res.decisions[("c", 0)].rule == "surname-by-context"
    assert res.decisions[("d", 0)].key == "person/Johnson"  # neither fits: a node of its own


def test_acronyms_join_the_organisation_spelled_out():
    locs = [L("a", "Organization", "World Health Organization", "WHO"), L("b", "Organization", "WHO"),
            L("c", "Organization", "CDC"), L("d", "Organization", "Centers for Disease Control and Prevention")]
    res = decide(locs)
    assert keys(res, locs)[:2] == ["organization/World_Health_Organization"] * 2
    assert res.decisions[("b", 0)].rule == "acronym-bound"
    assert res.decisions[("c", 0)].key == "organization/Centers_for_Disease_Control_and_Prevention"
    assert res.decisions[("c", 0)].rule == "acronym-unique"


def test_places_of_one_name_in_two_countries_stay_two():
    locs = [L("a", "Place", "Florida", country="USA"), L("b", "Place", "Florida", country="USA"),
            L("c", "City", "Florida", country="CUB")]
    res = decide(locs)
    assert res.decisions[("a", 0)].key == res.decisions[("b", 0)].key
    assert res.decisions[("c", 0)].key != res.decisions[("a", 0)].key


def test_a_name_s_type_is_the_corpus_vote():
    locs = [L(d, "Person", "Tanya Davies", votes=(("Person", 1),)) for d in "abc"]
    locs.append(L("z", "Organization", "Tanya Davies", votes=(("Organization", 1),)))
    res = decide(locs)
    assert set(keys(res, locs)) == {"person/Tanya_Davies"}


def test_a_town_the_gazetteers_know_is_one_place_whatever_ner_read():
    """Caloundra (Queensland) read as a body, a person and a place in three articles: one city."""
    locs = [L("a", "Organization", "Caloundra", votes=(("Organization", 1), ("Person", 1), ("Place", 1)),
              person_cue=True),
            L("b", "Organization", "Caloundra", votes=(("Organization", 1), ("Place", 1))),
            L("c", "Person", "Caloundra", votes=(("Person", 1),), person_cue=True)]
    assert set(keys(decide(locs), locs)) == {"city/Caloundra"}


def test_a_surname_misread_as_a_place_joins_the_one_person_it_can_be():
    locs = [L("a", "Person", "Qasem Soleimani", country="IRN"), L("b", "Place", "Soleimani", votes=(("Place", 1),))]
    assert keys(decide(locs), locs) == ["person/Qasem_Soleimani"] * 2


def test_a_known_place_is_no_surname():
    locs = [L("a", "Person", "George Washington"), L("b", "City", "Washington", votes=(("City", 1),))]
    assert keys(decide(locs), locs) == ["person/George_Washington", "city/Washington"]


@pytest.mark.parametrize("seed", range(5))
def test_the_decision_does_not_depend_on_the_order(seed):
    locs = [L("a", "Person", "Boris Johnson", "Johnson"), L("b", "Person", "Andrew Johnson", country="USA"),
            L("c", "Person", "Johnson", context=("USA",)), L("d", "Organization", "WHO"),
            L("e", "Organization", "World Health Organization", "WHO"), L("f", "Person", "Bidens"),
            L("g", "Person", "Joe Biden")]
    shuffled = locs[:]
    random.Random(seed).shuffle(shuffled)
    assert decide(shuffled).decisions == decide(locs).decisions
    # and deciding each connected group apart gives the same as deciding all at once
    apart = {}
    for comp in components(shuffled):
        apart.update(decide(comp).decisions)
    assert apart == decide(locs).decisions


def test_name_keys_meet_only_what_can_be_the_same():
    a = L("a", "Person", "Boris Johnson")
    b = L("b", "Person", "Johnson")
    c = L("c", "Organization", "Johnson & Johnson")
    assert name_keys(a) & name_keys(b) and not name_keys(a) & name_keys(c)
    groups = components([a, b, c])
    assert sorted(len(g) for g in groups) == [1, 2]


def test_every_pair_of_documents_in_any_order_gives_one_node_per_person():
    docs = [L("a", "Person", "Joe Biden", "Biden"), L("b", "Person", "Biden"), L("c", "Person", "Joseph Biden")]
    for perm in itertools.permutations(docs):
        res = decide(list(perm))
        assert res.decisions[("b", 0)].key in {"person/Joe_Biden", "person/Joseph_Biden"}


def test_a_title_is_no_first_name():
    """"Queen Elizabeth II" in one article and "Elizabeth II" in another are one person; "President
    Trump" joins Donald Trump and does not name him."""
    locs = [L("a", "Person", "Queen Elizabeth II"), L("b", "Person", "Elizabeth II"),
            L("c", "Person", "President Trump"), L("d", "Person", "Donald Trump")]
    found = keys(decide(locs), locs)
    assert found[0] == found[1] and found[2] == found[3] == "person/Donald_Trump"


def _decided(locs):
    """Decisions as the index makes them: per connected component of name keys."""
    out = {}
    for comp in components(locs):
        res = decide(comp)
        out.update({ident: (d.key, d.rule) for ident, d in res.decisions.items()})
    return [out[(loc.doc, loc.n)] for loc in locs]


def test_a_short_form_one_document_gives_binds_in_every_document():
    locs = [L("a", "Organization", "Islamic Revolutionary Guard Corps", "Revolutionary Guards", "IRGC"),
            L("b", "Organization", "Revolutionary Guards"), L("c", "Organization", "IRGC")]
    assert _decided(locs) == [("organization/Islamic_Revolutionary_Guard_Corps", "same-name"),
                              ("organization/Islamic_Revolutionary_Guard_Corps", "alias-bound"),
                              ("organization/Islamic_Revolutionary_Guard_Corps", "acronym-bound")]


def test_a_leading_part_of_a_name_or_a_name_used_more_widely_is_no_short_form():
    # "Red Hat" is the company, "Red Hat Enterprise Linux" its product
    locs = [L("a", "Organization", "Red Hat Enterprise Linux", "Red Hat"), L("b", "Organization", "Red Hat")]
    assert [k for k, _ in _decided(locs)] == ["organization/Red_Hat_Enterprise_Linux", "organization/Red_Hat"]
    # a short form two entities share binds to neither
    locs = [L("a", "Organization", "Puerto Rico Senate Foreign Affairs", "Foreign Affairs"),
            L("b", "Organization", "Council on Foreign Affairs", "Foreign Affairs"),
            L("c", "Organization", "Foreign Affairs")]
    assert _decided(locs)[2] == ("organization/Foreign_Affairs", "same-name")


def test_a_party_adjective_is_the_party():
    locs = [L("a", "Organization", "Conservative Party"), L("b", "Group", "Conservatives"),
            L("c", "Group", "Conservative")]
    assert [k for k, _ in _decided(locs)] == ["organization/Conservative_Party"] * 3
    assert [r for _, r in _decided(locs)] == ["same-name", "alias-bound", "alias-bound"]


def test_a_name_with_its_country_before_it_is_the_bare_name():
    locs = [L("a", "Organization", "Afghan Taliban", context=("AFG",)),
            L("b", "Organization", "Taliban", context=("AFG", "USA"))]
    assert _decided(locs) == [("organization/Afghan_Taliban", "same-name"),
                              ("organization/Afghan_Taliban", "country-qualified")]
    # not where a document of the bare name is about another country, nor for a state's body
    locs = [L("a", "Organization", "Afghan Taliban", context=("AFG",)),
            L("b", "Organization", "Taliban", context=("PAK",)),
            L("c", "Organization", "Japan Navy", context=("JPN",)), L("d", "Organization", "Navy", context=("JPN",))]
    assert [k for k, _ in _decided(locs)] == ["organization/Afghan_Taliban", "organization/Taliban",
                                             "organization/Japan_Navy", "organization/Navy"]


def test_a_full_name_written_another_way_is_the_person():
    locs = [L("a", "Person", "Pedro R. Pierluisi Urrutia"), L("b", "Person", "Pedro Pierluisi", "Pierluisi"),
            L("c", "Person", "Hamza bin Laden"), L("d", "Person", "Hamza bin Ladin"),
            L("e", "Person", "Hamza bin Ladin", n=1)]
    assert _decided(locs) == [("person/Pedro_R._Pierluisi_Urrutia", "full-name"),
                              ("person/Pedro_R._Pierluisi_Urrutia", "name-variant"),
                              ("person/Hamza_bin_Ladin", "name-variant"), ("person/Hamza_bin_Ladin", "full-name"),
                              ("person/Hamza_bin_Ladin", "full-name")]
    # different titles keep them apart; a different first name is another person
    locs = [L("a", "Person", "George Washington Carver", titles=("Scientist",)),
            L("b", "Person", "George Washington", titles=("President",)), L("c", "Person", "Martha Washington")]
    assert len({k for k, _ in _decided(locs)}) == 3


def test_a_place_no_text_places_is_in_the_country_its_story_is_about_unless_it_is_a_sea():
    from kg.stages.resolve.corpus import describe
    street = [L("a", "Place", "Strickland Street", home="NZL"), L("b", "Place", "Strickland Street", home="NZL")]
    assert describe("place/Strickland_Street", "Place", street)[0].country == "country/New_Zealand"
    assert describe("place/Strickland_Street", "Place", street)[1] == "document context"
    sea = [L("a", "Place", "Red Sea", home="EGY")]
    assert describe("place/Red_Sea", "Place", sea)[0].country is None
    # one word no gazetteer knows may be a state misspelt or abbreviated ("PRC" in an American story)
    assert describe("place/PRC", "Place", [L("a", "Place", "PRC", home="USA")])[0].country is None


def test_a_person_takes_the_story_s_country_only_with_a_title():
    from kg.stages.resolve.corpus import describe
    # a witness or a researcher the text does not place belongs to no country it says
    witness = [L("a", "Person", "Travis Hood", home="USA"), L("b", "Person", "Travis Hood", home="USA")]
    ent, source = describe("person/Travis_Hood", "Person", witness)
    assert (ent.country, source) == (None, None)
    # an office acts for the story's state
    governor = [L("a", "Person", "Deval Patrick", titles=("governor",), home="USA")]
    ent, source = describe("person/Deval_Patrick", "Person", governor)
    assert (ent.country, source) == ("country/United_States", "document context")
    # an organisation is still placed by its story ("Hartford Hospital")
    hospital = [L("a", "Organization", "Hartford Hospital", home="USA")]
    assert describe("organization/Hartford_Hospital", "Organization", hospital)[0].country == "country/United_States"


def test_a_town_one_document_read_as_its_club_is_the_town_not_a_second_node():
    # "Caloundra" read as a city in one story and as an organisation (its rugby club) in another
    # that names Australia: the corpus types it a city, and both are the one Australian town
    town = L("a", "City", "Caloundra", country="AUS", votes=(("Place", 2),))
    club = L("b", "Organization", "Caloundra", context=("AUS",), votes=(("Organization", 1), ("Place", 1)))
    other = L("c", "City", "Caloundra", country="AUS", votes=(("Place", 1),))
    res = decide([town, club, other])
    assert len(set(keys(res, [town, club, other]))) == 1
