"""The event lexicon: loading, user entries, structural conditions."""

from __future__ import annotations

import pytest

from kg.stages.events import Lexicon


def test_user_lexicon_extends_triggers(make_doc, read_events):
    lexicon = Lexicon.from_dict({"trigger": [{"category": "PROTEST", "verbs": ["heckle"]}]})
    doc = make_doc(["Greenpeace", "heckled", "Shell", "."], ["PROPN", "VERB", "PROPN", "PUNCT"],
                   ["nsubj", "ROOT", "dobj", "punct"], [1, 1, 1, 1], ["Greenpeace", "heckle", "Shell", "."],
                   ["B-ORG", "O", "B-ORG", "O"])
    assert read_events(doc, lexicon) == [("PROTEST", "Greenpeace", "Shell")]
    assert read_events(doc) == []  # not in kg's own lexicon


def test_unknown_category_in_lexicon_is_reported():
    from kg.errors import KGError

    with pytest.raises(KGError, match="unknown PLOVER category 'FIGHT'"):
        Lexicon.from_dict({"trigger": [{"category": "FIGHT", "verbs": ["fight"]}]})


def test_an_object_condition_looks_through_a_part(nlp):
    lex = Lexicon.load()
    doc = nlp("The United States suspended part of its military aid program.")
    words = {(lex.triggers[n].category, " ".join(doc[i].text for i in ids)) for n, ids in lex.matches(doc)}
    assert ("SANCTION", "suspended program") in words


def test_a_pattern_with_a_preposition_needs_it_and_no_object(make_doc, read_events):
    """A derived pattern "fly to X" reads "flew to Moscow", not "flew" alone nor "flew fighters to Syria"."""
    lexicon = Lexicon.from_dict({"trigger": [{"category": "CONSULT", "verbs": ["fly"], "preps": ["to"],
                                              "prep_required": True}]}, origin="cameo")
    to = make_doc(["Lavrov", "flew", "to", "Tehran", "."], ["PROPN", "VERB", "ADP", "PROPN", "PUNCT"],
                  ["nsubj", "ROOT", "prep", "pobj", "punct"], [1, 1, 1, 2, 1], ["Lavrov", "fly", "to", "Tehran", "."],
                  ["B-PERSON", "O", "O", "B-GPE", "O"])
    assert read_events(to, lexicon) == [("CONSULT", "Lavrov", "Tehran")]
    cargo = make_doc(["Mahan", "flew", "fighters", "to", "Syria", "."],
                     ["PROPN", "VERB", "NOUN", "ADP", "PROPN", "PUNCT"],
                     ["nsubj", "ROOT", "dobj", "prep", "pobj", "punct"], [1, 1, 1, 1, 3, 1],
                     ["Mahan", "fly", "fighter", "to", "Syria", "."], ["B-ORG", "O", "O", "O", "B-GPE", "O"])
    assert read_events(cargo, lexicon) == []
    alone = make_doc(["Lavrov", "flew", "home", "."], ["PROPN", "VERB", "ADV", "PUNCT"],
                     ["nsubj", "ROOT", "advmod", "punct"], [1, 1, 1, 1], ["Lavrov", "fly", "home", "."],
                     ["B-PERSON", "O", "O", "O"])
    assert lexicon.matches(alone) == []
