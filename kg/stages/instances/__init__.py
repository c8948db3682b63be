"""Event instances: one real event, however many mentions and documents report it.

kg makes one node per event *mention*; a real event is reported many times, within an article
(the headline, the lead, a quote) and across articles (the next day's follow-ups, a wire story
reprinted by ten outlets). Counted as events, mentions measure coverage (GDELT's duplicate
problem). Following the NewsReader project (the Simple Event Model and the Grounded Annotation
Framework), kg groups mentions into *instances*: ``sem:Event`` nodes in ``<base>graph/instances``,
each ``gaf:denotedBy`` its mentions, which keep everything they have (:mod:`.rdf` has the
contract). Near-duplicate documents (:mod:`kg.stages.duplicates`) add no instance.

Which mentions are one event (:mod:`.decide`): the same PLOVER category (or a compatible one),
the same agents and targets after entity resolution (either way round for a reciprocal category),
dates that agree (a day inside a month; the report date bounds an event from above; an undated
mention is the event its own article dates, or lies in the week before its report), conservative
where two events fit (it stays apart). Each instance records the weakest rule that joined it and
that rule's confidence.

Modality: asserted and reported mentions (the event happened) form instances together; future
mentions (an announced or planned event) form instances of their own, never with the act (a
threat and the attack, a planned meeting and the meeting are different events); negated,
hypothetical and questioned mentions state no event and denote no instance.

Design decisions. Instances are a function of the *set* of mentions, decided per block
(:func:`~.decide.block_of`), so a build re-decides only the blocks its documents touch: those of
its new mentions, those of replaced or removed documents' mentions, those whose entities corpus
resolution renamed (before and after the rename) and those of documents that became, or stopped
being, duplicates. :meth:`EventInstances.settle` runs after the entity settle of a batch and
returns SPARQL Update operations that the store applies in the batch's transaction; the mentions
of a touched block are read back from the store by their entities (:mod:`.stored`). An
incremental build therefore equals a full build (``tests/pipeline/test_instances.py``).

Inside a touched block only the *parts* (:func:`~.decide.components`) that hold a new or changed
mention, or a mention that shared an instance with one, are decided again and rewritten: mentions
join only within their document or across spans that meet, so the other parts' instances stand.
A block's stored mentions are those naming all its participants (an intersection of index
look-ups); they are read one by one when they are fewer than half the rarest participant's
mentions, else with one query for that entity's (which is 2× faster per mention: :mod:`.stored`),
and kept in memory for the build's later batches unless a changed document's mentions are in it. Measured on
10,000 generated articles whose 40 dyads repeat (blocks of 500-1,000 mentions): re-reading and
rewriting whole blocks every batch made a build quadratic (the 10,000-article store did not finish
in 35 minutes under load); with parts and the kept blocks, adding one article re-decides a few
instances (BENCHMARKS.md, "One article added to a store of 10,000").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from kg.graph.vocab import Iris
from kg.records import ResolvedDocument
from kg.stages.duplicates import DuplicateIndex
from kg.stages.instances.decide import (
    Block,
    Instance,
    Report,
    block_of,
    components,
    decide_block,
)
from kg.stages.instances.rdf import replace_update
from kg.stages.instances.stored import StoredReports

__all__ = ["EventInstances", "Report", "Instance", "block_of", "decide_block", "reports_of"]

_READ_WITH_GAIN = 2  # one query for an entity's mentions reads each 2x faster than a look-up per mention


def reports_of(resolved: ResolvedDocument) -> list[Report]:
    """The event mentions of a resolved document, as instance deciding reads them."""
    day = resolved.date.value if resolved.date and resolved.date.precision == "day" else None
    out = []
    for ev in resolved.events:
        m = ev.mention
        out.append(Report(id=ev.id, category=m.category, agents=tuple(sorted(ev.agents)),
                          targets=tuple(sorted(ev.targets)), modality=m.modality,
                          date=m.date.value if m.date else None, precision=m.date.precision if m.date else None,
                          reported=day, trigger=m.trigger))
    return out


@dataclass
class _Round:
    """One settle: what changed, and what the touched blocks hold before and after."""

    renames: dict[str, dict[str, str]]  # document -> {old entity key: new key}
    gone: set[str]
    blocks: set[Block] = field(default_factory=set)
    members: dict[Block, dict[str, Report]] = field(default_factory=dict)
    old: set[str] = field(default_factory=set)  # instance IRIs to replace
    touched: set[str] = field(default_factory=set)  # mentions whose instance is decided again

    def after(self, r: Report) -> Report | None:
        """A stored mention as it is after this round (None: its document goes)."""
        if r.doc in self.gone:
            return None
        renames = self.renames.get(r.doc)
        if not renames:
            return r
        from dataclasses import replace

        return replace(r, agents=tuple(sorted(renames.get(k, k) for k in r.agents)),
                       targets=tuple(sorted(renames.get(k, k) for k in r.targets)))


class EventInstances:
    """The corpus's event instances and duplicate documents, kept up to date batch by batch.

    Parameters
    ----------
    store : KGStore
        The store the batches are written to (read for the mentions of touched blocks).
    """

    def __init__(self, store) -> None:
        self.store = store
        self.iris: Iris = store.iris
        self.duplicates = DuplicateIndex(lambda: StoredReports(store.ox, store.iris).signatures())
        #: each block's mentions as the store holds them after the last settle (a build's later
        #: batches read a block from here unless a changed document's mentions are in it)
        self._blocks: dict[Block, dict[str, Report]] = {}

    def settle(self, docs: Sequence[ResolvedDocument], gone: Iterable[str] = (),
               redecided: dict | None = None) -> list[str]:
        """SPARQL Update operations for one transaction: the new documents ``docs`` (under the
        corpus's entity decisions now), the stored documents ``gone`` (replaced or removed), and
        ``redecided`` (:attr:`kg.stages.resolve.index.Settled.redecided`: entity keys renamed in
        stored documents)."""
        stored = StoredReports(self.store.ox, self.iris)
        rnd = _Round(renames=_renames(redecided or {}), gone={g[:16] for g in gone})
        day = {r.document.id[:16]: (r.date.value if r.date and r.date.precision == "day" else None) for r in docs}
        dup = self.duplicates.settle([(r.document.id[:16], day[r.document.id[:16]], r.document.text) for r in docs],
                                     sorted(rnd.gone))
        new = [rep for r in docs for rep in reports_of(r)]
        for doc in sorted(rnd.gone | set(rnd.renames) | dup.changed):
            for r in stored.of_document(doc):
                self._touch(rnd, stored, r)
        stale = set(rnd.blocks)  # blocks whose stored mentions change: read again from the store
        for r in new:
            if (b := block_of(r)) is not None:
                rnd.blocks.add(b)
                rnd.touched.add(r.id)
        for block in sorted(rnd.blocks):
            if block in self._blocks and block not in stale:
                rnd.members[block] = dict(self._blocks[block])
            else:
                self._gather(rnd, stored, block)
        for r in new:
            if (b := block_of(r)) is not None:
                rnd.members.setdefault(b, {})[r.id] = r
        instances: list[Instance] = []
        for block in sorted(rnd.blocks):
            instances += self._decide(rnd, stored, block)
        dups = dict(dup.status)
        dups.update({d: None for d in rnd.gone})
        return replace_update(self.iris, old_instances=rnd.old, instances=instances, duplicates=dups,
                              signatures=dup.signatures)

    def _decide(self, rnd: _Round, stored: StoredReports, block: Block) -> list[Instance]:
        """The instances of the parts of a block that this round touches (the others stand), and
        the block's members kept for the next round."""
        members = rnd.members.get(block, {})
        self._blocks[block] = members
        status = self.duplicates.status
        copies = {m.doc: o for m in members.values() if (o := status.get(m.doc))}
        out: list[Instance] = []
        for part in components(members.values(), copies):
            if not any(m.id in rnd.touched for m in part):
                continue
            for m in part:
                rnd.old |= stored.instances_of(m.id)
            out += decide_block(part, copies)
        return out

    def _touch(self, rnd: _Round, stored: StoredReports, r: Report) -> None:
        """A stored mention that changes: its block before and after are touched, its instance goes
        and the other mentions of that instance are decided again."""
        for version in (r, rnd.after(r)):
            if version is not None and (b := block_of(version)) is not None:
                rnd.blocks.add(b)
        rnd.touched.add(r.id)
        for inst in stored.instances_of(r.id):
            rnd.old.add(inst)
            rnd.touched |= stored.denoted_by(inst)

    def _gather(self, rnd: _Round, stored: StoredReports, block: Block) -> None:
        """The stored mentions of a block, as they are after this round: those that name all of
        its participants (now, or before a rename to them), read one by one when they are few
        beside the rarest participant's mentions, else with that entity's one query."""
        wanted = set(block[2][0]) | (set(block[2][1]) if len(block[2]) > 1 else set())
        pools = []
        for key in sorted(wanted):  # a member names every participant, now or before a rename to it
            renamed = [stored.mentions_with(old) for renames in rnd.renames.values()
                       for old, new in renames.items() if new == key]
            ids = stored.mentions_with(key).union(*renamed)
            pools.append((len(ids), key, ids))
        if not pools:
            return
        size, rarest, _ = min(pools)
        candidates = frozenset.intersection(*(ids for _, _, ids in pools))
        if len(candidates) * _READ_WITH_GAIN >= size:
            stored.read_with(rarest)  # one query for the mentions of the rarest entity
        for mid in sorted(candidates):
            r = stored.report(mid)
            now = rnd.after(r) if r is not None else None
            if now is not None and block_of(now) == block:
                rnd.members.setdefault(block, {})[mid] = now


def _renames(redecided: dict) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for doc, changes in redecided.items():
        for was, now in changes.values():
            if was.key != now.key:
                out.setdefault(doc[:16], {})[was.key] = now.key
    return out
