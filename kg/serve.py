"""A local SPARQL endpoint with a query editor: the Oxigraph server, started and stopped by kg.

kg does not write a server: :func:`serve` runs ``oxigraph serve-read-only`` (the binary that
the ``oxigraph`` package on PyPI ships) on the store folder, as a child process, with

- the SPARQL 1.1 Protocol at ``/query`` (also ``/sparql``) and the YASGUI editor at ``/``
  (its files are built into the binary, nothing is fetched from the network);
- the union of the document graphs as the default graph (``--union-default-graph``);
- a query timeout (``--timeout-s``);
- read-only unless ``writable`` (then ``oxigraph serve``, which also answers ``/update`` and
  the Graph Store Protocol at ``/store``, and needs the store not to be open elsewhere);
- bound to 127.0.0.1 unless ``host`` says otherwise.

Oxigraph opens a read-only store as a RocksDB secondary instance, so a store may be served
while ``kg build`` holds it; the server sees the data as of its start (Oxigraph documents
concurrent writing as unsupported, so restart the server after a build to be safe). An RDF file
or an in-memory store is first copied into a temporary store folder, removed on stop.

:func:`serve` returns a :class:`Server` handle: ``url``, ``stop()``, and a context manager,
for tests and notebooks.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from .errors import KGError

__all__ = ["serve", "Server", "oxigraph_binary", "free_port"]

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


@dataclass
class Server:
    """A running Oxigraph server; stop it with :meth:`stop` or by leaving a ``with`` block."""

    process: subprocess.Popen
    url: str
    host: str
    port: int
    location: Path
    writable: bool = False
    _tmp: Path | None = field(default=None, repr=False)

    @property
    def query_url(self) -> str:
        """The SPARQL 1.1 Protocol query endpoint."""
        return self.url + "query"

    @property
    def loopback(self) -> bool:
        return self.host in LOOPBACK

    def running(self) -> bool:
        return self.process.poll() is None

    def stop(self, timeout: float = 5.0) -> int | None:
        """Stop the server (SIGTERM, then SIGKILL after ``timeout`` s); returns its exit code."""
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
            if self.process.poll() is None:
                self.stop()
        except Exception:  # noqa: BLE001
            pass


def _location(target) -> tuple[Path, Path | None]:
    """The store folder to serve, and a temporary folder to remove afterwards (or None)."""
    from .export import open_target
    from .store import find_store

    if hasattr(target, "ox") and target.path is not None:
        return Path(target.path), None
    if not hasattr(target, "ox"):
        path = Path(target)
        if not path.exists():
            raise KGError("E101", path=path)
        folder = find_store(path)
        if folder is not None:
            return folder, None
        if path.suffix.lower() in (".rdf", ".xml", ".owl"):  # no XML bombs, no external entities
            from .query import check_rdf_xml

            try:
                check_rdf_xml(path)
            except ValueError as exc:
                raise KGError("E201", path=path, detail=str(exc)) from None
    import pyoxigraph as ox

    store = open_target(target)
    tmp = Path(tempfile.mkdtemp(prefix="kg-serve-"))
    copy = ox.Store(str(tmp / "store"))
    copy.bulk_extend(store.ox)
    copy.flush()
    del copy
    import gc

    gc.collect()
    return tmp / "store", tmp


def _check_port(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError as exc:
            raise KGError("E512", detail=f"cannot listen on {host}:{port} ({exc.strerror or exc})") from None


def _wait_ready(proc: subprocess.Popen, url: str, deadline: float) -> None:
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            proc.stderr.seek(0)
            lines = [x.strip() for x in proc.stderr.read().decode("utf-8", "replace").splitlines() if x.strip()]
            errors = [x[len("Error:"):].strip() for x in lines if x.startswith("Error:")]
            detail = (errors or lines or [f"exit code {proc.returncode}"])[0]
            if "lock" in detail.lower():
                detail += " (the store is open for writing elsewhere, e.g. by kg build: serve it without --writable)"
            raise KGError("E512", detail=detail)
        try:  # ASK {} is answered once the store is open
            with urllib.request.urlopen(url + "query?query=ASK%7B%7D", timeout=1) as resp:
                if resp.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.05)
    proc.kill()
    proc.wait()
    raise KGError("E512", detail=f"no answer at {url} after {deadline:g} s")


def serve(target, port: int = 7878, host: str = "127.0.0.1", *, writable: bool = False,
          timeout: float = 30.0, cors: bool = False, ready_timeout: float = 15.0) -> Server:
    """Start the Oxigraph SPARQL server on a kg store and return when it answers.

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

    Returns
    -------
    Server

    Examples
    --------
    >>> import json, urllib.request, urllib.parse
    >>> from kg.store import KGStore
    >>> with serve(KGStore(None), port=0) as server:
    ...     q = urllib.parse.quote("ASK { ?s ?p ?o }")
    ...     req = urllib.request.Request(f"{server.url}query?query={q}",
    ...                                  headers={"Accept": "application/sparql-results+json"})
    ...     json.load(urllib.request.urlopen(req))["boolean"]
    False
    """
    binary = oxigraph_binary()
    if port == 0:
        port = free_port(host)
    else:
        _check_port(host, port)
    location, tmp = _location(target)
    command = [binary, "serve" if writable else "serve-read-only", "--location", str(location),
               "--bind", f"[{host}]:{port}" if ":" in host else f"{host}:{port}", "--union-default-graph"]
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
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
        raise KGError("E511", detail=f"{binary}: {exc.strerror or exc}") from None
    proc.stderr = log
    server = Server(proc, url, host, port, location, writable, tmp)
    try:
        _wait_ready(proc, url, time.monotonic() + ready_timeout)
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
