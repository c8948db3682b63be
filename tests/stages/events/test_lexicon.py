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
