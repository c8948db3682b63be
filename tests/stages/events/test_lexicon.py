"""The event lexicon: loading, user entries, structural conditions."""

from __future__ import annotations

import re

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


@pytest.mark.parametrize("data, says", [
    ({}, "no [[trigger]] entries"),
    ({"triggers": [{"category": "PROTEST", "verbs": ["heckle"]}]}, "unknown table 'triggers'"),
    ({"trigger": [{"category": "PROTEST", "verb": ["heckle"]}]}, "line trigger 1: unknown key 'verb'"),
    ({"trigger": [{"category": "PROTEST", "verbs": ["heckle"]}, {"category": "PROTEST"}]},
     "line trigger 2: no verbs, adjectives or nouns"),
])
def test_a_misspelt_lexicon_is_refused_rather_than_read_as_fewer_entries(data, says):
    from kg.errors import KGError

    with pytest.raises(KGError, match=re.escape(f"[E106] mine.toml: {'' if 'line' in says else 'line ?: '}{says}")):
        Lexicon.from_dict(data, source="mine.toml")


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


def test_a_predicate_entry_needs_an_object_and_its_label(make_doc, read_events):
    """"call X a Y" is an accusation of X; "call X" (phone) and "call for" are not this entry."""
    lexicon = Lexicon.from_dict({"trigger": [{"category": "ACCUSE", "verbs": ["call"], "predicate": True}]})
    label = make_doc(["Erdogan", "called", "Netanyahu", "a", "thief", "."],
                     ["PROPN", "VERB", "PROPN", "DET", "NOUN", "PUNCT"],
                     ["nsubj", "ROOT", "dobj", "det", "oprd", "punct"], [1, 1, 1, 4, 1, 1],
                     ["Erdogan", "call", "Netanyahu", "a", "thief", "."], ["B-PERSON", "O", "B-PERSON", "O", "O", "O"])
    assert read_events(label, lexicon) == [("ACCUSE", "Erdogan", "Netanyahu")]
    phone = make_doc(["Erdogan", "called", "Netanyahu", "."], ["PROPN", "VERB", "PROPN", "PUNCT"],
                     ["nsubj", "ROOT", "dobj", "punct"], [1, 1, 1, 1], ["Erdogan", "call", "Netanyahu", "."],
                     ["B-PERSON", "O", "B-PERSON", "O"])
    assert lexicon.matches(phone) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("Trump repeatedly called the Democrats' investigation a witch hunt.", ("ACCUSE", "Trump", "Democrats")),
    ("Erdogan called Netanyahu a thief.", ("ACCUSE", "Erdogan", "Netanyahu")),
])
def test_naming_someone_or_their_act_with_a_label_is_an_accusation(nlp, read_events, text, expected):
    assert read_events(nlp(text)) == [expected]


def test_calling_a_meeting_a_success_accuses_no_one(nlp, read_events):
    assert read_events(nlp("Macron called the meeting a success.")) == []


def test_a_label_of_praise_is_support_and_one_of_no_valence_no_event(nlp, read_events):
    assert read_events(nlp("Sam Wang called Conway an incomparable mathematician and a pleasant neighbor.")) \
        == [("SUPPORT", "Sam Wang", "Conway")]
    assert read_events(nlp("Erdogan called Netanyahu a mathematician.")) == []


def test_naming_as_blames_only_with_a_label_of_blame(nlp, read_events):
    """"named X as terrorists" accuses; "lists X as belonging to Y" describes (no valence: no event)."""
    assert read_events(nlp("The United States designated the Revolutionary Guards as a terrorist organization.")) \
        == [("ACCUSE", "United States", "Revolutionary Guards")]
    assert read_events(nlp("The Centre for Aviation lists Saha Airlines as belonging to the Iranian Air Force.")) == []


def _called(make_doc, *rows):
    """<agent> called <rows> . (rows: (word, pos, dep, head, lemma, entity), heads absolute)"""
    rows = [("AP", "PROPN", "nsubj", 1, "AP", "B-ORG"), ("called", "VERB", "ROOT", 1, "call", "O"), *rows,
            (".", "PUNCT", "punct", 1, ".", "O")]
    words, pos, deps, heads, lemmas, ents = (list(c) for c in zip(*rows))
    return make_doc(words, pos, deps, heads, lemmas, ents)


def test_a_call_with_an_object_is_no_request(make_doc, read_events):
    """"called on Iran" asks; a network that "called Nevada for Biden" declares a state won."""
    on = _called(make_doc, ("on", "ADP", "prep", 1, "on", "O"), ("Iran", "PROPN", "pobj", 2, "Iran", "B-GPE"))
    assert read_events(on) == [("REQUEST", "AP", "Iran")]
    state = _called(make_doc, ("Nevada", "PROPN", "dobj", 1, "Nevada", "B-GPE"), ("for", "ADP", "prep", 1, "for", "O"),
                    ("Biden", "PROPN", "pobj", 3, "Biden", "B-PERSON"))
    assert read_events(state) == []
    # the parser may call the object a predicate: still an object
    oprd = _called(make_doc, ("Nevada", "PROPN", "oprd", 1, "Nevada", "B-GPE"), ("for", "ADP", "prep", 1, "for", "O"),
                   ("Biden", "PROPN", "pobj", 3, "Biden", "B-PERSON"))
    assert read_events(oprd) == []


def _denied(make_doc, obj):
    """Germany denied <obj> to Iran ."""
    return make_doc(["Germany", "denied", obj, "to", "Iran", "."], ["PROPN", "VERB", "NOUN", "ADP", "PROPN", "PUNCT"],
                    ["nsubj", "ROOT", "dobj", "prep", "pobj", "punct"], [1, 1, 1, 1, 3, 1],
                    ["Germany", "deny", obj, "to", "Iran", "."], ["B-GPE", "O", "O", "O", "B-GPE", "O"])


def test_denying_what_was_asked_for_is_a_rejection_and_denying_entry_a_sanction(make_doc, read_events):
    assert read_events(_denied(make_doc, "funding")) == [("REJECT", "Germany", "Iran")]
    assert read_events(_denied(make_doc, "entry")) == [("SANCTION", "Germany", "Iran")]


@pytest.mark.parametrize(("text", "expected"), [
    ("Germany denied funding to Iran.", {("REJECT", "Germany", "Iran")}),
    ("The House issued a subpoena to Secretary of State Mike Pompeo.", {("REQUEST", "House", "Mike Pompeo")}),
    ("A Turkish court issued arrest warrants for Selahattin Demirtas.",
     {("COERCE", "Turkish court", "Selahattin Demirtas")}),
    ("Mark Amodei has publicly voiced support for the House Judiciary Committee.",
     {("SUPPORT", "Mark Amodei", "House Judiciary Committee")}),
    ("Some 800,000 Iraqi Kurds sought refuge in Germany last month.", {("REQUEST", "Iraqi Kurds", "Germany")}),
    ("The United States suspended part of a military aid program for Bosnia.",
     {("SANCTION", "United States", "Bosnia")}),
    ("Later in the day, the AP and NBC News also called Nevada for Biden.", set()),
])
def test_acts_the_written_lexicon_codes(nlp, read_events, text, expected):
    assert set(read_events(nlp(text))) == expected
