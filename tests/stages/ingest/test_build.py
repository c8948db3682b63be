"""``kg build`` on each web input kind: the seed article as a saved page, from its URL on a local
server, through a feed that links to it, and from a WARC record, gives the seed's events, with
no page furniture in any evidence sentence and the page's publication date as the document's."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from support import kg
from web_support import BOILERPLATE, PUBLISHED, seed_page, write_warc

from kg.graph.store import KGStore

PREFIXES = "PREFIX kg: <https://w3id.org/kg-news/ontology#> PREFIX schema: <https://schema.org/> " \
           "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "


def rows(out: Path, query: str) -> list[dict[str, str]]:
    with KGStore(out / "store", read_only=True) as store:
        solutions = store.ox.query(PREFIXES + query, use_default_graph_as_union=True)
        names = [v.value for v in solutions.variables]
        return [{n: (s[n].value if s[n] is not None else None) for n in names} for s in solutions]


def events(out: Path) -> set[tuple]:
    found: dict[str, dict] = defaultdict(lambda: {"agents": set(), "targets": set(), "date": None})
    for r in rows(out, "SELECT ?ev ?cat ?a ?t ?d WHERE { ?ev kg:eventType ?cat . "
                       "OPTIONAL { ?ev kg:agent/rdfs:label ?a } OPTIONAL { ?ev kg:target/rdfs:label ?t } "
                       "OPTIONAL { ?ev kg:date ?d } }"):
        ev = found[r["ev"]]
        ev["cat"] = r["cat"].rsplit("#", 1)[1]
        ev["agents"].add(r["a"])
        ev["targets"].add(r["t"])
        ev["date"] = r["d"]
    return {(e["cat"], frozenset(e["agents"] - {None}), frozenset(e["targets"] - {None}), e["date"])
            for e in found.values()}


def document(out: Path) -> dict[str, str]:
    (doc,) = rows(out, "SELECT ?name ?url ?published ?retrieved ?record ?author ?site ?lang WHERE { "
                       "?d a schema:NewsArticle ; schema:name ?name . OPTIONAL { ?d schema:url ?url } "
                       "OPTIONAL { ?d schema:datePublished ?published } OPTIONAL { ?d kg:retrievedAt ?retrieved } "
                       "OPTIONAL { ?d kg:warcRecordId ?record } OPTIONAL { ?d schema:author ?author } "
                       "OPTIONAL { ?d schema:publisher ?site } OPTIONAL { ?d schema:inLanguage ?lang } }")
    return doc


@pytest.fixture(scope="module")
def seed_events(seed_out) -> set[tuple]:
    found = events(seed_out)
    assert ("CONSULT", frozenset({"Donald Trump"}), frozenset({"Vladimir Putin"}), "2025-06-14") in found
    return found


def _inputs(kind: str, site, tmp_path: Path) -> list[str]:
    url = site.url("/world/trump-putin")
    if kind == "html":
        (tmp_path / "trump-putin.html").write_text(seed_page(url), encoding="utf-8")
        return [str(tmp_path / "trump-putin.html")]
    if kind == "url":
        return [url]
    if kind == "feed":
        return [site.url("/feed.xml")]
    return [str(write_warc(tmp_path / "cc-news.warc.gz", [(url, seed_page(url))]))]


@pytest.mark.parametrize("kind", ["html", "url", "feed", "warc"])
def test_the_seed_page_gives_the_seed_events_from_every_input_kind(kind, site, seed_events, tmp_path, capsys):
    out = tmp_path / "out"
    args = ["build", *_inputs(kind, site, tmp_path), "-o", out, "--no-png", "--delay", "0", "--timeout", "2"]
    assert kg(*args) == 0, capsys.readouterr().err
    assert events(out) == seed_events
    evidence = [r["e"] for r in rows(out, "SELECT ?e WHERE { ?ev kg:evidence ?e }")]
    assert evidence and not [(p, e) for e in evidence for p in BOILERPLATE if p in e]
    doc = document(out)
    assert doc["published"] == PUBLISHED[:10]  # the page's date is the document's
    assert (doc["author"], doc["site"], doc["lang"]) == ("Anna Petrova", "The Daily Meridian", "en")
    assert doc["url"] == site.url("/world/trump-putin")
    assert (doc["retrieved"] is None) == (kind == "html")
    assert (doc["record"] is not None) == (kind == "warc")
    if kind == "warc":
        assert doc["retrieved"] in ("2025-06-19T08:00:00Z", "2025-06-19T08:00:00+00:00")  # the crawl time
        assert doc["record"].startswith("urn:uuid:")


def test_kg_build_reports_bad_urls_and_refuses_to_run_on_nothing(site, tmp_path, capsys):
    out = tmp_path / "out"
    listing = tmp_path / "urls.txt"
    listing.write_text(f"{site.url('/world/trump-putin')}\n{site.url('/missing')}\nfile:///etc/passwd\n")
    assert kg("build", "--urls", listing, "-o", out, "--no-png", "--delay", "0") == 0
    captured = capsys.readouterr()
    assert "1 document," in captured.out and "2 input problems" in captured.out
    lines = [x for x in captured.err.splitlines() if x.startswith("kg: [E")]
    assert [x.split("]")[0] for x in lines] == ["kg: [E114", "kg: [E113"]
    before = site.hits["/world/trump-putin"]
    assert kg("build", "--urls", listing, "-o", out, "--no-png", "--delay", "0") == 0
    assert site.hits["/world/trump-putin"] == before  # from OUT/cache/web
    assert "1 unchanged skipped" in capsys.readouterr().out
    assert kg("build", "file:///etc/passwd", "-o", tmp_path / "o2", "--no-png") == 1
    assert "[E113] file:///etc/passwd" in capsys.readouterr().err
    assert kg("build", "-o", tmp_path / "o3") == 2
