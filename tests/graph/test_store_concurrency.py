"""Concurrency (issue 8): readers work while nothing writes and while a writer holds or writes
the store; a second writer is refused with the first's PID."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from support import corpus, kg

from kg.errors import KGError
from kg.graph.store import KGStore

HOLDER = textwrap.dedent("""
    import sys, time
    from kg.graph.store import KGStore
    s = KGStore(sys.argv[1])
    print("ready", flush=True)
    time.sleep(60)
""")


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
    from kg.use.serve import serve

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
    from kg.stages.ingest import document_id
    from kg.records import Document, Entity, ResolvedDocument
    from kg.graph.store import KGStore
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
