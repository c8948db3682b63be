"""``kg build``: news files in, a store, graph.ttl and graph.png out."""

from __future__ import annotations

from pathlib import Path

import typer

from ..errors import KGError
from ..export import export
from ..ingest import DEFAULT_MAX_DOC_SIZE
from ..pipeline import run_build
from ..vocab import DEFAULT_BASE
from ._app import app, progress_enabled


@app.command()
def build(
    paths: list[Path] = typer.Argument(..., help=".txt/.md/.jsonl files or folders of them."),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Output folder: store/, graph.ttl, graph.png."),
    base: str = typer.Option(DEFAULT_BASE, "--base", help="Base IRI of the data."),
    model: str = typer.Option(None, "--model", help="spaCy model to load."),
    lexicon: Path = typer.Option(None, "--lexicon", help="Event lexicon (TOML) to use instead of kg's."),
    workers: int = typer.Option(1, "--workers", min=1, help="Parsing processes."),
    batch_size: int = typer.Option(32, "--batch-size", min=1, help="Documents per batch."),
    max_doc_size: int = typer.Option(DEFAULT_MAX_DOC_SIZE, "--max-doc-size", help="Largest document, in bytes."),
    picture: bool = typer.Option(True, "--png/--no-png", help="Draw graph.png."),
) -> None:
    """Build or update a knowledge graph from news articles."""
    missing = [p for p in paths if not p.exists()]
    if len(missing) == len(paths):
        raise KGError("E101", path=", ".join(map(str, missing)))
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    show = progress_enabled()
    with Progress(TextColumn("building"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
                  TimeElapsedColumn(), transient=True, disable=not show) as bar:
        task = bar.add_task("build", total=None, rate="")

        def tick(docs: int, words: int) -> None:
            elapsed = bar.tasks[0].elapsed or 1e-9
            bar.update(task, completed=docs, rate=f"{words / elapsed:,.0f} words/s")

        report = run_build(paths, store=out / "store", base=base, model=model, lexicon=lexicon, workers=workers,
                           batch_size=batch_size, max_doc_size=max_doc_size, progress=tick)
    for problem in report.problems:
        typer.echo(f"kg: {problem}", err=True)
    try:
        export(report.store, "turtle", out / "graph.ttl")
        if picture:
            from ..draw import draw

            try:
                draw(report.store, out / "graph.png")
            except KGError as exc:
                typer.echo(f"kg: {exc} (no graph.png)", err=True)
    finally:
        report.store.close()
    typer.echo(f"{report.summary()} → {out}/")
    if report.documents + report.skipped == 0:
        raise typer.Exit(1)
