"""kg.stages.ingest.feeds: RSS and Atom feeds, by file and by URL; hostile feeds."""

from __future__ import annotations

import time

from web_support import PUBLISHED, SEED, TITLE, rss_feed, seed_page

from kg.stages.ingest import feeds, read_documents


def test_a_feed_file_whose_entries_link_to_pages(site, fetcher, tmp_path):
    link = site.url("/world/trump-putin")
    feed = tmp_path / "world.rss"
    feed.write_text(rss_feed([{"title": "From the feed", "link": link, "date": "Tue, 17 Jun 2025 08:00:00 GMT"},
                              {"title": "Gone", "link": site.url("/missing")}]))
    docs, problems = read_documents([feed], fetcher=fetcher)
    (doc,) = docs
    assert doc.name == link and doc.title == TITLE  # the page's own title and date win over the entry's
    assert doc.date.isoformat() == PUBLISHED[:10]
    assert [p.code for p in problems] == ["E114"] and site.url("/missing") in str(problems[0])


def test_an_entry_that_carries_its_article_is_not_fetched(site, fetcher, tmp_path):
    body = "".join(f"<p>{line}</p>" for line in SEED.read_text(encoding="utf-8").splitlines()[4:] if line.strip())
    feed = tmp_path / "full.xml"
    link = site.url("/world/elsewhere")  # never asked for
    feed.write_text(rss_feed([{"title": TITLE, "link": link, "date": "Wed, 18 Jun 2025 09:30:00 GMT",
                               "content": body}]))
    docs, problems = read_documents([feed], fetcher=fetcher)
    assert problems == [] and site.hits["/world/elsewhere"] == 0
    (doc,) = docs
    assert doc.name == link and doc.title == TITLE and doc.date.isoformat() == "2025-06-18"  # from the entry
    assert doc.text.startswith("US President Donald Trump said on Wednesday")


def test_a_feed_url_is_read_as_a_feed(site, fetcher):
    docs, problems = read_documents([site.url("/feed.xml")], fetcher=fetcher)
    assert problems == [] and [d.name for d in docs] == [site.url("/world/trump-putin")]


def test_hostile_feeds_are_refused_quickly_and_leak_nothing(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    xxe = (f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file://{secret}">]>'
           '<rss version="2.0"><channel><title>t</title><item><title>&x;</title>'
           '<description>&x;</description></item></channel></rss>')
    laughs = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'
                        for i in range(1, 10))
              + ']><rss version="2.0"><channel><item><title>&lol9;</title></item></channel></rss>')
    files = {"xxe.xml": xxe, "laughs.xml": laughs, "garbage.rss": "<<<not xml", "empty.atom": "",
             "html.xml": "<html><body><p>not a feed</p></body></html>"}
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    started = time.monotonic()
    docs, problems = read_documents([tmp_path / n for n in files])
    assert time.monotonic() - started < 60  # a billion laughs expanded would not end at all
    assert docs == []  # the external entity was not read (the entry is left with no text at all)
    assert all("TOP SECRET" not in str(p) for p in problems)
    by_file = {str(p).split("] ", 1)[1].split(":", 1)[0].split(" entry")[0].rsplit("/", 1)[-1]: p.code for p in problems}
    assert by_file == {"xxe.xml": "E123", "laughs.xml": "E120", "garbage.rss": "E120", "empty.atom": "E103",
                       "html.xml": "E120"}, problems


def test_a_huge_feed_is_read_up_to_its_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(feeds, "MAX_ENTRIES", 2)
    page = seed_page("https://news.example/x")
    feed = tmp_path / "big.xml"
    feed.write_text(rss_feed([{"title": f"n{i}", "link": f"https://news.example/{i}", "content": page}
                              for i in range(5)]))
    docs, problems = read_documents([feed])
    assert [d.name for d in docs] == ["https://news.example/0", "https://news.example/1"]
    assert [p.code for p in problems] == ["E125"] and "3 more entries not read" in str(problems[0])


def test_a_feed_file_cannot_make_kg_reach_this_machine_or_its_network(site, tmp_path):
    """Found by a cold try: a feed file's links to 127.0.0.1 and to the cloud metadata address
    were fetched, and the loopback page stored."""
    from kg.stages.ingest import Fetcher

    feed = tmp_path / "world.rss"
    feed.write_text(rss_feed([{"title": "Inside", "link": site.url("/world/trump-putin")},
                              {"title": "Metadata", "link": "http://169.254.169.254/latest/meta-data/"},
                              {"title": "Local", "link": "http://localhost:9/x"}]))
    before = site.hits["/world/trump-putin"]
    with Fetcher(delay=0.0, timeout=0.4, retries=0, max_size=1_000_000) as fetcher:
        docs, problems = read_documents([feed], fetcher=fetcher)
    assert docs == [] and [p.code for p in problems] == ["E130", "E130", "E130"]
    assert site.hits["/world/trump-putin"] == before  # refused before any request
