"""Stage 4, resolve: merge mentions into entities, within a document and across documents.

Within a document, the surface forms of one name merge ("Donald Trump" / "Trump" /
"Donald"), NER label noise is outvoted by the cluster ("Trump" tagged ORG once beside
"Donald Trump" PERSON), demonyms and country-tied groups point to their country, and
coreference links (from :mod:`kg.stages.extract.coref`) carry pronouns and role nominals to their
antecedent, bringing titles and countries with them ("the Russian leader" gives Putin
Russia). Across documents an :class:`EntityIndex` gives one key per real-world entity:
a later "Trump" alone joins the "Donald Trump" already known, and aliases accumulate.

Metonymy: a capital or seat of government acting in an event ("Moscow provided ...",
"the Kremlin said") stands for its state; the city or building keeps its own node.

Layout: :mod:`~kg.stages.resolve.names` groups a document's names into clusters,
:mod:`~kg.stages.resolve.entities` turns clusters and the other mentions into entities,
:mod:`~kg.stages.resolve.index` is the cross-document index, and
:mod:`~kg.stages.events.tie` (the event stage's) ties event mentions to the entities with PLOVER's
conventions. :func:`resolve` runs them in that order.
"""

from __future__ import annotations

from kg.records import Entity, Event, Extraction, ResolvedDocument
from kg.stages.events.tie import tie_events
from kg.stages.resolve.entities import (
    DocumentEntities,
    antecedents,
    carried_by_nominals,
    cluster_entities,
    country_mentions,
    follow_coreference,
)
from kg.stages.resolve.index import EntityIndex
from kg.stages.resolve.names import cluster_names

__all__ = ["EntityIndex", "resolve"]


def resolve(extraction: Extraction, index: EntityIndex | None = None) -> ResolvedDocument:
    """Merge the mentions of one extraction into entities and tie its events to them.

    Parameters
    ----------
    extraction : Extraction
        Mentions, coreference links and events of one document.
    index : EntityIndex, optional
        Entities already known; updated in place with this document's entities.

    Returns
    -------
    ResolvedDocument
    """
    made = DocumentEntities(index if index is not None else EntityIndex())
    by_id = {m.id: m for m in extraction.mentions}
    clusters = cluster_names(list(extraction.mentions), extraction.document.text)
    links = antecedents(extraction)
    carried = carried_by_nominals(links, by_id)
    mention_entity = cluster_entities(clusters, carried, made, extraction)
    country_mentions(extraction.mentions, links, mention_entity, made)
    follow_coreference(links, mention_entity)
    events = tie_events(extraction, mention_entity, made)
    return _resolved(extraction, made.entities, mention_entity, events)


def _resolved(extraction: Extraction, entities: dict[str, Entity], mention_entity: dict[int, list[str]],
              events: list[Event]) -> ResolvedDocument:
    """The resolved document: the entities it mentions are those its mentions and events name."""
    mentioned = {k for keys in mention_entity.values() for k in keys}
    mentioned.update(k for ev in events for k in (*ev.agents, *ev.targets, *ev.participants))
    return ResolvedDocument(
        document=extraction.document, date=extraction.date, entities=entities, events=events,
        mention_entity={k: v[0] for k, v in mention_entity.items() if v},
        mentioned=frozenset(mentioned & entities.keys()), dropped=extraction.dropped,
    )
