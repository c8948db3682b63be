"""kg.stages.extract.person_evidence: one-word PERSON names that nothing reads as a person's."""

from __future__ import annotations

from spacy.tokens import Doc

from kg.records import Mention
from kg.stages.extract.mentions import find_mentions
from kg.stages.extract.person_evidence import has_evidence, review_one_word_persons


def _doc(nlp, words, heads, deps, ents, lemmas=None):
    """A hand-parsed Doc: ``heads`` are absolute token indices."""
    return Doc(nlp.vocab, words=words, heads=heads, deps=deps, ents=ents, lemmas=lemmas or [w.lower() for w in words],
               sent_starts=[True] + [False] * (len(words) - 1))


def _mention(doc, i, label="PERSON", n=0, title=None):
    tok = doc[i]
    return Mention(id=n, start=tok.idx, end=tok.idx + len(tok), text=tok.text, label=label, title=title)


def test_a_speaker_is_a_person(nlp):
    doc = _doc(nlp, ["Potts", "said", "no", "."], [1, 1, 1, 1], ["nsubj", "ROOT", "dobj", "punct"],
               ["B-PERSON", "O", "O", "O"], lemmas=["Potts", "say", "no", "."])
    assert has_evidence(doc, "Potts", [_mention(doc, 0)])
    assert [m.text for m in review_one_word_persons(doc, [_mention(doc, 0)], [])] == ["Potts"]


def test_a_role_in_apposition_or_before_the_name_is_evidence(nlp):
    doc = _doc(nlp, ["Ms", "Grivik", ",", "a", "spokeswoman", ",", "left", "."], [1, 6, 1, 4, 1, 1, 6, 6],
               ["compound", "nsubj", "punct", "det", "appos", "punct", "ROOT", "punct"],
               ["O", "B-PERSON", "O", "O", "O", "O", "O", "O"])
    assert has_evidence(doc, "Grivik", [])
    doc = _doc(nlp, ["spokeswoman", "Grivik", "left"], [1, 2, 2], ["compound", "nsubj", "ROOT"], ["O", "B-PERSON", "O"])
    assert has_evidence(doc, "Grivik", [])


def test_a_common_word_without_evidence_is_dropped_with_its_reason(nlp):
    doc = _doc(nlp, ["Majesty", "arrived", "."], [1, 1, 1], ["nsubj", "ROOT", "punct"], ["B-PERSON", "O", "O"],
               lemmas=["Majesty", "arrive", "."])
    dropped = []
    assert review_one_word_persons(doc, [_mention(doc, 0)], dropped) == []
    assert [(d.text, d.reason) for d in dropped] == [("Majesty", "no person: a common word")]


def test_a_known_place_an_acronym_and_a_name_with_a_digit(nlp):
    doc = _doc(nlp, ["Izmir", "and", "MAGA", "and", "COVID-19", "grew", "."], [5, 0, 0, 2, 2, 5, 5],
               ["nsubj", "cc", "conj", "cc", "conj", "ROOT", "punct"],
               ["B-PERSON", "O", "B-PERSON", "O", "B-PERSON", "O", "O"], lemmas=["Izmir", "and", "MAGA", "and", "COVID-19", "grow", "."])
    mentions = [_mention(doc, i, n=n) for n, i in enumerate((0, 2, 4))]
    dropped = []
    out = review_one_word_persons(doc, mentions, dropped)
    assert [(m.id, m.text, m.label) for m in out] == [(0, "Izmir", "GPE"), (1, "MAGA", "ORG")]
    assert [(d.text, d.reason) for d in dropped] == [("COVID-19", "no person: a name with a digit")]


def test_a_surname_of_a_full_name_a_titled_mention_and_a_given_name_stay(nlp):
    doc = _doc(nlp, ["Bridges", "came", "."], [1, 1, 1], ["nsubj", "ROOT", "punct"], ["B-PERSON", "O", "O"])
    full = Mention(id=1, start=100, end=113, text="Ruth Bridges", label="PERSON")
    assert has_evidence(doc, "Bridges", [_mention(doc, 0), full])
    assert has_evidence(doc, "Bridges", [_mention(doc, 0, title="Senator")])
    doc = _doc(nlp, ["Valery", "came", "."], [1, 1, 1], ["nsubj", "ROOT", "punct"], ["B-PERSON", "O", "O"])
    assert has_evidence(doc, "Valery", [])


def test_real_model_a_film_title_goes_a_speaker_stays(nlp):
    doc = nlp("The film Taken was shown at the festival. Potts said the film was too long.")
    dropped = []
    kept = [m.text for m in review_one_word_persons(doc, find_mentions(doc), dropped) if m.kind == "name"]
    assert "Taken" not in kept and ("Taken", "no person: a common word") in [(d.text, d.reason) for d in dropped]
    doc = nlp("He flew from Iran to Qom on Monday. Qom is a holy city.")
    assert {m.label for m in review_one_word_persons(doc, find_mentions(doc), []) if m.text == "Qom"} <= {"GPE"}


def test_a_town_abroad_is_no_reason_to_read_a_name_as_a_place(nlp):
    # "Tata" is a Hungarian town and a Moroccan province: in a story that names India only, it stays
    doc = _doc(nlp, ["Tata", "in", "India", "grew", "."], [3, 0, 1, 3, 3], ["nsubj", "prep", "pobj", "ROOT", "punct"],
               ["B-PERSON", "O", "B-GPE", "O", "O"], lemmas=["Tata", "in", "India", "grow", "."])
    out = review_one_word_persons(doc, [_mention(doc, 0)], [])
    assert [(m.text, m.label) for m in out] == [("Tata", "PERSON")]
