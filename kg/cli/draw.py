"""``kg draw``: a picture of the graph (overview, one entity's neighbourhood, a timeline, a map) or an interactive page."""

from __future__ import annotations

from pathlib import Path

import typer

from kg.cli._app import app


@app.command()
def draw(
    target: Path = typer.Argument(..., help="A kg output folder, store folder or RDF file."),
    output: Path = typer.Option(..., "--output", "-o", help="File to write (.png, .svg, or .html: the interactive view)."),
    focus: str = typer.Option(None, "--focus", help="Draw the neighbourhood of the entity with this name."),
    hops: int = typer.Option(None, "--hops", min=0, help="With --focus: how many events away to go (default 1)."),
    timeline: bool = typer.Option(False, "--timeline", help="Every event on a date axis, one row per actor pair."),
    geo: bool = typer.Option(False, "--map", help="A map: countries shaded by their events, arrows between them."),
    types: list[str] = typer.Option(None, "--type", help="Keep only this PLOVER category (repeatable)."),
    since: str = typer.Option(None, "--since", help="Keep events on or after YYYY[-MM[-DD]]."),
    until: str = typer.Option(None, "--until", help="Keep events on or before YYYY[-MM[-DD]]."),
    fmt: str = typer.Option(None, "--format", "-f", help="png, svg or html (default: from the file name, else png)."),
    size: str = typer.Option("12x9", "--size", help="Width x height in inches."),
    dpi: int = typer.Option(100, "--dpi", min=10, max=1200, help="Dots per inch (PNG pixels = size x dpi)."),
    limit: int = typer.Option(None, "--limit", min=1, help="Most entities drawn one by one (default: as many as "
                              "fit, else groups; --focus: 150); with --timeline, most rows (default 40)."),
    seed: int = typer.Option(7, "--seed", help="Layout seed."),
) -> None:
    """Draw the graph: an overview, one entity's neighbourhood (--focus), a timeline, a map, or an interactive page."""
    from kg.use.draw import draw as draw_graph
    from kg.use.draw import parse_size

    if hops is not None and focus is None:
        raise typer.BadParameter("--hops needs --focus (the entity whose neighbourhood it spans)", param_hint="'--hops'")
    path = draw_graph(target, output, focus=focus, hops=1 if hops is None else hops, timeline=timeline, geo=geo, types=types or (), since=since,
                      until=until, fmt=fmt, size=parse_size(size), dpi=dpi, limit=limit, seed=seed)
    typer.echo(f"wrote {path}")
