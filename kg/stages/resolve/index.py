"""The cross-document index: one key per real-world entity, found again by any of its names.

A later "Trump" alone joins the "Donald Trump" already known (a lone surname finds the one
person with that surname), and aliases accumulate under the entity's fullest name.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from kg.records import Entity
from kg.stages.resolve.names import fullness, norm

__all__ = ["EntityIndex"]


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
