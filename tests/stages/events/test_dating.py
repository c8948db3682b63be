"""The dating rules of kg.stages.events.dating, one hand-built parse per rule.

Each parse is written token by token as ``(word, pos, tag, dep, head, ent)`` (heads absolute,
``ent`` a BIO tag), so a rule is tested on the tree it reads, not on what a model makes of it.
The stories are dated Wednesday 18 June 2025 unless said otherwise.
"""

from __future__ import annotations

from datetime import date

import pytest
from spacy.tokens import Doc

from kg.records import DateValue
from kg.stages.events.dating import RULES, DocumentTime, find_timexes

WED = date(2025, 6, 18)
LEMMAS = {"said": "say", "spoke": "speak", "has": "have", "had": "have", "will": "will", "is": "be"}


def _doc(nlp, rows, text_spaces=None):
    words, pos, tags, deps, heads, ents = (list(col) for col in zip(*rows))
    lemmas = [LEMMAS.get(w.lower(), w.lower()) for w in words]
    return Doc(nlp.vocab, words=words, spaces=text_spaces, pos=pos, tags=tags, deps=deps, heads=heads,
               lemmas=lemmas, ents=ents)


def _date(time: DocumentTime, word: str, *, noun: bool = False):
    token = next(t for t in time.doc if t.text == word)
    dated = time.event_date([token], noun=noun)
    return (dated[0].value, dated[0].precision, dated[1]) if dated else None


# "Iran attacked Iraq on Saturday."
ATTACKED_ON_SATURDAY = [
    ("Iran", "PROPN", "NNP", "nsubj", 1, "B-GPE"), ("attacked", "VERB", "VBD", "ROOT", 1, "O"),
    ("Iraq", "PROPN", "NNP", "dobj", 1, "B-GPE"), ("on", "ADP", "IN", "prep", 1, "O"),
    ("Saturday", "PROPN", "NNP", "pobj", 3, "B-DATE"), (".", "PUNCT", ".", "punct", 1, "O"),
]


def test_rule_own_a_date_phrase_on_the_trigger(nlp):
    time = DocumentTime(_doc(nlp, ATTACKED_ON_SATURDAY), WED)
    assert _date(time, "attacked") == ("2025-06-14", "day", "own")
    assert [t.text for t in time.timexes] == ["on Saturday"]


def test_without_a_story_date_a_weekday_is_no_date(nlp):
    assert _date(DocumentTime(_doc(nlp, ATTACKED_ON_SATURDAY), None), "attacked") is None


def test_a_phrase_that_bounds_an_event_does_not_date_it(nlp):
    rows = [r if r[0] != "on" else ("by", "ADP", "IN", "prep", 1, "O") for r in ATTACKED_ON_SATURDAY]
    assert _date(DocumentTime(_doc(nlp, rows), WED), "attacked") is None  # "attacked Iraq by Saturday"


def test_rule_own_reads_forward_when_the_clause_looks_ahead(nlp):
    # "Germany will meet France on Saturday."
    rows = [("Germany", "PROPN", "NNP", "nsubj", 2, "B-GPE"), ("will", "AUX", "MD", "aux", 2, "O"),
            ("meet", "VERB", "VB", "ROOT", 2, "O"), ("France", "PROPN", "NNP", "dobj", 2, "B-GPE"),
            ("on", "ADP", "IN", "prep", 2, "O"), ("Saturday", "PROPN", "NNP", "pobj", 4, "B-DATE"),
            (".", "PUNCT", ".", "punct", 2, "O")]
    assert _date(DocumentTime(_doc(nlp, rows), WED), "meet") == ("2025-06-21", "day", "own")


def test_rule_own_an_anaphoric_phrase_is_read_against_the_narrative(nlp):
    # "Iran attacked Iraq on Monday. Iraq retaliated the following day." (no DATE entity on it)
    rows = ATTACKED_ON_SATURDAY[:4] + [
        ("Monday", "PROPN", "NNP", "pobj", 3, "B-DATE"), (".", "PUNCT", ".", "punct", 1, "O"),
        ("Iraq", "PROPN", "NNP", "nsubj", 7, "B-GPE"), ("retaliated", "VERB", "VBD", "ROOT", 7, "O"),
        ("the", "DET", "DT", "det", 10, "O"), ("following", "VERB", "VBG", "amod", 10, "O"),
        ("day", "NOUN", "NN", "npadvmod", 7, "O"), (".", "PUNCT", ".", "punct", 7, "O"),
    ]
    time = DocumentTime(_doc(nlp, rows), WED)
    assert [t.text for t in time.timexes] == ["on Monday", "the following day"]
    assert _date(time, "attacked") == ("2025-06-16", "day", "own")
    assert _date(time, "retaliated") == ("2025-06-17", "day", "own")


def test_rule_own_a_week_is_dated_by_its_monday(nlp):
    # "Protesters marched last week."
    rows = [("Protesters", "NOUN", "NNS", "nsubj", 1, "O"), ("marched", "VERB", "VBD", "ROOT", 1, "O"),
            ("last", "ADJ", "JJ", "amod", 3, "B-DATE"), ("week", "NOUN", "NN", "npadvmod", 1, "I-DATE"),
            (".", "PUNCT", ".", "punct", 1, "O")]
    assert _date(DocumentTime(_doc(nlp, rows), WED), "marched") == ("2025-06-09", "week", "own")


def test_rule_frame_the_date_of_the_noun_that_frames_the_clause(nlp):
    # "Trump spoke in a call on Monday."
    rows = [("Trump", "PROPN", "NNP", "nsubj", 1, "B-PERSON"), ("spoke", "VERB", "VBD", "ROOT", 1, "O"),
            ("in", "ADP", "IN", "prep", 1, "O"), ("a", "DET", "DT", "det", 4, "O"),
            ("call", "NOUN", "NN", "pobj", 2, "O"), ("on", "ADP", "IN", "prep", 4, "O"),
            ("Monday", "PROPN", "NNP", "pobj", 5, "B-DATE"), (".", "PUNCT", ".", "punct", 1, "O")]
    assert _date(DocumentTime(_doc(nlp, rows), WED), "spoke") == ("2025-06-16", "day", "frame")


def test_rule_clause_a_coordinated_verb_shares_the_date(nlp):
    # "Police fired and landed a round yesterday."
    rows = [("Police", "NOUN", "NNS", "nsubj", 1, "O"), ("fired", "VERB", "VBD", "ROOT", 1, "O"),
            ("and", "CCONJ", "CC", "cc", 1, "O"), ("landed", "VERB", "VBD", "conj", 1, "O"),
            ("a", "DET", "DT", "det", 5, "O"), ("round", "NOUN", "NN", "dobj", 3, "O"),
            ("yesterday", "NOUN", "NN", "npadvmod", 3, "B-DATE"), (".", "PUNCT", ".", "punct", 1, "O")]
    time = DocumentTime(_doc(nlp, rows), WED)
    assert _date(time, "fired") == ("2025-06-17", "day", "clause")
    assert _date(time, "landed") == ("2025-06-17", "day", "own")


def _said_that(aux: str | None):
    """ "Iran said on Monday that it [had] attacked Iraq." """
    rows = [("Iran", "PROPN", "NNP", "nsubj", 1, "B-GPE"), ("said", "VERB", "VBD", "ROOT", 1, "O"),
            ("on", "ADP", "IN", "prep", 1, "O"), ("Monday", "PROPN", "NNP", "pobj", 2, "B-DATE"),
            ("that", "SCONJ", "IN", "mark", 7, "O"), ("it", "PRON", "PRP", "nsubj", 7, "O")]
    rows += [(aux, "AUX", "VBD", "aux", 7, "O")] if aux else []
    n = len(rows)
    rows += [("attacked", "VERB", "VBN" if aux else "VBD", "ccomp", 1, "O"),
             ("Iraq", "PROPN", "NNP", "dobj", n, "B-GPE"), (".", "PUNCT", ".", "punct", 1, "O")]
    if not aux:  # one token fewer: the heads after "it" move back by one
        rows = [(w, p, t, d, h - 1 if h == 7 else h, e) for w, p, t, d, h, e in rows]
    return rows


def test_rule_clause_what_a_dated_report_says_shares_its_date(nlp):
    time = DocumentTime(_doc(nlp, _said_that(None)), WED)
    assert _date(time, "attacked") == ("2025-06-16", "day", "clause")


def test_a_pluperfect_in_a_dated_report_is_not_dated(nlp):
    time = DocumentTime(_doc(nlp, _said_that("had")), WED)
    assert _date(time, "said") == ("2025-06-16", "day", "own")
    assert _date(time, "attacked") is None


def test_rule_antecedent_a_relative_clause_takes_its_antecedents_date(nlp):
    # "They met on Saturday, when the two discussed trade."
    rows = [("They", "PRON", "PRP", "nsubj", 1, "O"), ("met", "VERB", "VBD", "ROOT", 1, "O"),
            ("on", "ADP", "IN", "prep", 1, "O"), ("Saturday", "PROPN", "NNP", "pobj", 2, "B-DATE"),
            (",", "PUNCT", ",", "punct", 3, "O"), ("when", "SCONJ", "WRB", "advmod", 8, "O"),
            ("the", "DET", "DT", "det", 7, "O"), ("two", "NUM", "CD", "nsubj", 8, "O"),
            ("discussed", "VERB", "VBD", "relcl", 3, "O"), ("trade", "NOUN", "NN", "dobj", 8, "O"),
            (".", "PUNCT", ".", "punct", 1, "O")]
    assert _date(DocumentTime(_doc(nlp, rows), WED), "discussed") == ("2025-06-14", "day", "antecedent")


def _bombed(aux: str):
    """ "Israel {aux} bombed Gaza for several days." """
    return [("Israel", "PROPN", "NNP", "nsubj", 2, "B-GPE"), (aux, "AUX", "VBZ" if aux == "has" else "VBD", "aux", 2, "O"),
            ("bombed", "VERB", "VBN", "ROOT", 2, "O"), ("Gaza", "PROPN", "NNP", "dobj", 2, "B-GPE"),
            ("for", "ADP", "IN", "prep", 2, "O"), ("several", "ADJ", "JJ", "amod", 6, "B-DATE"),
            ("days", "NOUN", "NNS", "pobj", 4, "I-DATE"), (".", "PUNCT", ".", "punct", 2, "O")]


def test_rule_ongoing_a_perfect_over_a_duration_holds_on_the_story_date(nlp):
    assert _date(DocumentTime(_doc(nlp, _bombed("has")), WED), "bombed") == ("2025-06-18", "day", "ongoing")


def test_a_pluperfect_over_a_duration_is_not_dated(nlp):
    assert _date(DocumentTime(_doc(nlp, _bombed("had")), WED), "bombed") is None


def test_rule_said_a_present_act_in_a_quotation_is_dated_when_it_was_said(nlp):
    # 'The minister spoke on Monday. "We urge Iraq to stop."'
    rows = [("The", "DET", "DT", "det", 1, "O"), ("minister", "NOUN", "NN", "nsubj", 2, "O"),
            ("spoke", "VERB", "VBD", "ROOT", 2, "O"), ("on", "ADP", "IN", "prep", 2, "O"),
            ("Monday", "PROPN", "NNP", "pobj", 3, "B-DATE"), (".", "PUNCT", ".", "punct", 2, "O"),
            ('"', "PUNCT", "``", "punct", 8, "O"), ("We", "PRON", "PRP", "nsubj", 8, "O"),
            ("urge", "VERB", "VBP", "ROOT", 8, "O"), ("Iraq", "PROPN", "NNP", "dobj", 8, "B-GPE"),
            ("to", "PART", "TO", "aux", 11, "O"), ("stop", "VERB", "VB", "xcomp", 8, "O"),
            (".", "PUNCT", ".", "punct", 8, "O"), ('"', "PUNCT", "''", "punct", 8, "O")]
    doc = _doc(nlp, rows)
    quote = (7, 13)
    time = DocumentTime(doc, WED, region_of=lambda i: quote if quote[0] <= i < quote[1] else None,
                        quote_verbs={quote: doc[2]})
    assert time.said_on == {quote: DateValue("2025-06-16", "day", "on Monday")}
    assert _date(time, "urge") == ("2025-06-16", "day", "said")
    assert _date(DocumentTime(doc, WED), "urge") is None  # not known as a quotation: no date


def _narrative(second_aux: str | None = None, *, paragraph: bool = False):
    """ "On Friday, protesters gathered. Police [had] fired gas." """
    rows = [("On", "ADP", "IN", "prep", 4, "O"), ("Friday", "PROPN", "NNP", "pobj", 0, "B-DATE"),
            (",", "PUNCT", ",", "punct", 4, "O"), ("protesters", "NOUN", "NNS", "nsubj", 4, "O"),
            ("gathered", "VERB", "VBD", "ROOT", 4, "O"), (".", "PUNCT", ".", "punct", 4, "O"),
            ("Police", "NOUN", "NNS", "nsubj", 7, "O")]
    if second_aux:
        rows += [(second_aux, "AUX", "VBD", "aux", 8, "O"), ("fired", "VERB", "VBN", "ROOT", 8, "O"),
                 ("gas", "NOUN", "NN", "dobj", 8, "O"), (".", "PUNCT", ".", "punct", 8, "O")]
        rows[6] = ("Police", "NOUN", "NNS", "nsubj", 8, "O")
    else:
        rows += [("fired", "VERB", "VBD", "ROOT", 7, "O"), ("gas", "NOUN", "NN", "dobj", 7, "O"),
                 (".", "PUNCT", ".", "punct", 7, "O")]
    spaces = [True] * len(rows)
    spaces[4] = False
    return rows, spaces


SUNDAY = date(2019, 6, 23)


def test_rule_narrative_an_undated_past_clause_takes_the_narratives_date(nlp):
    rows, spaces = _narrative()
    time = DocumentTime(_doc(nlp, rows, spaces), SUNDAY)
    assert _date(time, "gathered") == ("2019-06-21", "day", "own")
    assert _date(time, "fired") == ("2019-06-21", "day", "narrative")


def test_rule_narrative_a_pluperfect_leaves_the_narrative(nlp):
    rows, spaces = _narrative("had")
    assert _date(DocumentTime(_doc(nlp, rows, spaces), SUNDAY), "fired") is None


def test_every_rule_is_named_once():
    assert len(set(RULES)) == len(RULES) == 7


@pytest.mark.parametrize("text", ["", "No dates here."])
def test_a_document_without_date_phrases(nlp, text):
    doc = nlp(text)
    assert find_timexes(doc) == [] and DocumentTime(doc, WED).timexes == []
