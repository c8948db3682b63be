"""kg validate: kg's own output conforms to its SHACL shapes; a broken graph fails, one line per violation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF
from support import kg

from kg.graph.vocab import EDGE_PROPERTY, ENTITY_CLASSES
from kg.use.validate import SHAPES, validate

GOLD = Path(__file__).resolve().parents[1] / "gold"
KG = "https://w3id.org/kg-news/ontology#"
TRUMP_CALL = re.compile(r"kg:agent person:Donald_Trump")


def test_the_seed_conforms(seed_out, capsys):
    result = validate(seed_out)
    assert result.conforms and result.violations == []
    assert result.counts == {"documents": 1, "entities": 17, "events": 19}
    assert kg("validate", seed_out) == 0
    assert "1 document, 17 entities, 19 events: conforms (shapes.ttl)" in capsys.readouterr().out


def test_the_wikinews_golds_conform(tmp_path):
    """kg's output over the 30 Wikinews gold articles, built together (entities merged across articles)."""
    from kg.pipeline import run_build

    texts = sorted(GOLD.glob("*.txt"))
    assert len(texts) >= 30
    store = run_build(texts).store
    result = validate(store)
    assert result.counts["documents"] == len(texts) and result.counts["events"] > 20
    assert result.conforms, "\n".join(str(v.error()) for v in result.violations)


def _broken(seed_out, tmp_path, change) -> Path:
    text = (seed_out / "graph.ttl").read_text(encoding="utf-8")
    changed = change(text)
    assert changed != text
    path = tmp_path / "broken.ttl"
    path.write_text(changed, encoding="utf-8")
    return path


def test_a_literal_agent_and_an_untyped_date_fail_with_one_line_each(seed_out, tmp_path, capsys):
    def change(text):
        text = TRUMP_CALL.sub('kg:agent "Donald Trump"', text, count=1)
        return re.sub(r'kg:date "2025-06-14"\^\^xsd:date', 'kg:date "2025-06-14"', text, count=1)

    path = _broken(seed_out, tmp_path, change)
    assert kg("validate", path) == 1
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 3, lines
    agent, date, summary = sorted(lines, key=lambda line: ("E211" in line, "kg:date" in line))
    assert re.fullmatch(r"kg: \[E210\] ev:[0-9a-f]+-\d+: kg:agent: an event's agent is an entity node: .* "
                        r"\(value: 'Donald Trump'\)", agent)
    assert re.fullmatch(r"kg: \[E210\] ev:[0-9a-f]+-\d+: kg:date: an event has at most one date, typed "
                        r"xsd:date, xsd:gYearMonth or xsd:gYear \(value: '2025-06-14'\)", date)
    assert summary == f"kg: [E211] {path}: 2 violations of kg's shapes (shapes.ttl)"


@pytest.mark.parametrize("name, change, path, message", [
    ("two labels", lambda t: t.replace('rdfs:label "Vladimir Putin"', 'rdfs:label "Vladimir Putin" , "V. Putin"', 1),
     "rdfs:label", "exactly one rdfs:label"),
    ("an agent that is no entity", lambda t: TRUMP_CALL.sub("kg:agent <https://example.org/nobody>", t, count=1),
     "kg:agent", "entity node"),
    ("an unknown category", lambda t: t.replace("kg:eventType kg:REJECT", "kg:eventType kg:COMPLAIN", 1),
     "kg:eventType", "16 PLOVER categories"),
    ("no provenance", lambda t: re.sub(r"\s*prov:wasDerivedFrom doc:[0-9a-f]+ ;", "", t, count=1),
     "prov:wasDerivedFrom", "derived from exactly one article"),
    ("offsets the wrong way round", lambda t: t.replace("nif:beginIndex 91 ;", "nif:beginIndex 900 ;", 1),
     "nif:beginIndex", "before its end"),
    ("a country without its code", lambda t: t.replace('kg:countryCode "IRN"', 'kg:countryCode "Iran"', 1),
     "kg:countryCode", "three capital letters"),
])
def test_each_broken_promise_is_named(seed_out, tmp_path, name, change, path, message):
    result = validate(_broken(seed_out, tmp_path, change))
    assert not result.conforms
    assert [(v.path, message in v.message) for v in result.violations] == [(path, True)], name


def test_shapes_cover_kgs_classes_and_edges():
    shapes = Graph().parse(SHAPES, format="turtle")
    sh = "http://www.w3.org/ns/shacl#"
    targets = set(shapes.objects(None, URIRef(sh + "targetClass")))
    assert {cls for cls, _ in ENTITY_CLASSES.values()} | {URIRef(KG + "EventMention")} <= targets
    edge_targets = set(shapes.objects(None, URIRef(sh + "targetSubjectsOf")))
    assert edge_targets == set(EDGE_PROPERTY.values())
    # every property shape says what it checks in words: the line kg validate prints
    for prop in shapes.subjects(URIRef(sh + "path"), None):
        assert isinstance(shapes.value(prop, URIRef(sh + "message")), Literal), prop


def test_other_shapes_can_be_given(seed_out, tmp_path):
    strict = tmp_path / "strict.ttl"
    strict.write_text("""@prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix schema: <https://schema.org/> .
        <urn:strict> a sh:NodeShape ; sh:targetClass schema:Person ;
            sh:property [ sh:path schema:birthDate ; sh:minCount 1 ; sh:message "a person has a birth date" ] .""")
    result = validate(seed_out, shapes=strict)
    assert not result.conforms and len(result.violations) == 4  # the seed's four people
    assert {v.message for v in result.violations} == {"a person has a birth date"}
    (tmp_path / "bad.ttl").write_text("not turtle at all")
    assert kg("validate", seed_out, "--shapes", tmp_path / "bad.ttl") == 1


def test_a_graph_with_no_kg_data_conforms_vacuously(tmp_path):
    g = Graph()
    g.add((URIRef("urn:a"), RDF.type, URIRef("urn:Thing")))
    path = tmp_path / "other.nt"
    g.serialize(destination=str(path), format="nt", encoding="utf-8")
    result = validate(path)
    assert result.conforms and result.counts == {"documents": 0, "entities": 0, "events": 0}


def test_shapes_that_would_query_over_the_network_are_refused(seed_out, tmp_path, listener, capsys):
    shapes = tmp_path / "remote.ttl"
    shapes.write_text(f"""@prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix schema: <https://schema.org/> .
        <urn:remote> a sh:NodeShape ; sh:targetClass schema:Person ;
            sh:sparql [ sh:select "SELECT $this WHERE {{ SERVICE <{listener.url}> {{ $this ?p ?o }} }}" ] .""")
    assert kg("validate", seed_out, "--shapes", shapes) == 2
    assert "[E212]" in capsys.readouterr().err
    assert listener.settle() == []


def test_shapes_pyshacl_cannot_use_are_an_error_not_a_silent_failure(seed_out, tmp_path):
    from kg.errors import KGError

    shapes = tmp_path / "bad_sparql.ttl"
    shapes.write_text("""@prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix schema: <https://schema.org/> .
        <urn:s> a sh:NodeShape ; sh:targetClass schema:Person ; sh:sparql [ sh:select "SELECT WHERE nonsense" ] .""")
    with pytest.raises(KGError) as err:
        validate(seed_out, shapes=shapes)
    assert err.value.code in ("E213", "E201") and "bad_sparql.ttl" in str(err.value)
