"""The cross-document indexes: the corpus's local entities and their decisions, and fixed entities.

:class:`CorpusIndex` holds the local entities of the documents of a build and of the stored
documents they meet (loaded on demand), and keeps :mod:`kg.stages.resolve.corpus`'s decisions
for them up to date as documents come and go. :class:`EntityIndex` holds the entities that are
no corpus decision -- countries, whose key is their code's, and collective actors -- with the
names documents used for them accumulating as aliases.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from kg.records import Entity, LocalEntity
from kg.stages.resolve.corpus import Decision, decide, describe, name_keys
from kg.stages.resolve.names import fullness, norm

__all__ = ["EntityIndex", "CorpusIndex", "Settled"]


@dataclass
class EntityIndex:
    """Entities known so far (from the store and earlier documents), by key and alias."""

    entities: dict[str, Entity] = field(default_factory=dict)
    #: keys whose country only the known-actors table gave (a text's country replaces it)
    table_placed: set[str] = field(default_factory=set)
    _surname: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    _alias: dict[tuple[str, str], str] = field(default_factory=dict)

    def add(self, entity: Entity, *, from_table: bool = False) -> Entity:
        """Add or merge ``entity``; returns the entity now held under its key.

        The first country given is kept, except that a country a text gives replaces one
        the known-actors table gave (``from_table``).
        """
        held = self.entities.get(entity.key)
        if held is None:
            held = Entity(key=entity.key, type=entity.type, label=entity.label)
            self.entities[entity.key] = held
            known: set[str] = set()
        else:
            known = {held.label, *held.alt_labels}
        names = {held.label, entity.label, *held.alt_labels, *entity.alt_labels}
        if entity.type == "Country" or held.type == "Country":
            label = held.label
        else:
            label = max(names, key=fullness)
        held.label = label
        held.alt_labels = {n for n in names if n != label}
        if entity.country and not from_table and held.key in self.table_placed:
            held.country = entity.country  # Rule: a country the text gives replaces the table's
        elif entity.country and from_table and held.country is None:
            self.table_placed.add(held.key)
        held.country = held.country or entity.country
        if entity.country and not from_table:
            self.table_placed.discard(held.key)
        held.country_code = held.country_code or entity.country_code
        held.job_titles |= entity.job_titles
        for name in names - known:  # names held before are indexed already
            self._alias.setdefault((held.type, norm(name)), held.key)
            if held.type == "Person":
                self._surname[norm(name).split()[-1]].add(held.key)
        return held

    def find(self, type_: str, names: list[str]) -> str | None:
        """The key of a known entity of ``type_`` with one of ``names``, if exactly one."""
        for name in names:
            key = self._alias.get((type_, norm(name)))
            if key:
                return key
        if type_ == "Person":
            full = [n for n in names if len(n.split()) > 1]
            if full:  # a full name must not join another person who only shares the surname
                return None
            keys = set()
            for name in names:
                keys |= self._surname.get(norm(name).split()[-1], set())
            if len(keys) == 1:
                return next(iter(keys))
        return None


Loader = Callable[[Iterable[str]], Iterable[tuple[LocalEntity, Decision]]]
_NONE = Decision("", "", 0.0)


@dataclass
class Settled:
    """What a round of corpus decisions changed, for the store to apply."""

    #: document hash -> (local number -> the decision now), for stored documents whose locals changed
    redecided: dict[str, dict[int, tuple[Decision, Decision]]] = field(default_factory=dict)
    #: entities (re)described: their description from all their members
    described: list[tuple[Entity, str | None]] = field(default_factory=list)
    #: keys no local entity is decided to any more (their descriptions go)
    dropped: set[str] = field(default_factory=set)


class CorpusIndex:
    """The local entities of the corpus, decided into entities by :func:`~kg.stages.resolve.corpus.decide`.

    Local entities of stored documents are loaded from the store on demand (``loader``: all
    stored locals with one of the given name keys, and the decision written for each), so a
    build reads only the groups its documents touch. :meth:`add` decides the groups a
    document's locals join and gives each its key now; :meth:`settle` re-decides everything
    touched since the last call and says what changed for the documents already written.

    Countries and collective actors (the PLOVER conventions' "unidentified attackers") are no
    corpus decision: their keys come from their code or label; :attr:`fixed` holds them.

    Examples
    --------
    >>> idx = CorpusIndex()
    >>> keys = idx.add([LocalEntity("a", 0, "Person", "Boris Johnson", ("Boris Johnson",))])
    >>> keys[("a", 0)].key
    'person/Boris_Johnson'
    >>> idx.add([LocalEntity("b", 0, "Person", "Johnson", ("Johnson",))])[("b", 0)].key
    'person/Boris_Johnson'
    """

    def __init__(self, loader: Loader | None = None, fixed: EntityIndex | None = None) -> None:
        self.loader = loader
        self.fixed = fixed if fixed is not None else EntityIndex()
        self.locals: dict[tuple[str, int], LocalEntity] = {}
        self.by_key: dict[str, set[tuple[str, int]]] = defaultdict(set)
        self.decisions: dict[tuple[str, int], Decision] = {}
        self.written: dict[tuple[str, int], Decision] = {}  # what the store holds for each stored local
        self.groups: dict[str, list[LocalEntity]] = {}
        self.types: dict[str, str] = {}
        self._loaded: set[str] = set()
        self._touched: set[tuple[str, int]] = set()
        self._old_keys: set[str] = set()

    # ------------------------------------------------------------------ reading the store
    def _load(self, keys: Iterable[str]) -> None:
        """Bring in the stored locals sharing ``keys``, and theirs, until nothing new comes."""
        frontier = set(keys) - self._loaded
        while frontier and self.loader is not None:
            self._loaded |= frontier
            found = list(self.loader(sorted(frontier)))
            frontier = set()
            for loc, decision in found:
                ident = (loc.doc, loc.n)
                if ident in self.locals:
                    continue
                self._put(loc)
                self.written[ident] = self.decisions[ident] = decision
                frontier |= name_keys(loc) - self._loaded
        self._loaded |= frontier

    def _put(self, loc: LocalEntity) -> None:
        ident = (loc.doc, loc.n)
        self.locals[ident] = loc
        for k in name_keys(loc):
            self.by_key[k].add(ident)

    # ------------------------------------------------------------------ deciding
    def add(self, locals_: Sequence[LocalEntity]) -> dict[tuple[str, int], Decision]:
        """Add one document's local entities; the decision for each, as things stand now."""
        keys = set().union(*(name_keys(loc) for loc in locals_)) if locals_ else set()
        self._load(keys)
        for loc in locals_:
            self._put(loc)
        self._redecide({(loc.doc, loc.n) for loc in locals_})
        return {(loc.doc, loc.n): self.decisions[(loc.doc, loc.n)] for loc in locals_}

    def remove(self, doc_ids: Iterable[str]) -> None:
        """Take the local entities of (replaced or removed) documents out, and re-decide their groups."""
        gone = {d[:16] for d in doc_ids}
        for doc in gone:
            self._load(k for loc in self._stored_locals(doc) for k in name_keys(loc))
        idents = [i for i in self.locals if i[0] in gone]
        neighbours: set[tuple[str, int]] = set()
        for ident in idents:
            loc = self.locals.pop(ident)
            for k in name_keys(loc):
                self.by_key[k].discard(ident)
                neighbours |= self.by_key[k]
            old = self.decisions.pop(ident, None)
            self.written.pop(ident, None)
            if old is not None:
                self._old_keys.add(old.key)
        if neighbours:
            self._redecide(neighbours)

    def _stored_locals(self, doc: str) -> list[LocalEntity]:
        if self.loader is None or not hasattr(self.loader, "of_document"):
            return []
        return [loc for loc, _ in self.loader.of_document(doc)]

    def _component(self, start: set[tuple[str, int]]) -> set[tuple[str, int]]:
        seen, todo, keys_done = set(start), list(start), set()
        while todo:
            ident = todo.pop()
            for k in name_keys(self.locals[ident]):
                if k in keys_done:
                    continue
                keys_done.add(k)
                for other in self.by_key[k]:
                    if other not in seen:
                        seen.add(other)
                        todo.append(other)
        return seen

    def _redecide(self, start: set[tuple[str, int]]) -> None:
        idents = self._component({i for i in start if i in self.locals})
        for ident in idents:
            if ident in self.decisions:
                self._old_keys.add(self.decisions[ident].key)
        res = decide([self.locals[i] for i in idents])
        for key, members in res.members.items():
            self.groups[key] = members
            self.types[key] = res.types[key]
        self.decisions.update(res.decisions)
        self._touched |= idents

    def key_of(self, doc: str, n: int) -> Decision | None:
        """The decision now for local ``n`` of document ``doc``."""
        return self.decisions.get((doc[:16] if len(doc) > 16 else doc, n)) or self.decisions.get((doc, n))

    def settle(self, written_now: Iterable[tuple[str, int]] = ()) -> Settled:
        """What changed since the last call, for the store to apply in one transaction.

        ``written_now`` are the locals the caller writes now with their current decisions (the
        documents of the batch); every other touched local that the store holds under another
        decision is listed in :attr:`Settled.redecided`. Afterwards the index counts both as written.
        """
        out = Settled()
        for ident in sorted(self._touched):
            if ident not in self.locals:
                continue
            now, was = self.decisions[ident], self.written.get(ident)
            if was is not None and was != now:
                out.redecided.setdefault(ident[0], {})[ident[1]] = (was, now)
                self.written[ident] = now
        for ident in written_now:
            if ident in self.decisions:
                self.written[ident] = self.decisions[ident]
        for key in sorted({self.decisions[i].key for i in self._touched if i in self.decisions}):
            members = [m for m in self.groups.get(key, []) if self.decisions.get((m.doc, m.n), _NONE).key == key]
            if members:
                out.described.append(describe(key, self.types[key], members))
        live = {d.key for d in self.decisions.values()}
        out.dropped = {k for k in self._old_keys if k not in live}
        self._touched, self._old_keys = set(), set()
        return out

    def release(self) -> bool:
        """Forget the local entities and decisions, when the store holds every one of them as it
        is now (after :meth:`settle` and the write of its batch); False, and nothing forgotten,
        while a decision is not written yet or there is no store to read them back from.

        Later documents load back the groups they touch (:meth:`add`, :meth:`remove`), as a new
        build on the store would, so the decisions are the same; the fixed entities stay. This is
        what keeps a build's memory flat: kept, the locals of every document read grew the index
        by about 18 KB a document (see :mod:`kg.pipeline`).

        Examples
        --------
        >>> idx = CorpusIndex()
        >>> _ = idx.add([LocalEntity("a", 0, "Person", "Boris Johnson", ("Boris Johnson",))])
        >>> idx.release()  # no store to read them back from
        False
        """
        if self.loader is None or self._touched or self._old_keys:
            return False
        if any(self.written.get(ident) != decision for ident, decision in self.decisions.items()):
            return False
        self.locals, self.decisions, self.written = {}, {}, {}
        self.by_key = defaultdict(set)
        self.groups, self.types = {}, {}
        self._loaded = set()
        return True

    @property
    def entities(self) -> dict[str, Entity]:
        """Every entity decided so far (described from all its local entities), and the fixed ones."""
        out = dict(self.fixed.entities)
        for key, members in sorted(self.groups.items()):
            live = [m for m in members if self.decisions.get((m.doc, m.n), _NONE).key == key]
            if live:
                ent, source = describe(key, self.types[key], live)
                ent.country_source = source
                out[key] = ent
        return out

    @property
    def entity_count(self) -> int:
        """Entities decided so far (of the groups loaded) and fixed entities known."""
        return len({d.key for d in self.decisions.values()}) + len(self.fixed.entities)
