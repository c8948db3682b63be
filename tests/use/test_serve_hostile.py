"""``kg serve`` against hostile queries and hostile web pages (issue 20).

Each test runs a real server on 127.0.0.1 and, where "the network" matters, a local TCP listener
(the ``listener`` fixture): a test passes only if nothing connects to it.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.parse

import pytest
from support import ESCAPED_LOAD, ESCAPED_SERVICE_QUERIES

from kg.use.query import sandbox
from kg.use.serve import free_port, serve

needs_sandbox = pytest.mark.skipif(not sandbox.works(), reason="needs seccomp (Linux on x86-64 or AArch64)")
CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
DISGUISED = "SELECT * WHERE " + "{ ?s <urn:)> ?o . " * 3000 + "}" * 3000  # deeper than the bracket count says


@pytest.fixture(scope="module")
def server(seed_out):
    with serve(seed_out, port=0, timeout=3) as srv:
        yield srv


def request(port: int, method: str, path: str, body: bytes | None = None, headers: dict | None = None,
            host: str | None = None, timeout: float = 30):
    """An HTTP request to 127.0.0.1:port with ``Host`` as given (default: 127.0.0.1:port)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        conn.putheader("Host", f"127.0.0.1:{port}" if host is None else host)
        for key, value in (headers or {}).items():
            conn.putheader(key, value)
        if body is not None:
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body)
        resp = conn.getresponse()
        return resp.status, dict(resp.getheaders()), resp.read()
    finally:
        conn.close()


def three_ways(port: int, sparql: str, field: str = "query", media: str = "application/sparql-query", path="/query"):
    """GET, POST form and POST body: the SPARQL protocol's three ways to send a query."""
    form = urllib.parse.urlencode({field: sparql}).encode()
    answers = [request(port, "POST", path, form, {"Content-Type": "application/x-www-form-urlencoded"}),
               request(port, "POST", path, sparql.encode(), {"Content-Type": media})]
    if field == "query":
        answers.append(request(port, "GET", f"{path}?{field}=" + urllib.parse.quote(sparql)))
    return answers


# ---------------------------------------------------------------- 1. escape tricks


@needs_sandbox
@pytest.mark.parametrize("template", ESCAPED_SERVICE_QUERIES)
def test_escape_tricks_do_not_reach_the_network(server, listener, template):
    for status, _, body in three_ways(server.port, template.format(url=listener.url)):
        assert status >= 400 or b"Permission denied" in body or b"bindings\":[]" in body, body[:300]
    assert listener.settle() == []


@needs_sandbox
def test_escaped_load_does_not_reach_the_network(copy_seed_out, listener):
    with serve(copy_seed_out, port=0, writable=True) as srv:
        for status, _, body in three_ways(srv.port, ESCAPED_LOAD.format(url=listener.url), "update",
                                          "application/sparql-update", "/update"):
            assert status >= 400, body[:300]
        assert listener.settle() == []


@needs_sandbox
def test_the_private_port_does_not_reach_the_network_either(server, listener):
    """Finding 5: anyone can read Oxigraph's address in /proc/net/tcp and ask it directly."""
    upstream = urllib.parse.urlsplit(server.upstream)
    sparql = f"SELECT * WHERE {{ SERVICE <{listener.url}sparql> {{ ?s ?p ?o }} }}"
    conn = http.client.HTTPConnection(upstream.hostname, upstream.port, timeout=30)
    try:
        conn.request("GET", "/query?query=" + urllib.parse.quote(sparql))
        body = conn.getresponse().read()
    finally:
        conn.close()
    assert b"Permission denied" in body
    assert listener.settle() == []


# ---------------------------------------------------------------- 2. other origins


def test_a_host_that_is_not_this_server_is_refused(server):
    ask = "/query?query=" + urllib.parse.quote("ASK { ?s ?p ?o }")
    for host in ("evil.example", f"evil.example:{server.port}", f"127.0.0.1.nip.io:{server.port}",
                 f"127.0.0.1:{server.port + 1}", ""):
        status, _, body = request(server.port, "GET", ask, host=host)
        assert status == 403 and b"Host" in body, (host, status, body)
    for host in (f"127.0.0.1:{server.port}", f"localhost:{server.port}"):
        assert request(server.port, "GET", ask, host=host)[0] == 200


def test_pages_of_other_origins_are_refused(server, listener):
    sparql = f"SELECT * WHERE {{ SERVICE <{listener.url}x> {{ ?s ?p ?o }} }}"
    form = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}).encode()
    cross = [
        ("GET", "/query?query=" + urllib.parse.quote(sparql), None, {"Origin": "https://evil.example"}),
        ("POST", "/query", form, {"Origin": "https://evil.example", "Content-Type": "application/x-www-form-urlencoded"}),
        ("POST", "/query", form, {"Origin": "null", "Content-Type": "application/x-www-form-urlencoded"}),
        ("GET", "/query?query=ASK%7B%7D", None, {"Sec-Fetch-Site": "cross-site"}),  # an <img> or <script> of a page
        ("OPTIONS", "/query", None, {"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"}),
    ]
    for method, path, body, headers in cross:
        status, answer_headers, answer = request(server.port, method, path, body, headers)
        assert status == 403 and b"--allow-origin" in answer or b"another site" in answer, (headers, answer)
        assert not any(k.lower().startswith("access-control") for k in answer_headers)
    same = {"Origin": f"http://127.0.0.1:{server.port}", "Content-Type": "application/x-www-form-urlencoded",
            "Sec-Fetch-Site": "same-origin"}
    status, answer_headers, _ = request(server.port, "POST", "/query", form, same)  # the editor page itself
    assert status == 200 and "Access-Control-Allow-Origin" not in answer_headers
    assert listener.settle() == []


@pytest.mark.parametrize("origin", ["*", "not an origin", "https://app.example/path", "ftp://app.example",
                                    "https://user@app.example", "https://app.example:99999"])
def test_an_allowed_origin_must_be_an_origin_and_never_every_one(seed_out, origin, capsys):
    """Found by a cold try: --allow-origin '*' was taken, and answered 'Access-Control-Allow-Origin: *'."""
    from kg.cli import app
    from kg.cli._app import run_command

    assert run_command(app, ["serve", str(seed_out), "--port", "0", "--allow-origin", origin]) == 2
    assert "[E003]" in capsys.readouterr().err
    with pytest.raises(ValueError):
        serve(seed_out, port=0, allow_origins=(origin,))


def test_an_allowed_origin_gets_cors_naming_it(seed_out):
    with serve(seed_out, port=0, allow_origins=("https://app.example",)) as srv:
        status, headers, _ = request(srv.port, "OPTIONS", "/query", None,
                                     {"Origin": "https://app.example", "Access-Control-Request-Method": "POST"})
        assert status == 204 and headers["Access-Control-Allow-Origin"] == "https://app.example"
        status, headers, body = request(srv.port, "GET", "/query?query=ASK%7B%7D", None,
                                        {"Origin": "https://app.example", "Accept": "text/csv"})
        assert status == 200 and headers["Access-Control-Allow-Origin"] == "https://app.example"
        assert request(srv.port, "GET", "/query?query=ASK%7B%7D", None, {"Origin": "https://other.example"})[0] == 403


# ---------------------------------------------------------------- 3, 4. resource limits


def test_a_deep_query_is_refused_and_one_that_crashes_oxigraph_does_not_stop_the_server(server):
    deep = "SELECT * WHERE " + "{ " * 3000 + "?s ?p ?o" + " }" * 3000
    status, _, body = request(server.port, "POST", "/query", deep.encode(), {"Content-Type": "application/sparql-query"})
    assert status == 400 and b"3000 brackets deep" in body
    big = "ASK { ?s ?p '" + "x" * (1 << 20) + "' }"
    assert request(server.port, "POST", "/query", big.encode(), {"Content-Type": "application/sparql-query"})[0] == 413
    before = server.process.pid
    status, _, body = request(server.port, "POST", "/query", DISGUISED.encode(),
                              {"Content-Type": "application/sparql-query"})
    assert status in (503, 504), body  # the engine died (or overran) with it, and was restarted
    for _ in range(100):
        if server.process.pid != before:
            break
        time.sleep(0.05)
    assert server.running() and server.process.pid != before
    assert request(server.port, "GET", "/query?query=ASK%7B%7D")[0] == 200


def test_the_timeout_ends_the_work(server):
    """Finding 4: Oxigraph kept a core busy for minutes after answering a timeout."""
    before = server.process.pid
    started = time.monotonic()
    status, _, body = request(server.port, "GET", "/query?query=" + urllib.parse.quote(CROSS_JOIN))
    assert status == 504 and b"timeout" in body
    assert time.monotonic() - started < 3 + 2 + 5
    for _ in range(100):
        if not _alive(before):
            break
        time.sleep(0.05)
    assert not _alive(before)  # the process doing the work is gone, not just the answer
    assert request(server.port, "GET", "/query?query=ASK%7B%7D")[0] == 200


def test_a_result_cut_off_by_the_timeout_never_ends_as_a_whole_answer(server):
    """Rows streamed before the deadline went out under a 200: the answer must then end broken
    (no last chunk), so that no client takes the rows it has for the whole result."""
    rows = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        conn.request("GET", "/query?query=" + urllib.parse.quote(rows), headers={"Accept": "text/csv"})
        resp = conn.getresponse()
        assert resp.status == 200 and resp.getheader("Transfer-Encoding") == "chunked"
        with pytest.raises(http.client.IncompleteRead):
            resp.read()
    finally:
        conn.close()
    assert request(server.port, "GET", "/query?query=ASK%7B%7D")[0] == 200


def test_an_answer_oxigraph_cancels_at_its_own_timeout_never_ends_as_a_whole_answer(server):
    """Found by a cold try: a count whose head Oxigraph had streamed ended, at Oxigraph's own
    timeout, with "The SPARQL operation has been cancelled" inside a complete 200 answer."""
    form = urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"})
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        conn.request("POST", "/query", body=form, headers={"Content-Type": "application/x-www-form-urlencoded",
                                                           "Accept": "application/sparql-results+json"})
        resp = conn.getresponse()
        if resp.status == 200:
            with pytest.raises(http.client.IncompleteRead):
                resp.read()
        else:
            assert resp.status == 504
    finally:
        conn.close()
    assert request(server.port, "GET", "/query?query=ASK%7B%7D")[0] == 200


# ---------------------------------------------------------------- 5. no orphans


@pytest.mark.parametrize("writable", [False, True])
def test_oxigraph_dies_with_kg_serve(copy_seed_out, writable):
    port = free_port()
    command = [sys.executable, "-c", "from kg.cli import main; main()", "serve", str(copy_seed_out), "--port", str(port)]
    proc = subprocess.Popen(command + (["--writable"] if writable else []), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().startswith("SPARQL editor")
        engine = _descendant_running(proc.pid, "oxigraph")
        assert engine
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        for _ in range(100):
            if not _alive(engine):
                break
            time.sleep(0.05)
        assert not _alive(engine)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate()
    if writable:  # the store's lock went with it (once the last thread of the killed server is gone)
        from kg.errors import KGError
        from kg.graph.store import KGStore

        for _ in range(100):
            try:
                with KGStore(copy_seed_out / "store") as store:
                    assert len(store) > 0
                break
            except KGError:
                time.sleep(0.1)
        else:
            pytest.fail("the store stayed locked after kg serve was killed")


# ---------------------------------------------------------------- 10. odd behaviour


def test_a_long_query_does_not_stall_the_others(server):
    """Finding 10: a 1 MB query with the word "service" held rdflib's parser lock for 24 s."""
    long = "ASK { ?s ?p '" + "service " * 120_000 + "' }"
    done = threading.Event()

    def send():
        request(server.port, "POST", "/query", long.encode(), {"Content-Type": "application/sparql-query"})
        done.set()

    threading.Thread(target=send, daemon=True).start()
    time.sleep(0.2)
    started = time.monotonic()
    assert request(server.port, "GET", "/query?query=ASK%7B%7D")[0] == 200
    assert time.monotonic() - started < 3
    assert done.wait(30)


def test_clients_that_leave_early_leave_no_traceback(seed_out):
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-c", "from kg.cli import main; main()", "serve", str(seed_out),
                             "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().startswith("SPARQL editor")
        construct = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o ?s ?p ?o }".replace("?o ?s ?p ?o", "?o")
        for path in ("/query?query=" + urllib.parse.quote(construct), "/query?query=" + urllib.parse.quote("ASK {"),
                     "/"):
            for _ in range(10):
                sock = socket.create_connection(("127.0.0.1", port))
                sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                sock.close()  # a reset, before the answer
        time.sleep(1)
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert "Traceback" not in err and "BrokenPipe" not in err and "ConnectionReset" not in err, err


def _descendant_running(pid: int, name: str) -> int | None:
    """A process below ``pid`` running ``name`` (found in /proc)."""
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = open(f"/proc/{entry}/stat").read()
            except OSError:
                continue
            parents[int(entry)] = (int(stat.rsplit(")", 1)[1].split()[1]), stat[stat.index("(") + 1:stat.rindex(")")])
    for child, (parent, comm) in parents.items():
        seen = parent
        while seen in parents and seen != pid:
            seen = parents[seen][0]
        if seen == pid and name in comm:
            return child
    return None


def _alive(pid: int) -> bool:
    try:
        state = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")  # a zombie has stopped running
