"""`prereview audit verify`: is the clerks' decision log as it was written?"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..audit import audit_path, first_break, read_entries
from ..errors import ExitCode, InputNotFound
from .errors import exits_cleanly
from .options import DEFAULT_OUT

app = typer.Typer(
    no_args_is_help=True,
    help="The clerks' decision log (OUT/audit.jsonl).\n\nExample: prereview audit verify --out reports",
)


# A callback keeps `audit` a group with its sub-commands even while it has only one.
@app.callback()
def audit() -> None:
    """The clerks' decision log (OUT/audit.jsonl)."""


@app.command()
@exits_cleanly
def verify(
    out: Annotated[Path, typer.Option("--out", help="The reports' folder.")] = DEFAULT_OUT,
) -> None:
    """Check the hash chain of OUT/audit.jsonl.

    Exit status: 0 intact (prints the number of entries and the last hash, worth noting
    elsewhere: removing the last entries leaves no trace in the chain itself); 1 the first
    edited, removed or reordered entry is named; 4 no log.

    Example: prereview audit verify --out reports
    """
    path = audit_path(out)
    if not path.is_file():
        raise InputNotFound(f"没有决定记录：{path} 不存在 (no decision log: {path} does not exist)")
    broken = first_break(path)
    if broken is not None:
        print(f"prereview: {path}: {broken.message}", file=sys.stderr)
        raise typer.Exit(int(ExitCode.NOT_ALL_PASSED))
    entries = read_entries(path)
    head = entries[-1]["entry_sha256"] if entries else "-"
    print(
        f"{path}：完整，共 {len(entries)} 条记录，最后一条的 entry_sha256 为 {head} "
        f"(intact, {len(entries)} entries)"
    )
