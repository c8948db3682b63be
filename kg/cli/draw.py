"""``kg draw``: a picture of the graph (overview, one entity's neighbourhood, or a timeline)."""

from __future__ import annotations

from pathlib import Path

import typer

from kg.cli._app import app


@app.command()
def draw(
    target: Path = typer.Argument(..., help="A kg output folder, store folder or RDF file."),
    output: Path = typer.Option(..., "--output", "-o", help="File to write (.png or .svg)."),
    focus: str = typer.Option(None, "--focus", help="Draw the neighbourhood of the entity with this name."),
    hops: int = typer.Option(1, "--hops", min=0, help="With --focus: how many events away to go."),
    timeline: bool = typer.Option(False, "--timeline", help="Events on a date axis, one row per actor pair."),
    types: list[str] = typer.Option(None, "--type", help="Keep only this PLOVER category (repeatable)."),
    since: str = typer.Option(None, "--since", help="Keep events on or after YYYY[-MM[-DD]]."),
    until: str = typer.Option(None, "--until", help="Keep events on or before YYYY[-MM[-DD]]."),
    fmt: str = typer.Option(None, "--format", "-f", help="png or svg (default: from the file name, else png)."),
    size: str = typer.Option("12x9", "--size", help="Width x height in inches."),
    dpi: int = typer.Option(100, "--dpi", min=10, max=1200, help="Dots per inch (PNG pixels = size x dpi)."),
    limit: int = typer.Option(150, "--limit", min=1, help="Most entities to draw; the most active are kept."),
    seed: int = typer.Option(7, "--seed", help="Layout seed."),
) -> None:
    """Draw the graph: an overview, one entity's neighbourhood (--focus) or a timeline."""
    from kg.use.draw import draw as draw_graph
    from kg.use.draw import parse_size

    path = draw_graph(target, output, focus=focus, hops=hops, timeline=timeline, types=types or (), since=since,
                      until=until, fmt=fmt, size=parse_size(size), dpi=dpi, limit=limit, seed=seed)
    typer.echo(f"wrote {path}")
