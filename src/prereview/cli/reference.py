"""docs/cli.md from the commands' own help: `python -m prereview.cli.reference` prints it,
`make cli-doc` writes it, and a unit test fails when the page and the help differ."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import typer.rich_utils
from typer.testing import CliRunner

from .app import COMMANDS, app, load_command

# The page must not depend on the terminal it was made in: one width, no colour.
WIDTH = 100

HEADER = """# Command reference 命令参考

Generated from the commands' own `--help` by `make cli-doc` (`python -m prereview.cli.reference`);
do not edit by hand: `tests/unit/test_cli_reference.py` fails when this page and the help differ.
The guides are [quickstart.md](quickstart.md), [clerk-guide.md](clerk-guide.md) and
[reference.md](reference.md); exit codes are the contract of [report-format.md](report-format.md).
"""


def command_paths() -> Iterator[list[str]]:
    """`[]` (the root), then every command and sub-command, in the root help's order."""
    yield []
    for name in COMMANDS:
        yield [name]
        for sub in getattr(load_command(name), "commands", {}):
            yield [name, sub]


def help_text(path: list[str]) -> str:
    """What `prereview PATH --help` prints, at WIDTH columns without colour."""
    settings = {"MAX_WIDTH": WIDTH, "FORCE_TERMINAL": False, "COLOR_SYSTEM": None}
    # Typer reads these module globals for every help; the rest of the process keeps its own.
    saved = {name: getattr(typer.rich_utils, name) for name in settings}
    for name, value in settings.items():
        setattr(typer.rich_utils, name, value)
    try:
        result = CliRunner().invoke(
            app, [*path, "--help"], prog_name="prereview", env={"COLUMNS": str(WIDTH)}
        )
    finally:
        for name, value in saved.items():
            setattr(typer.rich_utils, name, value)
    if result.exit_code != 0:
        raise RuntimeError(f"prereview {' '.join(path)} --help exited {result.exit_code}")
    return "\n".join(line.rstrip() for line in result.stdout.splitlines()).strip("\n")


def reference() -> str:
    """The whole of docs/cli.md."""
    sections = [HEADER]
    for path in command_paths():
        title = " ".join(["prereview", *path])
        sections.append(f"## `{title}`\n\n```text\n{help_text(path)}\n```\n")
    return "\n".join(sections)


if __name__ == "__main__":
    sys.stdout.write(reference())
