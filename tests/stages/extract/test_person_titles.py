"""Titles from the phrase around a name: a title the name is in apposition to, a plural title before a list."""

from __future__ import annotations

import pytest

from kg.stages.extract.mentions import find_mentions


def _people(nlp, text):
    return {m.text: (m.title, m.country) for m in find_mentions(nlp(text)) if m.label == "PERSON" and m.kind == "name"}


@pytest.mark.parametrize(("text", "expected"), [
    # the parser hangs the name on the place as often as on the title
    ("The mayor of New Orleans, LaToya Cantrell, advised residents to shelter in place.",
     {"LaToya Cantrell": ("mayor", "USA")}),
    ("The Prime Minister of Israel, Benjamin Netanyahu, met the envoy.",
     {"Benjamin Netanyahu": ("Prime Minister", "ISR")}),
    # one plural title before a list is each one's
    ("The subpoena was issued jointly by Representatives Eliot Engel, Adam Schiff, and Elijah Cummings.",
     {"Eliot Engel": ("Representative", None), "Adam Schiff": ("Representative", None)}),
    ("Senators Bernie Sanders and Elizabeth Warren criticised the bill.",
     {"Bernie Sanders": ("Senator", None), "Elizabeth Warren": ("Senator", None)}),
])
def test_a_title_from_the_phrase_around_the_name(nlp, text, expected):
    people = _people(nlp, text)
    assert {k: people.get(k) for k in expected} == expected


def test_a_list_without_a_title_and_an_apposition_without_one_stay_untitled(nlp):
    assert _people(nlp, "Bernie Sanders and Elizabeth Warren criticised the bill.") == {
        "Bernie Sanders": (None, None), "Elizabeth Warren": (None, None)}
    people = _people(nlp, "The lawyer of the family, Richard Keen, spoke to reporters.")
    assert people.get("Richard Keen") == (None, None)  # "lawyer" is no title of office
