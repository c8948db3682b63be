"""The ``kg`` command: thin typer commands over the package's plain functions.

Each command lives in its own module and registers itself on :data:`app`; a command only
parses arguments, calls a plain function and prints. Errors are :class:`~kg.errors.KGError`
lines with a code, printed without a traceback; exit codes: 0 success, 1 failure, 2 usage.
"""

from __future__ import annotations

import sys

# Importing a command module registers its command on the app.
from kg.cli import (  # noqa: F401, E402, A004
    build,
    draw,
    eval,
    export,
    push,
    query,
    remove,
    serve,
    stats,
    validate,
)
from kg.cli._app import app, run_command

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the ``kg`` console script."""
    sys.exit(run_command(app))
