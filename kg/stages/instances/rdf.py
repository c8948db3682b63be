"""Event instances and duplicate decisions as RDF, and the SPARQL Update that replaces them.

An instance is a ``sem:Event`` at ``<base>event/i-<first report's id>`` in the graph
``<base>graph/instances``::

    ev:i-b35c5cc3631977a9-4 a sem:Event ;
        sem:eventType kg:PoliticalEvent ;          # the SEM event type; the PLOVER category is kg:category
        rdfs:label "CONSULT: Donald Trump → Vladimir Putin (2025-06-14)" ;
        kg:category kg:CONSULT ;
        kg:instanceAgent person:Donald_Trump ; kg:instanceTarget person:Vladimir_Putin ;
        sem:hasTimeStamp "2025-06-14"^^xsd:date ;  # the most precise date its mentions agree on
        kg:firstReported "2025-06-18"^^xsd:date ; kg:reportCount 1 ; kg:mentionCount 2 ;
        kg:modality "asserted" ; kg:coreferenceRule "same-date" ; kg:confidence 0.90 ;
        gaf:denotedBy ev:b35c5cc3631977a9-2 , ev:b35c5cc3631977a9-4 .

Why not ``sem:eventType kg:CONSULT`` and ``kg:agent``/``kg:target``, as the mentions have: every
query, picture and scorer that reads events reads ``kg:eventType``, ``kg:agent`` and
``kg:target``, and would count an instance as one more mention (the project's reference scorer
reads any node with an ``eventType`` whose value is a PLOVER category as an event mention, and a
``sem:Event`` with none as an entity of type "event"); with their own properties instances stay
out of mention counts, and those who want them ask for ``sem:Event``.

A near-duplicate document is ``<doc> kg:duplicateOf <first>`` in the same graph; a document's
signature (``kg:minHash``) is on its node in its own graph.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox

from kg.graph.vocab import GAF, KG, SEM, Iris
from kg.stages.instances.decide import Instance

__all__ = ["instance_triples", "replace_update"]

_XSD = "http://www.w3.org/2001/XMLSchema#"
_DATE_TYPES = {"day": "date", "weekend": "date", "week": "date", "month": "gYearMonth", "year": "gYear"}
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")


def _n(term) -> ox.NamedNode:
    return ox.NamedNode(str(term))


def _typed(value: str, dtype: str) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(_XSD + dtype))


def _name(key: str) -> str:
    return key.rsplit("/", 1)[-1].replace("_", " ")


def label(inst: Instance) -> str:
    """A readable label, from the entity keys (stable: labels of entities may change, keys do not).

    Examples
    --------
    >>> label(Instance("a-1", "CONSULT", ("person/Donald_Trump",), ("country/Iran",), ("a-1",), 1,
    ...                "asserted", "one-report", 1.0, "2025-06", "month"))
    'CONSULT: Donald Trump → Iran (2025-06)'
    """
    when = f" ({inst.date})" if inst.date else ""
    return f"{inst.category}: {' and '.join(map(_name, inst.agents))} → {' and '.join(map(_name, inst.targets))}{when}"


def instance_triples(inst: Instance, iris: Iris) -> Iterator[ox.Triple]:
    """The description of one instance."""
    node = _n(iris.instance(inst.anchor))
    yield ox.Triple(node, _RDF_TYPE, _n(SEM.Event))
    yield ox.Triple(node, _n(SEM.eventType), _n(KG.PoliticalEvent))
    yield ox.Triple(node, _LABEL, ox.Literal(label(inst)))
    yield ox.Triple(node, _n(KG.category), _n(KG[inst.category]))
    for a in inst.agents:
        yield ox.Triple(node, _n(KG.instanceAgent), _n(iris.entity(a)))
    for t in inst.targets:
        yield ox.Triple(node, _n(KG.instanceTarget), _n(iris.entity(t)))
    if inst.date:
        yield ox.Triple(node, _n(SEM.hasTimeStamp), _typed(inst.date, _DATE_TYPES[inst.precision]))
        if inst.precision in ("week", "weekend"):  # an xsd:date that names the first day of its period
            yield ox.Triple(node, _n(KG.datePrecision), ox.Literal(inst.precision))
    if inst.first_reported:
        yield ox.Triple(node, _n(KG.firstReported), _typed(inst.first_reported, "date"))
    yield ox.Triple(node, _n(KG.reportCount), _typed(str(inst.reports), "nonNegativeInteger"))
    yield ox.Triple(node, _n(KG.mentionCount), _typed(str(len(inst.mentions)), "nonNegativeInteger"))
    yield ox.Triple(node, _n(KG.modality), ox.Literal(inst.modality))
    yield ox.Triple(node, _n(KG.coreferenceRule), ox.Literal(inst.rule))
    yield ox.Triple(node, _n(KG.confidence), _typed(f"{inst.confidence:.2f}", "decimal"))
    for m in inst.mentions:
        yield ox.Triple(node, _n(GAF.denotedBy), _n(iris.event(m)))


def _text(triples: Iterable[ox.Triple]) -> str:
    return ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES).decode("utf-8")


def replace_update(iris: Iris, *, old_instances: Iterable[str], instances: Iterable[Instance],
                   duplicates: dict[str, str | None], signatures: dict[str, str]) -> list[str]:
    """SPARQL Update operations that replace ``old_instances`` (IRIs) by ``instances``, record the
    duplicate decisions (document -> the document it duplicates, or None) and store new
    documents' signatures (document -> ``kg:minHash`` literal) on their nodes."""
    ig = iris.instances_graph
    parts = [f"DELETE WHERE {{ GRAPH <{ig}> {{ <{i}> ?p ?o }} }}" for i in sorted(set(old_instances))]
    dup = _n(KG.duplicateOf)
    for doc in sorted(duplicates):
        parts.append(f"DELETE WHERE {{ GRAPH <{ig}> {{ <{iris.document(doc)}> {dup} ?o }} }}")
    triples = [t for inst in instances for t in instance_triples(inst, iris)]
    triples += [ox.Triple(_n(iris.document(d)), dup, _n(iris.document(o))) for d, o in sorted(duplicates.items()) if o]
    graphs = [f"GRAPH <{ig}> {{\n{_text(triples)}}}"] if triples else []
    for doc, sig in sorted(signatures.items()):
        graphs.append(f"GRAPH <{iris.graph(doc)}> {{ {ox.Triple(_n(iris.document(doc)), _n(KG.minHash), ox.Literal(sig))} . }}")
    if graphs:
        parts.append("INSERT DATA {\n" + "\n".join(graphs) + "\n}")
    return parts
