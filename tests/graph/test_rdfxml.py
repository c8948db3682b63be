"""The RDF/XML safety check: external entities and entity bombs are refused before parsing."""

from __future__ import annotations

import pytest

from kg.graph.rdfxml import MAX_ENTITY_EXPANSION, check_rdf_xml

RDF = ('<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [{dtd}]>\n'
       '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">'
       '<rdf:Description rdf:about="http://example.org/a"><ex:p>{body}</ex:p></rdf:Description></rdf:RDF>\n')


def _file(tmp_path, dtd: str, body: str = "x"):
    path = tmp_path / "data.rdf"
    path.write_text(RDF.format(dtd=dtd, body=body))
    return path


@pytest.mark.parametrize("dtd", ['<!ENTITY secret SYSTEM "file:///etc/passwd">',
                                 '<!ENTITY % remote PUBLIC "-//x//EN" "http://example.org/x.dtd"> %remote;'])
def test_external_entities_are_refused(tmp_path, dtd):
    with pytest.raises(ValueError, match="external entity"):
        check_rdf_xml(_file(tmp_path, dtd, "&secret;"))


def test_entities_in_a_loop_are_refused(tmp_path):
    with pytest.raises(ValueError, match="loop"):
        check_rdf_xml(_file(tmp_path, '<!ENTITY a "&b;"> <!ENTITY b "&a;">', "&a;"))


def test_many_references_to_a_large_entity_add_up(tmp_path):
    big = "x" * 1_000_000
    body = "&big;" * (MAX_ENTITY_EXPANSION // len(big) + 1)  # each reference alone is harmless
    with pytest.raises(ValueError, match="XML bomb"):
        check_rdf_xml(_file(tmp_path, f'<!ENTITY big "{big}">', body))


def test_abbreviations_and_files_without_entities_pass(tmp_path):
    check_rdf_xml(_file(tmp_path, '<!ENTITY ex "http://example.org/">', "&ex;a &amp; &#65;"))
    plain = tmp_path / "plain.rdf"
    plain.write_text('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>')
    check_rdf_xml(plain)
