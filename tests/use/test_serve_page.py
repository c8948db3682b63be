"""kg serve's page: YASGUI with kg's prefixes and ready-made questions as tabs, in headless Chromium."""

from __future__ import annotations

import re
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.use.query.questions import ready_made
from kg.use.serve import serve
from kg.use.serve_page import questions

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def server(seed_out):
    with serve(seed_out, port=0) as srv:
        yield srv


def test_every_question_is_a_runnable_tab(server, seed_out):
    tabs = {q["name"]: q["query"] for q in questions()}
    assert set(tabs) == set(ready_made())
    assert 'VALUES (?actor) { ("putin") }' in tabs["events"]
    assert 'VALUES (?count) { ("instances") }' in tabs["dyads"]  # an optional choice: its first word, as kg query binds it
    store = ox.Store.read_only(str(seed_out / "store"))
    for name in ("aliases", "between", "dyads", "events", "neighbours", "timeline"):  # they run as they are
        assert list(store.query(tabs[name], use_default_graph_as_union=True)), name
    with urllib.request.urlopen(server.url, timeout=10) as resp:
        page = resp.read().decode("utf-8")
        csp = resp.headers["Content-Security-Policy"]
    assert '"kg":"https://w3id.org/kg-news/ontology#"' in page.replace(" ", "") and "kg-config" in page
    assert "connect-src 'self'" in csp and "default-src 'none'" in csp


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium")
def test_page_opens_with_the_questions_and_runs_one(server):
    sync_api = pytest.importorskip("playwright.sync_api", reason="needs the playwright Python package")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
        try:
            page = browser.new_page()
            requests, errors = [], []
            page.on("request", lambda r: requests.append(r.url))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(server.url)
            page.wait_for_selector(".CodeMirror", timeout=20000)
            names = [t.strip() for t in page.locator(".tabsList .tab a span").all_inner_texts()]
            assert names[: len(ready_made())] == sorted(ready_made()) and "your query" in names
            text = page.evaluate("() => document.querySelector('.tabPanel.active .CodeMirror').CodeMirror.getValue()")
            assert text.startswith(ready_made()["aliases"].text.splitlines()[0]) and 'VALUES (?name) { ("trump") }' in text
            page.click(".tabPanel.active .yasqe_queryButton")
            page.wait_for_selector(".tabPanel.active .yasr >> text=Donald Trump", timeout=20000)
            page.click(".tabsList .tab a >> text=your query")
            new = page.evaluate("() => document.querySelector('.tabPanel.active .CodeMirror').CodeMirror.getValue()")
            assert re.search(r"^PREFIX kg: <https://w3id.org/kg-news/ontology#>$", new, re.M)
            assert [u for u in requests if not u.startswith(server.url)] == [] and errors == []
        finally:
            browser.close()
