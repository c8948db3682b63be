"""``kg export``: write a store or RDF file in another RDF format."""

from __future__ import annotations

from pathlib import Path

import typer

from kg.cli._app import app
from kg.use.export import export as export_graph


@app.command()
def export(
    target: Path = typer.Argument(..., help="A kg output folder, store folder or RDF file."),
    fmt: str = typer.Option("turtle", "--format", "-f", help="turtle, nt, jsonld, xml, trig or nquads."),
    output: Path = typer.Option(..., "--output", "-o", help="File to write."),
) -> None:
    """Export the graph as Turtle, N-Triples, JSON-LD, RDF/XML, TriG or N-Quads."""
    path = export_graph(target, fmt, output)
    typer.echo(f"wrote {path}")
