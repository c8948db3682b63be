"""The graph as a network: kg.to_networkx, and GraphML, GEXF and CSV exports read back as a user's tools would."""

from __future__ import annotations

import csv

import networkx as nx
import pyoxigraph as ox
import pytest
from support import kg

import kg as kg_package
from kg.graph.store import KGStore
from kg.use.network import EDGE_COLUMNS, NODE_COLUMNS, csv_paths, to_networkx

ENTITY_CLASSES = ("Person", "Organization", "Country", "City", "Place", "Event", "Product")
ENTITIES = """
SELECT DISTINCT ?e ?l WHERE { ?e a ?c ; rdfs:label ?l .
  FILTER(?c IN (schema:Person, schema:Organization, schema:Country, schema:City, schema:Place, schema:Event,
                schema:Product, kg:Group, kg:Collective)) }"""
EVENTS = "SELECT ?e ?a ?t WHERE { ?e a kg:EventMention ; kg:agent ?a ; kg:target ?t }"


@pytest.fixture(scope="module")
def seed_graph(seed_out):
    """The seed's entities (IRI -> label) and events (id -> (agent, target)), read with SPARQL."""
    entities = {r["e"]: str(r["l"]) for r in kg_package.query(seed_out, ENTITIES, timeout=None).records()}
    events = {r["e"].rsplit("/event/", 1)[1]: (r["a"], r["t"])
              for r in kg_package.query(seed_out, EVENTS, timeout=None).records()}
    assert len(entities) == 17 and len(events) == 19
    return entities, events


def _no_none(g: nx.MultiDiGraph) -> None:
    for _, d in g.nodes(data=True):
        assert None not in d.values()
    for *_, d in g.edges(keys=True, data=True):
        assert None not in d.values()


def test_to_networkx_from_a_path_has_the_seeds_entities_and_events(seed_out, seed_graph):
    entities, events = seed_graph
    g = kg_package.to_networkx(seed_out)  # a path, not an open store
    assert isinstance(g, nx.MultiDiGraph)
    assert {n: d["label"] for n, d in g.nodes(data=True)} == entities
    assert {k: (a, t) for a, t, k in g.edges(keys=True)} == events
    _no_none(g)
    russia = g.nodes["https://w3id.org/kg-news/data/country/Russia"]
    assert russia["type"] == "Country" and russia["country_code"] == "RUS"
    assert russia["geonames"] == "https://sws.geonames.org/2017370/" and russia["latitude"] == 60.0
    putin = g.nodes["https://w3id.org/kg-news/data/person/Vladimir_Putin"]
    assert putin["country"] == "Russia" and putin["events"] >= 8 and "latitude" not in putin
    call = next(d for *_, d in g.edges(data=True) if d["trigger"] == "phone call")
    assert call["category"] == "CONSULT" and call["quad"] == "VERBAL COOPERATION"
    assert call["date"] == "2025-06-14" and call["precision"] == "day" and call["published"] == "2025-06-18"
    assert call["modality"] == "asserted" and call["source"] == "000_588d44be3d5bb673.txt"
    assert call["evidence"].startswith("The last reported phone call") and 0 <= call["evidence_begin"] < call["evidence_end"]


def test_an_open_store_and_an_rdf_file_give_the_same_network(seed_out):
    from_path = to_networkx(seed_out)
    with KGStore(seed_out / "store", read_only=True) as store:
        from_store = to_networkx(store)
    from_file = to_networkx(seed_out / "graph.ttl")
    for other in (from_store, from_file):
        assert dict(other.nodes(data=True)) == dict(from_path.nodes(data=True))
        assert list(other.edges(keys=True, data=True)) == list(from_path.edges(keys=True, data=True))


@pytest.mark.parametrize("suffix", ["graphml", "gexf"])
def test_graphml_and_gexf_read_back_with_networkx(seed_out, seed_graph, tmp_path, suffix):
    entities, events = seed_graph
    path = tmp_path / f"seed.{suffix}"
    assert kg("export", seed_out, "-o", path) == 0  # the suffix chooses the format
    g = nx.read_graphml(path, force_multigraph=True) if suffix == "graphml" else nx.read_gexf(path)
    assert g.is_directed() and g.is_multigraph()
    assert {n: d["label"] for n, d in g.nodes(data=True)} == entities
    assert {k: (a, t) for a, t, k in g.edges(keys=True)} == events
    assert {d["category"] for *_, d in g.edges(data=True)} >= {"CONSULT", "ASSAULT", "AGREE"}
    again = tmp_path / f"again.{suffix}"
    assert kg("export", seed_out, "-f", suffix, "-o", again) == 0
    assert again.read_bytes() == path.read_bytes()  # same graph, same bytes (no date stamp)


def test_csv_edge_list_has_one_row_per_event_and_gephis_columns(seed_out, seed_graph, tmp_path, capsys):
    entities, events = seed_graph
    assert kg("export", seed_out, "-o", tmp_path / "seed.csv") == 0
    nodes_path, edges_path = csv_paths(tmp_path / "seed.csv")
    assert f"wrote {nodes_path} and {edges_path}" in capsys.readouterr().out
    with open(nodes_path, encoding="utf-8", newline="") as fh:
        nodes = list(csv.DictReader(fh))
    with open(edges_path, encoding="utf-8", newline="") as fh:
        edges = list(csv.DictReader(fh))
    assert tuple(nodes[0]) == NODE_COLUMNS and tuple(edges[0]) == EDGE_COLUMNS
    assert {r["Id"]: r["Label"] for r in nodes} == entities
    assert len(edges) == len(events) == 19
    assert {r["Id"]: (r["Source"], r["Target"]) for r in edges} == events
    iran = next(r for r in nodes if r["Label"] == "Iran")
    assert iran["geonames"] == "https://sws.geonames.org/130758/" and float(iran["latitude"]) == 32.0
    assert not (tmp_path / "seed.csv").exists()


def test_an_argument_that_is_no_entity_still_gets_a_node():
    store = KGStore(None)
    kg_ns = "https://w3id.org/kg-news/ontology#"
    event, who, whom = (ox.NamedNode(f"urn:x:{n}") for n in ("event", "who", "whom"))
    store.ox.add(ox.Quad(event, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(kg_ns + "EventMention")))
    store.ox.add(ox.Quad(event, ox.NamedNode(kg_ns + "agent"), who))
    store.ox.add(ox.Quad(event, ox.NamedNode(kg_ns + "target"), whom))
    g = to_networkx(store)
    assert sorted(g.nodes) == ["urn:x:who", "urn:x:whom"]
    assert g.nodes["urn:x:who"] == {"label": "urn:x:who", "type": "", "country": "", "country_code": "", "events": 1,
                                   "geonames": ""}
    (_, _, data), = g.edges(data=True)
    assert data["category"] == "" and data["confidence"] == 0.0 and data["evidence_begin"] == -1
    _no_none(g)
