"""``kg validate``: check a graph against kg's SHACL shapes; each violation on one line, exit 1."""

from __future__ import annotations

from pathlib import Path

import typer

from kg.cli._app import app, report_problems
from kg.errors import KGError
from kg.use.validate import validate as validate_graph


@app.command()
def validate(
    target: Path = typer.Argument(..., help="A kg output folder, store folder or RDF file."),
    shapes: Path = typer.Option(None, "--shapes", help="Other SHACL shapes (Turtle) instead of kg's own."),
) -> None:
    """Check the graph against kg's contract (SHACL shapes, kg/graph/shapes.ttl); exit 1 on a violation."""
    result = validate_graph(target, shapes=shapes)
    if result.conforms:
        typer.echo(f"{target}: {result.summary()}")
        return
    report_problems([v.error() for v in result.violations])
    count = len(result.violations)
    raise KGError("E211", path=target, count=count, violations="violation" if count == 1 else "violations",
                  shapes=result.shapes.name)
