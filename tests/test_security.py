"""Endpoint and query security (issue 8): a read-only ``kg serve`` stays read-only and serves
nothing but the store; ``kg query`` stays offline unless told otherwise; RDF/XML parsing
resolves no external entities and survives XML bombs.

A local TCP listener stands in for "the network": a test passes only if nothing connects to it.
"""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from kg.cli import app
from kg.cli._app import run_command
from kg.errors import KGError
from kg.query import query
from kg.serve import serve

PASSWD = "root:x:0:0"


class Listener:
    """A TCP server on 127.0.0.1 that records every connection (and answers nothing)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/"
        self.hits: list[bytes] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            conn.settimeout(2)
            try:
                self.hits.append(conn.recv(300))
            except OSError:
                self.hits.append(b"")
            conn.close()

    def settle(self) -> list[bytes]:
        time.sleep(0.2)
        return self.hits


@pytest.fixture()
def listener():
    lst = Listener()
    yield lst
    lst.sock.close()


@pytest.fixture(scope="module")
def server(seed_out):
    with serve(seed_out, port=0) as srv:
        yield srv


def kg(*args) -> int:
    return run_command(app, [str(a) for a in args])


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


# ---------------------------------------------------------------------------- kg serve


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


SERVICE_QUERIES = [
    "SELECT * WHERE {{ SERVICE <{url}sparql> {{ ?s ?p ?o }} }}",
    "select * where {{ service silent <{url}sparql> {{ ?s ?p ?o }} }}",
    "PREFIX ep: <{url}> SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ SERVICE ep:sparql {{ ?s ?q ?r }} }} }} LIMIT 1",
    "SELECT * WHERE {{ VALUES ?ep {{ <{url}sparql> }} SERVICE ?ep {{ ?s ?p ?o }} }}",
    "ASK {{ FILTER EXISTS {{ SERVICE <{url}x> {{ ?s ?p ?o }} }} }}",
    "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {{ SERVICE <{url}a> {{ ?s ?p ?o }} }} UNION {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SERVICE <{url}sparql> {{ ?s ?p ?o }} }} GROUP BY ?s HAVING (<urn:fn>(?s))",
]
# rdflib cannot parse ADJUST (an Oxigraph function), and the keyword scan kg falls back on then takes
# the escaped `\\#` of a prefixed name for the start of a comment, which hides the SERVICE after it
MISLEADING = ("PREFIX ex: <urn:> SELECT * WHERE {{ {{ ?s ex:a\\# ?o }} UNION {{ SERVICE <{url}b> {{ ?s ?p ?o }} }} "
              "BIND(ADJUST(?d, ?t) AS ?x) }}")
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
        sock.sendall(b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                     b"Content-Length: %d\r\n\r\n" % (10 * 1024 * 1024 + 1))
        answer = sock.makefile("rb").read()
    assert answer.startswith(b"HTTP/1.1 413 ") and b"larger than" in answer


# ---------------------------------------------------------------------------- kg query



@pytest.mark.parametrize("template", SERVICE_QUERIES)
def test_query_with_service_is_refused_before_anything_runs(seed_out, listener, template):
    text = template.format(url=listener.url)
    with pytest.raises(KGError) as err:
        query(seed_out, text)
    assert err.value.code == "E311" and err.value.exit_code == 2
    assert "--allow-network" in str(err.value)
    assert listener.settle() == []


def test_query_with_service_hidden_from_the_keyword_scan_is_refused(seed_out, listener):
    with pytest.raises(KGError) as err:
        query(seed_out, MISLEADING.format(url=listener.url), timeout=10)
    assert err.value.code == "E311"
    assert listener.settle() == []


def test_cli_query_with_service_is_refused(seed_out, listener, capsys):
    assert kg("query", seed_out, f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}") == 2
    err = capsys.readouterr().err
    assert "[E311]" in err and err.count("\n") == 1
    assert listener.settle() == []


def test_allow_network_lets_service_through(seed_out, listener):
    """Proof that the refusal matters: pyoxigraph does send SERVICE queries over HTTP."""
    with pytest.raises(KGError):  # the listener answers nothing: the query fails, but it went out
        query(seed_out, f"SELECT * WHERE {{ SERVICE <{listener.url}sparql> {{ ?s ?p ?o }} }}", allow_network=True,
              timeout=20)
    hits = listener.settle()
    assert hits and hits[0].startswith(b"POST /sparql")


@pytest.mark.parametrize("text", [
    "SELECT * FROM <{url}data.ttl> WHERE {{ ?s ?p ?o }} LIMIT 1",
    "SELECT * FROM NAMED <{url}data.ttl> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} LIMIT 1",
    "SELECT ?s WHERE {{ ?s <{url}service> 'SERVICE <{url}x>' }}  # SERVICE <{url}y>",
])
def test_from_and_words_in_strings_stay_offline_and_run(seed_out, listener, text):
    result = query(seed_out, text.format(url=listener.url))  # FROM names graphs of the store: nothing fetched
    assert result.kind == "select"
    assert listener.settle() == []


def test_load_and_updates_are_not_run_by_kg_query(copy_seed_out, listener):
    for text in (f"LOAD <{listener.url}x.ttl>", "DROP ALL", "INSERT DATA { <urn:a> <urn:b> <urn:c> }"):
        with pytest.raises(KGError) as err:
            query(copy_seed_out, text)
        assert err.value.code == "E301"  # not a query
    assert listener.settle() == []
    assert query(copy_seed_out, "ASK { ?s ?p ?o }").boolean is True  # nothing dropped


# ---------------------------------------------------------------------------- RDF parsing

XXE = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [<!ENTITY secret SYSTEM "{target}">]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="http://example.org/a"><ex:p>&secret;</ex:p></rdf:Description>
</rdf:RDF>
"""
PARAM_XXE = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [<!ENTITY % remote SYSTEM "{target}"> %remote;]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="http://example.org/a"><ex:p>x</ex:p></rdf:Description>
</rdf:RDF>
"""
BOMB = ('<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [<!ENTITY a0 "lol">'
        + "".join(f'<!ENTITY a{i} "' + f"&a{i - 1};" * 10 + '">' for i in range(1, 10)) + ']>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">'
        '<rdf:Description rdf:about="http://example.org/a"><ex:p>&a9;</ex:p></rdf:Description></rdf:RDF>\n')
ABBREVIATED = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [<!ENTITY ex "http://example.org/"> <!ENTITY xsd "http://www.w3.org/2001/XMLSchema#">]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="&ex;a"><ex:p rdf:datatype="&xsd;integer">7</ex:p></rdf:Description>
</rdf:RDF>
"""


@pytest.fixture()
def secret(tmp_path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text("TOP-SECRET-7f3a\n")
    return path


@pytest.mark.parametrize("template", [XXE, PARAM_XXE])
def test_rdf_xml_external_entities_are_not_resolved(tmp_path, secret, listener, template, capsys):
    from kg.store import KGStore

    for target in (secret.as_uri(), "file:///etc/passwd", f"{listener.url}ent.dtd"):
        rdf = tmp_path / "evil.rdf"
        rdf.write_text(template.format(target=target))
        # kg's loader (pyoxigraph): refused, or loaded without the file's content
        store = KGStore(None)
        try:
            store.load_file(rdf)
        except KGError as exc:
            assert exc.code == "E201"
        dumped = "\n".join(str(q) for q in store.ox)
        assert "TOP-SECRET" not in dumped and PASSWD not in dumped
        # kg query and kg export on the file
        with pytest.raises(KGError) as err:
            query(rdf, "SELECT * WHERE { ?s ?p ?o }")
        assert err.value.code == "E201" and "external entity" in str(err.value)
        code = kg("export", rdf, "-f", "nt", "-o", tmp_path / "out.nt")
        out = (tmp_path / "out.nt").read_text() if code == 0 else ""
        assert "TOP-SECRET" not in out and PASSWD not in out
        capsys.readouterr()
        # rdflib's parser (used by notebooks) leaves the entity empty
        import rdflib

        try:
            g = rdflib.Graph().parse(rdf, format="xml")
        except Exception:  # noqa: BLE001 - refusing is fine too
            g = rdflib.Graph()
        text = " ".join(str(o) for o in g.objects())
        assert "TOP-SECRET" not in text and PASSWD not in text
    assert listener.settle() == []


def test_xml_bomb_is_refused_not_expanded(tmp_path):
    rdf = tmp_path / "bomb.rdf"
    rdf.write_text(BOMB)  # 1 KB that Oxigraph would expand to 3 GB (and abort the process)
    for target in (rdf, tmp_path / "copy.owl"):
        if target != rdf:
            target.write_text(BOMB)
        with pytest.raises(KGError) as err:
            query(target, "ASK { ?s ?p ?o }")
        assert err.value.code == "E201" and "XML bomb" in str(err.value)
    with pytest.raises(KGError) as err:
        serve(rdf, port=0)
    assert err.value.code == "E201"


def test_entity_abbreviations_still_load(tmp_path):
    rdf = tmp_path / "onto.rdf"
    rdf.write_text(ABBREVIATED)
    result = query(rdf, "SELECT ?o WHERE { <http://example.org/a> <http://example.org/p> ?o }")
    assert [str(r[0]) for r in result.rows] == ["7"]


def test_json_ld_remote_context_is_not_fetched(tmp_path, listener):
    from kg.store import KGStore

    for ctx in (f"{listener.url}ctx.jsonld", "file:///etc/passwd"):
        path = tmp_path / "remote.jsonld"
        path.write_text(json.dumps({"@context": ctx, "@id": "http://example.org/a", "name": "x"}))
        with pytest.raises(KGError) as err:
            KGStore(None).load_file(path)
        assert err.value.code == "E201"
    assert listener.settle() == []
