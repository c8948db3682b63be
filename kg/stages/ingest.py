"""Stage 1, ingest: files, folders and JSONL news crawls → :class:`~kg.records.Document`.

kg reads ``.txt`` and ``.md`` files, folders of them (recursively, in sorted order) and
``.jsonl`` files with one article per line (``text``, optional ``id``, ``title``, ``date``,
``url``). A document's id is a hash of its name and text, so an unchanged article keeps its
id across runs and a changed one gets a new id.

Bad input never stops the run: each bad file is reported once as a :class:`KGError` to
``problems`` and skipped, and the other files are read. In detail:

- binary files (NUL bytes, or mostly control characters) → ``E105``; text that is not UTF-8
  → ``E104`` (UTF-16 with a byte-order mark is read); empty or whitespace-only → ``E103``;
  over ``max_doc_size`` → ``E108`` (found from the file size, before reading it);
  a FIFO, socket or device → ``E112``; a symbolic link that loops or points nowhere →
  ``E113`` (:func:`path_problem`: in a folder too, where such entries used to be skipped
  without a word, and for a named path, which used to be "no such file").
- stray control characters in text are replaced by a space (form feed and vertical tab by a
  line break), lone surrogates (from JSON ``\\ud800`` escapes) by U+FFFD: one character for
  one, so the text keeps its length and shape.
- a file (or JSONL record) that is HTML rather than text is read as its text: tags, scripts
  and styles dropped, block elements turned into line breaks, ``<title>`` used as the title.
  One note (``E109``) says so; character offsets refer to this text, which is
  :attr:`Document.text`.
- a JSONL file reports its bad lines (``E106``, at most :data:`MAX_LINE_PROBLEMS`, then one
  ``E111`` with the count of the rest) and keeps its good ones; a JSONL file with no good
  line is one ``E110`` (or ``E107`` when it has no lines at all). A line longer than six
  times ``max_doc_size`` (the most JSON escaping can inflate a text) is skipped unread, so
  memory stays bounded by ``max_doc_size``.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

from kg.errors import KGError, KGWarning
from kg.records import Document

__all__ = ["iter_documents", "read_documents", "document_id", "clean_text", "html_to_text", "looks_like_html",
           "path_problem",
           "SUFFIXES", "DEFAULT_MAX_DOC_SIZE", "MAX_LINE_PROBLEMS"]

SUFFIXES = (".txt", ".md", ".jsonl")
DEFAULT_MAX_DOC_SIZE = 20_000_000  # bytes of one document's text
MAX_LINE_PROBLEMS = 10  # bad JSONL lines reported one by one per file; the rest are counted
_SNIFF = 8192
_MAX_NAME = 300
_BINARY_SHARE = 0.1  # more control characters than this share of the first 8 KiB: a binary file

# C0 controls except tab and line feed, DEL, and the C1 controls; \f and \v become line breaks
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_BREAKS = str.maketrans({"\f": "\n", "\v": "\n"})


def document_id(name: str, text: str) -> str:
    """The stable id of a document: SHA-256 of its name and text.

    Examples
    --------
    >>> document_id("a.txt", "Hello.")[:12]
    '6da9c4f62696'
    """
    return hashlib.sha256(f"{name}\0{text}".encode("utf-8", "surrogatepass")).hexdigest()


def clean_text(text: str) -> str:
    r"""Text safe to parse and store, one character for one: line ends made ``\n`` first, then
    control characters → space (``\f``, ``\v`` → ``\n``), lone surrogates → U+FFFD.

    Examples
    --------
    >>> clean_text("a\x00b\x1bc\fd\ud800e")
    'a b c\nd\ufffde'
    >>> clean_text("one\r\ntwo\rthree")
    'one\ntwo\nthree'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
    if _CONTROL.search(text):
        text = _CONTROL.sub(" ", text.translate(_BREAKS))
    return text


def _display_name(name: str) -> str:
    """A file name as text: undecodable bytes (``surrogateescape``) → U+FFFD, controls → space."""
    name = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return clean_text(name).replace("\n", " ").strip()[:_MAX_NAME]


def _decode(path: Path, data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with a byte-order mark (Windows Notepad)
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise KGError("E104", path=path, detail=f"UTF-16 byte {exc.start}: {exc.reason}") from None
        return clean_text(text)
    if b"\0" in data[:_SNIFF]:
        raise KGError("E105", path=path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise KGError("E104", path=path, detail=f"byte {exc.start}: {exc.reason}") from None
    head = text[:_SNIFF]
    if head and len(_CONTROL.findall(head.replace("\f", ""))) > _BINARY_SHARE * len(head):
        raise KGError("E105", path=path)
    return clean_text(text)


# ---------------------------------------------------------------------------- HTML

_STRONG_HTML = re.compile(r"<!doctype\s+html|<html[\s>]|<body[\s>]|<head[\s>]", re.I)
_HTML_TAG = re.compile(r"</?(?:p|div|span|a|br|li|ul|ol|td|tr|th|table|h[1-6]|img|b|i|em|strong|script|style|"
                       r"meta|link|article|section|header|footer|nav|main|figure|figcaption|blockquote)"
                       r"(?:\s[^<>]{0,500})?/?>", re.I)
_SKIP = {"script", "style", "noscript", "template", "svg", "math", "iframe", "object"}
_BLOCK = {"p", "div", "section", "article", "header", "footer", "nav", "main", "aside", "blockquote", "pre",
          "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "table", "figure", "figcaption", "form",
          "address", "hr", "title", "body", "html", "head"}
_LINE = {"br", "li", "tr", "dt", "dd", "caption"}


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


class _HTMLText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self.skip = 0
        self.in_title = False

    def handle_starttag(self, tag, attrs):  # noqa: ARG002
        if tag in _SKIP:
            self.skip += 1
        elif tag == "title":
            self.in_title = True
        if tag in _BLOCK:
            self.parts.append("\n\n")
        elif tag in _LINE:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" ")

    def handle_startendtag(self, tag, attrs):
        if tag not in _SKIP:  # <script/> opens nothing
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag == "title":
            self.in_title = False
        if tag in _BLOCK:
            self.parts.append("\n\n")
        elif tag in _LINE:
            self.parts.append("\n")

    def handle_data(self, data):
        if self.skip:
            return
        if self.in_title:
            self.title.append(data)
            return
        self.parts.append(data)


def _tidy(text: str) -> str:
    lines = (re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def html_to_text(html: str) -> tuple[str, str | None]:
    """The text of an HTML page and its ``<title>``: scripts and styles dropped, block
    elements on lines of their own, entities decoded, runs of spaces made one.

    Examples
    --------
    >>> html_to_text("<html><head><title>Talks</title><style>p{}</style></head>"
    ...              "<body><h1>Talks &amp; more</h1><p>Putin met  Xi.<br>In Beijing.</p></body></html>")
    ('Talks & more\\n\\nPutin met Xi.\\nIn Beijing.', 'Talks')
    """
    parser = _HTMLText()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # noqa: BLE001 - html.parser gave up on broken markup: drop the tags bluntly
        return _tidy(re.sub(r"<[^<>]*>", " ", html)), None
    title = _tidy(" ".join(parser.title)).replace("\n", " ") or None
    return _tidy("".join(parser.parts)), title


# ---------------------------------------------------------------------------- reading


def _markdown_title(text: str) -> str | None:
    for line in text.splitlines():
        if line.startswith("# "):
            return line[2:].strip() or None
        if line.strip():
            return None
    return None


def _parse_date(value: object) -> date | None:
    if not value or not isinstance(value, (str, int)):
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _str_field(value: object) -> str | None:
    """A JSONL metadata value as clean one-line text, or None when it is not text."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    text = clean_text(str(value)).replace("\n", " ").strip()
    return text[:10_000] or None


def path_problem(path: Path) -> KGError | None:
    """What keeps kg from reading ``path`` as a file or folder, named as it is; None if nothing.

    ``E101`` missing, ``E113`` a symbolic link that loops or points nowhere, ``E112`` a FIFO,
    socket or device.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> (folder / "loop.txt").symlink_to(folder / "loop.txt")
    >>> str(path_problem(folder / "loop.txt")).endswith("loop.txt: a symbolic link that loops back on itself")
    True
    >>> (folder / "gone.txt").symlink_to("nowhere.txt")
    >>> str(path_problem(folder / "gone.txt")).endswith("gone.txt: a symbolic link to nowhere.txt, which does not exist")
    True
    >>> path_problem(folder) is None
    True
    """
    try:
        own = os.lstat(path)
    except OSError as exc:
        return KGError("E101", path=path if isinstance(exc, FileNotFoundError) else f"{path} ({exc.strerror or exc})")
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        if not stat.S_ISLNK(own.st_mode):
            return KGError("E101", path=f"{path} ({exc.strerror or exc})")
        if exc.errno == errno.ELOOP:
            return KGError("E113", path=path, detail="that loops back on itself")
        if isinstance(exc, FileNotFoundError):
            return KGError("E113", path=path, detail=f"to {os.readlink(path)}, which does not exist")
        return KGError("E113", path=path, detail=f"kg cannot follow ({exc.strerror or exc})")
    if stat.S_ISDIR(mode) or stat.S_ISREG(mode):
        return None
    return KGError("E112", path=path)


def _check_regular(path: Path) -> None:
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise KGError("E101", path=f"{path} ({exc.strerror or exc})") from None
    if not stat.S_ISREG(mode):
        raise KGError("E112", path=path)


def _read_text_file(path: Path, max_size: int, problems: list[KGError | KGWarning]) -> Document:
    _check_regular(path)
    size = path.stat().st_size
    if size > max_size:
        raise KGError("E108", path=path, size=size, limit=max_size)
    with open(path, "rb") as fh:
        data = fh.read(max_size + 1)  # the file may have grown since stat()
    if len(data) > max_size:
        raise KGError("E108", path=path, size=len(data), limit=max_size)
    text = _decode(path, data)
    if not text.strip():
        raise KGError("E103", path=path)
    title = None
    if looks_like_html(text):
        text, title = html_to_text(text)
        text = clean_text(text)  # character references may have made control characters
        if not text.strip():
            raise KGError("E103", path=path)
        problems.append(KGWarning("E109", path=path, what="the file"))
    elif path.suffix.lower() == ".md":
        title = _markdown_title(text)
    name = _display_name(path.name)
    return Document(id=document_id(name, text), name=name, text=text, source=str(path), title=title)


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


def _read_jsonl(path: Path, max_size: int, problems: list[KGError | KGWarning]) -> Iterator[Document]:
    _check_regular(path)
    found = lines = html = 0
    bad: list[KGError] = []

    def problem(lineno: int, detail: str) -> None:
        bad.append(KGError("E106", path=path, line=lineno, detail=detail))

    with path.open("rb") as fh:
        for lineno, raw in _jsonl_lines(fh, 6 * max_size + 65536):
            if raw is None:
                lines += 1
                problem(lineno, f"line over the --max-doc-size limit of {max_size:,} bytes (skipped unread)")
                continue
            if not raw.strip():
                continue
            lines += 1
            if b"\0" in raw:
                problem(lineno, "binary data (NUL bytes), not JSON")
                continue
            try:
                line = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                problem(lineno, f"not UTF-8 (byte {exc.start}: {exc.reason})")
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                problem(lineno, f"invalid JSON ({exc.msg} at column {exc.colno})")
                continue
            except RecursionError:
                problem(lineno, "invalid JSON (nested too deeply)")
                continue
            if not isinstance(record, dict):
                problem(lineno, f"a JSON {type(record).__name__.replace('dict', 'object')}, not an object with 'text'")
                continue
            text = record.get("text")
            if not isinstance(text, str) or not text.strip():
                problem(lineno, _no_text(record))
                continue
            if len(text) > max_size or len(text.encode("utf-8", "surrogatepass")) > max_size:
                problem(lineno, f"text over the --max-doc-size limit of {max_size:,} bytes")
                continue
            text = clean_text(text)
            title = _str_field(record.get("title"))
            if looks_like_html(text):
                text, html_title = html_to_text(text)
                text = clean_text(text)
                title = title or html_title
                html += 1
                if not text.strip():
                    problem(lineno, "HTML with no text")
                    continue
            name = _str_field(record.get("id"))
            name = name[:_MAX_NAME] if name else f"{_display_name(path.stem)}-{lineno}"
            found += 1
            yield Document(
                id=document_id(name, text), name=name, text=text, source=f"{path}:{lineno}",
                title=title, date=_parse_date(record.get("date")), url=_str_field(record.get("url")),
            )
    if html:
        problems.append(KGWarning("E109", path=path, what=f"{html} record{'s' * (html > 1)}"))
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


def _files(path: Path, problems: list | None = None) -> list[Path]:
    """The files of a folder, recursively, in sorted order; every other entry (a FIFO, a link
    that loops or points nowhere) is reported in ``problems`` (if given). Hidden names are left
    out; links to folders are not followed."""
    files = []
    for entry in sorted(path.rglob("*")):
        if entry.name.startswith(".") or entry.is_dir():
            continue
        if entry.is_file():
            files.append(entry)
            continue
        problem = path_problem(entry)
        if problem is not None and problems is not None:
            problems.append(problem)
    return files


def iter_documents(
    paths: Iterable[str | Path],
    problems: list[KGError | KGWarning] | None = None,
    *,
    max_doc_size: int = DEFAULT_MAX_DOC_SIZE,
) -> Iterator[Document]:
    """Yield the documents found at ``paths``; append each input problem to ``problems``.

    Parameters
    ----------
    paths : iterable of str or Path
        Files (``.txt``, ``.md``, ``.jsonl``) and folders of them.
    problems : list, optional
        Receives one :class:`KGError` per missing path or bad file (for JSONL files, per bad
        line, see the module notes), and ``E109`` notes for HTML read as text.
    max_doc_size : int
        Documents larger than this many bytes are reported and skipped.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("Putin met Xi in Beijing.")
    >>> _ = (folder / "b.pdf").write_bytes(b"%PDF")
    >>> _ = (folder / "c.txt").write_bytes(b"\\x00\\x01\\x02")
    >>> problems = []
    >>> [d.name for d in iter_documents([folder], problems)]
    ['a.txt']
    >>> [p.code for p in problems]
    ['E102', 'E105']
    """
    problems = problems if problems is not None else []
    seen: set[str] = set()
    said = {str(p) for p in problems}
    for given in paths:
        start = len(problems)
        yield from _documents_at(Path(given), problems, seen, max_doc_size)
        new = [p for p in problems[start:] if str(p) not in said]  # a file named twice is reported once
        said.update(str(p) for p in new)
        problems[start:] = new


def _documents_at(path: Path, problems: list, seen: set[str], max_doc_size: int) -> Iterator[Document]:
    """The documents of one path given to :func:`iter_documents` (``seen``: ids already yielded)."""
    if not path.exists():
        problems.append(path_problem(path) or KGError("E101", path=path))
        return
    try:
        files = _files(path, problems) if path.is_dir() else [path]
    except OSError as exc:
        problems.append(KGError("E101", path=f"{path} ({exc.strerror or exc})"))
        return
    if path.is_dir() and not files:
        problems.append(KGError("E107", path=path))
    for file in files:
        suffix = file.suffix.lower()
        if suffix not in SUFFIXES:
            problems.append(KGError("E102", path=file, suffix=file.suffix or "(none)"))
            continue
        try:
            if suffix == ".jsonl":
                docs = _read_jsonl(file, max_doc_size, problems)
            else:
                docs = iter([_read_text_file(file, max_doc_size, problems)])
            for doc in docs:
                if doc.id in seen:
                    continue
                seen.add(doc.id)
                yield doc
        except KGError as exc:
            problems.append(exc)
        except MemoryError:
            problems.append(KGError("E108", path=file, size=_size(file), limit=max_doc_size))
        except OSError as exc:
            problems.append(KGError("E101", path=f"{file} ({exc.strerror or exc})"))


def _size(path: Path) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def read_documents(paths: Iterable[str | Path], **kwargs: object) -> tuple[list[Document], list[KGError]]:
    """All documents at ``paths`` and the problems met, as lists (for notebooks)."""
    problems: list[KGError | KGWarning] = []
    docs = list(iter_documents(paths, problems, **kwargs))  # type: ignore[arg-type]
    return docs, problems
