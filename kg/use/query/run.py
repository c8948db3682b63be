"""Running a query: :func:`query`, from what the user gave to a :class:`~kg.use.query.result.QueryResult`.

The steps, each in a module of its own: the query text (:func:`~kg.use.query.questions.query_text`),
its size and depth (:func:`~kg.use.query.limits.check_limits`), the offline check
(:func:`~kg.use.query.offline.check_offline`), the substitutions
(:func:`~kg.use.query.params.substitutions`), where the graph is
(:func:`kg.graph.target.locate`), and the answer: from a child process that a timeout kills
and that cannot reach the network (:mod:`kg.use.query.child`). Errors the answer reports become
:class:`~kg.errors.KGError`: a syntax error shows the line and a caret (``E301``), a name no
label matches suggests close ones (``E305``), and so does an event id that names no event (``E316``).
"""

from __future__ import annotations

import difflib
import os
import re
import tempfile
from pathlib import Path

import pyoxigraph as ox

from kg.errors import KGError
from kg.graph.store import KGStore
from kg.graph.target import Location, locate
from kg.graph.vocab import DEFAULT_BASE, prefixes
from kg.use.query import sandbox
from kg.use.query.child import run_in_child
from kg.use.query.limits import check_limits
from kg.use.query.offline import check_offline
from kg.use.query.params import events_to_check, substitutions
from kg.use.query.questions import query_file, query_text
from kg.use.query.result import QueryResult, json_to_rdflib

__all__ = ["query"]

_SYNTAX = re.compile(r"error at (\d+):(\d+): (.*)", re.S)
_DENIED = "Permission denied (os error 13)"  # what Oxigraph reports when the filter refuses a socket


def query(target, sparql_or_path, *, params: dict[str, str] | None = None, bindings: dict | None = None,
          timeout: float | None = 30.0, iris: bool = False, allow_network: bool = False) -> QueryResult:
    """Run SPARQL on a kg graph.

    Parameters
    ----------
    target : str or Path or KGStore
        A kg output folder, store folder, RDF file or open store (opened read-only).
    sparql_or_path : str or Path
        SPARQL text, a ``.rq`` file, or the name of a ready-made question
        (:func:`~kg.use.query.questions.ready_made`).
    params : dict, optional
        Parameters of a ready-made question (``{"actor": "Putin"}``); for other queries each
        ``KEY=VALUE`` binds ``?KEY`` to a literal (an IRI when written ``<...>``).
    bindings : dict, optional
        Variable name -> value (rdflib or pyoxigraph term, or a plain value as a literal),
        substituted by Oxigraph; the query must project the variable.
    timeout : float or None
        Seconds before the query is stopped (``E304``); it runs in a child process that is
        killed. ``None``: no time limit (still in a child process).
    iris : bool
        Show IRIs instead of labels when rendering.
    allow_network : bool
        Let ``SERVICE`` clauses query remote endpoints over HTTP. Without it a query with
        ``SERVICE`` is refused (``E311``) before anything runs, and the engine runs where it
        cannot open a socket (``E312`` if it tries), so kg stays offline.

    Returns
    -------
    QueryResult

    Examples
    --------
    >>> from kg.graph.store import KGStore
    >>> from rdflib import Literal, URIRef
    >>> from rdflib.namespace import RDFS
    >>> store = KGStore(None)
    >>> putin = URIRef("https://w3id.org/kg-news/data/person/Vladimir_Putin")
    >>> store.ox.add(ox.Quad(ox.NamedNode(str(putin)), ox.NamedNode(str(RDFS.label)), ox.Literal("Vladimir Putin")))
    >>> r = query(store, "SELECT ?who WHERE { ?who rdfs:label ?l }", timeout=None)
    >>> r.vars, r.rows[0][0] == putin, r.table_rows()
    (['who'], True, [['Vladimir Putin']])
    >>> query(store, "SELECT ?l ?who WHERE { ?who rdfs:label ?l }", bindings={"l": "Vladimir Putin"}).to_csv()
    'who\\nVladimir Putin\\n'
    """
    base = target.iris.base if isinstance(target, KGStore) else DEFAULT_BASE
    text, question = query_text(sparql_or_path)
    check_limits(text)
    confined = not allow_network and sandbox.works()
    check_offline(text, allow_network, confined=confined)
    subs, names = substitutions(question, dict(params or {}), dict(bindings or {}), base)
    # kg's prefixes (kg:, schema:, person: ...) and rdf:/owl: need no PREFIX lines
    known = {**prefixes(base), "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
             "owl": "http://www.w3.org/2002/07/owl#"}
    job = {"query": text, "subs": subs, "names": names, "events": events_to_check(question, subs), "labels": True,
           "prefixes": known}
    location = locate(target)
    answer = _answer(job, location, timeout or None, offline=confined)
    _raise_on_error(answer, location, text, params or {}, confined, query_file(sparql_or_path))
    result = QueryResult(answer["kind"], labels=answer["labels"], iris=iris, base=base)
    if result.kind == "ask":
        result.boolean = answer["boolean"]
    elif result.kind == "graph":
        result.triples = [tuple(json_to_rdflib(t) for t in row) for row in answer["triples"]]
    else:
        keep = [i for i, v in enumerate(answer["vars"]) if v not in subs]
        result.vars = [answer["vars"][i] for i in keep]
        result.rows = [tuple(json_to_rdflib(row[i]) for i in keep) for row in answer["rows"]]
    return result


def _answer(job: dict, location: Location, timeout: float | None, *, offline: bool) -> dict:
    """The child's answer to ``job`` on the graph at ``location`` (see :mod:`kg.use.query.child`)."""
    if location.folder is not None:
        return run_in_child({**job, "source": {"store": str(location.folder)}}, timeout, offline=offline)
    if location.file is not None:
        return run_in_child({**job, "source": {"file": str(location.file), "format": location.format.media_type}},
                            timeout, offline=offline)
    # an in-memory store: hand the child a copy
    with tempfile.NamedTemporaryFile(suffix=".nq", delete=False) as fh:
        location.store.ox.dump(fh, format=ox.RdfFormat.N_QUADS)
    try:
        return run_in_child({**job, "source": {"file": fh.name, "format": ox.RdfFormat.N_QUADS.media_type}},
                            timeout, offline=offline)
    finally:
        os.unlink(fh.name)


def _raise_on_error(answer: dict, location: Location, text: str, params: dict[str, str], confined: bool,
                    source: Path | None = None) -> None:
    """The KGError for an answer that is not ``ok``: E305 with close names, E301, E204, E201, E312, E302."""
    status = answer["status"]
    if status == "unknown_names":
        param, name = next(iter(answer["unknown"].items()))
        by_lower: dict[str, str] = {}
        for label in answer["labels"]:
            by_lower.setdefault(label.lower(), label)
        # names with the given one as a word ("Trump": "Donald Trump"), then names spelt like it
        within = sorted(k for k in by_lower if name.lower() in k.replace("-", " ").split())
        close = list(dict.fromkeys([*within, *difflib.get_close_matches(name, list(by_lower), n=5, cutoff=0.6)]))[:5]
        hint = f"; did you mean {', '.join(repr(by_lower[c]) for c in close)}?" if close else ""
        raise KGError("E305", param=param, name=params.get(param, name), hint=hint)
    if status == "unknown_events":
        raise _unknown_event(answer, params)
    if status == "error":
        if answer["type"] == "syntax":
            raise _syntax_error(answer["message"], text, source)
        if answer["type"] == "open" and location.folder is not None:
            raise KGError("E204", path=str(location.folder), detail=answer["message"])
        if answer["type"] == "open":
            raise KGError("E201", path=str(location.file) if location.file else "graph", detail=answer["message"])
        if answer["type"] == "sandbox":
            raise KGError("E314", detail=f"it could not be confined: {answer['message']}")
        if confined and _DENIED in answer["message"]:  # the engine tried to open a socket
            raise KGError("E312", exit_code=2, detail=answer["message"])
        raise KGError("E302", detail=answer["message"])


def _unknown_event(answer: dict, params: dict[str, str]) -> KGError:
    """E316: the event ids closest to the one given, or what an id looks like."""
    param, iri = next(iter(answer["unknown"].items()))
    given = params.get(param, iri).strip()
    ids = {e.rsplit("/event/", 1)[-1]: e for e in answer["events"]}
    close = difflib.get_close_matches(iri.rsplit("/event/", 1)[-1], list(ids), n=5, cutoff=0.6)
    if close:
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?"
    elif ids:
        hint = f"; event ids look like {next(iter(ids))!r} (the id column of kg query TARGET events actor=NAME)"
    else:
        hint = "; the graph has no events"
    return KGError("E316", event=given, param=param, hint=hint)


def _is_update(text: str) -> bool:
    """Whether ``text`` is a SPARQL Update ("DROP ALL", "INSERT DATA {...}"), which a query cannot be.

    Examples
    --------
    >>> _is_update("DROP ALL"), _is_update("SELECT * WHERE { ?s ?p ?o }")
    (True, False)
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        return bool(parseUpdate(text).request)
    except (ParseException, RecursionError, ValueError):
        return False


def _syntax_error(message: str, text: str, path: Path | None = None):
    """E301 with the query line and a caret.

    Oxigraph reports the furthest point its parser reached, often past the mistake (the end
    of the line); rdflib's parser reports where the token it could not use starts. The caret
    goes there when rdflib finds an error too, with Oxigraph's list of what was expected.
    """
    match = _SYNTAX.match(message)
    if not match:
        return KGError("E302", detail=message)
    if _is_update(text):
        return KGError("E318", exit_code=2, where=f"{path}: " if path else "")
    line, column, detail = int(match[1]), int(match[2]), match[3].strip().splitlines()[0]
    try:
        from pyparsing import ParseException
        from rdflib.plugins.sparql.parser import parseQuery

        parseQuery(text)
    except ParseException as exc:
        if (exc.lineno, exc.col) <= (line, column):
            line, column = exc.lineno, exc.col
            found = re.search(r"found (.+?)\s+\(at char", str(exc))
            if found:
                detail = f"unexpected {found[1]}; {detail}"
    except Exception:  # noqa: BLE001 - only a better caret is at stake
        pass
    lines = text.splitlines() or [""]
    source = lines[min(line, len(lines)) - 1]
    caret = " " * (min(max(column, 1), len(source) + 1) - 1) + "^"
    context = f"  {line} | {source}\n  {' ' * len(str(line))} | {caret}"
    return KGError("E301", exit_code=2, where=f"{path}: " if path else "", line=line, column=column, detail=detail,
                   context=context)
