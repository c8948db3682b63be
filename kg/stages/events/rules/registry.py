"""The registry of event rules: functions registered by name, as in spaCy's ``registry``.

A rule is a function ``rule(reading, context)`` that completes or adjusts one
:class:`~kg.stages.events.context.Reading`; rules of a first-match stage return whether they
applied. Rules register themselves on import with ``@registry.register("name")``; the order
they run in is not theirs to say, it is written once in :data:`kg.stages.events.rules.ORDER`.
"""

from __future__ import annotations

from collections.abc import Callable

from kg.stages.events.context import EventContext, Reading

__all__ = ["Rule", "Registry", "registry"]

Rule = Callable[[Reading, EventContext], "bool | None"]


class Registry:
    """Rules by name.

    Examples
    --------
    >>> rules = Registry()
    >>> @rules.register("no-op")
    ... def no_op(reading, context):
    ...     '''Rule: does nothing.'''
    >>> rules.get("no-op") is no_op, "no-op" in rules
    (True, True)
    """

    def __init__(self) -> None:
        self._rules: dict[str, Rule] = {}

    def register(self, name: str) -> Callable[[Rule], Rule]:
        """A decorator that registers a rule under ``name`` (each name once)."""

        def add(func: Rule) -> Rule:
            if name in self._rules:
                raise ValueError(f"an event rule named {name!r} is already registered")
            self._rules[name] = func
            return func

        return add

    def get(self, name: str) -> Rule:
        """The rule registered under ``name``."""
        try:
            return self._rules[name]
        except KeyError:
            raise KeyError(f"no event rule named {name!r}") from None

    def __contains__(self, name: object) -> bool:
        return name in self._rules

    def names(self) -> list[str]:
        """The registered names, in registration order."""
        return list(self._rules)


#: kg's event rules (registered by the modules of :mod:`kg.stages.events.rules`)
registry = Registry()
