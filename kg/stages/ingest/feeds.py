"""RSS and Atom feeds (feedparser): each entry is an article.

An entry that carries its article (``content:encoded``, Atom ``<content>``) is read from the
feed; any other entry's link is fetched and read as a page. The entry's title and date stand
in for the page's when it has none. A document from a feed is named by the entry's link (else
its ``id``/``guid``, else ``<feed>#<n>``): the same article has the same name whether read
from its feed or from its URL.

Feeds are untrusted input. feedparser is handed the bytes (never a URL or path, which it would
open itself), its XML parser does not load external entities or DTDs, and expat refuses
entity expansion bombs. A feed is read up to :data:`MAX_ENTRIES` entries (``E125`` counts the
rest). A feed that is not well formed is one ``E120``, and the entries feedparser recovered
before the break (those with a link or content) are still read.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable, Iterator
from urllib.parse import urljoin

from kg.errors import KGError, KGWarning
from kg.records import Document
from kg.stages.ingest.html import decode_html, page_document
from kg.stages.ingest.text import one_line

__all__ = ["read_feed", "MAX_ENTRIES"]

MAX_ENTRIES = 10_000


def _entry_date(entry) -> datetime.date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return datetime.date(value.tm_year, value.tm_mon, value.tm_mday)
            except (ValueError, AttributeError):
                continue
    return None


def _entry_content(entry) -> str | None:
    """The article an entry carries as HTML (or text), if it carries one."""
    for content in entry.get("content") or ():
        value = content.get("value") if isinstance(content, dict) else None
        if isinstance(value, str) and value.strip():
            return value
    return None


def read_feed(data: bytes, *, where: str, base: str | None, fetch: Callable[[str], object],
              problems: list[KGError | KGWarning], retrieved: datetime.datetime | None = None) -> Iterator[Document]:
    """The articles of a feed (``where`` names it in messages; ``base`` resolves relative links;
    ``fetch`` gets a linked page as a :class:`~kg.stages.ingest.web.Response`)."""
    import feedparser

    parsed = feedparser.parse(io.BytesIO(data), response_headers={"content-type": "application/xml"},
                              sanitize_html=False, resolve_relative_uris=False)
    entries = parsed.get("entries") or []
    broken = parsed.get("bozo") and not isinstance(parsed.get("bozo_exception"), feedparser.CharacterEncodingOverride)
    if broken:  # one error for the feed; what feedparser recovered before the break is still read
        detail = str(parsed.get("bozo_exception") or "not well-formed XML").splitlines()[0][:200]
        problems.append(KGError("E120", path=where, detail=detail))
        entries = [e for e in entries if e.get("link") or _entry_content(e)]
    elif not entries:
        if not parsed.get("version"):
            raise KGError("E120", path=where, detail="no <rss>, <feed> or <rdf:RDF> element")
        raise KGError("E107", path=where)
    for n, entry in enumerate(entries[:MAX_ENTRIES], 1):
        link = one_line(entry.get("link"), 8000)
        link = urljoin(base, link) if link and base else link
        name = link or one_line(entry.get("id"), 8000) or f"{where}#{n}"
        meta = {"title": one_line(entry.get("title")), "date": _entry_date(entry)}
        label = f"{where} entry {n}" + (f" ({link})" if link else "")
        try:
            found = _entry_document(entry, name=name, link=link, label=label, source=f"{where}#{n}",
                                    fetch=fetch, retrieved=retrieved, meta=meta)
        except KGError as exc:
            problems.append(exc)
            continue
        if isinstance(found, KGWarning):
            problems.append(found)
        else:
            yield found
    if len(entries) > MAX_ENTRIES:
        problems.append(KGWarning("E125", path=where, count=len(entries) - MAX_ENTRIES, limit=MAX_ENTRIES))


def _entry_document(entry, *, name: str, link: str | None, label: str, source: str, fetch, retrieved, meta
                    ) -> Document | KGWarning:
    content = _entry_content(entry)
    if content is not None:
        try:
            return page_document(content, name=name, source=source, where=label, url=link, retrieved=retrieved,
                                 **meta)
        except KGError:
            if not link:  # a teaser too short to be an article: the page it links to is
                raise
    if not link:
        raise KGError("E123", path=label)
    response = fetch(link)
    if response.is_feed:
        raise KGError("E117", url=link, ctype=f"{response.content_type or 'a feed'}, linked from {label}")
    html = decode_html(response.body, response.charset, where=link)
    return page_document(html, name=name, source=response.url, where=link, url=response.final_url,
                         retrieved=response.fetched, **meta)
