"""``kg query``: SPARQL text, a .rq file or a ready-made question, answered as a table."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from kg.cli._app import app
from kg.errors import KGError

_FORMATS = ("table", "csv", "tsv", "json", "markdown")


def _parse_params(items: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise KGError("E309", exit_code=2, text=item)
        out[key.strip()] = value
    return out


def _list_questions() -> str:
    from kg.use.query import ready_made

    lines = ["kg query TARGET QUESTION KEY=VALUE ...   (-p KEY=VALUE is the same)", ""]
    for q in ready_made().values():
        lines.append(f"{q.usage()}\n    {q.description}")
        for p in q.params:
            lines.append(f"    {p.name}={p.kind}{'' if p.required else ' (optional)'}: {p.help}")
    return "\n".join(lines)


@app.command()
def query(
    target: Path = typer.Argument(None, metavar="TARGET", help="A kg output folder, store folder or RDF file."),
    sparql: str = typer.Argument(None, metavar="QUERY", help="SPARQL text, a .rq file, or a ready-made question (--list)."),
    args: list[str] = typer.Argument(None, metavar="[KEY=VALUE]...",
                                     help="Parameters of the question: kg query out events actor=Putin."),
    param: list[str] = typer.Option([], "--param", "-p", help="KEY=VALUE, the same as after the question (repeatable)."),
    fmt: str = typer.Option("table", "--format", "-f", help="table, csv, tsv, json or markdown."),
    iris: bool = typer.Option(False, "--iris", help="Show IRIs instead of labels."),
    timeout: float = typer.Option(30.0, "--timeout", min=0, help="Stop the query after this many seconds (0: no limit)."),
    list_: bool = typer.Option(False, "--list", help="List the ready-made questions and exit."),
    allow_network: bool = typer.Option(False, "--allow-network", help="Let SERVICE clauses query remote endpoints."),
) -> None:
    """Ask the graph a question: SPARQL, a .rq file or a ready-made question such as `events actor=Putin`."""
    if list_:
        typer.echo(_list_questions())
        return
    if target is None or sparql is None:
        raise typer.BadParameter("give TARGET and QUERY, or --list for the ready-made questions")
    if fmt not in _FORMATS:
        raise KGError("E310", exit_code=2, what="--format", value=fmt, choices=", ".join(_FORMATS))
    from kg.use.query import query as run_query

    result = run_query(target, sparql, params=_parse_params([*(args or []), *param]), timeout=timeout or None, iris=iris,
                       allow_network=allow_network)
    if fmt == "table" and sys.stdout.isatty() and result.kind == "select":
        from rich.console import Console

        console = Console()
        console.print(result.to_rich_table())
        console.print(f"{len(result.rows)} rows", style="dim")
        return
    text = result.render("text" if fmt == "table" else fmt)
    typer.echo(text.rstrip("\n"))
