"""The query child process: a query runs where a timeout can stop it and the network cannot be reached.

A pyoxigraph query cannot be interrupted from Python, and a thread that is given up on
keeps computing. So :func:`kg.use.query.query` runs every query in a child process that opens
the store read-only (or loads the RDF file) and is killed when the time is up (``timeout``,
30 s by default; ``None``: no time limit, still in a child): nothing keeps running after
:class:`~kg.errors.KGError` ``E304``. The child also

- cannot open a socket unless the network is allowed (:mod:`kg.use.query.sandbox`): a
  ``SERVICE`` call fails inside the engine (``E312``), whatever the query text looked like;
- dies with its parent (``PR_SET_PDEATHSIG``), so ``kill -9`` of kg leaves no query running;
- takes a crash with it: a query that overflows Oxigraph's stack kills the child (``E314``),
  not kg. (Before issue 20, ``timeout=None`` ran the query in kg's own process, which a deep
  query crashed and which no filter could confine; the 0.15 s a child costs buys both.)

Without the package
-------------------
The child loads only this file and pyoxigraph (not the kg package, which imports spaCy), and
costs about 0.15 s: :func:`run_in_child` starts ``python -c _CHILD <this file>``, which loads
the file by its path as a module of its own and calls :func:`main`. So this module imports
the standard library and pyoxigraph only (``kg.errors`` is imported by :func:`run_in_child`,
which runs in the parent), and an RDF file is loaded the way :func:`kg.graph.store.load_rdf`
loads it, written out here.

Protocol
--------
The parent writes one job as JSON to the child's stdin::

    {"query": "SELECT ...", "subs": {VAR: TERM}, "names": {PARAM: "lower-cased name"},
     "events": {PARAM: EVENT_IRI}, "labels": true, "prefixes": {PREFIX: NAMESPACE},
     "source": {"store": FOLDER} or {"file": PATH, "format": MEDIA_TYPE}}

where a TERM is a term of the SPARQL 1.1 Query Results JSON format (``{"type": "uri",
"value": ...}``). The child answers one JSON object on stdout, with ``status``:

- ``ok``: ``kind`` ``select`` (``vars``, ``rows`` of terms or null), ``ask`` (``boolean``) or
  ``graph`` (``triples``), and ``labels`` (the ``rdfs:label`` of each IRI in the answer);
- ``unknown_names``: ``unknown`` (the names no label matches, by parameter) and ``labels``
  (every label, for suggestions);
- ``unknown_events``: ``unknown`` (the IRIs that name no ``kg:EventMention``, by parameter)
  and ``events`` (the IRI of every event, for suggestions);
- ``error``: ``type`` ``syntax``, ``query`` or ``open`` (the store or file would not open),
  and ``message``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pyoxigraph as ox

__all__ = ["execute", "run_in_child", "ox_to_json", "signal_name", "main"]

_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LABELS = ("SELECT ?n ?label WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label>"
           "|<http://www.w3.org/2004/02/skos/core#altLabel> ?label FILTER(LCASE(STR(?label)) = ?n) } LIMIT 1")
_EVENT_CLASS = "<https://w3id.org/kg-news/ontology#EventMention>"
_IS_EVENT = f"ASK {{ ?e a {_EVENT_CLASS} }}"
_ALL_EVENTS = f"SELECT ?e WHERE {{ ?e a {_EVENT_CLASS} }}"
_ALL_LABELS = ("SELECT DISTINCT ?label WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label>"
               "|<http://www.w3.org/2004/02/skos/core#altLabel> ?label FILTER NOT EXISTS { ?e a "
               "<https://w3id.org/kg-news/ontology#EventMention> } }")


def ox_to_json(term) -> dict | None:
    """A pyoxigraph term as a SPARQL JSON results term (None stays None).

    Examples
    --------
    >>> ox_to_json(ox.Literal("7", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
    {'type': 'literal', 'value': '7', 'datatype': 'http://www.w3.org/2001/XMLSchema#integer'}
    """
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {"type": "literal", "value": str(term)}  # RDF-star triple terms


def _json_to_ox(data: dict):
    kind = data["type"]
    if kind == "uri":
        return ox.NamedNode(data["value"])
    if kind == "bnode":
        return ox.BlankNode(data["value"])
    if "xml:lang" in data:
        return ox.Literal(data["value"], language=data["xml:lang"])
    if "datatype" in data:
        return ox.Literal(data["value"], datatype=ox.NamedNode(data["datatype"]))
    return ox.Literal(data["value"])


def _open_source(source: dict) -> ox.Store:
    if "store" in source:
        return ox.Store.read_only(source["store"])
    # (kg.graph.store.load_rdf, written out: the child runs this module alone, without the package)
    store = ox.Store()
    fmt = ox.RdfFormat.from_media_type(source["format"])
    if fmt in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS):
        store.load(path=source["file"], format=fmt)
    else:
        store.load(path=source["file"], format=fmt, to_graph=ox.DefaultGraph())
    return store


def execute(store: ox.Store, job: dict) -> dict:
    """Run one query job on an open pyoxigraph store; the answer is JSON-ready.

    Examples
    --------
    >>> execute(ox.Store(), {"query": "ASK { ?s ?p ?o }"})
    {'status': 'ok', 'kind': 'ask', 'boolean': False, 'labels': {}}
    >>> execute(ox.Store(), {"query": "ASK", "labels": False})["type"]
    'syntax'
    """
    missing = {}
    for param, name in job.get("names", {}).items():
        found = list(store.query(_LABELS, use_default_graph_as_union=True,
                                 substitutions={ox.Variable("n"): ox.Literal(name)}))
        if not found:
            missing[param] = name
    if missing:
        labels = sorted({s["label"].value for s in store.query(_ALL_LABELS, use_default_graph_as_union=True)})
        return {"status": "unknown_names", "unknown": missing, "labels": labels}
    unknown = _unknown_events(store, job.get("events", {}))
    if unknown:
        return unknown
    subs = {ox.Variable(k): _json_to_ox(v) for k, v in job.get("subs", {}).items()}
    try:
        result = store.query(job["query"], use_default_graph_as_union=True, substitutions=subs or None,
                             prefixes=job.get("prefixes"))
    except SyntaxError as exc:
        return {"status": "error", "type": "syntax", "message": str(exc)}
    except (RuntimeError, ValueError, OSError) as exc:
        return {"status": "error", "type": "query", "message": str(exc)}
    iris: set[str] = set()
    try:
        if isinstance(result, ox.QueryBoolean):
            out = {"status": "ok", "kind": "ask", "boolean": bool(result)}
        elif isinstance(result, ox.QuerySolutions):
            names = [v.value for v in result.variables]
            rows = []
            for solution in result:
                row = [ox_to_json(solution[n]) for n in names]
                iris.update(t["value"] for t in row if t and t["type"] == "uri")
                rows.append(row)
            out = {"status": "ok", "kind": "select", "vars": names, "rows": rows}
        else:
            triples = []
            for t in result:
                row = [ox_to_json(t.subject), ox_to_json(t.predicate), ox_to_json(t.object)]
                iris.update(x["value"] for x in row if x and x["type"] == "uri")
                triples.append(row)
            out = {"status": "ok", "kind": "graph", "triples": triples}
    except (RuntimeError, ValueError, OSError) as exc:
        return {"status": "error", "type": "query", "message": str(exc)}
    labels = {}
    if job.get("labels", True):
        label = ox.NamedNode(_RDFS_LABEL)
        for iri in iris:
            for quad in store.quads_for_pattern(ox.NamedNode(iri), label, None):
                labels[iri] = quad.object.value
                break
    out["labels"] = labels
    return out


def _sandbox():
    """kg/use/query/sandbox.py, loaded by its path (the child runs without the package)."""
    import importlib.util

    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sandbox.py")
    spec = importlib.util.spec_from_file_location("kg_query_sandbox", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _unknown_events(store: ox.Store, events: dict) -> dict | None:
    """The ``unknown_events`` answer when an event parameter names no event, else None."""
    missing = {param: iri for param, iri in events.items()
               if not store.query(_IS_EVENT, use_default_graph_as_union=True,
                                  substitutions={ox.Variable("e"): ox.NamedNode(iri)})}
    if not missing:
        return None
    every = sorted(s["e"].value for s in store.query(_ALL_EVENTS, use_default_graph_as_union=True))
    return {"status": "unknown_events", "unknown": missing, "events": every}


def main(argv: list[str] | None = None) -> None:
    """The child process: ``PARENT_PID MODE`` as arguments, a job as JSON on stdin, the answer as
    JSON on stdout. It dies with its parent, and in MODE ``offline`` cannot open a socket."""
    parent, mode = argv if argv is not None else sys.argv[2:4]
    sandbox = _sandbox()
    sandbox.die_with(int(parent))
    if mode == "offline" and not sandbox.confine("none"):
        sys.stdout.write(json.dumps({"status": "error", "type": "sandbox",
                                     "message": "no seccomp filter on this system"}))
        return
    job = json.load(sys.stdin)
    try:
        store = _open_source(job["source"])
    except (OSError, SyntaxError, ValueError) as exc:
        answer = {"status": "error", "type": "open", "message": str(exc).splitlines()[0][:300]}
    else:
        answer = execute(store, job)
    sys.stdout.write(json.dumps(answer))
    sys.stdout.flush()


_CHILD = ("import importlib.util as u, sys; s = u.spec_from_file_location('kg_query_child', sys.argv[1]); "
          "m = sys.modules['kg_query_child'] = u.module_from_spec(s); s.loader.exec_module(m); m.main()")


def run_in_child(job: dict, timeout: float | None, *, offline: bool = True) -> dict:
    """The answer to ``job`` (with its ``source``) from a child process killed after ``timeout`` s
    (``E304``; None: no limit). With ``offline`` the child cannot open a socket
    (:mod:`kg.use.query.sandbox`); a child that dies of a signal is ``E314``."""
    # (imported here, not above: the child loads this file without the package)
    from kg.errors import KGError

    mode = "offline" if offline else "network"
    proc = subprocess.Popen([sys.executable, "-c", _CHILD, __file__, str(os.getpid()), mode],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            encoding="utf-8", env={**os.environ, "PYTHONWARNINGS": "ignore"})
    try:
        out, err = proc.communicate(json.dumps(job), timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise KGError("E304", timeout=timeout) from None
    except BaseException:
        proc.kill()
        proc.communicate()
        raise
    if proc.returncode < 0:
        raise KGError("E314", detail=signal_name(-proc.returncode))
    if proc.returncode != 0 or not out:
        lines = (err or "").strip().splitlines()
        raise KGError("E302", detail=lines[-1] if lines else f"query process exited with {proc.returncode}")
    return json.loads(out)


def signal_name(number: int) -> str:
    """What a child killed by signal ``number`` died of, with a hint for a stack overflow.

    Examples
    --------
    >>> signal_name(11)
    'killed by SIGSEGV: the query may nest too deeply'
    """
    import signal

    try:
        name = signal.Signals(number).name
    except ValueError:
        name = f"signal {number}"
    hint = ": the query may nest too deeply" if name in ("SIGSEGV", "SIGBUS", "SIGABRT") else ""
    return f"killed by {name}{hint}"


if __name__ == "__main__":  # pragma: no cover
    main(sys.argv[1:3])
