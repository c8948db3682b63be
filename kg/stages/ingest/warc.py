"""Web archives: ``.warc`` and ``.warc.gz`` files (warcio), as Common Crawl's CC-NEWS writes them.

Each HTTP response record with status 200 and an HTML media type is an article; request,
metadata and warcinfo records are passed over, and the other responses (images, redirects,
errors) are counted in one note per file (``E126``). A record's document is named by its
target URI (so a page crawled again with the same text keeps its id, and a changed one
replaces it), its ``source`` is ``<file>@<byte offset of the record>``, and the record's
``WARC-Date`` (the crawl time) and ``WARC-Record-ID`` are its provenance.

Archives are streamed in constant memory: warcio decompresses one gzip member at a time in
blocks of :data:`_BLOCK` compressed bytes, a record's payload is read only up to
``max_doc_size`` (``E118`` names the record), and skipped payloads are read through, never held.
A truncated or corrupt archive (a record cut short, a record that is not WARC, what warcio warns
about) gives one ``E121`` with the offset where reading stopped; the records before it are kept.
Only WARC is read (not the older ARC format, which warcio would find in any text file).
"""

from __future__ import annotations

import contextlib
import datetime
import io
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from kg.errors import KGError, KGWarning
from kg.records import Document
from kg.stages.ingest.files import check_regular
from kg.stages.ingest.html import decode_html, page_document
from kg.stages.ingest.text import one_line
from kg.stages.ingest.web import PAGE_TYPES, media_type

__all__ = ["read_warc"]

#: compressed bytes warcio reads at a time: a gzip member inflates at most ~1000-fold, so no
#: more than ~1 MB of a record is ever decompressed at once, however it was packed
_BLOCK = 1024


def _warc_date(value: str | None) -> datetime.datetime | None:
    try:
        return datetime.datetime.fromisoformat(value.strip()) if value else None
    except ValueError:
        return None


def _skip_reason(record) -> str | None:
    """Why a response record is not an article (None: it is one)."""
    http = record.http_headers
    if http is None:
        return "no HTTP headers"
    status = http.get_statuscode()
    if status != "200":
        return f"HTTP {status}"
    ctype = media_type(http.get_header("Content-Type") or "")[0]
    if ctype and ctype not in PAGE_TYPES:
        return ctype
    return None


def read_warc(path: Path, max_size: int, problems: list[KGError | KGWarning]) -> Iterator[Document]:
    """The articles of a WARC file, in the order of its records."""
    from warcio.archiveiterator import ArchiveIterator

    check_regular(path)
    skipped: Counter[str] = Counter()
    offset = seen = 0
    with open(path, "rb") as fh:
        records = ArchiveIterator(fh, block_size=_BLOCK)
        while True:
            warnings = io.StringIO()  # warcio prints what it finds wrong: made one error here
            try:
                with contextlib.redirect_stderr(warnings):
                    record = next(records, None)
                    offset = records.offset  # where it starts (get_record_offset() would read it through)
                    found = _record(record, path=path, offset=offset, max_size=max_size, skipped=skipped)
                if warnings.getvalue().strip():
                    raise ValueError(" ".join(warnings.getvalue().split())[:200])
            except KGError as exc:
                problems.append(exc)
                continue
            except Exception as exc:  # noqa: BLE001 - warcio, gzip and zlib fail in many ways on a broken file
                detail = (str(exc) or type(exc).__name__).splitlines()[0][:200]
                problems.append(KGError("E121", path=path, offset=offset, detail=detail))
                break
            if record is None:
                if not seen:
                    problems.append(KGError("E121", path=path, offset=0, detail="no WARC records"))
                break
            seen += 1
            if isinstance(found, (Document, KGWarning)):
                yield from _notes(found, problems)
    if skipped:
        detail = ", ".join(f"{n:,} {what}" for what, n in skipped.most_common(5))
        problems.append(KGWarning("E126", path=path, count=sum(skipped.values()), detail=detail))


def _notes(found: Document | KGWarning, problems: list[KGError | KGWarning]) -> Iterator[Document]:
    if isinstance(found, KGWarning):
        problems.append(found)
    else:
        yield found


def _record(record, *, path: Path, offset: int, max_size: int, skipped: Counter[str]) -> Document | KGWarning | None:
    """The article of one record (None: not a page, counted in ``skipped`` when it is a response)."""
    if record is None:
        return None
    if record.format != "warc" or not record.rec_type:
        raise ValueError(f"not a WARC record ({record.format or 'no format'}, WARC-Type {record.rec_type!r})")
    if record.rec_type != "response":
        return None
    reason = _skip_reason(record)
    if reason:
        skipped[reason.split(";")[0][:40]] += 1
        return None
    return _record_document(record, path=path, offset=offset, max_size=max_size)


def _record_document(record, *, path: Path, offset: int, max_size: int) -> Document | KGWarning:
    uri = one_line(record.rec_headers.get_header("WARC-Target-URI"), 8000) or f"{path.name}@{offset}"
    record_id = one_line(record.rec_headers.get_header("WARC-Record-ID"), 200)
    where = f"{path} record {record_id or '@' + str(offset)} ({uri})"
    body = record.content_stream().read(max_size + 1)
    if len(body) > max_size:
        raise KGError("E118", url=where, limit=max_size, size=len(body))
    if getattr(record.raw_stream, "limit", 0) > 0:  # the file ended before the record's Content-Length
        raise ValueError(f"the record of {uri} is cut short")
    charset = media_type(record.http_headers.get_header("Content-Type") or "")[1]
    html = decode_html(body, charset, where=where)
    return page_document(html, name=uri, source=f"{path}@{offset}", where=where, url=uri,
                         retrieved=_warc_date(record.rec_headers.get_header("WARC-Date")),
                         record_id=record_id.strip("<>") if record_id else None)
