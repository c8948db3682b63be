"""``kg serve``: a local SPARQL endpoint with a query editor (the Oxigraph server, behind kg's offline proxy)."""

from __future__ import annotations

from pathlib import Path

import typer

from kg.cli._app import app


def _origins(values: list[str]) -> list[str]:
    from kg.use.origins import normal_origin

    for value in values:
        try:
            normal_origin(value)
        except ValueError as exc:
            raise typer.BadParameter(str(exc), param_hint="--allow-origin") from None
    return values


@app.command()
def serve(
    target: Path = typer.Argument(..., metavar="TARGET", help="A kg output folder, store folder or RDF file."),
    port: int = typer.Option(7878, "--port", min=0, max=65535, help="TCP port (0: any free port)."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (default: this machine only)."),
    writable: bool = typer.Option(False, "--writable", help="Accept SPARQL Update and Graph Store writes."),
    timeout: float = typer.Option(30.0, "--timeout", min=0, help="Seconds a query may run (0: no limit)."),
    allow_origin: list[str] = typer.Option([], "--allow-origin", metavar="ORIGIN", callback=_origins,
                                           help="Let pages of ORIGIN (https://app.example) query the endpoint "
                                                "(repeatable); pages of other origins are refused."),
    allow_network: bool = typer.Option(False, "--allow-network",
                                       help="Let SERVICE clauses (and LOAD with --writable) send requests over the "
                                            "network; without it such queries are refused (HTTP 403)."),
) -> None:
    """Serve the graph as a SPARQL endpoint (/query) with a query editor (/) until Ctrl-C."""
    from kg.use.serve import run_until_stopped
    from kg.use.serve import serve as start_server

    def start():
        return start_server(target, port, host, writable=writable, timeout=timeout, allow_origins=tuple(allow_origin),
                            allow_network=allow_network)

    def announce(server) -> None:
        mode = "read-write" if writable else "read-only"
        reach = "loopback only: other machines cannot reach it" if server.loopback else \
            f"listening on {host}: anyone who can reach this machine on the network can query it"
        typer.echo(f"SPARQL editor   {server.url}\nSPARQL endpoint {server.query_url}"
                   + (f"\nSPARQL update   {server.url}update\nGraph Store     {server.url}store" if writable else ""))
        network = "SERVICE may send requests over the network" if allow_network else \
            "offline: queries with SERVICE are refused (--allow-network allows them)" + \
            ("; the query engine cannot open network connections" if server.confined else "")
        origins = f"pages of {', '.join(allow_origin)} and its own" if allow_origin else "its own pages only"
        typer.echo(f"{mode}, {reach}; answers {origins}; default graph: union of all graphs; {network}; "
                   "Ctrl-C stops it", err=True)

    server, code = run_until_stopped(start, announce)
    typer.echo("kg: server stopped", err=True)
    if code not in (0, -15, None):
        raise typer.Exit(1)
