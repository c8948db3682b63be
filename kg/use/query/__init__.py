"""SPARQL for people: run a query on a kg graph and show the answer as a table.

:func:`query` takes a target (a kg output folder, a store folder, an RDF file or an open
:class:`~kg.graph.store.KGStore`, see :mod:`kg.graph.target`) and SPARQL text, a ``.rq`` file
or the name of a ready-made question shipped in ``kg/use/query/questions/`` (:func:`ready_made`
lists them). Its :class:`QueryResult` renders as CSV, TSV, SPARQL JSON results, Markdown, plain
aligned text or a rich table, with labels instead of IRIs where an ``rdfs:label`` exists.

The package, one seam a module:

:mod:`~kg.use.query.run`
    :func:`query`: the steps below in order, and the errors an answer reports.
:mod:`~kg.use.query.questions`
    the ready-made questions (:class:`ReadyMade`, :class:`Param`) and what a query given by
    the user is (text, a ``.rq`` file or a question's name).
:mod:`~kg.use.query.offline`
    ``SERVICE`` detection (:func:`service_terms`), for a clear refusal before anything runs.
:mod:`~kg.use.query.sandbox`
    what keeps kg offline: the engine runs under a seccomp filter that refuses sockets, and
    dies with its parent (also used by ``kg serve``'s Oxigraph server).
:mod:`~kg.use.query.limits`
    the size and nesting depth a query may have.
:mod:`~kg.use.query.params`
    values bound as Oxigraph substitutions, never pasted into the query text.
:mod:`~kg.use.query.child`
    the child process every query runs in (a timeout kills it, a crash stays in it), and its
    JSON protocol; it runs that file (and sandbox.py) alone, without the package.
:mod:`~kg.use.query.result`
    :class:`QueryResult` and its renderings.
"""

from __future__ import annotations

from kg.use.query.offline import service_terms
from kg.use.query.questions import QUERY_DIR, Param, ReadyMade, ready_made
from kg.use.query.result import QueryResult
from kg.use.query.run import query

__all__ = ["query", "QueryResult", "ReadyMade", "Param", "ready_made", "service_terms", "QUERY_DIR"]
