"""kg's RDF vocabulary and the IRIs of data.

Namespaces
----------
``KG`` (prefix ``kg:``, ``https://w3id.org/kg-news/ontology#``)
    kg's ontology: classes and properties not covered by schema.org, PROV-O and NIF. It is
    closed: a misspelt term is an error at import time, not a silent new IRI. The ontology
    itself, with labels and comments, ships as ``kg/graph/ontology.ttl``.
``base`` (default ``https://w3id.org/kg-news/data/``, changed with ``--base``)
    the data: ``<base>doc/<hash>`` documents, ``<base>event/<hash>-<n>`` event mentions,
    ``<base>graph/<hash>`` a document's named graph, and entities at
    ``<base><type>/<Name>`` (``person/Donald_Trump``, ``country/Russia``).

Entity IRIs derive from the canonical name and type only, so the same entity gets the same
IRI in every run and every document.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SDO, SKOS, XSD, DefinedNamespace

__all__ = ["KG", "NIF", "GEO", "SDO", "PROV", "DEFAULT_BASE", "Iris", "slug", "entity_key", "bind_prefixes", "prefixes", "ENTITY_CLASSES", "EDGE_PROPERTY"]

DEFAULT_BASE = "https://w3id.org/kg-news/data/"

NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
#: W3C Basic Geo (WGS84) vocabulary: ``geo:lat`` and ``geo:long`` of countries and cities, as GeoNames uses it
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")


class KG(DefinedNamespace):
    """kg's ontology (see ``kg/graph/ontology.ttl`` for labels and comments)."""

    _NS = Namespace("https://w3id.org/kg-news/ontology#")
    _fail = True

    # classes
    EventMention: URIRef
    EventCategory: URIRef
    Group: URIRef
    Collective: URIRef
    Sentence: URIRef
    DroppedName: URIRef
    LocalEntity: URIRef
    # event properties
    eventType: URIRef
    agent: URIRef
    target: URIRef
    participant: URIRef
    trigger: URIRef
    date: URIRef
    datePrecision: URIRef
    dateText: URIRef
    reportDate: URIRef
    modality: URIRef
    confidence: URIRef
    extractor: URIRef
    impliedTarget: URIRef
    impliedAgent: URIRef
    evidence: URIRef
    sentence: URIRef
    quadCategory: URIRef
    # document properties
    contentHash: URIRef
    sourcePath: URIRef
    droppedName: URIRef
    reason: URIRef
    # corpus resolution (kg:LocalEntity) and entity provenance
    resolvedTo: URIRef
    rule: URIRef
    nameKey: URIRef
    reading: URIRef
    countrySource: URIRef
    retrievedAt: URIRef
    warcRecordId: URIRef
    # entity properties
    country: URIRef
    countryCode: URIRef
    mentionCount: URIRef
    # direct edges derived from events (agent -> target)
    agreedWith: URIRef
    consulted: URIRef
    supported: URIRef
    concededTo: URIRef
    cooperatedWith: URIRef
    aided: URIRef
    retreatedFrom: URIRef
    requested: URIRef
    accused: URIRef
    rejected: URIRef
    threatened: URIRef
    protestedAgainst: URIRef
    sanctioned: URIRef
    mobilizedAgainst: URIRef
    coerced: URIRef
    assaulted: URIRef
    # the 16 PLOVER categories, as individuals of kg:EventCategory
    AGREE: URIRef
    CONSULT: URIRef
    SUPPORT: URIRef
    CONCEDE: URIRef
    COOPERATE: URIRef
    AID: URIRef
    RETREAT: URIRef
    REQUEST: URIRef
    ACCUSE: URIRef
    REJECT: URIRef
    THREATEN: URIRef
    PROTEST: URIRef
    SANCTION: URIRef
    MOBILIZE: URIRef
    COERCE: URIRef
    ASSAULT: URIRef


#: PLOVER category -> the direct edge property between agent and target.
EDGE_PROPERTY = {
    "AGREE": KG.agreedWith, "CONSULT": KG.consulted, "SUPPORT": KG.supported,
    "CONCEDE": KG.concededTo, "COOPERATE": KG.cooperatedWith, "AID": KG.aided,
    "RETREAT": KG.retreatedFrom, "REQUEST": KG.requested, "ACCUSE": KG.accused,
    "REJECT": KG.rejected, "THREATEN": KG.threatened, "PROTEST": KG.protestedAgainst,
    "SANCTION": KG.sanctioned, "MOBILIZE": KG.mobilizedAgainst, "COERCE": KG.coerced,
    "ASSAULT": KG.assaulted,
}

#: Entity type -> (RDF class, IRI path segment).
ENTITY_CLASSES = {
    "Person": (SDO.Person, "person"),
    "Organization": (SDO.Organization, "organization"),
    "Country": (SDO.Country, "country"),
    "City": (SDO.City, "city"),
    "Place": (SDO.Place, "place"),
    "Event": (SDO.Event, "named-event"),
    "Product": (SDO.Product, "product"),
    "Group": (KG.Group, "group"),
    "Collective": (KG.Collective, "collective"),
}

_NON_WORD = re.compile(r"[^\w.-]+")


def slug(name: str) -> str:
    """The IRI-safe local name of an entity name.

    Examples
    --------
    >>> slug("Donald Trump")
    'Donald_Trump'
    >>> slug("St. Petersburg International Economic Forum")
    'St._Petersburg_International_Economic_Forum'
    >>> slug("Côte d’Ivoire")
    'Cote_d_Ivoire'
    """
    folded = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    out = _NON_WORD.sub("_", folded).strip("_.")
    return out or "_"


def entity_key(type_: str, name: str) -> str:
    """The stable key (IRI path under the base) of an entity.

    Examples
    --------
    >>> entity_key("Person", "Donald Trump")
    'person/Donald_Trump'
    """
    return f"{ENTITY_CLASSES[type_][1]}/{slug(name)}"


@dataclass(frozen=True)
class Iris:
    """IRIs of the data under one base."""

    base: str = DEFAULT_BASE

    def __post_init__(self) -> None:
        if not self.base.endswith(("/", "#")):
            object.__setattr__(self, "base", self.base + "/")

    def entity(self, key: str) -> URIRef:
        return URIRef(self.base + key)

    def document(self, doc_id: str) -> URIRef:
        return URIRef(f"{self.base}doc/{doc_id[:16]}")

    def graph(self, doc_id: str) -> URIRef:
        return URIRef(f"{self.base}graph/{doc_id[:16]}")

    def event(self, event_id: str) -> URIRef:
        return URIRef(f"{self.base}event/{event_id}")

    def local(self, doc_id: str, n: int) -> URIRef:
        """The n-th entity of a document as the document names it (a kg:LocalEntity)."""
        return URIRef(f"{self.base}local/{doc_id[:16]}-{n}")

    def dropped(self, doc_id: str, n: int) -> URIRef:
        """The n-th name a document's NER tagged that kg did not read as an entity."""
        return URIRef(f"{self.base}dropped/{doc_id[:16]}-{n}")

    @property
    def entities_graph(self) -> URIRef:
        return URIRef(f"{self.base}graph/entities")


def bind_prefixes(g: Graph, iris: Iris) -> None:
    """Bind the prefixes that make kg's Turtle read well."""
    g.bind("kg", KG._NS, replace=True)
    g.bind("schema", SDO, replace=True)
    g.bind("prov", PROV, replace=True)
    g.bind("nif", NIF, replace=True)
    g.bind("skos", SKOS, replace=True)
    g.bind("rdfs", RDFS, replace=True)
    g.bind("rdf", RDF, replace=True)
    g.bind("xsd", XSD, replace=True)
    g.bind("owl", OWL, replace=True)
    g.bind("geo", GEO, replace=True)
    g.bind("doc", Namespace(iris.base + "doc/"), replace=True)
    g.bind("ev", Namespace(iris.base + "event/"), replace=True)
    for _, segment in ENTITY_CLASSES.values():
        g.bind(segment.replace("-", ""), Namespace(f"{iris.base}{segment}/"), replace=True)


def prefixes(base: str = DEFAULT_BASE) -> dict[str, str]:
    """The prefixes kg binds in its files (exports, query results) and knows in queries.

    Examples
    --------
    >>> prefixes()["person"], prefixes("http://example.org/")["ev"]
    ('https://w3id.org/kg-news/data/person/', 'http://example.org/event/')
    """
    out = {
        "kg": str(KG._NS), "schema": "https://schema.org/", "prov": "http://www.w3.org/ns/prov#",
        "nif": str(NIF), "skos": "http://www.w3.org/2004/02/skos/core#",
        "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "xsd": "http://www.w3.org/2001/XMLSchema#",
        "doc": base + "doc/", "ev": base + "event/",
        "owl": "http://www.w3.org/2002/07/owl#", "geo": str(GEO),
    }
    for _, segment in ENTITY_CLASSES.values():
        out[segment.replace("-", "")] = f"{base}{segment}/"
    return out
