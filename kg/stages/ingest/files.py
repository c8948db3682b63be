"""Files and folders: which reader a file goes to, and plain-text files (``.txt``, ``.md``).

Folders are read recursively, in sorted order, hidden files left out. A file's kind is its
ending (:data:`KINDS`); anything else is reported (``E102``) and skipped.

Plain text, in detail:

- binary files (NUL bytes, or mostly control characters) → ``E105``; text that is not UTF-8
  → ``E104`` (UTF-16 with a byte-order mark is read); empty or whitespace-only → ``E103``;
  over ``max_doc_size`` → ``E108`` (found from the file size, before reading it);
  a FIFO or device → ``E112``.
- stray control characters are replaced one character for one (:func:`~.text.clean_text`).
- a ``.txt``/``.md`` file that is an HTML page rather than text is read as a page, with
  trafilatura (:func:`~.html.html_to_text`): its main text, without navigation, scripts or
  footers, and its headline as the title. One note (``E109``) says so; character offsets
  refer to this text, which is :attr:`Document.text`. Such a file is not checked for its
  language: it is read as before, whatever it holds.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from kg.errors import KGError, KGWarning
from kg.graph.store import is_store
from kg.records import Document
from kg.stages.ingest.html import html_to_text, looks_like_html
from kg.stages.ingest.text import CONTROL, clean_text, display_name, document_id

__all__ = ["KINDS", "file_kind", "list_files", "check_regular", "read_bytes", "read_text_file", "decode_text"]

#: file endings → reader: plain text, JSON Lines, web page, RSS/Atom feed, web archive
KINDS = {".txt": "text", ".md": "text", ".jsonl": "jsonl", ".html": "page", ".htm": "page", ".xhtml": "page",
         ".rss": "feed", ".atom": "feed", ".xml": "feed", ".warc": "warc", ".warc.gz": "warc"}
_SNIFF = 8192
_BINARY_SHARE = 0.1  # more control characters than this share of the first 8 KiB: a binary file


def file_kind(path: Path) -> str | None:
    """The reader for a file, from its name (``None``: kg does not read it).

    Examples
    --------
    >>> [file_kind(Path(n)) for n in ("a.TXT", "b.warc.gz", "c.gz", "feed.xml", "d.pdf")]
    ['text', 'warc', None, 'feed', None]
    """
    name = path.name.lower()
    if name.endswith(".warc.gz"):
        return KINDS[".warc.gz"]
    return KINDS.get(path.suffix.lower())


def list_files(path: Path, problems: list | None = None) -> list[Path]:
    """The files in a folder and its subfolders, sorted, hidden files left out; every other entry
    (a FIFO, a link that loops or points nowhere, a link to a file outside the folder: ``E131``)
    is reported in ``problems`` (if given). Links to folders are not followed, and kg's own stores are not news: a build's output folder
    inside the folder it reads (``kg build news/ -o news/out``) is not read back."""
    files = []
    stores: dict[Path, bool] = {}
    top = path.resolve()
    for entry in sorted(path.rglob("*")):
        if entry.name.startswith(".") or entry.is_dir() or _in_store(entry, path, stores):
            continue
        if entry.is_file() and entry.is_symlink() and not entry.resolve().is_relative_to(top):
            # Rule: a link out of the folder is not read ("passwd.txt -> /etc/passwd" in a folder
            # someone else made would put that file in the graph)
            if problems is not None:
                problems.append(KGError("E131", path=entry, target=entry.resolve()))
            continue
        if entry.is_file():
            files.append(entry)
            continue
        problem = path_problem(entry)
        if problem is not None and problems is not None:
            problems.append(problem)
    return files


def _in_store(entry: Path, top: Path, stores: dict[Path, bool]) -> bool:
    """Is ``entry`` inside a kg store, or a build's output folder (``out/store``, ``out/graph.ttl``),
    below ``top`` (answers cached per folder)?"""
    for folder in entry.relative_to(top).parents:
        if folder == Path("."):
            continue  # the folder the user named is read, whatever else it holds
        folder = top / folder
        if folder not in stores:
            stores[folder] = is_store(folder) or is_store(folder / "store")
        if stores[folder]:
            return True
    return False


def path_problem(path: Path) -> KGError | None:
    """What keeps kg from reading ``path`` as a file or folder, named as it is; None if nothing.

    ``E101`` missing, ``E127`` a symbolic link that loops or points nowhere, ``E112`` a FIFO,
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
            return KGError("E127", path=path, detail="that loops back on itself")
        if isinstance(exc, FileNotFoundError):
            return KGError("E127", path=path, detail=f"to {os.readlink(path)}, which does not exist")
        return KGError("E127", path=path, detail=f"kg cannot follow ({exc.strerror or exc})")
    if stat.S_ISDIR(mode) or stat.S_ISREG(mode):
        return None
    return KGError("E112", path=path)


def check_regular(path: Path) -> None:
    """Refuse what is not a regular file (``E112``) or cannot be looked at (``E101``)."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise KGError("E101", path=f"{path} ({exc.strerror or exc})") from None
    if not stat.S_ISREG(mode):
        raise KGError("E112", path=path)


def read_bytes(path: Path, max_size: int) -> bytes:
    """A whole regular file of at most ``max_size`` bytes (``E108`` from its size, before reading)."""
    check_regular(path)
    size = path.stat().st_size
    if size > max_size:
        raise KGError("E108", path=path, size=size, limit=max_size)
    with open(path, "rb") as fh:
        data = fh.read(max_size + 1)  # the file may have grown since stat()
    if len(data) > max_size:
        raise KGError("E108", path=path, size=len(data), limit=max_size)
    return data


def decode_text(path: Path, data: bytes) -> str:
    """The text of a plain-text file: UTF-8 (or UTF-16 with a byte-order mark), cleaned."""
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
    if head and len(CONTROL.findall(head.replace("\f", ""))) > _BINARY_SHARE * len(head):
        raise KGError("E105", path=path)
    return clean_text(text)


def _markdown_title(text: str) -> str | None:
    for line in text.splitlines():
        if line.startswith("# "):
            return line[2:].strip() or None
        if line.strip():
            return None
    return None


def read_text_file(path: Path, max_size: int, problems: list[KGError | KGWarning]) -> Document:
    """One ``.txt`` or ``.md`` file as a document (HTML in it read as a page, with a note)."""
    text = decode_text(path, read_bytes(path, max_size))
    if not text.strip():
        raise KGError("E103", path=path)
    title = None
    if looks_like_html(text):
        text, title = html_to_text(text)
        if not text.strip():
            raise KGError("E103", path=path)
        problems.append(KGWarning("E109", path=path, what="the file"))
    elif path.suffix.lower() == ".md":
        title = _markdown_title(text)
    name = display_name(path.name)
    return Document(id=document_id(name, text), name=name, text=text, source=str(path), title=title)
