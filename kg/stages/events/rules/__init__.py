"""The named rules of event extraction, and the one place that orders them.

Each rule is a small function registered by name in :data:`registry`
(:mod:`~kg.stages.events.rules.registry`), with a docstring naming its grammar rule or PLOVER
convention and an example sentence. :data:`ORDER` says which rules run, in which stage and
in which order; :class:`Rules` is that order with the functions looked up, and a user
replaces or drops a rule by name on a copy of it. The stages, as
:func:`kg.stages.events.find_events` runs them:

``targets``
    On each trigger's reading, once its argument tokens are mapped to mentions: the
    arguments its own grammar did not give (:mod:`~kg.stages.events.rules.targets`), and those
    the frame around it gives (:mod:`~kg.stages.events.rules.frames`).
``nesting``
    Once every trigger has its reading: an event inside another is part of it.
``discourse``
    Reading by reading, in document order: arguments from what was said before or around
    (quotes, event coreference) and PLOVER's implied arguments
    (:mod:`~kg.stages.events.rules.discourse`, :mod:`~kg.stages.events.rules.implied`).
``category``, ``conventions``
    On each event with an agent and a target, once its modality is known: the category by
    PLOVER convention (:mod:`~kg.stages.events.rules.conventions`), and the corrections of what
    a trigger's words alone read wrongly, found in corpus samples (a trip to a building is no
    consultation, a claim that reports no act is no accusation:
    :mod:`~kg.stages.events.rules.corrections`). ``conventions`` is a
    first-match stage: the first rule that applies (returns true) ends it.

Examples
--------
>>> rules = Rules.default()
>>> rules.names("conventions")
('unless-is-threaten', 'future-cooperation-is-agree', 'preparing-attack-is-mobilize', \
'future-conflict-is-threaten', 'negated-agreement-is-reject')

Drop a rule, or replace one, by name (the default order is left as it was):

>>> "verbal-attack-is-accuse" in rules.without("verbal-attack-is-accuse").names()
False
>>> def never_a_threat(reading, context):
...     '''Rule: an act announced for the future keeps its category.'''
...     return False
>>> custom = rules.replace("future-conflict-is-threaten", never_a_threat)
>>> custom.names() == rules.names(), custom.get("future-conflict-is-threaten") is never_a_threat
(True, True)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kg.stages.events.context import EventContext, Reading
from kg.stages.events.rules import (  # noqa: F401  (they register their rules)
    conventions,
    corrections,
    discourse,
    frames,
    implied,
    targets,
)
from kg.stages.events.rules.registry import Registry, Rule, registry

__all__ = ["ORDER", "FIRST_MATCH", "Rules", "Rule", "Registry", "registry"]

#: The stages and, in each, the rules in the order they run.
ORDER: Mapping[str, tuple[str, ...]] = {
    "targets": (
        "pair-acts-on-itself",
        "demand-targets-what-is-demanded",
        "demand-noun-clause-subject",
        "condition-names-target",
        "intention-complement-target",
        "act-about-target",
        "object-after-up-to",
        "in-protest-of",
        "formal-protest-is-accuse",
        "protest-purpose",
        "buried-joint-subject",
        "joint-subject-acts-on-itself",
        "between-a-and-b",
        "act-actor-is-target",
        "reaction-in-a-frame",
        "at-the-request-of",
        "meeting-in-a-frame",
        "visit-on-a-journey",
        "statement-in-a-frame",
        "passive-in-a-body",
        "names-listed-after-a-counted-object",
    ),
    "nesting": (
        "complement-lends-targets",
        "act-reacted-to-is-background",
    ),
    "discourse": (
        "reported-dialogue-to-speaker",
        "event-coreference",
        "agentless-passive-repeats-agent",
        "unnamed-protesters",
        "protest-aims-at-state",
        "act-in-an-attack-is-the-attackers",
        "unnamed-attackers",
    ),
    "category": (
        "verbal-attack-is-accuse",
        "label-is-praise-or-blame",
        "interview-is-no-consultation",
        "what-is-discussed-is-no-party",
        "travel-to-a-venue-is-no-consultation",
        "plain-claim-is-no-accusation",
        "verbal-attack-on-a-topic",
        "own-possession-is-no-target",
        "withdrawn-support-is-no-support",
        "agreeing-with-a-view-is-no-agreement",
    ),
    "conventions": (
        "unless-is-threaten",
        "future-cooperation-is-agree",
        "preparing-attack-is-mobilize",
        "future-conflict-is-threaten",
        "negated-agreement-is-reject",
    ),
}

#: Stages whose first applying rule ends the stage.
FIRST_MATCH = frozenset({"conventions"})


@dataclass(frozen=True)
class Rules:
    """An ordered set of named rules per stage.

    Build the default one with :meth:`default` (or one of your own order with
    :meth:`from_order`); :meth:`without` and :meth:`replace` return changed copies.
    """

    stages: tuple[tuple[str, tuple[tuple[str, Rule], ...]], ...]

    @classmethod
    def default(cls) -> Rules:
        """kg's rules in kg's order (:data:`ORDER`)."""
        return cls.from_order(ORDER)

    @classmethod
    def from_order(cls, order: Mapping[str, Sequence[str]], source: Registry = registry) -> Rules:
        """The rules named in ``order`` (stage -> names), looked up in ``source``."""
        return cls(tuple((stage, tuple((name, source.get(name)) for name in names)) for stage, names in order.items()))

    def names(self, stage: str | None = None) -> tuple[str, ...]:
        """The rule names of one stage, or of all stages in order."""
        return tuple(name for s, rules in self.stages if stage in (None, s) for name, _ in rules)

    def get(self, name: str) -> Rule:
        """The function that runs as rule ``name``."""
        for _, rules in self.stages:
            for n, func in rules:
                if n == name:
                    return func
        raise KeyError(f"no event rule named {name!r} in this order")

    def without(self, *names: str) -> Rules:
        """A copy without the rules ``names``."""
        for name in names:
            self.get(name)  # fails on a name that is not there
        return Rules(tuple((s, tuple((n, f) for n, f in rules if n not in names)) for s, rules in self.stages))

    def replace(self, name: str, func: Rule) -> Rules:
        """A copy in which ``func`` runs in place of rule ``name`` (same name, same place)."""
        self.get(name)
        return Rules(tuple((s, tuple((n, func if n == name else f) for n, f in rules)) for s, rules in self.stages))

    def apply(self, stage: str, reading: Reading, context: EventContext) -> None:
        """Run the rules of ``stage`` on one reading, in order.

        In a :data:`FIRST_MATCH` stage, the first rule that returns true ends the stage.
        """
        for s, rules in self.stages:
            if s == stage:
                for _, func in rules:
                    if func(reading, context) and stage in FIRST_MATCH:
                        return
