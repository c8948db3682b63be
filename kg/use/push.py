"""Push a kg graph into any SPARQL 1.1 triple store (Oxigraph, Fuseki, GraphDB, Virtuoso ...).

:func:`push` sends the graph in chunks over the SPARQL 1.1 **Graph Store HTTP Protocol**
(``POST`` of N-Triples to ``<store>?graph=IRI``), and where the store has no such service,
over **SPARQL 1.1 Update** (``INSERT DATA`` chunks). Only the standard library is used.

- Each document's named graph is pushed to a graph of the same IRI, so the store keeps
  kg's provenance layout; with ``graph=IRI`` all triples (the union) go into that one graph.
- ``POST`` adds: pushing twice adds nothing new (RDF graphs are sets) but does not remove
  triples that are gone from the kg graph.
- The Graph Store URL is ``gsp`` if given, else found by trying ``<base>/store`` (Oxigraph)
  and ``<base>/data`` (Fuseki) with an empty ``POST``, where ``<base>`` is the endpoint
  without a trailing ``/query``, ``/sparql``, ``/update``, ``/store`` or ``/data``; then the
  Update URL is found the same way with an empty ``INSERT DATA {}``.
- Connection errors and 5xx answers are retried with exponential backoff; a 4xx answer is
  not. A chunk that still fails stops the push with ``E503`` saying how many chunks were
  stored: success is never reported for a partial push.
- Blank nodes (kg writes none) are not kept the same across chunks.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox

from kg.errors import KGError

__all__ = ["push", "PushReport", "endpoint_urls"]

_NT = "application/n-triples"
_UPDATE = "application/sparql-update"
_SUFFIXES = ("query", "sparql", "update", "store", "data")


@dataclass
class PushReport:
    """What a push did."""

    endpoint: str
    method: str  # "gsp" (Graph Store Protocol) or "update" (SPARQL Update)
    url: str  # the URL the chunks went to
    chunks: int = 0
    triples: int = 0
    graphs: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        how = "Graph Store Protocol" if self.method == "gsp" else "SPARQL Update"
        return (f"pushed {self.triples} triples in {self.graphs} graphs ({self.chunks} chunks, {how}) "
                f"to {self.url} in {self.seconds:.1f} s")


def endpoint_urls(endpoint: str) -> tuple[list[str], list[str]]:
    """Candidate Graph Store URLs and Update URLs for an endpoint URL.

    Examples
    --------
    >>> endpoint_urls("http://localhost:7878/query")
    (['http://localhost:7878/store', 'http://localhost:7878/data'], ['http://localhost:7878/update', 'http://localhost:7878/query'])
    >>> endpoint_urls("http://localhost:3030/ds/")[0]
    ['http://localhost:3030/ds/store', 'http://localhost:3030/ds/data']
    """
    url = endpoint.rstrip("/")
    base, _, last = url.rpartition("/")
    if last not in _SUFFIXES or base.endswith(":/"):
        base, last = url, ""
    gsp = [f"{base}/store", f"{base}/data"]
    if last in ("store", "data"):
        gsp.remove(url)
        gsp.insert(0, url)
    update = [f"{base}/update"]
    if last and last != "update" and last not in ("store", "data"):
        update.append(url)
    elif not last:
        update.append(url)
    return gsp, update


def _first_line(body: bytes) -> str:
    text = body.decode("utf-8", "replace").strip()
    return (text.splitlines() or [""])[0][:200]


class _Failure(Exception):
    def __init__(self, error: KGError, status: int | None = None) -> None:
        super().__init__(str(error))
        self.error = error
        self.status = status


def _post(url: str, data: bytes, content_type: str, *, retries: int, backoff: float, timeout: float) -> None:
    """POST with retries on connection errors and 5xx; raises _Failure with a KGError."""
    attempt = 0
    while True:
        request = urllib.request.Request(url, data=data, method="POST", headers={"Content-Type": content_type})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                response.read()
                return
        except urllib.error.HTTPError as exc:
            body = exc.read() if exc.fp else b""
            failure = _Failure(KGError("E502", url=url, status=exc.code, reason=exc.reason,
                                       body=_first_line(body) or "(no body)"), exc.code)
            if exc.code < 500:
                raise failure from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            detail = getattr(reason, "strerror", None) or str(reason)
            failure = _Failure(KGError("E501", url=url, detail=detail))
        if attempt >= retries:
            raise failure
        time.sleep(backoff * 2 ** attempt)
        attempt += 1


def _graph_url(gsp: str, graph: str | None) -> str:
    sep = "&" if "?" in gsp else "?"
    if graph is None:
        return f"{gsp}{sep}default"
    return f"{gsp}{sep}graph={urllib.parse.quote(graph, safe='')}"


def _chunks(store, graph: str | None, size: int) -> Iterator[tuple[str | None, list[ox.Triple]]]:
    """(graph IRI or None for the default graph, triples) chunks of at most ``size`` triples."""
    if graph is not None:
        triples = store.ox.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
        batch: list[ox.Triple] = []
        for t in triples:
            batch.append(t)
            if len(batch) >= size:
                yield graph, batch
                batch = []
        if batch:
            yield graph, batch
        return
    names = [None] + sorted(g.value for g in store.ox.named_graphs() if isinstance(g, ox.NamedNode))
    for name in names:
        g = ox.DefaultGraph() if name is None else ox.NamedNode(name)
        batch = []
        for q in store.ox.quads_for_pattern(None, None, None, g):
            batch.append(ox.Triple(q.subject, q.predicate, q.object))
            if len(batch) >= size:
                yield name, batch
                batch = []
        if batch:
            yield name, batch


def _detect(endpoint: str, gsp: str | None, method: str = "auto", **net) -> tuple[str, str]:
    """("gsp" or "update", URL): the first service that accepts an empty write."""
    if gsp and method != "update":
        _post(_graph_url(gsp, None), b"", _NT, **net)
        return "gsp", gsp
    gsp_urls, update_urls = endpoint_urls(endpoint)
    refused = []
    if method == "update":
        gsp_urls = []
    elif method == "gsp":
        update_urls = []
    for url in gsp_urls:
        try:
            _post(_graph_url(url, None), b"", _NT, **net)
            return "gsp", url
        except _Failure as exc:
            if exc.status is None:  # not reachable at all: no point trying more URLs
                raise
            refused.append(f"{url}: HTTP {exc.status}")
    for url in update_urls:
        try:
            _post(url, b"INSERT DATA {}", _UPDATE, **net)
            return "update", url
        except _Failure as exc:
            if exc.status is None:
                raise
            refused.append(f"{url}: HTTP {exc.status}")
    raise _Failure(KGError("E504", url=endpoint, detail="; ".join(refused)))


def push(target, endpoint: str, *, graph: str | None = None, chunk: int = 20000, gsp: str | None = None,
         method: str = "auto", retries: int = 3, backoff: float = 0.5, request_timeout: float = 60.0,
         progress: Callable[[int, int, int], None] | None = None) -> PushReport:
    """Load the graph at ``target`` into the SPARQL 1.1 store at ``endpoint``.

    Parameters
    ----------
    target : str or Path or KGStore
        A kg output folder, store folder, RDF file or open store.
    endpoint : str
        The store's SPARQL endpoint (``http://host:7878/query``) or its base URL.
    graph : str, optional
        Put every triple into this named graph instead of keeping kg's document graphs.
    chunk : int
        Triples per request.
    gsp : str, optional
        The Graph Store Protocol URL, if it is not found from ``endpoint``.
    method : str
        ``auto`` (Graph Store Protocol where found, else SPARQL Update), ``gsp`` or ``update``.
    retries, backoff, request_timeout
        Retries of a failing request (connection errors, 5xx), the first wait in seconds
        (doubling), and the seconds one request may take.
    progress : callable, optional
        ``progress(chunks_done, chunks_total, triples_done)`` after each chunk.

    Returns
    -------
    PushReport
    """
    from kg.graph.target import open_target

    started = time.perf_counter()
    if chunk < 1:
        raise ValueError("chunk must be at least 1")
    if method not in ("auto", "gsp", "update"):
        raise ValueError(f"method must be auto, gsp or update, not {method!r}")
    net = {"retries": retries, "backoff": backoff, "timeout": request_timeout}
    with open_target(target) as store:
        chunks = list(_chunks(store, graph, chunk))
    try:
        method, url = _detect(endpoint, gsp, method, **net)
    except _Failure as exc:
        raise exc.error from None
    report = PushReport(endpoint, method, url, graphs=len({g for g, _ in chunks}))
    for name, triples in chunks:
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        try:
            if method == "gsp":
                _post(_graph_url(url, name), body, _NT, **net)
            else:
                data = body.decode("utf-8")
                text = f"INSERT DATA {{ GRAPH <{name}> {{\n{data}}} }}" if name else f"INSERT DATA {{\n{data}}}"
                _post(url, text.encode("utf-8"), _UPDATE, **net)
        except _Failure as exc:
            raise KGError("E503", done=report.chunks, total=len(chunks), detail=str(exc.error)) from None
        report.chunks += 1
        report.triples += len(triples)
        if progress:
            progress(report.chunks, len(chunks), report.triples)
    report.seconds = time.perf_counter() - started
    return report
