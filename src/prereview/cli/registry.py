"""`prereview registry import CSV_DIR --db FILE`: the reference registry as a SQLite file."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..errors import ExitCode
from ..registry import import_csv
from .errors import exits_cleanly

app = typer.Typer(
    no_args_is_help=True,
    help=(
        "Reference registry (persons, enterprises, properties) for the registry checks.\n\n"
        "Example: prereview registry import ./registry-csv --db registry.sqlite"
    ),
)


# A callback keeps `registry` a group with its sub-commands even while it has only one.
@app.callback()
def registry() -> None:
    """Reference registry (persons, enterprises, properties) for the registry checks."""


@app.command("import", no_args_is_help=True)
@exits_cleanly
def import_registry(
    csv_dir: Annotated[
        Path,
        typer.Argument(
            help="Folder with persons.csv, enterprises.csv and/or properties.csv (UTF-8, header).",
            show_default=False,
        ),
    ],
    db: Annotated[Path, typer.Option("--db", help="SQLite file to write (replaced if it exists).")],
) -> None:
    """Import the registry CSVs into a SQLite file for `check --registry FILE`.

    Bad rows are listed as FILE:LINE: reason and left out, the others imported (exit 1).

    A wrong header or a folder without registry CSVs stops the import (exit 5).

    Example: prereview registry import ./registry-csv --db registry.sqlite
    """
    report = import_csv(csv_dir, db)
    print(report.summary(str(db)), file=sys.stderr)
    for bad_row in report.bad_rows:
        print(f"  {bad_row}", file=sys.stderr)
    raise typer.Exit(int(ExitCode.OK if report.complete else ExitCode.NOT_ALL_PASSED))
