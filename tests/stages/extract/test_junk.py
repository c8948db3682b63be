"""kg.stages.extract.junk: what NER tags as a name but is no entity, and why."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from kg.stages.extract.junk import RULES, screen
from kg.stages.extract.mentions import find_mentions


def _screen(nlp, text: str, name: str):
    doc = nlp(text)
    ent = next(e for e in doc.ents if e.text == name)
    found = screen(ent)
    return (found.span.text if found.span is not None else None), found.reason


@pytest.mark.parametrize("text,name,left,reason", [
    # a time zone after a clock time
    ("The quake struck at 0040 UTC on Saturday.", "UTC", None, "time or time zone"),
    # a bracket NER did not close: cut before it (the acronym becomes a name of its own)
    ("Mike Ryan of the World Health Organization (WHO) told the press.", "the World Health Organization (WHO",
     "the World Health Organization", "unbalanced bracket or quote"),
    # a caption glued to a name by scraping
    ("Jo JorgensenImage: Jo Jorgensen spoke in Texas.", "Jo JorgensenImage", None, "photo caption or credit"),
    # a law is not an actor
    ("Governor Kay Ivey signed the Alabama Human Life Protection Act on Wednesday.",
     "the Alabama Human Life Protection Act", None, "law or bill"),
])
def test_junk_is_cut_or_dropped_with_its_reason(nlp, text, name, left, reason):
    assert _screen(nlp, text, name) == (left, reason)


def test_a_common_word_capitalised_at_a_sentence_start_is_no_name(nlp):
    doc = Doc(nlp.vocab, words=["Escape", "rooms", "are", "popular", "."], spaces=[True, True, True, False, False],
              pos=["NOUN", "NOUN", "AUX", "ADJ", "PUNCT"], tags=["NN", "NNS", "VBP", "JJ", "."],
              sent_starts=[True, False, False, False, False], ents=["B-PERSON", "O", "O", "O", "O"])
    assert screen(doc.ents[0]).reason == "common word at the start of a sentence"
    # a name the document writes capitalised mid-sentence too stays
    doc = nlp("Trump spoke. Reporters asked Trump about it.")
    assert all(screen(e).reason is None for e in doc.ents)


def test_a_name_at_a_sentence_start_that_is_a_proper_noun_stays(nlp):
    doc = Doc(nlp.vocab, words=["Greenpeace", "heckled", "Shell", "."], pos=["PROPN", "VERB", "PROPN", "PUNCT"],
              ents=["B-ORG", "O", "B-ORG", "O"])
    assert [screen(e).reason for e in doc.ents] == [None, None]


def test_a_sentence_in_another_script_is_not_read_but_a_name_in_one_is(nlp):
    doc = nlp("Они говорят, что Владимир Путин приедет. Putin met Xi Jinping in Beijing.")
    kept = [e.text for e in doc.ents if screen(e).span is not None]
    assert "Putin" in kept and not any("Путин" in k for k in kept)


def test_a_name_alone_on_its_line_is_a_credit(nlp):
    text = "Iran warned Israel on Monday.\n((WN))\n"
    doc = nlp(text)
    assert [(e.text, screen(e).reason) for e in doc.ents if e.text == "WN"] == [("WN", "byline, credit or caption line")]


def test_find_mentions_lists_what_it_dropped(nlp):
    dropped = []
    mentions = find_mentions(nlp("The World Health Organization (WHO) spoke at 0040 UTC."), dropped=dropped)
    assert {m.text for m in mentions} >= {"World Health Organization", "WHO"}
    assert [(d.text, d.reason) for d in dropped] == [
        ("The World Health Organization (WHO", "unbalanced bracket or quote"), ("UTC", "time or time zone")]


def test_rules_can_be_left_out_by_name(nlp):
    doc = nlp("The quake struck at 0040 UTC on Saturday.")
    ent = next(e for e in doc.ents if e.text == "UTC")
    without = tuple(r for r in RULES if r.__name__ != "time_zone")
    assert screen(ent, rules=without).span is not None
