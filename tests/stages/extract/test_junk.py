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


def _doc(nlp, words, ents, deps=None, heads=None, tags=None):
    return Doc(nlp.vocab, words=words, ents=ents, deps=deps, heads=heads, tags=tags)


def test_a_name_ending_in_a_function_word_is_cut_there(nlp):
    # hand-built: NER took "and" from "Grand Masters and Women Grand Masters"
    doc = _doc(nlp, ["Grand", "Masters", "and", "Women", "Grand", "Masters", "met"],
               ["B-ORG", "I-ORG", "I-ORG", "O", "O", "O", "O"])
    found = screen(doc.ents[0])
    assert (found.span.text, found.reason) == ("Grand Masters", "name cut at a function word")
    # a function word inside a name stays ("Bank of Japan")
    doc = _doc(nlp, ["Bank", "of", "Japan", "said"], ["B-ORG", "I-ORG", "I-ORG", "O"])
    assert screen(doc.ents[0]).reason is None


def test_a_name_used_as_a_common_noun_is_no_entity(nlp):
    # hand-built parse: "flew a Beechcraft Sierra" (the name heads a phrase with an indefinite article)
    doc = _doc(nlp, ["He", "flew", "a", "Beechcraft", "Sierra"], ["O", "O", "O", "B-PRODUCT", "I-PRODUCT"],
               deps=["nsubj", "ROOT", "det", "compound", "dobj"], heads=[1, 1, 4, 4, 1])
    assert screen(doc.ents[0]).reason == "common noun"
    # an acronym with a possessive: "her BA"
    doc = _doc(nlp, ["She", "completed", "her", "BA"], ["O", "O", "O", "B-NORP"],
               deps=["nsubj", "ROOT", "poss", "dobj"], heads=[1, 1, 3, 1])
    assert screen(doc.ents[0]).reason == "common noun"
    # a name that only modifies a noun stays: "a NATO member"
    doc = _doc(nlp, ["a", "NATO", "member"], ["O", "B-ORG", "O"], deps=["det", "compound", "ROOT"], heads=[2, 2, 2])
    assert screen(doc.ents[0]).reason is None
    # a possessive before a name that is no acronym, a person, a place kg knows: names all
    for words, ents in ((["his", "Labour", "Party"], ["O", "B-ORG", "I-ORG"]), (["a", "Trump"], ["O", "B-PERSON"]),
                        (["a", "France"], ["O", "B-GPE"])):
        doc = _doc(nlp, words, ents, deps=["poss" if words[0] == "his" else "det"] + ["compound"] * (len(words) - 2)
                   + ["ROOT"], heads=[len(words) - 1] * len(words))
        assert screen(doc.ents[0]).reason is None, words
    # an academic degree
    doc = _doc(nlp, ["She", "has", "a", "PhD"], ["O", "O", "O", "B-ORG"])
    assert screen(doc.ents[0]).reason == "academic degree"


@pytest.mark.parametrize("text,name", [
    ("My daughter also has completed her BA and now works in Delhi.", "BA"),
    ("Minetest gained its Lua-based modding API in 2014.", "API"),
])
def test_real_model_common_nouns_are_dropped(nlp, text, name):
    doc = nlp(text)
    ents = [e for e in doc.ents if e.text == name]
    if not ents:
        pytest.skip(f"the model does not tag {name!r} here")
    assert screen(ents[0]).span is None


def test_a_person_after_an_occupation_noun_is_kept(nlp):
    doc = Doc(nlp.vocab, words=["analyst", "Kevin", "Bonham", "said"], ents=["O", "B-PERSON", "I-PERSON", "O"],
              deps=["compound", "compound", "nsubj", "ROOT"], heads=[2, 2, 3, 3], pos=["NOUN", "PROPN", "PROPN", "VERB"])
    assert screen(doc.ents[0]).span.text == "Kevin Bonham"
    # an acronym a common noun modifies is one: "the modding API"
    doc = Doc(nlp.vocab, words=["the", "modding", "API", "changed"], ents=["O", "O", "B-ORG", "O"],
              deps=["det", "compound", "nsubj", "ROOT"], heads=[2, 2, 3, 3], pos=["DET", "NOUN", "PROPN", "VERB"])
    assert screen(doc.ents[0]).reason == "common noun"


def test_a_caption_line_keeps_the_pictured_person_and_drops_the_credit(nlp):
    text = "Perot ran in 1992.\n\nRoss Perot Image: Allan Warren.\n\nRoss Perot said so and went home to Texas."
    doc = nlp(text)
    found = {e.text: (screen(e).span and screen(e).span.text, screen(e).reason) for e in doc.ents
             if e.label_ == "PERSON"}
    assert found.get("Ross Perot Image") == ("Ross Perot", "photo caption or credit")
    assert found.get("Allan Warren") == (None, "photo caption or credit")
    # a name on an ordinary line stays
    assert found.get("Ross Perot") == ("Ross Perot", None)


def test_an_organisation_name_ending_in_a_common_noun_is_cut(nlp):
    doc = _doc(nlp, ["the", "Associated", "Press", "news", "agency", "said"], ["O", "B-ORG", "I-ORG", "I-ORG", "I-ORG", "O"])
    found = screen(doc.ents[0])
    assert (found.span.text, found.reason) == ("Associated Press", "name with a common noun after it")
    # a person's name is left alone
    doc = _doc(nlp, ["Vincent", "van", "Gogh", "painted"], ["B-PERSON", "I-PERSON", "I-PERSON", "O"])
    assert screen(doc.ents[0]).reason is None


def test_a_name_written_with_a_modifier_letter_is_not_a_mixed_script_fragment(nlp):
    # the ʻokina of Tongan names is a modifier letter, not another script
    dropped = []
    names = [m.text for m in find_mentions(nlp("The King flew from Nukuʻalofa to Auckland."), dropped=dropped)]
    assert "Nukuʻalofa" in names and not dropped


def test_a_ship_is_no_actor(nlp):
    # hand-built: the prefix begins the name, or comes before it and a title
    doc = _doc(nlp, ["the", "U.S.S.", "Grayback", "sank"], ["B-ORG", "I-ORG", "I-ORG", "O"])
    assert screen(doc.ents[0]).reason == "ship's name"
    doc = _doc(nlp, ["the", "MV", "Professor", "Albrecht", "Penck", "sank"], ["O", "O", "O", "B-PERSON", "I-PERSON", "O"])
    assert screen(doc.ents[0]).reason == "ship's name"
    # the ship's name alone, where the document writes it with its prefix elsewhere
    doc = _doc(nlp, ["USS", "Grayback", "sank", ".", "The", "Grayback", "was", "found"],
               ["B-ORG", "I-ORG", "O", "O", "O", "B-PERSON", "O", "O"])
    assert [screen(e).reason for e in doc.ents] == ["ship's name", "ship's name"]
    # a ship named after a person leaves the person alone
    doc = _doc(nlp, ["MV", "Alan", "Kurdi", "sailed", ".", "Alan", "Kurdi", "drowned"],
               ["B-ORG", "I-ORG", "I-ORG", "O", "O", "B-PERSON", "I-PERSON", "O"])
    assert [screen(e).reason for e in doc.ents] == ["ship's name", None]
    # a navy is no ship
    doc = _doc(nlp, ["the", "US", "Navy", "said"], ["B-ORG", "I-ORG", "I-ORG", "O"])
    assert screen(doc.ents[0]).reason is None


def test_real_model_ship_names_are_dropped(nlp):
    doc = nlp("The wreck of the U.S.S. Grayback was found off Okinawa, the United States Navy said.")
    reasons = {e.text: screen(e).reason for e in doc.ents}
    assert reasons.get("the U.S.S. Grayback", "ship's name") == "ship's name"
    assert reasons.get("the United States Navy") is None


def test_one_prefixed_hyphenated_word_is_no_name(nlp):
    doc = Doc(nlp.vocab, words=["a", "pan", "-", "Africanist", "who"], spaces=[True, False, False, True, False],
              ents=["O", "B-NORP", "I-NORP", "I-NORP", "O"])
    assert screen(doc.ents[0]).reason == "prefixed adjective"
    doc = Doc(nlp.vocab, words=["the", "Pan", "-", "American", "Health", "Organization"],
              spaces=[True, False, False, True, True, False], ents=["O"] + ["B-ORG"] + ["I-ORG"] * 4)
    assert screen(doc.ents[0]).reason is None
    doc = nlp("The two Post-Soviet states have fought over the region.")
    assert all(screen(e).reason == "prefixed adjective" for e in doc.ents if e.text == "Post-Soviet")



def test_a_measure_after_a_name_is_cut(nlp):
    doc = _doc(nlp, ["placed", "Humberto", "785", "miles", "west"], ["O", "B-PERSON", "I-PERSON", "I-PERSON", "O"])
    assert (screen(doc.ents[0]).span.text, screen(doc.ents[0]).reason) == ("Humberto", "name cut at a measure")
    doc = _doc(nlp, ["the", "Lion", "Air", "Flight", "610", "crashed"], ["O", "B-ORG", "I-ORG", "I-ORG", "I-ORG", "O"])
    assert screen(doc.ents[0]).span.text == "Lion Air Flight 610"


def test_a_title_alone_and_a_count_after_a_dash_are_no_name(nlp):
    # hand-built: a table of seats ("Sinn Féin - 7") and a title NER read as a name
    doc = _doc(nlp, ["Sinn", "Féin", "-", "7", "and", "Councillor", "spoke", "to", "the", "Queen"],
               ["B-ORG", "I-ORG", "I-ORG", "I-ORG", "O", "B-ORG", "O", "O", "O", "B-PERSON"])
    first, second, third = (screen(e) for e in doc.ents)
    assert (first.span.text, first.reason) == ("Sinn Féin", "count after a name")
    assert (second.span, second.reason) == (None, "title without a name")
    assert third.reason is None  # a title read as a person's is a reference to one ("the Queen")
    # a number that is a name's own stays ("Apollo 11"), and so does a name with a title ("Councillor Smith")
    doc = _doc(nlp, ["Apollo", "11", "and", "Councillor", "Smith"], ["B-ORG", "I-ORG", "O", "B-PERSON", "I-PERSON"])
    assert [screen(e).reason for e in doc.ents] == [None, None]


def test_an_interview_s_speaker_label_is_no_mention(nlp):
    text = "Wikinews spoke with Sara Seager.\n\n((WN))  How did you approach such a study?\n\n((Sara Seager))  Slowly."
    doc = nlp(text)
    labels = [e for e in doc.ents if e.start_char > text.index("((")]
    assert {e.text for e in labels} == {"WN", "Sara Seager"}
    assert all(screen(e).reason == "interview speaker's label" for e in labels)
    # the interviewee named in the text stays
    assert all(screen(e).span is not None for e in doc.ents if e.end_char < text.index("(("))


def test_a_written_out_degree_and_a_hashtag_are_no_entity(nlp):
    doc = Doc(nlp.vocab, words=["her", "Bachelor", "of", "Education", "and", "#", "DemDebate"],
              spaces=[True, True, True, True, True, False, False], ents=["O", "B-ORG", "I-ORG", "I-ORG", "O", "O", "B-ORG"])
    assert [(e.text, screen(e).reason) for e in doc.ents] == [("Bachelor of Education", "academic degree"),
                                                                ("DemDebate", "hashtag")]
    # a name after a "#" with a space, and "Master" without "of", are names
    doc = Doc(nlp.vocab, words=["No", ".", "#", "Tesco", "Master", "Chef"], spaces=[False, True, True, True, True, False],
              ents=["O", "O", "O", "B-ORG", "B-ORG", "I-ORG"])
    assert [screen(e).reason for e in doc.ents] == [None, None]


def test_real_model_drops_a_hashtag(nlp):
    doc = nlp('Viewers followed the "#DemDebate" trend on Twitter.')
    assert ("DemDebate", "hashtag") in [(e.text, screen(e).reason) for e in doc.ents]
