"""Long documents (issue 8): split and merged with offsets kept."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import PARAGRAPHS, long_text

from kg.records import Document
from kg.stages.nlp import parse_long, pipe_documents, split_text


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.sampled_from("ab .\n\t!?\u2003é"), max_size=400), limit=st.integers(1, 60))
def test_split_text_partitions_the_text(text, limit):
    chunks = split_text(text, limit)
    assert "".join(chunks) == text
    assert all(0 < len(c) <= limit for c in chunks) or chunks == [""]


def test_split_prefers_paragraphs_then_lines_then_sentences_then_hard_cuts():
    text = long_text()
    chunks = split_text(text, 2000)
    assert len(chunks) > 3 and all(c.endswith("\n") for c in chunks[:-1])
    assert all(len(c) <= 2000 for c in chunks)
    one_line = " ".join(PARAGRAPHS * 10)  # no line breaks: sentence ends
    assert all(c.endswith(". ") for c in split_text(one_line, 500)[:-1])
    assert split_text("x" * 5000, 2000) == ["x" * 2000, "x" * 2000, "x" * 1000]  # no boundary at all


def test_parse_long_keeps_offsets_of_entities_and_sentences(nlp):
    text = long_text()
    assert len(text) > 5 * 2000
    doc = parse_long(nlp, text, max_length=2000)
    assert doc.text == text  # nothing truncated, nothing added
    whole = nlp(text)  # the text is short enough to parse whole: the reference
    assert len(doc) == len(whole)
    for tok in doc:
        assert text[tok.idx:tok.idx + len(tok.text)] == tok.text
    for ent in doc.ents:
        assert text[ent.start_char:ent.end_char] == ent.text
    for sent in doc.sents:
        assert text[sent.start_char:sent.end_char] == sent.text
    ents = {(e.start_char, e.end_char, e.label_) for e in doc.ents}
    ref = {(e.start_char, e.end_char, e.label_) for e in whole.ents}
    assert len(ents & ref) >= 0.95 * len(ref)  # chunks end at paragraphs: the reading barely changes
    assert sum(e.text == "Xi Jinping" for e in doc.ents) == sum(p.count("Xi Jinping") for p in text.split("\n"))
    # every chunk starts a sentence; no sentence crosses a paragraph break
    assert all("\n\n" not in s.text.strip() for s in doc.sents)


@pytest.mark.parametrize("text", ["x" * 4500, ("word " * 900).strip(), "Putin spoke.\n" * 400],
                         ids=["no-space", "spaces", "lines"])
def test_parse_long_without_paragraphs(nlp, text):
    doc = parse_long(nlp, text, max_length=1000)
    assert doc.text == text


def test_over_spacy_max_length_is_split_not_refused(nlp):
    text = long_text(30)
    old = nlp.max_length
    nlp.max_length = 1500
    try:
        with pytest.raises(ValueError):
            nlp(text)  # spaCy alone refuses (E088)
        assert parse_long(nlp, text).text == text
        docs = [Document(id=str(i), name=f"{i}.txt", text=t) for i, t in
                enumerate(["Putin met Xi.", text, "Biden met Modi in Delhi.", text + "Macron left."])]
        out = list(pipe_documents(nlp, iter(docs), batch_size=2))
    finally:
        nlp.max_length = old
    assert [d.name for d, _ in out] == ["0.txt", "1.txt", "2.txt", "3.txt"]  # in order
    assert all(p.text == d.text for d, p in out)


def test_build_of_a_document_over_max_length(nlp, tmp_path):
    from kg.pipeline import run_build
    from kg.stages.nlp import load_model

    (tmp_path / "long.txt").write_text(long_text(40))
    models = {id(m): m for m in (nlp, load_model(None))}.values()  # load_model() and load_model(None) differ
    for m in models:
        m.max_length = 1500
    try:
        report = run_build([tmp_path], store=None)
    finally:
        for m in models:
            m.max_length = 1_000_000
    assert report.documents == 1 and report.events > 10


def test_extraction_on_a_merged_doc_has_offsets_into_the_text(nlp):
    from kg.stages.extract import extract
    from kg.stages.ingest import document_id

    text = long_text(30)
    d = Document(id=document_id("long.txt", text), name="long.txt", text=text)
    [(document, parsed)] = list(pipe_documents(nlp, [d], max_length=1500))
    ex = extract(document, parsed)
    assert ex.mentions and ex.events
    for m in ex.mentions:
        assert text[m.start:m.end] == m.text
    for e in ex.events:
        assert e.sentence.strip() in text
        assert text[e.trigger_start:e.trigger_end].lower().startswith(e.trigger.split()[0].lower()[:3])
