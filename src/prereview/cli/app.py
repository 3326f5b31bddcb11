"""The `prereview` command: one module per sub-command, imported only when it runs.

`prereview --help` and the light commands (rules, registry, decide, audit) must start in a
fraction of a second: the OCR engines, OpenCV and onnxruntime take seconds to import on a
loaded machine, so each command's module is imported when that command is invoked."""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path
from typing import Annotated, Any, NamedTuple

import typer
from typer.core import TyperCommand, TyperGroup

from .errors import VERBOSE


class Entry(NamedTuple):
    """Where a sub-command lives, and the one line `prereview --help` shows for it."""

    module: str
    attribute: str
    help: str
    no_args_is_help: bool = True


# Root help lists these lines without importing the modules; a unit test checks each line
# against the command's own help text so they cannot drift apart.
COMMANDS: dict[str, Entry] = {
    "check": Entry(
        "check",
        "check",
        "Pre-review each case: pass, fail or review, with report.json and report.html.",
    ),
    "batch": Entry(
        "batch",
        "batch",
        "Pre-review every case folder under UPLOAD_ROOT; reports go to OUT/<relative path>/.",
    ),
    "regress": Entry(
        "regress",
        "regress",
        "Run the sample documents and cases and compare them with the golden results; exit 1 "
        "on any difference. After reviewing a deliberate change, `--update` accepts it.",
        no_args_is_help=False,
    ),
    "extract": Entry(
        "extract",
        "extract",
        "Read scans and print each document's type, fields and image-quality signals.",
    ),
    "decide": Entry(
        "decide",
        "decide",
        "Record a clerk's decision (人工复核) on a checked case in OUT/audit.jsonl.",
    ),
    "registry": Entry(
        "registry",
        "app",
        "Reference registry (persons, enterprises, properties) for the registry checks.",
    ),
    "rules": Entry(
        "rules", "app", "Rule packs: one JSON file per matter (list, show, lint, test, new)."
    ),
    "audit": Entry("audit", "app", "The clerks' decision log (OUT/audit.jsonl)."),
    "queue": Entry(
        "queue",
        "queue",
        "List the cases that need a clerk: review or fail, undecided or decided on older inputs.",
    ),
    "samples": Entry(
        "samples",
        "app",
        "Generate synthetic sample documents (ID cards, licences, deeds) with ground truth.",
    ),
}


def load_command(name: str) -> Any:
    """The click command of sub-command `name`, its module imported now, its help with
    plain metavars and its exit codes."""
    entry = COMMANDS[name]
    target = getattr(importlib.import_module(f"{__package__}.{entry.module}"), entry.attribute)
    if isinstance(target, typer.Typer):
        command = typer.main.get_group(target)
        command.name = name
    else:
        single = typer.Typer(add_completion=False)
        single.command(name=name, no_args_is_help=entry.no_args_is_help)(target)
        command = typer.main.get_command(single)
    return with_plain_help(command, name)


# Value placeholders shown in help instead of Typer's Python types (<path>, <str>, <bool>).
METAVARS = {
    "today": "YYYY-MM-DD",
    "out": "DIR",
    "rules": "DIR",
    "registry": "FILE|DIR",
    "db": "FILE",
    "junit": "FILE",
    "matter": "MATTER",
    "engine": "NAME",
    "workers": "N",
}


def plain_metavar(param: Any) -> None:
    """A parameter's help placeholder: CASE_DIR... for arguments, DIR or FILE for options,
    nothing for flags (Typer would show <list[Path]>, {case_dirs}, <bool>)."""
    if param.param_type_name == "argument":
        label = param.name.upper()
        if param.nargs != 1:
            label = label.removesuffix("S") + "..."
        usage = label if param.required else f"[{label}]"
        param.metavar = label
        # Typer's argument hooks (instance attributes win over its methods).
        param._usage_display_name = lambda: usage
        param.display_type_rich = lambda ctx: None
    elif getattr(param, "is_flag", False):
        param.metavar = ""
    elif param.metavar is None:
        param.metavar = METAVARS.get(param.name, param.name.upper())


def with_plain_help(command: Any, path: str) -> Any:
    """`command` (and its sub-commands) with metavars a clerk can read and its exit codes
    (EXIT_CODES_BY_COMMAND, keyed by `rules lint` style paths) as epilog."""
    for param in command.params:
        plain_metavar(param)
    # Click makes the --help option when help is asked for: give it no type either.
    make_help_option = command.get_help_option

    def help_option(ctx: Any) -> Any:
        option = make_help_option(ctx)
        if option is not None:
            option.metavar = ""
        return option

    command.get_help_option = help_option
    if path in EXIT_CODES_BY_COMMAND and not command.epilog:
        command.epilog = "\b\n" + EXIT_CODES_BY_COMMAND[path]
    for sub_name, sub in getattr(command, "commands", {}).items():
        with_plain_help(sub, f"{path} {sub_name}")
    return command


def verbose_first(args: list[str]) -> list[str]:
    """The arguments with every `--verbose` before `--` moved to the front, where the root
    callback reads it: `prereview check case --verbose` works like `prereview --verbose check`."""
    end = args.index("--") if "--" in args else len(args)
    flags = [arg for arg in args[:end] if arg == "--verbose"]
    rest = [arg for arg in args[:end] if arg != "--verbose"]
    return [*flags, *rest, *args[end:]]


class LazyGroup(TyperGroup):
    """Lists every sub-command from COMMANDS, and imports only the one that runs."""

    def main(self, args: Any = None, *rest: Any, **kwargs: Any) -> Any:
        args = list(sys.argv[1:] if args is None else args)
        with_plain_help(self, "")
        return super().main(verbose_first(args), *rest, **kwargs)

    def list_commands(self, ctx: Any) -> list[str]:
        return [*super().list_commands(ctx), *COMMANDS]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        # Help and completion only need the name and the line: a stand-in, not the module.
        if cmd_name in COMMANDS:
            return TyperCommand(name=cmd_name, help=COMMANDS[cmd_name].help)
        return super().get_command(ctx, cmd_name)

    def resolve_command(self, ctx: Any, args: list[str]) -> tuple[Any, Any, list[str]]:
        name, command, rest = super().resolve_command(ctx, args)
        if name in COMMANDS:
            command = load_command(name)
        return name, command, rest


app = typer.Typer(
    name="prereview",
    cls=LazyGroup,
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
    "5 invalid rule pack, configuration or registry (or Dask scheduler unreachable); "
    "6 a case crashed or timed out (--fail-on error|fail); 123 internal error; "
    "130 interrupted (Ctrl-C); 143 terminated (SIGTERM)."
)


EXIT_CODES_BY_COMMAND = {
    "check": EXIT_CODES,
    "batch": EXIT_CODES,
    "extract": "Exit codes 退出码: 0 every file read; 1 a file could not be read; 2 usage error; "
    "3 missing dependency (OCR engine); 4 input not found; 123 internal error; 130 interrupted.",
    "regress": "Exit codes 退出码: 0 no difference from the golden results; 1 a difference; "
    "2 usage error; 3 missing dependency; 4 samples folder not found; 123 internal error.",
    "decide": "Exit codes 退出码: 0 decision recorded; 2 usage error (case, decision, clerk, "
    "finding); 4 no report for the case; 5 the report is unreadable; 123 internal error.",
    "registry import": "Exit codes 退出码: 0 every row imported; 1 bad rows left out; "
    "2 --db is a folder; 4 CSV folder not found; 5 not a folder of registry CSV files or a "
    "wrong header; 123 internal error.",
    "rules show": "Exit codes 退出码: 0 shown; 2 unknown matter; 4 --rules folder not found; "
    "5 invalid rule pack.",
    "rules list": "Exit codes 退出码: 0 listed; 4 --rules folder not found; 5 invalid rule pack.",
    "rules lint": "Exit codes 退出码: 0 no problem; 4 --rules folder not found; 5 a problem.",
    "rules test": "Exit codes 退出码: 0 every fixture passed; 1 a fixture failed, or none found; "
    "4 fixture or --rules folder not found; 5 an invalid rule pack, or a fixture invalid against "
    "data/rule-fixture.schema.json.",
    "rules new": "Exit codes 退出码: 0 written; 2 not a matter name, or the file exists.",
    "audit verify": "Exit codes 退出码: 0 the log is intact; 1 an entry was edited, removed or "
    "reordered; 4 no log.",
}


def _version(value: bool) -> None:
    if value:
        from .. import __version__

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
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            help="Settings file (TOML: \\[office], defaults for registry, rules, out, workers); "
            "default $PREREVIEW_CONFIG, else ./prereview.toml.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """智能预审 Pre-review of government-service applications."""
    VERBOSE["on"] = verbose
    if config is not None:
        # Through the environment, so that every command (and each worker process) reads it.
        os.environ["PREREVIEW_CONFIG"] = str(config)


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
