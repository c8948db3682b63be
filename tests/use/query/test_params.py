"""Parameters and bindings: substituted by Oxigraph, never pasted; usage errors a user meets."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef
from support import kg_query

from kg.errors import KGError
from kg.use.query import query, ready_made
from kg.use.query.params import substitutions

PUTIN = URIRef("https://w3id.org/kg-news/data/person/Vladimir_Putin")


def test_unknown_question_and_missing_parameter_are_usage_errors(seed_out, capsys):
    code, _, err = kg_query(capsys, seed_out, "evnts")
    assert code == 2 and "[E306]" in err and "events" in err
    code, _, err = kg_query(capsys, seed_out, "events")
    assert code == 2 and "[E307]" in err and "actor" in err
    code, _, err = kg_query(capsys, seed_out, "aliases", "--param", "nam=trump")
    assert code == 2 and "[E308]" in err
    code, _, err = kg_query(capsys, seed_out, "aliases", "--param", "trump")
    assert code == 2 and "[E309]" in err
    code, _, err = kg_query(capsys, seed_out, "dyads", "--format", "xml")
    assert code == 2 and "[E310]" in err


def test_bindings_are_substituted_not_pasted(seed_out):
    tricky = 'x" } ; DROP ALL ; SELECT * { "'  # would break a query it was pasted into
    r = query(seed_out, "SELECT ?l ?p WHERE { ?p rdfs:label ?l }", bindings={"l": tricky})
    assert r.rows == []
    r = query(seed_out, "SELECT ?l ?p WHERE { ?p rdfs:label ?l }", bindings={"l": Literal("Vladimir Putin")})
    assert r.rows == [(PUTIN,)]


BASE = "https://w3id.org/kg-news/data/"


def test_iri_parameters_take_an_id_a_prefixed_name_or_a_full_iri():
    sources = ready_made()["sources"]
    full = {"type": "uri", "value": f"{BASE}event/0123abcd-1"}
    for given in ("0123abcd-1", "ev:0123abcd-1", f"<{BASE}event/0123abcd-1>", f" {BASE}event/0123abcd-1 "):
        assert substitutions(sources, {"event": given}, {}, BASE) == ({"event": full}, {})


def test_names_are_lower_cased_and_an_optional_one_left_empty_is_not_checked():
    timeline = ready_made()["timeline"]
    assert substitutions(timeline, {}, {}, BASE) == ({"actor": {"type": "literal", "value": ""},
                                                      "count": {"type": "literal", "value": "instances"}}, {})
    assert substitutions(timeline, {"actor": "TRUMP "}, {}, BASE)[1] == {"actor": "trump"}


def test_a_choice_takes_one_of_its_words_and_refuses_any_other():
    dyads = ready_made()["dyads"]
    assert substitutions(dyads, {"count": "Mentions"}, {}, BASE)[0]["count"]["value"] == "mentions"
    with pytest.raises(KGError) as err:
        substitutions(dyads, {"count": "mention"}, {}, BASE)
    assert err.value.code == "E310" and err.value.exit_code == 2
    assert "choose one of instances, mentions" in str(err.value)


def test_unknown_and_missing_parameters_are_usage_errors():
    between = ready_made()["between"]
    with pytest.raises(KGError) as err:
        substitutions(between, {"a": "Trump", "c": "Putin"}, {}, BASE)
    assert err.value.code == "E308" and err.value.exit_code == 2 and "between a=NAME b=NAME" in str(err.value)
    with pytest.raises(KGError) as err:
        substitutions(between, {"a": "Trump", "b": ""}, {}, BASE)
    assert err.value.code == "E307" and err.value.exit_code == 2


def test_plain_queries_bind_literals_or_iris_and_bindings_of_every_kind():
    subs, names = substitutions(None, {"who": "Trump", "q": "<urn:q>"},
                                {"?a": ox.NamedNode("urn:a"), "$b": Literal("x", lang="en"), "n": 3, "s": "text"},
                                BASE)
    assert names == {}
    assert subs == {"who": {"type": "literal", "value": "Trump"},
                    "q": {"type": "uri", "value": "urn:q"},
                    "a": {"type": "uri", "value": "urn:a"},
                    "b": {"type": "literal", "value": "x", "xml:lang": "en"},
                    "n": {"type": "literal", "value": "3", "datatype": "http://www.w3.org/2001/XMLSchema#integer"},
                    "s": {"type": "literal", "value": "text"}}
