"""Near-duplicate documents: syndicated reprints and updated versions of one story.

A wire story reprinted by ten outlets, with another caption, a dropped paragraph and a credit
line, is one report, not ten: counted ten times it makes coverage look like events (GDELT's
duplicate problem). Each document's text gets a MinHash signature over word shingles
(`datasketch <https://ekzhu.com/datasketch/>`_); documents whose estimated Jaccard similarity
is at least :data:`THRESHOLD` are copies of one another, found through an LSH index rather
than by comparing every pair. A copy is ``kg:duplicateOf`` the *first* document of its copies:
the earliest by publication date, then by content hash, so the relation is a function of the
set of documents, not of the order they were read in (a reprint read before its original
becomes the original's duplicate when the original comes). A duplicate adds no event instance
(:mod:`kg.stages.instances`).

Design decisions, with measured reasons:

- **Shingles of 5 words** (lower-cased ``\\w+`` words), hashed once per distinct word (CRC-32)
  and combined into a 32-bit shingle hash with numpy, then fed to datasketch's ``MinHash`` with
  the identity as its hash function and permutations made once: 1-2 ms per article instead of
  10-16 ms with datasketch's default SHA-1 per shingle string (the 284 Wikinews articles, 750
  words on average), so duplicate detection costs well under 1% of a build.
- **128 permutations**: the estimate's standard error at J = 0.5 is 0.044. The signature is
  stored on the document node (``kg:minHash``, :func:`encode`: datasketch's own ``LeanMinHash``
  serialization in little-endian, base64, 700 characters) so that a later build finds the
  copies of new documents without the old texts, and it is cheap to load: one literal per
  document.
- **Threshold 0.5**: the most similar pair of distinct articles among the 284 Wikinews articles
  (two interviews built on the same questions) estimates at 0.34; a 200-word article reprinted
  with another caption, one of its four paragraphs dropped and a credit line added estimates at
  0.72 (0.68 exactly). Candidates come from an LSH index tuned for 0.4 and are kept when the
  signatures' estimate reaches 0.5.
- **LSH bands fixed** (:data:`LSH_BANDS` × :data:`LSH_ROWS`, datasketch's optimum for a 0.4
  threshold and 128 permutations): datasketch finds them by numerical integration each time an
  index is made, 0.44 s, a fifth of the cost of adding one article to a stored corpus.
- **Stored signatures are scanned, not indexed.** Building datasketch's LSH index from a
  store's signatures costs 0.15 ms a document (1.6 s at 10,000 Wikinews-length documents, paid
  by every build that adds to the store); :class:`_StoredBands` keeps them as one numpy matrix
  and finds a new document's candidates by comparing its bands with every row at once (the same
  candidates as the index: a band whose :data:`LSH_ROWS` values all agree), about 1 ms per
  query at 10,000. Documents added by the running build go into the LSH index, so a build from
  scratch stays linear.
- **Documents under 50 words get no signature** and are never duplicates: a one-line brief
  repeated by two sources is too short to tell a reprint from two reports of one fact.
"""

from __future__ import annotations

import base64
import re
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np


def _import_datasketch():
    """datasketch, imported without importing scipy.integrate, unless something already did.

    datasketch's LSH module imports ``scipy.integrate.quad`` at its top for the one function that
    finds an index's bands by integration, which kg never calls (:data:`LSH_BANDS` are fixed);
    that import alone took 0.61 CPU s of every kg command's start-up (after spaCy's imports),
    2% of building 100 articles, and 30-40 MB of peak RSS (SciPy's special functions). While
    datasketch is imported, ``scipy.integrate`` names a module whose ``quad`` imports the real one
    when called; it is gone from ``sys.modules`` afterwards, so any later ``import
    scipy.integrate`` gets SciPy's own.
    """
    import importlib
    import sys
    import types

    if "scipy.integrate" in sys.modules or "datasketch" in sys.modules:
        return importlib.import_module("datasketch")

    def quad(*args, **kwargs):
        return importlib.import_module("scipy.integrate").quad(*args, **kwargs)

    deferred = types.ModuleType("scipy.integrate")
    deferred.quad = quad
    sys.modules["scipy.integrate"] = deferred
    try:
        return importlib.import_module("datasketch")
    finally:
        if sys.modules.get("scipy.integrate") is deferred:
            del sys.modules["scipy.integrate"]


_datasketch = _import_datasketch()
LeanMinHash, MinHash, MinHashLSH = _datasketch.LeanMinHash, _datasketch.MinHash, _datasketch.MinHashLSH

__all__ = ["SHINGLE", "PERMUTATIONS", "THRESHOLD", "MIN_WORDS", "LSH_BANDS", "LSH_ROWS", "signature", "encode", "decode", "similarity",
           "Duplicates", "DuplicateIndex"]

SHINGLE = 5
PERMUTATIONS = 128
SEED = 1
THRESHOLD = 0.5
MIN_WORDS = 50
#: the LSH index's bands and rows per band: datasketch's optimum for threshold 0.8 * THRESHOLD,
#: PERMUTATIONS permutations (``MinHashLSH(threshold=0.4, num_perm=128)``'s ``b`` and ``r``)
LSH_BANDS, LSH_ROWS = 32, 4
_TAG = f"mh1:{SHINGLE}:{PERMUTATIONS}:{SEED}:"  # what a stored signature was made with
_WORD = re.compile(r"\w+")
_MIX = np.uint64(0x9E3779B97F4A7C15)  # an odd 64-bit constant (the golden ratio's), for the rolling combination
_PROTO = MinHash(num_perm=PERMUTATIONS, seed=SEED)


def _identity(value):
    return value


def _shingle_hashes(words: list[str]) -> np.ndarray:
    """A 32-bit hash of every run of :data:`SHINGLE` consecutive words."""
    code = {w: zlib.crc32(w.encode("utf-8")) for w in dict.fromkeys(words)}
    h = np.fromiter(map(code.__getitem__, words), dtype=np.uint64, count=len(words))
    n = len(words) - SHINGLE + 1
    acc = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(SHINGLE):  # polynomial combination, wrapping at 2**64
            acc = acc * _MIX + h[k:k + n]
    return np.unique(acc >> np.uint64(32))


def signature(text: str) -> LeanMinHash | None:
    """The MinHash signature of a text's word shingles; None for texts under :data:`MIN_WORDS` words.

    Examples
    --------
    >>> story = " ".join(f"word{i}" for i in range(80))
    >>> a, b = signature(story), signature(story.upper() + " Photo: Reuters.")
    >>> round(a.jaccard(b), 1) >= 0.9, signature("Too short to tell.")
    (True, None)
    """
    words = _WORD.findall(text.lower())
    if len(words) < MIN_WORDS:
        return None
    m = MinHash(num_perm=PERMUTATIONS, seed=SEED, hashfunc=_identity, permutations=_PROTO.permutations,
                scheme=_PROTO.scheme)
    m.update_batch(_shingle_hashes(words).tolist())
    return LeanMinHash(m)


def encode(sig: LeanMinHash) -> str:
    """A signature as the compact ``kg:minHash`` literal (the inverse of :func:`decode`)."""
    buf = bytearray(sig.bytesize(byteorder="<"))
    sig.serialize(buf, byteorder="<")
    return _TAG + base64.b64encode(bytes(buf)).decode("ascii")


def decode(text: str) -> LeanMinHash | None:
    """The signature a ``kg:minHash`` literal holds; None if it was made another way (it is not compared).

    Examples
    --------
    >>> sig = signature(" ".join(f"w{i}" for i in range(60)))
    >>> decode(encode(sig)).jaccard(sig), decode("mh0:whatever")
    (1.0, None)
    """
    if not text.startswith(_TAG):
        return None
    try:
        return LeanMinHash.deserialize(base64.b64decode(text[len(_TAG):]), byteorder="<")
    except (ValueError, TypeError):
        return None


def similarity(a: LeanMinHash, b: LeanMinHash) -> float:
    """The estimated Jaccard similarity of two signatures' shingle sets."""
    return float(a.jaccard(b))


@dataclass
class Duplicates:
    """What a round of duplicate decisions says, for the store."""

    #: document -> the document it duplicates, or None, for every document whose decision was made again
    status: dict[str, str | None] = field(default_factory=dict)
    #: documents (stored before) whose decision changed: their event mentions change role
    changed: set[str] = field(default_factory=set)
    #: new documents' signatures, as ``kg:minHash`` literals
    signatures: dict[str, str] = field(default_factory=dict)


#: (document, kg:minHash literal, publication day or None, the document it is stored as a duplicate of)
Stored = tuple[str, str, str | None, str | None]


class _StoredBands:
    """Stored documents' signatures as one matrix, searched band by band with numpy.

    Examples
    --------
    >>> sig = signature(" ".join(f"w{i}" for i in range(60)))
    >>> bands = _StoredBands(["aaaa", "bbbb"], [sig.hashvalues, sig.hashvalues[::-1]])
    >>> bands.candidates(sig), bands.remove("aaaa"), bands.candidates(sig)
    (['aaaa'], True, [])
    """

    def __init__(self, docs: list[str], rows: list[np.ndarray]) -> None:
        self.docs = docs
        self.row = {d: i for i, d in enumerate(docs)}
        self.matrix = np.vstack(rows) if rows else np.zeros((0, PERMUTATIONS), dtype=np.uint64)
        self.alive = np.ones(len(docs), dtype=bool)

    def candidates(self, sig: LeanMinHash) -> list[str]:
        """The stored documents sharing a band with ``sig`` (datasketch's LSH candidates)."""
        if not len(self.docs):
            return []
        width = LSH_BANDS * LSH_ROWS
        same = (self.matrix[:, :width] == sig.hashvalues[:width]).reshape(-1, LSH_BANDS, LSH_ROWS)
        hit = same.all(axis=2).any(axis=1) & self.alive
        return [self.docs[i] for i in np.flatnonzero(hit)]

    def remove(self, doc: str) -> bool:
        """Take a stored document out; False if it is not here."""
        i = self.row.pop(doc, None)
        if i is None:
            return False
        self.alive[i] = False
        return True



class DuplicateIndex:
    """The corpus's document signatures in an LSH index, and who duplicates whom.

    ``loader`` lists the stored documents' signatures (called once, when first needed).
    :meth:`settle` adds new documents and removes gone ones, and decides again the copies of
    every document they are near to.

    Examples
    --------
    >>> story = " ".join(f"word{i}" for i in range(120))
    >>> idx = DuplicateIndex(lambda: [])
    >>> out = idx.settle([("bbbb", "2024-05-02", story + " (Reuters)"), ("aaaa", "2024-05-01", story)], [])
    >>> out.status
    {'aaaa': None, 'bbbb': 'aaaa'}
    """

    def __init__(self, loader: Callable[[], Iterable[Stored]]) -> None:
        self.loader = loader
        self.lsh: MinHashLSH | None = None  # the documents added since the stored ones were read
        self.stored = _StoredBands([], [])
        self.sigs: dict[str, LeanMinHash] = {}
        self.dates: dict[str, str | None] = {}
        self.status: dict[str, str | None] = {}  # decisions as the store holds them

    def _ensure(self) -> MinHashLSH:
        if self.lsh is None:
            self.lsh = MinHashLSH(threshold=0.8 * THRESHOLD, num_perm=PERMUTATIONS, params=(LSH_BANDS, LSH_ROWS))
            for doc, text, day, dup in self.loader():
                sig = decode(text)
                if sig is not None and doc not in self.sigs:
                    self.sigs[doc], self.dates[doc], self.status[doc] = sig, day, dup
            self.stored = _StoredBands(list(self.sigs), [sig.hashvalues for sig in self.sigs.values()])
        return self.lsh

    def _put(self, doc: str, sig: LeanMinHash, day: str | None) -> None:
        self.sigs[doc] = sig
        self.dates[doc] = day
        self.lsh.insert(doc, sig)

    def _near(self, doc: str) -> list[str]:
        sig = self.sigs[doc]
        found = set(self.lsh.query(sig)).union(self.stored.candidates(sig))
        return sorted(k for k in found if k != doc and similarity(sig, self.sigs[k]) >= THRESHOLD)

    def _component(self, start: Iterable[str]) -> list[str]:
        seen = {d for d in start if d in self.sigs}
        todo = sorted(seen)
        while todo:
            for other in self._near(todo.pop()):
                if other not in seen:
                    seen.add(other)
                    todo.append(other)
        return sorted(seen, key=lambda d: (self.dates.get(d) or "9999-12-31", d))

    def settle(self, new: Iterable[tuple[str, str | None, str]], gone: Iterable[str]) -> Duplicates:
        """Add new documents ``(doc, publication day or None, text)``, remove ``gone`` ones, and
        decide again the copies of every document either is near to."""
        lsh = self._ensure()
        out = Duplicates()
        start: set[str] = set()
        for doc in gone:
            if doc in self.sigs:
                start.update(self._near(doc))
                if not self.stored.remove(doc):
                    lsh.remove(doc)
                del self.sigs[doc], self.dates[doc]
            self.status.pop(doc, None)
            start.discard(doc)
        for doc, day, text in new:
            sig = signature(text)
            if sig is None or doc in self.sigs:
                continue
            out.signatures[doc] = encode(sig)
            self._put(doc, sig, day)
            start.add(doc)
        self._decide(self._component(start), out, fresh=set(out.signatures))
        return out

    def _decide(self, order: list[str], out: Duplicates, fresh: set[str]) -> None:
        """Each document of a component, in order, duplicates the first earlier original it is near to."""
        originals: list[str] = []
        for doc in order:
            sig = self.sigs[doc]
            first = next((o for o in originals if similarity(sig, self.sigs[o]) >= THRESHOLD), None)
            if first is None:
                originals.append(doc)
            out.status[doc] = first
            if doc not in fresh and self.status.get(doc) != first:
                out.changed.add(doc)
            self.status[doc] = first
