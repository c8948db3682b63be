"""Tests for kg.graph.vocab and kg/graph/ontology.ttl: every kg: term is described, the seed graph uses
only described terms, entity IRIs are stable."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kg.graph.vocab import EDGE_PROPERTY, ENTITY_CLASSES, KG, Iris, entity_key, slug
from kg.records import ENTITY_TYPES, PLOVER_CATEGORIES

ONTOLOGY = Path(__file__).resolve().parents[2] / "kg" / "graph" / "ontology.ttl"
NS = str(KG._NS)
ONTOLOGY_IRI = URIRef("https://w3id.org/kg-news/ontology")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


def kg_terms() -> list[URIRef]:
    names = [n for n in KG.__annotations__ if not n.startswith("_")]
    assert names, "KG has no terms"
    return [KG[n] for n in names]


def test_ontology_header(ontology):
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(ONTOLOGY_IRI, OWL.versionInfo) is not None
    assert any("license" in str(p) for p in ontology.predicates(ONTOLOGY_IRI, None))
    note = str(ontology.value(ONTOLOGY_IRI, RDFS.comment))
    for needle in ("https://w3id.org/kg-news/ontology#", "https://w3id.org/kg-news/data/", "--base", "<base><type>/<Name>"):
        assert needle in note


@pytest.mark.parametrize("term", kg_terms(), ids=lambda t: t.split("#")[1])
def test_every_term_is_described(ontology, term):
    labels = list(ontology.objects(term, RDFS.label))
    assert len(labels) == 1, f"{term}: {len(labels)} rdfs:label"
    comments = [c for c in ontology.objects(term, RDFS.comment) if str(c).strip()]
    assert comments, f"{term}: no rdfs:comment"
    kinds = set(ontology.objects(term, RDF.type))
    assert kinds & {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual}, term


def test_plover_categories_are_event_categories(ontology):
    assert set(PLOVER_CATEGORIES) == set(EDGE_PROPERTY)
    quads = set()
    for name in PLOVER_CATEGORIES:
        assert (KG[name], RDF.type, KG.EventCategory) in ontology, name
        quad = ontology.value(KG[name], KG.quadCategory)
        assert isinstance(quad, Literal)
        quads.add(str(quad))
    assert quads == {"VERBAL COOPERATION", "MATERIAL COOPERATION", "VERBAL CONFLICT", "MATERIAL CONFLICT"}
    # only the 16 are categories
    assert {str(s) for s in ontology.subjects(RDF.type, KG.EventCategory)} == {NS + n for n in PLOVER_CATEGORIES}


def test_edge_properties_and_entity_classes_are_declared(ontology):
    for prop in EDGE_PROPERTY.values():
        assert (prop, RDF.type, OWL.ObjectProperty) in ontology
    for type_ in ENTITY_TYPES:
        cls = ENTITY_CLASSES[type_][0]
        assert (cls, RDF.type, OWL.Class) in ontology, cls
    assert (KG.eventType, RDFS.range, KG.EventCategory) in ontology
    assert (KG.agent, RDFS.domain, KG.EventMention) in ontology


def test_ontology_describes_only_kg_terms_that_exist(ontology):
    """No stale terms: every kg: subject of the ontology is a term of kg.graph.vocab.KG."""
    known = {str(t) for t in kg_terms()}
    described = {str(s) for s in ontology.subjects() if str(s).startswith(NS)}
    assert described <= known, described - known


def test_seed_graph_uses_only_ontology_terms(seed_out, ontology):
    graph = Graph().parse(seed_out / "graph.ttl", format="turtle")
    used = {str(t) for triple in graph for t in triple if isinstance(t, URIRef) and str(t).startswith(NS)}
    assert used, "the seed graph uses no kg: term"
    defined = {str(s) for s in ontology.subjects(RDF.type, None) if str(s).startswith(NS)}
    assert used <= defined, used - defined


# --------------------------------------------------------------------------- IRIs

@pytest.mark.parametrize("name", ["Donald Trump", "Côte d’Ivoire", "St. Petersburg", "  Al-Qaeda ", "São Tomé",
                                  "People's Protection Units", "", "…"])
def test_slug_is_deterministic_and_iri_safe(name):
    first = slug(name)
    assert first == slug(name) == slug(str(name))
    assert first and all(c.isalnum() or c in "_.-" for c in first)
    assert not first.startswith(("_", ".")) or first == "_"
    URIRef("https://w3id.org/kg-news/data/person/" + first)  # a valid IRI


def test_entity_key():
    assert entity_key("Person", "Donald Trump") == "person/Donald_Trump"
    assert entity_key("Country", "Russia") == "country/Russia"
    assert entity_key("Event", "St. Petersburg International Economic Forum") == \
        "named-event/St._Petersburg_International_Economic_Forum"
    # the same name gives the same key every time; type and name both matter
    assert entity_key("City", "Moscow") == entity_key("City", "Moscow")
    assert entity_key("City", "Washington") != entity_key("Person", "Washington")
    assert slug("Côte d’Ivoire") == slug("Cote d'Ivoire")
    for type_ in ENTITY_TYPES:
        assert entity_key(type_, "X").split("/")[0] == ENTITY_CLASSES[type_][1]
    with pytest.raises(KeyError):
        entity_key("Planet", "Mars")


def test_iris_under_a_base():
    iris = Iris("https://example.org/news")
    assert iris.base == "https://example.org/news/"
    assert iris.entity("person/Donald_Trump") == URIRef("https://example.org/news/person/Donald_Trump")
    assert iris.document("ab" * 32) == URIRef("https://example.org/news/doc/" + "ab" * 8)
