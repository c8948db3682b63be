"""kg.stages.ingest.warc: web archives written by warcio; truncated, corrupt and oversized ones."""

from __future__ import annotations

import gzip
import io
import tracemalloc

import pytest
from web_support import PUBLISHED, seed_page, write_warc

from kg.stages.ingest import read_documents

URL = "https://news.example/world/trump-putin"


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_each_html_response_record_is_an_article_with_its_provenance(tmp_path, name):
    path = write_warc(tmp_path / name, [(URL, seed_page(URL))])
    docs, problems = read_documents([path])
    (doc,) = docs
    assert doc.name == URL and doc.url == URL and doc.date.isoformat() == PUBLISHED[:10]
    assert doc.record_id.startswith("urn:uuid:") and doc.retrieved.isoformat() == "2025-06-19T08:00:00+00:00"
    assert doc.source.startswith(f"{path}@") and int(doc.source.rsplit("@", 1)[1]) > 0
    assert [p.code for p in problems] == ["E126"] and "1 image/png" in str(problems[0])  # the logo, noted


def test_a_truncated_archive_keeps_the_records_before_the_break(tmp_path):
    pages = [(f"https://news.example/{i}", seed_page(f"https://news.example/{i}").replace("Saturday", f"Saturday {i}"))
             for i in range(3)]
    path = write_warc(tmp_path / "crawl.warc.gz", pages, extra_records=False)
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * 0.8)])  # cut inside the last record
    docs, problems = read_documents([path])
    assert [d.name for d in docs] == [url for url, _ in pages[:2]]
    assert [p.code for p in problems] == ["E121"] and "the records before it were read" in str(problems[0])


@pytest.mark.parametrize("data", [b"not a web archive at all\n" * 10, gzip.compress(b"WARC/1.0\r\nbroken"),
                                  b"\x1f\x8b\x08\x00garbage"])
def test_a_file_that_is_not_an_archive_is_one_error(tmp_path, data):
    path = tmp_path / "bad.warc.gz"
    path.write_bytes(data)
    docs, problems = read_documents([path])
    assert docs == [] and len(problems) == 1 and problems[0].code in ("E121", "E107"), problems
    assert str(path) in str(problems[0])


def test_big_records_are_streamed_not_held(tmp_path):
    """A 30 MB image and a 30 MB page in one archive: the image is read through, the page refused
    at the size cap, in a few MB of memory; the article after them is read."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "big.warc.gz"
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, ctype, body in [("https://news.example/big.png", "image/png", bytes(30_000_000)),
                                 ("https://news.example/huge", "text/html", b"<p>" + b"news " * 6_000_000),
                                 (URL, "text/html", seed_page(URL).encode())]:
            http = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http))
    tracemalloc.start()
    try:
        docs, problems = read_documents([path], max_doc_size=1_000_000)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [d.name for d in docs] == [URL]
    assert [p.code for p in problems] == ["E118", "E126"]
    assert "https://news.example/huge" in str(problems[0]) and "record <urn:uuid:" in str(problems[0])
    assert peak < 12_000_000, peak
