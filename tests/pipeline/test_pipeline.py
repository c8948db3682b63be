"""run_build: incremental builds, replacement of changed files, workers, interrupted builds."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import KGError
from kg.graph.store import KGStore
from kg.pipeline import count_documents, run_build

PEOPLE = ["Vladimir Putin", "Xi Jinping", "Emmanuel Macron", "Olaf Scholz", "Narendra Modi", "Joe Biden",
          "Recep Tayyip Erdogan", "Luiz Inacio Lula da Silva"]
COUNTRIES = ["Russia", "China", "France", "Germany", "India", "Brazil", "Turkey", "Japan", "Canada", "Egypt"]
CITIES = ["Beijing", "Paris", "Berlin", "Ankara", "Cairo", "Tokyo"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def article(i: int) -> str:
    """A short generated news article (different for every i)."""
    p, q = PEOPLE[i % len(PEOPLE)], PEOPLE[(i + 3) % len(PEOPLE)]
    a, b = COUNTRIES[i % len(COUNTRIES)], COUNTRIES[(i + 4) % len(COUNTRIES)]
    return (f"{p} met {q} in {CITIES[i % len(CITIES)]} on {DAYS[i % len(DAYS)]}. "
            f"{a} accused {b} of violating the agreement number {i}. "
            f"{b} rejected the accusation and {q} criticized {p}.\n")


def make_corpus(folder: Path, n: int, start: int = 0) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(start, start + n):
        (folder / f"doc{i:04d}.txt").write_text(article(i))
    return folder


def nquads(store: KGStore) -> list[str]:
    return sorted(str(q) for q in store.ox)


def test_rerun_adds_nothing_and_needs_no_model(tmp_path):
    corpus = make_corpus(tmp_path / "in", 6)
    first = run_build([corpus], store=tmp_path / "store", batch_size=4)
    assert (first.documents, first.skipped, first.added) == (6, 0, len(first.store))
    first.store.close()
    # an unchanged rerun never loads the model: a model that does not exist is not an error
    again = run_build([corpus], store=tmp_path / "store", model="no_such_model_xyz")
    assert (again.documents, again.skipped, again.added) == (0, 6, 0)
    again.store.close()
    with pytest.raises(KGError) as err:  # ... but a new document does load it
        make_corpus(corpus, 1, start=6)
        run_build([corpus], store=tmp_path / "store", model="no_such_model_xyz")
    assert err.value.code == "E002"


def test_a_large_store_is_not_counted_and_gets_the_same_graph(tmp_path, monkeypatch):
    # counting triples scans the whole store: past COUNT_MAX_DOCUMENTS stored documents a build
    # does not count, says how many documents the store holds instead, and writes the same quads
    import kg.pipeline as pipeline

    def build_then_update(folder: Path) -> tuple:
        shutil.rmtree(folder, ignore_errors=True)  # (the same folder: documents record their path)
        corpus = make_corpus(folder, 3)
        store = run_build([corpus], store=None).store
        (corpus / "doc0001.txt").write_text(article(5))  # one replaced document, one new
        make_corpus(corpus, 1, start=3)
        return run_build([corpus], store=store), nquads(store)

    counted, graph = build_then_update(tmp_path / "in")
    assert counted.triples == len(graph) and counted.added > 0 and "quads" in counted.summary()
    monkeypatch.setattr(pipeline, "COUNT_MAX_DOCUMENTS", 2)
    large, same = build_then_update(tmp_path / "in")
    assert (large.triples, large.added, large.stored, large.documents, large.replaced) == (None, 0, 4, 2, 1)
    assert "the store: " in large.summary() and ", 4 documents, " in large.summary() and "quad" not in large.summary()
    assert same == graph


def test_changed_file_replaces_old_version_and_new_file_is_added(tmp_path):
    corpus = make_corpus(tmp_path / "in", 4)
    store = run_build([corpus], store=None).store
    old = store.document_ids()["doc0001.txt"]
    old_events = [q for q in store.ox if q.subject.value.startswith(f"{store.iris.base}event/{old[:16]}")]
    assert old_events  # the old version had events
    (corpus / "doc0001.txt").write_text("Germany threatened Japan with sanctions on Friday.\n")
    make_corpus(corpus, 1, start=4)
    report = run_build([corpus], store=store)
    assert (report.documents, report.skipped, report.replaced) == (2, 3, 1)
    ids = store.document_ids()
    assert len(ids) == 5 and ids["doc0001.txt"] != old
    assert not store.has_document(old)
    assert not [q for q in store.ox if old[:16] in str(q)]  # graph, document node and events all gone
    assert store.has_document(ids["doc0001.txt"]) and store.has_document(ids["doc0004.txt"])


def test_every_entity_has_exactly_one_label(tmp_path):
    store = run_build([make_corpus(tmp_path / "in", 8)], store=None, batch_size=3).store
    rows = store.ox.query(
        "SELECT ?e (COUNT(?l) AS ?n) WHERE { GRAPH ?g { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?l } "
        f"FILTER(?g = <{store.iris.entities_graph}>) }} GROUP BY ?e")
    counts = [int(r["n"].value) for r in rows]
    assert counts and set(counts) == {1}


def test_workers_give_the_same_graph(tmp_path):
    corpus = make_corpus(tmp_path / "in", 10)
    one = run_build([corpus], store=None, workers=1, batch_size=3).store
    two = run_build([corpus], store=None, workers=2, batch_size=3).store
    assert nquads(one) == nquads(two)


def test_progress_reports_documents_words_and_total(tmp_path):
    corpus = make_corpus(tmp_path / "in", 5)
    seen = []
    run_build([corpus], store=None, batch_size=2, progress=lambda *a: seen.append(a), count=True)
    assert [d for d, _, _ in seen] == [2, 4, 5]  # documents stored
    assert seen[-1][1] > 0 and {t for _, _, t in seen} == {5}
    assert count_documents([corpus]) == 5
    seen.clear()
    run_build([corpus], store=None, batch_size=32, progress=lambda *a: seen.append(a), count=True, each_document=True)
    # each document as soon as it is parsed, not once per batch of 32 (then the batch, stored: 5 again)
    assert [d for d, _, _ in seen] == [1, 2, 3, 4, 5, 5]
    words = [w for _, w, _ in seen]
    assert words == sorted(words) and words[0] > 0 and {t for _, _, t in seen} == {5}


def test_the_eta_counts_down_between_updates():
    from rich.progress import Progress

    from kg.cli.build import moving_eta

    clock = [100.0]
    bar = Progress(get_time=lambda: clock[0], disable=True)
    task = bar.add_task("building", total=100, updated=None)
    column = moving_eta()
    assert str(column.render(bar.tasks[task])) == "-:--:--"
    clock[0] = 110.0
    bar.update(task, completed=10, updated=110.0)  # 10 documents in 10 s: 90 s to go
    first = str(column.render(bar.tasks[task]))
    clock[0] = 125.0  # no document for 15 s (a batch being parsed)
    assert (first, str(column.render(bar.tasks[task]))) == ("0:01:30", "0:01:15")


BUILDER = textwrap.dedent("""
    import sys, time
    from kg.pipeline import run_build
    def tick(done, words, total):
        print(done, flush=True)
        time.sleep(0.3)
    run_build([sys.argv[1]], store=sys.argv[2], batch_size=4, progress=tick, workers=int(sys.argv[3]))
    print("finished", flush=True)
""")


@pytest.mark.parametrize("sig,workers", [(signal.SIGKILL, 1), (signal.SIGINT, 1), (signal.SIGINT, 2)])
def test_interrupted_build_resumes_without_duplicates(tmp_path, sig, workers):
    import os

    corpus = make_corpus(tmp_path / "in", 40)
    proc = subprocess.Popen([sys.executable, "-c", BUILDER, str(corpus), str(tmp_path / "store"), str(workers)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        line = proc.stdout.readline().strip()  # the first batch is stored
        assert line == "4", proc.stderr.read()
        os.killpg(proc.pid, sig)  # the whole process group, as Ctrl-C in a terminal does
        proc.wait(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode != 0
    with KGStore(tmp_path / "store") as store:
        partial = store.document_ids()
        assert 4 <= len(partial) < 40 and len(partial) % 4 == 0  # whole batches only
        for doc_id in partial.values():  # every stored document is complete
            graph = ox.NamedNode(str(store.iris.graph(doc_id)))
            assert len(list(store.ox.quads_for_pattern(None, None, None, graph))) > 10
        resumed = run_build([corpus], store=store, batch_size=4)
        assert (resumed.skipped, resumed.documents) == (len(partial), 40 - len(partial))
        clean = run_build([corpus], store=None, batch_size=4).store
        assert nquads(store) == nquads(clean)


class _FillingDisk:
    """A pyoxigraph store whose disk fills up after ``room`` write transactions."""

    def __init__(self, real, room):
        self.real, self.room = real, room

    def update(self, *args, **kwargs):
        if self.room == 0:
            raise OSError("IO error: No space left on device: While appending to file: 000008.log")
        self.room -= 1
        return self.real.update(*args, **kwargs)

    def __len__(self):
        return len(self.real)

    def __getattr__(self, name):
        return getattr(self.real, name)


def test_a_full_disk_stops_the_build_with_a_clear_error_and_the_next_run_finishes(tmp_path):
    corpus = make_corpus(tmp_path / "in", 12)
    with KGStore(tmp_path / "store") as store:
        disk = store.ox = _FillingDisk(store.ox, room=1)  # one batch of 4 fits
        with pytest.raises(KGError) as err:
            run_build([corpus], store=store, batch_size=4)
        assert err.value.code == "E208" and "No space left" in str(err.value) and str(tmp_path) in str(err.value)
        store.ox, disk.real = disk.real, None  # (RocksDB's lock goes with the last reference)
    with KGStore(tmp_path / "store") as store:
        assert len(store.document_ids()) == 4  # the batch written before the disk filled is kept
        resumed = run_build([corpus], store=store, batch_size=4)
        assert (resumed.skipped, resumed.documents) == (4, 8)
        assert nquads(store) == nquads(run_build([corpus], store=None, batch_size=4).store)


def test_paths_may_be_a_generator_or_one_path_when_counting(tmp_path):
    corpus = make_corpus(tmp_path / "in", 3)
    ticks = []
    report = run_build((p for p in [corpus]), store=None, progress=lambda *a: ticks.append(a), count=True)
    assert report.documents == 3 and ticks
    assert run_build(str(corpus), store=None).documents == 3
