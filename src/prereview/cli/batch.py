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
    ONLY_CHOICES,
    RECYCLE_AFTER,
    Resume,
    connect_dask,
    end_forced_run,
    find_cases,
    forced_run_since,
    is_error,
    mark_forced_run,
    outcome_of,
    pending_outcome,
    run_dask,
    run_local,
)
from ..errors import InputNotFound, UsageError, run_exit_code
from ..ocr import DEFAULT_ENGINE, engine_spec
from ..readers import default_processes
from ..report.paths import prepare_out
from ..report.summary import print_summary, write_summary
from ..runlog import RunLog, stderr_line
from .check import (
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
from .options import FailOn, FailOnOption, OcrBackendOption, OcrPrecisionOption, with_settings

DEFAULT_DASK_TIMEOUT = 30.0


@exits_cleanly
def batch(
    upload_root: Annotated[Path, typer.Argument(help="Folder holding case folders, at any depth.")],
    out: OutOption = None,
    workers: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Worker processes, one OCR engine each (default: one per core, as far as the "
            "free memory holds them at about 2 GB each).",
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
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Check every case again; after an interrupt the same command continues "
            "(what it finished is not redone).",
        ),
    ] = False,
    only: Annotated[
        str | None,
        typer.Option(
            "--only",
            help="Re-check just the cases whose last report is one of these, comma-separated: "
            "fail, review, pass, error (case.error or case.timeout); the rest are left as "
            "they are, whatever changed.",
            show_default=False,
        ),
    ] = None,
    fail_on: FailOnOption = FailOn.review,
    case_timeout: Annotated[
        float, typer.Option(min=0.1, help="Seconds one case may take; then it gets `review`.")
    ] = DEFAULT_CASE_TIMEOUT,
    recycle_after: Annotated[
        int, typer.Option(min=1, help="Cases a worker checks before it is replaced.")
    ] = RECYCLE_AFTER,
    dask: Annotated[
        str | None, typer.Option(help="Run on a Dask cluster: its scheduler, tcp://HOST:PORT.")
    ] = None,
    dask_timeout: Annotated[
        float,
        typer.Option(min=1, help="Seconds to reach the Dask scheduler before giving up (exit 5)."),
    ] = DEFAULT_DASK_TIMEOUT,
) -> None:
    """Pre-review every case folder under UPLOAD_ROOT; reports go to OUT/<relative path>/.

    A rerun skips the cases whose report still holds (same inputs, rule pack, registry,
    engine, review date and version) and retries time-outs and errors.

    Every run writes OUT/logs/batch-<UTC time>.jsonl, OUT/summary.csv and OUT/summary.jsonl.

    Example: prereview batch uploads/2026-11-24 --out reports --workers 2 --registry registry.db

    Example (cron): prereview batch uploads/2026-11-24 --out reports --fail-on error -q
    """
    out, registry, rules, workers = with_settings(out, registry, rules, workers)
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
    wanted = only_outcomes(only)
    forced_since = forced_run_since(out, upload_root) if force and not wanted else None
    started = time.time()
    todo, outcomes = resume.pending(jobs, out, force, wanted, forced_since)
    if force and not wanted and forced_since is None:
        mark_forced_run(out, upload_root, started)
    client = connect_dask(dask, dask_timeout) if dask else None
    processes = workers or default_processes()
    run_log = RunLog.open(out, options.mask)
    run_log.start(
        run_options(upload_root, out, options, processes, force, wanted, fail_on, dask),
        resume.registry_sha256,
        {matter: pack.sha256 for matter, pack in sorted(resume.packs.items())},
        options.engine,
        f"dask {dask}" if dask else processes,
        len(jobs),
        len(todo),
    )
    for outcome in outcomes:
        run_log.case(outcome)
    start = time.perf_counter()
    finished = (
        run_dask(todo, resume, client)
        if client is not None
        else run_local(todo, resume, processes, case_timeout, recycle_after)
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
                run_log.case(outcomes[-1])
                progress.advance(task)
                if log:
                    stderr_line(
                        finished_line(report.case, report.verdict, report.seconds, options.mask)
                    )
    except KeyboardInterrupt as exc:
        # Every case of the root is listed: the unfinished ones `pending`; the rerun (or the
        # same --force command) skips what finished (Resume).
        done = len(outcomes)
        finished_names = {outcome.name for outcome in outcomes}
        for job in todo:
            if job.name not in finished_names:
                outcomes.append(pending_outcome(job.name))
                run_log.case(outcomes[-1])
        code = interrupted_code(exc)
        _summarise(out, outcomes, quiet, time.perf_counter() - start, options.mask)
        run_log.end(outcomes, time.perf_counter() - start, code, interrupted=True)
        run_log.close()
        stderr_line(interrupted_message(done, len(jobs), True))
        raise typer.Exit(code) from None
    if force:
        end_forced_run(out)
    _summarise(out, outcomes, quiet, time.perf_counter() - start, options.mask)
    code = run_exit_code(
        (outcome.verdict for outcome in outcomes),
        sum(is_error(outcome) for outcome in outcomes),
        fail_on.value,
    )
    run_log.end(outcomes, time.perf_counter() - start, int(code), interrupted=False)
    run_log.close()
    raise typer.Exit(int(code))


def only_outcomes(only: str | None) -> frozenset[str]:
    """--only as a set of outcomes; an unknown one is a usage error."""
    if only is None:
        return frozenset()
    wanted = frozenset(part.strip().lower() for part in only.split(",") if part.strip())
    unknown = sorted(wanted - set(ONLY_CHOICES))
    if unknown or not wanted:
        raise UsageError(
            f"--only 只能是 {', '.join(ONLY_CHOICES)} 的组合 --only takes a comma-separated list "
            f"of {', '.join(ONLY_CHOICES)}, not '{only}'"
        )
    return wanted


def run_options(root, out, options, workers, force, only, fail_on, dask) -> dict:
    """The options of a run as the log's `start` event records them."""
    return {
        "upload_root": str(root),
        "out": str(out),
        "registry": str(options.registry) if options.registry else None,
        "rules": str(options.rules) if options.rules else None,
        "matter": options.matter,
        "today": options.today.isoformat(),
        "mask": options.mask,
        "workers": workers,
        "force": force,
        "only": sorted(only),
        "fail_on": fail_on.value,
        "dask": dask,
    }


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
