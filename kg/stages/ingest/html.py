"""Web pages → article text and metadata, with trafilatura.

A news page is mostly not the article: navigation, cookie banners, "most read" lists, related
links, newsletter boxes, footers. :func:`read_page` keeps the main text only (trafilatura,
tuned for precision: a line of page furniture in an evidence sentence is worse than a lost
paragraph) and reads the page's metadata: title, author, publication date, canonical URL,
site name. Dates come from htmldate (through trafilatura): the page's metadata
(``article:published_time``, JSON-LD, ``<time>``, the canonical URL) and, where the page is
vague, the address it was fetched from; never later than the day the page was fetched or
crawled. htmldate's "extensive" search of the text is left off: it takes a bare year in the
text for 1 January of that year, and a wrong publication date would misdate every "on
Saturday" in the article; a page with no date gets kg's own dateline and caption reading
(:func:`kg.world.dates.find_document_date`), as text files do.

Pages are untrusted input. Their bytes are decoded by the charset the server or the page
declares (else UTF-8); a page that does not decode (more than 1% of its characters broken)
or holds binary data is refused (``E124``). A page whose text is confidently (≥ 0.9, from
at least 200 characters) not English is skipped with a note (``E122``): kg's model reads
English. py3langid's model ships inside its wheel; nothing is downloaded.

trafilatura, htmldate and py3langid are imported when the first page is met, so reading
plain text costs nothing of them.
"""

from __future__ import annotations

import codecs
import datetime
import logging
import re
from dataclasses import dataclass

from kg.errors import KGError, KGWarning
from kg.records import Document
from kg.stages.ingest.text import MAX_NAME, clean_text, document_id, one_line

__all__ = ["Page", "looks_like_html", "html_to_text", "read_page", "decode_html", "page_document",
           "language_of", "MIN_LANGUAGE_TEXT", "MIN_LANGUAGE_CONFIDENCE"]

#: pages with less text than this (characters) are not judged by language
MIN_LANGUAGE_TEXT = 200
#: a page is skipped as not English only when the identifier is at least this sure
MIN_LANGUAGE_CONFIDENCE = 0.9
_BROKEN_SHARE = 0.01  # more U+FFFD than this share of a decoded page: it does not decode

for _name in ("trafilatura", "htmldate", "courlan", "justext"):  # their warnings are about pages, not kg:
    logging.getLogger(_name).addHandler(logging.NullHandler())  # never printed unless logging is set up

_STRONG_HTML = re.compile(r"<!doctype\s+html|<html[\s>]|<body[\s>]|<head[\s>]", re.I)
_HTML_TAG = re.compile(r"</?(?:p|div|span|a|br|li|ul|ol|td|tr|th|table|h[1-6]|img|b|i|em|strong|script|style|"
                       r"meta|link|article|section|header|footer|nav|main|figure|figcaption|blockquote)"
                       r"(?:\s[^<>]{0,500})?/?>", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)
_WINDOWS = {"ascii": "cp1252", "latin-1": "cp1252", "iso8859-1": "cp1252"}  # as browsers read them (WHATWG)


@dataclass(frozen=True, slots=True)
class Page:
    """The main text of a web page and its metadata."""

    text: str
    title: str | None = None
    author: str | None = None
    date: datetime.date | None = None
    url: str | None = None  # canonical URL, else the one it was fetched from
    site: str | None = None


def looks_like_html(text: str) -> bool:
    """Is this text an HTML page (a doctype, ``<html>``/``<body>``, or many HTML tags)?

    Examples
    --------
    >>> looks_like_html("<!DOCTYPE html><html><body><p>Hi</p></body></html>")
    True
    >>> looks_like_html("Use a <b> tag, or 3 < 4 > 2, said the engineer.")
    False
    """
    head = text[:65536]
    if _STRONG_HTML.search(head):
        return True
    tags = _HTML_TAG.findall(head)
    return len(tags) >= 8 and sum(map(len, tags)) >= 0.02 * len(head)


def decode_html(data: bytes, charset: str | None, *, where: object) -> str:
    """The characters of a page: by its byte-order mark, else the ``charset`` the server sent,
    else the page's ``<meta charset>``, else UTF-8; refused (``E124``) when it does not decode.

    Examples
    --------
    >>> decode_html("<p>Caf\\xe9</p>".encode("latin-1"), "iso-8859-1", where="x")
    '<p>Café</p>'
    >>> decode_html(b"<meta charset='windows-1251'><p>\\xcc\\xee\\xf1\\xea\\xe2\\xe0</p>", None, where="x")[-10:]
    'Москва</p>'
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    if b"\0" in data[:8192]:
        raise KGError("E124", path=where, detail="binary data, not text")
    if data.startswith(b"\xef\xbb\xbf"):
        charset, data = "utf-8", data[3:]
    elif not charset and (found := _META_CHARSET.search(data[:4096])):
        charset = found.group(1).decode("ascii")
    try:
        codec = codecs.lookup(charset or "utf-8").name
    except LookupError:
        codec = "utf-8"
    codec = _WINDOWS.get(codec, codec)
    text = data.decode(codec, "replace")
    broken = text.count("\ufffd")
    if broken > _BROKEN_SHARE * len(text):
        raise KGError("E124", path=where, detail=f"{broken:,} of {len(text):,} characters are not {codec}")
    return text


def read_page(html: str, *, url: str | None = None, max_date: datetime.date | None = None) -> Page | None:
    """The main text and metadata of an HTML page or fragment (None: no main text found).

    Examples
    --------
    >>> page = read_page("<html><head><title>Talks</title></head><body><nav><a href='/'>Home</a>"
    ...                  "<a href='/world'>World</a></nav><article><h1>Talks</h1><p>Putin met Xi in "
    ...                  "Beijing on Monday.</p></article><footer>All rights reserved.</footer></body></html>")
    >>> page.text, page.title
    ('Talks\\nPutin met Xi in Beijing on Monday.', 'Talks')
    """
    from trafilatura import bare_extraction

    params = {"original_date": True, "extensive_search": False,
              "max_date": (max_date or datetime.date.today()).isoformat()}
    try:
        found = bare_extraction(html, url=url, favor_precision=True, include_comments=False, include_tables=False,
                                with_metadata=True, date_extraction_params=params)
        text = clean_text(found.text or "").strip() if found is not None else ""
        if not text:
            return None
        day = _iso_date(found.date)
        if day is None and url and url != found.url:  # vague page: the address it was fetched from may tell
            from htmldate import find_date

            day = _iso_date(find_date(html, url=url, **params))
    except Exception:  # noqa: BLE001 - markup trafilatura cannot take is a page with no text
        return None
    return Page(text=text, title=one_line(found.title), author=one_line(found.author, 1000), date=day,
                url=one_line(found.url, 4000), site=one_line(found.sitename, 1000))


def _iso_date(value: object) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def html_to_text(html: str) -> tuple[str, str | None]:
    """The main text of an HTML page and its title (``""`` and None when it has no main text).

    Examples
    --------
    >>> html_to_text("<html><body><p>Erdogan met Putin in Ankara.</p></body></html>")
    ('Erdogan met Putin in Ankara.', None)
    """
    page = read_page(html)
    return (page.text, page.title) if page else ("", None)


_IDENTIFIER: list = []


def language_of(text: str) -> tuple[str, float]:
    """The language of a text (ISO 639-1) and the identifier's confidence (0 to 1).

    Examples
    --------
    >>> language_of("Le président a rencontré Xi à Pékin mardi pour discuter du commerce.")[0]
    'fr'
    """
    if not _IDENTIFIER:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        _IDENTIFIER.append(LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True))
    language, confidence = _IDENTIFIER[0].classify(text[:5000])
    return language, float(confidence)


def _language_name(code: str) -> str:
    import pycountry

    found = pycountry.languages.get(alpha_2=code)
    return f"{found.name} ({code})" if found else code


def page_document(html: str, *, name: str, source: str, where: object, url: str | None = None,
                  retrieved: datetime.datetime | None = None, record_id: str | None = None,
                  title: str | None = None, date: datetime.date | None = None) -> Document | KGWarning:
    """A page as a :class:`Document` named ``name`` (a stable name: a URL or a file name), or the
    note that skips it (``E122``, not English); ``E123`` when it has no main text.

    ``title`` and ``date`` (a feed entry's) stand in when the page has none; ``where`` names
    the page in messages.
    """
    page = read_page(html, url=url, max_date=retrieved.date() if retrieved else None)
    if page is None:
        raise KGError("E123", path=where)
    language = None
    if len(page.text) >= MIN_LANGUAGE_TEXT:
        code, confidence = language_of(page.text)
        if confidence >= MIN_LANGUAGE_CONFIDENCE:
            language = code
            if code != "en":
                return KGWarning("E122", path=where, language=_language_name(code))
    name = name[:MAX_NAME]
    return Document(id=document_id(name, page.text), name=name, text=page.text, source=source,
                    title=page.title or title, date=page.date or date, url=page.url or url,
                    author=page.author, site=page.site, language=language, retrieved=retrieved,
                    record_id=record_id)
