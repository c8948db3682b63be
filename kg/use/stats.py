"""Counts of a kg graph: entities by type, events by PLOVER category, documents, triples.

``triples`` counts distinct triples, what a Turtle, N-Triples, JSON-LD or RDF/XML export
holds; ``quads`` counts what the store holds and a TriG or N-Quads export writes, where a
triple two documents state (a direct edge, a mention) is kept once in each document's named
graph. Counting distinct triples costs one SPARQL query (0.1 s on the 284-article corpus).

``events`` counts real events, not reports: an event instance (``sem:Event``,
:mod:`kg.stages.instances`) once under its category, however many mentions in however many
documents denote it, and a mention that denotes none (negated, hypothetical, asked) as its
own, as the reference scorer counts them; ``count="mentions"`` (``kg stats --mentions``)
counts every report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["stats", "Stats", "dropped_names", "dropped_table"]

_ENTITY_COUNTS = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?type (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a ?type ; rdfs:label ?l .
  FILTER(STRSTARTS(STR(?type), "https://schema.org/") || ?type IN (<https://w3id.org/kg-news/ontology#Group>,
         <https://w3id.org/kg-news/ontology#Collective>))
  FILTER(?type != <https://schema.org/NewsArticle>) } GROUP BY ?type
"""
_EVENT_COUNTS = """
PREFIX kg: <https://w3id.org/kg-news/ontology#>
SELECT ?cat (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e kg:eventType ?cat } GROUP BY ?cat
"""
_INSTANCE_COUNTS = """
PREFIX kg: <https://w3id.org/kg-news/ontology#>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX gaf: <http://groundedannotationframework.org/gaf#>
SELECT ?cat (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a sem:Event ; kg:category ?cat } GROUP BY ?cat
"""
_UNSTATED = """
PREFIX kg: <https://w3id.org/kg-news/ontology#>
PREFIX gaf: <http://groundedannotationframework.org/gaf#>
SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e kg:eventType ?cat FILTER NOT EXISTS { ?i gaf:denotedBy ?e } }
"""
_DOCS = "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a <https://schema.org/NewsArticle> }"
_DROPPED = """
PREFIX kg: <https://w3id.org/kg-news/ontology#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
SELECT ?reason ?text (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a kg:DroppedName ; kg:reason ?reason ; nif:anchorOf ?text }
GROUP BY ?reason ?text
"""
_TRIPLES = Path(__file__).resolve().parent / "sparql" / "triples.rq"


@dataclass
class Stats:
    documents: int = 0
    triples: int = 0  # distinct triples: what an export holds
    quads: int = 0  # stored quads: a triple once per named graph that states it
    entities: dict[str, int] = field(default_factory=dict)
    events: dict[str, int] = field(default_factory=dict)
    count: str = "instances"  # what events counts: "instances" (each real event once) or "mentions"
    unstated: int = 0  # with count="instances": reports of events not stated as a fact (no instance)

    def table(self) -> str:
        lines = [f"documents  {self.documents}", f"triples    {self.triples}",
                 f"quads      {self.quads}  (a triple once per document that states it: TriG, N-Quads)", "", "entities"]
        lines += [f"  {k:14} {v}" for k, v in sorted(self.entities.items(), key=lambda kv: (-kv[1], kv[0]))]
        lines += ["", "events" + ("  (every report: mentions)" if self.count == "mentions"
                                  else "  (each real event once; --mentions counts every report)")]
        lines += [f"  {k:14} {v}" for k, v in sorted(self.events.items(), key=lambda kv: (-kv[1], kv[0]))]
        if self.unstated:
            lines += ["", f"not stated as a fact  {self.unstated}  (negated, hypothetical or asked: reports, in --mentions)"]
        return "\n".join(lines)


def stats(target, *, count: str = "instances") -> Stats:
    """Counts for a store folder, output folder, RDF file or open store; ``count="mentions"``
    counts every report of an event instead of the event once.

    Examples
    --------
    >>> from kg.graph.store import KGStore
    >>> import pyoxigraph as ox
    >>> store = KGStore(None)
    >>> label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    >>> for doc in ("urn:doc1", "urn:doc2"):  # two documents state the same triple
    ...     store.ox.add(ox.Quad(ox.NamedNode("urn:x"), label, ox.Literal("X"), ox.NamedNode(doc)))
    >>> counts = stats(store)
    >>> counts.triples, counts.quads
    (1, 2)
    """
    from kg.graph.target import open_target

    with open_target(target) as store:
        q = lambda text: store.ox.query(text, use_default_graph_as_union=True)  # noqa: E731
        out = Stats(triples=int(next(iter(q(_TRIPLES.read_text(encoding="utf-8"))))["n"].value), quads=len(store))
        out.documents = int(next(iter(q(_DOCS)))["n"].value)
        out.entities = {r["type"].value.rsplit("/", 1)[-1].rsplit("#", 1)[-1]: int(r["n"].value)
                        for r in q(_ENTITY_COUNTS)}
        events = _EVENT_COUNTS if count == "mentions" else _INSTANCE_COUNTS
        out.events = {r["cat"].value.rsplit("#", 1)[-1]: int(r["n"].value) for r in q(events)}
        out.count = "mentions" if count == "mentions" else "instances"
        if out.count == "instances":
            out.unstated = int(next(iter(q(_UNSTATED)))["n"].value)
    return out


def dropped_names(target) -> dict[str, list[tuple[str, int]]]:
    """What the entity filter dropped or cut (:mod:`kg.stages.extract.junk`): reason -> the names
    with how often, most frequent first, so a user can check the filter.

    Examples
    --------
    >>> from kg.pipeline import build
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("The quake struck at 0040 UTC. Iran sent help.")
    >>> from kg.pipeline import run_build
    >>> dropped_names(run_build([folder]).store)
    {'time or time zone': [('UTC', 1)]}
    """
    from kg.graph.target import open_target

    out: dict[str, list[tuple[str, int]]] = {}
    with open_target(target) as store:
        for row in store.ox.query(_DROPPED, use_default_graph_as_union=True):
            out.setdefault(row["reason"].value, []).append((row["text"].value, int(row["n"].value)))
    return {reason: sorted(names, key=lambda tn: (-tn[1], tn[0])) for reason, names in sorted(out.items())}


def dropped_table(found: dict[str, list[tuple[str, int]]], *, examples: int = 8) -> str:
    """The dropped names as a table: each reason with its count and its most frequent names."""
    lines = []
    for reason, names in sorted(found.items(), key=lambda kv: -sum(n for _, n in kv[1])):
        shown = ", ".join(f"{text!r} ×{n}" if n > 1 else repr(text) for text, n in names[:examples])
        more = f", … {len(names) - examples} more" if len(names) > examples else ""
        lines.append(f"{reason:42} {sum(n for _, n in names):6}  {shown}{more}")
    return "\n".join(lines) or "nothing dropped"
