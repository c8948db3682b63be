"""Long documents (issue 8): split and merged with offsets kept."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import PARAGRAPHS, long_text

from kg.records import Document
from kg.stages.nlp import (
    BATCH_CHARS,
    chunk_ends,
    parse_long,
    pipe_documents,
    split_text,
)


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
    # chunks end at line breaks and are parsed with their context: the reading does not change
    assert _reading(doc) == _reading(whole)
    assert sum(e.text == "Xi Jinping" for e in doc.ents) == sum(p.count("Xi Jinping") for p in text.split("\n"))
    # every chunk starts a sentence; no sentence crosses a paragraph break
    assert all("\n\n" not in s.text.strip() for s in doc.sents)


def _reading(doc):
    return [(t.idx, t.text, t.whitespace_, t.tag_, t.pos_, t.dep_, t.head.i, t.lemma_, t.ent_iob_, t.ent_type_,
             t.is_sent_start, str(t.morph)) for t in doc]


def test_chunks_are_cut_by_characters_and_by_sentences():
    text = "Yes. " * 3000 + "\n" + "A long line without a sentence end " * 400
    ends = chunk_ends(text, 10_000, 400)
    assert ends[-1] == len(text)
    starts = [0, *ends[:-1]]
    for a, b in zip(starts, ends):
        assert b - a <= 10_000 and text[a:b].count("Yes.") <= 400
    assert len([e for e in ends if e <= 15_000]) >= 3000 // 400  # the tiny sentences: 400 at most a chunk


def test_a_million_tiny_sentences_are_bounded_in_time_and_memory(tmp_path, monkeypatch):
    # issue 20, finding 8: 5 MB of "Yes. " took 458 s and 7.5 GB, parsed a million characters at a time
    from spacy.language import Language

    from kg.pipeline import run_build

    (tmp_path / "tiny.txt").write_text("Yes. " * 1_000_000)
    given = []  # characters handed to spaCy at once
    pipe = Language.pipe

    def spy(self, texts, *args, **kwargs):
        texts = list(texts)
        given.append(sum(len(t if isinstance(t, str) else t.text) for t in texts))
        return pipe(self, texts, *args, **kwargs)

    monkeypatch.setattr(Language, "pipe", spy)
    report = run_build([tmp_path], store=None, max_sentences=1_000)
    assert report.documents == 1
    [note] = [p for p in report.problems if p.code == "E128"]
    assert "1,000,000 sentences" in str(note) and "character 5,000 of 5,000,000" in str(note)
    assert given and max(given) <= BATCH_CHARS  # the parser never holds more than a batch
    assert sum(given) < 10_000  # 1,000 sentences read, with their chunks' context


def test_the_sentence_limit_is_an_option_with_a_note(tmp_path, capsys):
    from support import kg

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "list.txt").write_text("Putin met Xi.\n" * 50)
    assert kg("build", tmp_path / "in", "-o", tmp_path / "out", "--no-png", "--max-sentences", "10") == 0
    err = capsys.readouterr().err
    assert "kg: note: [E128]" in err and "list.txt: 50 sentences, more than the 10" in err


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
