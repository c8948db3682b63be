"""Names of one document grouped into clusters."""

from __future__ import annotations

from kg.records import Mention
from kg.stages.resolve.names import cluster_names, short_forms, strip_honorific


def _names(text, *spans):
    return [Mention(i, text.index(s), text.index(s) + len(s), s, label) for i, (s, label) in enumerate(spans)]


def test_short_forms_stand_for_their_full_name():
    text = "The Syrian Democratic Forces (SDF) and the Islamic Revolutionary Guard Corps met the IRGC and Mahan Air."
    names = _names(text, ("Syrian Democratic Forces", "ORG"), ("SDF", "ORG"),
                   ("Islamic Revolutionary Guard Corps", "ORG"), ("IRGC", "ORG"), ("Mahan Air", "ORG"))
    names.append(Mention(5, 0, 5, "Mahan", "ORG"))
    forms = short_forms(names, text)
    assert forms["sdf"] == "syrian democratic forces"
    assert forms["irgc"] == "islamic revolutionary guard corps"
    assert forms["mahan"] == "mahan air"


def test_honorifics_are_no_part_of_a_name():
    assert strip_honorific("Mrs. May") == "May" and strip_honorific("Dr Dre") == "Dre"
    assert strip_honorific("Sir") == "Sir"


def test_a_full_name_merges_with_its_shorter_forms_and_types_are_voted():
    text = "Donald Trump met Mr. Trump. Mahan Air flew."
    names = _names(text, ("Donald Trump", "PERSON"), ("Mr. Trump", "ORG"), ("Mahan Air", "PERSON"))
    clusters = cluster_names(names, text)
    assert clusters[0] is clusters[1] and clusters[0].type == "Person"
    assert clusters[2].type == "Organization"  # an organisation word outvotes the label


def test_a_misspelt_surname_is_the_person_of_the_document():
    from kg.records import Mention
    from kg.stages.resolve.names import cluster_names

    def m(i, text, label):
        return Mention(id=i, start=i * 20, end=i * 20 + len(text), text=text, label=label, kind="name", sent=i)

    mentions = [m(0, "Jacques Chirac", "PERSON"), m(1, "Chriac", "ORG"), m(2, "Chirac", "PERSON"), m(3, "Paris", "GPE")]
    clusters = cluster_names(mentions)
    assert clusters[1] is clusters[0] is clusters[2] and clusters[3] is not clusters[0]


def test_a_name_ending_in_a_building_s_word_is_a_place_unless_it_is_a_person_s():
    text = "Gaisano Mall was hit. Mysore Junction closed. Jerry Hall spoke. Hall Street Bank said."
    names = _names(text, ("Gaisano Mall", "PERSON"), ("Mysore Junction", "ORG"), ("Jerry Hall", "PERSON"),
                   ("Hall Street Bank", "ORG"))
    clusters = cluster_names(names, text)
    assert [clusters[i].type for i in range(4)] == ["Place", "Place", "Person", "Organization"]


def test_a_given_name_and_an_unknown_surname_are_a_person_s_whatever_ner_read():
    text = "Valery Tsapkala fled. Red Hat grew. Morgan Stanley lent. Charlotte Hornets won."
    names = _names(text, ("Valery Tsapkala", "ORG"), ("Red Hat", "ORG"), ("Morgan Stanley", "ORG"),
                   ("Charlotte Hornets", "ORG"))
    clusters = cluster_names(names, text)
    assert [clusters[i].type for i in range(4)] == ["Person", "Organization", "Organization", "Organization"]


def test_one_word_is_the_one_longer_organisation_or_storm_it_ends():
    text = ("The Daily Telegraph said so, and The Telegraph added more. Hurricane Humberto grew; Humberto "
            "turned north. The Jakarta Post reported from Jakarta. The Texas Senate met; the Senate voted.")
    names = _names(text, ("Daily Telegraph", "ORG"), ("Telegraph", "ORG"), ("Hurricane Humberto", "ORG"),
                   ("Humberto", "PERSON"), ("Jakarta Post", "ORG"), ("Jakarta", "GPE"), ("Texas Senate", "ORG"),
                   ("Senate", "ORG"))
    clusters = cluster_names(names, text)
    assert clusters[0] is clusters[1]
    assert clusters[2] is clusters[3] and clusters[2].type == "Event"  # the storm, though NER read a person
    assert clusters[4] is not clusters[5]  # a place's name is no newspaper's short form
    assert clusters[6] is not clusters[7]  # a state's body alone is the story's state's, no short form


def test_a_short_form_of_a_newspaper_and_a_storm_in_a_real_parse(nlp):
    from datetime import date

    from kg.records import Document
    from kg.stages.extract import extract
    from kg.stages.ingest import document_id
    from kg.stages.resolve import resolve

    text = ("The Daily Telegraph cited a security source on Sunday. Witnesses, according to The Telegraph, "
            "said a man approached the group.")
    doc = Document(id=document_id("t.txt", text), name="t.txt", text=text, date=date(2020, 6, 21))
    res = resolve(extract(doc, nlp(text)))
    papers = [e for e in res.entities.values() if "Telegraph" in e.label]
    assert len(papers) == 1 and papers[0].alt_labels >= {"Telegraph"}


def test_a_name_a_trade_introduces_is_a_person_s():
    text = "He named fellow rapper Jay-Z as his running mate, and Jay-Z said no. The Red Cross helped."
    names = _names(text, ("Jay-Z", "ORG"), ("Red Cross", "ORG"))
    names.append(Mention(2, text.rindex("Jay-Z"), text.rindex("Jay-Z") + 5, "Jay-Z", "ORG"))
    clusters = cluster_names(names, text)
    assert clusters[0] is clusters[2] and clusters[0].type == "Person"
    assert clusters[1].type == "Organization"


def test_a_place_is_no_short_form_of_a_body_named_after_it():
    text = "The Jakarta Post reported from Jakarta. First Minister of Scotland Nicola Sturgeon spoke for Scotland."
    names = _names(text, ("Jakarta Post", "ORG"), ("Jakarta", "GPE"), ("Scotland Nicola Sturgeon", "ORG"))
    names.append(Mention(3, text.rindex("Scotland"), text.rindex("Scotland") + 8, "Scotland", "GPE"))
    clusters = cluster_names(names, text)
    assert clusters[0] is not clusters[1]  # a newspaper named after its city
    assert clusters[2] is clusters[3]  # NER's run-on of a place and a name stays with the place


def test_a_place_is_no_short_form_of_its_state_s_body():
    text = "Michigan voted. The Michigan House of Representatives met in Lansing."
    names = _names(text, ("Michigan", "GPE"), ("Michigan House of Representatives", "ORG"))
    clusters = cluster_names(names, text)
    assert clusters[0] is not clusters[1]
