"""kg serve: a real Oxigraph server behind kg's proxy on a free port, real SPARQL over HTTP, the editor in Chromium."""

from __future__ import annotations

import csv
import http.client
import io
import json
import os
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from kg.errors import KGError
from kg.use.serve import free_port, serve

CHROMIUM = Path("/usr/bin/chromium")
PEOPLE = ("PREFIX schema: <https://schema.org/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
          "SELECT ?name WHERE { ?p a schema:Person ; rdfs:label ?name } ORDER BY ?name")


def get(url: str, sparql: str, accept: str) -> tuple[int, str, bytes]:
    req = urllib.request.Request(f"{url}query?query={urllib.parse.quote(sparql)}", headers={"Accept": accept})
    with urllib.request.urlopen(req, timeout=10) as resp:
        return resp.status, resp.headers.get("Content-Type", ""), resp.read()


@pytest.fixture(scope="module")
def server(seed_out):
    with serve(seed_out, port=0) as srv:
        yield srv
    assert not srv.running()


def test_select_as_json_and_csv(server):
    assert server.url.startswith("http://127.0.0.1:") and server.loopback
    status, ctype, body = get(server.url, PEOPLE, "application/sparql-results+json")
    assert status == 200 and "json" in ctype
    names = [b["name"]["value"] for b in json.loads(body)["results"]["bindings"]]
    assert names == ["Benjamin Netanyahu", "Donald Trump", "Masoud Pezeshkian", "Vladimir Putin"]
    status, ctype, body = get(server.url, PEOPLE, "text/csv")
    rows = list(csv.reader(io.StringIO(body.decode())))
    assert rows[0] == ["name"] and ["Donald Trump"] in rows


def test_default_graph_is_the_union_of_document_graphs(server):
    # events live in a document's named graph, labels in the entities graph: a join over both
    q = ("PREFIX kg: <https://w3id.org/kg-news/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
         "SELECT ?d WHERE { ?e kg:agent ?a ; kg:date ?d . ?a rdfs:label 'Donald Trump' } ORDER BY ?d")
    _, _, body = get(server.url, q, "application/sparql-results+json")
    dates = [b["d"]["value"] for b in json.loads(body)["results"]["bindings"]]
    assert "2025-06-14" in dates


def test_construct_as_turtle(server):
    q = ("PREFIX schema: <https://schema.org/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
         "CONSTRUCT { ?p rdfs:label ?n } WHERE { ?p a schema:Person ; rdfs:label ?n }")
    status, ctype, body = get(server.url, q, "text/turtle")
    assert status == 200 and "turtle" in ctype
    from rdflib import Graph

    g = Graph().parse(data=body.decode(), format="turtle")
    assert len(g) == 4


def test_update_is_refused(server):
    req = urllib.request.Request(server.url + "update", method="POST",
                                 data=b"INSERT DATA { <urn:a> <urn:b> <urn:c> }",
                                 headers={"Content-Type": "application/sparql-update"})
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(req, timeout=10)
    assert err.value.code in (403, 405)
    _, _, body = get(server.url, "ASK { <urn:a> ?p ?o }", "application/sparql-results+json")
    assert json.loads(body)["boolean"] is False


def test_writable_server_accepts_updates(copy_seed_out):
    with serve(copy_seed_out, port=0, writable=True) as srv:
        req = urllib.request.Request(srv.url + "update", method="POST",
                                     data=b"INSERT DATA { <urn:a> <urn:b> <urn:c> }",
                                     headers={"Content-Type": "application/sparql-update"})
        assert urllib.request.urlopen(req, timeout=10).status in (200, 204)
        _, _, body = get(srv.url, "ASK { <urn:a> ?p ?o }", "application/sparql-results+json")
        assert json.loads(body)["boolean"] is True
        req = urllib.request.Request(srv.url + "store?graph=urn:g", method="PUT", data=b"<urn:d> <urn:e> <urn:f> .\n",
                                     headers={"Content-Type": "application/n-triples"})
        assert urllib.request.urlopen(req, timeout=10).status in (200, 201, 204)  # bodies of any kind go through
        _, _, body = get(srv.url, "ASK { GRAPH <urn:g> { <urn:d> ?p ?o } }", "application/sparql-results+json")
        assert json.loads(body)["boolean"] is True
        for update in ("LOAD <http://127.0.0.1:9/x.ttl>",  # updates that would fetch a URL: refused by kg
                       "INSERT { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"):
            req = urllib.request.Request(srv.url + "update", method="POST", data=update.encode(),
                                         headers={"Content-Type": "application/sparql-update"})
            with pytest.raises(urllib.error.HTTPError) as err:
                urllib.request.urlopen(req, timeout=10)
            assert err.value.code == 403 and b"--allow-network" in err.value.read()


def test_the_proxy_keeps_http_as_it_is(server):
    """Keep-alive, chunked bodies both ways, HEAD and HTTP/1.0 clients, Oxigraph's headers and errors passed on."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        conn.request("POST", "/query", body=iter([b"ASK ", b"{ ?s ?p ?o }"]), encode_chunked=True,
                     headers={"Content-Type": "application/sparql-query", "Transfer-Encoding": "chunked",
                              "Accept": "text/csv"})
        resp = conn.getresponse()
        assert (resp.status, resp.read()) == (200, b"true")
        conn.request("HEAD", "/")  # the same connection
        resp = conn.getresponse()
        assert resp.status == 200 and resp.getheader("Content-Type").startswith("text/html") and resp.read() == b""
        conn.request("GET", "/query?query=" + urllib.parse.quote(PEOPLE),
                     headers={"Accept": "text/tab-separated-values"})
        resp = conn.getresponse()
        assert resp.status == 200 and resp.getheader("Server", "").startswith("Oxigraph")
        assert resp.read().decode().count("\n") == 5
        conn.request("GET", "/query?query=" + urllib.parse.quote("SELECT * WHERE {"))  # Oxigraph's own error
        resp = conn.getresponse()
        assert resp.status == 400 and b"error" in resp.read().lower()
    finally:
        conn.close()
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(b"GET /query?query=ASK%7B%7D HTTP/1.0\r\nAccept: text/csv\r\n\r\n")
        answer = sock.makefile("rb").read()
    assert answer.startswith(b"HTTP/1.1 200 ") and answer.endswith(b"\r\n\r\ntrue")


def test_port_in_use_is_a_clear_error(server, seed_out):
    with pytest.raises(KGError) as err:
        serve(seed_out, port=server.port)
    assert err.value.code == "E513" and "kg serve cannot listen" in str(err.value)  # not "Oxigraph did not start"


def test_missing_target(tmp_path):
    with pytest.raises(KGError) as err:
        serve(tmp_path / "nothing", port=0)
    assert err.value.code == "E101"


def test_cli_prints_url_and_stops_on_sigterm(seed_out):
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-c", "from kg.cli import main; main()", "serve", str(seed_out),
                             "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert line.strip() == f"SPARQL editor   http://127.0.0.1:{port}/"
        _, _, body = get(f"http://127.0.0.1:{port}/", "ASK { ?s ?p ?o }", "application/sparql-results+json")
        assert json.loads(body)["boolean"] is True
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    assert "loopback only" in err and "read-only" in err and "server stopped" in err
    assert "queries with SERVICE are refused (--allow-network" in err
    with pytest.raises(urllib.error.URLError):  # the Oxigraph child is gone too
        get(f"http://127.0.0.1:{port}/", "ASK {}", "application/sparql-results+json")


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium")
def test_editor_page_runs_a_query_in_headless_chromium(server, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api", reason="needs the playwright Python package")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                     args=["--headless", "--no-sandbox", "--disable-gpu",
                                           "--disable-background-networking"])
        try:
            page = browser.new_page()
            page.goto(server.url)
            page.wait_for_selector(".CodeMirror", timeout=20000)
            page.evaluate("q => document.querySelector('.CodeMirror').CodeMirror.setValue(q)", PEOPLE)
            page.click(".yasqe_queryButton")
            page.wait_for_selector("text=Vladimir Putin", timeout=20000)
            shot = tmp_path / "editor.png"
            page.screenshot(path=str(shot))
            assert shot.stat().st_size > 5000
            if os.environ.get("KG_SCREENSHOTS"):
                Path(os.environ["KG_SCREENSHOTS"]).mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(Path(os.environ["KG_SCREENSHOTS"]) / "serve-editor.png"))
            assert "Donald Trump" in page.inner_text("body")
        finally:
            browser.close()


def test_serves_a_store_that_a_writer_holds(copy_seed_out):
    from kg.graph.store import KGStore

    with KGStore(copy_seed_out / "store") as writer, serve(copy_seed_out, port=0) as srv:
        assert writer.ox is not None
        _, _, body = get(srv.url, PEOPLE, "application/sparql-results+json")
        assert len(json.loads(body)["results"]["bindings"]) == 4
        with pytest.raises(KGError) as err:
            serve(copy_seed_out, port=0, writable=True)
        assert err.value.code == "E512" and "without --writable" in str(err.value)
