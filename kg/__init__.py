"""kg: news articles in, a knowledge graph of who did what to whom out — offline.

The pipeline stages, one module each: :mod:`kg.ingest` → :mod:`kg.nlp` → :mod:`kg.extract`
→ :mod:`kg.resolve` → :mod:`kg.rdf` → :mod:`kg.store` → :mod:`kg.query` / :mod:`kg.export` /
:mod:`kg.draw`. The same operations as the ``kg`` command, as plain functions:

>>> import kg
>>> callable(kg.build) and callable(kg.export) and callable(kg.stats)
True
"""

from __future__ import annotations

__version__ = "0.1.0"

from .errors import KGError
from .export import export
from .pipeline import BuildReport, build, run_build
from .stats import stats
from .store import KGStore


# Imported eagerly so that ``kg.draw`` and ``kg.query`` are the functions, not the modules.
from .draw import draw  # noqa: E402
from .query import query  # noqa: E402

__all__ = ["build", "run_build", "BuildReport", "export", "stats", "draw", "query", "KGStore", "KGError"]
