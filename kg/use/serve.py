"""A local SPARQL endpoint with a query editor: the Oxigraph server, behind a small filtering proxy.

kg does not write a SPARQL engine: :func:`serve` runs ``oxigraph serve-read-only`` (the binary
that the ``oxigraph`` package on PyPI ships) on the store folder, as a child process, with

- the SPARQL 1.1 Protocol at ``/query`` (also ``/sparql``) and the YASGUI editor at ``/``
  (its files are built into the binary, nothing is fetched from the network);
- the union of the document graphs as the default graph (``--union-default-graph``);
- a query timeout (``--timeout-s``);
- read-only unless ``writable`` (then ``oxigraph serve``, which also answers ``/update`` and
  the Graph Store Protocol at ``/store``, and needs the store not to be open elsewhere).

Offline
-------
Oxigraph's server evaluates ``SERVICE <http://...>`` by sending HTTP requests, and cannot be
told not to; anyone who can query it (a web page too, with a GET to 127.0.0.1) could make it
send requests. So Oxigraph listens on a private loopback address and port (a random
``127.x.y.z`` where the system allows it, so a page cannot find it by scanning ports), and
kg listens on ``host``/``port`` with a reverse proxy (a thread of this process, standard
library only) that forwards every request to Oxigraph unchanged (method, path, headers,
body; the answer streamed back as it comes) except that it refuses with HTTP 403 and a
one-line reason

- a SPARQL query with ``SERVICE`` (the ``query`` parameter of the URL, the ``query`` field
  of a form body, or an ``application/sparql-query`` body), by the rules of
  :func:`kg.use.query.service_terms`, those of ``kg query``; a query that mentions the word
  ``service`` but that rdflib cannot parse is refused too (the keyword scan could be fooled);
- a SPARQL update with ``SERVICE`` or ``LOAD`` (``LOAD`` fetches a URL), the same way,

unless ``allow_network`` (``kg serve --allow-network``). Bodies over ``max_body`` bytes are
refused (413). The proxy serves no file itself and follows no redirect (it passes Oxigraph's
answer on as it is), but for kg's page at ``/`` (:mod:`kg.use.serve_page`). Updates are refused by Oxigraph itself unless ``writable``.

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
import secrets
import shutil
import signal
import socket
import socketserver
import subprocess
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

__all__ = ["serve", "Server", "oxigraph_binary", "free_port", "network_uses", "MAX_BODY"]

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


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that is free on ``host`` now.

    Examples
    --------
    >>> 0 < free_port() < 65536
    True
    """
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


MAX_BODY = 10 * 1024 * 1024  # bytes of request body the proxy accepts (larger: 413)
_CHUNK = 64 * 1024
# headers that belong to one connection, not to the request or answer (RFC 9110 7.6.1)
_HOP = frozenset({"connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade",
                  "proxy-authenticate", "proxy-authorization", "host", "content-length", "expect"})
_SINGLE = ("Content-Type", "Content-Length", "Transfer-Encoding", "Content-Encoding", "Host")
_PARSE_LOCK = threading.Lock()  # rdflib's pyparsing grammar is not safe to use from several threads at once
_MENTIONS = {False: re.compile(r"(?i)service"), True: re.compile(r"(?i)service|load")}


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


def network_uses(text: str, update: bool = False) -> list[str]:
    """What in a SPARQL query (or update) would make Oxigraph send a request: ``SERVICE`` clauses (and ``LOAD``).

    A query is checked by :func:`kg.use.query.service_terms` (the rules of ``kg query``). If that
    finds nothing but the text has the word ``service`` and rdflib cannot parse it, it is
    counted too: the keyword scan that stands in for the parser could be misled. An update is
    parsed with rdflib's update parser, and counted if rdflib cannot parse it and it has the
    word ``service`` or ``load``. A text without those words is not parsed at all (Oxigraph
    reads keywords as written, so it has no ``SERVICE``), which keeps large queries cheap.

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
    """
    kind = "an update" if update else "a query"
    if not _MENTIONS[update].search(text):  # Oxigraph reads keywords as written (no \\u escapes): nothing to parse
        return []
    with _PARSE_LOCK:
        try:
            if not update:  # (a query rdflib cannot parse is reported by service_terms itself)
                from kg.use.query import service_terms

                return [f"SERVICE {term}" for term in service_terms(text)]
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

    def __init__(self, address, upstream: tuple[str, int], *, allow_network: bool, max_body: int,
                 upstream_timeout: float | None) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.upstream = upstream
        self.allow_network = allow_network
        self.max_body = max_body
        self.upstream_timeout = upstream_timeout
        self._open: set[socket.socket] = set()  # client connections, closed on stop
        self._open_lock = threading.Lock()
        super().__init__(address, _Forward)

    def process_request(self, request, client_address) -> None:
        with self._open_lock:
            self._open.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request) -> None:
        with self._open_lock:
            self._open.discard(request)
        super().shutdown_request(request)

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

    def _refuse(self, status: int, reason: str) -> None:
        body = ("kg serve: " + " ".join(reason.split()) + "\n").encode("utf-8")
        self.close_connection = True  # the body may not have been read: do not reuse the connection
        self.send_response_only(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

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

    def _forward(self) -> None:
        if not self.path.startswith("/") or "#" in self.path:  # "http://elsewhere/" or "*": not a proxy for others
            self._refuse(400, "the request target must be a path (and no #fragment)")
            return
        for name in _SINGLE:  # what kg checks must be what Oxigraph reads (it takes the first of a repeated header)
            if len(self.headers.get_all(name, [])) > 1:
                self._refuse(400, f"the {name} header is repeated")
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
        if not self.server.allow_network:
            for update, text in self._sparql(body):
                uses = network_uses(text, update)
                if uses:
                    what = "update" if update else "query"
                    self._refuse(403, f"the {what} uses {uses[0][:200]}, which would send a request over the "
                                      "network; refused (restart kg serve with --allow-network to allow it)")
                    return
        headers: dict[str, str] = {}
        for key in dict.fromkeys(k.lower() for k in self.headers.keys()):
            if key not in _HOP:
                headers[key] = ", ".join(self.headers.get_all(key, []))
        host, port = self.server.upstream
        headers["host"] = f"{host}:{port}"
        if body or self.command in ("POST", "PUT", "PATCH"):
            headers["content-length"] = str(len(body))
        upstream = http.client.HTTPConnection(host, port, timeout=self.server.upstream_timeout)
        try:
            try:
                upstream.request(self.command, self.path, body=body or None, headers=headers)
                answer = upstream.getresponse()
            except (OSError, http.client.HTTPException) as exc:
                self._refuse(502, f"the Oxigraph server did not answer ({exc})")
                return
            self._relay(answer)
        finally:
            upstream.close()

    def _relay(self, answer: http.client.HTTPResponse) -> None:
        no_body = self.command == "HEAD" or answer.status in (204, 304) or answer.status < 200
        length = answer.getheader("Content-Length")
        self.send_response_only(answer.status, answer.reason)
        for key, value in answer.getheaders():
            if key.lower() not in _HOP:
                self.send_header(key, value)
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
            if framing == "chunked":
                self.wfile.write(b"0\r\n\r\n")
        except (OSError, http.client.HTTPException):  # Oxigraph stopped, or the client went away
            self.close_connection = True


def _private_address() -> str:
    """A loopback address for Oxigraph: a random one of 127.0.0.0/8 where the system has them all (Linux)."""
    address = f"127.{secrets.randbelow(256)}.{secrets.randbelow(256)}.{1 + secrets.randbelow(254)}"
    try:
        free_port(address)
    except OSError:
        return "127.0.0.1"
    return address


@dataclass
class Server:
    """A running endpoint (kg's proxy, Oxigraph behind it); stop it with :meth:`stop` or by leaving a ``with`` block."""

    process: subprocess.Popen
    url: str
    host: str
    port: int
    location: Path
    writable: bool = False
    allow_network: bool = False
    upstream: str = ""  # Oxigraph's own (private) address: not for users
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

    def running(self) -> bool:
        return self.process.poll() is None and self._thread is not None and self._thread.is_alive()

    def _stop_proxy(self, timeout: float) -> None:
        proxy, self._proxy = self._proxy, None
        if proxy is None:
            return
        if self._thread is not None and self._thread.is_alive():
            proxy.shutdown()  # returns once serve_forever has stopped
            self._thread.join(timeout)
        proxy.server_close()
        proxy.close_connections()

    def stop(self, timeout: float = 5.0) -> int | None:
        """Stop the proxy, then Oxigraph (SIGTERM, then SIGKILL after ``timeout`` s); returns Oxigraph's exit code."""
        self._stop_proxy(timeout)
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stderr:
            self.process.stderr.close()
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None
        return self.process.returncode

    def wait(self) -> int:
        """Block until the server exits (it stops on Ctrl-C or SIGTERM)."""
        return self.process.wait()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __del__(self) -> None:  # never leave a server behind
        try:
            if self.process.poll() is None or self._proxy is not None:
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




def _listen(host: str, port: int, upstream: tuple[str, int], **options) -> _Proxy:
    try:
        return _Proxy((host, port), upstream, **options)
    except OSError as exc:
        raise KGError("E512", detail=f"cannot listen on {host}:{port} ({exc.strerror or exc})") from None


def _wait_ready(proc: subprocess.Popen, host: str, port: int, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            proc.stderr.seek(0)
            lines = [x.strip() for x in proc.stderr.read().decode("utf-8", "replace").splitlines() if x.strip()]
            errors = [x[len("Error:"):].strip() for x in lines if x.startswith("Error:")]
            detail = (errors or lines or [f"exit code {proc.returncode}"])[0]
            if "lock" in detail.lower():
                detail += " (the store is open for writing elsewhere, e.g. by kg build: serve it without --writable)"
            raise KGError("E512", detail=detail)
        conn = http.client.HTTPConnection(host, port, timeout=1)  # not urllib: no proxy from the environment
        try:  # ASK {} is answered once the store is open
            conn.request("GET", "/query?query=ASK%7B%7D")
            if conn.getresponse().status == 200:
                return
        except (OSError, http.client.HTTPException):
            time.sleep(0.05)
        finally:
            conn.close()
    proc.kill()
    proc.wait()
    raise KGError("E512", detail=f"no answer from Oxigraph at {host}:{port} after {seconds:g} s")


def serve(target, port: int = 7878, host: str = "127.0.0.1", *, writable: bool = False,
          timeout: float = 30.0, cors: bool = False, ready_timeout: float = 15.0,
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
        Seconds a query may run before the server stops it.
    cors : bool
        Allow cross-origin requests (pages on other origins querying the endpoint).
    allow_network : bool
        Let ``SERVICE`` clauses (and, if ``writable``, ``LOAD``) send requests over the
        network. Without it such requests are refused with HTTP 403.
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
    private = _private_address()
    proxy = _listen(host, port, (private, 0), allow_network=allow_network, max_body=max_body,
                    upstream_timeout=(timeout + 30) if timeout else None)
    port = proxy.server_address[1]
    inner = free_port(private)
    while inner == port:  # never the same number as the public port (tests look ports up by number)
        inner = free_port(private)
    proxy.upstream = (private, inner)
    try:
        location, tmp = _location(target)
    except BaseException:
        proxy.server_close()
        raise
    command = [binary, "serve" if writable else "serve-read-only", "--location", str(location),
               "--bind", f"{private}:{inner}", "--union-default-graph"]
    if timeout:
        command += ["--timeout-s", str(max(1, round(timeout)))]
    if cors:
        command.append("--cors")
    url_host = f"[{host}]" if ":" in host else ("127.0.0.1" if host in ("0.0.0.0", "") else host)
    url = f"http://{url_host}:{port}/"
    log = tempfile.TemporaryFile()  # the server's messages (a pipe could fill up and block it)
    try:
        # its own session: Ctrl-C reaches kg, which stops the server in order
        proc = subprocess.Popen(command, stdout=log, stderr=log, stdin=subprocess.DEVNULL,
                                start_new_session=True)
    except OSError as exc:
        log.close()
        proxy.server_close()
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
        raise KGError("E511", detail=f"{binary}: {exc.strerror or exc}") from None
    proc.stderr = log
    server = Server(proc, url, host, port, location, writable, allow_network, f"http://{private}:{inner}/",
                    tmp, proxy)
    try:
        _wait_ready(proc, private, inner, ready_timeout)
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
