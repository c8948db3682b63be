"""Coreference of plural pronouns and of "we": on hand-built parses and with the real model.

Each hand-built test writes the parse of one example (one row per token: word, part of
speech, fine tag, dependency, head index, lemma, entity) so the rule is read on the parse it
was written for, whatever the model makes of the sentence.
"""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from kg.stages.extract.coref import quote_speakers, resolve_coreference
from kg.stages.extract.mentions import find_mentions, quote_regions, token_mentions


def _doc(nlp, rows) -> Doc:
    words, pos, tags, deps, heads, lemmas, ents = (list(c) for c in zip(*rows))
    return Doc(nlp.vocab, words=words, pos=pos, tags=tags, deps=deps, heads=heads, lemmas=lemmas, ents=ents)


def _links(doc: Doc) -> set[tuple[str, str]]:
    ms = find_mentions(doc)
    return {(ms[a].text, ms[b].text) for a, b in resolve_coreference(doc, ms, token_mentions(doc, ms))}


# Iraqi students marched . They asked the government for help .
_MARCHED = [("Iraqi", "ADJ", "JJ", "amod", 1, "iraqi", "B-NORP"),
            ("students", "NOUN", "NNS", "nsubj", 2, "student", "O"),
            ("marched", "VERB", "VBD", "ROOT", 2, "march", "O"),
            (".", "PUNCT", ".", "punct", 2, ".", "O")]


def _then(*rows):
    """The rows of a second sentence after _MARCHED (heads counted from its first token)."""
    return [*_MARCHED, *((w, p, t, d, h + len(_MARCHED), lem, e) for w, p, t, d, h, lem, e in rows)]


def test_they_is_the_group_a_plural_noun_named_last(nlp):
    doc = _doc(nlp, _then(("They", "PRON", "PRP", "nsubj", 1, "they", "O"),
                          ("asked", "VERB", "VBD", "ROOT", 1, "ask", "O"),
                          ("the", "DET", "DT", "det", 3, "the", "O"),
                          ("government", "NOUN", "NN", "dobj", 1, "government", "O"),
                          ("for", "ADP", "IN", "prep", 1, "for", "O"),
                          ("help", "NOUN", "NN", "pobj", 4, "help", "O"),
                          (".", "PUNCT", ".", "punct", 1, ".", "O")))
    assert _links(doc) == {("They", "Iraqi students")}


def test_they_is_no_argument_of_its_own_verb(nlp):
    # Iraqi students said police beat them .  -- "them" is not the police that beat them
    doc = _doc(nlp, [("Iraqi", "ADJ", "JJ", "amod", 1, "iraqi", "B-NORP"),
                     ("students", "NOUN", "NNS", "nsubj", 2, "student", "O"),
                     ("said", "VERB", "VBD", "ROOT", 2, "say", "O"),
                     ("Iraqi", "ADJ", "JJ", "amod", 4, "iraqi", "B-NORP"),
                     ("police", "NOUN", "NNS", "nsubj", 5, "police", "O"),
                     ("beat", "VERB", "VBD", "ccomp", 2, "beat", "O"),
                     ("them", "PRON", "PRP", "dobj", 5, "they", "O"),
                     (".", "PUNCT", ".", "punct", 2, ".", "O")])
    assert _links(doc) == {("them", "Iraqi students")}


def test_they_is_no_singular_noun_and_not_two_sentences_back(nlp):
    # Iraqi students marched . The government met . They left .
    doc = _doc(nlp, _then(("The", "DET", "DT", "det", 1, "the", "O"),
                          ("government", "NOUN", "NN", "nsubj", 2, "government", "O"),
                          ("met", "VERB", "VBD", "ROOT", 2, "meet", "O"),
                          (".", "PUNCT", ".", "punct", 2, ".", "O"),
                          ("The", "DET", "DT", "det", 5, "the", "O"),
                          ("talks", "NOUN", "NNS", "nsubj", 6, "talk", "O"),
                          ("ended", "VERB", "VBD", "ROOT", 6, "end", "O"),
                          (".", "PUNCT", ".", "punct", 6, ".", "O"),
                          ("They", "PRON", "PRP", "nsubj", 9, "they", "O"),
                          ("left", "VERB", "VBD", "ROOT", 9, "leave", "O"),
                          (".", "PUNCT", ".", "punct", 9, ".", "O")))
    assert _links(doc) == set()


def test_we_in_a_quote_is_its_speaker(nlp):
    # “ We warn Israel , ” Hamas said .
    doc = _doc(nlp, [("“", "PUNCT", "``", "punct", 7, "“", "O"),
                     ("We", "PRON", "PRP", "nsubj", 2, "we", "O"),
                     ("warn", "VERB", "VBP", "ccomp", 7, "warn", "O"),
                     ("Israel", "PROPN", "NNP", "dobj", 2, "Israel", "B-GPE"),
                     (",", "PUNCT", ",", "punct", 7, ",", "O"),
                     ("”", "PUNCT", "''", "punct", 7, "”", "O"),
                     ("Hamas", "PROPN", "NNP", "nsubj", 7, "Hamas", "B-ORG"),
                     ("said", "VERB", "VBD", "ROOT", 7, "say", "O"),
                     (".", "PUNCT", ".", "punct", 7, ".", "O")])
    assert _links(doc) == {("We", "Hamas")}


# Real-model cases: text -> links that must be made, links that must not.
CASES = [
    ("Hong Kong student groups had given the government until Thursday. Protesters' demands include an "
     "inquiry into police violence. They had asked Chief Executive Carrie Lam to resign.",
     {("They", "Protesters")}, {("They", "government")}),
    ("“These attacks are our right, and we warn the Saudis,” Houthi spokesman Yahya Saree said.",
     {("we", "Yahya Saree"), ("our", "Yahya Saree")}, set()),
    ("Radical French farmers said on Friday they would blockade Paris.",
     {("they", "Radical French farmers")}, set()),
    ("Egyptian police arrested hundreds of demonstrators. “They were peaceful,” a lawyer said.",
     set(), {("They", "Egyptian police"), ("They", "demonstrators")}),  # "they" in a quote: left alone
    # NER reads "Twitter" as a person here; a platform is no antecedent of "her"
    ("President Trump lashed out at the capital city's Democratic mayor Muriel Bowser on Twitter, accusing her "
     "of \"not protecting\" people.", {("her", "Muriel Bowser")}, {("her", "Twitter")}),
]


@pytest.mark.parametrize(("text", "made", "not_made"), CASES, ids=[c[0][:40] for c in CASES])
def test_real_model_cases(nlp, text, made, not_made):
    links = _links(nlp(text))
    assert made <= links and not (not_made & links)



def _speakers(nlp, text: str) -> list[tuple[str, str | None]]:
    doc = nlp(text)
    ms = find_mentions(doc)
    by_region = quote_speakers(doc, token_mentions(doc, ms))
    return [(doc[a:b].text, ms[by_region[(a, b)]].text if (a, b) in by_region else None)
            for a, b in quote_regions(doc)]


def test_a_verb_after_a_quote_that_ends_its_sentence_is_the_next_ones(nlp):
    text = ('Mike Pence said the US is "in the midst of a crisis." Nancy Pelosi said "We are committed '
            'to keeping our border safe."')
    assert [s for _, s in _speakers(nlp, text)] == ["Mike Pence", "Nancy Pelosi"]
    assert ("We", "Nancy Pelosi") in _links(nlp(text))


@pytest.mark.parametrize(("text", "speaker"), [
    ("“We will go,” Vladimir Putin said.", "Vladimir Putin"),
    ("“Why now?” Vladimir Putin asked.", "Vladimir Putin"),
])
def test_a_verb_after_a_quote_in_its_sentence_is_its_own(nlp, text, speaker):
    assert [s for _, s in _speakers(nlp, text)] == [speaker]
