"""The `prereview` command: one module per sub-command."""

from __future__ import annotations

from typing import Annotated

import typer

from .. import __version__
from .audit import app as audit_app
from .batch import batch
from .check import check
from .decide import decide
from .errors import VERBOSE
from .extract import extract
from .registry import app as registry_app
from .regress import regress
from .rules import app as rules_app
from .samples import app as samples_app

app = typer.Typer(
    name="prereview",
    help="智能预审 Pre-review of government-service applications: OCR, fields, rule checks.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        print(f"prereview {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    verbose: Annotated[
        bool, typer.Option("--verbose", help="Show tracebacks of internal errors.")
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """智能预审 Pre-review of government-service applications."""
    VERBOSE["on"] = verbose


app.command(no_args_is_help=True)(check)
app.command(no_args_is_help=True)(batch)
app.command()(regress)
app.command(no_args_is_help=True)(extract)
app.command(no_args_is_help=True)(decide)


app.add_typer(registry_app, name="registry", help="Import the reference registry.")
app.add_typer(rules_app, name="rules", help="Rule packs: list, show, lint, new.")
app.add_typer(audit_app, name="audit", help="The clerks' decision log: verify.")
app.add_typer(samples_app, name="samples", help="Generate synthetic sample documents.")


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
