"""Check a graph against kg's contract: SHACL shapes shipped in the package, run by pyshacl.

The README's RDF contract, written as SHACL in ``kg/graph/shapes.ttl`` (:data:`SHAPES`): every
event has one PLOVER category, an agent and a target that are entity nodes (IRIs typed with one
of kg's entity classes, with a label), a typed date if any, one modality, and provenance (the
article it was read from, the evidence sentence with offsets, begin before end); every entity
has exactly one ``rdfs:label``; a country one ISO alpha-3 code; GeoNames links are GeoNames IRIs
and coordinates are in range; an article has one name and content hash. The shapes are open: a
graph may say more. kg's own output conforms (tests over the seed and the Wikinews golds), so a
violation means a graph changed by hand or by another tool, or a kg bug.

:func:`validate` copies the union of the graph's named graphs into rdflib (pyshacl works on
rdflib graphs) and returns a :class:`Validation`; each :class:`Violation` is one line, the focus
node and the property compacted with kg's prefixes. Core SHACL only (no SPARQL constraints, no
inference). On the 284-article corpus (25,571 triples, about 5,000 focus nodes) a validation
takes 7 s of CPU, nearly all of it pyshacl's (about 0.2 ms per property shape and focus node);
it is a check to run after a build, not part of one.

Other shapes can be given (``--shapes``). Shapes whose SPARQL has a ``SERVICE`` clause are refused
before anything runs (``E212``; pyshacl would stop on them too, as SHACL forbids federated
constraints, but with no result to show), ``owl:imports`` are not followed, and shapes pyshacl
cannot use are ``E213``: kg validate stays offline and says why it did not check.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from kg.errors import KGError
from kg.graph.convert import union_graph
from kg.graph.target import open_target
from kg.graph.vocab import DEFAULT_BASE, ENTITY_CLASSES, KG, prefixes
from kg.use.query.offline import service_terms

__all__ = ["SHAPES", "Violation", "Validation", "validate"]

#: kg's SHACL shapes
SHAPES = Path(__file__).resolve().parents[1] / "graph" / "shapes.ttl"
_NEWS_ARTICLE = URIRef("https://schema.org/NewsArticle")

@dataclass(frozen=True, order=True)
class Violation:
    """One SHACL result: the node, the property (``""`` for the node itself), the shape's message, the value."""

    node: str
    path: str
    message: str
    value: str = ""
    severity: str = "Violation"

    def error(self) -> KGError:
        """This violation as the ``[E210]`` line ``kg validate`` prints."""
        detail = self.message + (f" (value: {self.value})" if self.value else "")
        if self.severity != "Violation":
            detail += f" [{self.severity}]"
        return KGError("E210", node=self.node, path=self.path or "(node)", message=detail)


@dataclass
class Validation:
    """The outcome of :func:`validate`: ``conforms``, the violations in order, and what was checked."""

    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    shapes: Path = SHAPES

    def summary(self) -> str:
        """One line: what was checked and the outcome."""
        what = ", ".join(f"{n:,} {k[:-1] if n == 1 else k}" for k, n in self.counts.items())
        n = len(self.violations)
        outcome = "conforms" if self.conforms else f"{n:,} violation{'' if n == 1 else 's'}"
        return f"{what}: {outcome} ({self.shapes.name})"


def _compact(term, known: dict[str, str]) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        iri = str(term)
        best = max((ns for ns in known.values() if iri.startswith(ns)), key=len, default="")
        if best:
            prefix = next(p for p, ns in known.items() if ns == best)
            return f"{prefix}:{iri[len(best):]}"
        return f"<{iri}>"
    text = str(term)
    return repr(text if len(text) <= 60 else text[:59] + "…") + (f"^^{_compact(term.datatype, known)}"
                                                                 if getattr(term, "datatype", None) else "")


def _violations(report: Graph, known: dict[str, str]) -> list[Violation]:
    out = set()
    for result in report.objects(None, SH.result):  # the report's results, not their sh:detail
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        severity = report.value(result, SH.resultSeverity)
        out.add(Violation(
            node=_compact(report.value(result, SH.focusNode), known),
            path=_compact(path, known) if isinstance(path, URIRef) else "",
            message=str(message) if message is not None else str(report.value(result, SH.sourceConstraintComponent)),
            value=_compact(report.value(result, SH.value), known),
            severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
        ))
    return sorted(out)


def _shapes_graph(shapes) -> Graph:
    """The shapes, refused if they do not parse (``E201``) or would query over the network (``E212``)."""
    try:
        graph = Graph().parse(shapes, format="turtle")
    except Exception as exc:  # noqa: BLE001 - any parser error is the user's file's
        raise KGError("E201", path=shapes, detail=str(exc).splitlines()[0][:200]) from None
    for predicate in (SH.select, SH.ask, SH.construct):  # SHACL-SPARQL, which rdflib runs, SERVICE too
        for text in graph.objects(None, predicate):
            services = service_terms(str(text))
            if services:
                raise KGError("E212", exit_code=2, path=shapes, service=services[0])
    return graph


def validate(target, *, shapes: str | Path | None = None) -> Validation:
    """Check the graph at ``target`` against kg's SHACL shapes (or the Turtle file ``shapes``).

    Parameters
    ----------
    target : str or Path or KGStore
        A kg output folder, store folder, RDF file or open store.
    shapes : str or Path, optional
        Other SHACL shapes, in Turtle, instead of :data:`SHAPES`.

    Returns
    -------
    Validation

    Examples
    --------
    >>> import pyoxigraph as ox
    >>> from kg.graph.store import KGStore
    >>> store = KGStore(None)
    >>> kg_ = "https://w3id.org/kg-news/ontology#"
    >>> event = ox.NamedNode("https://w3id.org/kg-news/data/event/x-0")
    >>> store.ox.add(ox.Quad(event, ox.NamedNode(str(RDF.type)), ox.NamedNode(kg_ + "EventMention")))
    >>> store.ox.add(ox.Quad(event, ox.NamedNode(kg_ + "agent"), ox.Literal("Putin")))
    >>> result = validate(store)
    >>> result.conforms, result.counts
    (False, {'documents': 0, 'entities': 0, 'events': 1})
    >>> print(result.violations[0].error())
    [E210] ev:x-0: kg:agent: an event's agent is an entity node: an IRI (not a literal) typed with one of kg's entity classes, with a label (value: 'Putin')
    """
    import pyshacl

    shapes_path = Path(shapes) if shapes is not None else SHAPES
    shacl = _shapes_graph(shapes_path)
    with open_target(target) as store:
        data = union_graph(store.ox)
        base = store.iris.base
    try:
        conforms, report, text = pyshacl.validate(data, shacl_graph=shacl, inference="none", inplace=True,
                                                  advanced=False, allow_warnings=False, do_owl_imports=False)
    except Exception as exc:  # noqa: BLE001 - pyshacl raises its own, pyparsing's, rdflib's... on bad shapes
        raise KGError("E213", path=shapes_path, detail=str(exc).strip().splitlines()[0][:300]) from None
    known = {**prefixes(base or DEFAULT_BASE), "sh": str(SH), "rdf": str(RDF)}
    violations = _violations(report, known)
    if not conforms and not violations:  # pyshacl stopped (a "Validation Failure"), no result to list
        raise KGError("E213", path=shapes_path, detail=str(text).strip().splitlines()[0][:300])
    return Validation(bool(conforms), violations, _counts(data), shapes_path)


def _counts(data: Graph) -> dict[str, int]:
    """Documents, entities and events in ``data``."""
    entities = {e for cls, _ in ENTITY_CLASSES.values() for e in data.subjects(RDF.type, cls)}
    return {"documents": len(set(data.subjects(RDF.type, _NEWS_ARTICLE))), "entities": len(entities),
            "events": len(set(data.subjects(RDF.type, KG.EventMention)))}
