"""The argument grammar of a trigger, on hand-built parses: voice, light verbs, possessives, conjunctions."""

from __future__ import annotations


def test_passive_voice_by_agent(make_doc, read_events):
    # Ukraine was attacked by Russia .
    doc = make_doc(["Ukraine", "was", "attacked", "by", "Russia", "."],
                   ["PROPN", "AUX", "VERB", "ADP", "PROPN", "PUNCT"],
                   ["nsubjpass", "auxpass", "ROOT", "agent", "pobj", "punct"],
                   [2, 2, 2, 2, 3, 2], ["Ukraine", "be", "attack", "by", "Russia", "."],
                   ["B-GPE", "O", "O", "O", "B-GPE", "O"])
    assert read_events(doc) == [("ASSAULT", "Russia", "Ukraine")]


def test_light_verb_noun_takes_subject_and_preposition(make_doc, read_events):
    # Israel carried out airstrikes on Iran .
    doc = make_doc(["Israel", "carried", "out", "airstrikes", "on", "Iran", "."],
                   ["PROPN", "VERB", "ADP", "NOUN", "ADP", "PROPN", "PUNCT"],
                   ["nsubj", "ROOT", "prt", "dobj", "prep", "pobj", "punct"],
                   [1, 1, 1, 1, 3, 4, 1], ["Israel", "carry", "out", "airstrike", "on", "Iran", "."],
                   ["B-GPE", "O", "O", "O", "O", "B-GPE", "O"])
    assert read_events(doc) == [("ASSAULT", "Israel", "Iran")]


def test_possessive_actor_of_nominal_event(make_doc, read_events):
    # Russia 's invasion of Ukraine
    doc = make_doc(["Russia", "'s", "invasion", "of", "Ukraine"],
                   ["PROPN", "PART", "NOUN", "ADP", "PROPN"],
                   ["poss", "case", "ROOT", "prep", "pobj"],
                   [2, 0, 2, 2, 3], ["Russia", "'s", "invasion", "of", "Ukraine"],
                   ["B-GPE", "O", "O", "O", "B-GPE"])
    assert read_events(doc) == [("ASSAULT", "Russia", "Ukraine")]


def test_conjoined_targets_give_one_event_each(make_doc, read_events):
    # Putin met Xi and Modi .
    doc = make_doc(["Putin", "met", "Xi", "and", "Modi", "."],
                   ["PROPN", "VERB", "PROPN", "CCONJ", "PROPN", "PUNCT"],
                   ["nsubj", "ROOT", "dobj", "cc", "conj", "punct"],
                   [1, 1, 1, 2, 2, 1], ["Putin", "meet", "Xi", "and", "Modi", "."],
                   ["B-PERSON", "O", "B-PERSON", "O", "B-PERSON", "O"])
    assert read_events(doc) == [("CONSULT", "Putin", "Xi"), ("CONSULT", "Putin", "Modi")]


def test_a_quantifier_pronoun_stands_for_its_whole(make_doc, read_events):
    # Russia attacked both of the Ukrainian towns .
    doc = make_doc(["Russia", "attacked", "both", "of", "the", "Ukrainian", "towns", "."],
                   ["PROPN", "VERB", "PRON", "ADP", "DET", "ADJ", "NOUN", "PUNCT"],
                   ["nsubj", "ROOT", "dobj", "prep", "det", "amod", "pobj", "punct"],
                   [1, 1, 1, 2, 6, 6, 3, 1], ["Russia", "attack", "both", "of", "the", "ukrainian", "town", "."],
                   ["B-GPE", "O", "O", "O", "O", "B-NORP", "O", "O"])
    assert read_events(doc) == [("ASSAULT", "Russia", "Ukrainian")]
