"""``kg push``: load the graph into any SPARQL 1.1 triple store."""

from __future__ import annotations

from pathlib import Path

import typer

from kg.cli._app import app, progress_enabled


@app.command()
def push(
    target: Path = typer.Argument(..., metavar="TARGET", help="A kg output folder, store folder or RDF file."),
    endpoint: str = typer.Option(..., "--endpoint", "-e", help="The store's SPARQL endpoint URL (or its base URL)."),
    graph: str = typer.Option(None, "--graph", help="Load every triple into this named graph (default: keep kg's graphs)."),
    chunk: int = typer.Option(20000, "--chunk", min=1, help="Triples per request."),
    gsp: str = typer.Option(None, "--gsp", help="Graph Store Protocol URL, if it isn't <endpoint base>/store or /data."),
    method: str = typer.Option("auto", "--method", help="auto, gsp (Graph Store Protocol) or update (SPARQL Update)."),
    retries: int = typer.Option(3, "--retries", min=0, help="Retries of a request that fails (connection, 5xx)."),
) -> None:
    """Push the graph to a SPARQL 1.1 store (Graph Store Protocol, else SPARQL Update), in chunks."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    from kg.errors import KGError
    from kg.use.push import push as run_push

    if method not in ("auto", "gsp", "update"):
        raise KGError("E310", exit_code=2, what="--method", value=method, choices="auto, gsp, update")
    with Progress(TextColumn("pushing"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[triples]} triples"),
                  TimeElapsedColumn(), transient=True, disable=not progress_enabled()) as bar:
        task = bar.add_task("push", total=None, triples=0)

        def tick(done: int, total: int, triples: int) -> None:
            bar.update(task, completed=done, total=total, triples=triples)

        report = run_push(target, endpoint, graph=graph, chunk=chunk, gsp=gsp, method=method, retries=retries, progress=tick)
    typer.echo(report.summary())
