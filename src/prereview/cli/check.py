"""`prereview check CASE_DIR...`: verdict and report of each application folder."""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from ..batch import RETRIED_RULES, error_report
from ..errors import InputNotFound, UsageError, run_exit_code
from ..intake import list_uploads
from ..normalize import mask_text
from ..ocr import DEFAULT_ENGINE, create_engine, engine_class, engine_spec
from ..pipeline import CheckOptions, CheckSettings, run_case
from ..readers import readers_for, start_workers, threads_per_reader
from ..records import CaseReport
from ..registry import Registry, missing_registry_message
from ..report.clerk_pages import write_case_notice
from ..report.console import print_cases
from ..report.escape import terminal_text
from ..report.html import write_html
from ..report.json import report_to_dict, write_json
from ..report.paths import prepare_out, report_folder, safe_case_name
from ..rules import RulePack, load_packs, matter_named, packaged_matters
from .errors import exits_cleanly
from .options import (
    FailOn,
    FailOnOption,
    OcrBackendOption,
    OcrPrecisionOption,
    RulesOption,
    WorkersOption,
    with_settings,
)

REGISTRY_CACHE = ".registry-cache"

OutOption = Annotated[
    Path | None,
    typer.Option(
        "--out",
        help="Reports go to OUT/<case>/ (default: prereview.toml's out, else prereview-reports).",
    ),
]
RegistryOption = Annotated[
    Path | None,
    typer.Option(help="Registry: a SQLite file from `registry import`, or the CSV folder."),
]
MATTERS_HELP = "; ".join(f"{matter} ({title})" for matter, title in packaged_matters())
MatterOption = Annotated[
    str | None,
    typer.Option(
        help="The matter 事项, by name or Chinese title; wins over application.json. "
        f"Packaged: {MATTERS_HELP}.",
        show_default=False,
    ),
]
EngineOption = Annotated[str, typer.Option(help="OCR engine: rapidocr or tesseract.")]
TodayOption = Annotated[str | None, typer.Option(help="Review date YYYY-MM-DD (default: today).")]
NoMaskOption = Annotated[bool, typer.Option("--no-mask", help="Show ID numbers in full.")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No console table.")]


@exits_cleanly
def check(
    case_dirs: Annotated[
        list[Path], typer.Argument(help="Application folders (scans + application.json).")
    ],
    out: OutOption = None,
    registry: RegistryOption = None,
    matter: MatterOption = None,
    engine: EngineOption = DEFAULT_ENGINE,
    ocr_backend: OcrBackendOption = None,
    ocr_precision: OcrPrecisionOption = None,
    workers: WorkersOption = None,
    rules: RulesOption = None,
    today: TodayOption = None,
    no_mask: NoMaskOption = False,
    quiet: QuietOption = False,
    fail_on: FailOnOption = FailOn.review,
) -> None:
    """Pre-review each case: pass, fail or review, with report.json and report.html.

    Example: prereview check uploads/case001 --registry registry.db --today 2026-11-24
    """
    out, registry, rules, workers = with_settings(out, registry, rules, workers)
    for folder in case_dirs:
        refuse_non_case(folder)
    for folder in case_dirs:
        # Among several arguments too: checked as one case it would only say `case.empty`
        # and write an applicant notice for a folder that is no application.
        refuse_upload_root(folder)
    prepare_out(out)
    engine = engine_spec(engine, ocr_backend, ocr_precision)
    readers = max(1, min(readers_for(workers), most_uploads(case_dirs)))
    # Workers first: their models load while this process validates the options and loads its own.
    started = start_workers(engine, readers)
    try:
        settings = check_settings(
            registry,
            matter,
            engine,
            rules,
            today,
            no_mask,
            out,
            threads=threads_per_reader(readers),
        )
        reports, unwritten = checked_cases(
            replace(settings, workers=started), case_dirs, out, quiet
        )
    finally:
        for worker in started:
            worker.close()
    if not quiet:
        print_cases(Console(), reports, out, not no_mask)
    # A case whose report could not be written has not passed for anyone who reads reports:
    # it counts as a case that errored.
    errors = unwritten + sum(is_error(report) for report in reports)
    code = run_exit_code((report.verdict for report in reports), errors, fail_on.value)
    raise typer.Exit(int(code))


def is_error(report: CaseReport) -> bool:
    """A case whose check crashed (case.error) or timed out: it has no verdict of its own."""
    return any(finding.rule in RETRIED_RULES for finding in report.findings)


def checked_cases(
    settings: CheckSettings, case_dirs: list[Path], out: Path, quiet: bool
) -> tuple[list[CaseReport], int]:
    """Each case checked and its reports written: (reports, how many could not be written).
    An interrupt writes the console table of what finished and exits 130 (143 for SIGTERM)."""
    from .interrupts import interrupted_code, interrupted_message, sigterm_interrupts

    reports, unwritten = [], 0
    try:
        with sigterm_interrupts():
            for index, folder in enumerate(case_dirs, 1):
                report = checked_on_screen(folder, settings, f"{index}/{len(case_dirs)}", quiet)
                unwritten += not write_reports(out, report, mask=settings.mask)
                reports.append(report)
    except KeyboardInterrupt as exc:
        if not quiet:
            print_cases(Console(), reports, out, settings.mask)
        print(interrupted_message(len(reports), len(case_dirs), False), file=sys.stderr)
        raise typer.Exit(interrupted_code(exc)) from None
    return reports, unwritten


def most_uploads(case_dirs: list[Path]) -> int:
    """The most scans any of the cases holds (from the folder listing alone)."""
    return max((len(list_uploads(folder)[0]) for folder in case_dirs), default=0)


def refuse_non_case(folder: Path) -> None:
    """A case must be a folder: a scan given alone is told to go in one (exit 4)."""
    if folder.is_dir():
        return
    if folder.exists():
        raise InputNotFound(
            f"{folder} 是文件，不是案件文件夹：请把一个案件的扫描件（和 application.json）放进"
            f"一个文件夹，再检查该文件夹，例如 prereview check {folder.parent / 'case001'} "
            f"(a file, not a case folder: put the case's scans in a folder and check the folder)"
        )
    raise InputNotFound(f"找不到案件文件夹 {folder} (no such case folder: {folder})")


def refuse_upload_root(folder: Path) -> None:
    """A folder with no scans of its own whose sub-folders are cases is an upload root: checking
    it as one case would say only `case.empty`, so point at `batch` instead (exit 2)."""
    from ..batch import find_cases  # local: issue 10 keeps the module imports lazy

    cases = find_cases(folder)
    if cases and all(case.folder != folder for case in cases):
        raise UsageError(
            f"{folder} 是多个案件的上传目录，请用 prereview batch {folder} "
            f"(holds {len(cases)} case folders: use `prereview batch {folder}`)"
        )


def check_options(
    registry: Path | None,
    matter: str | None,
    engine: str,
    rules: Path | None,
    today: str | None,
    no_mask: bool,
    out: Path | None = None,
) -> tuple[CheckOptions, dict[str, RulePack], Registry | None]:
    """Validate the options shared by `check` and `batch`: a broken pack, an unknown matter,
    a bad registry or a missing engine stops the run here, before any case. A CSV registry
    is imported once into OUT/.registry-cache and reused while its files are unchanged."""
    cache = out / REGISTRY_CACHE if out is not None else None
    options = CheckOptions(
        engine, review_date_from(today), registry, matter, rules, not no_mask, cache
    )
    packs = load_packs(rules)
    if matter is not None:
        options = replace(options, matter=matter_named(matter, packs))
    if registry is not None and not registry.exists():
        raise InputNotFound(missing_registry_message(registry))
    opened = Registry.open(registry, cache) if registry is not None else None
    if opened is not None and opened.import_report is not None:
        # A CSV folder is imported on the fly: its bad rows are left out, so say which.
        for bad_row in opened.import_report.bad_rows:
            row = terminal_text(mask_text(str(bad_row), not no_mask))
            print(f"prereview: registry row left out: {row}", file=sys.stderr)
    engine_class(engine)
    return options, packs, opened


def check_settings(*args, threads: int | None = None) -> CheckSettings:
    """The validated options with what they name loaded: engine (with `threads` OCR threads,
    None: the engine's default), packs, registry."""
    options, packs, registry = check_options(*args)
    engine = create_engine(options.engine, threads)
    return CheckSettings(engine, packs, registry, options.today, options.matter, options.mask)


def review_date_from(text: str | None) -> date:
    """--today as a date; today when not given."""
    if text is None:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(
            f"--today 应为 YYYY-MM-DD 格式的日期，如 2026-11-24，而不是 '{text}' "
            f"(--today must be a date YYYY-MM-DD, not '{text}')"
        ) from None


def case_name(folder: Path) -> str:
    """The name of a case folder given on the command line (`case/..` names the parent)."""
    return safe_case_name(Path(os.path.abspath(folder)).name)


def checked_case(folder: Path, settings: CheckSettings) -> CaseReport:
    """The report of one case; a case whose check raised gets `review` with `case.error`,
    and the next case is checked: one hostile upload never stops the command."""
    name = case_name(folder)
    try:
        return run_case(folder, settings, name)
    except Exception as exc:  # noqa: BLE001 - one case's crash is that case's finding
        return error_report(name, settings.matter, exc)


def checked_on_screen(folder: Path, settings: CheckSettings, counter: str, quiet: bool):
    """checked_case, with a spinner on a terminal or a log line when stderr is a file."""
    from ..report.console import VERDICT_STYLES, finished_line, shown

    stderr = Console(stderr=True)
    if quiet:
        return checked_case(folder, settings)
    if not stderr.is_terminal:
        report = checked_case(folder, settings)
        print(
            finished_line(report.case, report.verdict, report.seconds, settings.mask),
            file=sys.stderr,
        )
        return report
    name = shown(case_name(folder), settings.mask)
    with stderr.status(f"{counter} 正在预审 checking {name}"):
        report = checked_case(folder, settings)
    verdict = f"[{VERDICT_STYLES[report.verdict]}]{report.verdict}[/]"
    stderr.print(f"{counter} {name} {verdict} {report.seconds:.1f} s", highlight=False)
    return report


def write_reports(out: Path, report: CaseReport, mask: bool) -> bool:
    """OUT/<case>/: report.html first, report.json last (a report.json on disk means a
    finished case). False, with a message, when the case's folder cannot be written."""
    try:
        folder = report_folder(out, report.case)
        write_html(folder / "report.html", report, mask)
        write_case_notice(folder, report, mask)
        write_json(folder / "report.json", report_to_dict(report, mask))
    except Exception as exc:  # noqa: BLE001 - one unwritable report never stops the others
        where = terminal_text(mask_text(report.case, mask))
        reason = exc.strerror if isinstance(exc, OSError) else f"{type(exc).__name__}: {exc}"
        print(f"prereview: cannot write the report of {where}: {reason}", file=sys.stderr)
        return False
    return True
