"""kg.draw's interactive view: one self-contained HTML file, driven in headless Chromium as a reader would."""

from __future__ import annotations

import hashlib
import json
import re

import numpy as np
import pytest
from draw_support import CHROMIUM, CHROMIUM_FLAGS, Browsing

from kg.cli import app
from kg.cli._app import run_command
from kg.use.draw import draw
from kg.use.draw.interactive import VENDOR, graph_data


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's chromium at /usr/bin/chromium")
    sync_api = pytest.importorskip("playwright.sync_api", reason="needs the playwright Python package")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def seed_html(seed_out, tmp_path_factory):
    return draw(seed_out, tmp_path_factory.mktemp("html") / "graph.html")


def test_one_file_that_loads_nothing_and_is_the_same_bytes(seed_out, seed_html, tmp_path):
    text = seed_html.read_text(encoding="utf-8")
    assert not re.search(r"<(script|link|img|iframe)[^>]*\b(src|href)=", text)  # everything inline
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', text)[1]
    assert "default-src 'none'" in csp and csp.count("'sha256-") == 2 and "connect-src" not in csp
    again = draw(seed_out, tmp_path / "again.html")
    assert again.read_bytes() == seed_html.read_bytes()
    data = json.loads(re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', text, re.S)[1])
    assert "Donald Trump" in {n["label"] for n in data["nodes"]}
    assert all(ev["s"] for ev in data["events"])  # every event comes with its sentence


def test_the_vendored_script_is_the_one_the_readme_names():
    readme = (VENDOR / "README.md").read_text(encoding="utf-8")
    digest = hashlib.sha256((VENDOR / "cytoscape.min.js").read_bytes()).hexdigest()
    assert digest in readme and (VENDOR / "LICENSE.cytoscape").read_text().startswith("Copyright")


def test_every_entity_and_event_is_in_the_page(news):
    data = graph_data(news)
    assert len(data["nodes"]) == 9 and len(data["events"]) == 29
    modalities = {ev["m"] for ev in data["events"]}
    assert {"negated", "hypothetical"} <= modalities  # there, for the modality filter to show
    trump = next(n for n in data["nodes"] if n["label"] == "Donald Trump")
    assert trump["alt"] == ["Trump"] and data["nodes"][trump["country"]]["label"] == "United States"


def test_no_dot_covers_another(seed_store, big_store):
    """Two dots that overlap hide the arrow between them (the browser draws none) and each other."""
    for store in (seed_store, big_store):
        nodes = graph_data(store)["nodes"]
        xy = np.array([(n["x"], n["y"]) for n in nodes])
        size = np.array([n["size"] for n in nodes])
        dist = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1))
        gap = dist - (size[:, None] + size[None, :]) / 2
        np.fill_diagonal(gap, np.inf)
        assert len(nodes) > 10 and gap.min() > 0


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium")
def test_search_and_click_in_chromium(browser, seed_html):
    view = Browsing(browser, seed_html)
    try:
        found = view.search("trump")
        assert found[0] == "Donald Trump"
        view.page.click("#results li >> nth=0")
        panel = view.page.inner_text("#panel")
        assert "Donald Trump" in panel and "Also called" in panel and "United States" in panel
        text = view.click_an_edge()
        assert "→" in text and re.search(r"\(the text's date\)|\(reported then", text)
        sentence = view.page.inner_text("#panel .sentence >> nth=0")
        assert len(sentence) > 30 and sentence in seed_html.read_text(encoding="utf-8")
        assert view.outside() == [] and view.errors == []
    finally:
        view.page.close()


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium")
def test_filters_and_hostile_names_in_chromium(browser, news, tmp_path):
    path = draw(news, tmp_path / "news.html")
    view = Browsing(browser, path)
    try:
        shown = "() => window.kgView.cy.edges().filter(e => !e.hasClass('hidden')).length"
        dashed = "() => window.kgView.cy.edges('.notfact').filter(e => !e.hasClass('hidden')).length"
        everything = view.page.evaluate(shown)
        assert view.page.evaluate(dashed) == 0  # negated and hypothetical events are off at first
        view.page.check("#modalities label:has-text('negated') input")
        assert view.page.evaluate(shown) == everything + 1 and view.page.evaluate(dashed) == 1
        view.page.uncheck("#quads label:has-text('material conflict') input")
        assert view.page.evaluate(shown) < everything
        view.page.fill("#from", "2019-01-20")
        view.page.dispatch_event("#from", "change")
        assert "entities" in view.page.inner_text("#counts")
        assert view.search("img")[0].startswith("<img")  # a name that is HTML stays text
        view.page.click("#results li >> nth=0")
        assert view.page.evaluate("() => window.pwned === undefined && !document.querySelector('#panel img')")
        assert view.search("काफ़ी")[0] == "काफ़ी"  # the browser shows every script as it is
        assert view.outside() == [] and view.errors == []
    finally:
        view.page.close()


def test_cli_writes_html_and_refuses_what_it_cannot_do(seed_out, tmp_path, capsys):
    out = tmp_path / "g.html"
    assert run_command(app, ["draw", str(seed_out), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert run_command(app, ["draw", str(seed_out), "-o", str(tmp_path / "t.html"), "--timeline"]) == 2
    assert "[E406] --format html and --timeline cannot be drawn together" in capsys.readouterr().err
    assert run_command(app, ["draw", str(seed_out), "-o", str(tmp_path / "m.png"), "--map", "--timeline"]) == 2
    assert "[E406] --timeline and --map cannot be drawn together: draw one, then the other" in capsys.readouterr().err
    assert run_command(app, ["draw", str(seed_out), "-o", str(tmp_path / "m.png"), "--map"]) == 0
