"""Stage 4, resolve: merge mentions into entities, within a document and across documents.

Within a document, the surface forms of one name merge ("Donald Trump" / "Trump" /
"Donald"), NER label noise is outvoted by the cluster ("Trump" tagged ORG once beside
"Donald Trump" PERSON), demonyms and country-tied groups point to their country, and
coreference links (from :mod:`kg.stages.extract.coref`) carry pronouns and role nominals to their
antecedent, bringing titles and countries with them ("the Russian leader" gives Putin
Russia). Across documents the corpus decides (:mod:`~kg.stages.resolve.corpus`): each
document's named entities are its *local entities*, and :class:`CorpusIndex` keeps the
decision of which entity each is, by rule and with a confidence, over all documents at once.

Metonymy: a capital or seat of government acting in an event ("Moscow provided ...",
"the Kremlin said") stands for its state; the city or building keeps its own node.

Layout: :mod:`~kg.stages.resolve.names` groups a document's names into clusters,
:mod:`~kg.stages.resolve.entities` turns clusters and the other mentions into entities,
:mod:`~kg.stages.resolve.corpus` decides across documents, :mod:`~kg.stages.resolve.index`
holds the corpus's local entities and decisions, and
:mod:`~kg.stages.events.tie` (the event stage's) ties event mentions to the entities with PLOVER's
conventions. :func:`resolve` runs them in that order.
"""

from __future__ import annotations

from dataclasses import replace

from kg.records import Event, Extraction, ResolvedDocument
from kg.stages.events.tie import tie_events
from kg.stages.resolve.entities import (
    DocumentEntities,
    antecedents,
    carried_by_nominals,
    cluster_entities,
    country_mentions,
    follow_coreference,
    placed_groups,
)
from kg.stages.resolve.index import CorpusIndex, EntityIndex
from kg.stages.resolve.names import cluster_names

__all__ = ["CorpusIndex", "EntityIndex", "resolve", "settle_document"]


def resolve(extraction: Extraction, index: CorpusIndex | None = None) -> ResolvedDocument:
    """Merge the mentions of one extraction into entities and tie its events to them.

    Parameters
    ----------
    extraction : Extraction
        Mentions, coreference links and events of one document.
    index : CorpusIndex, optional
        The corpus's local entities and decisions so far; this document's are added to it.

    Returns
    -------
    ResolvedDocument
    """
    made = DocumentEntities(index if index is not None else CorpusIndex())
    by_id = {m.id: m for m in extraction.mentions}
    clusters = cluster_names(list(extraction.mentions), extraction.document.text)
    links = antecedents(extraction)
    carried = carried_by_nominals(links, by_id)
    mention_entity = cluster_entities(clusters, carried, made, extraction)
    extraction = placed_groups(extraction, made.home)
    country_mentions(extraction.mentions, links, mention_entity, made)
    follow_coreference(links, mention_entity)
    events = tie_events(extraction, mention_entity, made)
    return _resolved(extraction, made, mention_entity, events)


def _resolved(extraction: Extraction, made: DocumentEntities, mention_entity: dict[int, list[str]],
              events: list[Event]) -> ResolvedDocument:
    """The resolved document: the entities it mentions are those its mentions and events name."""
    entities = made.entities
    mentioned = {k for keys in mention_entity.values() for k in keys}
    mentioned.update(k for ev in events for k in (*ev.agents, *ev.targets, *ev.participants))
    return ResolvedDocument(
        document=extraction.document, date=extraction.date, entities=entities, events=events,
        mention_entity={k: v[0] for k, v in mention_entity.items() if v},
        mentioned=frozenset(mentioned & entities.keys()), dropped=extraction.dropped, locals=tuple(made.locals),
        resolutions=tuple(made.resolutions),
    )


def settle_document(resolved: ResolvedDocument, index: CorpusIndex) -> ResolvedDocument:
    """The document under the corpus's decisions now: a local entity that later documents had
    decided otherwise since it was resolved gets its new key everywhere in the document (its
    entities, mentions, events) and its new decision.
    """
    now = [index.decisions[(loc.doc, loc.n)] for loc in resolved.locals]
    mapping: dict[str, str] = {}
    for (was, _, _), d in zip(resolved.resolutions, now):
        mapping.setdefault(was, d.key)
    mapping = {a: b for a, b in mapping.items() if a != b}
    resolutions = tuple((d.key, d.rule, d.confidence) for d in now)
    if not mapping:
        return replace(resolved, resolutions=resolutions)

    def key(k: str) -> str:
        return mapping.get(k, k)

    entities = {}
    for k, ent in resolved.entities.items():
        if k in mapping:
            ent = replace(ent, key=key(k))
        entities.setdefault(key(k), ent)
    events = [replace(ev, agents=tuple(map(key, ev.agents)), targets=tuple(map(key, ev.targets)),
                      participants=tuple(map(key, ev.participants))) for ev in resolved.events]
    return replace(resolved, entities=entities, events=events, resolutions=resolutions,
                   mention_entity={m: key(k) for m, k in resolved.mention_entity.items()},
                   mentioned=frozenset(map(key, resolved.mentioned)) if resolved.mentioned is not None else None)
