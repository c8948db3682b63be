"""``kg export``: write a store or RDF file in another RDF format, or as a network (GraphML, GEXF, CSV)."""

from __future__ import annotations

from pathlib import Path

import typer

from kg.cli._app import app
from kg.use.export import export as export_graph


@app.command()
def export(
    target: Path = typer.Argument(..., help="A kg output folder, store folder or RDF file."),
    fmt: str = typer.Option(None, "--format", "-f",
                            help="turtle, nt, jsonld, xml, trig, nquads, graphml, gexf or csv; "
                                 "default: the one the output's suffix names (.ttl .nt .jsonld .rdf .trig .nq .graphml .gexf .csv)."),
    output: Path = typer.Option(..., "--output", "-o", help="File to write (csv: <stem>.nodes.csv and <stem>.edges.csv)."),
) -> None:
    """Export the graph as RDF (Turtle, N-Triples, JSON-LD, RDF/XML, TriG, N-Quads) or as a network (GraphML, GEXF, CSV)."""
    path = export_graph(target, fmt, output)
    if path.name.endswith(".edges.csv"):
        from kg.use.network import csv_paths

        typer.echo(f"wrote {csv_paths(path)[0]} and {path}")
        return
    typer.echo(f"wrote {path}")
