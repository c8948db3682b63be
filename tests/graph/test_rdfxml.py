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


BILLION_LAUGHS = ('<!DOCTYPE rdf:RDF [<!ENTITY a0 "lol">' + "".join(
    f'<!ENTITY a{i} "' + f"&a{i - 1};" * 10 + '">' for i in range(1, 10)) + "]>")


@pytest.mark.parametrize("before", [
    "<!--" + "x" * (1 << 20) + "-->",  # finding 6: the check read the first MiB only
    "<!--" + "x" * (3 << 20) + "-->\n<?pi " + "y" * (1 << 20) + "?>",
    " " * ((1 << 20) - 20),  # the DOCTYPE across the first chunk's end
])
def test_a_bomb_after_a_long_prolog_is_refused(tmp_path, before):
    path = tmp_path / "late.rdf"
    path.write_text('<?xml version="1.0"?>\n' + before + BILLION_LAUGHS
                    + '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">&a9;</rdf:RDF>')
    with pytest.raises(ValueError, match="XML bomb"):
        check_rdf_xml(path)


def test_a_harmless_first_declaration_does_not_hide_a_bomb(tmp_path):
    """A name declared twice counts with its larger value (which one a parser keeps depends on its reading)."""
    path = tmp_path / "twice.rdf"
    path.write_text('<!-- <!ENTITY a9 "lol"> -->' + BILLION_LAUGHS + "<r>&a9;</r>")
    with pytest.raises(ValueError, match="XML bomb"):
        check_rdf_xml(path)


def test_a_declaration_after_the_root_element_counts(tmp_path):
    path = tmp_path / "after.rdf"
    path.write_text("<r>&a9;</r>\n" + BILLION_LAUGHS.replace("<!DOCTYPE rdf:RDF [", "").replace("]>", ""))
    with pytest.raises(ValueError, match="XML bomb"):
        check_rdf_xml(path)


def test_an_endless_declaration_is_refused(tmp_path):
    path = tmp_path / "endless.rdf"
    path.write_bytes(b'<!DOCTYPE r [<!ENTITY a "' + b"x" * (17 << 20))
    with pytest.raises(ValueError, match="longer than"):
        check_rdf_xml(path)


def test_the_store_refuses_a_late_bomb_before_parsing(tmp_path):
    from kg.errors import KGError
    from kg.graph.store import KGStore

    path = tmp_path / "late.rdf"
    path.write_text('<?xml version="1.0"?>\n<!--' + "x" * (1 << 20) + "-->" + BILLION_LAUGHS
                    + '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">&a9;</rdf:RDF>')
    with pytest.raises(KGError) as err:
        KGStore(None).load_file(path)
    assert err.value.code == "E201" and "XML bomb" in str(err.value) and str(path) in str(err.value)
