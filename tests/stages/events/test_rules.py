"""Each named rule on a hand-built parse: what it reads, and what is read without it.

Every test builds the parse of one example sentence by hand (one row per token: word,
part of speech, dependency, head index, lemma, entity, and optionally the fine tag), reads
its events with kg's rules, then again with the rule dropped by name, so each test shows
that its rule, and no other, makes the difference.
"""

from __future__ import annotations

import pytest
from support import rules_without as _without

from kg.stages.events import EventContext, Rules, find_events
from kg.stages.events.rules import ORDER, registry
from kg.stages.events.rules.registry import Registry
from kg.stages.extract.mentions import find_mentions, token_mentions

# ----------------------------------------------------------------------------- targets


def test_pair_acts_on_itself(parse, read_events):
    doc = parse([("The", "DET", "det", 1, "the", "O"),
                 ("two", "NUM", "nsubj", 2, "two", "O"),
                 ("met", "VERB", "ROOT", 2, "meet", "O"),
                 (".", "PUNCT", "punct", 2, ".", "O")])
    assert read_events(doc) == [("CONSULT", "two", "two")]
    assert read_events(doc, rules=_without("pair-acts-on-itself")) == []


def test_demand_targets_what_is_demanded(parse, read_events):
    doc = parse([("The", "DET", "det", 1, "the", "O"),
                 ("PRC", "PROPN", "nsubj", 2, "PRC", "B-GPE"),
                 ("demanded", "VERB", "ROOT", 2, "demand", "O"),
                 ("that", "SCONJ", "mark", 7, "that", "O"),
                 ("the", "DET", "det", 6, "the", "O"),
                 ("United", "PROPN", "compound", 6, "United", "B-GPE"),
                 ("States", "PROPN", "nsubj", 7, "States", "I-GPE"),
                 ("cancel", "VERB", "ccomp", 2, "cancel", "O"),
                 ("the", "DET", "det", 9, "the", "O"),
                 ("sale", "NOUN", "dobj", 7, "sale", "O"),
                 (".", "PUNCT", "punct", 2, ".", "O")])
    assert read_events(doc) == [("REQUEST", "PRC", "United States")]
    assert read_events(doc, rules=_without("demand-targets-what-is-demanded")) == []


def test_demand_noun_clause_subject(parse, read_events):
    # the parser hangs the "that" clause on the verb, not on the noun it spells out
    doc = parse([("The", "DET", "det", 1, "the", "O"),
                 ("office", "NOUN", "nsubj", 2, "office", "O"),
                 ("reiterated", "VERB", "ROOT", 2, "reiterate", "O"),
                 ("its", "PRON", "poss", 4, "its", "O"),
                 ("demand", "NOUN", "dobj", 2, "demand", "O"),
                 ("that", "SCONJ", "mark", 7, "that", "O"),
                 ("Israel", "PROPN", "nsubj", 7, "Israel", "B-GPE"),
                 ("ease", "VERB", "ccomp", 2, "ease", "O"),
                 ("restrictions", "NOUN", "dobj", 7, "restriction", "O"),
                 (".", "PUNCT", "punct", 2, ".", "O")])
    assert read_events(doc) == [("REQUEST", "its", "Israel")]
    assert read_events(doc, rules=_without("demand-noun-clause-subject")) == []


def test_condition_names_target(parse, read_events):
    doc = parse([("Iran", "PROPN", "nsubj", 1, "Iran", "B-GPE"),
                 ("threatened", "VERB", "ROOT", 1, "threaten", "O"),
                 ("to", "PART", "aux", 3, "to", "O"),
                 ("leave", "VERB", "xcomp", 1, "leave", "O"),
                 ("if", "SCONJ", "mark", 6, "if", "O"),
                 ("Germany", "PROPN", "nsubj", 6, "Germany", "B-GPE"),
                 ("stays", "VERB", "advcl", 3, "stay", "O"),
                 (".", "PUNCT", "punct", 1, ".", "O")])
    assert read_events(doc) == [("THREATEN", "Iran", "Germany")]
    assert read_events(doc, rules=_without("condition-names-target")) == []


def test_intention_complement_target(parse, read_events):
    doc = parse([("Iran", "PROPN", "nsubj", 1, "Iran", "B-GPE"),
                 ("agreed", "VERB", "ROOT", 1, "agree", "O"),
                 ("to", "PART", "aux", 3, "to", "O"),
                 ("inform", "VERB", "xcomp", 1, "inform", "O"),
                 ("Iraq", "PROPN", "dobj", 3, "Iraq", "B-GPE"),
                 (".", "PUNCT", "punct", 1, ".", "O")])
    assert read_events(doc) == [("AGREE", "Iran", "Iraq")]
    assert read_events(doc, rules=_without("intention-complement-target")) == []


def test_act_about_target(parse, read_events):
    doc = parse([("Italy", "PROPN", "nsubj", 1, "Italy", "B-GPE"),
                 ("announced", "VERB", "ROOT", 1, "announce", "O"),
                 ("a", "DET", "det", 3, "a", "O"),
                 ("suspension", "NOUN", "dobj", 1, "suspension", "O"),
                 ("of", "ADP", "prep", 3, "of", "O"),
                 ("air", "NOUN", "compound", 6, "air", "O"),
                 ("links", "NOUN", "pobj", 4, "link", "O"),
                 ("with", "ADP", "prep", 6, "with", "O"),
                 ("Serbia", "PROPN", "pobj", 7, "Serbia", "B-GPE"),
                 (".", "PUNCT", "punct", 1, ".", "O")])
    assert read_events(doc) == [("SANCTION", "Italy", "Serbia")]
    assert read_events(doc, rules=_without("act-about-target")) == []


def test_object_after_up_to(parse, read_events):
    # the parser hangs the object on "up to"
    doc = parse([("Iraq", "PROPN", "nsubj", 1, "Iraq", "B-GPE", "NNP"),
                 ("kidnapped", "VERB", "ROOT", 1, "kidnap", "O", "VBD"),
                 ("up", "ADP", "prt", 1, "up", "O", "RP"),
                 ("to", "ADP", "prep", 2, "to", "O", "IN"),
                 ("16", "NUM", "nummod", 6, "16", "O", "CD"),
                 ("Russian", "ADJ", "amod", 6, "russian", "O", "JJ"),
                 ("advisers", "NOUN", "pobj", 3, "adviser", "O", "NNS"),
                 (".", "PUNCT", "punct", 1, ".", "O", ".")])
    assert read_events(doc) == [("COERCE", "Iraq", "Russian advisers")]
    assert read_events(doc, rules=_without("object-after-up-to")) == []


def test_in_protest_of(parse, read_events):
    doc = parse([("Greenpeace", "PROPN", "nsubj", 1, "Greenpeace", "B-ORG"),
                 ("demonstrated", "VERB", "ROOT", 1, "demonstrate", "O"),
                 ("in", "ADP", "prep", 1, "in", "O"),
                 ("protest", "NOUN", "pobj", 2, "protest", "O"),
                 ("of", "ADP", "prep", 3, "of", "O"),
                 ("Shell", "PROPN", "pobj", 4, "Shell", "B-ORG"),
                 (".", "PUNCT", "punct", 1, ".", "O")])
    assert read_events(doc) == [("PROTEST", "Greenpeace", "Shell")]
    assert read_events(doc, rules=_without("in-protest-of")) == []


def test_protest_purpose(parse, read_events):
    doc = parse([("Greenpeace", "PROPN", "nsubj", 1, "Greenpeace", "B-ORG"),
                 ("demonstrated", "VERB", "ROOT", 1, "demonstrate", "O"),
                 ("to", "PART", "aux", 3, "to", "O"),
                 ("show", "VERB", "advcl", 1, "show", "O"),
                 ("their", "PRON", "poss", 5, "their", "O"),
                 ("disapproval", "NOUN", "dobj", 3, "disapproval", "O"),
                 ("for", "ADP", "prep", 5, "for", "O"),
                 ("Shell", "PROPN", "pobj", 6, "Shell", "B-ORG"),
                 (".", "PUNCT", "punct", 1, ".", "O")])
    assert read_events(doc) == [("PROTEST", "Greenpeace", "Shell")]
    assert read_events(doc, rules=_without("protest-purpose")) == []


def test_buried_joint_subject(parse, read_events):
    # the parser makes the second name an apposition inside the first one's subject phrase
    doc = parse([("Trump", "PROPN", "nsubj", 3, "Trump", "B-PERSON"),
                 ("and", "CCONJ", "cc", 0, "and", "O"),
                 ("Erdogan", "PROPN", "appos", 0, "Erdogan", "B-PERSON"),
                 ("spoke", "VERB", "ROOT", 3, "speak", "O"),
                 (".", "PUNCT", "punct", 3, ".", "O")])
    assert read_events(doc) == [("CONSULT", "Trump", "Erdogan")]
    assert read_events(doc, rules=_without("buried-joint-subject")) == []


def test_joint_subject_acts_on_itself(parse, read_events):
    doc = parse([("Jordan", "PROPN", "nsubj", 3, "Jordan", "B-GPE"),
                 ("and", "CCONJ", "cc", 0, "and", "O"),
                 ("Britain", "PROPN", "conj", 0, "Britain", "B-GPE"),
                 ("agreed", "VERB", "ROOT", 3, "agree", "O"),
                 (".", "PUNCT", "punct", 3, ".", "O")])
    assert read_events(doc) == [("AGREE", "Jordan", "Britain")]
    assert read_events(doc, rules=_without("joint-subject-acts-on-itself")) == []


def test_between_a_and_b(parse, read_events):
    doc = parse([("Talks", "NOUN", "nsubj", 5, "talk", "O"),
                 ("between", "ADP", "prep", 0, "between", "O"),
                 ("Israel", "PROPN", "pobj", 1, "Israel", "B-GPE"),
                 ("and", "CCONJ", "cc", 2, "and", "O"),
                 ("Syria", "PROPN", "conj", 2, "Syria", "B-GPE"),
                 ("resumed", "VERB", "ROOT", 5, "resume", "O"),
                 (".", "PUNCT", "punct", 5, ".", "O")])
    assert read_events(doc) == [("CONSULT", "Israel", "Syria")]
    assert read_events(doc, rules=_without("between-a-and-b")) == []


def test_a_joint_subject_of_a_mutual_act_is_every_pair(parse, read_events):
    # Russia , Iran and Turkey met .
    doc = parse([("Russia", "PROPN", "nsubj", 5, "Russia", "B-GPE"),
                 (",", "PUNCT", "punct", 0, ",", "O"),
                 ("Iran", "PROPN", "conj", 0, "Iran", "B-GPE"),
                 ("and", "CCONJ", "cc", 2, "and", "O"),
                 ("Turkey", "PROPN", "conj", 2, "Turkey", "B-GPE"),
                 ("met", "VERB", "ROOT", 5, "meet", "O"),
                 (".", "PUNCT", "punct", 5, ".", "O")])
    assert sorted(read_events(doc)) == [("CONSULT", "Iran", "Turkey"), ("CONSULT", "Russia", "Iran"),
                                        ("CONSULT", "Russia", "Turkey")]
    assert read_events(doc, rules=_without("joint-subject-acts-on-itself")) == []


def _signed_between(parse):
    """The treaty was signed between Russia , Iran and Turkey ."""
    return parse([("The", "DET", "det", 1, "the", "O"),
                  ("treaty", "NOUN", "nsubjpass", 3, "treaty", "O"),
                  ("was", "AUX", "auxpass", 3, "be", "O"),
                  ("signed", "VERB", "ROOT", 3, "sign", "O"),
                  ("between", "ADP", "prep", 3, "between", "O"),
                  ("Russia", "PROPN", "pobj", 4, "Russia", "B-GPE"),
                  (",", "PUNCT", "punct", 5, ",", "O"),
                  ("Iran", "PROPN", "conj", 5, "Iran", "B-GPE"),
                  ("and", "CCONJ", "cc", 7, "and", "O"),
                  ("Turkey", "PROPN", "conj", 7, "Turkey", "B-GPE"),
                  (".", "PUNCT", "punct", 3, ".", "O")])


def test_between_in_an_agentless_passive_is_every_pair(parse, read_events):
    doc = _signed_between(parse)
    assert sorted(read_events(doc)) == [("SUPPORT", "Iran", "Turkey"), ("SUPPORT", "Russia", "Iran"),
                                        ("SUPPORT", "Russia", "Turkey")]
    assert read_events(doc, rules=_without("between-a-and-b")) == []


def test_acts_in_the_plural_between_one_and_many_are_the_first_with_each(parse, read_events):
    # deals between Israel and the UAE and Bahrain were signed .
    doc = parse([("Deals", "NOUN", "nsubjpass", 8, "deal", "O", "NNS"),
                 ("between", "ADP", "prep", 0, "between", "O", "IN"),
                 ("Israel", "PROPN", "pobj", 1, "Israel", "B-GPE", "NNP"),
                 ("and", "CCONJ", "cc", 2, "and", "O", "CC"),
                 ("the", "DET", "det", 5, "the", "O", "DT"),
                 ("UAE", "PROPN", "conj", 2, "UAE", "B-GPE", "NNP"),
                 ("and", "CCONJ", "cc", 5, "and", "O", "CC"),
                 ("Bahrain", "PROPN", "conj", 5, "Bahrain", "B-GPE", "NNP"),
                 ("followed", "VERB", "ROOT", 8, "follow", "O", "VBD"),
                 (".", "PUNCT", "punct", 8, ".", "O", ".")])
    assert read_events(doc) == [("AGREE", "Israel", "UAE"), ("AGREE", "Israel", "Bahrain")]


# ----------------------------------------------------------------------------- frames


def test_meeting_in_a_frame(parse, read_events):
    # Macron said in a meeting with Putin .
    doc = parse([("Macron", "PROPN", "nsubj", 1, "Macron", "B-PERSON"),
                 ("said", "VERB", "ROOT", 1, "say", "O"),
                 ("in", "ADP", "prep", 1, "in", "O"),
                 ("a", "DET", "det", 4, "a", "O"),
                 ("meeting", "NOUN", "pobj", 2, "meeting", "O"),
                 ("with", "ADP", "prep", 4, "with", "O"),
                 ("Putin", "PROPN", "pobj", 5, "Putin", "B-PERSON"),
                 (".", "PUNCT", "punct", 1, ".", "O")])
    assert read_events(doc) == [("CONSULT", "Macron", "Putin")]
    assert read_events(doc, rules=_without("meeting-in-a-frame")) == []


def _in_a_call(parse, complement: bool):
    """In a call , Trump urged Zelensky [to act] ."""
    rows = [("In", "ADP", "prep", 4, "in", "O"),
            ("a", "DET", "det", 2, "a", "O"),
            ("call", "NOUN", "pobj", 0, "call", "O"),
            ("Trump", "PROPN", "nsubj", 4, "Trump", "B-PERSON"),
            ("represented", "VERB", "ROOT", 4, "represent", "O"),
            ("Zelensky", "PROPN", "dobj", 4, "Zelensky", "B-PERSON")]
    if complement:
        rows[4] = ("told", "VERB", "ROOT", 4, "tell", "O")
        rows += [("to", "PART", "aux", 7, "to", "O"), ("act", "VERB", "xcomp", 4, "act", "O")]
    return parse([*rows, (".", "PUNCT", "punct", 4, ".", "O")])


def test_a_meeting_in_a_frame_is_with_whom_the_clause_tells_to_act(parse, read_events):
    doc = _in_a_call(parse, complement=True)
    assert read_events(doc) == [("CONSULT", "Trump", "Zelensky")]
    assert read_events(doc, rules=_without("meeting-in-a-frame")) == []
    # "represented his client in a negotiation": the negotiation is with someone else
    assert read_events(_in_a_call(parse, complement=False)) == []


def test_statement_in_a_frame(parse, read_events):
    # Iran was condemned in a statement by Germany .
    doc = parse([("Iran", "PROPN", "nsubjpass", 2, "Iran", "B-GPE"),
                 ("was", "AUX", "auxpass", 2, "be", "O"),
                 ("condemned", "VERB", "ROOT", 2, "condemn", "O"),
                 ("in", "ADP", "prep", 2, "in", "O"),
                 ("a", "DET", "det", 5, "a", "O"),
                 ("statement", "NOUN", "pobj", 3, "statement", "O"),
                 ("by", "ADP", "prep", 5, "by", "O"),
                 ("Germany", "PROPN", "pobj", 6, "Germany", "B-GPE"),
                 (".", "PUNCT", "punct", 2, ".", "O")])
    assert read_events(doc) == [("ACCUSE", "Germany", "Iran")]
    assert read_events(doc, rules=_without("statement-in-a-frame")) == []


# ----------------------------------------------------------------------------- nesting and discourse


def _offered_to_meet(parse, obj):
    """Russia offered to meet <obj> . (obj: a list of rows from index 4 on, the last one the object)"""
    return parse([("Russia", "PROPN", "nsubj", 1, "Russia", "B-GPE"),
                  ("offered", "VERB", "ROOT", 1, "offer", "O"),
                  ("to", "PART", "aux", 3, "to", "O"),
                  ("meet", "VERB", "xcomp", 1, "meet", "O"),
                  *obj,
                  (".", "PUNCT", "punct", 1, ".", "O")])


def _triggers(doc, rules):
    mentions = find_mentions(doc)
    context = EventContext(doc, mentions, token_mentions(doc, mentions))
    return [(e.trigger, mentions[e.agents[0]].text, mentions[e.targets[0]].text) for e in find_events(context, rules)]


def test_complement_lends_targets(parse):
    doc = _offered_to_meet(parse, [("Ukraine", "PROPN", "dobj", 3, "Ukraine", "B-GPE")])
    # the meeting is what is offered: one event, not two
    assert _triggers(doc, Rules.default()) == [("offered", "Russia", "Ukraine")]
    assert _triggers(doc, _without("complement-lends-targets")) == [("offered", "Russia", "Ukraine"),
                                                                    ("meet", "Russia", "Ukraine")]
    # an offer with no target of its own takes the meeting's
    alone = _without("intention-complement-target")
    assert _triggers(doc, alone) == [("offered", "Russia", "Ukraine")]
    assert _triggers(doc, alone.without("complement-lends-targets")) == [("meet", "Russia", "Ukraine")]


def test_complement_does_not_lend_the_actors_own_possessive(parse):
    # "Russia offered to meet their demands": "their" is Russia's own, not a target to lend
    doc = _offered_to_meet(parse, [("their", "PRON", "poss", 5, "their", "O"),
                                   ("demands", "NOUN", "dobj", 3, "demand", "O")])
    alone = _without("intention-complement-target")
    assert _triggers(doc, alone.without("complement-lends-targets")) == [("meet demands", "Russia", "their")]
    assert _triggers(doc, alone) == []


def test_reported_dialogue_to_speaker(parse, read_events):
    # “ We spoke and he agreed , ” Erdogan said .
    doc = parse([("“", "PUNCT", "punct", 9, "“", "O"),
                 ("We", "PRON", "nsubj", 2, "we", "O"),
                 ("spoke", "VERB", "ccomp", 9, "speak", "O"),
                 ("and", "CCONJ", "cc", 2, "and", "O"),
                 ("he", "PRON", "nsubj", 5, "he", "O"),
                 ("agreed", "VERB", "conj", 2, "agree", "O"),
                 (",", "PUNCT", "punct", 9, ",", "O"),
                 ("”", "PUNCT", "punct", 9, "”", "O"),
                 ("Erdogan", "PROPN", "nsubj", 9, "Erdogan", "B-PERSON"),
                 ("said", "VERB", "ROOT", 9, "say", "O"),
                 (".", "PUNCT", "punct", 9, ".", "O")])
    quote = {"quotes": [(1, 7)], "speakers": {(1, 7): 2}}  # mention 2 is Erdogan (after "We", "he")
    assert read_events(doc, **quote) == [("AGREE", "he", "Erdogan")]
    assert read_events(doc, rules=_without("reported-dialogue-to-speaker"), **quote) == []


def test_event_coreference(parse, read_events):
    # Turkey launched an offensive . The operation was condemned by Germany .
    doc = parse([("Turkey", "PROPN", "nsubj", 1, "Turkey", "B-GPE"),
                 ("launched", "VERB", "ROOT", 1, "launch", "O"),
                 ("an", "DET", "det", 3, "an", "O"),
                 ("offensive", "NOUN", "dobj", 1, "offensive", "O"),
                 ("against", "ADP", "prep", 3, "against", "O"),
                 ("Syria", "PROPN", "pobj", 4, "Syria", "B-GPE"),
                 (".", "PUNCT", "punct", 1, ".", "O"),
                 ("The", "DET", "det", 8, "the", "O"),
                 ("operation", "NOUN", "nsubjpass", 10, "operation", "O"),
                 ("was", "AUX", "auxpass", 10, "be", "O"),
                 ("condemned", "VERB", "ROOT", 10, "condemn", "O"),
                 ("by", "ADP", "agent", 10, "by", "O"),
                 ("Germany", "PROPN", "pobj", 11, "Germany", "B-GPE"),
                 (".", "PUNCT", "punct", 10, ".", "O")])
    assert read_events(doc) == [("ASSAULT", "Turkey", "Syria"), ("ACCUSE", "Germany", "Turkey")]
    assert read_events(doc, rules=_without("event-coreference")) == [("ASSAULT", "Turkey", "Syria")]


# ----------------------------------------------------------------------------- implied arguments


def test_protest_aims_at_state(parse, read_events):
    doc = parse([("Kurds", "PROPN", "nsubj", 1, "Kurds", "B-NORP"),
                 ("demonstrated", "VERB", "ROOT", 1, "demonstrate", "O"),
                 ("in", "ADP", "prep", 1, "in", "O"),
                 ("Kirkuk", "PROPN", "pobj", 2, "Kirkuk", "B-GPE"),
                 (".", "PUNCT", "punct", 1, ".", "O")])
    assert read_events(doc) == [("PROTEST", "Kurds", "Kirkuk")]
    assert read_events(doc, rules=_without("protest-aims-at-state")) == []


def test_protest_by_a_group_no_word_places_aims_at_the_documents_state(parse, read_events):
    # the group is placed when the entities are resolved (by the state the document is about)
    doc = parse([("Protesters", "NOUN", "nsubj", 1, "protester", "O", "NNS"),
                 ("marched", "VERB", "ROOT", 1, "march", "O", "VBD"),
                 ("again", "ADV", "advmod", 1, "again", "O", "RB"),
                 (".", "PUNCT", "punct", 1, ".", "O", ".")])
    assert read_events(doc) == [("PROTEST", "Protesters", "Protesters")]
    assert read_events(doc, rules=_without("protest-aims-at-state")) == []


def test_unnamed_attackers(parse, read_events):
    doc = parse([("A", "DET", "det", 1, "a", "O", "DT"),
                 ("bomb", "NOUN", "nsubj", 2, "bomb", "O", "NN"),
                 ("killed", "VERB", "ROOT", 2, "kill", "O", "VBD"),
                 ("American", "ADJ", "amod", 4, "american", "O", "JJ"),
                 ("soldiers", "NOUN", "dobj", 2, "soldier", "O", "NNS"),
                 ("near", "ADP", "prep", 2, "near", "O", "IN"),
                 ("Basra", "PROPN", "pobj", 5, "Basra", "B-GPE", "NNP"),
                 (".", "PUNCT", "punct", 2, ".", "O", ".")])
    assert read_events(doc) == [("ASSAULT", "Basra", "American soldiers")]
    assert read_events(doc, rules=_without("unnamed-attackers")) == []


def test_a_killing_in_an_attack_is_the_attackers(parse, read_events):
    doc = parse([("Soleimani", "PROPN", "nsubjpass", 2, "Soleimani", "B-PERSON", "NNP"),
                 ("was", "AUX", "auxpass", 2, "be", "O", "VBD"),
                 ("killed", "VERB", "ROOT", 2, "kill", "O", "VBN"),
                 ("in", "ADP", "prep", 2, "in", "O", "IN"),
                 ("a", "DET", "det", 6, "a", "O", "DT"),
                 ("US", "PROPN", "compound", 6, "US", "B-GPE", "NNP"),
                 ("strike", "NOUN", "pobj", 3, "strike", "O", "NN"),
                 ("in", "ADP", "prep", 6, "in", "O", "IN"),
                 ("Baghdad", "PROPN", "pobj", 7, "Baghdad", "B-GPE", "NNP"),
                 (".", "PUNCT", "punct", 2, ".", "O", ".")])
    found = read_events(doc)
    assert ("ASSAULT", "US", "Soleimani") in found
    assert not [e for e in found if e[2] == "US" or e[1] == "Baghdad"]  # the attacker is no target, the place no attacker
    assert ("ASSAULT", "US", "Soleimani") not in read_events(doc, rules=_without("act-in-an-attack-is-the-attackers"))


# ----------------------------------------------------------------------------- categories by convention


def _serbia(parse, *rows):
    """Serbia <rows> Albania . (rows: the tokens between, heads counted from Serbia at 0)"""
    root = next(i for i, r in enumerate(rows, 1) if r[2] == "ROOT")
    return parse([("Serbia", "PROPN", "nsubj", root, "Serbia", "B-GPE"), *rows,
                  ("Albania", "PROPN", "dobj", len(rows), "Albania", "B-GPE"),
                  (".", "PUNCT", "punct", root, ".", "O")])


def test_verbal_attack_is_accuse(parse, read_events):
    # Biden attacked Trump . (one person on another)
    doc = parse([("Biden", "PROPN", "nsubj", 1, "Biden", "B-PERSON"),
                 ("attacked", "VERB", "ROOT", 1, "attack", "O"),
                 ("Trump", "PROPN", "dobj", 1, "Trump", "B-PERSON"),
                 (".", "PUNCT", "punct", 1, ".", "O")])
    assert read_events(doc) == [("ACCUSE", "Biden", "Trump")]
    assert read_events(doc, rules=_without("verbal-attack-is-accuse")) == [("ASSAULT", "Biden", "Trump")]
    # Serbia attacked Albania for its record . (an attack "for" a reason)
    doc = parse([("Serbia", "PROPN", "nsubj", 1, "Serbia", "B-GPE"),
                 ("attacked", "VERB", "ROOT", 1, "attack", "O"),
                 ("Albania", "PROPN", "dobj", 1, "Albania", "B-GPE"),
                 ("for", "ADP", "prep", 1, "for", "O"),
                 ("its", "PRON", "poss", 5, "its", "O"),
                 ("record", "NOUN", "pobj", 3, "record", "O"),
                 (".", "PUNCT", "punct", 1, ".", "O")])
    assert read_events(doc) == [("ACCUSE", "Serbia", "Albania")]
    assert read_events(doc, rules=_without("verbal-attack-is-accuse")) == [("ASSAULT", "Serbia", "Albania")]


def _spoke_with(parse, name, label):
    """Parker spoke with <name> ."""
    return parse([("Parker", "PROPN", "nsubj", 1, "Parker", "B-PERSON"),
                  ("spoke", "VERB", "ROOT", 1, "speak", "O"),
                  ("with", "ADP", "prep", 1, "with", "O"),
                  (name, "PROPN", "pobj", 2, name, f"B-{label}"),
                  (".", "PUNCT", "punct", 1, ".", "O")])


@pytest.mark.parametrize("outlet", ["Wikinews", "Reuters", "Portfolio.hu"])
def test_interview_is_no_consultation(parse, read_events, outlet):
    doc = _spoke_with(parse, outlet, "ORG")
    assert read_events(doc) == []
    assert read_events(doc, rules=_without("interview-is-no-consultation")) == [("CONSULT", "Parker", outlet)]
    assert read_events(_spoke_with(parse, "Pompeo", "PERSON")) == [("CONSULT", "Parker", "Pompeo")]


def test_unless_is_threaten(parse, read_events):
    doc = parse([("Nigeria", "PROPN", "nsubj", 2, "Nigeria", "B-GPE"),
                 ("will", "AUX", "aux", 2, "will", "O"),
                 ("withdraw", "VERB", "ROOT", 2, "withdraw", "O"),
                 ("from", "ADP", "prep", 2, "from", "O"),
                 ("Chad", "PROPN", "pobj", 3, "Chad", "B-GPE"),
                 ("unless", "SCONJ", "mark", 7, "unless", "O"),
                 ("Ghana", "PROPN", "nsubj", 7, "Ghana", "B-GPE"),
                 ("pays", "VERB", "advcl", 2, "pay", "O"),
                 (".", "PUNCT", "punct", 2, ".", "O")])
    assert read_events(doc) == [("THREATEN", "Nigeria", "Chad")]
    # without it, the next convention applies: a withdrawal announced is AGREE
    assert read_events(doc, rules=_without("unless-is-threaten")) == [("AGREE", "Nigeria", "Chad")]


def test_future_cooperation_is_agree(parse, read_events):
    doc = parse([("Germany", "PROPN", "nsubj", 2, "Germany", "B-GPE"),
                 ("will", "AUX", "aux", 2, "will", "O"),
                 ("meet", "VERB", "ROOT", 2, "meet", "O"),
                 ("France", "PROPN", "dobj", 2, "France", "B-GPE"),
                 (".", "PUNCT", "punct", 2, ".", "O")])
    assert read_events(doc) == [("AGREE", "Germany", "France")]
    assert read_events(doc, rules=_without("future-cooperation-is-agree")) == [("CONSULT", "Germany", "France")]


def test_preparing_attack_is_mobilize(parse, read_events):
    doc = _serbia(parse, ("prepared", "VERB", "ROOT", 1, "prepare", "O"),
                  ("to", "PART", "aux", 3, "to", "O"),
                  ("attack", "VERB", "xcomp", 1, "attack", "O"))
    assert read_events(doc) == [("MOBILIZE", "Serbia", "Albania")]
    # without it, an attack announced for the future is a threat
    assert read_events(doc, rules=_without("preparing-attack-is-mobilize")) == [("THREATEN", "Serbia", "Albania")]


def test_future_conflict_is_threaten(parse, read_events):
    doc = _serbia(parse, ("will", "AUX", "aux", 2, "will", "O"),
                  ("attack", "VERB", "ROOT", 2, "attack", "O"))
    assert read_events(doc) == [("THREATEN", "Serbia", "Albania")]
    assert read_events(doc, rules=_without("future-conflict-is-threaten")) == [("ASSAULT", "Serbia", "Albania")]


def test_negated_agreement_is_reject(parse, read_events):
    doc = parse([("Japan", "PROPN", "nsubj", 3, "Japan", "B-GPE"),
                 ("did", "AUX", "aux", 3, "do", "O"),
                 ("not", "PART", "neg", 3, "not", "O"),
                 ("agree", "VERB", "ROOT", 3, "agree", "O"),
                 ("with", "ADP", "prep", 3, "with", "O"),
                 ("China", "PROPN", "pobj", 4, "China", "B-GPE"),
                 (".", "PUNCT", "punct", 3, ".", "O")])
    assert read_events(doc) == [("REJECT", "Japan", "China")]
    assert read_events(doc, rules=_without("negated-agreement-is-reject")) == [("AGREE", "Japan", "China")]


# ----------------------------------------------------------------------------- the order and its changes


def test_every_registered_rule_has_one_place_in_the_order():
    names = Rules.default().names()
    assert len(names) == len(set(names)) == len(registry.names())
    assert set(names) == set(registry.names())
    assert list(ORDER) == ["targets", "nesting", "discourse", "category", "conventions"]


def test_every_rule_says_what_it_reads():
    for name in registry.names():
        doc = registry.get(name).__doc__ or ""
        assert doc.startswith("Rule") and '"' in doc, name  # a grammar rule or convention, with an example


def test_an_unknown_rule_name_is_refused():
    with pytest.raises(KeyError, match="no event rule named 'no-such-rule'"):
        Rules.default().without("no-such-rule")
    with pytest.raises(KeyError, match="no event rule named 'no-such-rule'"):
        Rules.default().replace("no-such-rule", lambda r, ctx: None)
    with pytest.raises(KeyError):
        Rules.from_order({"targets": ("no-such-rule",)})


def test_a_name_registers_once():
    rules = Registry()
    rules.register("x")(lambda r, ctx: None)
    with pytest.raises(ValueError, match="already registered"):
        rules.register("x")(lambda r, ctx: None)


def test_a_replaced_rule_runs_in_its_place(parse, read_events):
    calls = []

    def counting(reading, context):
        """Rule: a stand-in that records what it was asked to read."""
        calls.append(reading.category)

    rules = Rules.default().replace("verbal-attack-is-accuse", counting)
    assert rules.names() == Rules.default().names()
    doc = _serbia(parse, ("attacked", "VERB", "ROOT", 1, "attack", "O"))
    assert read_events(doc, rules=rules) == [("ASSAULT", "Serbia", "Albania")] and calls == ["ASSAULT"]


def test_the_first_convention_that_applies_is_the_only_one(parse, read_events):
    doc = parse([("Germany", "PROPN", "nsubj", 2, "Germany", "B-GPE"),
                 ("will", "AUX", "aux", 2, "will", "O"),
                 ("meet", "VERB", "ROOT", 2, "meet", "O"),
                 ("France", "PROPN", "dobj", 2, "France", "B-GPE"),
                 (".", "PUNCT", "punct", 2, ".", "O")])
    applies = Rules.default().replace("unless-is-threaten", lambda reading, context: True)
    assert read_events(doc, rules=applies) == [("CONSULT", "Germany", "France")]  # AGREE never ran
