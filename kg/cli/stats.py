"""``kg stats``: counts by entity type and event category."""

from __future__ import annotations

from pathlib import Path

import typer

from kg.cli._app import app
from kg.errors import KGError
from kg.use.stats import dropped_names, dropped_table
from kg.use.stats import stats as graph_stats


@app.command()
def stats(target: Path = typer.Argument(..., help="A kg output folder, store folder or RDF file."),
          dropped: bool = typer.Option(False, "--dropped", help="List the names NER tagged that kg did not read as "
                                                                 "entities, by reason, to check the filter."),
          mentions: bool = typer.Option(False, "--mentions", help="Count every report of an event (each mention) "
                                                                   "instead of each real event once.")) -> None:
    """Count documents, triples, entities by type and events by PLOVER category (each real event once)."""
    if dropped and mentions:
        raise KGError("E214", exit_code=2, options="--dropped and --mentions",
                      detail="--dropped lists names, not events; run kg stats --mentions for the event counts")
    if dropped:
        typer.echo(dropped_table(dropped_names(target)))
        return
    typer.echo(graph_stats(target, count="mentions" if mentions else "instances").table())
