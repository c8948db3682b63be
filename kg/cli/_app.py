"""The typer application and the error handling every command shares."""

from __future__ import annotations

import sys

import click
import typer

try:  # typer >= 0.20 vendors click as typer._click
    from typer._click import exceptions as _typer_click_exc
except ImportError:  # pragma: no cover
    _typer_click_exc = click.exceptions

_USAGE = (click.exceptions.UsageError, _typer_click_exc.UsageError)
_EXIT = (click.exceptions.Exit, typer.Exit)
_ABORT = (click.exceptions.Abort, typer.Abort)

from kg.errors import KGError, KGWarning

app = typer.Typer(
    name="kg",
    help="kg: news articles in, a knowledge graph of who did what to whom out (offline).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _print_version(value: bool) -> None:
    """``kg --version``: print the package's version and exit (eager, before any command)."""
    if value:
        from kg import __version__

        typer.echo(f"kg {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(version: bool = typer.Option(False, "--version", callback=_print_version, is_eager=True,
                                        help="Print kg's version and exit.")) -> None:
    """kg: news articles in, a knowledge graph of who did what to whom out (offline)."""


def fail(exc: KGError) -> None:
    """Print a KGError as one line and exit with its code."""
    typer.echo(f"kg: {exc}", err=True)
    raise typer.Exit(exc.exit_code)


def report_problems(problems: list[KGError | KGWarning]) -> None:
    """Print each input problem (``kg: [E1xx] ...``) and note (``kg: note: [E109] ...``) on one line."""
    for problem in problems:
        typer.echo(f"kg: {'note: ' if isinstance(problem, KGWarning) else ''}{problem}", err=True)


def run_command(application: typer.Typer, args: list[str] | None = None) -> int:
    """Run the CLI, turning KGErrors into one line and an exit code (0, 1 or 2)."""
    command = typer.main.get_command(application)
    try:
        rv = command.main(args=args, prog_name="kg", standalone_mode=False)
    except KGError as exc:
        typer.echo(f"kg: {exc}", err=True)
        return exc.exit_code
    except _USAGE as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":  # (typer has printed the help already)
            return 2
        # one line with a code, as every other error: "kg: [E003] No such option: --bogus (...)"
        command = exc.ctx.command_path if getattr(exc, "ctx", None) is not None else "kg"
        typer.echo(f"kg: {KGError('E003', exit_code=2, detail=exc.format_message().rstrip('.'), command=command)}",
                   err=True)
        return 2
    except _EXIT as exc:
        return exc.exit_code
    except _ABORT:
        typer.echo("kg: interrupted", err=True)
        return 1
    except KeyboardInterrupt:
        typer.echo("kg: interrupted", err=True)
        return 1
    except BrokenPipeError:
        return 0
    # typer (>= 0.12, non-standalone) returns the code of a typer.Exit instead of raising it,
    # and turns Ctrl-C into Exit(130)
    if isinstance(rv, int) and not isinstance(rv, bool) and rv:
        if rv == 130:
            typer.echo("kg: interrupted", err=True)
            return 1
        return rv
    return 0


def progress_enabled() -> bool:
    """Show progress bars only on a terminal."""
    return sys.stderr.isatty()
