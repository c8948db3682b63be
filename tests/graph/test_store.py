"""KGStore: named graphs per document, merged entity descriptions, safety of the store folder."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time

import pytest

from kg.errors import KGError
from kg.graph.store import KGStore
from kg.graph.target import find_store
from kg.records import Document, Entity, ResolvedDocument

RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
ALT_LABEL = "http://www.w3.org/2004/02/skos/core#altLabel"


def _doc(name: str, text: str, entities: dict[str, Entity]) -> ResolvedDocument:
    from kg.stages.ingest import document_id

    d = Document(id=document_id(name, text), name=name, text=text)
    return ResolvedDocument(document=d, date=None, entities=entities, events=[])


def _labels(store: KGStore, key: str) -> tuple[list[str], set[str]]:
    import pyoxigraph as ox

    node = ox.NamedNode(str(store.iris.entity(key)))
    labels = [q.object.value for q in store.ox.quads_for_pattern(node, ox.NamedNode(RDFS_LABEL), None)]
    alts = {q.object.value for q in store.ox.quads_for_pattern(node, ox.NamedNode(ALT_LABEL), None)}
    return labels, alts


def test_documents_live_in_their_own_graphs_and_entities_merge():
    store = KGStore(None)
    putin = Entity(key="person/Vladimir_Putin", type="Person", label="Vladimir Putin")
    a = _doc("a.txt", "Vladimir Putin spoke.", {putin.key: putin})
    store.write([a], [putin])
    assert store.has_document(a.document.id)
    assert store.document_ids() == {"a.txt": a.document.id}

    index = store.entity_index()  # what a later build starts from
    merged = index.add(Entity(key=putin.key, type="Person", label="Putin", alt_labels={"V. Putin"}))
    b = _doc("b.txt", "Putin spoke again.", {putin.key: merged})
    store.write([b], [merged])
    labels, alts = _labels(store, putin.key)
    assert labels == ["Vladimir Putin"]  # exactly one rdfs:label
    assert alts == {"Putin", "V. Putin"}  # aliases accumulate
    assert len(list(store.ox.named_graphs())) == 3  # two documents + entities


def test_remove_drops_graph_and_orphaned_entities():
    store = KGStore(None)
    e1 = Entity(key="country/Russia", type="Country", label="Russia", country_code="RUS")
    e2 = Entity(key="person/Xi_Jinping", type="Person", label="Xi Jinping")
    a = _doc("a.txt", "Russia.", {e1.key: e1})
    b = _doc("b.txt", "Xi and Russia.", {e1.key: e1, e2.key: e2})
    store.write([a, b], [e1, e2])
    assert store.resolve_ids(["b.txt", a.document.id[:10], "zzz"]) == {
        "b.txt": [b.document.id], a.document.id[:10]: [a.document.id], "zzz": []}
    assert store.remove([b.document.id]) == 1
    assert not store.has_document(b.document.id) and store.has_document(a.document.id)
    assert _labels(store, e2.key) == ([], set())  # no document mentions Xi any more
    assert _labels(store, e1.key)[0] == ["Russia"]
    assert store.remove([b.document.id]) == 0


def test_store_persists_and_reopens(tmp_path):
    e = Entity(key="country/Russia", type="Country", label="Russia")
    with KGStore(tmp_path / "store") as store:
        store.write([_doc("a.txt", "Russia.", {e.key: e})], [e])
        n = len(store)
    assert find_store(tmp_path) == tmp_path / "store"
    with KGStore(tmp_path / "store") as store:
        assert len(store) == n
    assert (tmp_path / ".store.lock").exists()


def test_folder_that_is_not_a_store_is_refused_untouched(tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "todo.txt").write_text("buy milk")
    before = sorted(p.name for p in tmp_path.rglob("*"))
    with pytest.raises(KGError) as err:
        KGStore(folder)
    assert err.value.code == "E202"
    with pytest.raises(KGError) as err:
        KGStore(folder / "todo.txt")
    assert err.value.code == "E202"
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


HOLDER = textwrap.dedent("""
    import sys, time
    from kg.graph.store import KGStore
    s = KGStore(sys.argv[1])
    print("ready", flush=True)
    time.sleep(60)
""")


@pytest.fixture()
def held_store(tmp_path):
    """A store written once, then held open by another process; yields (path, pid, triples)."""
    e = Entity(key="country/Russia", type="Country", label="Russia")
    path = tmp_path / "store"
    with KGStore(path) as store:
        store.write([_doc("a.txt", "Russia.", {e.key: e})], [e])
        n = len(store)
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "ready"
        yield path, proc.pid, n
    finally:
        proc.kill()
        proc.wait()


def test_store_in_use_is_refused_with_pid_and_not_corrupted(held_store):
    path, pid, n = held_store
    with pytest.raises(KGError) as err:
        KGStore(path)
    assert err.value.code == "E203"
    assert f"store is in use by another process (PID {pid})" in str(err.value)
    with KGStore(path, read_only=True) as reader:  # readers are still welcome
        assert len(reader) == n


def test_store_is_free_again_after_the_holder_dies(held_store):
    path, pid, n = held_store
    os.kill(pid, 9)
    deadline = time.time() + 10
    while True:
        try:
            store = KGStore(path)
            break
        except KGError:
            assert time.time() < deadline
            time.sleep(0.05)
    with store:
        assert len(store) == n


def test_optimize_keeps_every_triple(tmp_path):
    e = Entity(key="country/Russia", type="Country", label="Russia")
    with KGStore(tmp_path / "store") as store:
        for k in range(3):
            store.write([_doc(f"{k}.txt", f"Russia {k}.", {e.key: e})], [e])
        before = sorted(map(str, store.ox))
        store.optimize()
        assert sorted(map(str, store.ox)) == before
    with KGStore(tmp_path / "store") as store:
        assert sorted(map(str, store.ox)) == before and store.has_document(_doc("1.txt", "Russia 1.", {}).document.id)


LEFTOVER = textwrap.dedent("""
    import fcntl, sys, time
    fh = open(sys.argv[1], "a+")
    fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    fh.seek(0); fh.truncate(); fh.write(sys.argv[2]); fh.flush()
    print("ready", flush=True)
    time.sleep(60)
""")


def test_a_lock_held_by_a_leftover_of_a_dead_writer_is_named(tmp_path):
    """The PID in the lock file is gone; the process that inherited the lock is named (issue 20)."""
    path = tmp_path / "store"
    KGStore(path).close()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    proc = subprocess.Popen([sys.executable, "-c", LEFTOVER, str(tmp_path / ".store.lock"), str(dead.pid)],
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "ready"
        with pytest.raises(KGError) as err:
            KGStore(path)
        message = str(err.value)
        assert err.value.code == "E203" and f"PID {dead.pid}, which is gone" in message
        assert f"PID {proc.pid} (python" in message and "leftover" in message
    finally:
        proc.kill()
        proc.wait()
    with KGStore(path) as store:  # and once it is stopped, the stale PID in the file is no obstacle
        assert store.ox is not None


def test_a_store_an_oxigraph_server_holds_names_it(copy_seed_out):
    from kg.use.serve import serve

    with serve(copy_seed_out, port=0, writable=True):
        with pytest.raises(KGError) as err:
            KGStore(copy_seed_out / "store")
    assert err.value.code == "E203" and "(oxigraph)" in str(err.value)


def test_bound_heap_sets_glibc_once_and_leaves_the_environment_s_choice():
    import os
    import subprocess
    import sys

    code = "from kg.graph.store import bound_heap, give_back_memory; print(bound_heap(), give_back_memory())"
    env = {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_")}
    mine = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env).stdout
    theirs = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            env={**env, "MALLOC_ARENA_MAX": "4"}).stdout
    glibc = sys.platform.startswith("linux")
    assert mine.split() == [str(glibc), str(glibc)]
    assert theirs.split() == ["False", str(glibc)]
