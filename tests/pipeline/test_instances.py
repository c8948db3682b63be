"""Event instances and duplicate documents in builds: mentions of one event across articles are one
sem:Event, a syndicated near-copy adds none, and an incremental build, a removal and a full
rebuild decide alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.graph.store import KGStore
from kg.pipeline import remove_documents, run_build

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_588d44be3d5bb673.txt"

ARTICLES = {
    "a-call.txt": "Monday, June 16, 2025\n\nUS President Donald Trump spoke with Russian President Vladimir Putin "
                  "by phone on Saturday, the Kremlin said. Israel attacked Iran on Friday.\n",
    "b-followup.txt": "Wednesday, June 18, 2025\n\nIsrael's attack on Iran last week drew condemnation from Russia.\n",
    "c-johnson.txt": "Thursday, June 19, 2025\n\nJohnson accused Russia of aggression on Thursday.\n",
    "g-recount.txt": "Monday, July 7, 2025\n\nRussia condemned the Israeli attack on Iran again. Israel attacked "
                     "Iran with missiles, the Russian foreign ministry said.\n",
    "d-boris.txt": "Friday, June 20, 2025\n\nBritish Prime Minister Boris Johnson accused Russia of aggression on "
                   "Thursday. Boris Johnson met Emmanuel Macron in Paris on Friday.\n",
}

PREFIXES = """PREFIX kg: <https://w3id.org/kg-news/ontology#> PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX gaf: <http://groundedannotationframework.org/gaf#> PREFIX schema: <https://schema.org/>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""


def reprint(text: str) -> str:
    """A syndicated copy: another caption, a paragraph dropped, a credit line."""
    paras = [p for p in text.split("\n") if p.strip()]
    return "\n".join(["Donald Trump speaks to reporters at the White House. Photo: Reuters", *paras[1:5], *paras[6:],
                      "(Reporting by Guy Faulconbridge; editing by Andrew Osborn)"]) + "\n"


def write(folder: Path, texts: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_text(text)
    return folder


def select(store: KGStore, query: str, *names: str) -> list[tuple]:
    out = []
    for s in store.ox.query(PREFIXES + query, use_default_graph_as_union=True):
        out.append(tuple(s[n].value if s[n] is not None else None for n in names))
    return sorted(out)


def nquads(path: Path) -> list[str]:
    """The store's quads, but for where each file was read from (the folders differ)."""
    with KGStore(path, read_only=True) as store:
        return sorted(str(q) for q in store.ox if not q.predicate.value.endswith("#sourcePath"))


@pytest.fixture(scope="module")
def seed_alone():
    report = run_build([SEED])
    yield report.store
    report.store.close()


def count_instances(store: KGStore) -> int:
    return len(select(store, "SELECT ?i WHERE { ?i a sem:Event }", "i"))


@pytest.mark.parametrize("order", ["together", "reprint-first"])
def test_a_syndicated_near_copy_adds_no_instance_and_is_a_duplicate_of_it(tmp_path, seed_alone, order):
    original = SEED.read_text()
    texts = {"original.txt": original, "reprint.txt": reprint(original)}
    store_path = tmp_path / "store"
    if order == "together":
        run_build([write(tmp_path / "in", texts)], store=store_path).store.close()
    else:  # the reprint is read first: it becomes the duplicate when the original comes
        run_build([write(tmp_path / "one", {"reprint.txt": texts["reprint.txt"]})], store=store_path).store.close()
        run_build([write(tmp_path / "two", {"original.txt": original})], store=store_path).store.close()
    with KGStore(store_path, read_only=True) as store:
        names = dict(select(store, "SELECT ?d ?n WHERE { ?d schema:name ?n }", "d", "n"))
        dups = select(store, "SELECT ?d ?o WHERE { ?d kg:duplicateOf ?o }", "d", "o")
        assert [(names[d], names[o]) for d, o in dups] == [("reprint.txt", "original.txt")]
        assert count_instances(store) == count_instances(seed_alone)
        # every report of the reprint is denoted by an instance that the original reports too
        lonely = select(store, """SELECT ?m WHERE { ?m prov:wasDerivedFrom ?d . ?d schema:name "reprint.txt" .
            FILTER NOT EXISTS { ?i gaf:denotedBy ?m , ?o . ?o prov:wasDerivedFrom ?d2 . ?d2 schema:name "original.txt" } }""",
                        "m")
        assert lonely == []
        counts = {int(n) for (n,) in select(store, "SELECT ?n WHERE { ?i kg:reportCount ?n }", "n")}
        assert counts == {1}  # the reprint is no second report


def test_mentions_of_one_event_in_two_articles_are_one_instance(tmp_path):
    report = run_build([write(tmp_path / "in", {k: ARTICLES[k] for k in ("a-call.txt", "b-followup.txt")})])
    found = select(report.store, """SELECT ?i ?n ?first ?date ?rule WHERE { ?i a sem:Event ; kg:category kg:ASSAULT ;
        kg:reportCount ?n ; kg:firstReported ?first ; kg:coreferenceRule ?rule ; sem:hasTimeStamp ?date }""",
                   "n", "first", "date", "rule")
    assert found == [("2", "2025-06-16", "2025-06-13", "date-within")]  # "last week" is the week of the 13th
    mentions = select(report.store, "SELECT ?m WHERE { ?i kg:category kg:ASSAULT ; gaf:denotedBy ?m }", "m")
    assert len(mentions) == 2
    # the mentions keep everything they had
    assert len(select(report.store, "SELECT ?m WHERE { ?m kg:eventType kg:ASSAULT ; kg:agent ?a ; kg:target ?t ; "
                                    "kg:evidence ?e ; kg:reportDate ?r }", "m")) == 2
    report.store.close()


def test_an_article_recounting_an_event_weeks_later_without_a_date_reports_it(tmp_path):
    """Three weeks on, undated: a retelling of the attack (rule recounted), not a new attack."""
    report = run_build([write(tmp_path / "in", {k: ARTICLES[k] for k in ("a-call.txt", "g-recount.txt")})])
    found = select(report.store, """SELECT ?n ?date ?rule ?c WHERE { ?i kg:category kg:ASSAULT ; kg:reportCount ?n ;
        sem:hasTimeStamp ?date ; kg:coreferenceRule ?rule ; kg:confidence ?c }""", "n", "date", "rule", "c")
    assert found == [("2", "2025-06-13", "recounted", "0.5")]
    report.store.close()


def test_an_incremental_build_and_a_removal_decide_instances_as_a_full_build(tmp_path):
    texts = {**ARTICLES, "e-original.txt": SEED.read_text(), "f-reprint.txt": reprint(SEED.read_text())}
    names = sorted(texts)
    run_build([write(tmp_path / "all", texts)], store=tmp_path / "full").store.close()
    for k in range(1, len(names) + 1):  # one document at a time; the surname before the full name
        step = {n: texts[n] for n in names[:k]}
        run_build([write(tmp_path / "steps", step)], store=tmp_path / "incremental", batch_size=1).store.close()
    assert nquads(tmp_path / "incremental") == nquads(tmp_path / "full")
    # one build, a batch per document: later batches read the blocks they touch from memory
    run_build([tmp_path / "all"], store=tmp_path / "batches", batch_size=1).store.close()
    assert nquads(tmp_path / "batches") == nquads(tmp_path / "full")
    with KGStore(tmp_path / "full", read_only=True) as store:
        rules = select(store, """SELECT ?rule ?n WHERE { ?i kg:category kg:ACCUSE ; kg:coreferenceRule ?rule ;
            kg:reportCount ?n ; kg:instanceAgent ?a . FILTER(STRENDS(STR(?a), "Boris_Johnson")) }""", "rule", "n")
        assert rules == [("same-date", "2")]  # "Johnson" was renamed to Boris Johnson: one accusation
    # removing the original and the full-name article decides as a build without them
    with KGStore(tmp_path / "full") as store:
        ids = store.document_ids()
        assert remove_documents(store, [ids["d-boris.txt"], ids["e-original.txt"]]) == 2
    rest = {n: t for n, t in texts.items() if n not in ("d-boris.txt", "e-original.txt")}
    run_build([write(tmp_path / "rest", rest)], store=tmp_path / "without").store.close()
    assert nquads(tmp_path / "full") == nquads(tmp_path / "without")
