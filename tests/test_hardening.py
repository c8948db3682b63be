"""Limits, determinism, crash safety and concurrency (issue 8).

Long documents are split and merged with offsets kept; the same input gives byte-identical
sorted N-Triples on every run and with 1 or 2 workers; readers work while nothing writes and
while a writer holds or writes the store; a second writer is refused with the first's PID.

What tests/test_store.py and tests/test_pipeline.py already show is not repeated here: kill -9
and Ctrl-C of a build mid-way (every document fully present or absent, resumed without
duplicates), a second writer refused with the PID, the lock freed when its holder dies.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.cli import app
from kg.cli._app import run_command
from kg.errors import KGError
from kg.nlp import parse_long, pipe_documents, split_text
from kg.records import Document
from kg.store import KGStore

ROOT = Path(__file__).resolve().parents[1]
PARAGRAPHS = [
    "Russian President Vladimir Putin met Chinese President Xi Jinping in Beijing on Monday.",
    "French President Emmanuel Macron accused Russia of violating the ceasefire in Ukraine.",
    "German Chancellor Olaf Scholz visited Kyiv on Tuesday and promised more aid.",
    "Turkey's Recep Tayyip Erdogan threatened Sweden with a veto over NATO membership.",
    "Indian Prime Minister Narendra Modi spoke with Joe Biden in Washington about trade.",
    "Egypt condemned the air strikes on Gaza, and Israel rejected the criticism on Friday.",
]


def long_text(n: int = 120) -> str:
    """A multi-paragraph article of about n paragraphs (blank lines between, some single breaks)."""
    parts = []
    for i in range(n):
        para = PARAGRAPHS[i % len(PARAGRAPHS)]
        parts.append(para + (" " + PARAGRAPHS[(i + 2) % len(PARAGRAPHS)] if i % 3 == 0 else ""))
        parts.append("\n\n" if i % 4 else "\n")
    return "".join(parts)


# ---------------------------------------------------------------------------- long documents


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

    from kg.nlp import load_model

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
    from kg.extract import extract
    from kg.ingest import document_id

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


# ---------------------------------------------------------------------------- determinism


def corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i, para in enumerate(PARAGRAPHS):
        (folder / f"doc{i}.txt").write_text(f"{para}\n\n{PARAGRAPHS[(i + 1) % 6]} On 3 May 2024 talks went on.\n")
    return folder


def sorted_nt(target, path: Path) -> bytes:
    from kg.export import export

    export(target, "nt", path)
    lines = path.read_bytes().splitlines(keepends=True)
    return b"".join(sorted(lines))


def test_same_input_gives_byte_identical_ntriples(tmp_path, nlp):
    from kg.pipeline import run_build

    src = corpus(tmp_path / "in")
    runs = {}
    for name, workers in (("first", 1), ("two-workers", 2)):
        report = run_build([src], store=tmp_path / name, workers=workers, batch_size=2)
        report.store.close()
        runs[name] = sorted_nt(tmp_path / name, tmp_path / f"{name}.nt")
    # another process, another hash seed (set and dict orders of strings change with it)
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    proc = subprocess.run([sys.executable, "-c", "from kg.cli import main; main()", "build", str(src), "-o",
                           str(tmp_path / "cli"), "--no-png", "--workers", "2", "--batch-size", "4"],
                          env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    runs["cli-seed"] = sorted_nt(tmp_path / "cli", tmp_path / "cli.nt")
    assert runs["first"].count(b"\n") > 100
    assert b"_:" not in runs["first"]  # no blank nodes: their labels would differ between runs
    for name, data in runs.items():
        assert data == runs["first"], name


# ---------------------------------------------------------------------------- concurrency

HOLDER = textwrap.dedent("""
    import sys, time
    from kg.store import KGStore
    s = KGStore(sys.argv[1])
    print("ready", flush=True)
    time.sleep(60)
""")


def kg(*args) -> int:
    return run_command(app, [str(a) for a in args])


def readers_work(out: Path, tmp: Path, capsys) -> None:
    """kg query, export, stats and draw on ``out``, each answering from the store."""
    assert kg("query", out, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "-f", "csv") == 0
    n = int(capsys.readouterr().out.splitlines()[1])
    assert n > 100
    assert kg("export", out, "-f", "nt", "-o", tmp / "graph.nt") == 0
    assert len((tmp / "graph.nt").read_bytes().splitlines()) == n
    assert kg("stats", out) == 0
    assert kg("draw", out, "-o", tmp / "g.png", "--size", "4x3", "--dpi", "40") == 0
    assert (tmp / "g.png").stat().st_size > 1000
    capsys.readouterr()


def test_readers_work_together_while_nothing_writes(copy_seed_out, tmp_path, capsys):
    from kg.serve import serve

    with serve(copy_seed_out, port=0) as server:  # a reader process holding the store open
        readers_work(copy_seed_out, tmp_path, capsys)
        import urllib.parse
        import urllib.request

        q = urllib.parse.quote("ASK { ?s ?p ?o }")
        assert b"true" in urllib.request.urlopen(f"{server.url}query?query={q}", timeout=10).read()
    # readers left no lock behind: a writer can open the store at once
    with KGStore(copy_seed_out / "store") as writer:
        assert len(writer) > 100


def test_readers_work_while_a_writer_holds_the_store(copy_seed_out, tmp_path, capsys):
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(copy_seed_out / "store")],
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "ready"
        readers_work(copy_seed_out, tmp_path, capsys)  # readers open the store read-only: they work
        with pytest.raises(KGError) as err:  # a second writer does not
            KGStore(copy_seed_out / "store")
        assert f"store is in use by another process (PID {proc.pid})" in str(err.value)
    finally:
        proc.kill()
        proc.wait()


WRITER = textwrap.dedent("""
    # A writer like kg build, without spaCy: batches of 2 documents, one transaction each.
    import sys, time
    from kg.ingest import document_id
    from kg.records import Document, Entity, ResolvedDocument
    from kg.store import KGStore
    store = KGStore(sys.argv[1])
    for batch in range(6):
        docs, ents = [], []
        for i in (2 * batch, 2 * batch + 1):
            e = Entity(key=f"person/P{i}", type="Person", label=f"Person {i}", alt_labels={f"P{i}"})
            text = f"Person {i} spoke." * (i + 1)
            d = Document(id=document_id(f"d{i}.txt", text), name=f"d{i}.txt", text=text, title=f"T{i}")
            docs.append(ResolvedDocument(document=d, date=None, entities={e.key: e}, events=[]))
            ents.append(e)
        store.write(docs, ents)
        print(2 * batch + 2, flush=True)
        time.sleep(0.25)
    store.close()
""")


def quads_by_document(store: KGStore) -> dict[str, int]:
    out = {}
    for doc_id in store.document_ids().values():
        graph = ox.NamedNode(str(store.iris.graph(doc_id)))
        out[doc_id] = len(list(store.ox.quads_for_pattern(None, None, None, graph)))
    return out


def test_readers_during_writes_see_whole_documents_and_a_second_build_is_refused(tmp_path, capsys):
    src = corpus(tmp_path / "in")
    store_path = tmp_path / "out" / "store"
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(store_path)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    snapshots = []
    try:
        assert proc.stdout.readline().strip() == "2", proc.stderr.read()
        # a build on the same store while it is written: refused, naming the writer
        assert kg("build", src, "-o", tmp_path / "out", "--no-png") == 1
        assert f"store is in use by another process (PID {proc.pid})" in capsys.readouterr().err
        deadline = time.time() + 60
        while proc.poll() is None and time.time() < deadline:
            with KGStore(store_path, read_only=True) as reader:  # a reader opened mid-write
                snapshots.append(quads_by_document(reader))
            time.sleep(0.05)
        assert proc.wait(timeout=60) == 0, proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    with KGStore(store_path, read_only=True) as reader:
        final = quads_by_document(reader)
    assert len(final) == 12 and len(snapshots) >= 3
    sizes = [len(s) for s in snapshots]
    assert all(n % 2 == 0 for n in sizes) and sizes == sorted(sizes)  # whole transactions, growing
    for snap in snapshots:  # every document a reader saw was whole: all of its triples, as at the end
        assert snap == {k: final[k] for k in snap}
