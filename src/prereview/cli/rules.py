"""`prereview rules`: list, show, lint and start rule packs, without touching code."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ..classify import type_label
from ..errors import ExitCode, InputNotFound, InvalidConfiguration, UsageError
from ..json_lines import JsonProblem, line_of, source_lines
from ..rules import (
    Problem,
    existing_rules_folder,
    load_pack,
    load_packs,
    matter_named,
    meta_schema_validator,
    pack_text,
    packaged_rules_dir,
    parse_json,
    semantic_problems,
)
from .errors import exits_cleanly
from .options import RulesOption

# Wide enough for any fixture path and rule ids; tables take only the width they need.
PIPED_WIDTH = 400

app = typer.Typer(
    no_args_is_help=True,
    help="Rule packs: one JSON file per matter (list, show, lint, test, new).\n\nExample: prereview rules lint my-packs/*.json",
)


@app.callback()
def rules() -> None:
    """Rule packs: one JSON file per matter."""


@app.command("list")
@exits_cleanly
def list_packs(rules: RulesOption = None) -> None:
    """The matters prereview knows, with the documents each needs.

    Example: prereview rules list --rules my-packs/
    """
    table = Table(title="rule packs 规则包", title_justify="left")
    for column in ("matter", "title", "documents", "file"):
        table.add_column(column)
    for matter, pack in sorted(load_packs(rules).items()):
        documents = "\n".join(type_label(doc_type) for doc_type in pack.documents)
        table.add_row(matter, pack.title, documents, str(pack.path))
    wide_console().print(table)


@app.command("show", no_args_is_help=True)
@exits_cleanly
def show(
    matter: Annotated[str, typer.Argument(help="The matter, e.g. id-verification.")],
    rules: RulesOption = None,
) -> None:
    """One pack as tables: documents, field schemas, consistency and registry rules.

    Example: prereview rules show housing-fund-withdrawal
    """
    packs = load_packs(rules)
    pack = packs[matter_named(matter, packs)]
    console = wide_console()
    console.print(f"[bold]{pack.matter}[/bold]  {pack.title}  ({pack.path})")
    thresholds = pack.thresholds
    console.print(
        f"thresholds: names match at >= {thresholds.name_accept:g}, mismatch below {thresholds.name_reject:g}, "
        f"grey zone between; OCR confidence needed {thresholds.min_confidence:g}; registry needed: {pack.requires_registry}",
        highlight=False,
    )
    documents = Table(title="documents 所需材料", title_justify="left")
    for column in ("type", "label", "field schema: required", "when missing"):
        documents.add_column(column)
    for doc_type, need in pack.documents.items():
        validator = pack.field_validators.get(doc_type)
        required = ", ".join(_required_fields(validator)) if validator else "—"
        documents.add_row(doc_type, need["label"], required, need["missing"])
    console.print(documents)
    consistency = Table(title="consistency rules 一致性规则", title_justify="left")
    consistency.add_column("id", no_wrap=True)
    for column in ("left", "compare", "right"):
        consistency.add_column(column)
    for rule in pack.consistency:
        left = rule["left"] if isinstance(rule["left"], str) else " | ".join(rule["left"])
        consistency.add_row(rule["id"], left, rule["compare"], rule["right"])
    console.print(consistency)
    registry = Table(title="registry rules 登记库规则", title_justify="left")
    registry.add_column("id", no_wrap=True)
    for column in ("table", "key", "check"):
        registry.add_column(column)
    for rule in pack.registry:
        registry.add_row(rule["exists"]["id"], rule["table"], rule["key"], "record exists")
        for agree in rule.get("agree", ()):
            registry.add_row(
                agree["id"], "", "", f"{agree['column']} {agree['compare']} {agree['with']}"
            )
        if "status" in rule:
            registry.add_row(
                rule["status"]["id"], "", "", f"status in {', '.join(rule['status']['allowed'])}"
            )
    console.print(registry)


def _required_fields(validator) -> list[str]:
    """The required fields of a compiled field schema, following a top-level $ref."""
    schema = validator.schema
    if "$ref" in schema:
        schema = validator._resolver.lookup(schema["$ref"]).contents  # noqa: SLF001 - jsonschema's own resolver
    return list(schema.get("required", []))


@app.command("lint")
@exits_cleanly
def lint(
    files: Annotated[
        list[Path] | None, typer.Argument(help="Pack files (default: every pack in use).")
    ] = None,
    rules: RulesOption = None,
) -> None:
    """Every mistake in rule packs, with file, JSON path and a hint; exit 5 on any.

    Example: prereview rules lint my-packs/dog-licence.json
    """
    paths = files or _packs_in_use(rules)
    count = 0
    for path in paths:
        for problem in lint_file(path):
            count += 1
            hint = f"  ({problem.hint})" if problem.hint else ""
            where = f"{path}:{problem.line}" if problem.line else str(path)
            print(f"{where}: {problem.json_path}: {problem.message}{hint}")
    print(f"{len(paths)} pack(s), {count} problem(s)", file=sys.stderr)
    raise typer.Exit(int(ExitCode.INVALID_CONFIG if count else ExitCode.OK))


def _packs_in_use(rules: Path | None) -> list[Path]:
    folders = [packaged_rules_dir()]
    extra = existing_rules_folder(rules)
    if extra is not None:
        folders.append(extra)
    return [path for folder in folders for path in sorted(folder.glob("*.json"))]


LintProblem = JsonProblem


def lint_file(path: Path) -> list[LintProblem]:
    """Every problem of one pack file, each with its line: JSON syntax, the meta-schema, the
    meaning of what it names, then its $refs."""
    try:
        text = pack_text(path)
        data = parse_json(text)
    except InvalidConfiguration as exc:
        return [LintProblem("$", exc.message)]
    except json.JSONDecodeError as exc:
        return [LintProblem("$", f"invalid JSON, column {exc.colno}: {exc.msg}", line=exc.lineno)]
    except (ValueError, RecursionError) as exc:
        return [LintProblem("$", f"invalid JSON: {exc}")]
    errors = sorted(
        meta_schema_validator().iter_errors(data), key=lambda error: list(error.absolute_path)
    )
    problems = [Problem(error.json_path, error.message, _hint(error)) for error in errors]
    # A value the meta-schema already refused (a threshold out of range) is said once.
    refused = {problem.json_path for problem in problems}
    problems.extend(p for p in _meaning_problems(data) if p.json_path not in refused)
    if not problems:
        try:
            load_pack(path)
        except InvalidConfiguration as exc:
            where, _, message = exc.message.partition(": at ")[2].partition(": ")
            problems.append(Problem(where or "$", message or exc.message))
    lines = source_lines(text)
    return [
        LintProblem(p.json_path, p.message, p.hint, line_of(p.json_path, lines)) for p in problems
    ]


def _meaning_problems(data: object) -> list[Problem]:
    """semantic_problems, as far as a pack that breaks the meta-schema lets them be found."""
    try:
        return semantic_problems(data)
    except (KeyError, TypeError, AttributeError, IndexError, ValueError):
        # The meta-schema errors already say what is malformed; the rest waits for a fix.
        return []


def _hint(error) -> str:
    if error.validator == "additionalProperties":
        allowed = ", ".join(sorted(error.schema.get("properties", {})))
        return f"allowed keys here: {allowed}"
    if error.validator == "required":
        return "see docs/rule-packs.md for what each key means"
    if error.validator in ("enum", "const"):
        return "one of the listed values"
    if error.validator == "pattern":
        return "rule ids are dotted lower-case words (area.check); references are <doc type>.<field> or declared.<key>"
    return error.schema.get("description", "") if isinstance(error.schema, dict) else ""


STARTER = {
    "$comment": "A rule pack for one matter. Every key is explained in its own $comment or description; "
    "`prereview rules lint` checks the file, `prereview rules show MATTER` prints it.",
    "matter": "MATTER",
    "title": "事项名称 Title of the matter",
    "description": "What applicants ask for with this matter and which documents prove it.",
    "version": 1,
    "requires_registry": True,
    "thresholds": {
        "$comment": "Name similarity 0-100: at or above name_accept a match, below name_reject a mismatch, "
        "in between a clerk looks (review). A failed rule resting on a field read with less OCR "
        "confidence than min_confidence becomes review.",
        "name_accept": 90,
        "name_reject": 60,
        "min_confidence": 0.8,
    },
    "documents": {
        "id_card_front": {
            "$comment": "Each document the matter needs, what the clerk reads, and what the applicant must do when it is missing.",
            "label": "申请人身份证人像面 applicant's ID card, front",
            "missing": "请补充申请人身份证人像面。 Please add the front of the applicant's ID card.",
        },
        "id_card_back": {
            "label": "申请人身份证国徽面 applicant's ID card, back",
            "missing": "请补充申请人身份证国徽面。 Please add the back of the applicant's ID card.",
        },
    },
    "field_schemas": {
        "id_card_front": {
            "$comment": "A JSON Schema (Draft 2020-12) for the document's fields; $ref reaches files beside the pack only.",
            "type": "object",
            "required": ["name", "id_number"],
            "properties": {"id_number": {"type": "string", "pattern": "^[0-9]{17}[0-9X]$"}},
        }
    },
    "consistency": [
        {
            "$comment": "left and right are <document type>.<field> or declared.<key of application.json>; "
            "compare is exact, fuzzy (names, with the thresholds) or member (left among right's 、-joined names).",
            "id": "consistency.declared_name",
            "left": "declared.applicant.name",
            "right": "id_card_front.name",
            "compare": "fuzzy",
            "message": "申报的姓名（{left}）与身份证（{right}）不一致。 The declared name ({left}) differs from the ID card ({right}).",
        }
    ],
    "registry": [
        {
            "$comment": "Look the key up in a registry table; exists, agree and status each give their own rule id.",
            "table": "persons",
            "key": "id_card_front.id_number",
            "exists": {
                "id": "registry.person_exists",
                "message": "身份证号码（{key}）不在登记库中。 The ID number ({key}) is not in the registry.",
            },
        }
    ],
}


@app.command("test")
@exits_cleanly
def test(
    folder: Annotated[
        Path | None,
        typer.Argument(
            help="Folder of *.case.json fixtures (default: the packaged ones).", show_default=False
        ),
    ] = None,
    rules: RulesOption = None,
) -> None:
    """Check fixture cases (*.case.json: fields, declared values, registry rows, expected verdict
    and rule ids) against the packs, without images; each fixture is first checked against
    data/rule-fixture.schema.json (file, line and hint for every mistake). Exit 1 when one
    fails, 5 when one is itself invalid.

    Example: prereview rules test rules/tests --rules my-packs/
    """
    # Fixtures run the rule stages of the pipeline, which `rules list` should not import.
    from ..rule_fixtures import fixture_files, misnamed_fixtures, packaged_fixtures_dir, run_fixture

    folder = folder or packaged_fixtures_dir()
    if not folder.is_dir():
        raise InputNotFound(
            f"找不到 fixture 文件夹 {folder}：应为存放 *.case.json 的文件夹 "
            f"(no such fixture folder: {folder})"
        )
    packs = load_packs(rules)
    results = [run_fixture(path, packs) for path in fixture_files(folder)]
    for misnamed in misnamed_fixtures(folder):
        print(
            f"prereview: 未读取 {misnamed}：fixture 文件名须以 .case.json 结尾 "
            f"({misnamed} is not read: fixture files must be named *.case.json)",
            file=sys.stderr,
        )
    for result in results:
        for problem in result.problems:
            where = f"{result.path}:{problem.line}" if problem.line else str(result.path)
            hint = f"  ({problem.hint})" if problem.hint else ""
            print(f"{where}: {problem.json_path}: {problem.message}{hint}")
    table = Table(title="rule-pack fixtures", title_justify="left")
    table.add_column("fixture", no_wrap=True)
    table.add_column("result", no_wrap=True)
    for column in ("expected", "got"):
        # Rule ids fold onto the next line in a narrow terminal; they are never cut.
        table.add_column(column, overflow="fold")
    for result in results:
        table.add_row(str(result.path.relative_to(folder)), *_outcome(result))
    wide_console().print(table)
    failed = sum(1 for result in results if not result.passed)
    invalid = sum(1 for result in results if result.invalid)
    print(
        f"{len(results) - failed} passed, {failed} failed"
        + (f" ({invalid} invalid)" if invalid else ""),
        file=sys.stderr,
    )
    if not results:
        print(
            f"prereview: {folder} 下没有 *.case.json fixture (no *.case.json fixtures under {folder})",
            file=sys.stderr,
        )
    raise typer.Exit(int(_fixtures_exit_code(results)))


def _outcome(result) -> tuple[str, str, str]:
    """The result, expected and got cells of one fixture's row."""
    if result.invalid:
        count = len(result.problems)
        return "[red]INVALID 无效[/red]", "", f"{count} 处错误，见上 ({count} problem(s), above)"
    status = "[green]ok[/green]" if result.passed else "[red]FAILED[/red]"
    expected = f"{result.expected_verdict} {' '.join(result.expected_rules)}"
    return status, expected, result.error or f"{result.verdict} {' '.join(result.rules)}"


def _fixtures_exit_code(results) -> ExitCode:
    """5 when a fixture is itself invalid (as `rules lint` for a pack), else 1 when one
    failed or none was found, else 0."""
    if any(result.invalid for result in results):
        return ExitCode.INVALID_CONFIG
    if not results or not all(result.passed for result in results):
        return ExitCode.NOT_ALL_PASSED
    return ExitCode.OK


def wide_console() -> Console:
    """stdout for tables: a terminal's own width, else (piped, redirected) wide enough that
    no cell is cut, since a script or a log reads every character."""
    console = Console()
    return console if console.is_terminal else Console(width=PIPED_WIDTH)


@app.command("new", no_args_is_help=True)
@exits_cleanly
def new(
    matter: Annotated[
        str, typer.Argument(help="The new matter's name: lower-case words joined by -.")
    ],
    out: Annotated[
        Path | None, typer.Option("--out", help="Where to write it (default ./MATTER.json).")
    ] = None,
) -> None:
    """Write a starting pack for a new matter, explained by $comment keys; it lints clean.

    Example: prereview rules new dog-licence --out my-packs/dog-licence.json
    """
    target = out or Path(f"{matter}.json")
    if target.exists():
        raise UsageError(f"{target} exists already: choose another --out")
    pack = json.loads(json.dumps(STARTER).replace("MATTER", matter))
    if list(meta_schema_validator().iter_errors(pack)):
        raise UsageError(
            f"'{matter}' 不能作事项代号：代号用小写字母、数字和 -（以字母开头），如 getihu-registration；"
            f"中文名称写在生成文件的 title 里 ('{matter}' is not a matter name: lower-case letters, "
            "digits and -, starting with a letter; the Chinese name goes in the pack's `title`)"
        )
    target.write_text(json.dumps(pack, ensure_ascii=False, indent=2) + "\n", "utf-8")
    print(f"wrote {target}; edit it, then: prereview rules lint {target}", file=sys.stderr)
