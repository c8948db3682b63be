"""The ready-made questions (kg/use/query/questions/*.rq): what they answer on the seed, and their names."""

from __future__ import annotations

import pytest
from rdflib import URIRef
from support import kg_query

from kg.errors import KGError
from kg.use.query import QUERY_DIR, query, ready_made
from kg.use.query.questions import query_text

PUTIN = URIRef("https://w3id.org/kg-news/data/person/Vladimir_Putin")
TRUMP = URIRef("https://w3id.org/kg-news/data/person/Donald_Trump")


def test_ready_made_questions_have_descriptions_and_params():
    questions = ready_made()
    assert set(questions) >= {"events", "dyads", "timeline", "aliases", "sources", "between"}
    assert all(q.description for q in questions.values())
    # a description is a whole sentence, however many comment lines it takes (--list shows it)
    assert all(q.description.endswith(".") for q in questions.values()), [q.description for q in questions.values()]
    assert questions["between"].description.endswith('(dated "report": it happened then or before).')
    assert [p.name for p in questions["between"].params] == ["a", "b", "count"]
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
    code, _, stderr = kg_query(capsys, seed_out, "events", "--param", "actor=Puttin")
    assert code == 1 and "did you mean 'Putin'" in stderr


def test_an_unknown_surname_suggests_the_full_names_it_is_a_word_of(seed_out):
    """Found by a cold try: "actor=Trump" on a graph with only "Donald Trump" suggested nothing."""
    with pytest.raises(KGError) as err:
        query(seed_out, "events", params={"actor": "Forum"})  # a word of a name the seed spells in full only
    assert err.value.code == "E305" and "did you mean 'St. Petersburg International Economic Forum'" in str(err.value)


def test_list(capsys):
    code, out, _ = kg_query(capsys, "--list")
    assert code == 0
    assert "events actor=NAME" in out and "timeline [actor=NAME]" in out and "between a=NAME b=NAME" in out


def _dyad_store(pairs: list[tuple[str, str]], *, report=None, dates=None):
    """A store with one CONSULT event per (agent, target) pair of country names, in an article
    of report date ``report``, each event at its date of ``dates`` (none by default)."""
    from kg.graph.store import KGStore
    from kg.graph.vocab import entity_key
    from kg.records import Document, Entity, Event, EventMention, ResolvedDocument
    from kg.stages.ingest import document_id

    ents = {n: Entity(key=entity_key("Country", n), type="Country", label=n) for pair in pairs for n in pair}
    text = " ".join(f"{a} met {b}." for a, b in pairs)
    doc = Document(id=document_id("dyads.txt", text), name="dyads.txt", text=text)
    events = [Event(id=f"{doc.id[:16]}-{k}", agents=(ents[a].key,), targets=(ents[b].key,),
                    mention=EventMention(category="CONSULT", trigger="met", trigger_start=0, trigger_end=3,
                                         agents=(0,), targets=(1,), sentence=f"{a} met {b}.",
                                         date=(dates or {}).get(k)))
              for k, (a, b) in enumerate(pairs)]
    store = KGStore(None)
    store.write([ResolvedDocument(document=doc, date=report, entities={e.key: e for e in ents.values()},
                                  events=events)], ents.values())
    return store


def test_timeline_and_dyads_place_an_event_the_text_does_not_date_at_its_report_date():
    """Counted by mention (an instance joins the two: the undated report lies in the week before
    its article's date)."""
    from kg.records import DateValue

    EVERY = {"count": "mentions"}  # noqa: N806

    monday = DateValue("2020-01-13", "day", "on Monday")
    store = _dyad_store([("Alpha", "Beta"), ("Alpha", "Beta")], report=DateValue("2020-01-15", "day"),
                        dates={0: monday})
    rows = query(store, "timeline", params=EVERY).records()
    assert [(str(r["date"]), str(r["dated"])) for r in rows] == [("2020-01-13", "text"), ("2020-01-15", "report")]
    (dyad,) = query(store, "dyads", params=EVERY).records()
    assert (str(dyad["first"]), str(dyad["last"]), int(dyad["events"]), int(dyad["byReport"])) == \
        ("2020-01-13", "2020-01-15", 2, 1)
    undated = _dyad_store([("Alpha", "Beta"), ("Alpha", "Beta")], dates={0: monday})  # no report date
    assert [str(r["dated"]) for r in query(undated, "timeline", params=EVERY).records()] == ["text"]
    (dyad,) = query(undated, "dyads", params=EVERY).records()
    assert (str(dyad["last"]), int(dyad["byReport"])) == ("2020-01-13", 0)


def test_neighbours_are_partners_of_partners_counted_by_partner():
    # Alpha's partners are Beta and Gamma (twice with Beta: counted once); Delta is linked to
    # both, Epsilon to Gamma only; Zeta only to Epsilon (three events away)
    store = _dyad_store([("Alpha", "Beta"), ("Gamma", "Alpha"), ("Alpha", "Beta"), ("Beta", "Delta"),
                         ("Delta", "Gamma"), ("Gamma", "Epsilon"), ("Epsilon", "Zeta")])
    rows = query(store, "neighbours", params={"actor": "alpha"}).records()
    through = {str(r["neighbour"]).rsplit("/", 1)[-1]: int(r["through"]) for r in rows}
    assert through == {"Delta": 2, "Epsilon": 1}


def test_a_query_is_text_a_rq_file_or_a_question_name(tmp_path):
    rq = tmp_path / "people.rq"
    rq.write_text("SELECT ?p WHERE { ?p a schema:Person }\n")
    assert query_text(rq) == query_text(str(rq)) == (rq.read_text(), None)
    plain = tmp_path / "people.sparql"  # any readable file named on its own line
    plain.write_text("ASK { ?s ?p ?o }")
    assert query_text(str(plain)) == ("ASK { ?s ?p ?o }", None)
    text, question = query_text("events")
    assert question == ready_made()["events"] and text == question.path.read_text(encoding="utf-8")
    assert query_text("ASK { ?s ?p ?o }") == ("ASK { ?s ?p ?o }", None)


def test_a_word_that_names_no_question_and_an_unreadable_rq_file_are_refused(tmp_path):
    with pytest.raises(KGError) as err:
        query_text("evnts")
    assert err.value.code == "E306" and err.value.exit_code == 2 and "events" in str(err.value)
    with pytest.raises(KGError) as err:
        query_text(tmp_path / "missing.rq")
    assert err.value.code == "E303"


def test_every_question_header_is_read():
    for question in ready_made().values():
        assert question.path.parent == QUERY_DIR and question.name == question.path.stem
        assert all((p.kind in ("NAME", "ID", "IRI", "TEXT") or len(p.choices) > 1) and p.help for p in question.params)
        assert question.usage().split()[0] == question.name
