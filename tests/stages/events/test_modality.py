"""Modality of event nouns: called off (negated), planned or sought (future), on hand-built parses."""

from __future__ import annotations

import pytest

from kg.stages.events.modality import modality

_LEMMAS = {"cancelled": "cancel", "called": "call", "held": "hold", "opened": "open", "planned": "plan", "was": "be"}


def _noun_doc(make_doc, words, pos, deps, heads):
    return make_doc(words, pos, deps, heads, [_LEMMAS.get(w, w.lower()) for w in words], ["O"] * len(words))


@pytest.mark.parametrize(("words", "pos", "deps", "heads", "noun", "expected"), [
    # Rule: the object of a verb that calls it off did not happen ("cancelled the summit")
    (["Russia", "cancelled", "the", "summit"], ["PROPN", "VERB", "DET", "NOUN"],
     ["nsubj", "ROOT", "det", "dobj"], [1, 1, 3, 1], 3, "negated"),
    (["Iran", "called", "off", "talks"], ["PROPN", "VERB", "ADP", "NOUN"],
     ["nsubj", "ROOT", "prt", "dobj"], [1, 1, 1, 1], 3, "negated"),
    # ... nor a noun a relative clause calls off ("the trip, which was cancelled")
    (["the", "trip", "which", "was", "cancel"], ["DET", "NOUN", "PRON", "AUX", "VERB"],
     ["det", "ROOT", "nsubjpass", "auxpass", "relcl"], [1, 1, 4, 4, 1], 1, "negated"),
    # Rule: a planned, proposed or upcoming event has not happened yet
    (["a", "planned", "visit"], ["DET", "VERB", "NOUN"], ["det", "amod", "ROOT"], [2, 2, 2], 2, "future"),
    # ... nor one only arranged, sought or called for ("called for talks")
    (["Iran", "called", "for", "talks"], ["PROPN", "VERB", "ADP", "NOUN"],
     ["nsubj", "ROOT", "prep", "pobj"], [1, 1, 1, 2], 3, "future"),
    # an event noun held, or opened, happened
    (["Iran", "held", "talks"], ["PROPN", "VERB", "NOUN"], ["nsubj", "ROOT", "dobj"], [1, 1, 1], 2, "asserted"),
    (["Iran", "opened", "talks"], ["PROPN", "VERB", "NOUN"], ["nsubj", "ROOT", "dobj"], [1, 1, 1], 2, "asserted"),
])
def test_an_event_noun_called_off_or_only_planned_did_not_happen(make_doc, words, pos, deps, heads, noun, expected):
    doc = _noun_doc(make_doc, words, pos, deps, heads)
    assert modality([doc[noun]], in_quote=False) == expected


@pytest.mark.parametrize(("head", "lemma", "expected"), [("intends", "intend", "future"), ("said", "say", "asserted")])
def test_a_verb_with_its_required_object_takes_the_modality_of_its_own_clause(make_doc, head, lemma, expected):
    # Johnson <intends|said> to leave the EU: the clause is the verb's, not its object's
    doc = make_doc(["Johnson", head, "to", "leave", "the", "EU"], ["PROPN", "VERB", "PART", "VERB", "DET", "PROPN"],
                   ["nsubj", "ROOT", "aux", "xcomp", "det", "dobj"], [1, 1, 3, 1, 5, 3],
                   ["Johnson", lemma, "to", "leave", "the", "EU"], ["O"] * 6)
    assert modality([doc[3], doc[5]], in_quote=False) == expected
