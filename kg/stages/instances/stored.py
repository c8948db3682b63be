"""Reading what instance deciding needs from a kg store: stored event mentions, their instances,
documents' signatures and duplicate decisions.

Event mentions are found by the entities they name (``kg:agent``/``kg:target`` quads, answered
by Oxigraph's indexes), so re-deciding a block reads the mentions of that block's rarest
participant rather than the whole store; each mention and each entity's mentions are read
once per :class:`StoredReports` (one per transaction); :meth:`StoredReports.read_with` reads all
mentions of one entity with one SPARQL query (``data/mentions_with.rq``), 2× faster than one
pattern lookup per mention on the corpus's most frequent actor.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from kg.graph.vocab import GAF, KG, Iris
from kg.stages.instances.decide import Report

__all__ = ["StoredReports"]

_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_PUBLISHED = ox.NamedNode("https://schema.org/datePublished")


def _n(term) -> ox.NamedNode:
    return ox.NamedNode(str(term))


_P = {name: _n(KG[name]) for name in ("agent", "target", "eventType", "modality", "date", "datePrecision",
                                      "reportDate", "trigger", "EventMention", "minHash", "duplicateOf")}
_DENOTED = _n(GAF.denotedBy)
#: the values instance deciding reads of every mention that names ?entity
_MENTIONS_WITH = (Path(__file__).with_name("data") / "mentions_with.rq").read_text(encoding="utf-8")


class StoredReports:
    """The stored event mentions (as :class:`~kg.stages.instances.decide.Report`) of a kg store.

    Parameters
    ----------
    store : ox.Store
        The Oxigraph store (``KGStore.ox``).
    iris : Iris
        The IRIs of the data under the store's base.
    """

    def __init__(self, store: ox.Store, iris: Iris) -> None:
        self.ox = store
        self.iris = iris
        self.base = iris.base
        self._event = iris.base + "event/"
        self._ig = _n(iris.instances_graph)
        self._reports: dict[str, Report | None] = {}
        self._with: dict[str, frozenset[str]] = {}

    def _id(self, node) -> str | None:
        value = node.value
        return value[len(self._event):] if value.startswith(self._event) else None

    def mentions_with(self, key: str) -> frozenset[str]:
        """The ids of the stored mentions that name entity ``key`` as agent or target."""
        found = self._with.get(key)
        if found is None:
            node = _n(self.iris.entity(key))
            ids = {self._id(q.subject) for p in (_P["agent"], _P["target"])
                   for q in self.ox.quads_for_pattern(None, p, node, None)}
            found = self._with[key] = frozenset(i for i in ids if i)
        return found

    def read_with(self, key: str) -> None:
        """Read every stored mention that names entity ``key`` at once (one SPARQL query), so that
        :meth:`report` answers them from memory."""
        rows: dict[str, dict[str, list[str]]] = {}
        for row in self.ox.query(_MENTIONS_WITH, substitutions={ox.Variable("entity"): _n(self.iris.entity(key))},
                                 use_default_graph_as_union=True):
            if (mid := self._id(row["m"])) is not None and mid not in self._reports:
                rows.setdefault(mid, {}).setdefault(row["p"].value, []).append(row["o"].value)
        for mid, values in rows.items():
            self._reports[mid] = self._report(mid, values)

    def denoted_by(self, instance: str) -> set[str]:
        """The ids of the mentions a stored instance denotes."""
        return {i for q in self.ox.quads_for_pattern(ox.NamedNode(instance), _DENOTED, None, self._ig)
                if (i := self._id(q.object))}

    def report(self, mention: str) -> Report | None:
        """A stored mention, read back; None if the store has no such mention."""
        if mention not in self._reports:
            self._reports[mention] = self._read(mention)
        return self._reports[mention]

    def _read(self, mention: str) -> Report | None:
        values: dict[str, list[str]] = {}
        for q in self.ox.quads_for_pattern(_n(self.iris.event(mention)), None, None, None):
            values.setdefault(q.predicate.value, []).append(q.object.value)
        return self._report(mention, values)

    def _report(self, mention: str, values: dict[str, list[str]]) -> Report | None:
        """A mention from its values by predicate IRI."""
        kind = values.get(_P["eventType"].value)
        if not kind:
            return None

        def one(name: str) -> str | None:
            found = values.get(_P[name].value)
            return found[0] if found else None

        def keys(name: str) -> tuple[str, ...]:
            return tuple(sorted(o[len(self.base):] for o in values.get(_P[name].value, ()) if o.startswith(self.base)))

        return Report(id=mention, category=kind[0].rsplit("#", 1)[-1], agents=keys("agent"),
                      targets=keys("target"), modality=one("modality") or "asserted", date=one("date"),
                      precision=one("datePrecision"), reported=one("reportDate"), trigger=one("trigger") or "")

    def of_document(self, doc: str) -> list[Report]:
        """The stored mentions of one document."""
        g = _n(self.iris.graph(doc))
        ids = sorted(i for q in self.ox.quads_for_pattern(None, _RDF_TYPE, _P["EventMention"], g)
                     if (i := self._id(q.subject)))
        return [r for r in map(self.report, ids) if r is not None]

    def instances_of(self, mention: str) -> set[str]:
        """The IRIs of the stored instances that a mention denotes."""
        node = _n(self.iris.event(mention))
        return {q.subject.value for q in self.ox.quads_for_pattern(None, _DENOTED, node, self._ig)}

    def duplicate_of(self, doc: str) -> str | None:
        """The document a stored document is recorded as a duplicate of."""
        for q in self.ox.quads_for_pattern(_n(self.iris.document(doc)), _P["duplicateOf"], None, self._ig):
            return q.object.value.rsplit("/", 1)[-1]
        return None

    def signatures(self) -> Iterator[tuple[str, str, str | None, str | None]]:
        """Every stored document's signature: (document, ``kg:minHash`` literal, publication day,
        the document it is recorded as a duplicate of)."""
        days = {q.subject.value: q.object.value for q in self.ox.quads_for_pattern(None, _PUBLISHED, None, None)}
        dups = {q.subject.value: q.object.value.rsplit("/", 1)[-1]
                for q in self.ox.quads_for_pattern(None, _P["duplicateOf"], None, self._ig)}
        for q in self.ox.quads_for_pattern(None, _P["minHash"], None, None):
            doc = q.subject.value
            yield doc.rsplit("/", 1)[-1], q.object.value, days.get(doc), dups.get(doc)
