"""The user's own example: what the seed article's graph must hold (issue 2's 'done when')."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS, SDO, SKOS

from kg.graph.vocab import KG


@pytest.fixture(scope="module")
def seed_graph(seed_out) -> Graph:
    g = Graph()
    g.parse(seed_out / "graph.ttl")
    return g


def _node(g, label):
    nodes = list(g.subjects(RDFS.label, Literal(label)))
    assert len(nodes) == 1, f"{label}: {nodes}"
    return nodes[0]


def _events(g, category):
    for ev in g.subjects(KG.eventType, KG[category]):
        yield set(g.objects(ev, KG.agent)), set(g.objects(ev, KG.target)), {str(d) for d in g.objects(ev, KG.date)}


def test_one_node_each_with_other_names_as_alt_labels(seed_graph):
    g = seed_graph
    for label, alts in {"Donald Trump": {"Trump"}, "Vladimir Putin": {"Putin"}, "Masoud Pezeshkian": {"Pezeshkian"}}.items():
        node = _node(g, label)
        assert (node, RDF.type, SDO.Person) in g
        assert alts <= {str(a) for a in g.objects(node, SKOS.altLabel)}
        assert not list(g.subjects(RDFS.label, Literal(next(iter(alts)))))  # no second node named "Trump"


def test_saturday_phone_call_is_a_consult_dated_2025_06_14(seed_graph):
    g = seed_graph
    trump, putin = _node(g, "Donald Trump"), _node(g, "Vladimir Putin")
    assert any({trump, putin} <= (a | t) and "2025-06-14" in d for a, t, d in _events(g, "CONSULT"))


def test_cooperation_pact_dated_2025_01(seed_graph):
    g = seed_graph
    russia = {_node(g, "Vladimir Putin"), _node(g, "Russia")}
    iran = {_node(g, "Masoud Pezeshkian"), _node(g, "Iran")}
    pact = [(a, t, d) for cat in ("SUPPORT", "COOPERATE", "AGREE") for a, t, d in _events(g, cat)
            if (a & russia and t & iran or a & iran and t & russia)]
    assert any("2025-01" in d for _, _, d in pact)


def test_roles_and_countries(seed_graph):
    g = seed_graph
    trump = _node(g, "Donald Trump")
    assert g.value(trump, SDO.jobTitle) == Literal("President")
    assert g.value(g.value(trump, KG.country), KG.countryCode) == Literal("USA")
    assert g.value(_node(g, "Russia"), KG.countryCode) == Literal("RUS")


def test_every_event_has_provenance(seed_graph):
    g = seed_graph
    events = set(g.subjects(KG.eventType, None))
    assert len(events) >= 10
    for ev in events:
        doc = g.value(ev, KG["evidence"]) and g.value(ev, RDF.type)
        assert doc == KG.EventMention
        assert g.value(g.value(ev, __import__("rdflib").namespace.PROV.wasDerivedFrom), SDO.name) == Literal(
            "000_588d44be3d5bb673.txt")
