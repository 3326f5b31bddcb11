"""`make bench-batch`: throughput of `batch` with 1 and 2 single-threaded workers, and how a
worker's memory behaves over a long run.

    python -m prereview.bench.batch [--cases 200] [--work DIR]

Generates the cases with the sample generator (different seeds give different people and
documents), then checks them all with 1 worker and with 2, and prints cases per minute, the
speed-up, and each worker's resident memory after its 20th case and after its last. The
1-worker run is not recycled, so its memory after 200 cases shows any growth; the 2-worker
run recycles workers as `batch` does by default.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ..batch import RECYCLE_AFTER, Outcome, Resume, find_cases, outcome_of, run_local
from ..ocr import DEFAULT_ENGINE
from ..pipeline import CheckOptions
from ..samples.cases import generate_cases

REVIEW_DATE = date(2026, 11, 24)


def make_cases(root: Path, count: int) -> Path:
    """`count` case folders under root/cases, from as many generator seeds as it takes."""
    cases = root / "cases"
    seed = 1
    while not cases.exists() or len(find_cases(cases)) < count:
        generate_cases(cases / f"seed{seed:03d}", root / "registries" / f"seed{seed:03d}", seed)
        seed += 1
    for job in find_cases(cases)[count:]:
        shutil.rmtree(job.folder)
    return cases


def timed_run(cases: Path, workers: int, recycle_after: int) -> tuple[float, list[Outcome]]:
    """Check every case once; (seconds, outcomes)."""
    options = CheckOptions(DEFAULT_ENGINE, REVIEW_DATE)
    resume = Resume.load(options)
    jobs = find_cases(cases)
    start = time.perf_counter()
    outcomes = [
        outcome_of(report, pid, rss)
        for _, report, pid, rss in run_local(jobs, resume, workers, 600, recycle_after)
    ]
    return time.perf_counter() - start, outcomes


def memory_by_worker(outcomes: list[Outcome]) -> list[tuple[int, int, float, float]]:
    """(pid, cases, MB after the 20th case, MB after the last) for each worker process."""
    by_pid: dict[int, list[int]] = defaultdict(list)
    for outcome in outcomes:  # in completion order
        if outcome.worker is not None and outcome.worker_rss:
            by_pid[outcome.worker].append(outcome.worker_rss)
    return [
        (pid, len(rss), rss[min(19, len(rss) - 1)] / 2**20, rss[-1] / 2**20)
        for pid, rss in by_pid.items()
    ]


def main(
    cases: Annotated[int, typer.Option(help="How many cases to generate and check.")] = 200,
    work: Annotated[
        Path | None, typer.Option(help="Folder for the generated cases (default: temporary).")
    ] = None,
) -> None:
    """Measure batch throughput and worker memory."""
    console = Console()
    root = work or Path(tempfile.mkdtemp(prefix="prereview-bench-batch-"))
    folder = make_cases(root, cases)
    console.print(f"{len(find_cases(folder))} cases generated under {folder}")
    one_seconds, one = timed_run(folder, 1, recycle_after=cases + 1)
    two_seconds, two = timed_run(folder, 2, recycle_after=RECYCLE_AFTER)
    table = Table(title="batch throughput (single-threaded workers)", title_justify="left")
    for column in ("workers", "cases", "seconds", "cases/min"):
        table.add_column(column, justify="right")
    for workers, seconds, outcomes in ((1, one_seconds, one), (2, two_seconds, two)):
        table.add_row(
            str(workers),
            str(len(outcomes)),
            f"{seconds:.0f}",
            f"{len(outcomes) / seconds * 60:.1f}",
        )
    console.print(table)
    console.print(f"speed-up with 2 workers: {one_seconds / two_seconds:.2f}x")
    memory = Table(title="worker memory (resident)", title_justify="left")
    for column in ("run", "worker", "cases", "MB after 20", "MB after last", "growth"):
        memory.add_column(column, justify="right")
    for label, outcomes in (
        ("1 worker, never recycled", one),
        (f"2 workers, recycled every {RECYCLE_AFTER}", two),
    ):
        for pid, count, after_20, last in memory_by_worker(outcomes):
            memory.add_row(
                label,
                str(pid),
                str(count),
                f"{after_20:.0f}",
                f"{last:.0f}",
                f"{(last / after_20 - 1) * 100:+.0f}%",
            )
    console.print(memory)
    if work is None:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    typer.run(main)
