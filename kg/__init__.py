"""kg: news articles in, a knowledge graph of who did what to whom out — offline.

The pipeline stages, one module each: :mod:`kg.stages.ingest` → :mod:`kg.stages.nlp` → :mod:`kg.stages.extract`
(with :mod:`kg.stages.events`) → :mod:`kg.stages.resolve` → :mod:`kg.stages.rdf` → :mod:`kg.graph.store` →
:mod:`kg.use.query` / :mod:`kg.use.export` / :mod:`kg.use.draw`. The same operations as the ``kg`` command,
as plain functions, and the graph for other tools: :func:`to_networkx` (a networkx graph),
``query(...).to_dataframe()`` (pandas), :func:`validate` (SHACL):

>>> import kg
>>> callable(kg.build) and callable(kg.export) and callable(kg.stats)
True
>>> callable(kg.to_networkx) and callable(kg.validate)
True
"""

from __future__ import annotations

__version__ = "0.1.0"

from kg.errors import KGError
from kg.graph.store import KGStore
from kg.pipeline import BuildReport, build, run_build

# Imported eagerly so that ``kg.draw`` and ``kg.query`` are the functions, not the modules.
from kg.use.draw import draw  # noqa: E402
from kg.use.export import export
from kg.use.network import to_networkx
from kg.use.query import query  # noqa: E402
from kg.use.stats import stats
from kg.use.validate import validate

__all__ = ["build", "run_build", "BuildReport", "export", "stats", "draw", "query", "to_networkx", "validate",
           "KGStore", "KGError"]
