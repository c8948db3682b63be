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
