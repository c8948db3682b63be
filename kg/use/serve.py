"""A local SPARQL endpoint with a query editor: the Oxigraph server, behind a small filtering proxy.

kg does not write a SPARQL engine: :func:`serve` runs ``oxigraph serve-read-only`` (the binary
that the ``oxigraph`` package on PyPI ships) on the store folder, as a supervised child process
(:mod:`kg.use.engine`), with

- the SPARQL 1.1 Protocol at ``/query`` (also ``/sparql``) and the YASGUI editor at ``/``
  (its files are built into the binary, nothing is fetched from the network);
- the union of the document graphs as the default graph (``--union-default-graph``);
- a query timeout (``--timeout-s``) that kg enforces: a request still running past it gets
  the server killed and restarted (HTTP 504), so the work ends;
- read-only unless ``writable`` (then ``oxigraph serve``, which also answers ``/update`` and
  the Graph Store Protocol at ``/store``, and needs the store not to be open elsewhere).

What kg serve promises (issue 8, issue 20)
------------------------------------------
*Offline.* Oxigraph evaluates ``SERVICE <http://...>`` (and ``LOAD``) by sending HTTP
requests and cannot be told not to. So the Oxigraph child runs where it cannot open a
connection (the ``listen`` seccomp filter of :mod:`kg.use.query.sandbox`): whatever a query
looks like to any parser, the engine's own attempt to connect fails. In front of it, the proxy
still refuses (HTTP 403, one line naming ``--allow-network``) what rdflib's parser finds to be a
``SERVICE`` clause or a ``LOAD`` (:func:`network_uses`), for a clear answer before anything
runs; it parses texts up to :data:`~kg.use.query.offline.PARSE_LIMIT` characters (holding one
lock for rdflib's parser, so one long query cannot stall the others). Where the filter does
not work (not Linux, no seccomp) the proxy is stricter and is all there is. ``--allow-network``
lifts both.

*Only its own origin.* A web page the user visits can send requests to 127.0.0.1. So every
request must name this server in ``Host`` (``127.0.0.1:PORT``, ``localhost:PORT`` or
``[::1]:PORT``, or the address it listens on; any IP address when it listens on all of them),
which defeats DNS rebinding; a request from a page of another origin (an ``Origin`` that is
not this server, or ``Sec-Fetch-Site: cross-site``/``same-site`` without one) is refused with
403 unless that origin was allowed (``allow_origins``, ``kg serve --allow-origin``), which then
gets ``Access-Control-Allow-Origin`` naming it. No answer carries a wildcard CORS header.

*Limits.* Bodies over ``max_body`` bytes are refused (413), SPARQL texts over
:data:`~kg.use.query.limits.MAX_QUERY_CHARS` characters (413) or nested deeper than
:data:`~kg.use.query.limits.MAX_DEPTH` brackets (400). A query that crashes Oxigraph anyway
costs that answer (503) and a restart, never the server. A client that goes away mid-answer
costs nothing (no traceback).

*No orphans.* The Oxigraph child listens on a private loopback address and port (a random
``127.x.y.z``), in a process group of its own, and dies with kg (``PR_SET_PDEATHSIG``).

The proxy (a thread of this process, standard library only) forwards every request it does
not refuse to Oxigraph unchanged (method, path, headers, body; the answer streamed back as it
comes) but for the ``Host`` header (the public one, so nothing learns the private address) and
CORS headers. It serves no file itself (but for kg's page at ``/``, :mod:`kg.use.serve_page`) and follows
no redirect. Updates are refused by
Oxigraph itself unless ``writable``.

Oxigraph opens a read-only store as a RocksDB secondary instance, so a store may be served
while ``kg build`` holds it; the server sees the data as of its start (Oxigraph documents
concurrent writing as unsupported, so restart the server after a build to be safe). An RDF file
or an in-memory store is first copied into a temporary store folder, removed on stop.

:func:`serve` returns a :class:`Server` handle: ``url``, ``stop()``, and a context manager,
for tests and notebooks.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import socket
import socketserver
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from kg.errors import KGError
from kg.use import serve_page
from kg.use.engine import GRACE, Engine, Ticket, free_port
from kg.use.origins import host_allowed, normal_origin
from kg.use.query import sandbox
from kg.use.query.limits import check_limits
from kg.use.query.offline import PARSE_LIMIT

__all__ = ["serve", "Server", "oxigraph_binary", "free_port", "network_uses", "host_allowed", "MAX_BODY"]

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def oxigraph_binary() -> str:
    """The path of the ``oxigraph`` command (from the ``oxigraph`` PyPI package)."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("oxigraph")
    if found is None:
        raise KGError("E511", detail="no `oxigraph` command on PATH")
    return found


MAX_BODY = 10 * 1024 * 1024  # bytes of request body the proxy accepts (larger: 413)
_CHUNK = 64 * 1024
_CRASH_GRACE_S = 1.0  # how long a dropped connection waits for the engine's exit to show before it is called a 502
# headers that belong to one connection, not to the request or answer (RFC 9110 7.6.1)
_HOP = frozenset({"connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade",
                  "proxy-authenticate", "proxy-authorization", "host", "content-length", "expect"})
_SINGLE = ("Content-Type", "Content-Length", "Transfer-Encoding", "Content-Encoding", "Host", "Origin")
_PARSE_LOCK = threading.Lock()  # rdflib's pyparsing grammar is not safe to use from several threads at once
_MENTIONS = {False: re.compile(r"(?i)service"), True: re.compile(r"(?i)service|load")}
_QUIET = (ConnectionError, TimeoutError)  # a client that went away: nothing to report


def _walk(node, names: tuple[str, ...], found: list[str]) -> None:
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.term import Identifier

    if isinstance(node, CompValue):
        if node.name in names:
            service = node.name == "ServiceGraphPattern"
            term, word = (node.get("term"), "SERVICE") if service else (node.get("iri"), "LOAD")
            if isinstance(term, Identifier):  # <iri> or ?var
                term = term.n3()
            elif isinstance(term, CompValue) and term.name == "pname":
                term = f"{term.get('prefix') or ''}:{term.get('localname') or ''}"
            found.append(f"{word} {term}")
        for value in node.values():
            _walk(value, names, found)
    elif isinstance(node, (list, tuple, ParseResults)):
        for value in node:
            _walk(value, names, found)
    elif isinstance(node, dict):
        for value in node.values():
            _walk(value, names, found)


def network_uses(text: str, update: bool = False, *, confined: bool = False) -> list[str]:
    """What in a SPARQL query (or update) would make Oxigraph send a request: ``SERVICE`` clauses (and ``LOAD``).

    A query is checked by :func:`kg.use.query.service_terms` (the rules of ``kg query``). If that
    finds nothing but the text has the word ``service`` and rdflib cannot parse it, it is
    counted too: the keyword scan that stands in for the parser could be misled. An update is
    parsed with rdflib's update parser, and counted if rdflib cannot parse it and it has the
    word ``service`` or ``load``. A text without those words is not parsed at all (Oxigraph
    reads keywords as written, so it has no ``SERVICE``), which keeps large queries cheap.

    A text longer than :data:`~kg.use.query.offline.PARSE_LIMIT` with those words is not parsed
    either: with ``confined`` (the engine cannot open a socket) it passes, without it it is
    counted. Either way no request waits long for the parser's lock.

    Examples
    --------
    >>> network_uses("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    ['SERVICE <http://example.org/sparql>']
    >>> network_uses("SELECT * WHERE { ?s ?p 'a service' }")
    []
    >>> network_uses("SELECT * WHERE { ?s ?p 'a service' } NOT SPARQL")
    ['SERVICE (in a query rdflib cannot parse)']
    >>> network_uses("LOAD <http://example.org/data.ttl>", update=True)
    ['LOAD <http://example.org/data.ttl>']
    >>> network_uses("ASK { ?s ?p 'service' }" + " " * 20_000, confined=True)
    []
    """
    kind = "an update" if update else "a query"
    if not _MENTIONS[update].search(text):  # Oxigraph reads keywords as written (no \\u escapes): nothing to parse
        return []
    if len(text) > PARSE_LIMIT:
        return [] if confined else [f"SERVICE or LOAD (in {kind} too long for kg to check)"]
    with _PARSE_LOCK:
        try:
            if not update:  # (a query rdflib cannot parse is reported by service_terms itself)
                from kg.use.query import service_terms

                found = [f"SERVICE {term}" for term in service_terms(text)]
                if not found and not confined and re.search(r"\\[uU]", text):
                    found = [r"SERVICE (perhaps, behind a \u escape kg cannot check without the engine's sandbox)"]
                return found
            from rdflib.plugins.sparql.parser import parseUpdate

            tree = parseUpdate(text)
        except Exception:  # noqa: BLE001 - cannot be parsed (or walked): assume the worst
            return [f"SERVICE or LOAD (in {kind} rdflib cannot parse)" if update
                    else f"SERVICE (in {kind} rdflib cannot parse)"]
        found: list[str] = []
        try:
            _walk(tree, ("ServiceGraphPattern", "Load"), found)
        except Exception:  # noqa: BLE001 - e.g. too deep to walk
            return [f"SERVICE or LOAD (in {kind} kg cannot check)"]
        return found


def _media_type(value: str | None) -> str:
    return (value or "").split(";", 1)[0].strip().lower()


class _Proxy(ThreadingHTTPServer):
    """Listens where the user asked; forwards to Oxigraph (see :class:`_Forward`)."""

    daemon_threads = True

    def __init__(self, address, *, allow_network: bool, max_body: int, allow_origins: tuple[str, ...] = (),
                 timeout: float | None = None) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.engine: Engine | None = None
        self.allow_network = allow_network
        self.confined = False
        self.max_body = max_body
        self.allow_origins = frozenset(normal_origin(o) for o in allow_origins)
        self.timeout_s = timeout
        self._open: set[socket.socket] = set()  # client connections, closed on stop
        self._open_lock = threading.Lock()
        super().__init__(address, _Forward)
        self.bound = address[0]

    def process_request(self, request, client_address) -> None:
        with self._open_lock:
            self._open.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request) -> None:
        with self._open_lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def handle_error(self, request, client_address) -> None:
        """One line on stderr for a failure while answering; nothing when the client just went away."""
        exc = sys.exc_info()[1]
        if isinstance(exc, _QUIET):
            return
        sys.stderr.write(f"kg serve: error while answering {client_address[0]}: {exc!r}\n")

    def close_connections(self) -> None:
        """End the connections still open (keep-alive clients, answers being sent)."""
        with self._open_lock:
            requests = list(self._open)
        for request in requests:
            try:
                request.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def server_bind(self) -> None:  # no reverse DNS lookup of the address (HTTPServer does one)
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = str(self.server_address[0]), self.server_address[1]


class _Forward(BaseHTTPRequestHandler):
    """One client connection: each request is checked, then sent to Oxigraph and its answer streamed back."""

    protocol_version = "HTTP/1.1"
    server_version = "kg-serve"
    timeout = 60  # seconds a client may stay silent (idle keep-alive connections are closed)
    server: _Proxy
    cors_origin: str | None = None

    def log_message(self, format, *args) -> None:  # noqa: A002 - quiet, like Oxigraph
        pass

    def handle_expect_100(self) -> bool:
        length = self.headers.get("Content-Length", "")
        if length.strip().isdigit() and int(length) > self.server.max_body:
            self._refuse(413, f"the request body is larger than {self.server.max_body} bytes")
            return False
        return super().handle_expect_100()

    def do_GET(self) -> None:
        self._forward()

    do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_GET

    def _refuse(self, status: int, reason: str, extra: dict[str, str] | None = None) -> None:
        body = ("kg serve: " + " ".join(reason.split()) + "\n").encode("utf-8")
        self.close_connection = True  # the body may not have been read: do not reuse the connection
        self.send_response_only(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self._cors_headers()
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _cors_headers(self) -> None:
        if self.cors_origin:
            self.send_header("Access-Control-Allow-Origin", self.cors_origin)
            self.send_header("Vary", "Origin")

    def _read_body(self) -> bytes | None:
        """The request body (``b""`` if none); None after refusing the request."""
        encoding = self.headers.get("Transfer-Encoding")
        length = self.headers.get("Content-Length")
        chunked = encoding is not None
        if chunked and (encoding.strip().lower() != "chunked" or length is not None):
            self._refuse(400, "unsupported Transfer-Encoding")  # no ambiguous framing (request smuggling)
            return None
        limit = self.server.max_body
        if not chunked:
            if length is None:
                return b""
            if not length.strip().isdigit():
                self._refuse(400, "bad Content-Length")
                return None
            if int(length) > limit:
                self._refuse(413, f"the request body is larger than {limit} bytes")
                return None
            body = self.rfile.read(int(length))
            if len(body) != int(length):
                self._refuse(400, "the request body is shorter than its Content-Length")
                return None
            return body
        parts, total = [], 0
        while True:
            line = self.rfile.readline(1024)
            try:
                size = int(line.split(b";", 1)[0].strip(), 16)
            except ValueError:
                self._refuse(400, "bad chunked request body")
                return None
            total += size
            if size < 0 or total > limit:
                self._refuse(413, f"the request body is larger than {limit} bytes")
                return None
            if size == 0:
                while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):  # trailer fields: dropped
                    pass
                return b"".join(parts)
            parts.append(self.rfile.read(size))
            self.rfile.readline(1024)  # the CRLF after the chunk

    def _sparql(self, body: bytes) -> list[tuple[bool, str]]:
        """The SPARQL texts in the request, each with whether it is an update."""
        texts = []
        target = self.path.encode("latin-1", "replace").decode("utf-8", "replace")  # http.server reads latin-1
        url_params = urllib.parse.parse_qs(target.partition("?")[2], keep_blank_values=True)
        media = _media_type(self.headers.get("Content-Type"))
        body_params = {}
        if body and "x-www-form-urlencoded" in media:
            body_params = urllib.parse.parse_qs(body.decode("utf-8", "replace"),
                                                keep_blank_values=True)
        for params in (url_params, body_params):
            texts += [(False, t) for t in params.get("query", [])] + [(True, t) for t in params.get("update", [])]
        if body and "sparql" in media:  # application/sparql-query, application/sparql-update
            texts.append(("update" in media, body.decode("utf-8", "replace")))
        return texts

    def _origin_refusal(self) -> str | None:
        """Why the request may not be answered (Host, Origin), or None; sets :attr:`cors_origin`."""
        self.cors_origin = None
        host = self.headers.get("Host")
        if (host is not None or self.request_version != "HTTP/1.0") and \
                not host_allowed(host, self.server.bound, self.server.server_port):  # (HTTP/1.0 without Host: no browser)
            return (f"the Host header {host!r} does not name this server (a web page may be trying to reach kg "
                    f"serve through DNS rebinding); use http://127.0.0.1:{self.server.server_port}/")
        origin = self.headers.get("Origin")
        if origin is None:
            site = self.headers.get("Sec-Fetch-Site", "").strip().lower()
            if site in ("cross-site", "same-site"):
                return "a request sent by a page of another site (Sec-Fetch-Site: " + site + ")"
            return None
        key = origin.strip().rstrip("/").lower()
        if key in self.server.allow_origins:
            self.cors_origin = origin.strip()
            return None
        if host is not None and key == f"http://{host.strip().lower()}":
            return None  # the editor page served by this server
        return (f"a request from the page origin {origin.strip()[:100]!r}; kg serve answers its own pages only "
                "(kg serve --allow-origin ORIGIN lets a page of ORIGIN use it)")

    def _preflight(self) -> bool:
        """Answer a CORS preflight of an allowed origin here (Oxigraph is not asked); True if answered."""
        if self.command != "OPTIONS" or not self.cors_origin or "Access-Control-Request-Method" not in self.headers:
            return False
        self.send_response_only(204)
        self.send_header("Access-Control-Allow-Methods", "GET, POST")
        self.send_header("Access-Control-Allow-Headers", "Accept, Content-Type")
        self.send_header("Access-Control-Max-Age", "600")
        self.send_header("Content-Length", "0")
        self._cors_headers()
        self.end_headers()
        return True

    def _check(self, body: bytes) -> tuple[int, str] | None:
        """Refuse SPARQL texts that are too large or deep, or that would reach the network."""
        for update, text in self._sparql(body):
            what = "update" if update else "query"
            try:
                check_limits(text)
            except KGError as exc:
                status = 413 if "characters long" in str(exc) else 400
                return status, str(exc).split("] ", 1)[1].replace("the query", f"the {what}", 1)
            if self.server.allow_network:
                continue
            uses = network_uses(text, update, confined=self.server.confined)
            if uses:
                return 403, (f"the {what} uses {uses[0][:200]}, which would send a request over the network; "
                             "refused (restart kg serve with --allow-network to allow it)")
        return None

    def _forward(self) -> None:
        if not self.path.startswith("/") or "#" in self.path:  # "http://elsewhere/" or "*": not a proxy for others
            self._refuse(400, "the request target must be a path (and no #fragment)")
            return
        for name in _SINGLE:  # what kg checks must be what Oxigraph reads (it takes the first of a repeated header)
            if len(self.headers.get_all(name, [])) > 1:
                self._refuse(400, f"the {name} header is repeated")
                return
        refusal = self._origin_refusal()
        if refusal:
            self._refuse(403, refusal + "; refused")
            return
        if self._preflight():
            return
        if self.headers.get("Content-Encoding", "identity").strip().lower() != "identity":
            self._refuse(415, "compressed request bodies are not accepted")  # Oxigraph would inflate them unchecked
            return
        body = self._read_body()
        if body is None:
            return
        if self.command in ("GET", "HEAD") and self.path.partition("?")[0] == "/":  # kg's page, not Oxigraph's
            serve_page.respond(self)
            return
        refused = self._check(body)
        if refused:
            self._refuse(*refused)
            return
        self._send(body)

    def _send(self, body: bytes) -> None:
        """Forward the request to Oxigraph (through a ticket of the engine) and relay its answer."""
        engine = self.server.engine
        ticket = engine.begin()
        if ticket is None:
            self._refuse(503, "the query engine is not running", {"Retry-After": "1"})
            return
        headers: dict[str, str] = {}
        for key in dict.fromkeys(k.lower() for k in self.headers.keys()):
            if key not in _HOP:
                headers[key] = ", ".join(self.headers.get_all(key, []))
        # the public name, checked above: Oxigraph takes its base IRI from it, and nothing learns the private address
        headers["host"] = self.headers.get("Host") or f"127.0.0.1:{self.server.server_port}"
        if body or self.command in ("POST", "PUT", "PATCH"):
            headers["content-length"] = str(len(body))
        limit = None if engine.deadline is None else engine.deadline + 30
        started = time.monotonic()
        for attempt in (1, 2):
            upstream = http.client.HTTPConnection(*ticket.address, timeout=limit)
            try:
                upstream.request(self.command, self.path, body=body or None, headers=headers)
                answer = upstream.getresponse()
            except (OSError, http.client.HTTPException) as exc:
                upstream.close()
                engine.end(ticket)
                retry = attempt == 1 and isinstance(exc, ConnectionRefusedError) and engine.lost(ticket)
                if retry:  # nothing was sent to a server that had just died: its successor answers
                    ticket = engine.begin()
                    if ticket is not None:
                        continue
                self._engine_failed(ticket, exc)
                return
            try:
                self._relay(answer, cut=self._cut_at(started))
            finally:
                upstream.close()
                engine.end(ticket)
            return

    def _engine_failed(self, ticket: Ticket | None, exc: Exception) -> None:
        if ticket is None:
            self._refuse(503, "the query engine is not running", {"Retry-After": "1"})
        elif ticket.overran:
            self._refuse(504, f"the request ran over the {self.server.timeout_s:g} s timeout; kg stopped it "
                              "(and restarted the query engine)")
        elif self.server.engine.lost(ticket, within=_CRASH_GRACE_S):
            self._refuse(503, "the query engine stopped while answering (a query may have crashed it) and was "
                              "restarted; send the request again", {"Retry-After": "1"})
        else:
            self._refuse(502, f"the Oxigraph server did not answer ({exc})")

    def _cut_at(self, started: float) -> float | None:
        """When an answer that is still streaming has been cut by Oxigraph's own ``--timeout-s``:
        Oxigraph then writes its error into the stream and ends it as if it were whole."""
        return None if not self.server.timeout_s else started + self.server.timeout_s

    def _relay(self, answer: http.client.HTTPResponse, *, cut: float | None = None) -> None:
        no_body = self.command == "HEAD" or answer.status in (204, 304) or answer.status < 200
        length = answer.getheader("Content-Length")
        self.send_response_only(answer.status, answer.reason)
        for key, value in answer.getheaders():
            if key.lower() not in _HOP and not key.lower().startswith("access-control-"):
                self.send_header(key, value)
        self._cors_headers()
        if length is not None and length.strip().isdigit():
            self.send_header("Content-Length", length.strip())
            framing = "length"
        elif no_body:
            framing = "length"
        elif self.request_version == "HTTP/1.1" and not self.close_connection:
            self.send_header("Transfer-Encoding", "chunked")
            framing = "chunked"
        else:  # HTTP/1.0: the end of the body is the end of the connection
            self.close_connection = True
            framing = "close"
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if no_body:
            return
        try:
            while True:
                data = answer.read1(_CHUNK)
                if not data:
                    break
                if framing == "chunked":
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
                else:
                    self.wfile.write(data)
                self.wfile.flush()
            if cut is not None and time.monotonic() >= cut:
                # ended at the timeout: Oxigraph cancelled it and wrote its error as if it were rows;
                # no last chunk, so an HTTP/1.1 client reports the answer incomplete
                self.close_connection = True
                return
            if framing == "chunked":
                self.wfile.write(b"0\r\n\r\n")
        except (OSError, http.client.HTTPException):  # Oxigraph stopped, or the client went away
            self.close_connection = True


@dataclass
class Server:
    """A running endpoint (kg's proxy, Oxigraph behind it); stop it with :meth:`stop` or by leaving a ``with`` block."""

    engine: Engine
    url: str
    host: str
    port: int
    location: Path
    writable: bool = False
    allow_network: bool = False
    _tmp: Path | None = field(default=None, repr=False)
    _proxy: _Proxy | None = field(default=None, repr=False)
    _thread: threading.Thread | None = field(default=None, repr=False)

    @property
    def query_url(self) -> str:
        """The SPARQL 1.1 Protocol query endpoint."""
        return self.url + "query"

    @property
    def loopback(self) -> bool:
        return self.host in LOOPBACK

    @property
    def process(self):
        """The Oxigraph server process running now (a new one after each restart)."""
        return self.engine.process

    @property
    def upstream(self) -> str:
        """Oxigraph's own (private) address: not for users."""
        return self.engine.url

    @property
    def confined(self) -> bool:
        """Does Oxigraph run where it cannot open a connection (:mod:`kg.use.query.sandbox`)?"""
        return self.engine.confined

    def running(self) -> bool:
        return self.engine.running() and self._thread is not None and self._thread.is_alive()

    def _stop_proxy(self, timeout: float) -> None:
        proxy, self._proxy = self._proxy, None
        if proxy is None:
            return
        if self._thread is not None and self._thread.is_alive():
            proxy.shutdown()  # returns once serve_forever has stopped
            self._thread.join(timeout)
        proxy.server_close()
        proxy.close_connections()

    def stop(self, timeout: float = 5.0) -> int:
        """Stop the proxy, then Oxigraph (SIGTERM, then SIGKILL after ``timeout`` s); 0, or 1 if the engine had failed."""
        self._stop_proxy(timeout)
        self.engine.stop(timeout)
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None
        return self.engine.wait()

    def wait(self) -> int:
        """Block until the server ends: on Ctrl-C or SIGTERM (0), or when Oxigraph cannot be restarted (1)."""
        return self.engine.wait()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __del__(self) -> None:  # never leave a server behind
        try:
            if self.engine.running() or self._proxy is not None:
                self.stop()
        except Exception:  # noqa: BLE001
            pass


def _location(target) -> tuple[Path, Path | None]:
    """The store folder to serve, and a temporary folder to remove afterwards (or None)."""
    from kg.graph.target import locate

    location = locate(target)
    if location.folder is not None:
        return location.folder, None
    import pyoxigraph as ox

    with location.open() as store:
        tmp = Path(tempfile.mkdtemp(prefix="kg-serve-"))
        copy = ox.Store(str(tmp / "store"))
        copy.bulk_extend(store.ox)
        copy.flush()
        del copy
    import gc

    gc.collect()
    return tmp / "store", tmp


def _listen(host: str, port: int, **options) -> _Proxy:
    try:
        return _Proxy((host, port), **options)
    except OSError as exc:
        raise KGError("E513", host=host, port=port, detail=exc.strerror or exc) from None


def serve(target, port: int = 7878, host: str = "127.0.0.1", *, writable: bool = False,
          timeout: float = 30.0, allow_origins: tuple[str, ...] = (), ready_timeout: float = 15.0,
          allow_network: bool = False, max_body: int = MAX_BODY) -> Server:
    """Start the Oxigraph SPARQL server on a kg store, behind kg's proxy, and return when it answers.

    Parameters
    ----------
    target : str or Path or KGStore
        A kg output folder, store folder, RDF file or open store.
    port : int
        TCP port; 0 picks a free one.
    host : str
        Address to listen on; 127.0.0.1 (loopback only) unless you mean to share it.
    writable : bool
        Accept SPARQL Update and Graph Store writes (the store must not be open elsewhere).
    timeout : float
        Seconds a request may run; past them (and a grace of 2 s) Oxigraph is killed and
        restarted, and the request answered 504. 0: no limit.
    allow_origins : tuple of str
        Origins (``https://app.example``) whose pages may query the endpoint (CORS); pages of
        any other origin are refused.
    allow_network : bool
        Let ``SERVICE`` clauses (and, if ``writable``, ``LOAD``) send requests over the
        network. Without it such requests are refused with HTTP 403, and Oxigraph runs where
        it cannot open a connection.
    max_body : int
        Largest request body accepted, in bytes (larger: HTTP 413).

    Returns
    -------
    Server

    Examples
    --------
    >>> import json, urllib.request, urllib.parse
    >>> from kg.graph.store import KGStore
    >>> with serve(KGStore(None), port=0) as server:
    ...     q = urllib.parse.quote("ASK { ?s ?p ?o }")
    ...     req = urllib.request.Request(f"{server.url}query?query={q}",
    ...                                  headers={"Accept": "application/sparql-results+json"})
    ...     json.load(urllib.request.urlopen(req))["boolean"]
    False
    """
    binary = oxigraph_binary()
    network_uses("ASK { SERVICE <urn:x:warm-up> {} }")  # load rdflib's SPARQL parser now, not on the first request
    proxy = _listen(host, port, allow_network=allow_network, max_body=max_body, allow_origins=tuple(allow_origins),
                    timeout=timeout or None)
    port = proxy.server_address[1]
    try:
        location, tmp = _location(target)
    except BaseException:
        proxy.server_close()
        raise
    command = [binary, "serve" if writable else "serve-read-only", "--location", str(location),
               "--union-default-graph"]
    if timeout:
        command += ["--timeout-s", str(max(1, round(timeout)))]
    confined = not allow_network and sandbox.works()
    engine = Engine(command, confined=confined, deadline=(max(1, round(timeout)) + GRACE) if timeout else None,
                    ready_timeout=ready_timeout, avoid=port)
    proxy.engine, proxy.confined = engine, confined
    url_host = f"[{host}]" if ":" in host else ("127.0.0.1" if host in ("0.0.0.0", "") else host)
    server = Server(engine, f"http://{url_host}:{port}/", host, port, location, writable, allow_network, tmp, proxy)
    try:
        engine.start()
        server._thread = threading.Thread(target=proxy.serve_forever, kwargs={"poll_interval": 0.1},
                                          name=f"kg-serve-{port}", daemon=True)
        server._thread.start()
    except BaseException:
        server.stop()
        raise
    return server


def _on_term(signum, frame):  # noqa: ARG001
    raise KeyboardInterrupt


def run_until_stopped(start, announce=None) -> tuple[Server | None, int]:
    """Start a server with ``start()``, call ``announce(server)``, and wait, stopping it on Ctrl-C or SIGTERM (``kg serve``).

    SIGTERM is turned into KeyboardInterrupt before the server starts, so the Oxigraph child
    (in its own session, out of reach of the terminal's signals) is never left behind.
    """
    old = signal.signal(signal.SIGTERM, _on_term)
    server = None
    try:
        server = start()
        if announce is not None:
            announce(server)
        return server, server.wait()
    except KeyboardInterrupt:
        return server, 0
    finally:
        if server is not None:
            server.stop()
        signal.signal(signal.SIGTERM, old)
