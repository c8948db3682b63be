"""``kg build``: news files, pages, feeds, web archives and URLs in; a store, graph.ttl and graph.png out."""

from __future__ import annotations

import shutil
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
        except KGError as exc:  # (a graph with no event between entities: the build is fine)
            typer.echo(f"kg: note: {exc} (no graph.png)", err=True)


def moving_eta():
    """A rich progress column: the time left at the rate so far, counting down between updates (documents are
    parsed a few at a time, and rich's own column would stand still until the next one)."""
    from datetime import timedelta

    from rich.progress import ProgressColumn
    from rich.text import Text

    class MovingEta(ProgressColumn):
        def render(self, task) -> Text:
            updated = task.fields.get("updated")
            if not task.total or not task.completed or updated is None or task.start_time is None:
                return Text("-:--:--", style="progress.remaining")
            rate = task.completed / max(1e-9, updated - task.start_time)
            left = max(0.0, (task.total - task.completed) / rate - (task.get_time() - updated))
            return Text(str(timedelta(seconds=int(left))), style="progress.remaining")

    return MovingEta()


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


def _inputs(paths: list[str] | None, urls: list[Path] | None) -> list:
    """The inputs of ``kg build``: URLs as text, files and folders as paths, ``--urls`` files as URL lists;
    E101 when none of them is there (a URL is taken as there)."""
    from kg.stages.ingest import UrlList, is_url

    inputs: list = [p if is_url(p) else Path(p) for p in paths or []]
    inputs += [UrlList(f) for f in urls or []]
    if not inputs:
        raise typer.BadParameter("give files, folders or URLs to read, or --urls FILE", param_hint="PATHS")
    missing = [i for i in inputs if isinstance(i, Path) and not i.exists()]
    missing += [u.path for u in inputs if isinstance(u, UrlList) and not u.path.is_file()]
    if len(missing) == len(inputs):
        from kg.stages.ingest import path_problem

        named = [problem for problem in map(path_problem, missing) if problem is not None and problem.code != "E101"]
        if named:  # a symbolic link that loops or points nowhere: say so, not "no such file"
            raise named[0]
        raise KGError("E101", path=", ".join(map(str, missing)))
    return inputs


@app.command()
def build(
    paths: list[str] = typer.Argument(None, help="Files or folders (.txt, .md, .jsonl, .html, RSS/Atom feeds, "
                                      ".warc, .warc.gz) and http(s):// URLs of pages or feeds."),
    urls: list[Path] = typer.Option(None, "--urls", help="A file of URLs to read, one a line (# comments)."),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Output folder: store/, graph.ttl, graph.png, cache/."),
    base: str = typer.Option(DEFAULT_BASE, "--base", help="Base IRI of the data."),
    model: str = typer.Option(None, "--model", help="spaCy model to load."),
    lexicon: Path = typer.Option(None, "--lexicon", help="Event lexicon (TOML) to use instead of kg's."),
    workers: int = typer.Option(1, "--workers", "-j", min=1, help="Parsing processes (one model each)."),
    batch_size: int = typer.Option(32, "--batch-size", min=1, help="Documents per batch (and per store transaction)."),
    max_doc_size: int = typer.Option(DEFAULT_MAX_DOC_SIZE, "--max-doc-size", min=1,
                                     help="Largest document (and fetched page or feed), in bytes."),
    delay: float = typer.Option(1.0, "--delay", min=0.0, help="Seconds between two requests to the same web host."),
    timeout: float = typer.Option(20.0, "--timeout", min=0.1, help="Seconds to wait for a web server to connect "
                                  "or send (a whole response gets four times this)."),
    picture: bool = typer.Option(None, "--png/--no-png", show_default=False,
                                 help=f"Draw graph.png (default: while the graph has at most {PICTURE_ENTITIES} entities)."),
    turtle: bool = typer.Option(True, "--ttl/--no-ttl", help="Write graph.ttl."),
    max_sentences: int = typer.Option(MAX_SENTENCES, "--max-sentences", min=1,
                                      help="Sentences read of one document (the rest is left out, with a note)."),
    engine: str = typer.Option("local", "--engine", help="Where documents are parsed: local (--workers processes "
                               "here) or dask (a Dask cluster: --scheduler, else --workers local worker processes)."),
    scheduler: str = typer.Option(None, "--scheduler", help="Dask scheduler address, e.g. tcp://HOST:8786 "
                                  "(implies --engine dask)."),
) -> None:
    """Build or update a knowledge graph from news articles: files, web pages, feeds, web archives, URLs.

    Unchanged documents already in the store are skipped, changed ones replace their older
    version, new ones are added. Pages fetched from the web are kept in OUT/cache/web, so a
    rerun fetches nothing again.
    """
    from kg.pipeline import run_build
    from kg.stages.ingest import Fetcher

    if engine not in ("local", "dask"):
        raise typer.BadParameter(f"{engine!r}: choose local or dask", param_hint="--engine")
    inputs = _inputs(paths, urls)
    if lexicon is not None:  # a lexicon that cannot be read stops the build before the store is made
        from kg.stages.events import Lexicon

        Lexicon.load(lexicon)
    folder = store_folder(out)
    made = not out.exists()  # a build that reads nothing leaves no folder it made behind
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    show = progress_enabled()
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
                  TimeElapsedColumn(), TextColumn("ETA"), moving_eta(), transient=True,
                  disable=not show) as bar:
        task = bar.add_task("building", total=None, rate="", updated=None)
        fetching: list = []

        def tick(docs: int, words: int, total: int | None) -> None:
            elapsed = bar.tasks[task].elapsed or 1e-9
            bar.update(task, completed=docs, total=total, rate=f"{words / elapsed:,.0f} words/s", updated=bar.get_time())

        def fetched(responses: int, size: int) -> None:
            if not fetching:
                fetching.append(bar.add_task("fetching", total=None, rate=""))
            elapsed = bar.tasks[fetching[0]].elapsed or 1e-9
            bar.update(fetching[0], completed=responses, rate=f"{responses / elapsed:,.1f} pages/s, {size / 1e6:,.1f} MB")

        with Fetcher(cache=out / "cache" / "web", delay=delay, timeout=timeout, max_size=max_doc_size,
                     progress=fetched if show else None) as fetcher:
            if engine == "dask" or scheduler:
                from kg.pipeline.distributed import run_build_dask

                report = run_build_dask(inputs, store=folder, base=base, model=model, lexicon=lexicon,
                                        scheduler=scheduler, n_workers=workers, batch_size=batch_size,
                                        max_doc_size=max_doc_size, progress=tick if show else None, count=show,
                                        announce=lambda line: typer.echo(f"kg: {line}", err=True), fetcher=fetcher,
                                        max_sentences=max_sentences)
            else:
                report = run_build(inputs, store=folder, base=base, model=model, lexicon=lexicon, workers=workers,
                                   batch_size=batch_size, max_doc_size=max_doc_size,
                                   progress=tick if show else None, count=show, fetcher=fetcher, each_document=True,
                                   max_sentences=max_sentences)
    report_problems(report.problems)
    try:
        changed = report.documents > 0  # (replacements are documents too)
        read = report.documents + report.skipped > 0  # (nothing read: no outputs of an empty graph)
        refresh_outputs(report.store, out, turtle=read and turtle and (changed or not (out / "graph.ttl").exists()),
                        picture=read and _draw_picture(picture, report.store, out, changed))
    finally:
        report.store.close()
    if report.documents + report.skipped == 0:
        if made:
            shutil.rmtree(out, ignore_errors=True)
        typer.echo(f"{report.summary()}; {'nothing written' if made else 'the store is as it was'}")
        raise typer.Exit(1)
    typer.echo(f"{report.summary()} → {out}/")
