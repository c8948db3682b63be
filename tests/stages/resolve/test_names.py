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
