"""kg.stages.extract.name_context: a body's home from "<place>-based"; "a Cheltenham man" is a place."""

from __future__ import annotations

from spacy.tokens import Doc

from kg.records import Mention
from kg.stages.extract.name_context import based_country, read_context, resident_place


def test_a_place_based_before_the_name_and_its_describing_nouns_is_its_country(nlp):
    doc = Doc(nlp.vocab, words=["UK", "-", "based", "retailer", "Tesco", "sold", "stores"],
              spaces=[False, False, True, True, True, True, False], ents=["B-GPE", "O", "O", "O", "B-ORG", "O", "O"])
    assert based_country(doc[4:5]) == "GBR"
    doc = Doc(nlp.vocab, words=["Brussels", "-", "based", "media", "network", "EURACTIV", "said"],
              spaces=[False, False, True, True, True, True, False])
    assert based_country(doc[5:6]) == "BEL"


def test_no_based_no_country_and_a_name_between_stops_the_reading(nlp):
    doc = Doc(nlp.vocab, words=["The", "retailer", "Tesco", "sold", "stores"])
    assert based_country(doc[2:3]) is None
    doc = Doc(nlp.vocab, words=["UK", "-", "based", "Acme", "and", "Tesco"], spaces=[False, False, True, True, True, False])
    assert based_country(doc[5:6]) is None


def test_a_place_that_modifies_a_resident_noun_is_the_place(nlp):
    doc = Doc(nlp.vocab, words=["a", "Cheltenham", "man", "was", "held"], heads=[2, 2, 4, 4, 4],
              deps=["det", "compound", "nsubjpass", "auxpass", "ROOT"], ents=["O", "B-ORG", "O", "O", "O"])
    assert resident_place(doc[1:2])
    m = Mention(id=0, start=doc[1].idx, end=doc[1].idx + len(doc[1]), text="Cheltenham", label="ORG")
    assert read_context(doc, [m])[0].label == "GPE"
    # an organisation before a trade stays an organisation ("a Google engineer")
    doc = Doc(nlp.vocab, words=["a", "Google", "engineer", "was", "held"], heads=[2, 2, 4, 4, 4],
              deps=["det", "compound", "nsubjpass", "auxpass", "ROOT"], ents=["O", "B-ORG", "O", "O", "O"])
    assert not resident_place(doc[1:2])


def test_real_model_reads_both(nlp):
    doc = nlp("On Thursday, UK-based retailer Tesco sold its Polish stores. Police arrested a Cheltenham man.")
    tesco = next(e for e in doc.ents if e.text == "Tesco")
    assert based_country(tesco) == "GBR"
    chelt = next(e for e in doc.ents if e.text == "Cheltenham")
    assert resident_place(chelt)
