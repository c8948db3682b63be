"""kg.stages.ingest.web: the polite fetcher against a local site, and kg.stages.ingest on URLs.
Every failure is one error naming the URL, and the URLs after it are still read."""

from __future__ import annotations

import threading
import time

import pytest
from web_support import PUBLISHED

from kg.errors import KGError
from kg.stages.ingest import Fetcher, UrlList, iter_documents, read_documents
from kg.stages.ingest.web import check_url


def test_a_page_is_fetched_once_and_then_read_from_the_cache(site, fetcher, tmp_path):
    url = site.url("/world/trump-putin")
    before = site.hits[url.replace(site.base, "")]
    first = fetcher.fetch(url)
    assert not first.cached and first.content_type == "text/html" and first.charset == "utf-8"
    assert b"Vladimir Putin" in first.body and first.final_url == url
    with Fetcher(cache=tmp_path / "cache", delay=0.0) as again:
        second = again.fetch(url)
    assert second.cached and second.body == first.body and second.fetched == first.fetched
    assert site.hits["/world/trump-putin"] == before + 1  # the rerun fetched nothing
    assert any(agent.startswith("kg/") for agent in site.agents)  # a User-Agent that names kg


def test_a_redirect_is_followed_and_the_page_keeps_the_name_it_was_asked_by(site, fetcher):
    docs, problems = read_documents([site.url("/moved")], fetcher=fetcher)
    assert problems == []
    (doc,) = docs
    assert doc.name == site.url("/moved") and doc.source == site.url("/moved")
    assert doc.url == site.url("/world/trump-putin")  # the page's canonical URL
    assert doc.date.isoformat() == PUBLISHED[:10] and doc.retrieved is not None


BAD = {
    "/missing": ("E114", "HTTP 404 Not Found"),
    "/error": ("E114", "HTTP 500 Internal Server Error"),
    "/slow": ("E115", "timed out"),
    "/giant-headers": ("E115", "cannot fetch"),
    "/loop": ("E116", "redirect loop"),
    "/to-file": ("E116", "not an http(s) address"),
    "/report.pdf": ("E117", "application/pdf"),
    "/endless": ("E118", "over the --max-doc-size limit of 1,000,000 bytes"),
    "/bomb": ("E118", "over the --max-doc-size limit"),
    "/private/page": ("E119", "robots.txt"),
    "/broken": ("E124", "cannot decode"),
    "/bad-feed.xml": ("E120", "not a readable RSS or Atom feed"),
    "/fr": ("E122", "French"),
}


def test_each_bad_url_is_one_error_naming_it_and_the_rest_is_read(site, fetcher):
    urls = [site.url(p) for p in BAD] + [site.url("/world/trump-putin")]
    errors_before = site.hits["/error"]
    started = time.monotonic()
    docs, problems = read_documents(urls, fetcher=fetcher)
    assert time.monotonic() - started < 15
    assert [d.name for d in docs] == [site.url("/world/trump-putin")]
    assert len(problems) == len(BAD)
    for (path, (code, words)), problem in zip(BAD.items(), problems, strict=True):
        assert problem.code == code and words in str(problem), (path, str(problem))
        assert str(problem).startswith(f"[{code}] {site.url(path)}"), str(problem)
        assert "\n" not in str(problem)
    assert site.hits["/error"] == errors_before + 2  # retried once
    assert site.hits["/private/page"] == 0  # robots.txt was asked, the page never


def test_only_http_and_https_and_no_connection_for_the_rest(listener, tmp_path):
    urls = ["file:///etc/passwd", f"ftp://127.0.0.1:{listener.port}/x", "gopher://127.0.0.1/", "javascript:alert(1)",
            "http:///no-host"]
    docs, problems = read_documents(urls)
    assert docs == [] and [p.code for p in problems] == ["E113"] * len(urls)
    assert listener.settle() == []  # nothing connected
    with pytest.raises(KGError, match="E113"):
        check_url("data:text/html,<p>hi</p>")


def test_requests_to_one_host_are_spaced_by_the_delay(site, tmp_path):
    with Fetcher(delay=0.3, timeout=2) as fetcher:
        for path in ("/world/trump-putin", "/feed.xml", "/fr"):
            fetcher.fetch(site.url(path))
    times = [t for path, t in site.times if path in ("/world/trump-putin", "/feed.xml", "/fr")][-3:]
    assert times[1] - times[0] >= 0.29 and times[2] - times[1] >= 0.29


def test_a_url_list_reports_its_bad_lines_and_reads_the_good_ones(site, fetcher, tmp_path):
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# my reading list\n\n{site.url('/world/trump-putin')}\nnot a url\n{site.url('/missing')}\n")
    docs, problems = read_documents([UrlList(listing)], fetcher=fetcher)
    assert [d.name for d in docs] == [site.url("/world/trump-putin")]
    assert [p.code for p in problems] == ["E113", "E114"]
    assert f"{listing}:4: not a url" in str(problems[0])


def test_no_thread_is_left_behind(site):
    before = set(threading.enumerate())
    problems: list = []
    for _ in iter_documents([site.url("/world/trump-putin"), site.url("/missing")], problems):
        pass
    left = [t for t in set(threading.enumerate()) - before if "process_request" not in t.name]  # (the site's own)
    assert left == []
    assert [p.code for p in problems] == ["E114"]
