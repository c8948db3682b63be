"""``kg build``: news files in, a store, graph.ttl and graph.png out."""

from __future__ import annotations

from pathlib import Path

import typer

from kg.cli._app import app, progress_enabled, report_problems
from kg.errors import KGError, KGWarning
from kg.graph.target import store_folder
from kg.graph.vocab import DEFAULT_BASE
from kg.stages.ingest import DEFAULT_MAX_DOC_SIZE
from kg.stages.nlp import MAX_SENTENCES


def refresh_outputs(store, out: Path, *, turtle: bool = True, picture: bool = True) -> None:
    """Rewrite ``graph.ttl`` (and ``graph.png``) in ``out`` from the store."""
    from kg.use.export import export

    if turtle:
        export(store, "turtle", out / "graph.ttl")
    if picture:
        from kg.use.draw import draw

        try:
            draw(store, out / "graph.png")
        except KGError as exc:
            typer.echo(f"kg: {exc} (no graph.png)", err=True)


#: graph.png is drawn by default while the graph has at most this many entities: the overview
#: `kg draw` draws shows 150 (its --limit), so up to here the picture is the whole graph. Past it
#: the picture is a sample, and it costs 10% of a 100-article build (1-2 s for matplotlib and the
#: layout, the ranking query growing with the store): `kg draw` draws the view wanted, --png this one.
PICTURE_ENTITIES = 150


def _draw_picture(picture: bool | None, store, out: Path, changed: bool) -> bool:
    """Whether ``kg build`` (re)draws graph.png: asked for (``picture``), or by default when the
    graph is small enough for the overview to show it whole; a default that passes says why."""
    png = out / "graph.png"
    if picture is False or not (changed or not png.exists()):
        return False
    if picture or store.entity_count(at_most=PICTURE_ENTITIES + 1) <= PICTURE_ENTITIES:
        return True
    if changed:
        stale = png.exists()
        if stale:  # an older picture of a smaller graph would misrepresent this one
            png.unlink()
        report_problems([KGWarning("E405", path=png, limit=PICTURE_ENTITIES, out=out,
                                   detail=" (the older graph.png was removed)" if stale else "")])
    return False


@app.command()
def build(
    paths: list[Path] = typer.Argument(..., help=".txt/.md/.jsonl files or folders of them."),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Output folder: store/, graph.ttl, graph.png."),
    base: str = typer.Option(DEFAULT_BASE, "--base", help="Base IRI of the data."),
    model: str = typer.Option(None, "--model", help="spaCy model to load."),
    lexicon: Path = typer.Option(None, "--lexicon", help="Event lexicon (TOML) to use instead of kg's."),
    workers: int = typer.Option(1, "--workers", "-j", min=1, help="Parsing processes (one model each)."),
    batch_size: int = typer.Option(32, "--batch-size", min=1, help="Documents per batch (and per store transaction)."),
    max_doc_size: int = typer.Option(DEFAULT_MAX_DOC_SIZE, "--max-doc-size", help="Largest document, in bytes."),
    picture: bool = typer.Option(None, "--png/--no-png", show_default=False,
                                 help=f"Draw graph.png [default: while the graph has at most {PICTURE_ENTITIES} entities]."),
    turtle: bool = typer.Option(True, "--ttl/--no-ttl", help="Write graph.ttl."),
    max_sentences: int = typer.Option(MAX_SENTENCES, "--max-sentences", min=1,
                                      help="Sentences read of one document (the rest is left out, with a note)."),
    engine: str = typer.Option("local", "--engine", help="Where documents are parsed: local (--workers processes "
                               "here) or dask (a Dask cluster: --scheduler, else --workers local worker processes)."),
    scheduler: str = typer.Option(None, "--scheduler", help="Dask scheduler address, e.g. tcp://HOST:8786 "
                                  "(implies --engine dask)."),
) -> None:
    """Build or update a knowledge graph from news articles.

    Unchanged documents already in the store are skipped, changed ones replace their older
    version, new ones are added.
    """
    from kg.pipeline import run_build

    if engine not in ("local", "dask"):
        raise typer.BadParameter(f"{engine!r}: choose local or dask", param_hint="--engine")
    missing = [p for p in paths if not p.exists()]
    if len(missing) == len(paths):
        raise KGError("E101", path=", ".join(map(str, missing)))
    folder = store_folder(out)
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    show = progress_enabled()
    with Progress(TextColumn("building"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
                  TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(), transient=True,
                  disable=not show) as bar:
        task = bar.add_task("build", total=None, rate="")

        def tick(docs: int, words: int, total: int | None) -> None:
            elapsed = bar.tasks[0].elapsed or 1e-9
            bar.update(task, completed=docs, total=total, rate=f"{words / elapsed:,.0f} words/s")

        if engine == "dask" or scheduler:
            from kg.pipeline.distributed import run_build_dask

            report = run_build_dask(paths, store=folder, base=base, model=model, lexicon=lexicon,
                                    scheduler=scheduler, n_workers=workers, batch_size=batch_size,
                                    max_doc_size=max_doc_size, progress=tick if show else None, count=show,
                                    announce=lambda line: typer.echo(f"kg: {line}", err=True),
                                    max_sentences=max_sentences)
        else:
            report = run_build(paths, store=folder, base=base, model=model, lexicon=lexicon, workers=workers,
                               batch_size=batch_size, max_doc_size=max_doc_size, progress=tick if show else None,
                               count=show, max_sentences=max_sentences)
    report_problems(report.problems)
    try:
        changed = report.documents > 0  # (replacements are documents too)
        refresh_outputs(report.store, out, turtle=turtle and (changed or not (out / "graph.ttl").exists()),
                        picture=_draw_picture(picture, report.store, out, changed))
    finally:
        report.store.close()
    typer.echo(f"{report.summary()} → {out}/")
    if report.documents + report.skipped == 0:
        raise typer.Exit(1)
