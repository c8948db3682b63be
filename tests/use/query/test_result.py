"""QueryResult: the formats a query's answer is shown in."""

from __future__ import annotations

import csv
import io
import json

from rdflib import Literal, URIRef
from rdflib.namespace import RDFS
from support import kg_query

from kg.use.query import QueryResult, query

TRUMP = URIRef("https://w3id.org/kg-news/data/person/Donald_Trump")


def test_formats_parse(seed_out, capsys):
    code, out, _ = kg_query(capsys, seed_out, "events", "-p", "actor=Putin", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert any(r["date"] == "2025-06-14" and r["counterpart"] == "Donald Trump" for r in rows)
    code, out, _ = kg_query(capsys, seed_out, "events", "-p", "actor=Putin", "--format", "json")
    data = json.loads(out)
    assert "date" in data["head"]["vars"]
    assert any(b.get("counterpart", {}).get("value") == str(TRUMP) for b in data["results"]["bindings"])
    code, out, _ = kg_query(capsys, seed_out, "dyads", "--format", "tsv")
    header, *body = out.splitlines()
    assert header.split("\t")[:3] == ["agent", "category", "target"] and body
    code, out, _ = kg_query(capsys, seed_out, "aliases", "-p", "name=trump", "--format", "markdown", "--iris")
    assert out.startswith("| entity |") and str(TRUMP) in out
    code, out, _ = kg_query(capsys, seed_out, "dyads")  # piped: plain aligned text
    assert out.splitlines()[1].startswith("---") and "Donald Trump" in out


def test_rich_table_keeps_brackets_and_a_store_open_for_writing(copy_seed_out):
    from rich.console import Console

    from kg.graph.store import KGStore

    with KGStore(copy_seed_out / "store") as store:  # a notebook after run_build: the store is held
        result = query(store, "SELECT ?t WHERE { ?e kg:evidence ?t FILTER(CONTAINS(?t, '[and]')) }")
        assert result.rows, "the seed has a sentence with [and]"
        assert query(store, "dyads", timeout=None).rows == query(store, "dyads").rows
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(result.to_rich_table())
    assert "[and]" in console.export_text()


PERSON = "https://w3id.org/kg-news/data/person/"


def _select(**kwargs) -> QueryResult:
    return QueryResult("select", vars=["who", "said"],
                       rows=[(URIRef(PERSON + "Donald_Trump"), Literal("a\tb | c\nd")),
                             (URIRef(PERSON + "Nobody"), None)],
                       labels={PERSON + "Donald_Trump": "Donald Trump"}, **kwargs)


def test_tables_show_labels_then_compact_iris_and_escape_what_their_format_needs():
    r = _select()
    assert r.table_rows() == [["Donald Trump", "a\tb | c\nd"], ["person:Nobody", ""]]
    assert r.to_tsv().splitlines() == ["who\tsaid", "Donald Trump\ta b | c d", f"{PERSON}Nobody\t"]
    assert r.to_markdown().splitlines()[2:] == ["| Donald Trump | a\tb \\| c d |", "| person:Nobody |  |"]
    assert list(csv.reader(io.StringIO(r.to_csv()))) == [["who", "said"], ["Donald Trump", "a\tb | c\nd"],
                                                         [f"{PERSON}Nobody", ""]]
    text = r.to_text(max_width=5)  # values cut to 5 characters, the last one an ellipsis
    assert "Dona…" in text and "Donald" not in text and text.splitlines()[1] == "-----  -----"
    r.iris = True
    assert r.table_rows()[0][0] == PERSON + "Donald_Trump"


def test_json_keeps_terms_as_they_are_and_leaves_out_unbound_values():
    data = json.loads(_select().to_json())
    assert data["head"]["vars"] == ["who", "said"]
    assert data["results"]["bindings"][1] == {"who": {"type": "uri", "value": PERSON + "Nobody"}}
    assert _select().records()[1] == {"who": PERSON + "Nobody", "said": None}


def test_ask_and_graph_answers_render_in_every_format():
    ask = QueryResult("ask", boolean=True)
    assert [ask.render(f) for f in ("text", "csv", "tsv", "markdown")] == ["true", "true\n", "true\n", "true"]
    assert json.loads(ask.to_json()) == {"head": {}, "boolean": True}
    graph = QueryResult("graph", triples=[(URIRef(PERSON + "Donald_Trump"), RDFS.label, Literal("Donald Trump"))])
    assert len(graph) == 1 and "person:Donald_Trump" in graph.to_turtle()
    assert graph.to_csv() == graph.to_text() == graph.to_turtle()
    assert graph.to_markdown().startswith("```turtle\n")
    assert json.loads(graph.to_json())[0]["@id"] == PERSON + "Donald_Trump"
