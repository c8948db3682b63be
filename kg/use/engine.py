"""The Oxigraph server behind ``kg serve``: confined, watched, and restarted when it dies or overruns.

:class:`Engine` runs ``oxigraph serve`` (or ``serve-read-only``) on a private loopback address
as a child of kg, and keeps it running:

- **confined**: unless the network is allowed, the child runs under the ``listen`` seccomp
  filter of :mod:`kg.use.query.sandbox`: it answers kg's proxy but cannot open a connection, so
  ``SERVICE`` and ``LOAD`` fail inside Oxigraph however the query was written, and anyone who
  finds the private port (``ss`` and ``/proc/net/tcp`` show it) can make it reach nothing;
- **tied to kg**: it runs in a process group of its own and gets SIGKILL when the thread that
  started it ends (``PR_SET_PDEATHSIG``); that thread is the engine's supervisor, which lives
  until :meth:`Engine.stop`, so ``kill -9`` of ``kg serve`` leaves no server running, listening
  or holding the store's lock;
- **watched**: the proxy registers each request it forwards (:meth:`Engine.begin`) with a
  deadline. Oxigraph's own ``--timeout-s`` answers a slow query with an error but keeps
  computing it (a four-way cross join kept a core busy for minutes after its 502, issue 20),
  so a request still running past its deadline gets the whole process group killed and a
  fresh server started: the work ends. The overrunning request is told so (HTTP 504); others
  in flight on the same server get 503 and can be sent again;
- **restarted**: a server that dies (a query that overflows its stack, a kill) is started
  again, on the same address if it is free. Three failed starts in a row end the engine
  (:meth:`Engine.wait` returns 1), and ``kg serve`` with it.

Restarting costs a RocksDB open, about 0.1 s on the seed store. While it happens, requests
wait for the new server (up to ``ready_timeout`` s) instead of failing.
"""

from __future__ import annotations

import http.client
import itertools
import os
import secrets
import signal
import socket
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass

from kg.errors import KGError
from kg.use.query import sandbox

__all__ = ["Engine", "Ticket", "private_address", "free_port", "GRACE"]

GRACE = 2.0  # seconds past Oxigraph's own timeout before kg kills the server
_POLL = 0.05


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


def private_address() -> str:
    """A loopback address for Oxigraph: a random one of 127.0.0.0/8 where the system has them all (Linux).

    Examples
    --------
    >>> private_address().startswith("127.")
    True
    """
    address = f"127.{secrets.randbelow(256)}.{secrets.randbelow(256)}.{1 + secrets.randbelow(254)}"
    try:
        free_port(address)
    except OSError:
        return "127.0.0.1"
    return address


@dataclass
class Ticket:
    """A request in flight: where to send it, and whether the watchdog stopped it."""

    number: int
    address: tuple[str, int]
    generation: int
    deadline: float | None
    overran: bool = False
    restarted: bool = False


class Engine:
    """One supervised Oxigraph server (see the module docstring).

    Parameters
    ----------
    command : list of str
        ``oxigraph serve...`` without ``--bind`` (the engine adds the private address).
    confined : bool
        Run under the ``listen`` seccomp filter (the network unreachable).
    deadline : float or None
        Seconds a request may take before the server is killed and restarted; None: no limit.
    ready_timeout : float
        Seconds a start may take before it counts as failed.
    avoid : int
        A port number the private port must not have (the public one).
    """

    def __init__(self, command: list[str], *, confined: bool, deadline: float | None, ready_timeout: float = 15.0,
                 avoid: int = 0) -> None:
        self.command = command
        self.confined = confined
        self.deadline = deadline
        self.ready_timeout = ready_timeout
        host = private_address()
        port = free_port(host)
        while port == avoid:  # never the public port's number (tests look ports up by number)
            port = free_port(host)
        self.address = (host, port)
        self.avoid = avoid
        self.generation = 0
        self.restarts = 0
        self.process: subprocess.Popen | None = None
        self._ready = threading.Event()
        self._started = threading.Event()
        self._ended = threading.Event()
        self._stopping = threading.Event()
        self._error: KGError | None = None
        self._tickets: dict[int, Ticket] = {}
        self._count = itertools.count()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._supervise, name="kg-engine", daemon=True)

    # ------------------------------------------------------------------ life cycle

    def start(self) -> None:
        """Start the supervisor and return once the server answers (``E512`` if it cannot start)."""
        self._thread.start()
        self._started.wait()
        if self._error is not None:
            self._thread.join()
            raise self._error

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the server (SIGTERM to its group, SIGKILL after ``timeout`` s) and the supervisor."""
        self._stopping.set()
        self._stop_timeout = timeout
        if self._thread.is_alive():
            self._thread.join()

    def running(self) -> bool:
        return self._thread.is_alive() and not self._ended.is_set()

    def wait(self) -> int:
        """Block until the engine ends: 0 when stopped, 1 when the server could not be restarted."""
        self._ended.wait()
        return 1 if self._error is not None else 0

    @property
    def url(self) -> str:
        return f"http://{self.address[0]}:{self.address[1]}/"

    # ------------------------------------------------------------------ requests

    def begin(self) -> Ticket | None:
        """Register a request: the server's address and a deadline; None if no server is up in time."""
        deadline = time.monotonic() + self.ready_timeout
        while not self._ready.wait(_POLL) or self.process.poll() is not None:  # (a dead one is not ready)
            if self._ended.is_set() or time.monotonic() > deadline:
                return None
            time.sleep(_POLL if self._ready.is_set() else 0)
        with self._lock:
            ticket = Ticket(next(self._count), self.address, self.generation,
                            None if self.deadline is None else time.monotonic() + self.deadline)
            self._tickets[ticket.number] = ticket
        return ticket

    def end(self, ticket: Ticket) -> None:
        with self._lock:
            self._tickets.pop(ticket.number, None)

    def lost(self, ticket: Ticket, *, within: float = 0.0) -> bool:
        """Has the server the ticket was sent to died, or been replaced (waiting up to ``within`` s)?

        A server that crashes closes its sockets a moment before its exit can be seen, so a
        connection it dropped is judged after a short wait (CI saw a crash reported as a 502).
        """
        deadline = time.monotonic() + within
        while not (ticket.restarted or ticket.generation != self.generation or self.process.poll() is not None):
            if time.monotonic() >= deadline:
                return False
            time.sleep(_POLL / 5)
        return True

    # ------------------------------------------------------------------ the supervisor thread

    def _supervise(self) -> None:
        failures = 0
        while not self._stopping.is_set():
            try:
                self._spawn()
            except KGError as exc:
                failures += 1
                if self.generation == 0 or failures >= 3:
                    self._error = exc
                    break
                time.sleep(0.2 * failures)
                self.address = (self.address[0], free_port(self.address[0]))  # the old port may be taken
                continue
            self._ready.set()
            self._started.set()
            reason = self._watch()
            self._ready.clear()
            self._end_process(gently=reason == "stop")
            if reason == "stop":
                break
            failures = 0 if reason == "overran" else failures + (reason == "died")
            self.restarts += 1
        self._ready.clear()
        self._end_process(gently=True)
        self._ended.set()
        self._started.set()

    def _spawn(self) -> None:
        log = tempfile.TemporaryFile()  # the server's messages (a pipe could fill up and block it)
        host, port = self.address
        command = [*self.command, "--bind", f"{host}:{port}"]
        env = {k: v for k, v in os.environ.items() if k not in ("NOTIFY_SOCKET", "LISTEN_FDS", "LISTEN_PID")}
        try:
            # its own session and process group: Ctrl-C reaches kg, which stops the server in
            # order, and a kill takes the whole group
            proc = subprocess.Popen(sandbox.launcher("listen" if self.confined else None, command), stdin=subprocess.DEVNULL,
                                    stdout=log, stderr=log, start_new_session=True, env=env)
        except OSError as exc:
            log.close()
            raise KGError("E511", detail=f"{command[0]}: {exc.strerror or exc}") from None
        proc.stderr = log
        self.process = proc
        self.generation += 1
        self._wait_ready(proc)

    def _wait_ready(self, proc: subprocess.Popen) -> None:
        host, port = self.address
        deadline = time.monotonic() + self.ready_timeout
        while time.monotonic() < deadline and not self._stopping.is_set():
            if proc.poll() is not None:
                raise KGError("E512", detail=_exit_detail(proc))
            conn = http.client.HTTPConnection(host, port, timeout=1)  # not urllib: no proxy from the environment
            try:  # ASK {} is answered once the store is open
                conn.request("GET", "/query?query=ASK%7B%7D")
                if conn.getresponse().status == 200:
                    return
            except (OSError, http.client.HTTPException):
                time.sleep(_POLL)
            finally:
                conn.close()
        self._kill(proc)
        raise KGError("E512", detail=f"no answer from Oxigraph at {host}:{port} after {self.ready_timeout:g} s")

    def _watch(self) -> str:
        """Wait until the server must go: ``stop``, ``died`` or ``overran`` (a request past its deadline)."""
        proc = self.process
        while not self._stopping.wait(_POLL):
            if proc.poll() is not None:
                self._mark(lambda t: True, restarted=True)
                return "died"
            now = time.monotonic()
            if self._mark(lambda t: t.deadline is not None and t.deadline < now, overran=True):
                self._mark(lambda t: not t.overran, restarted=True)
                return "overran"
        return "stop"

    def _mark(self, which, **flags) -> bool:
        """Set ``flags`` on the current server's tickets that ``which`` picks; were there any?"""
        found = False
        with self._lock:
            for ticket in self._tickets.values():
                if ticket.generation == self.generation and not ticket.overran and which(ticket):
                    for key, value in flags.items():
                        setattr(ticket, key, value)
                    found = True
        return found

    def _end_process(self, gently: bool) -> None:
        proc = self.process
        if proc is None:
            return
        if proc.poll() is None:
            if gently:
                _signal_group(proc, signal.SIGTERM)
                try:
                    proc.wait(getattr(self, "_stop_timeout", 5.0))
                except subprocess.TimeoutExpired:
                    self._kill(proc)
            else:
                self._kill(proc)
        if proc.stderr:
            proc.stderr.close()

    @staticmethod
    def _kill(proc: subprocess.Popen) -> None:
        _signal_group(proc, signal.SIGKILL)
        proc.wait()


def _signal_group(proc: subprocess.Popen, signum: int) -> None:
    try:
        os.killpg(proc.pid, signum)  # the server's process group (its own session)
    except (ProcessLookupError, PermissionError):
        try:
            proc.send_signal(signum)
        except ProcessLookupError:
            pass


def _exit_detail(proc: subprocess.Popen) -> str:
    """The first error line an exited server wrote (with a hint for a locked store)."""
    proc.stderr.seek(0)
    lines = [x.strip() for x in proc.stderr.read().decode("utf-8", "replace").splitlines() if x.strip()]
    errors = [x[len("Error:"):].strip() for x in lines if x.startswith("Error:")]
    detail = (errors or lines or [f"exit code {proc.returncode}"])[0]
    if "lock" in detail.lower():
        detail += " (the store is open for writing elsewhere, e.g. by kg build: serve it without --writable)"
    return detail
