"""Corpus resolution in builds: an incremental build, a removal and a full rebuild decide alike,
and each decision is in the graph with its rule."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg.graph.store import KGStore
from kg.pipeline import remove_documents, run_build

ARTICLES = {
    "a-johnson.txt": "Johnson said on Monday that the deal would pass parliament.\n",
    "b-boris.txt": "British Prime Minister Boris Johnson met Emmanuel Macron in Paris.\n",
    "c-andrew.txt": "In 1868 the House impeached President Andrew Johnson.\n",
    "d-who.txt": "The WHO warned China about the outbreak.\n",
    "e-who-full.txt": "The World Health Organization (WHO) praised Germany on Friday.\n",
}


def write(folder: Path, names) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_text(ARTICLES[name])
    return folder


def nquads(path: Path) -> list[str]:
    """The store's quads, but for where each file was read from (the folders differ)."""
    with KGStore(path, read_only=True) as store:
        return sorted(str(q) for q in store.ox if not q.predicate.value.endswith("#sourcePath"))


def decisions(path: Path) -> dict[str, tuple[str, str]]:
    """local entity label -> (entity, rule), from the graph."""
    q = """PREFIX kg: <https://w3id.org/kg-news/ontology#>
    SELECT ?r ?e ?rule WHERE { ?l a kg:LocalEntity ; kg:reading ?r ; kg:resolvedTo ?e ; kg:rule ?rule }"""
    import json

    with KGStore(path, read_only=True) as store:
        return {json.loads(row["r"].value)["label"]: (row["e"].value.rsplit("/", 2)[-1], row["rule"].value)
                for row in store.ox.query(q, use_default_graph_as_union=True)}


def test_a_later_full_name_is_decided_for_an_earlier_surname_as_a_full_build_decides(tmp_path):
    names = sorted(ARTICLES)
    # one build of everything
    full = run_build([write(tmp_path / "all", names)], store=tmp_path / "full")
    full.store.close()
    # the same documents one build at a time, the surname first
    for k in range(1, len(names) + 1):
        step = run_build([write(tmp_path / "steps", names[:k])], store=tmp_path / "incremental", batch_size=1)
        step.store.close()
    assert nquads(tmp_path / "incremental") == nquads(tmp_path / "full")
    found = decisions(tmp_path / "full")
    assert found["Johnson"] == ("Boris_Johnson", "surname-in-corpus") or found["Johnson"][1] == "surname-alone"
    assert found["Boris Johnson"] == ("Boris_Johnson", "full-name")
    assert found["Andrew Johnson"] == ("Andrew_Johnson", "full-name")
    assert found["WHO"][0] == "World_Health_Organization" and found["WHO"][1] == "acronym-bound"


def test_removing_a_document_decides_as_a_build_without_it(tmp_path):
    names = sorted(ARTICLES)
    report = run_build([write(tmp_path / "all", names)], store=tmp_path / "store")
    doc_id = report.store.document_ids()["b-boris.txt"]
    report.store.close()
    with KGStore(tmp_path / "store") as store:
        assert remove_documents(store, [doc_id]) == 1
    without = run_build([write(tmp_path / "some", [n for n in names if n != "b-boris.txt"])],
                        store=tmp_path / "without")
    without.store.close()
    assert nquads(tmp_path / "store") == nquads(tmp_path / "without")


def test_the_evidence_of_each_decision_is_queryable(tmp_path):
    report = run_build([write(tmp_path / "in", ["b-boris.txt", "a-johnson.txt"])], store=None)
    rows = list(report.store.ox.query(
        "PREFIX kg: <https://w3id.org/kg-news/ontology#> SELECT ?rule ?c WHERE { ?l kg:resolvedTo ?e ; "
        "kg:rule ?rule ; kg:confidence ?c . FILTER(STRENDS(STR(?e), 'Boris_Johnson')) } ORDER BY ?rule",
        use_default_graph_as_union=True))
    assert [r["rule"].value for r in rows] == ["full-name", "surname-in-corpus"]
    assert all(0 < float(r["c"].value) <= 1 for r in rows)
    assert isinstance(rows[0]["c"], ox.Literal)


def test_a_build_that_forgets_its_index_after_every_batch_decides_as_one_that_keeps_it(tmp_path, monkeypatch):
    import kg.pipeline
    from kg.stages.resolve.index import CorpusIndex

    names = sorted(ARTICLES)  # the surname first, the full name that decides it later
    kept = run_build([write(tmp_path / "in", names)], store=tmp_path / "kept", batch_size=1)
    kept.store.close()
    released = []
    release = CorpusIndex.release

    def counted(self):
        released.append(release(self))
        return released[-1]

    monkeypatch.setattr(CorpusIndex, "release", counted)
    monkeypatch.setattr(kg.pipeline, "KEEP_LOCALS", 0)  # forget the locals after every batch
    forgot = run_build([write(tmp_path / "in", names)], store=tmp_path / "forgot", batch_size=1)
    forgot.store.close()
    assert released.count(True) == len(names)  # each batch's write was followed by a release
    assert nquads(tmp_path / "forgot") == nquads(tmp_path / "kept")
    assert decisions(tmp_path / "forgot")["Johnson"] == decisions(tmp_path / "kept")["Johnson"]
