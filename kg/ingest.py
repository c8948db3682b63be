"""Stage 1, ingest: files, folders and JSONL news crawls → :class:`~kg.records.Document`.

kg reads ``.txt`` and ``.md`` files, folders of them (recursively, in sorted order) and
``.jsonl`` files with one article per line (``text``, optional ``id``, ``title``, ``date``,
``url``). A document's id is a hash of its name and text, so an unchanged article keeps its
id across runs and a changed one gets a new id.

Bad input never stops the run: each bad file or line is reported as one :class:`KGError`
to ``problems`` and skipped.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from .errors import KGError
from .records import Document

__all__ = ["iter_documents", "read_documents", "document_id", "SUFFIXES", "DEFAULT_MAX_DOC_SIZE"]

SUFFIXES = (".txt", ".md", ".jsonl")
DEFAULT_MAX_DOC_SIZE = 20_000_000  # bytes of one document's text
_SNIFF = 8192


def document_id(name: str, text: str) -> str:
    """The stable id of a document: SHA-256 of its name and text.

    Examples
    --------
    >>> document_id("a.txt", "Hello.")[:12]
    '6da9c4f62696'
    """
    return hashlib.sha256(f"{name}\0{text}".encode("utf-8")).hexdigest()


def _decode(path: Path, data: bytes) -> str:
    if b"\0" in data[:_SNIFF]:
        raise KGError("E105", path=path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise KGError("E104", path=path, detail=f"byte {exc.start}: {exc.reason}") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _markdown_title(text: str) -> str | None:
    for line in text.splitlines():
        if line.startswith("# "):
            return line[2:].strip() or None
        if line.strip():
            return None
    return None


def _parse_date(value: object) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _read_text_file(path: Path, max_size: int) -> Document:
    size = path.stat().st_size
    if size > max_size:
        raise KGError("E108", path=path, size=size, limit=max_size)
    text = _decode(path, path.read_bytes())
    if not text.strip():
        raise KGError("E103", path=path)
    title = _markdown_title(text) if path.suffix.lower() == ".md" else None
    return Document(id=document_id(path.name, text), name=path.name, text=text, source=str(path),
                    title=title)


def _read_jsonl(path: Path, max_size: int, problems: list[KGError]) -> Iterator[Document]:
    found = False
    with path.open("rb") as fh:
        for lineno, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            try:
                line = _decode(path, raw)
                record = json.loads(line)
            except KGError as exc:
                problems.append(KGError("E106", path=path, line=lineno, detail=str(exc).split(": ", 1)[-1]))
                continue
            except json.JSONDecodeError as exc:
                problems.append(KGError("E106", path=path, line=lineno, detail=f"invalid JSON ({exc.msg})"))
                continue
            text = record.get("text") if isinstance(record, dict) else None
            if not isinstance(text, str) or not text.strip():
                problems.append(KGError("E106", path=path, line=lineno, detail="no 'text' field with text"))
                continue
            if len(text.encode("utf-8")) > max_size:
                problems.append(KGError("E106", path=path, line=lineno,
                                        detail=f"text over the --max-doc-size limit of {max_size:,} bytes"))
                continue
            name = str(record.get("id") or f"{path.stem}-{lineno}")
            found = True
            yield Document(
                id=document_id(name, text), name=name, text=text, source=f"{path}:{lineno}",
                title=record.get("title") or None, date=_parse_date(record.get("date")),
                url=record.get("url") or None,
            )
    if not found:
        problems.append(KGError("E107", path=path))


def _files(path: Path) -> list[Path]:
    return sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))


def iter_documents(
    paths: Iterable[str | Path],
    problems: list[KGError] | None = None,
    *,
    max_doc_size: int = DEFAULT_MAX_DOC_SIZE,
) -> Iterator[Document]:
    """Yield the documents found at ``paths``; append each input problem to ``problems``.

    Parameters
    ----------
    paths : iterable of str or Path
        Files (``.txt``, ``.md``, ``.jsonl``) and folders of them.
    problems : list, optional
        Receives one :class:`KGError` per missing path, bad file or bad JSONL line.
    max_doc_size : int
        Documents larger than this many bytes are reported and skipped.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("Putin met Xi in Beijing.")
    >>> _ = (folder / "b.pdf").write_bytes(b"%PDF")
    >>> problems = []
    >>> [d.name for d in iter_documents([folder], problems)]
    ['a.txt']
    >>> [p.code for p in problems]
    ['E102']
    """
    problems = problems if problems is not None else []
    seen: set[str] = set()
    for given in paths:
        path = Path(given)
        if not path.exists():
            problems.append(KGError("E101", path=path))
            continue
        files = _files(path) if path.is_dir() else [path]
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
                    docs = iter([_read_text_file(file, max_doc_size)])
                for doc in docs:
                    if doc.id in seen:
                        continue
                    seen.add(doc.id)
                    yield doc
            except KGError as exc:
                problems.append(exc)
            except OSError as exc:
                problems.append(KGError("E101", path=f"{file} ({exc.strerror})"))


def read_documents(paths: Iterable[str | Path], **kwargs: object) -> tuple[list[Document], list[KGError]]:
    """All documents at ``paths`` and the problems met, as lists (for notebooks)."""
    problems: list[KGError] = []
    docs = list(iter_documents(paths, problems, **kwargs))  # type: ignore[arg-type]
    return docs, problems
