"""Mentions (names, titles, demonyms, nominals) and rule-based coreference."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from kg.stages.extract.coref import resolve_coreference
from kg.stages.extract.mentions import find_mentions, token_mentions


def _mentions(nlp, text):
    return find_mentions(nlp(text))


def test_junk_possessive_span_is_dropped(nlp):
    doc = Doc(nlp.vocab, words=["Let", "’s", "go"], ents=["O", "B-GPE", "O"])
    assert find_mentions(doc) == []


@pytest.mark.parametrize("text,name,title,country", [
    ("US President Donald Trump spoke.", "Donald Trump", "President", "USA"),
    ("Israeli Prime Minister Benjamin Netanyahu spoke.", "Benjamin Netanyahu", "Prime Minister", "ISR"),
    ("U.S. Secretary of State Warren Christopher spoke.", "Warren Christopher", "Secretary of State", "USA"),
    ("Iranian President Masoud Pezeshkian spoke.", "Masoud Pezeshkian", "President", "IRN"),
    ("British MP Jess Phillips spoke.", "Jess Phillips", "MP", "GBR"),
])
def test_title_and_country_before_a_name(nlp, text, name, title, country):
    found = {m.text: m for m in _mentions(nlp, text)}
    assert found[name].title == title and found[name].country == country


def test_demonym_points_to_its_country(nlp):
    found = {m.text: m for m in _mentions(nlp, "Iranian drones hit Ukrainian cities.")}
    assert (found["Iranian"].kind, found["Iranian"].country) == ("demonym", "IRN")


def test_role_nominal_is_a_person_mention(nlp):
    found = {m.text: m for m in _mentions(nlp, "The talks angered the Russian leader.")}
    m = found["Russian leader"]
    assert (m.kind, m.label, m.title, m.country) == ("nominal", "PERSON", "leader", "RUS")


def _links(nlp, text):
    doc = nlp(text)
    ms = find_mentions(doc)
    return {(ms[a].text, ms[b].text) for a, b in resolve_coreference(doc, ms, token_mentions(doc, ms))}


def test_reported_pronoun_is_the_reporter(nlp):
    assert ("he", "Donald Trump") in _links(nlp, "Donald Trump said on Wednesday that he rejected an offer by Vladimir Putin.")


def test_first_person_in_quote_is_the_speaker(nlp):
    links = _links(nlp, "“I spoke to him yesterday”, Donald Trump told reporters about Vladimir Putin.")
    assert ("I", "Donald Trump") in links


def test_the_two_is_the_pair_just_named(nlp):
    links = _links(nlp, "Donald Trump called Vladimir Putin on Saturday, when the two discussed Iran.")
    assert {("two", "Donald Trump"), ("two", "Vladimir Putin")} <= links


def test_neuter_pronoun_after_speech_verb_is_the_reporting_actor(nlp):
    assert ("it", "Switzerland") in _links(nlp, "Switzerland said it had expelled two Russian diplomats.")


def test_a_group_located_by_a_place_belongs_to_its_country(nlp):
    found = {m.text: m for m in _mentions(nlp, "Opposition groups in Zimbabwe demanded reforms.")}
    assert (found["Opposition groups"].kind, found["Opposition groups"].country) == ("group", "ZWE")
    assert "Zimbabwe" in found  # the place keeps its own mention
    found = {m.text: m for m in _mentions(nlp, "Thousands of Iraqi Kurds demonstrated in Kirkuk.")}
    assert (found["Iraqi Kurds"].kind, found["Iraqi Kurds"].country) == ("group", "IRQ")


def test_a_title_inside_the_name_span_and_a_participle_before_it(nlp):
    # spaCy tags "King Abdullah II" as one PERSON; "Jordan's visiting" still gives the country
    (king,) = [m for m in find_mentions(nlp("Katsav refused to meet Jordan's visiting King Abdullah II."))
               if m.text == "King Abdullah II"]
    assert (king.title, king.country) == ("King", "JOR")


def test_its_on_an_object_is_the_subject_that_is_no_person(nlp):
    doc = nlp("The International Labor Office reiterated its demand that Israel ease restrictions.")
    mentions = find_mentions(doc)
    links = resolve_coreference(doc, mentions, token_mentions(doc, mentions))
    assert [(mentions[a].text, mentions[b].text) for a, b in links] == [("its", "International Labor Office")]
    doc = nlp("Vladimir Putin closed its borders.")  # a person is no "its"
    mentions = find_mentions(doc)
    assert resolve_coreference(doc, mentions, token_mentions(doc, mentions)) == []


@pytest.mark.parametrize(("text", "name", "country"), [
    ("The Bank of Japan raised rates.", "Bank of Japan", "JPN"),
    ("The Hong Kong Police fired tear gas.", "Hong Kong Police", "HKG"),
    ("The Metropolitan Police arrested him.", "Metropolitan Police", None),  # Police is also a Polish town
])
def test_an_organisation_named_after_a_place_but_not_by_its_head(nlp, text, name, country):
    found = {m.text: m.country for m in find_mentions(nlp(text))}
    assert found[name] == country


def test_a_place_glued_before_a_person_is_the_persons_country(nlp):
    from spacy.tokens import Doc

    from kg.stages.extract.mentions import find_mentions
    words = ["Carrie", "Lam", "spoke", ".", "Hong", "Kong", "Carrie", "Lam", "said", "so", "."]
    doc = Doc(nlp.vocab, words=words, sent_starts=[True] + [False] * 3 + [True] + [False] * 6,
              ents=["B-PERSON", "I-PERSON", "O", "O", "B-GPE", "I-GPE", "I-GPE", "I-GPE", "O", "O", "O"])
    names = [(m.text, m.label, m.country) for m in find_mentions(doc) if m.kind == "name"]
    assert names == [("Carrie Lam", "PERSON", None), ("Carrie Lam", "PERSON", "HKG")]


def test_a_name_cut_inside_a_defined_long_form_is_read_to_its_end(nlp):
    from spacy.tokens import Doc

    from kg.stages.extract.mentions import find_mentions
    words = ["Hundreds", "of", "ISIS", "(", "Islamic", "State", "of", "Iraq", "and", "Syria", ")", "fighters", "fled"]
    ents = ["O", "O", "B-ORG", "O", "B-ORG", "I-ORG", "I-ORG", "I-ORG", "O", "B-GPE", "O", "O", "O"]
    doc = Doc(nlp.vocab, words=words, spaces=[True, True, True, False, True, True, True, True, True, False, True, True,
                                               False], ents=ents)
    names = [m.text for m in find_mentions(doc) if m.kind == "name"]
    assert names == ["ISIS", "Islamic State of Iraq and Syria"]


def test_a_one_word_name_used_as_a_common_noun_is_one_throughout_the_document(nlp):
    from spacy.tokens import Doc

    from kg.stages.extract.mentions import find_mentions
    words = ["It", "has", "an", "API", ".", "The", "API", "changed", "."]
    doc = Doc(nlp.vocab, words=words, ents=["O", "O", "O", "B-ORG", "O", "O", "B-ORG", "O", "O"],
              deps=["nsubj", "ROOT", "det", "dobj", "punct", "det", "nsubj", "ROOT", "punct"],
              heads=[1, 1, 3, 1, 1, 6, 7, 7, 7], sent_starts=[1, 0, 0, 0, 0, 1, 0, 0, 0])
    dropped = []
    assert [m.text for m in find_mentions(doc, dropped=dropped) if m.kind == "name"] == []
    assert [(d.text, d.reason) for d in dropped] == [("API", "common noun"),
                                                     ("API", "common noun elsewhere in the document")]


def test_a_place_read_with_its_country_is_the_place_in_that_country(nlp):
    from spacy.tokens import Doc

    from kg.stages.extract.mentions import find_mentions
    doc = Doc(nlp.vocab, words=["He", "lives", "in", "Melbourne", "Australia", "."],
              ents=["O", "O", "O", "B-GPE", "I-GPE", "O"])
    assert [(m.text, m.country) for m in find_mentions(doc) if m.kind == "name"] == [("Melbourne", "AUS")]
    # so when NER reads it as an organisation ("make Melbourne Australia's capital")
    doc = Doc(nlp.vocab, words=["make", "Melbourne", "Australia", "'s", "capital"], ents=["O", "B-ORG", "I-ORG", "O", "O"])
    assert [(m.text, m.label, m.country) for m in find_mentions(doc) if m.kind == "name"] == [("Melbourne", "GPE", "AUS")]
    # an organisation whose first words name no place of that country stays one
    doc = Doc(nlp.vocab, words=["Amnesty", "International", "Australia", "said"], ents=["B-ORG", "I-ORG", "I-ORG", "O"])
    assert [m.label for m in find_mentions(doc) if m.kind == "name"] == ["ORG"]
    # a country's own name is left whole ("Papua New Guinea")
    doc = Doc(nlp.vocab, words=["in", "Papua", "New", "Guinea"], ents=["O", "B-GPE", "I-GPE", "I-GPE"])
    assert [m.text for m in find_mentions(doc) if m.kind == "name"] == ["Papua New Guinea"]


def test_a_common_noun_glued_before_a_person_is_cut(nlp):
    from spacy.tokens import Doc

    from kg.stages.extract.mentions import find_mentions
    words = ["Historian", "Darcy", "Richardson", "wrote", ".", "Darcy", "Richardson", "said", "so", "."]
    ents = ["B-ORG", "I-ORG", "I-ORG", "O", "O", "B-PERSON", "I-PERSON", "O", "O", "O"]
    doc = Doc(nlp.vocab, words=words, ents=ents, sent_starts=[1, 0, 0, 0, 0, 1, 0, 0, 0, 0])
    assert [(m.text, m.label) for m in find_mentions(doc) if m.kind == "name"] == [
        ("Darcy Richardson", "PERSON"), ("Darcy Richardson", "PERSON")]
    # a first name that is also a word stays: the rest is no name the document uses alone
    doc = Doc(nlp.vocab, words=["Will", "Smith", "Jones", "acted", "."], ents=["B-PERSON", "I-PERSON", "I-PERSON", "O", "O"])
    assert [m.text for m in find_mentions(doc) if m.kind == "name"] == ["Will Smith Jones"]


def test_a_state_body_ner_cut_after_the_country_is_the_body(nlp):
    # the model tags "the United States" alone and leaves "House of Representatives" untagged
    found = {m.text: m for m in _mentions(nlp, "On Wednesday, the United States House of Representatives impeached "
                                               "President Donald Trump.")}
    body = found["United States House of Representatives"]
    assert body.label == "ORG" and body.country == "USA" and "United States" not in found
    kept = {m.text for m in _mentions(nlp, "The United States house of cards fell.")}
    assert "United States house of cards" not in kept  # not a body's name: the country alone


def test_a_name_before_a_station_s_word_is_a_place(nlp):
    from spacy.tokens import Doc

    from kg.stages.extract.mentions import find_mentions

    doc = Doc(nlp.vocab, words=["at", "Waterloo", "station", "and", "Mike", "Hall"],
              ents=["O", "B-PERSON", "O", "O", "B-PERSON", "I-PERSON"])
    doc = nlp(doc)  # the model's other components on the hand-built entities
    labels = {m.text: m.label for m in find_mentions(doc)}
    assert labels.get("Waterloo station") == "FAC" and labels.get("Mike Hall") == "PERSON"
    assert "Waterloo" not in labels
    # the real model
    doc = nlp("Police closed Waterloo station in London and the Jubilee line of the Underground.")
    labels = {m.text: m.label for m in find_mentions(doc)}
    assert "Waterloo" not in labels and "Jubilee" not in labels


def test_a_common_word_in_an_organisation_s_name_is_no_small_town(nlp):
    from spacy.tokens import Doc

    from kg.stages.extract.mentions import find_mentions
    # "Federal" is a town of Argentina: the agency is no body of it; "Jakarta" (a WordNet word) is the capital
    doc = Doc(nlp.vocab, words=["the", "Federal", "Emergency", "Management", "Agency", "and", "the", "Jakarta", "Post"],
              ents=["O", "B-ORG", "I-ORG", "I-ORG", "I-ORG", "O", "O", "B-ORG", "I-ORG"])
    doc = nlp(doc)
    countries = {m.text: m.country for m in find_mentions(doc) if m.kind == "name"}
    assert countries == {"Federal Emergency Management Agency": None, "Jakarta Post": "IDN"}
    # a town of a country the document's places lie in is meant: "University of Cambridge" in a London story
    doc = Doc(nlp.vocab, words=["in", "London", "the", "University", "of", "Cambridge", "said"],
              ents=["O", "B-GPE", "O", "B-ORG", "I-ORG", "I-ORG", "O"])
    doc = nlp(doc)
    assert {m.text: m.country for m in find_mentions(doc) if m.kind == "name"}.get("University of Cambridge") == "GBR"
