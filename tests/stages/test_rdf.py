"""The RDF contract, checked on records and on the seed graph."""

from __future__ import annotations

from datetime import date

from rdflib import Graph, Literal
from rdflib.namespace import PROV, RDF, RDFS, SDO, SKOS, XSD

from kg.graph.vocab import KG, NIF, Iris
from kg.records import (
    DateValue,
    Document,
    Entity,
    Event,
    EventMention,
    ResolvedDocument,
)
from kg.stages.rdf import document_triples, entity_triples, to_dataset


def _resolved(modality="asserted", precision="month"):
    doc = Document(id="ab" * 32, name="a.txt", text="In January, Putin signed a pact with Pezeshkian.",
                   date=date(2025, 6, 18), title="Pact")
    m = EventMention(category="SUPPORT", trigger="signed pact", trigger_start=12, trigger_end=25,
                     agents=(0,), targets=(1,), sentence=doc.text, sent_start=0, sent_end=len(doc.text),
                     date=DateValue("2025-01" if precision == "month" else "2025", precision, "In January"),
                     modality=modality, extractor="lexicon:verb:nsubj", confidence=0.7)
    ents = {"person/Vladimir_Putin": Entity("person/Vladimir_Putin", "Person", "Vladimir Putin", {"Putin"}),
            "person/Masoud_Pezeshkian": Entity("person/Masoud_Pezeshkian", "Person", "Masoud Pezeshkian")}
    ev = Event(id="abababababababab-0", mention=m, agents=("person/Vladimir_Putin",), targets=("person/Masoud_Pezeshkian",))
    return ResolvedDocument(document=doc, date=DateValue("2025-06-18", "day"), entities=ents, events=[ev])


def test_event_carries_the_contract():
    iris = Iris()
    g = Graph()
    for t in document_triples(_resolved(), iris):
        g.add(t)
    (ev,) = g.subjects(RDF.type, KG.EventMention)
    assert g.value(ev, KG.eventType) == KG.SUPPORT
    assert g.value(ev, KG.agent) == iris.entity("person/Vladimir_Putin")
    assert g.value(ev, KG.target) == iris.entity("person/Masoud_Pezeshkian")
    assert g.value(ev, KG.date) == Literal("2025-01", datatype=XSD.gYearMonth)
    assert g.value(ev, PROV.wasDerivedFrom) == iris.document("ab" * 32)
    assert g.value(ev, NIF.beginIndex).toPython() == 0
    assert g.value(ev, KG.trigger) == Literal("signed pact")
    assert g.value(iris.document("ab" * 32), SDO.datePublished) == Literal("2025-06-18", datatype=XSD.date)
    # asserted events also give a direct edge for simple queries and pictures
    assert (iris.entity("person/Vladimir_Putin"), KG.supported, iris.entity("person/Masoud_Pezeshkian")) in g
    assert g.value(ev, KG.impliedTarget) is None  # the text names the target


def test_an_implied_target_is_marked(nlp):
    from kg.stages.extract import extract
    from kg.stages.ingest import document_id
    from kg.stages.resolve import resolve

    text = "Algerian landowners began a hunger strike outside the parliament."
    doc = Document(id=document_id("p.txt", text), name="p.txt", text=text)
    g = Graph()
    for t in document_triples(resolve(extract(doc, nlp(text))), Iris()):
        g.add(t)
    (ev,) = g.subjects(RDF.type, KG.EventMention)
    assert g.value(ev, KG.eventType) == KG.PROTEST
    assert g.value(ev, KG.impliedTarget) == Literal(True)
    assert g.value(ev, KG.impliedAgent) is None


def test_negated_event_is_kept_but_not_stated_as_a_fact():
    g = Graph()
    for t in document_triples(_resolved(modality="negated"), Iris()):
        g.add(t)
    (ev,) = g.subjects(RDF.type, KG.EventMention)
    assert g.value(ev, KG.modality) == Literal("negated")
    assert not list(g.triples((None, KG.supported, None)))


def test_year_precision_is_a_gyear():
    g = Graph()
    for t in document_triples(_resolved(precision="year"), Iris()):
        g.add(t)
    assert Literal("2025", datatype=XSD.gYear) in set(g.objects(None, KG.date))


def test_entity_has_one_label_and_alt_labels():
    g = Graph()
    ent = Entity("person/Vladimir_Putin", "Person", "Vladimir Putin", {"Putin", "Vladimir"}, country="country/Russia",
                 job_titles={"President"})
    for t in entity_triples(ent, Iris("http://example.org/")):
        g.add(t)
    node = Iris("http://example.org/").entity(ent.key)
    assert str(node) == "http://example.org/person/Vladimir_Putin"
    assert list(g.objects(node, RDFS.label)) == [Literal("Vladimir Putin")]
    assert set(g.objects(node, SKOS.altLabel)) == {Literal("Putin"), Literal("Vladimir")}
    assert g.value(node, SDO.jobTitle) == Literal("President")


def test_same_records_give_the_same_quads():
    def quads():
        ds = to_dataset([_resolved()], _resolved().entities.values())
        return sorted(ds.quads((None, None, None, None)))

    first = quads()
    assert first and first == quads()
