"""`prereview batch UPLOAD_ROOT`: every case under an upload root, in parallel, resumable."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from ..batch import (
    DEFAULT_CASE_TIMEOUT,
    RECYCLE_AFTER,
    Resume,
    find_cases,
    outcome_of,
    run_dask,
    run_local,
)
from ..errors import ExitCode, InputNotFound, UsageError
from ..ocr import DEFAULT_ENGINE, engine_spec
from ..readers import default_processes
from ..report.paths import prepare_out
from ..report.summary import print_summary, write_summary
from .check import (
    DEFAULT_OUT,
    EngineOption,
    MatterOption,
    NoMaskOption,
    OutOption,
    QuietOption,
    RegistryOption,
    RulesOption,
    TodayOption,
    check_options,
    write_reports,
)
from .errors import exits_cleanly
from .options import OcrBackendOption, OcrPrecisionOption


@exits_cleanly
def batch(
    upload_root: Annotated[Path, typer.Argument(help="Folder holding case folders, at any depth.")],
    out: OutOption = DEFAULT_OUT,
    workers: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Worker processes, one OCR engine each (default: one per core, as far as the "
            "free memory holds them at about 1.8 GB each).",
            show_default=False,
        ),
    ] = None,
    registry: RegistryOption = None,
    matter: MatterOption = None,
    engine: EngineOption = DEFAULT_ENGINE,
    ocr_backend: OcrBackendOption = None,
    ocr_precision: OcrPrecisionOption = None,
    rules: RulesOption = None,
    today: TodayOption = None,
    no_mask: NoMaskOption = False,
    quiet: QuietOption = False,
    force: Annotated[bool, typer.Option("--force", help="Check every case again.")] = False,
    case_timeout: Annotated[
        float, typer.Option(min=0.1, help="Seconds one case may take; then it gets `review`.")
    ] = DEFAULT_CASE_TIMEOUT,
    recycle_after: Annotated[
        int, typer.Option(min=1, help="Cases a worker checks before it is replaced.")
    ] = RECYCLE_AFTER,
    dask: Annotated[
        str | None, typer.Option(help="Run on a Dask cluster: its scheduler, tcp://HOST:PORT.")
    ] = None,
) -> None:
    """Pre-review every case folder under UPLOAD_ROOT; reports go to OUT/<relative path>/.

    A rerun skips the cases whose report still holds (same inputs, rule pack, registry,
    engine, review date and version) and retries time-outs and errors.

    Example: prereview batch uploads/2026-11-24 --out reports --workers 2 --registry registry.db
    """
    if not upload_root.is_dir():
        raise InputNotFound(f"no such upload folder: {upload_root}")
    prepare_out(out)
    engine = engine_spec(engine, ocr_backend, ocr_precision)
    options, _, _ = check_options(registry, matter, engine, rules, today, no_mask, out)
    resume = Resume.load(options)
    jobs = find_cases(upload_root)
    if not jobs:
        raise UsageError(
            f"no case folders under {upload_root} (a case folder holds scans or application.json)"
        )
    todo, outcomes = resume.pending(jobs, out, force)
    start = time.perf_counter()
    finished = (
        run_dask(todo, resume, dask)
        if dask
        else run_local(todo, resume, workers or default_processes(), case_timeout, recycle_after)
    )
    from ..report.console import finished_line
    from .interrupts import interrupted_code, interrupted_message, sigterm_interrupts

    log = not quiet and not sys.stderr.isatty()
    try:
        with sigterm_interrupts(), _progress(quiet) as progress:
            task = progress.add_task("pre-review", total=len(jobs), completed=len(outcomes))
            for _job, report, pid, rss in finished:
                write_reports(out, report, mask=options.mask)
                outcomes.append(outcome_of(report, pid, rss))
                progress.advance(task)
                if log:
                    line = finished_line(report.case, report.verdict, report.seconds, options.mask)
                    print(line, file=sys.stderr, flush=True)
    except KeyboardInterrupt as exc:
        # The summary of what finished; the rerun skips those cases (Resume).
        _summarise(out, outcomes, quiet, time.perf_counter() - start, options.mask)
        print(interrupted_message(len(outcomes), len(jobs), True), file=sys.stderr)
        raise typer.Exit(interrupted_code(exc)) from None
    _summarise(out, outcomes, quiet, time.perf_counter() - start, options.mask)
    all_passed = all(outcome.verdict == "pass" for outcome in outcomes)
    raise typer.Exit(int(ExitCode.OK if all_passed else ExitCode.NOT_ALL_PASSED))


def _summarise(out: Path, outcomes: list, quiet: bool, seconds: float, mask: bool) -> None:
    """summary.csv and summary.html, and the one-screen summary unless --quiet."""
    write_summary(out, outcomes, mask)
    if not quiet:
        print_summary(Console(stderr=True), outcomes, out, seconds, mask)


class _CasesPerMinute(TextColumn):
    """Cases per minute over the cases done in this run."""

    def __init__(self) -> None:
        super().__init__("")

    def render(self, task):  # noqa: D102 - a rich column
        speed = task.finished_speed or task.speed
        return super().render(task) if speed is None else f"{speed * 60:.1f} cases/min"


def _progress(quiet: bool) -> Progress:
    """A progress bar on stderr, off with --quiet or when stderr is not a terminal."""
    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        _CasesPerMinute(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        disable=quiet or not sys.stderr.isatty(),
    )
