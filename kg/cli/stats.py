"""``kg stats``: counts by entity type and event category."""

from __future__ import annotations

from pathlib import Path

import typer

from kg.cli._app import app
from kg.use.stats import dropped_names, dropped_table
from kg.use.stats import stats as graph_stats


@app.command()
def stats(target: Path = typer.Argument(..., help="A kg output folder, store folder or RDF file."),
          dropped: bool = typer.Option(False, "--dropped", help="List the names NER tagged that kg did not read as "
                                                                 "entities, by reason, to check the filter.")) -> None:
    """Count documents, triples, entities by type and events by PLOVER category."""
    if dropped:
        typer.echo(dropped_table(dropped_names(target)))
        return
    typer.echo(graph_stats(target).table())
