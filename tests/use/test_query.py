"""kg query: ready-made questions, formats, errors a user meets, and the timeout."""

from __future__ import annotations

import csv
import io
import json
import time

import pytest
from rdflib import Literal, URIRef

from kg.cli import app
from kg.cli._app import run_command
from kg.errors import KGError
from kg.use.query import query, ready_made

PUTIN = URIRef("https://w3id.org/kg-news/data/person/Vladimir_Putin")
TRUMP = URIRef("https://w3id.org/kg-news/data/person/Donald_Trump")


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = run_command(app, ["query", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def test_ready_made_questions_have_descriptions_and_params():
    questions = ready_made()
    assert set(questions) >= {"events", "dyads", "timeline", "aliases", "sources", "between"}
    assert all(q.description for q in questions.values())
    assert [p.name for p in questions["between"].params] == ["a", "b"]
    assert not questions["timeline"].params[0].required


def test_events_of_putin_include_the_consult_with_trump_on_14_june(seed_out):
    result = query(seed_out, "events", params={"actor": "Putin"})
    rows = result.records()
    assert "actor" not in result.vars  # the bound parameter is not a column
    consult = [r for r in rows if r["category"] == "CONSULT" and r["counterpart"] == str(TRUMP)]
    assert any(str(r["date"]) == "2025-06-14" for r in consult), rows
    assert all(r["who"] == str(PUTIN) for r in rows)
    assert all(r["evidence"] for r in rows)
    # shown with labels, not IRIs
    table = result.table_rows()
    assert {row[result.vars.index("who")] for row in table} == {"Vladimir Putin"}
    assert any("Donald Trump" in row for row in table)
    assert not any(str(TRUMP) in cell for row in table for cell in row)


def test_names_match_any_label_or_alias_in_any_case(seed_out):
    a = query(seed_out, "events", params={"actor": "vladimir PUTIN"})
    b = query(seed_out, "events", params={"actor": "putin"})
    assert a.rows == b.rows and a.rows


def test_aliases_of_trump_include_trump(seed_out):
    result = query(seed_out, "aliases", params={"name": "trump"})
    aliases = {r["alias"] for r in result.records()}
    assert {"Trump", "Donald Trump"} <= aliases


def test_dyads_timeline_between_sources(seed_out):
    dyads = query(seed_out, "dyads").records()
    counts = {(r["agent"], r["category"], r["target"]): r["events"] for r in dyads}
    assert counts[(str(TRUMP), "CONSULT", str(PUTIN))] >= 2
    timeline = query(seed_out, "timeline").records()
    dates = [str(r["date"]) for r in timeline]
    assert dates == sorted(dates) and len(dates) >= 5
    only_trump = query(seed_out, "timeline", params={"actor": "Trump"}).records()
    assert 0 < len(only_trump) < len(timeline)
    between = query(seed_out, "between", params={"a": "Trump", "b": "Putin"}).records()
    assert {r["category"] for r in between} >= {"CONSULT", "REJECT"}
    event_id = next(r["id"] for r in between if r["category"] == "REJECT")
    sources = query(seed_out, "sources", params={"event": event_id}).records()
    assert sources and "rejected" in sources[0]["evidence"]
    assert sources[0]["file"].endswith(".txt")
    # a full IRI or a kg prefix works as well as the id
    full = f"<https://w3id.org/kg-news/data/event/{event_id}>"
    assert query(seed_out, "sources", params={"event": full}).rows == \
        query(seed_out, "sources", params={"event": f"ev:{event_id}"}).rows == \
        query(seed_out, "sources", params={"event": event_id}).rows


def test_unknown_actor_suggests_close_names(seed_out, capsys):
    with pytest.raises(KGError) as err:
        query(seed_out, "events", params={"actor": "Puttin"})
    assert err.value.code == "E305" and "'Putin'" in str(err.value)
    code, _, stderr = cli(capsys, seed_out, "events", "--param", "actor=Puttin")
    assert code == 1 and "did you mean 'Putin'" in stderr


def test_unknown_question_and_missing_parameter_are_usage_errors(seed_out, capsys):
    code, _, err = cli(capsys, seed_out, "evnts")
    assert code == 2 and "[E306]" in err and "events" in err
    code, _, err = cli(capsys, seed_out, "events")
    assert code == 2 and "[E307]" in err and "actor" in err
    code, _, err = cli(capsys, seed_out, "aliases", "--param", "nam=trump")
    assert code == 2 and "[E308]" in err
    code, _, err = cli(capsys, seed_out, "aliases", "--param", "trump")
    assert code == 2 and "[E309]" in err
    code, _, err = cli(capsys, seed_out, "dyads", "--format", "xml")
    assert code == 2 and "[E310]" in err


def test_list(capsys):
    code, out, _ = cli(capsys, "--list")
    assert code == 0
    assert "events actor=NAME" in out and "timeline [actor=NAME]" in out and "between a=NAME b=NAME" in out


def test_syntax_error_shows_line_column_and_caret(seed_out, capsys):
    text = "SELECT ?s\nWHERE { ?s ?p }"
    with pytest.raises(KGError) as err:
        query(seed_out, text)
    assert err.value.code == "E301" and err.value.fields["line"] == 2
    code, _, stderr = cli(capsys, seed_out, text)
    assert code == 2
    lines = stderr.splitlines()
    assert lines[0].startswith("kg: [E301] SPARQL syntax error at line 2, column ")
    assert lines[1].endswith("WHERE { ?s ?p }")
    caret = lines[2]
    assert caret.rstrip().endswith("^")
    column = err.value.fields["column"]
    assert caret.index("^") - lines[1].index("WHERE") == column - 1


def test_formats_parse(seed_out, capsys):
    code, out, _ = cli(capsys, seed_out, "events", "-p", "actor=Putin", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert any(r["date"] == "2025-06-14" and r["counterpart"] == "Donald Trump" for r in rows)
    code, out, _ = cli(capsys, seed_out, "events", "-p", "actor=Putin", "--format", "json")
    data = json.loads(out)
    assert "date" in data["head"]["vars"]
    assert any(b.get("counterpart", {}).get("value") == str(TRUMP) for b in data["results"]["bindings"])
    code, out, _ = cli(capsys, seed_out, "dyads", "--format", "tsv")
    header, *body = out.splitlines()
    assert header.split("\t")[:3] == ["agent", "category", "target"] and body
    code, out, _ = cli(capsys, seed_out, "aliases", "-p", "name=trump", "--format", "markdown", "--iris")
    assert out.startswith("| entity |") and str(TRUMP) in out
    code, out, _ = cli(capsys, seed_out, "dyads")  # piped: plain aligned text
    assert out.splitlines()[1].startswith("---") and "Donald Trump" in out


def test_ask_construct_and_rq_file(seed_out, tmp_path, capsys):
    assert query(seed_out, "ASK { ?e a kg:EventMention }").to_csv() == "true\n"
    ttl = query(seed_out, "CONSTRUCT { ?p rdfs:label ?l } WHERE { ?p a schema:Person ; rdfs:label ?l }").to_turtle()
    assert "person:Vladimir_Putin" in ttl and '"Vladimir Putin"' in ttl
    rq = tmp_path / "people.rq"
    rq.write_text("# people\nSELECT ?l WHERE { ?p a schema:Person ; rdfs:label ?l } ORDER BY ?l\n")
    code, out, _ = cli(capsys, seed_out, rq, "--format", "csv")
    assert code == 0 and out.splitlines() == ["l", "Benjamin Netanyahu", "Donald Trump", "Masoud Pezeshkian",
                                              "Vladimir Putin"]


def test_bindings_are_substituted_not_pasted(seed_out):
    tricky = 'x" } ; DROP ALL ; SELECT * { "'  # would break a query it was pasted into
    r = query(seed_out, "SELECT ?l ?p WHERE { ?p rdfs:label ?l }", bindings={"l": tricky})
    assert r.rows == []
    r = query(seed_out, "SELECT ?l ?p WHERE { ?p rdfs:label ?l }", bindings={"l": Literal("Vladimir Putin")})
    assert r.rows == [(PUTIN,)]


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
    code, _, stderr = cli(capsys, seed_out, slow, "--timeout", "0.5")
    assert code == 1 and "[E304] query stopped after 0.5 s" in stderr


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


def _dyad_store(pairs: list[tuple[str, str]]):
    """A store with one CONSULT event per (agent, target) pair of country names."""
    from kg.graph.store import KGStore
    from kg.graph.vocab import entity_key
    from kg.records import Document, Entity, Event, EventMention, ResolvedDocument
    from kg.stages.ingest import document_id

    ents = {n: Entity(key=entity_key("Country", n), type="Country", label=n) for pair in pairs for n in pair}
    text = " ".join(f"{a} met {b}." for a, b in pairs)
    doc = Document(id=document_id("dyads.txt", text), name="dyads.txt", text=text)
    events = [Event(id=f"{doc.id[:16]}-{k}", agents=(ents[a].key,), targets=(ents[b].key,),
                    mention=EventMention(category="CONSULT", trigger="met", trigger_start=0, trigger_end=3,
                                         agents=(0,), targets=(1,), sentence=f"{a} met {b}."))
              for k, (a, b) in enumerate(pairs)]
    store = KGStore(None)
    store.write([ResolvedDocument(document=doc, date=None, entities={e.key: e for e in ents.values()},
                                  events=events)], ents.values())
    return store


def test_neighbours_are_partners_of_partners_counted_by_partner():
    # Alpha's partners are Beta and Gamma (twice with Beta: counted once); Delta is linked to
    # both, Epsilon to Gamma only; Zeta only to Epsilon (three events away)
    store = _dyad_store([("Alpha", "Beta"), ("Gamma", "Alpha"), ("Alpha", "Beta"), ("Beta", "Delta"),
                         ("Delta", "Gamma"), ("Gamma", "Epsilon"), ("Epsilon", "Zeta")])
    rows = query(store, "neighbours", params={"actor": "alpha"}).records()
    through = {str(r["neighbour"]).rsplit("/", 1)[-1]: int(r["through"]) for r in rows}
    assert through == {"Delta": 2, "Epsilon": 1}
