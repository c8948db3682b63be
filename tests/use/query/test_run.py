"""kg query: what a query may be (SPARQL text, ASK, CONSTRUCT, a .rq file) and its syntax errors."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from support import kg_query

from kg.errors import KGError
from kg.use.query import query


def test_syntax_error_shows_line_column_and_caret(seed_out, capsys):
    text = "SELECT ?s\nWHERE { ?s ?p }"
    with pytest.raises(KGError) as err:
        query(seed_out, text)
    assert err.value.code == "E301" and err.value.fields["line"] == 2
    code, _, stderr = kg_query(capsys, seed_out, text)
    assert code == 2
    lines = stderr.splitlines()
    assert lines[0].startswith("kg: [E301] SPARQL syntax error at line 2, column ")
    assert lines[1].endswith("WHERE { ?s ?p }")
    caret = lines[2]
    assert caret.rstrip().endswith("^")
    column = err.value.fields["column"]
    assert caret.index("^") - lines[1].index("WHERE") == column - 1


def test_ask_construct_and_rq_file(seed_out, tmp_path, capsys):
    assert query(seed_out, "ASK { ?e a kg:EventMention }").to_csv() == "true\n"
    ttl = query(seed_out, "CONSTRUCT { ?p rdfs:label ?l } WHERE { ?p a schema:Person ; rdfs:label ?l }").to_turtle()
    assert "person:Vladimir_Putin" in ttl and '"Vladimir Putin"' in ttl
    rq = tmp_path / "people.rq"
    rq.write_text("# people\nSELECT ?l WHERE { ?p a schema:Person ; rdfs:label ?l } ORDER BY ?l\n")
    code, out, _ = kg_query(capsys, seed_out, rq, "--format", "csv")
    assert code == 0 and out.splitlines() == ["l", "Benjamin Netanyahu", "Donald Trump", "Masoud Pezeshkian",
                                              "Vladimir Putin"]


@pytest.mark.parametrize("timeout", [30, None])
def test_targets_kg_cannot_read_are_refused_with_their_code(tmp_path, timeout):
    (tmp_path / "notes.txt").write_text("not RDF")
    (tmp_path / "broken.ttl").write_text("<urn:a> <urn:b> .\n")
    (tmp_path / "folder").mkdir()
    for target, code in (("missing", "E101"), ("folder", "E202"), ("notes.txt", "E202"), ("broken.ttl", "E201")):
        with pytest.raises(KGError) as err:
            query(tmp_path / target, "ASK { ?s ?p ?o }", timeout=timeout)
        assert err.value.code == code and str(tmp_path / target) in str(err.value)


def test_a_query_is_checked_before_the_target(tmp_path):
    with pytest.raises(KGError) as err:  # the question's name is wrong: the missing target is not reached
        query(tmp_path / "missing", "evnts")
    assert err.value.code == "E306"
    with pytest.raises(KGError) as err:
        query(tmp_path / "missing", tmp_path / "missing.rq")
    assert err.value.code == "E303"


def test_an_in_memory_store_is_queried_in_a_child_from_a_copy():
    from kg.graph.store import KGStore

    store = KGStore(None)
    store.ox.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:b"), ox.Literal("c"), ox.NamedNode("urn:g")))
    assert query(store, "SELECT ?o WHERE { ?s ?p ?o }").records() == [{"o": "c"}]  # the union default graph
    assert len(store) == 1  # the store is the caller's, untouched and open


def test_an_update_is_refused_as_one_and_leaves_the_store_as_it_was(seed_out, capsys):
    """Found by a cold try: "DROP ALL" was a syntax error that expected "DESCRIBE, [_]"."""
    before = kg_query(capsys, seed_out, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")[1]
    for update in ("DROP ALL", "INSERT DATA { <urn:a> <urn:b> <urn:c> }", "PREFIX x: <urn:x>\nCLEAR DEFAULT"):
        code, _, stderr = kg_query(capsys, seed_out, update)
        assert code == 2 and stderr.startswith("kg: [E318] this is a SPARQL Update"), stderr
    assert kg_query(capsys, seed_out, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")[1] == before


def test_a_syntax_error_in_a_query_file_names_the_file(seed_out, tmp_path, capsys):
    bad = tmp_path / "mine.rq"
    bad.write_text("SELECT ?s\nWHERE { ?s ?p }\n")
    code, _, stderr = kg_query(capsys, seed_out, bad)
    assert code == 2 and stderr.startswith(f"kg: [E301] {bad}: SPARQL syntax error at line 2, column ")


@pytest.mark.parametrize("value", ["<http://x> . SERVICE <http://evil/> { ?s ?p ?o }", "<a b>", "<http://x}"])
def test_a_parameter_that_is_no_iri_is_a_usage_error_naming_it(seed_out, capsys, value):
    code, _, stderr = kg_query(capsys, seed_out, "sources", f"event={value}")
    assert code == 2 and stderr.startswith("kg: [E317] parameter event: ") and "is not an IRI" in stderr
    assert len(stderr.strip().splitlines()) == 1
