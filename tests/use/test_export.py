"""kg export: every format holds the same graph; named graphs survive in TriG and N-Quads; the suffix
chooses the format when -f is absent."""

from __future__ import annotations

import json

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic
from support import kg

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
    assert any(n.endswith("graph/entities") for n in names) and any(n.endswith("graph/instances") for n in names)
    documents = [n for n in names if "/graph/" in n and not n.endswith(("entities", "instances"))]
    assert len(documents) == 1  # the seed is one document


def test_an_rdf_file_converts_without_loss(seed_out, tmp_path):
    ttl = export(seed_out, "turtle", tmp_path / "graph.ttl")
    nt = export(ttl, "nt", tmp_path / "graph.nt")  # a file read into memory: one graph, dumped directly
    assert isomorphic(Graph().parse(nt, format="nt"), Graph().parse(ttl, format="turtle"))
    assert "@prefix kg:" in export(nt, "turtle", tmp_path / "again.ttl").read_text()


def test_unknown_format_is_a_usage_error(seed_out, tmp_path):
    with pytest.raises(KGError) as err:
        export(seed_out, "pdf", tmp_path / "x.pdf")
    assert err.value.exit_code == 2 and "E205" in str(err.value) and "graphml" in str(err.value)
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize("suffix, parse_as", [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld"), ("rdf", "xml"),
                                              ("trig", "trig"), ("nq", "nquads")])
def test_without_f_the_suffix_chooses_the_format(seed_out, tmp_path, suffix, parse_as):
    path = tmp_path / f"graph.{suffix}"
    assert kg("export", seed_out, "-o", path) == 0
    parsed = Dataset().parse(path, format=parse_as)
    union = Graph()
    for s_, p_, o_, _ in parsed.quads():
        union.add((s_, p_, o_))
    assert isomorphic(union, _union(seed_out, tmp_path))
    if suffix == "jsonld":
        assert json.loads(path.read_text())["@context"]["agent"] == {"@id": "kg:agent", "@type": "@id"}


def test_an_unknown_suffix_without_f_is_a_usage_error_and_writes_nothing(seed_out, tmp_path, capsys):
    assert kg("export", seed_out, "-o", tmp_path / "graph.txt") == 2
    err = capsys.readouterr().err
    assert "[E209]" in err and "'.txt'" in err and "-f" in err and "jsonld" in err
    assert list(tmp_path.iterdir()) == []
    assert kg("export", seed_out, "-f", "nt", "-o", tmp_path / "graph.txt") == 0  # -f says what the suffix does not
    assert "ASSAULT" in (tmp_path / "graph.txt").read_text()
    assert kg("export", seed_out, "-o", tmp_path) == 2  # a folder: said as such, not as a suffix
    assert capsys.readouterr().err.strip() == f"kg: [E206] {tmp_path}: cannot write (it is a folder; kg writes only regular files)"


def test_an_unwritable_output_is_e206_and_leaves_no_part_file(seed_out, tmp_path):
    blocker = tmp_path / "not_a_folder"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(KGError) as err:
        export(seed_out, "turtle", blocker / "graph.ttl")
    assert err.value.code == "E206" and "not_a_folder" in str(err.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not_a_folder"]


def test_a_format_the_suffix_contradicts_is_a_usage_error(seed_out, tmp_path, capsys):
    assert kg("export", seed_out, "-f", "graphml", "-o", tmp_path / "graph.ttl") == 2
    assert "[E215]" in capsys.readouterr().err and not (tmp_path / "graph.ttl").exists()
    assert kg("export", seed_out, "-f", "turtle", "-o", tmp_path / "graph.ttl") == 0  # the suffix agrees
