"""kg export: every format holds the same graph; named graphs survive in TriG and N-Quads."""

from __future__ import annotations

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from kg.errors import KGError
from kg.use.export import export

FORMATS = {"turtle": "turtle", "nt": "nt", "jsonld": "json-ld", "xml": "xml"}


def _union(seed_out, tmp_path) -> Graph:
    ds = Dataset()
    ds.parse(export(seed_out, "nquads", tmp_path / "all.nq"), format="nquads")
    g = Graph()
    for s, p, o, _ in ds.quads():
        g.add((s, p, o))
    return g


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_triple_format_holds_the_union_of_the_store(seed_out, tmp_path, fmt):
    path = export(seed_out, fmt, tmp_path / f"graph.{fmt}")
    assert isomorphic(Graph().parse(path, format=FORMATS[fmt]), _union(seed_out, tmp_path))


def test_trig_keeps_one_named_graph_per_document_and_the_entities_graph(seed_out, tmp_path):
    ds = Dataset()
    ds.parse(export(seed_out, "trig", tmp_path / "graph.trig"), format="trig")
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert any(n.endswith("graph/entities") for n in names)
    assert sum("/graph/" in n and not n.endswith("entities") for n in names) == 1  # the seed is one document


def test_an_rdf_file_converts_without_loss(seed_out, tmp_path):
    ttl = export(seed_out, "turtle", tmp_path / "graph.ttl")
    nt = export(ttl, "nt", tmp_path / "graph.nt")  # a file read into memory: one graph, dumped directly
    assert isomorphic(Graph().parse(nt, format="nt"), Graph().parse(ttl, format="turtle"))
    assert "@prefix kg:" in export(nt, "turtle", tmp_path / "again.ttl").read_text()


def test_unknown_format_is_a_usage_error(seed_out, tmp_path):
    with pytest.raises(KGError) as err:
        export(seed_out, "csv", tmp_path / "x.csv")
    assert err.value.exit_code == 2 and "E205" in str(err.value)
    assert not (tmp_path / "x.csv").exists()


def test_an_unwritable_output_is_e206_and_leaves_no_part_file(seed_out, tmp_path):
    blocker = tmp_path / "not_a_folder"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(KGError) as err:
        export(seed_out, "turtle", blocker / "graph.ttl")
    assert err.value.code == "E206" and "not_a_folder" in str(err.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not_a_folder"]
