"""Tests for kg.use.evaluate and ``kg eval``: the scoring rules, the report, the regression golds,
and agreement with the evaluation material's reference scorer (when ../shared is present)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph

from kg.cli import app
from kg.cli._app import run_command
from kg.use.evaluate import (
    FIELDS,
    SUITE_FIELDS,
    evaluate,
    evaluate_suite,
    format_report,
    load_cases,
    score_cases,
    score_graph,
    score_suite,
)

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "tests" / "gold"
SEED_GOLD = GOLD / "seed_gold.json"
SEED_TEXT = ROOT / "seeds" / "000_588d44be3d5bb673.txt"
CASES = GOLD / "plover_gsr_cases.json"
SCORE_GRAPH = ROOT.parent / "shared" / "eval" / "score_graph.py"  # the reference scorer, not shipped

# Wikinews golds: file -> regression floors, a little below what kg scored when they were last
# raised (2026-11-27, third session: entity F1 0.957 / 0.971 / 1.0, event recall 0.5 / 0.625 /
# 0.5, event precision 1.0 for all three). Raise them as the reading improves.
WIKINEWS = {
    "2019-09-15_oil-facilities-in-saudi-arabia-hit-by-drone-attacks.gold.json":
        {"entity_f1": 0.95, "entity_recall": 0.95, "event_recall": 0.45, "event_precision": 0.95},
    "2019-10-15_kurds-announce-deal-with-assad-s-government-as-turkey-invade.gold.json":
        {"entity_f1": 0.95, "entity_recall": 0.95, "event_recall": 0.6, "event_precision": 0.95},
    "2019-01-23_germany-bans-mahan-air-of-iran-citing-security.gold.json":
        {"entity_f1": 0.95, "entity_recall": 0.95, "event_recall": 0.45, "event_precision": 0.95},
}

RATES = ("entity_recall", "entity_precision", "entity_f1", "entity_type_accuracy", "country_code_accuracy",
         "role_accuracy", "event_recall", "event_precision", "event_f1", "date_accuracy")

needs_reference = pytest.mark.skipif(not SCORE_GRAPH.is_file(), reason="../shared/eval/score_graph.py not present")


def kg_eval(capsys, *args: str) -> tuple[int, str, str]:
    code = run_command(app, ["eval", *map(str, args)])
    out = capsys.readouterr()
    return code, out.out, out.err


def reference(*args: str) -> dict:
    """What ../shared/eval/score_graph.py prints (as JSON) for the same graph."""
    run = subprocess.run([sys.executable, str(SCORE_GRAPH), *map(str, args), "--json"],
                         capture_output=True, text=True, check=True)
    return json.loads(run.stdout)


def check_rates(result: dict) -> None:
    assert tuple(result) == FIELDS
    for key in RATES:
        assert result[key] is None or 0.0 <= result[key] <= 1.0, key
    assert isinstance(result["entity_duplicates"], dict)
    assert isinstance(result["system_events"], int)


# --------------------------------------------------------------------------- the seed

def test_seed_json_report(capsys):
    code, out, _ = kg_eval(capsys, SEED_GOLD, SEED_TEXT, "--json")
    assert code == 0
    result = json.loads(out)
    check_rates(result)
    # the targets for the seed (kg scores 1.0 on each)
    assert result["entity_f1"] >= 0.95 and result["entity_duplicates"] == {}
    assert result["event_recall"] >= 0.85 and result["event_precision"] >= 0.85
    assert result["date_accuracy"] >= 0.9
    assert result["role_accuracy"] == result["country_code_accuracy"] == 1.0


def test_seed_text_report_finds_the_article(capsys):
    """Without texts, the gold's document is found (here in seeds/); text output is one line per field."""
    code, out, _ = kg_eval(capsys, SEED_GOLD)
    assert code == 0
    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == list(FIELDS)
    assert lines[0].startswith("entity_recall") and len(lines[0].split()[0]) < 28


def test_graph_option_scores_a_built_graph(seed_out):
    built = evaluate([SEED_GOLD], graph=seed_out)
    assert built == evaluate([SEED_GOLD], graph=seed_out / "graph.ttl")
    check_rates(built)


# --------------------------------------------------------------------------- the Wikinews regression golds

@pytest.mark.parametrize("name", sorted(WIKINEWS))
def test_wikinews_gold(name):
    result = evaluate([GOLD / name])
    check_rates(result)
    for key, floor in WIKINEWS[name].items():
        assert result[key] >= floor, (key, result)


def test_gold_files_are_consistent():
    """Every event argument of every gold is one of its entities; dates are ISO at some precision."""
    import re

    for path in [SEED_GOLD, *(GOLD / n for n in WIKINEWS)]:
        gold = json.loads(path.read_text(encoding="utf-8"))
        assert (path.parent / gold["document"]).is_file() or (ROOT / "seeds" / gold["document"]).is_file()
        names = {e["name"] for e in gold["entities"]}
        assert len(names) == len(gold["entities"]), path
        for ev in gold["events"]:
            assert set(ev["agent"]) <= names and set(ev["target"]) <= names, (path.name, ev["id"])
            assert ev["types"] and all(t.isupper() for t in ev["types"])
            for d in ev.get("date", []):
                assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", d), d


# --------------------------------------------------------------------------- scoring rules, pinned by hand

def test_score_graph_hand_made():
    g = Graph().parse(format="turtle", data="""
    @prefix ex: <http://example.org/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
    ex:us a ex:Country ; rdfs:label "United States" ; ex:countryCode "USA" .
    ex:ru a ex:Country ; rdfs:label "Russia" ; ex:countryCode "RUS" .
    ex:trump a ex:Person ; rdfs:label "Donald Trump" ; skos:altLabel "Trump" ; ex:country ex:us ; ex:jobTitle "US President" .
    ex:trump2 a ex:Person ; rdfs:label "Trump" .
    ex:putin a ex:Person ; rdfs:label "Putin" ; ex:country ex:ru .
    ex:junk a ex:Organization ; rdfs:label "’s" .
    ex:e1 ex:eventType ex:CONSULT ; ex:agent ex:putin ; ex:target ex:trump ; ex:date "2025-06-17" .
    ex:e2 ex:eventType ex:CONSULT ; ex:agent ex:trump2 ; ex:target ex:putin .
    ex:e3 ex:eventType "ASSAULT" ; ex:agent ex:ru ; ex:target ex:us .
    """)
    gold = {"document": "a.txt", "entities": [
        {"name": "Donald Trump", "type": "Person", "aliases": ["Trump"], "required": True, "country": "USA", "role": "President"},
        {"name": "Vladimir Putin", "type": "Person", "aliases": ["Putin"], "required": True, "country": "RUS", "role": "leader"},
        {"name": "United States", "type": "Country", "aliases": ["US"], "required": True, "country": "USA"},
        {"name": "Russia", "type": "Country", "required": True, "country": "RUS"},
        {"name": "Ukraine", "type": "Country", "required": True, "country": "UKR"},
        {"name": "Kremlin", "type": "Organization", "required": False}],
        "events": [
        {"id": "E1", "agent": ["Donald Trump"], "target": ["Vladimir Putin"], "types": ["CONSULT"], "symmetric": True,
         "date": ["2025-06-17"], "required": True},
        {"id": "E2", "agent": ["Russia"], "target": ["Ukraine"], "types": ["ASSAULT"], "date": ["2022"], "required": True},
        {"id": "E3", "agent": ["Russia"], "target": ["United States"], "types": ["THREATEN"], "required": False}]}
    r = score_graph(g, [gold])
    assert r["entity_recall"] == 0.8  # 4 of 5 required (Ukraine missing)
    assert r["entity_precision"] == round(5 / 6, 3)  # the "’s" node matches nothing
    assert r["entity_duplicates"] == {"Donald Trump": 2}
    assert r["missing_entities"] == ["Ukraine"]
    assert r["unmatched_entities"] == ["’s"]
    assert r["role_accuracy"] == 0.5  # "President" in "US President"; Putin has no title
    assert r["country_code_accuracy"] == 1.0  # persons through their country
    assert r["entity_type_accuracy"] == 1.0
    # e1 (symmetric, reversed) matches E1 with its date, e2 is a further mention of E1,
    # e3 (ASSAULT Russia -> US) matches nothing
    assert r["system_events"] == 3
    assert r["event_recall"] == 0.5 and r["missing_events"] == ["E2"]
    assert r["event_precision"] == round(2 / 3, 3)
    assert r["date_accuracy"] == 1.0
    assert r["unmatched_system_events"] == ["ASSAULT ['Russia'] -> ['United States']"]


def test_several_golds_score_events_per_article():
    g = Graph().parse(format="turtle", data="""
    @prefix ex: <http://example.org/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    @prefix prov: <http://www.w3.org/ns/prov#> .
    ex:ru a ex:Country ; rdfs:label "Russia" . ex:ua a ex:Country ; rdfs:label "Ukraine" .
    ex:doc1 ex:name "alpha.txt" . ex:doc2 ex:name "beta.txt" .
    ex:e1 ex:eventType ex:ASSAULT ; ex:agent ex:ru ; ex:target ex:ua ; prov:wasDerivedFrom ex:doc2 .
    """)
    ents = [{"name": "Russia", "type": "Country", "required": True}, {"name": "Ukraine", "type": "Country", "required": True}]
    a = {"document": "alpha.txt", "entities": ents,
         "events": [{"id": "E1", "agent": ["Russia"], "target": ["Ukraine"], "types": ["ASSAULT"], "required": True}]}
    b = {"document": "beta.txt", "entities": ents, "events": []}
    r = score_graph(g, [a, b])
    assert r["missing_events"] == ["alpha.txt:E1"]  # the event was read from beta.txt, not alpha.txt
    assert r["event_precision"] == 0.0
    assert score_graph(g, [a])["event_recall"] == 1.0  # one gold: any document counts


def test_suite_scorer_hand_made():
    cases = [
        # reciprocal pair: either direction satisfies it, the second direction is neutral
        {"id": "c1", "expected": [{"source": "USA", "target": "JOR", "plover": "AGREE"},
                                  {"source": "JOR", "target": "USA", "plover": "AGREE"}]},
        # international actors compare as a class; '---' matches anything
        {"id": "c2", "expected": [{"source": "IGOUNO", "target": "---", "plover": "AID"}]},
        # wrong category and wrong target: two misses, two false positives
        {"id": "c3", "expected": [{"source": "RUSMIL", "target": "UKR", "plover": "ASSAULT"},
                                  {"source": "CHN", "target": "TWN", "plover": "THREATEN"}]},
        # no gold event: false positives only
        {"id": "c4", "expected": []},
        # gold without a PLOVER category (CAMEO root 01/02): left out at the PLOVER level
        {"id": "c5", "expected": [{"source": "FRA", "target": "DEU", "plover": None, "root": "01"}]},
        # nothing predicted: one miss
        {"id": "c6", "expected": [{"source": "IRN", "target": "ISR", "plover": "ACCUSE"}]},
    ]
    preds = {
        "c1": [{"source": "JOR", "target": "USA", "plover": "AGREE"}, {"source": "USA", "target": "JOR", "plover": "AGREE"}],
        "c2": [{"source": "IGO", "target": "SDN", "plover": "AID"}],
        "c3": [{"source": "RUS", "target": "UKR", "plover": "COERCE"}, {"source": "CHN", "target": "USA", "plover": "THREATEN"}],
        "c4": [{"source": "RUS", "target": "UKR", "plover": "ASSAULT"}],
        "c5": [{"source": "FRA", "target": "DEU", "plover": "CONSULT"}],
    }
    totals, per_case = score_suite(cases, preds)
    assert totals == {"level": "plover", "tp": 2, "fp": 4, "fn": 3,
                      "precision": round(2 / 6, 4), "recall": 0.4, "f1": round(2 * (1 / 3) * 0.4 / (1 / 3 + 0.4), 4)}
    assert per_case["c1"] == {"tp": 1, "fp": 0, "fn": 0}
    assert per_case["c3"] == {"tp": 0, "fp": 2, "fn": 2}
    assert per_case["c5"] == {"tp": 0, "fp": 1, "fn": 0}
    # at the dyad level the category is ignored: c3's first prediction and c5's now hit
    dyad, per_case = score_suite(cases, preds, "dyad")
    assert (dyad["tp"], dyad["fp"], dyad["fn"]) == (4, 2, 2)


def test_score_cases_reads_case_documents():
    g = Graph().parse(format="turtle", data="""
    @prefix ex: <http://example.org/> . @prefix prov: <http://www.w3.org/ns/prov#> .
    ex:us a ex:Country ; ex:countryCode "USA" . ex:jo a ex:Country ; ex:countryCode "JOR" .
    ex:un a ex:Organization .
    ex:pm a ex:Person ; ex:country ex:jo .
    ex:d1 ex:name "c1.txt" . ex:d2 ex:name "c2.txt" . ex:d9 ex:name "other.txt" .
    ex:e1 ex:eventType ex:AGREE ; ex:agent ex:us , ex:pm ; ex:target ex:jo ; prov:wasDerivedFrom ex:d1 .
    ex:e2 ex:eventType ex:AID ; ex:agent ex:un ; prov:wasDerivedFrom ex:d2 .
    ex:e3 ex:eventType ex:ASSAULT ; ex:agent ex:us ; ex:target ex:jo ; prov:wasDerivedFrom ex:d9 .
    """)
    cases = [{"id": "c1", "expected": [{"source": "USA", "target": "JOR", "plover": "AGREE"}]},
             {"id": "c2", "expected": [{"source": "IGOWFP", "target": "SDN", "plover": "AID"}]}]
    # e1 gives USA->JOR (hit) and JOR->JOR (false positive); e2 gives IGO->None, which misses
    # the gold target SDN; e3 belongs to no case
    assert score_cases(g, cases) == {"level": "plover", "tp": 1, "fp": 2, "fn": 1,
                                     "precision": 0.3333, "recall": 0.5, "f1": 0.4,
                                     "cases_missed": ["c2"], "cases_with_false_events": ["c1", "c2"]}


def test_suite_cli_tiny(tmp_path, capsys):
    suite = [{"id": "t1", "text": "Russia invaded Ukraine in 2022.",
              "expected": [{"source": "RUS", "target": "UKR", "plover": "ASSAULT"}]},
             {"id": "t2", "text": "It rained in Paris on Monday.", "expected": []}]
    path = tmp_path / "suite.json"
    path.write_text(json.dumps(suite))
    code, out, _ = kg_eval(capsys, "--suite", path, "--json")
    assert code == 0
    result = json.loads(out)
    assert tuple(result) == SUITE_FIELDS
    assert result["tp"] + result["fn"] == 1
    assert result == evaluate_suite(path)


def test_format_report():
    assert format_report({"entity_f1": 0.5, "missing_events": ["E1"]}) == (
        "entity_f1                    0.5\nmissing_events               ['E1']")


# --------------------------------------------------------------------------- errors

def test_errors(tmp_path, capsys):
    code, _, err = kg_eval(capsys, tmp_path / "missing.json")
    assert code == 1 and "[E101]" in err and len(err.strip().splitlines()) == 1
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    code, _, err = kg_eval(capsys, bad)
    assert code == 1 and "[E601]" in err
    lost = tmp_path / "lost.json"
    lost.write_text(json.dumps({"document": "nowhere.txt", "entities": [], "events": []}))
    code, _, err = kg_eval(capsys, lost)
    assert code == 1 and "[E602]" in err
    code, _, err = kg_eval(capsys)
    assert code == 2 and "[E604]" in err
    code, _, err = kg_eval(capsys, SEED_TEXT)
    assert code == 2 and "[E604]" in err
    code, _, err = kg_eval(capsys, "--suite", CASES, SEED_GOLD)
    assert code == 2 and "[E604]" in err
    bad.write_text(json.dumps({"a": 1}))
    code, _, err = kg_eval(capsys, "--suite", bad)
    assert code == 1 and "[E603]" in err


# --------------------------------------------------------------------------- agreement with the reference scorer

@needs_reference
def test_same_numbers_as_score_graph_on_seed(seed_out):
    graph = seed_out / "graph.ttl"
    assert evaluate([SEED_GOLD], graph=graph) == reference(graph, SEED_GOLD)


@needs_reference
def test_same_numbers_as_score_graph_several_golds(tmp_path):
    """The seed and the three Wikinews articles in one graph, scored against four golds at once."""
    from kg.pipeline import run_build
    from kg.use.export import export

    golds = [SEED_GOLD, *(GOLD / n for n in sorted(WIKINEWS))]
    texts = [SEED_TEXT, *(GOLD / json.loads(p.read_text())["document"] for p in golds[1:])]
    report = run_build(texts)
    try:
        export(report.store, "turtle", tmp_path / "graph.ttl")
    finally:
        report.store.close()
    ours = evaluate(golds, graph=tmp_path / "graph.ttl")
    assert ours == reference(tmp_path / "graph.ttl", *golds)
    assert ours == evaluate(golds, texts)  # building in memory gives the same graph


def test_plover_suite_meets_the_target():
    """The 322 PLOVER gold sentences, scored at the PLOVER level (source country, target
    country, category): the issue's target is F1 0.55 (kg scored 0.557 when this was set)."""
    result = evaluate_suite(CASES)
    assert result["f1"] >= 0.55 and result["precision"] >= 0.7, result


@needs_reference
def test_same_numbers_as_score_graph_on_a_suite(tmp_path):
    from kg.pipeline import run_build
    from kg.use.export import export

    cases = load_cases(CASES)[::8]  # 41 cases across all categories
    folder = tmp_path / "cases"
    folder.mkdir()
    for case in cases:
        (folder / f'{case["id"]}.txt').write_text(case["text"], encoding="utf-8")
    (tmp_path / "cases.json").write_text(json.dumps(cases))
    report = run_build([folder])
    try:
        export(report.store, "turtle", tmp_path / "graph.ttl")
    finally:
        report.store.close()
    ours = evaluate_suite(tmp_path / "cases.json", graph=tmp_path / "graph.ttl")
    theirs = reference("--events", tmp_path / "graph.ttl", tmp_path / "cases.json")
    assert {k: ours[k] for k in theirs} == theirs  # (kg adds the ids of the cases to read)
    assert ours == evaluate_suite(tmp_path / "cases.json")


# --------------------------------------------------------------------------- event instances

PROROGATION = sorted(p for p in GOLD.glob("*.gold.json")
                     if any(str(e.get("instance", "")).startswith("prorogation:")
                            for e in json.loads(p.read_text(encoding="utf-8")).get("events", [])))


def test_instance_scores_hand_made():
    """Two articles report one strike; the graph puts their mentions in one instance, and a third
    mention (of another event) in its own."""
    g = Graph().parse(format="turtle", data="""
    @prefix ex: <http://example.org/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    @prefix prov: <http://www.w3.org/ns/prov#> . @prefix gaf: <http://groundedannotationframework.org/gaf#> .
    ex:us a ex:Country ; rdfs:label "United States" . ex:ir a ex:Country ; rdfs:label "Iran" .
    ex:d1 ex:name "a.txt" . ex:d2 ex:name "b.txt" .
    ex:m1 ex:eventType ex:ASSAULT ; ex:agent ex:us ; ex:target ex:ir ; prov:wasDerivedFrom ex:d1 .
    ex:m2 ex:eventType ex:ASSAULT ; ex:agent ex:us ; ex:target ex:ir ; prov:wasDerivedFrom ex:d2 .
    ex:m3 ex:eventType ex:THREATEN ; ex:agent ex:ir ; ex:target ex:us ; prov:wasDerivedFrom ex:d2 .
    ex:i1 a ex:Event ; ex:eventType ex:PoliticalEvent ; gaf:denotedBy ex:m1 , ex:m2 .
    """)
    ents = [{"name": "United States", "type": "Country", "required": True}, {"name": "Iran", "type": "Country", "required": True}]
    strike = {"agent": ["United States"], "target": ["Iran"], "types": ["ASSAULT"], "required": True, "instance": "s:strike"}
    a = {"document": "a.txt", "entities": ents, "events": [{"id": "E1", **strike}]}
    b = {"document": "b.txt", "entities": ents, "events": [
        {"id": "E1", **strike}, {"id": "E2", "agent": ["Iran"], "target": ["United States"], "types": ["THREATEN"],
                                 "required": True, "instance": "s:threat"}]}
    r = score_graph(g, [a, b])
    assert r["entity_precision"] == 1.0  # the instance node is neither an entity nor an event mention
    assert r["system_events"] == 3 and r["event_precision"] == 1.0
    assert (r["instance_pair_precision"], r["instance_pair_recall"], r["instance_pair_f1"]) == (1.0, 1.0, 1.0)
    assert r["instance_gold_pairs"] == 1 and r["instances_per_real_event"] == 1.0
    assert "instance_pair_f1" not in score_graph(g, [{**a, "events": [{k: v for k, v in a["events"][0].items()
                                                                      if k != "instance"}]}])


HAND_MADE = """
@prefix ex: <http://example.org/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov: <http://www.w3.org/ns/prov#> . @prefix gaf: <http://groundedannotationframework.org/gaf#> .
ex:us a ex:Country ; rdfs:label "United States" . ex:ir a ex:Country ; rdfs:label "Iran" .
ex:iq a ex:Country ; rdfs:label "Iraq" .
ex:d1 ex:name "alpha.txt" . ex:d2 ex:name "bravo.txt" . ex:d3 ex:name "charlie.txt" .
ex:m1 ex:eventType ex:ASSAULT ; ex:agent ex:us ; ex:target ex:ir ; prov:wasDerivedFrom ex:d1 .
ex:m2 ex:eventType ex:ASSAULT ; ex:agent ex:us ; ex:target ex:ir ; prov:wasDerivedFrom ex:d2 .
ex:m3 ex:eventType ex:ASSAULT ; ex:agent ex:us ; ex:target ex:ir ; prov:wasDerivedFrom ex:d3 .
ex:m4 ex:eventType ex:THREATEN ; ex:agent ex:ir ; ex:target ex:us ; prov:wasDerivedFrom ex:d2 .
ex:m5 ex:eventType ex:THREATEN ; ex:agent ex:ir ; ex:target ex:us ; prov:wasDerivedFrom ex:d3 .
ex:m6 ex:eventType ex:PROTEST ; ex:agent ex:iq ; ex:target ex:us ; prov:wasDerivedFrom ex:d3 ; ex:instanceOf ex:i2 .
ex:m7 ex:eventType ex:PROTEST ; ex:agent ex:iq ; ex:target ex:us ; prov:wasDerivedFrom ex:d1 ; ex:instanceOf ex:i3 .
ex:i1 a ex:Event ; gaf:denotedBy ex:m1 , ex:m2 .
ex:i2 a ex:Event ; gaf:denotedBy ex:m3 , ex:m4 , ex:m5 .
"""


def hand_made_golds(folder: Path) -> list[Path]:
    """Three articles: a strike all three report, a threat two report, a protest two report."""
    ents = [{"name": n, "type": "Country", "required": True} for n in ("United States", "Iran", "Iraq")]
    strike = {"agent": ["United States"], "target": ["Iran"], "types": ["ASSAULT"], "required": True, "instance": "s:strike"}
    threat = {"agent": ["Iran"], "target": ["United States"], "types": ["THREATEN"], "required": True, "instance": "s:threat"}
    protest = {"agent": ["Iraq"], "target": ["United States"], "types": ["PROTEST"], "required": True, "instance": "s:protest"}
    golds = {"alpha.txt": [strike, protest], "bravo.txt": [strike, threat], "charlie.txt": [strike, threat, protest]}
    out = []
    for doc, events in golds.items():
        out.append(folder / f"{doc[:-4]}.gold.json")
        out[-1].write_text(json.dumps({"document": doc, "entities": ents,
                                       "events": [{"id": f"E{k}", **e} for k, e in enumerate(events, 1)]}))
    return out


def test_instance_scores_split_and_merged_instances(tmp_path):
    """The graph splits the strike (two of three reports in one instance), puts a third report of it
    with the threat, and the two protest reports apart: the numbers ../shared/eval/score_graph.py gave
    for this graph and these golds (computed once, 2026-12-07: 2 of 7 system pairs right, 2 of 5 gold
    pairs found)."""
    (tmp_path / "graph.ttl").write_text(HAND_MADE)
    r = evaluate(hand_made_golds(tmp_path), graph=tmp_path / "graph.ttl")
    assert (r["event_recall"], r["event_precision"], r["system_events"]) == (1.0, 1.0, 7)
    assert {k: r[k] for k in r if k.startswith("instance")} == {
        "instance_pair_precision": 0.286, "instance_pair_recall": 0.4, "instance_pair_f1": 0.333,
        "instance_gold_pairs": 5, "instances_per_real_event": 1.0}


@needs_reference
def test_same_instance_numbers_as_score_graph_hand_made(tmp_path):
    (tmp_path / "graph.ttl").write_text(HAND_MADE)
    golds = hand_made_golds(tmp_path)
    assert evaluate(golds, graph=tmp_path / "graph.ttl") == reference(tmp_path / "graph.ttl", *golds)


@pytest.fixture(scope="module")
def prorogation_graph(tmp_path_factory) -> Path:
    """The four prorogation articles (tests/gold, instance ids across them) built into one graph."""
    from kg.pipeline import run_build
    from kg.use.export import export

    out = tmp_path_factory.mktemp("prorogation") / "graph.ttl"
    report = run_build([GOLD / json.loads(p.read_text())["document"] for p in PROROGATION])
    try:
        export(report.store, "turtle", out)
    finally:
        report.store.close()
    return out


def test_instances_of_a_cluster_of_articles(prorogation_graph):
    """The reports kg finds of one real event across the cluster are one instance (floors: what
    kg scored on 2026-12-07; the reference scorer gave the same numbers). Of the 3 gold pairs kg
    finds both reports of, 1 is joined ("Per request of Johnson" with "Johnson asked the Queen
    ... in August": words of one act, instances.toml same_act); the third report ("suspended
    parliament at the behest of Boris Johnson ... on September 10") is dated by its sentence's
    verb, the suspension's day, so it stays apart from the August request; precision stays 1.0."""
    assert len(PROROGATION) == 4
    r = evaluate(PROROGATION, graph=prorogation_graph)
    assert r["instance_gold_pairs"] >= 3
    assert r["instance_pair_precision"] == 1.0
    assert r["instance_pair_f1"] >= 0.5 and r["instances_per_real_event"] <= 1.5


@needs_reference
def test_same_instance_numbers_as_score_graph_on_a_cluster(prorogation_graph):
    ours = evaluate(PROROGATION, graph=prorogation_graph)
    assert "instances_per_real_event" in ours
    assert ours == reference(prorogation_graph, *PROROGATION)
