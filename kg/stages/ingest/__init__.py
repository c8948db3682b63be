"""Stage 1, ingest: files, folders, web pages, URLs, feeds and web archives → :class:`~kg.records.Document`.

What kg reads, by input:

==========================  =====================================================  ==================
input                       read as                                                module
==========================  =====================================================  ==================
``.txt``, ``.md``           plain text (an HTML page in it: read as a page, E109)  :mod:`.files`
``.jsonl``                  one article per line (``text``, ``id``, ``title`` ...)  :mod:`.jsonl`
``.html``, ``.htm``         a web page: main text and metadata (trafilatura)       :mod:`.html`
``http(s)://...``           fetched politely, cached; a page or a feed             :mod:`.web`
``--urls FILE``             the same, for each URL line of the file                :mod:`.web`
``.xml``, ``.rss``, ``.atom``  an RSS/Atom feed: each entry an article             :mod:`.feeds`
``.warc``, ``.warc.gz``     each HTML response record an article, streamed         :mod:`.warc`
==========================  =====================================================  ==================

Folders are read recursively, in sorted order.

Names and ids. A document's id is a hash of its name and text (:func:`document_id`), so an
unchanged article keeps its id across runs, a changed one gets a new id (and replaces the
older version with the same name). Names are chosen to be stable: a file's name, a JSONL
record's ``id``, a page's URL as the user gave it (not where it redirected to, which can
change), a feed entry's link (so an article read through its feed or from its URL has the same
name), a WARC record's target URI.

Bad input never stops the run: each bad file, URL, feed entry or record is reported once, as
one line naming it (a :class:`~kg.errors.KGError`, ``E1xx``), to ``problems``, and the rest is
read. Things worth knowing that are not failures (HTML found in a ``.txt``, a page skipped for
its language, records that are not pages) are :class:`~kg.errors.KGWarning` notes.

Web pages (files, URLs, feed entries, archive records) are checked for their language: one
that is confidently not English is skipped with a note (``E122``); kg's model reads English.
Text files and JSONL records are read as they always were, whatever their language.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.errors import KGError, KGWarning
from kg.records import Document
from kg.stages.ingest.feeds import read_feed
from kg.stages.ingest.files import (
    KINDS,
    file_kind,
    list_files,
    path_problem,
    read_bytes,
    read_text_file,
)
from kg.stages.ingest.html import (
    decode_html,
    html_to_text,
    looks_like_html,
    page_document,
)
from kg.stages.ingest.jsonl import MAX_LINE_PROBLEMS, read_jsonl
from kg.stages.ingest.text import clean_text, display_name, document_id
from kg.stages.ingest.warc import read_warc
from kg.stages.ingest.web import (
    Fetcher,
    UrlList,
    check_public,
    check_url,
    is_url,
    read_url_list,
    same_site,
)

__all__ = ["iter_documents", "read_documents", "iter_sources", "document_id", "clean_text", "html_to_text",
           "looks_like_html", "list_files", "path_problem", "Fetcher", "UrlList", "is_url", "SUFFIXES", "DEFAULT_MAX_DOC_SIZE",
           "MAX_LINE_PROBLEMS"]

#: the file endings kg reads
SUFFIXES = tuple(KINDS)
DEFAULT_MAX_DOC_SIZE = 20_000_000  # bytes of one document's text (and of one fetched page or feed)


def iter_sources(paths: Iterable[str | Path | UrlList], problems: list[KGError | KGWarning] | None = None
                 ) -> Iterator[tuple[str, str | Path]]:
    """``(kind, input)`` for each thing to read at ``paths``: ``("url", URL)`` or a file's kind
    (:data:`~.files.KINDS`) and its path; what cannot be read is reported to ``problems``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.html").write_text("<p>Hi</p>")
    >>> _ = (folder / "b.pdf").write_bytes(b"%PDF")
    >>> problems = []
    >>> [(kind, str(item).rsplit("/", 1)[-1]) for kind, item in iter_sources([folder, "https://example.org/"], problems)]
    [('page', 'a.html'), ('url', '')]
    >>> [p.code for p in problems]
    ['E102']
    """
    problems = problems if problems is not None else []
    said = {str(p) for p in problems}
    for given in paths:
        start = len(problems)
        yield from _given_sources(given, problems)
        new = [p for p in problems[start:] if str(p) not in said]  # a file named twice is reported once
        said.update(str(p) for p in new)
        problems[start:] = new


def _given_sources(given: str | Path | UrlList, problems: list[KGError | KGWarning]) -> Iterator[tuple[str, str | Path]]:
    """The sources of one input of :func:`iter_sources`."""
    if isinstance(given, UrlList):
        try:
            lines = read_url_list(given.path)
        except OSError as exc:
            problems.append(KGError("E101", path=f"{given.path} ({exc.strerror or exc})"))
            return
        for lineno, line in lines:
            if is_url(line):
                yield "url", line
            else:
                problems.append(KGError("E113", url=f"{given.path}:{lineno}: {line[:200]}"))
        return
    if isinstance(given, str) and is_url(given):
        yield "url", given
        return
    yield from _file_sources(Path(given), problems)


def _file_sources(path: Path, problems: list[KGError | KGWarning]) -> Iterator[tuple[str, Path]]:
    if not path.exists():
        problems.append(path_problem(path) or KGError("E101", path=path))
        return
    try:
        files = list_files(path, problems) if path.is_dir() else [path]
    except OSError as exc:
        problems.append(KGError("E101", path=f"{path} ({exc.strerror or exc})"))
        return
    if path.is_dir() and not files:
        problems.append(KGError("E107", path=path))
    for file in files:
        kind = file_kind(file)
        if kind is None:
            problems.append(KGError("E102", path=file, suffix=file.suffix or "(none)"))
        else:
            yield kind, file


class _Web:
    """The fetcher of one reading: the caller's, or one made when the first URL is met (and closed at the end)."""

    def __init__(self, fetcher: Fetcher | None, max_size: int) -> None:
        self.given, self.made, self.max_size = fetcher, None, max_size

    def fetch(self, url: str):
        if self.given is not None:
            return self.given.fetch(url)
        if self.made is None:
            self.made = Fetcher(max_size=self.max_size)
        return self.made.fetch(url)

    def links_of(self, feed: str | None, *, where: str | None = None):
        """A fetch for the links of a feed (at URL ``feed``, or a file ``where``): within the
        feed's site any address, elsewhere public ones only (:func:`~.web.check_public`)."""
        def fetch(link: str):
            if not (feed and same_site(feed, link)) and not (self.given is not None and self.given.private_links):
                check_public(link, where=where or feed or "a feed")
            return self.fetch(link)
        return fetch

    def close(self) -> None:
        if self.made is not None:
            self.made.close()


def _notes(found: Document | KGWarning, problems: list[KGError | KGWarning]) -> Iterator[Document]:
    if isinstance(found, KGWarning):
        problems.append(found)
    else:
        yield found


def _read_url(url: str, web: _Web, problems: list[KGError | KGWarning]) -> Iterator[Document]:
    url = check_url(url)
    response = web.fetch(url)
    if response.is_feed:
        yield from read_feed(response.body, where=url, base=response.final_url, fetch=web.links_of(response.final_url),
                             problems=problems, retrieved=response.fetched)
        return
    html = decode_html(response.body, response.charset, where=url)
    yield from _notes(page_document(html, name=url, source=url, where=url, url=response.final_url,
                                    retrieved=response.fetched), problems)


def _read(kind: str, item: str | Path, max_size: int, web: _Web, problems: list[KGError | KGWarning]
          ) -> Iterator[Document]:
    """The documents of one input."""
    if kind == "url":
        yield from _read_url(str(item), web, problems)
    elif kind == "text":
        yield read_text_file(item, max_size, problems)
    elif kind == "jsonl":
        yield from read_jsonl(item, max_size, problems)
    elif kind == "warc":
        yield from read_warc(item, max_size, problems)
    elif kind == "feed":
        data = read_bytes(item, max_size)
        if not data.strip():
            raise KGError("E103", path=item)
        yield from read_feed(data, where=str(item), base=None, fetch=web.links_of(None, where=str(item)),
                             problems=problems)
    else:  # a page
        html = decode_html(read_bytes(item, max_size), None, where=item)
        yield from _notes(page_document(html, name=display_name(item.name), source=str(item), where=item), problems)


def iter_documents(
    paths: Iterable[str | Path | UrlList],
    problems: list[KGError | KGWarning] | None = None,
    *,
    max_doc_size: int = DEFAULT_MAX_DOC_SIZE,
    fetcher: Fetcher | None = None,
) -> Iterator[Document]:
    """Yield the documents found at ``paths``; append each input problem to ``problems``.

    Parameters
    ----------
    paths : iterable of str, Path or UrlList
        Files and folders (see the module notes for the kinds), ``http(s)://`` URLs (as str),
        and files of URLs (:class:`UrlList`).
    problems : list, optional
        Receives one :class:`KGError` per missing path, bad file, URL, feed entry or archive
        record (for JSONL files, per bad line, see :mod:`.jsonl`), and the notes.
    max_doc_size : int
        Documents (and fetched responses) larger than this many bytes are reported and skipped.
    fetcher : Fetcher, optional
        Fetches URLs and the links of feeds (default: a :class:`Fetcher` without a cache, made
        when the first URL is met and closed at the end).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("Putin met Xi in Beijing.")
    >>> _ = (folder / "b.pdf").write_bytes(b"%PDF")
    >>> _ = (folder / "c.txt").write_bytes(b"\\x00\\x01\\x02")
    >>> problems = []
    >>> [d.name for d in iter_documents([folder, "file:///etc/passwd"], problems)]
    ['a.txt']
    >>> [p.code for p in problems]
    ['E102', 'E105', 'E113']
    """
    problems = problems if problems is not None else []
    seen: set[str] = set()
    web = _Web(fetcher, max_doc_size)
    try:
        for kind, item in iter_sources(paths, problems):
            try:
                for doc in _read(kind, item, max_doc_size, web, problems):
                    if doc.id not in seen:
                        seen.add(doc.id)
                        yield doc
            except KGError as exc:
                problems.append(exc)
            except MemoryError:
                problems.append(KGError("E108", path=item, size=_size(item), limit=max_doc_size))
            except OSError as exc:
                problems.append(KGError("E101", path=f"{item} ({exc.strerror or exc})"))
    finally:
        web.close()


def _size(path: str | Path) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def read_documents(paths: Iterable[str | Path | UrlList], **kwargs: object) -> tuple[list[Document], list[KGError]]:
    """All documents at ``paths`` and the problems met, as lists (for notebooks)."""
    problems: list[KGError | KGWarning] = []
    docs = list(iter_documents(paths, problems, **kwargs))  # type: ignore[arg-type]
    return docs, problems
