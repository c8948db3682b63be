"""Groups a place modifies through another noun ("Hong Kong student groups"): on a hand-built
parse and with the real model."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from kg.stages.extract.mentions import find_mentions


def test_a_place_on_the_noun_before_a_group_noun_places_the_group(nlp):
    # Hong Kong student groups marched .  (the parse hangs "Hong Kong" on "student")
    doc = Doc(nlp.vocab, words=["Hong", "Kong", "student", "groups", "marched", "."],
              pos=["PROPN", "PROPN", "NOUN", "NOUN", "VERB", "PUNCT"],
              tags=["NNP", "NNP", "NN", "NNS", "VBD", "."],
              deps=["compound", "compound", "compound", "nsubj", "ROOT", "punct"],
              heads=[1, 2, 3, 4, 4, 4], lemmas=["Hong", "Kong", "student", "group", "march", "."],
              ents=["B-GPE", "I-GPE", "O", "O", "O", "O"])
    found = {m.text: (m.kind, m.country) for m in find_mentions(doc)}
    assert found["Hong Kong student groups"] == ("group", "HKG")


@pytest.mark.parametrize(("text", "group", "country"), [
    ("Hong Kong student groups had given the government until Thursday.", "Hong Kong student groups", "HKG"),
    ("New York police officers arrested him.", "New York police officers", "USA"),
])
def test_real_model_cases(nlp, text, group, country):
    found = {m.text: (m.kind, m.country) for m in find_mentions(nlp(text))}
    assert found[group] == ("group", country)


def test_a_noun_modifier_that_names_no_place_places_nothing(nlp):
    found = {m.text: m.country for m in find_mentions(nlp("Angry student groups marched on Sunday."))}
    assert not any(found.values())
