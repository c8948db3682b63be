"""``kg query`` stays offline unless told otherwise (issue 8).

A local TCP listener (the ``listener`` fixture) stands in for "the network".
"""

from __future__ import annotations

import pytest
from support import MISLEADING, SERVICE_QUERIES, kg

from kg.errors import KGError
from kg.use.query import query


@pytest.mark.parametrize("template", SERVICE_QUERIES)
def test_query_with_service_is_refused_before_anything_runs(seed_out, listener, template):
    text = template.format(url=listener.url)
    with pytest.raises(KGError) as err:
        query(seed_out, text)
    assert err.value.code == "E311" and err.value.exit_code == 2
    assert "--allow-network" in str(err.value)
    assert listener.settle() == []


def test_query_with_service_hidden_from_the_keyword_scan_is_refused(seed_out, listener):
    with pytest.raises(KGError) as err:
        query(seed_out, MISLEADING.format(url=listener.url), timeout=10)
    assert err.value.code == "E311"
    assert listener.settle() == []


def test_cli_query_with_service_is_refused(seed_out, listener, capsys):
    assert kg("query", seed_out, f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}") == 2
    err = capsys.readouterr().err
    assert "[E311]" in err and err.count("\n") == 1
    assert listener.settle() == []


def test_allow_network_lets_service_through(seed_out, listener):
    """Proof that the refusal matters: pyoxigraph does send SERVICE queries over HTTP."""
    with pytest.raises(KGError):  # the listener answers nothing: the query fails, but it went out
        query(seed_out, f"SELECT * WHERE {{ SERVICE <{listener.url}sparql> {{ ?s ?p ?o }} }}", allow_network=True,
              timeout=20)
    hits = listener.settle()
    assert hits and hits[0].startswith(b"POST /sparql")


@pytest.mark.parametrize("text", [
    "SELECT * FROM <{url}data.ttl> WHERE {{ ?s ?p ?o }} LIMIT 1",
    "SELECT * FROM NAMED <{url}data.ttl> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} LIMIT 1",
    "SELECT ?s WHERE {{ ?s <{url}service> 'SERVICE <{url}x>' }}  # SERVICE <{url}y>",
])
def test_from_and_words_in_strings_stay_offline_and_run(seed_out, listener, text):
    result = query(seed_out, text.format(url=listener.url))  # FROM names graphs of the store: nothing fetched
    assert result.kind == "select"
    assert listener.settle() == []


def test_load_and_updates_are_not_run_by_kg_query(copy_seed_out, listener):
    for text in (f"LOAD <{listener.url}x.ttl>", "DROP ALL", "INSERT DATA { <urn:a> <urn:b> <urn:c> }"):
        with pytest.raises(KGError) as err:
            query(copy_seed_out, text)
        assert err.value.code == "E318"  # an update, refused as one
    assert listener.settle() == []
    assert query(copy_seed_out, "ASK { ?s ?p ?o }").boolean is True  # nothing dropped
