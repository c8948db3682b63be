"""JSON Lines news crawls: one article per line (``text``, optional ``id``, ``title``, ``date``, ``url``).

A record's name is its ``id`` (else ``<file stem>-<line>``), so the same record keeps its
document id across runs.

- a JSONL file reports its bad lines (``E106``, at most :data:`MAX_LINE_PROBLEMS`, then one
  ``E111`` with the count of the rest) and keeps its good ones; a JSONL file with no good
  line is one ``E110`` (or ``E107`` when it has no lines at all). A line longer than six
  times ``max_doc_size`` (the most JSON escaping can inflate a text) is skipped unread, so
  memory stays bounded by ``max_doc_size``.
- a record whose text is an HTML page is read as a page (its main text, with trafilatura);
  one note (``E109``) per file counts them. The record's own ``title`` wins over the page's.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

from kg.errors import KGError, KGWarning
from kg.records import Document
from kg.stages.ingest.files import check_regular
from kg.stages.ingest.html import html_to_text, looks_like_html
from kg.stages.ingest.text import (
    MAX_NAME,
    clean_text,
    display_name,
    document_id,
    one_line,
)

__all__ = ["read_jsonl", "MAX_LINE_PROBLEMS"]

MAX_LINE_PROBLEMS = 10  # bad JSONL lines reported one by one per file; the rest are counted


def _parse_date(value: object) -> date | None:
    """The day a record's ``date`` names: ISO 8601 ("2020-01-05", "2020-01-05T10:00:00Z"), an
    RFC 2822 stamp as feeds write it, or a written day ("January 5, 2020"); None otherwise.

    Examples
    --------
    >>> _parse_date("2020-01-05T10:00:00Z"), _parse_date("Sun, 05 Jan 2020 10:00:00 +0000")
    (datetime.date(2020, 1, 5), datetime.date(2020, 1, 5))
    >>> _parse_date("5 January 2020"), _parse_date("05/01/2020"), _parse_date("soon")
    (datetime.date(2020, 1, 5), None, None)
    """
    if not value or not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        pass
    # dateparser is imported only for a date that is not ISO
    from kg.world.dates import normalize

    day = normalize(value[:200], None)
    return datetime.strptime(day.value, "%Y-%m-%d").date() if day is not None and day.precision == "day" else None


def _jsonl_lines(fh, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) of each line; bytes is None for a line over ``limit`` (skipped unread)."""
    lineno = 0
    while raw := fh.readline(limit + 1):
        lineno += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            while (more := fh.readline(1 << 20)) and not more.endswith(b"\n"):
                pass
            yield lineno, None
        else:
            yield lineno, raw


def _record(raw: bytes, lineno: int, max_size: int) -> dict | str:
    """The JSON object of a line with a ``text`` that fits, or what is wrong with the line."""
    if b"\0" in raw:
        return "binary data (NUL bytes), not JSON"
    try:
        line = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
    except UnicodeDecodeError as exc:
        return f"not UTF-8 (byte {exc.start}: {exc.reason})"
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return f"invalid JSON ({exc.msg} at column {exc.colno})"
    except RecursionError:
        return "invalid JSON (nested too deeply)"
    if not isinstance(record, dict):
        return f"a JSON {type(record).__name__.replace('dict', 'object')}, not an object with 'text'"
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return _no_text(record)
    if len(text) > max_size or len(text.encode("utf-8", "surrogatepass")) > max_size:
        return f"text over the --max-doc-size limit of {max_size:,} bytes"
    return record


_JSON_TYPES = {bool: "true or false", int: "a number", float: "a number", list: "an array", dict: "an object",
               type(None): "null"}


def _no_text(record: dict) -> str:
    """Why a JSONL record has no text to read: no field, a field that is not a string, or blank.

    Examples
    --------
    >>> _no_text({"text": 12345}), _no_text({"title": "x"}), _no_text({"text": " "})
    ("'text' is a number, not a string", "no 'text' field", "'text' is empty")
    """
    if "text" not in record:
        return "no 'text' field"
    value = record["text"]
    if not isinstance(value, str):
        return f"'text' is {_JSON_TYPES.get(type(value), type(value).__name__)}, not a string"
    return "'text' is empty"


def read_jsonl(path: Path, max_size: int, problems: list[KGError | KGWarning]) -> Iterator[Document]:
    """The documents of a JSONL file, in order; its problems go to ``problems``."""
    check_regular(path)
    found = html = 0
    bad: list[KGError] = []
    first_line: dict[str, int] = {}  # id -> the line it was first read at
    repeats: list[tuple[int, str]] = []
    undated: list[tuple[int, object]] = []  # (line, value) of each 'date' that names no day
    with path.open("rb") as fh:
        for lineno, raw in _jsonl_lines(fh, 6 * max_size + 65536):
            if raw is None:
                bad.append(KGError("E106", path=path, line=lineno,
                                   detail=f"line over the --max-doc-size limit of {max_size:,} bytes (skipped unread)"))
                continue
            if not raw.strip():
                continue
            record = _record(raw, lineno, max_size)
            if isinstance(record, str):
                bad.append(KGError("E106", path=path, line=lineno, detail=record))
                continue
            text = clean_text(record["text"])
            title = one_line(record.get("title"))
            if looks_like_html(text):
                text, html_title = html_to_text(text)
                title = title or html_title
                html += 1
                if not text.strip():
                    bad.append(KGError("E106", path=path, line=lineno, detail="HTML with no text"))
                    continue
            name = one_line(record.get("id"))
            name = name[:MAX_NAME] if name else f"{display_name(path.stem)}-{lineno}"
            if first_line.setdefault(name, lineno) != lineno:
                repeats.append((lineno, name))
            found += 1
            day = _parse_date(record.get("date"))
            if day is None and record.get("date") not in (None, ""):
                undated.append((lineno, record["date"]))
            yield Document(
                id=document_id(name, text), name=name, text=text, source=f"{path}:{lineno}",
                title=title, date=day, url=one_line(record.get("url")),
            )
    if html:
        problems.append(KGWarning("E109", path=path, what=f"{html} record{'s' * (html > 1)}"))
    if undated:
        problems.append(KGWarning("E133", path=path, count=len(undated), line=undated[0][0],
                                  value=one_line(str(undated[0][1]), 80)))
    if repeats:
        problems.append(KGWarning("E132", path=path, count=len(repeats), line=repeats[0][0], name=repeats[0][1]))
    _report(path, found, bad, problems)


def _report(path: Path, found: int, bad: list[KGError], problems: list[KGError | KGWarning]) -> None:
    if not found:
        if bad:
            first = bad[0]
            more = f" (and {len(bad) - 1} more bad line{'s' * (len(bad) > 2)})" if len(bad) > 1 else ""
            problems.append(KGError("E110", path=path, detail=str(first).split(": ", 1)[1] + more))
        else:
            problems.append(KGError("E107", path=path))
        return
    problems.extend(bad[:MAX_LINE_PROBLEMS])
    if len(bad) > MAX_LINE_PROBLEMS:
        rest = bad[MAX_LINE_PROBLEMS:]
        problems.append(KGError("E111", path=path, count=len(rest), line=rest[0].fields["line"]))
