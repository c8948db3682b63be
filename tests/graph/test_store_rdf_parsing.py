"""RDF parsing (issue 8): RDF/XML resolves no external entities and survives XML bombs;
JSON-LD fetches no remote context."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import kg

from kg.errors import KGError
from kg.use.query import query
from kg.use.serve import serve

PASSWD = "root:x:0:0"


XXE = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [<!ENTITY secret SYSTEM "{target}">]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="http://example.org/a"><ex:p>&secret;</ex:p></rdf:Description>
</rdf:RDF>
"""
PARAM_XXE = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [<!ENTITY % remote SYSTEM "{target}"> %remote;]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="http://example.org/a"><ex:p>x</ex:p></rdf:Description>
</rdf:RDF>
"""
BOMB = ('<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [<!ENTITY a0 "lol">'
        + "".join(f'<!ENTITY a{i} "' + f"&a{i - 1};" * 10 + '">' for i in range(1, 10)) + ']>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">'
        '<rdf:Description rdf:about="http://example.org/a"><ex:p>&a9;</ex:p></rdf:Description></rdf:RDF>\n')
ABBREVIATED = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [<!ENTITY ex "http://example.org/"> <!ENTITY xsd "http://www.w3.org/2001/XMLSchema#">]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="&ex;a"><ex:p rdf:datatype="&xsd;integer">7</ex:p></rdf:Description>
</rdf:RDF>
"""


@pytest.fixture()
def secret(tmp_path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text("TOP-SECRET-7f3a\n")
    return path


@pytest.mark.parametrize("template", [XXE, PARAM_XXE])
def test_rdf_xml_external_entities_are_not_resolved(tmp_path, secret, listener, template, capsys):
    from kg.graph.store import KGStore

    for target in (secret.as_uri(), "file:///etc/passwd", f"{listener.url}ent.dtd"):
        rdf = tmp_path / "evil.rdf"
        rdf.write_text(template.format(target=target))
        # kg's loader (pyoxigraph): refused, or loaded without the file's content
        store = KGStore(None)
        try:
            store.load_file(rdf)
        except KGError as exc:
            assert exc.code == "E201"
        dumped = "\n".join(str(q) for q in store.ox)
        assert "TOP-SECRET" not in dumped and PASSWD not in dumped
        # kg query and kg export on the file
        with pytest.raises(KGError) as err:
            query(rdf, "SELECT * WHERE { ?s ?p ?o }")
        assert err.value.code == "E201" and "external entity" in str(err.value)
        code = kg("export", rdf, "-f", "nt", "-o", tmp_path / "out.nt")
        out = (tmp_path / "out.nt").read_text() if code == 0 else ""
        assert "TOP-SECRET" not in out and PASSWD not in out
        capsys.readouterr()
        # rdflib's parser (used by notebooks) leaves the entity empty
        import rdflib

        try:
            g = rdflib.Graph().parse(rdf, format="xml")
        except Exception:  # noqa: BLE001 - refusing is fine too
            g = rdflib.Graph()
        text = " ".join(str(o) for o in g.objects())
        assert "TOP-SECRET" not in text and PASSWD not in text
    assert listener.settle() == []


def test_xml_bomb_is_refused_not_expanded(tmp_path):
    rdf = tmp_path / "bomb.rdf"
    rdf.write_text(BOMB)  # 1 KB that Oxigraph would expand to 3 GB (and abort the process)
    for target in (rdf, tmp_path / "copy.owl"):
        if target != rdf:
            target.write_text(BOMB)
        with pytest.raises(KGError) as err:
            query(target, "ASK { ?s ?p ?o }")
        assert err.value.code == "E201" and "XML bomb" in str(err.value)
    with pytest.raises(KGError) as err:
        serve(rdf, port=0)
    assert err.value.code == "E201"


def test_entity_abbreviations_still_load(tmp_path):
    rdf = tmp_path / "onto.rdf"
    rdf.write_text(ABBREVIATED)
    result = query(rdf, "SELECT ?o WHERE { <http://example.org/a> <http://example.org/p> ?o }")
    assert [str(r[0]) for r in result.rows] == ["7"]


def test_json_ld_remote_context_is_not_fetched(tmp_path, listener):
    from kg.graph.store import KGStore

    for ctx in (f"{listener.url}ctx.jsonld", "file:///etc/passwd"):
        path = tmp_path / "remote.jsonld"
        path.write_text(json.dumps({"@context": ctx, "@id": "http://example.org/a", "name": "x"}))
        with pytest.raises(KGError) as err:
            KGStore(None).load_file(path)
        assert err.value.code == "E201"
    assert listener.settle() == []
