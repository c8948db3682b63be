"""JSON-LD with kg's published @context: readable keys, the exact triples back, the same bytes every time."""

from __future__ import annotations

import json

from rdflib import Graph

from kg.use.export import export
from kg.use.jsonld import CONTEXT, context


def _triples(path, fmt) -> set:
    return set(Graph().parse(path, format=fmt))


def test_the_export_uses_readable_keys_for_everything_kg_writes(seed_out, tmp_path):
    doc = json.loads(export(seed_out, "jsonld", tmp_path / "seed.jsonld").read_text(encoding="utf-8"))
    assert doc["@context"] == context()
    keys = {k for node in doc["@graph"] for k in node}
    assert not [k for k in keys if ":" in k or k.startswith("http")], "a property kg writes has no readable key"
    types = {node["type"] for node in doc["@graph"]}
    assert {"Person", "Country", "EventMention", "NewsArticle"} <= types
    event = next(n for n in doc["@graph"] if n["type"] == "EventMention" and n["trigger"] == "phone call")
    assert event["category"] == "CONSULT" and event["modality"] == "asserted"
    assert event["agent"] == "https://w3id.org/kg-news/data/person/Donald_Trump"
    assert event["date"] == {"@value": "2025-06-14", "type": "xsd:date"}
    assert isinstance(event["beginIndex"], int) and event["confidence"]
    russia = next(n for n in doc["@graph"] if n["id"].endswith("/country/Russia"))
    assert russia["sameAs"] == "https://sws.geonames.org/2017370/" and russia["countryCode"] == "RUS"


def test_a_json_ld_processor_gets_exactly_kgs_triples_back(seed_out, tmp_path):
    jsonld = export(seed_out, "jsonld", tmp_path / "seed.jsonld")
    nt = export(seed_out, "nt", tmp_path / "seed.nt")
    assert _triples(jsonld, "json-ld") == _triples(nt, "nt")  # datatypes too: no lossy coercion


def test_the_same_graph_gives_the_same_bytes(seed_out, tmp_path):
    first = export(seed_out, "jsonld", tmp_path / "a.jsonld").read_bytes()
    from_file = export(seed_out / "graph.ttl", "jsonld", tmp_path / "b.jsonld").read_bytes()
    assert first == from_file


def test_the_published_context_is_json_ld_a_document_can_use_on_its_own():
    data = {"@context": json.loads(CONTEXT.read_text(encoding="utf-8"))["@context"],
            "id": "https://example.org/event/1", "type": "EventMention", "category": "ASSAULT",
            "agent": "https://example.org/country/Russia", "confidence": "0.9"}
    g = Graph().parse(data=json.dumps(data), format="json-ld")
    triples = {(str(p).rsplit("#", 1)[-1], str(o)) for _, p, o in g}
    assert ("eventType", "https://w3id.org/kg-news/ontology#ASSAULT") in triples
    assert ("agent", "https://example.org/country/Russia") in triples
    assert ("type", "https://w3id.org/kg-news/ontology#EventMention") in triples
    assert next(o for _, p, o in g if str(p).endswith("#confidence")).datatype.endswith("#decimal")
