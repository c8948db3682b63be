"""kg.stages.extract.acronyms: the acronyms a document defines, in either order."""

from __future__ import annotations

from kg.stages.extract.acronyms import definitions


def test_a_long_form_before_its_acronym_is_found_with_its_offsets():
    text = "Mahan's director has ties to the Islamic Revolutionary Guard Corps (IRGC) of Iran."
    (d,) = definitions(text)
    assert (d.short, d.long, text[d.start:d.end]) == ("IRGC", "Islamic Revolutionary Guard Corps",
                                                      "Islamic Revolutionary Guard Corps")


def test_an_acronym_before_its_long_form_in_brackets_is_found():
    text = "The SDF said hundreds of ISIS (Islamic State of Iraq and Syria) fighters escaped."
    assert [(d.short, d.long) for d in definitions(text)] == [("ISIS", "Islamic State of Iraq and Syria")]


def test_brackets_that_define_nothing_give_nothing():
    assert definitions("He met the president (again) in Paris (France), said the BBC (in a report).") == []
    # letters that do not fit the words before the bracket
    assert definitions("The ministry said the figures (WHO) were wrong.") == []
