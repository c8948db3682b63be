"""``kg remove``: take documents out of a store, by name or content hash."""

from __future__ import annotations

from pathlib import Path

import typer

from kg.cli._app import app
from kg.errors import KGError


def remove_documents(target: Path, names: list[str], *, outputs: bool = False, picture: bool = True
                     ) -> tuple[int, Path]:
    """Remove the documents named (file name, JSONL id, content hash or a hash prefix of at
    least 8 characters) from the store at ``target``, all in one transaction.

    Nothing is removed if any name matches no stored document (E207). With ``outputs``, the
    ``graph.ttl`` (and, with ``picture``, ``graph.png``) an output folder already holds beside
    its store are rewritten from the store while it is still open.

    Returns
    -------
    (int, Path)
        How many documents were removed, and the store folder.
    """
    from kg.graph.target import locate

    location = locate(target, files=False)
    folder = location.folder
    with location.open(writable=True) as store:
        found = store.resolve_ids(names)
        unknown = [n for n, ids in found.items() if not ids]
        if unknown:
            raise KGError("E207", path=target, name=", ".join(unknown))
        from kg.pipeline import remove_documents as remove_stored

        removed = remove_stored(store, [h for ids in found.values() for h in ids])
        out = folder.parent if folder.name == "store" else None
        if outputs and out is not None and ((out / "graph.ttl").exists() or (out / "graph.png").exists()):
            from kg.cli.build import refresh_outputs

            refresh_outputs(store, out, turtle=(out / "graph.ttl").exists(),
                            picture=picture and (out / "graph.png").exists())
        return removed, folder


@app.command()
def remove(
    target: Path = typer.Argument(..., help="A kg output folder or store folder."),
    names: list[str] = typer.Argument(..., help="Document names (file name or JSONL id) or content hashes."),
    picture: bool = typer.Option(True, "--png/--no-png", help="Redraw graph.png if the folder has one."),
) -> None:
    """Remove documents (their named graphs, events and no longer mentioned entities) from a store."""
    n, folder = remove_documents(target, names, outputs=True, picture=picture)
    typer.echo(f"removed {n} document{'s' if n != 1 else ''} from {folder}")
