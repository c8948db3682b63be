"""kg.stages.ingest.html: the main text and metadata of a page, without its furniture."""

from __future__ import annotations

import pytest
from web_support import (
    BOILERPLATE,
    FRENCH,
    PUBLISHED,
    SEED,
    TITLE,
    news_page,
    seed_page,
)

from kg.errors import KGError, KGWarning
from kg.stages.ingest import read_documents
from kg.stages.ingest.html import decode_html, page_document, read_page

URL = "https://news.example/world/trump-putin"


def test_the_seed_page_gives_the_seed_text_and_the_page_metadata():
    page = read_page(seed_page(URL))
    seed = [line for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert page.text.splitlines() == seed[1:]  # every paragraph; the caption is a picture's, not the article's
    assert not [phrase for phrase in BOILERPLATE if phrase in page.text]
    assert (page.title, page.author, page.site, page.url) == (TITLE, "Anna Petrova", "The Daily Meridian", URL)
    assert page.date.isoformat() == PUBLISHED[:10]


def test_a_saved_page_is_a_document_named_by_its_file(tmp_path):
    (tmp_path / "story.html").write_text(seed_page(URL), encoding="utf-8")
    (tmp_path / "empty.htm").write_text("<html><body><script>var page = 1;</script><img src=a.png></body></html>")
    docs, problems = read_documents([tmp_path])
    (doc,) = docs
    assert doc.name == "story.html" and doc.url == URL and doc.language == "en"
    assert doc.date.isoformat() == PUBLISHED[:10] and doc.retrieved is None and doc.record_id is None
    assert [p.code for p in problems] == ["E123"] and "empty.htm" in str(problems[0])


def test_a_page_in_another_language_is_skipped_with_a_note():
    found = page_document(news_page(FRENCH, title="Rencontre", url=URL, published=PUBLISHED), name=URL, source=URL,
                          where=URL)
    assert isinstance(found, KGWarning) and found.code == "E122"
    assert str(found) == f"[E122] {URL}: skipped: the article is in French (fr), and kg reads English"


def test_htmldate_finds_the_date_where_the_page_is_vague():
    text = "\n".join(SEED.read_text(encoding="utf-8").splitlines()[4:])  # no caption: no date in the text
    vague = news_page(text, title=TITLE, url=URL, published="").replace(
        '<meta property="article:published_time" content="">', "").replace('<time datetime="">', "<time>")
    assert read_page(vague).date is None  # not 1 January 2022 from "since 2022", nor 2025-01-01 from "In January"
    assert read_page(vague, url="https://news.example/2025/06/18/trump-putin").date.isoformat() == "2025-06-18"


@pytest.mark.parametrize("data, charset, text", [
    ("<p>Le président</p>".encode("latin-1"), "ISO-8859-1", "<p>Le président</p>"),
    ("<meta charset=windows-1251><p>Москва</p>".encode("cp1251"), None, "<meta charset=windows-1251><p>Москва</p>"),
    ("\ufeff<p>BOM</p>".encode("utf-8"), "latin-1", "<p>BOM</p>"),
    ("<p>x</p>".encode("utf-16"), None, "<p>x</p>"),
    (b"<p>caf\xe9 au lait" + b" and more" * 20 + b"</p>", "no-such-codec",
     "<p>caf\ufffd au lait" + " and more" * 20 + "</p>"),  # one broken byte in many: read, as browsers do
])
def test_pages_decode_by_what_they_declare(data, charset, text):
    assert decode_html(data, charset, where="x") == text


@pytest.mark.parametrize("data", [bytes(range(128, 256)) * 10, b"<html>\x00\x00\x00binary"])
def test_pages_that_do_not_decode_are_refused(data):
    with pytest.raises(KGError, match=r"^\[E124\] page.html: cannot decode the page"):
        decode_html(data, "utf-8", where="page.html")
