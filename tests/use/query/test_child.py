"""The query child process: the timeout that kills it, the same answers as in this process."""

from __future__ import annotations

import time

import pyoxigraph as ox
import pytest
from support import kg_query

from kg.errors import KGError
from kg.use.query import query
from kg.use.query.child import execute, run_in_child


def test_in_process_and_rdf_file_targets(seed_out):
    a = query(seed_out / "graph.ttl", "dyads")
    b = query(seed_out, "dyads", timeout=None)
    assert a.rows == b.rows and a.rows


def test_timeout_stops_a_slow_query(seed_out, capsys):
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"  # 317^4 rows
    started = time.monotonic()
    with pytest.raises(KGError) as err:
        query(seed_out, slow, timeout=1)
    assert err.value.code == "E304"
    assert time.monotonic() - started < 4
    code, _, stderr = kg_query(capsys, seed_out, slow, "--timeout", "0.5")
    assert code == 1 and "[E304] query stopped after 0.5 s" in stderr


def test_the_child_runs_without_the_package(tmp_path, monkeypatch):
    """The child loads child.py alone: with kg, spaCy and rdflib unimportable it still answers."""
    blocked = tmp_path / "blocked"
    for name in ("kg", "spacy", "rdflib"):
        (blocked / name).mkdir(parents=True)
        (blocked / name / "__init__.py").write_text(f"raise ImportError('the query child imported {name}')\n")
    monkeypatch.setenv("PYTHONPATH", str(blocked))
    data = tmp_path / "g.nt"
    data.write_text('<urn:a> <http://www.w3.org/2000/01/rdf-schema#label> "A" .\n')
    job = {"query": "SELECT ?s WHERE { ?s ?p ?o }",
           "source": {"file": str(data), "format": ox.RdfFormat.N_TRIPLES.media_type}}
    assert run_in_child(job, timeout=60) == {"status": "ok", "kind": "select", "vars": ["s"],
                                             "rows": [[{"type": "uri", "value": "urn:a"}]], "labels": {"urn:a": "A"}}


def test_a_source_the_child_cannot_open_is_an_open_error(tmp_path):
    job = {"query": "ASK { ?s ?p ?o }", "source": {"store": str(tmp_path / "nothing")}}
    answer = run_in_child(job, timeout=60)
    assert answer["status"] == "error" and answer["type"] == "open"


def _labelled_store() -> ox.Store:
    store = ox.Store()
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    for iri, name in (("urn:putin", "Vladimir Putin"), ("urn:trump", "Donald Trump")):
        store.add(ox.Quad(ox.NamedNode(iri), label, ox.Literal(name)))
    return store


def test_execute_answers_select_ask_and_graph_with_labels():
    store = _labelled_store()
    select = execute(store, {"query": "SELECT ?e ?l WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?l } "
                                      "ORDER BY ?l"})
    assert select["kind"] == "select" and select["vars"] == ["e", "l"]
    assert select["rows"][0] == [{"type": "uri", "value": "urn:trump"}, {"type": "literal", "value": "Donald Trump"}]
    assert select["labels"] == {"urn:putin": "Vladimir Putin", "urn:trump": "Donald Trump"}
    assert execute(store, {"query": "ASK { <urn:putin> ?p ?o }"})["boolean"] is True
    graph = execute(store, {"query": "CONSTRUCT WHERE { <urn:putin> ?p ?o }", "labels": False})
    assert graph["kind"] == "graph" and len(graph["triples"]) == 1 and graph["labels"] == {}


def test_execute_substitutes_and_checks_names():
    store = _labelled_store()
    job = {"query": "SELECT ?l ?e WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?l }",
           "subs": {"l": {"type": "literal", "value": "Donald Trump"}}}
    assert execute(store, job)["rows"] == [[{"type": "literal", "value": "Donald Trump"},
                                            {"type": "uri", "value": "urn:trump"}]]
    assert execute(store, {**job, "names": {"actor": "donald trump"}})["status"] == "ok"
    unknown = execute(store, {**job, "names": {"actor": "nobody"}})
    assert unknown == {"status": "unknown_names", "unknown": {"actor": "nobody"},
                       "labels": ["Donald Trump", "Vladimir Putin"]}


def test_execute_reports_syntax_and_query_errors():
    store = _labelled_store()
    assert execute(store, {"query": "SELECT ?s WHERE { ?s ?p }"})["type"] == "syntax"
    assert execute(store, {"query": "SELECT ?s WHERE { SERVICE <urn:no:such:service> { ?s ?p ?o } }"})["type"] == "query"
