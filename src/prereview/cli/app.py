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
    # Click hands help_option_names down to every sub-command's context.
    context_settings={"help_option_names": ["-h", "--help"]},
)

# \b keeps Click from rewrapping the lines; Typer's rich help keeps them as they are.
EXIT_CODES = (
    "\b\n"
    "Exit codes 退出码: 0 every case passed; 1 a case is fail or review; 2 usage error; "
    "3 missing dependency (OCR engine); 4 input not found or unreadable; "
    "5 invalid rule pack, configuration or registry; 123 internal error; "
    "130 interrupted (Ctrl-C); 143 terminated (SIGTERM)."
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


app.command(no_args_is_help=True, epilog=EXIT_CODES)(check)
app.command(no_args_is_help=True, epilog=EXIT_CODES)(batch)
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
