"""Binding values to a query's variables: never pasted into the query text.

``bindings`` and the parameters of ready-made questions go to Oxigraph as *substitutions*
(SEP-0007, the same as rdflib's ``initBindings`` through oxrdflib). Oxigraph substitutes a
variable only if the query projects it, so a ready-made question projects its parameter
variables; columns holding a substituted value are left out of the result (they hold what
the user typed).

A parameter of a ready-made question is bound by its kind (:class:`~kg.use.query.questions.Param`):
a ``NAME`` as its lower-cased literal (and checked against the labels, ``E305``), an ``IRI``
written in full (``<...>``) or with one of kg's prefixes (``person:Vladimir_Putin``), an ``ID``
as an ``IRI`` or the bare event id the questions show (and checked to name an event,
``E316``: :func:`events_to_check`); a ``TEXT`` as it is; a choice (``instances|mentions``) as
one of its words, the first when not given (another value is ``E310``). For other queries each
``KEY=VALUE`` binds ``?KEY`` to a literal, or to an IRI when written ``<...>``.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Literal
from rdflib.term import Identifier

from kg.errors import KGError
from kg.graph.vocab import prefixes
from kg.use.query.child import ox_to_json
from kg.use.query.questions import ReadyMade
from kg.use.query.result import rdflib_to_json

__all__ = ["substitutions", "events_to_check"]


def _expand_iri(value: str, base: str) -> str:
    if value.startswith("<") and value.endswith(">"):
        return value[1:-1]
    prefix, _, local = value.partition(":")
    known = prefixes(base)
    if prefix in known and not local.startswith("//"):
        return known[prefix] + local
    return value


def _iri(param: str, value: str, base: str) -> dict:
    """``value`` as an IRI term (a prefixed name or ``<...>`` expanded), or ``E317``, a usage error.

    >>> _iri("event", "<http://x> . SERVICE <http://y> {}", "urn:kg/")
    Traceback (most recent call last):
    kg.errors.QueryError: [E317] parameter event: '<http://x> . SERVICE <http://y> {}' is not an IRI (Invalid IRI code point '<')
    """
    iri = _expand_iri(value, base)
    try:
        ox.NamedNode(iri)
    except ValueError as exc:
        raise KGError("E317", exit_code=2, param=param, value=value[:200], detail=str(exc)[:200]) from None
    return {"type": "uri", "value": iri}


def _bind(value) -> dict:
    """A binding (rdflib term, pyoxigraph term or plain value) as a JSON term."""
    if isinstance(value, (ox.NamedNode, ox.BlankNode, ox.Literal)):
        return ox_to_json(value)
    if isinstance(value, Identifier):
        return rdflib_to_json(value)
    if isinstance(value, str):
        return {"type": "literal", "value": value}
    return rdflib_to_json(Literal(value))


def substitutions(question: ReadyMade | None, params: dict[str, str], bindings: dict, base: str
                  ) -> tuple[dict, dict]:
    """Substitutions (variable -> JSON term) and names to check (parameter -> lower-cased
    name) for a query's parameters and bindings.

    A parameter a ready-made question does not have is ``E308``, a required one not given
    ``E307`` (both usage errors).

    Examples
    --------
    >>> from kg.use.query.questions import ready_made
    >>> subs, names = substitutions(ready_made()["events"], {"actor": " Putin"}, {}, "urn:kg/")
    >>> subs, names
    ({'actor': {'type': 'literal', 'value': 'putin'}}, {'actor': 'putin'})
    >>> substitutions(None, {"who": "person:Donald_Trump", "p": "<urn:p>"}, {"?n": 3}, "urn:kg/")[0]["p"]
    {'type': 'uri', 'value': 'urn:p'}
    """
    subs = {k.lstrip("?$"): _bind(v) for k, v in (bindings or {}).items()}
    names: dict[str, str] = {}
    if question is None:
        for key, value in params.items():
            subs[key] = _iri(key, value, base) if value.startswith("<") else {"type": "literal", "value": value}
        return subs, names
    known = {p.name: p for p in question.params}
    for key in params:
        if key not in known:
            raise KGError("E308", exit_code=2, name=question.name, param=key,
                          usage=question.usage())
    for p in question.params:
        value = params.get(p.name)
        if value is None or value == "":
            if p.required:
                raise KGError("E307", exit_code=2, name=question.name, param=p.name, usage=question.usage())
            value = ""
        if p.kind == "NAME":
            subs[p.name] = {"type": "literal", "value": value.strip().lower()}
            if value:
                names[p.name] = value.strip().lower()
        elif p.kind in ("IRI", "ID"):
            value = value.strip()
            if p.kind == "ID" and ":" not in value and not value.startswith("<"):
                value = "ev:" + value  # an event id as the ready-made questions show it
            subs[p.name] = _iri(p.name, value, base)
        elif p.choices:
            subs[p.name] = {"type": "literal", "value": _choice(p, value)}
        else:
            subs[p.name] = {"type": "literal", "value": value}
    return subs, names


def _choice(param, value: str) -> str:
    """One of a choice parameter's words (case and spaces ignored), the first for ``""``.

    >>> from kg.use.query.questions import Param
    >>> _choice(Param("count", "instances|mentions", False), " Mentions")
    'mentions'
    >>> _choice(Param("count", "instances|mentions", False), "mention")
    Traceback (most recent call last):
    kg.errors.QueryError: [E310] unknown count 'mention'; choose one of instances, mentions
    """
    word = value.strip().lower() or param.choices[0]
    if word not in param.choices:
        raise KGError("E310", exit_code=2, what=param.name, value=value, choices=", ".join(param.choices))
    return word


def events_to_check(question: ReadyMade | None, subs: dict) -> dict[str, str]:
    """The event IRIs given for a question's ``ID`` parameters, by parameter: each must name an
    event of the graph (checked with the query, ``E316``).

    Examples
    --------
    >>> from kg.use.query.questions import ready_made
    >>> sources = ready_made()["sources"]
    >>> events_to_check(sources, substitutions(sources, {"event": "ab12-3"}, {}, "urn:kg/")[0])
    {'event': 'urn:kg/event/ab12-3'}
    """
    if question is None:
        return {}
    return {p.name: subs[p.name]["value"] for p in question.params if p.kind == "ID" and p.name in subs}
