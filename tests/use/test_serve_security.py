"""Endpoint security (issue 8): a read-only ``kg serve`` stays read-only, serves nothing but
the store and does not reach the network.

A local TCP listener (the ``listener`` fixture) stands in for "the network": a test passes only
if nothing connects to it."""

from __future__ import annotations

import http.client
import json
import socket
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from support import MISLEADING, SERVICE_QUERIES

from kg.use.serve import serve

PASSWD = "root:x:0:0"


@pytest.fixture(scope="module")
def server(seed_out):
    with serve(seed_out, port=0) as srv:
        yield srv


def raw(server, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
    """An HTTP request with the path exactly as given (urllib would normalise ``..``)."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def count(server) -> int:
    q = urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    req = urllib.request.Request(f"{server.url}query?query={q}", headers={"Accept": "application/sparql-results+json"})
    body = json.load(urllib.request.urlopen(req, timeout=10))
    return int(body["results"]["bindings"][0]["n"]["value"])


def test_read_only_endpoint_refuses_every_kind_of_write(server):
    before = count(server)
    insert = b"INSERT DATA { <urn:x> <urn:y> <urn:z> }"
    attempts = [
        ("POST", "/update", insert, {"Content-Type": "application/sparql-update"}),
        ("POST", "/update", b"update=" + urllib.parse.quote_plus(insert).encode(),
         {"Content-Type": "application/x-www-form-urlencoded"}),
        ("POST", "/query", insert, {"Content-Type": "application/sparql-update"}),
        ("POST", "/query", b"update=" + urllib.parse.quote_plus(insert).encode(),
         {"Content-Type": "application/x-www-form-urlencoded"}),
        ("GET", "/update?update=" + urllib.parse.quote(insert), None, {}),
        ("GET", "/query?query=" + urllib.parse.quote("DROP ALL"), None, {}),
        ("POST", "/update", b"DROP ALL", {"Content-Type": "application/sparql-update"}),
        ("POST", "/update", b"LOAD <file:///etc/passwd>", {"Content-Type": "application/sparql-update"}),
        ("PUT", "/store?default", b"<urn:x> <urn:y> <urn:z> .", {"Content-Type": "application/n-triples"}),
        ("POST", "/store?graph=urn:g", b"<urn:x> <urn:y> <urn:z> .", {"Content-Type": "application/n-triples"}),
        ("DELETE", "/store?default", None, {}),
        ("DELETE", "/store", None, {}),
        ("POST", "/store", b"<urn:x> <urn:y> <urn:z> .", {"Content-Type": "application/n-triples"}),
    ]
    for method, path, body, headers in attempts:
        status, answer = raw(server, method, path, body, headers)
        assert status >= 400, (method, path, status, answer[:200])
    assert count(server) == before  # nothing changed


@pytest.mark.parametrize("path", [
    "/../../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2f..%2fetc%2fpasswd", "//etc/passwd",
    "/etc/passwd", "/store?graph=file:///etc/passwd", "/store?graph=file%3A%2F%2F%2Fetc%2Fpasswd",
    "/store?graph=../../../../etc/passwd", "/yasgui/../../../../etc/passwd", "/query/../../etc/passwd",
    "/query?query=" + urllib.parse.quote("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }"),
    "/query?query=" + urllib.parse.quote("SELECT * WHERE { SERVICE <file:///etc/passwd> { ?s ?p ?o } }"),
    "/query?query=" + urllib.parse.quote("SELECT * WHERE { GRAPH <file:///etc/passwd> { ?s ?p ?o } }"),
    "/query?default-graph-uri=file%3A%2F%2F%2Fetc%2Fpasswd&query=" + urllib.parse.quote("SELECT * WHERE {?s ?p ?o}"),
])
def test_no_request_path_reads_files_outside_the_store(server, path):
    assert PASSWD in Path("/etc/passwd").read_text()  # the secret is there to be found
    status, body = raw(server, "GET", path)
    assert PASSWD.encode() not in body
    assert b"/bin/" not in body or status >= 400


def test_serve_binds_to_loopback_by_default_and_says_so(server):
    assert server.host == "127.0.0.1" and server.loopback and server.url.startswith("http://127.0.0.1:")
    listening = []  # the kernel's view: local address of the listening socket on our port
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        addr, port = local.split(":")
        if int(port, 16) == server.port and state == "0A":
            listening.append(addr)
    assert listening == ["0100007F"]  # 127.0.0.1, not 0.0.0.0
    import inspect

    from kg.cli import serve as cli_serve

    host = inspect.signature(cli_serve.serve).parameters["host"].default
    assert host.default == "127.0.0.1"  # `kg serve` too (it says "loopback only": tests/test_serve.py)


def service_requests(server, sparql: str) -> list[tuple[int, bytes]]:
    """A query sent the three ways of the SPARQL Protocol: GET, POST form, POST sparql-query."""
    form = urllib.parse.urlencode({"query": sparql}).encode()
    return [raw(server, "GET", "/query?query=" + urllib.parse.quote(sparql)),
            raw(server, "POST", "/query", form, {"Content-Type": "application/x-www-form-urlencoded"}),
            raw(server, "POST", "/query", sparql.encode(), {"Content-Type": "application/sparql-query"})]


# rdflib cannot parse ADJUST (an Oxigraph function), and the keyword scan kg falls back on then takes
# the escaped `\\#` of a prefixed name for the start of a comment, which hides the SERVICE after it
SERVED_SERVICE_QUERIES = SERVICE_QUERIES + [MISLEADING]


def test_served_endpoint_does_not_reach_the_network(server, listener):
    for template in SERVED_SERVICE_QUERIES:
        for status, body in service_requests(server, template.format(url=listener.url)):
            assert status == 403, (template, body[:200])
            assert body.startswith(b"kg serve: ") and body.count(b"\n") == 1 and b"--allow-network" in body
    # the same refusal through the query field of a form sent with the query string of the URL
    sparql = f"SELECT * WHERE {{ SERVICE <{listener.url}x> {{ ?s ?p ?o }} }}"
    status, _ = raw(server, "POST", "/query?query=" + urllib.parse.quote(sparql), b"x=1",
                    {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 403
    assert listener.settle() == []
    # and queries without SERVICE still run, the word in a string included
    status, body = raw(server, "GET", "/query?query=" + urllib.parse.quote("ASK { ?s ?p 'service' }"))
    assert status == 200 and b"false" in body


def test_served_endpoint_with_allow_network_does_reach_it(seed_out, listener):
    """Proof that the proxy is what keeps the endpoint offline: without it, Oxigraph sends the query."""
    with serve(seed_out, port=0, allow_network=True, timeout=10) as srv:
        raw(srv, "GET", "/query?query=" + urllib.parse.quote(  # the listener answers nothing: the query fails
            f"SELECT * WHERE {{ SERVICE <{listener.url}sparql> {{ ?s ?p ?o }} }}"))
        hits = listener.settle()
    assert hits and hits[0].startswith(b"POST /sparql")


def test_requests_the_proxy_cannot_check_are_refused(server, listener):
    import gzip

    sparql = f"SELECT * WHERE {{ SERVICE <{listener.url}x> {{ ?s ?p ?o }} }}".encode()
    assert raw(server, "POST", "/query", gzip.compress(sparql),  # Oxigraph would inflate it
               {"Content-Type": "application/sparql-query", "Content-Encoding": "gzip"})[0] == 415
    assert raw(server, "GET", "/query#?query=" + urllib.parse.quote(sparql))[0] == 400
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:  # Oxigraph reads the first of two Content-Types
        conn.putrequest("POST", "/query")
        for value in ("application/sparql-query", "text/plain", f"{len(sparql)}"):
            conn.putheader("Content-Length" if value.isdigit() else "Content-Type", value)
        conn.endheaders(sparql)
        assert conn.getresponse().status == 400
    finally:
        conn.close()
    assert listener.settle() == []


def test_oxigraph_is_not_on_the_public_address(server):
    upstream = urllib.parse.urlsplit(server.upstream)
    assert upstream.hostname.startswith("127.") and upstream.port != server.port
    assert raw(server, "GET", "http://example.org/")[0] == 400  # not a proxy to anywhere else
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:  # only the headers are sent
        sock.sendall(b"POST /query HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nContent-Type: application/sparql-query\r\n"
                     b"Content-Length: %d\r\n\r\n" % (server.port, 10 * 1024 * 1024 + 1))
        answer = sock.makefile("rb").read()
    assert answer.startswith(b"HTTP/1.1 413 ") and b"larger than" in answer
