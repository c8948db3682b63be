"""Text every reader hands on: the document id, control characters cleaned, names made printable.

A document's id is a hash of its name and text (:func:`document_id`), so the name must be
stable across runs: a file's name, a JSONL record's ``id``, a page's URL or a WARC record's
target URI. :func:`clean_text` makes text safe to parse and store one character for one, so
character offsets (NIF) stay valid.
"""

from __future__ import annotations

import hashlib
import re

__all__ = ["document_id", "clean_text", "display_name", "one_line", "MAX_NAME"]

MAX_NAME = 300  # characters of a document name

# C0 controls except tab and line feed, DEL, and the C1 controls; \f and \v become line breaks
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
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
    if CONTROL.search(text):
        text = CONTROL.sub(" ", text.translate(_BREAKS))
    return text


def one_line(value: object, limit: int = 10_000) -> str | None:
    """A metadata value as clean one-line text, or None when it is not text (or is empty).

    Examples
    --------
    >>> one_line("  Anna\\nPetrova "), one_line(["a"]), one_line(True)
    ('Anna Petrova', None, None)
    """
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    text = clean_text(str(value)).replace("\n", " ").strip()
    return text[:limit] or None


def display_name(name: str) -> str:
    """A file name as text: undecodable bytes (``surrogateescape``) → U+FFFD, controls → space."""
    name = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return clean_text(name).replace("\n", " ").strip()[:MAX_NAME]
