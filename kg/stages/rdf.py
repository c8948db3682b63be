"""Stage 5, rdf: resolved records → RDF triples under kg's contract.

Two kinds of triples come out of a document:

- :func:`entity_triples` describe entities (type, one ``rdfs:label``, ``skos:altLabel`` for
  every other name, ``kg:country``, ``kg:countryCode``, ``schema:jobTitle``; countries and
  cities ``owl:sameAs`` their GeoNames IRI with ``geo:lat``/``geo:long``, from
  :mod:`kg.world.geo.links`); they are shared by all documents and live in the entities graph;
- :func:`document_triples` describe the document (``schema:name``, ``schema:url``,
  ``schema:datePublished``, ``schema:headline``, ``schema:mentions``; for a web page also
  ``schema:author``, ``schema:publisher`` (the site's name), ``schema:inLanguage``, and its
  provenance: ``kg:retrievedAt``, when it was fetched or crawled, and ``kg:warcRecordId``,
  the web-archive record it was read from) and its events
  (``kg:eventType``, ``kg:agent``, ``kg:target``, ``kg:trigger``, ``kg:date``, ``kg:modality``,
  ``kg:confidence``, ``prov:wasDerivedFrom``, the evidence sentence with NIF offsets), plus a
  direct edge (``kg:consulted`` ...) for each asserted or reported event; they live in the
  document's own named graph.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from decimal import Decimal

from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SDO, SKOS, XSD

from kg.graph.vocab import (
    EDGE_PROPERTY,
    ENTITY_CLASSES,
    GEO,
    KG,
    NIF,
    Iris,
    bind_prefixes,
    entity_key,
)
from kg.records import Entity, Event, LocalEntity, ResolvedDocument
from kg.stages.resolve.corpus import name_keys
from kg.world.geo import GeoLink, city_link, country_link, country_name

__all__ = ["entity_triples", "geonames", "document_triples", "local_triples", "reading", "read_local", "to_dataset",
           "DATE_TYPES", "STATED_MODALITIES"]

Triple = tuple[URIRef, URIRef, URIRef | Literal]

#: The literal type of kg:date by precision: a week or weekend is written as its first day
#: (the Monday, the Saturday), an xsd:date, with kg:datePrecision saying how long it is.
DATE_TYPES = {"day": XSD.date, "weekend": XSD.date, "week": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}
#: events in these modalities also get a direct edge between agent and target
STATED_MODALITIES = frozenset({"asserted", "reported"})


def entity_triples(entity: Entity, iris: Iris) -> Iterator[Triple]:
    """The description of one entity."""
    node = iris.entity(entity.key)
    yield node, RDF.type, ENTITY_CLASSES[entity.type][0]
    yield node, RDFS.label, Literal(entity.label)
    for alt in sorted(entity.alt_labels):
        yield node, SKOS.altLabel, Literal(alt)
    if entity.country_code:
        yield node, KG.countryCode, Literal(entity.country_code)
    if entity.country:
        yield node, KG.country, iris.entity(entity.country)
    for title in sorted(entity.job_titles):
        yield node, SDO.jobTitle, Literal(title)
    if entity.country_source:
        yield node, KG.countrySource, Literal(entity.country_source)
    link = geonames(entity)
    if link is not None:
        yield node, OWL.sameAs, URIRef(link.iri)
        if link.latitude is not None:
            yield node, GEO.lat, Literal(link.latitude, datatype=XSD.decimal)
            yield node, GEO.long, Literal(link.longitude, datatype=XSD.decimal)


def geonames(entity: Entity) -> GeoLink | None:
    """The GeoNames feature a country or city entity is, or None.

    A country by its code; a city by its name, only when GeoNames places that city in the
    country kg gives the entity (so "Moscow" acting in Idaho is not linked to Russia's capital).

    Examples
    --------
    >>> geonames(Entity("country/Russia", "Country", "Russia", country_code="RUS")).geonames_id
    2017370
    >>> geonames(Entity("city/Tehran", "City", "Tehran", country="country/Iran")).geonames_id
    112931
    >>> geonames(Entity("city/Moscow", "City", "Moscow", country="country/United_States")) is None
    True
    """
    if entity.type == "Country" and entity.country_code:
        return country_link(entity.country_code)
    if entity.type == "City":
        found = city_link(entity.label)
        if found and (entity.country is None or entity.country == entity_key("Country", country_name(found[0]))):
            return found[1]
    return None


def _event_label(event: Event, names: dict[str, str]) -> str:
    m = event.mention
    agents = " and ".join(names.get(a, a) for a in event.agents)
    targets = " and ".join(names.get(t, t) for t in event.targets)
    when = f" ({m.date.value})" if m.date else ""
    return f"{m.category}: {agents} → {targets}{when}"


def document_triples(resolved: ResolvedDocument, iris: Iris) -> Iterator[Triple]:
    """The description of one document and its events."""
    document = resolved.document
    doc = iris.document(document.id)
    yield doc, RDF.type, SDO.NewsArticle
    yield doc, SDO.name, Literal(document.name)
    yield doc, KG.contentHash, Literal(document.id)
    if document.source:
        yield doc, KG.sourcePath, Literal(document.source)
    if document.url:
        yield doc, SDO.url, Literal(document.url, datatype=XSD.anyURI)
    if document.title:
        yield doc, SDO.headline, Literal(document.title)
    if document.author:
        yield doc, SDO.author, Literal(document.author)
    if document.site:
        yield doc, SDO.publisher, Literal(document.site)
    if document.language:
        yield doc, SDO.inLanguage, Literal(document.language)
    if document.retrieved:
        yield doc, KG.retrievedAt, Literal(document.retrieved.isoformat(), datatype=XSD.dateTime)
    if document.record_id:
        yield doc, KG.warcRecordId, Literal(document.record_id, datatype=XSD.anyURI)
    if resolved.date and resolved.date.precision == "day":
        yield doc, SDO.datePublished, Literal(resolved.date.value, datatype=XSD.date)
    for key in sorted(resolved.entities if resolved.mentioned is None else resolved.mentioned):
        yield doc, SDO.mentions, iris.entity(key)
    yield from local_triples(resolved, iris)
    for n, drop in enumerate(resolved.dropped):
        node = iris.dropped(document.id, n)
        yield doc, KG.droppedName, node
        yield node, RDF.type, KG.DroppedName
        yield node, NIF.anchorOf, Literal(drop.text)
        yield node, KG.reason, Literal(drop.reason)
        yield node, NIF.beginIndex, Literal(drop.start, datatype=XSD.nonNegativeInteger)
        yield node, NIF.endIndex, Literal(drop.end, datatype=XSD.nonNegativeInteger)
    names = {k: e.label for k, e in resolved.entities.items()}
    for event in resolved.events:
        m = event.mention
        node = iris.event(event.id)
        yield node, RDF.type, KG.EventMention
        yield node, RDFS.label, Literal(_event_label(event, names))
        yield node, KG.eventType, KG[m.category]
        for a in event.agents:
            yield node, KG.agent, iris.entity(a)
        for t in event.targets:
            yield node, KG.target, iris.entity(t)
        for p in event.participants:
            yield node, KG.participant, iris.entity(p)
        yield node, KG.trigger, Literal(m.trigger)
        if m.date:
            yield node, KG.date, Literal(m.date.value, datatype=DATE_TYPES[m.date.precision])
            yield node, KG.datePrecision, Literal(m.date.precision)
            if m.date.text:
                yield node, KG.dateText, Literal(m.date.text)
        if resolved.date and resolved.date.precision == "day":
            yield node, KG.reportDate, Literal(resolved.date.value, datatype=XSD.date)
        yield node, KG.modality, Literal(m.modality)
        yield node, KG.confidence, Literal(Decimal(str(m.confidence)).quantize(Decimal("0.001")), datatype=XSD.decimal)
        yield node, KG.extractor, Literal(m.extractor)
        if m.implied_target:
            yield node, KG.impliedTarget, Literal(True)
        if m.implied_agent:
            yield node, KG.impliedAgent, Literal(True)
        yield node, PROV.wasDerivedFrom, doc
        yield node, KG.evidence, Literal(m.sentence)
        yield node, NIF.beginIndex, Literal(m.sent_start, datatype=XSD.nonNegativeInteger)
        yield node, NIF.endIndex, Literal(m.sent_end, datatype=XSD.nonNegativeInteger)
        if m.modality in STATED_MODALITIES:
            for a in event.agents:
                for t in event.targets:
                    yield iris.entity(a), EDGE_PROPERTY[m.category], iris.entity(t)


def reading(loc: LocalEntity) -> str:
    """What a document says of a local entity, as compact JSON (the ``kg:reading`` literal)."""
    data = {"type": loc.type, "label": loc.label, "names": list(loc.names), "votes": [list(v) for v in loc.votes],
            "titles": list(loc.titles), "country": loc.country, "table": loc.table_country,
            "context": list(loc.context), "person": loc.person_cue, "home": loc.home,
            "international": loc.international}
    if loc.office:
        data["office"] = True  # written only when set, so the readings of earlier builds read the same
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def read_local(doc: str, n: int, text: str) -> LocalEntity:
    """The local entity a ``kg:reading`` literal describes (the inverse of :func:`reading`)."""
    d = json.loads(text)
    return LocalEntity(doc=doc, n=n, type=d["type"], label=d["label"], names=tuple(d["names"]),
                       votes=tuple((t, c) for t, c in d["votes"]), titles=tuple(d["titles"]), country=d["country"],
                       table_country=d["table"], context=tuple(d["context"]), person_cue=d["person"],
                       home=d.get("home"), international=d.get("international", False),
                       office=d.get("office", False))


def local_triples(resolved: ResolvedDocument, iris: Iris) -> Iterator[Triple]:
    """A document's local entities: the decision for each (entity, rule, confidence) and what it read."""
    doc_id = resolved.document.id
    for loc, (key, rule, confidence) in zip(resolved.locals, resolved.resolutions):
        node = iris.local(doc_id, loc.n)
        yield node, RDF.type, KG.LocalEntity
        yield node, KG.resolvedTo, iris.entity(key)
        yield node, KG.rule, Literal(rule)
        yield node, KG.confidence, Literal(Decimal(str(confidence)).quantize(Decimal("0.01")), datatype=XSD.decimal)
        for k in sorted(name_keys(loc)):
            yield node, KG.nameKey, Literal(k)
        yield node, KG.reading, Literal(reading(loc))


def to_dataset(resolved: Iterable[ResolvedDocument], entities: Iterable[Entity], iris: Iris | None = None,
               dataset: Dataset | None = None) -> Dataset:
    """An in-memory rdflib ``Dataset``: one named graph per document, entities in their own graph."""
    iris = iris or Iris()
    ds = dataset if dataset is not None else Dataset(default_union=True)
    bind_prefixes(ds, iris)
    eg = ds.graph(iris.entities_graph)
    for entity in sorted(entities, key=lambda e: e.key):
        for triple in entity_triples(entity, iris):
            eg.add(triple)
    for res in resolved:
        g = ds.graph(iris.graph(res.document.id))
        for triple in document_triples(res, iris):
            g.add(triple)
    return ds
