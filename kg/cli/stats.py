"""``kg stats``: counts by entity type and event category."""

from __future__ import annotations

from pathlib import Path

import typer

from kg.cli._app import app
from kg.use.stats import stats as graph_stats


@app.command()
def stats(target: Path = typer.Argument(..., help="A kg output folder, store folder or RDF file.")) -> None:
    """Count documents, triples, entities by type and events by PLOVER category."""
    typer.echo(graph_stats(target).table())
