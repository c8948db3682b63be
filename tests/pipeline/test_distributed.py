"""kg.pipeline.distributed: builds on a real Dask LocalCluster equal the local engine's, worker loss included."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")

import cloudpickle  # noqa: E402  (a dependency of distributed)
import pyoxigraph as ox  # noqa: E402

from kg.errors import DistributedError, KGError  # noqa: E402
from kg.graph.store import KGStore  # noqa: E402
from kg.pipeline import run_build  # noqa: E402
from kg.pipeline.distributed import (  # noqa: E402
    DaskBuildReport,
    Merger,
    extract_partition,
    partitions,
    run_build_dask,
)
from kg.stages.ingest import read_documents  # noqa: E402

ARTICLES = {
    "101_summit.txt": "On Monday, Russian President Vladimir Putin met Chinese President Xi Jinping in Beijing. "
                      "The two leaders signed an energy agreement.",
    "102_sanctions.txt": "The European Union imposed new sanctions on Russia on Tuesday. "
                         "Putin condemned the sanctions.",
    "103_trump.txt": "Trump criticized China on Wednesday. He said Beijing had broken its promises.",
    "104_aid.md": "# Aid for Ukraine\n\nGermany sent military aid to Ukraine. Chancellor Olaf Scholz "
                  "visited Kyiv on Thursday.",
    "105_talks.txt": "Israeli Prime Minister Benjamin Netanyahu spoke with Donald Trump by phone. "
                     "Iran accused Israel of attacking its nuclear sites.",
    "106_protest.txt": "Thousands of protesters marched in Paris against the government. "
                       "French police arrested dozens of demonstrators.",
}


def _nquads(store: KGStore) -> list[str]:
    return sorted(store.ox.dump(format=ox.RdfFormat.N_QUADS).decode("utf-8").splitlines())


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, seed_dir) -> Path:
    """The seed article and six short generated ones (names shared across documents)."""
    folder = tmp_path_factory.mktemp("corpus")
    for seed in sorted(seed_dir.glob("*.txt")):
        shutil.copy(seed, folder / seed.name)
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def local_nquads(corpus) -> list[str]:
    report = run_build([corpus])
    assert report.documents == len(ARTICLES) + 1
    return _nquads(report.store)


@pytest.fixture(scope="module")
def dask_client():
    """A LocalCluster of two single-threaded worker processes on loopback."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address="127.0.0.1:0") as cluster:
        with distributed.Client(cluster, set_as_default=False) as client:
            yield client


# ----------------------------------------------------------------------------- without a cluster


def test_partitions_keep_order(corpus):
    docs, _ = read_documents([corpus])
    parts = list(partitions(docs, 3))
    assert [len(p) for p in parts] == [3, 3, 1]
    assert [d for p in parts for d in p] == docs


def test_partition_results_are_pure_and_pickle(corpus):
    docs, _ = read_documents([corpus])
    first = extract_partition(docs[:3])
    again = cloudpickle.loads(cloudpickle.dumps(extract_partition(docs[:3])))
    assert first == again  # a retried partition gives equal records
    assert [ex.document.id for ex, _ in first] == [d.id for d in docs[:3]]


def test_merger_writes_each_document_once(corpus, local_nquads):
    docs, _ = read_documents([corpus])
    results = extract_partition(docs)
    report = DaskBuildReport(store=KGStore(None))
    merger = Merger(report, batch_size=2)
    # a partition delivered twice (a retry whose first result also arrived)
    for extraction, words in results[:4] + results[2:4] + results[4:]:
        merger.add(extraction, words)
    merger.flush()
    assert report.documents == len(docs) and report.duplicates == 2
    assert _nquads(report.store) == local_nquads


def test_custom_lexicon_is_shipped_without_matchers(corpus):
    from kg.pipeline.distributed import _lexicon_payload
    from kg.stages.events import Lexicon
    from kg.stages.extract import extract
    from kg.stages.nlp import load_model

    lex = Lexicon.from_dict({"trigger": [{"category": "PROTEST", "verbs": ["criticize"]}]})
    assert _lexicon_payload(None) == ("default", None)
    key, shipped = _lexicon_payload(lex)
    assert key != "default" and _lexicon_payload(lex)[0] == key  # stable cache key
    shipped = cloudpickle.loads(cloudpickle.dumps(shipped))  # as a worker receives it
    doc = next(d for d in read_documents([corpus])[0] if d.name == "103_trump.txt")
    here = extract(doc, load_model()(doc.text), lexicon=lex)
    there = extract_partition([doc], lexicon_key=key, lexicon=shipped)[0][0]
    assert there == here and [e.category for e in there.events] == ["PROTEST"]


def test_missing_dask_is_E701(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(KGError) as exc:
        run_build_dask(["seeds"])
    assert exc.value.code == "E701"


def test_unreachable_scheduler_is_E702():
    import dask

    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        with pytest.raises(DistributedError) as exc:
            run_build_dask(["seeds"], scheduler="tcp://127.0.0.1:9", announce=None)
    assert exc.value.code == "E702" and "tcp://127.0.0.1:9" in str(exc.value)


# ----------------------------------------------------------------------------- on a real cluster


def test_local_cluster_build_equals_local_engine(corpus, local_nquads):
    lines = []
    report = run_build_dask([corpus], n_workers=2, partition_size=2, announce=lines.append)
    assert isinstance(report, DaskBuildReport)
    assert report.workers == 2 and report.partitions == 4
    assert report.scheduler.startswith("tcp://127.0.0.1:")
    assert len(lines) == 1 and "Dask" in lines[0]
    assert report.documents == len(ARTICLES) + 1 and report.duplicates == 0
    assert _nquads(report.store) == local_nquads


def test_incremental_build_on_a_scheduler(corpus, local_nquads, dask_client, tmp_path):
    first = tmp_path / "first"
    first.mkdir()
    for name in list(ARTICLES)[:3]:
        shutil.copy(corpus / name, first / name)
    store = KGStore(tmp_path / "store")
    try:
        one = run_build_dask([first], store=store, scheduler=dask_client.scheduler.address, announce=None)
        assert one.documents == 3
        # the same files again (now inside the full corpus): skipped by content hash
        seen = []
        two = run_build_dask([corpus], store=store, scheduler=dask_client, partition_size=1, announce=None,
                             progress=lambda docs, words, total: seen.append((docs, total)), count=True)
        assert (two.documents, two.skipped) == (len(ARTICLES) + 1 - 3, 3)
        assert [n for n, _ in seen] == list(range(1, len(ARTICLES) + 2))  # one call per document
        assert {t for _, t in seen} == {len(ARTICLES) + 1}
        # nothing new: no cluster needed, nothing written
        three = run_build_dask([corpus], store=store, scheduler="tcp://127.0.0.1:9", announce=None)
        assert (three.documents, three.skipped, three.partitions) == (0, len(ARTICLES) + 1, 0)
        # an incremental build resolves in a different order; check it holds every document
        docs, _ = read_documents([corpus])
        assert all(store.has_document(d.id) for d in docs)
    finally:
        store.close()


def test_model_missing_on_the_workers_is_reported(corpus, dask_client):
    with pytest.raises(KGError) as exc:
        run_build_dask([corpus], scheduler=dask_client, model="no_such_model_xx", announce=None)
    assert exc.value.code == "E002" and "no_such_model_xx" in str(exc.value)


class _DieOnce(distributed.WorkerPlugin):
    """Kills its worker process (os._exit) when its second kg task starts, once per cluster."""

    name = "kg-test-die-once"

    def __init__(self, marker: str) -> None:
        self.marker = marker
        self.started = 0

    def transition(self, key, start, finish, **kwargs) -> None:
        if finish != "executing" or not str(key).startswith("kg-extract-"):
            return
        self.started += 1
        if self.started < 2:
            return
        try:
            fd = os.open(self.marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            return
        os.write(fd, str(os.getpid()).encode())
        os.close(fd)
        os._exit(1)  # no cleanup: as if the machine went away


def test_killed_worker_loses_and_duplicates_nothing(corpus, local_nquads, dask_client, tmp_path):
    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # workers cannot import this module
    marker = tmp_path / "killed"
    before = set(dask_client.run(os.getpid).values())
    dask_client.register_plugin(_DieOnce(str(marker)))
    try:
        report = run_build_dask([corpus], scheduler=dask_client, partition_size=1, max_in_flight=4, announce=None)
    finally:
        dask_client.unregister_worker_plugin(_DieOnce.name)
        cloudpickle.unregister_pickle_by_value(sys.modules[__name__])
    assert marker.exists(), "no worker was killed"
    assert int(marker.read_text()) in before  # one of the cluster's worker processes died mid-build
    assert report.documents == len(ARTICLES) + 1
    assert _nquads(report.store) == local_nquads


def test_errors_pickle_back_as_their_own_class():
    import pickle

    from kg.errors import DistributedError, KGError

    err = pickle.loads(pickle.dumps(DistributedError("E702", address="tcp://h:8786", detail="timed out")))
    assert type(err) is DistributedError and str(err) == "[E702] cannot reach the Dask scheduler at tcp://h:8786 (timed out)"
    err = pickle.loads(pickle.dumps(KGError("E002", name="xx", detail="missing")))
    assert (err.code, err.fields) == ("E002", {"name": "xx", "detail": "missing"})
