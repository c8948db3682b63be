"""kg push: into a real writable Oxigraph server started by the test; clear errors otherwise."""

from __future__ import annotations

import json
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from kg.cli import app
from kg.cli._app import run_command
from kg.errors import KGError
from kg.use.push import push
from kg.use.serve import free_port, oxigraph_binary
from kg.use.stats import stats


def count(url: str, sparql: str) -> int:
    req = urllib.request.Request(f"{url}/query?query={urllib.parse.quote(sparql)}",
                                 headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        return int(json.load(resp)["results"]["bindings"][0]["n"]["value"])


ALL_QUADS = "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"


@pytest.fixture()
def oxigraph(tmp_path):
    """A writable Oxigraph server on a free port; its base URL."""
    port = free_port()
    proc = subprocess.Popen([oxigraph_binary(), "serve", "--location", str(tmp_path / "db"),
                             "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                count(url, "SELECT (COUNT(*) AS ?n) {}")
                break
            except (urllib.error.URLError, OSError):
                time.sleep(0.05)
        yield url
    finally:
        proc.terminate()
        proc.wait(10)


def test_push_keeps_document_graphs_and_every_triple(seed_out, oxigraph, capsys):
    expected = stats(seed_out).triples
    code = run_command(app, ["push", str(seed_out), "--endpoint", oxigraph + "/query", "--chunk", "40"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.startswith(f"pushed {expected} triples") and "Graph Store Protocol" in out
    assert count(oxigraph, ALL_QUADS) == expected
    graphs = count(oxigraph, "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert graphs == 3  # one document graph, the entities graph and the event instances graph
    # pushing again adds nothing (graphs are sets)
    push(seed_out, oxigraph)
    assert count(oxigraph, ALL_QUADS) == expected


def test_push_into_one_named_graph(seed_out, oxigraph):
    report = push(seed_out, oxigraph, graph="http://example.org/news")
    n = count(oxigraph, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <http://example.org/news> { ?s ?p ?o } }")
    assert n == report.triples == stats(seed_out).triples


def test_sparql_update_fallback(seed_out, oxigraph):
    report = push(seed_out, oxigraph + "/sparql", method="update", chunk=100)
    assert report.method == "update" and report.url.endswith("/update") and report.chunks >= 3
    assert count(oxigraph, ALL_QUADS) == stats(seed_out).triples


def test_unreachable_endpoint_is_a_clear_error(seed_out, capsys):
    url = f"http://127.0.0.1:{free_port()}/query"  # nothing listens there
    started = time.monotonic()
    code = run_command(app, ["push", str(seed_out), "--endpoint", url, "--retries", "1"])
    _, err = capsys.readouterr()
    assert code == 1
    assert "[E501]" in err and "endpoint not reachable" in err and "pushed" not in err
    assert time.monotonic() - started < 5


class _Flaky(BaseHTTPRequestHandler):
    """A Graph Store that accepts the probe and two chunks, then fails with 503 for good."""

    posts = 0

    def do_POST(self):  # noqa: N802
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        type(self).posts += 1
        if type(self).posts <= 3:
            self.send_response(204)
            self.end_headers()
            return
        body = b"Service Unavailable: store is overloaded\nmore detail"
        self.send_response(503)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_failed_chunk_is_never_reported_as_success(seed_out, capsys):
    server = HTTPServer(("127.0.0.1", 0), _Flaky)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/query"
        code = run_command(app, ["push", str(seed_out), "--endpoint", url, "--chunk", "50", "--retries", "2"])
        out, err = capsys.readouterr()
    finally:
        server.shutdown()
        server.server_close()
    assert code == 1 and out == ""
    assert "[E503] push failed after 2 of " in err
    assert "HTTP 503" in err and "Service Unavailable: store is overloaded" in err and "more detail" not in err
    assert _Flaky.posts == 3 + 3  # the failing chunk was tried 1 + 2 retries times


def test_http_error_without_retry(seed_out, oxigraph):
    with pytest.raises(KGError) as err:
        push(seed_out, oxigraph, gsp=oxigraph + "/nope")
    assert err.value.code == "E502" and "404" in str(err.value)
