"""`make bench-batch`: `prereview batch` at scale, as an overnight run would do it.

    python -m prereview.bench.batch [--cases 1000] [--workers 2] [--budget-minutes 20] [--work DIR]

Generates the cases with the sample generator (different seeds give different people and
documents), times a short probe run, says how long the whole set would take, and checks as
many cases as fit in `--budget-minutes` (all of them without a budget) with the real
`prereview batch` command in a child process, `--fail-on error`, as cron would run it.
Prints cases per minute, each worker process's peak resident memory after its first and
its last case (a worker is replaced every `--recycle-after` cases, which bounds any growth),
disk per case under OUT and the size of the run log.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ..batch import RECYCLE_AFTER, find_cases
from ..samples.cases import generate_cases

REVIEW_DATE = "2026-11-24"
PROBE_CASES = 12


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


def subset(cases: Path, root: Path, count: int) -> Path:
    """An upload root holding copies of the first `count` cases (batch does not follow
    links to folders)."""
    target = root / f"first-{count}"
    if not target.exists():
        for job in find_cases(cases)[:count]:
            shutil.copytree(job.folder, target / job.name)
    return target


def run_batch(upload_root: Path, out: Path, workers: int, recycle_after: int) -> float:
    """`prereview batch` in a child process, as cron runs it; its wall-clock seconds."""
    command = [
        sys.executable,
        "-m",
        "prereview.cli.app",
        "batch",
        str(upload_root),
        "--out",
        str(out),
        "--workers",
        str(workers),
        "--recycle-after",
        str(recycle_after),
        "--today",
        REVIEW_DATE,
        "--fail-on",
        "error",
        "-q",
    ]
    start = time.perf_counter()
    completed = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seconds = time.perf_counter() - start
    if completed.returncode not in (0, 6):
        message = completed.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
        raise SystemExit(f"batch exited {completed.returncode}: {' '.join(message)}")
    return seconds


def case_events(out: Path) -> list[dict]:
    """The `case` events of the newest run log under OUT, in the order cases finished."""
    log = max((out / "logs").glob("batch-*.jsonl"))
    events = [json.loads(line) for line in log.read_text("utf-8").splitlines()]
    return [event for event in events if event["event"] == "case"]


def memory_by_worker(events: list[dict]) -> list[tuple[int, int, float, float]]:
    """(pid, cases, peak MB after its first case, peak MB after its last) per worker process."""
    by_pid: dict[int, list[int]] = defaultdict(list)
    for event in events:
        if event.get("worker") is not None and event.get("worker_rss"):
            by_pid[event["worker"]].append(event["worker_rss"])
    return [(pid, len(rss), rss[0] / 2**20, rss[-1] / 2**20) for pid, rss in by_pid.items()]


def folder_bytes(folder: Path) -> int:
    """Bytes of the files under a folder (their sizes, not their blocks)."""
    return sum(
        (Path(path) / name).stat().st_size
        for path, _, names in os.walk(folder)
        for name in names
        if not (Path(path) / name).is_symlink()
    )


def main(
    cases: Annotated[int, typer.Option(help="How many generated cases the night holds.")] = 1000,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 2,
    budget_minutes: Annotated[
        float | None,
        typer.Option(help="Check only as many cases as fit in this time (estimated)."),
    ] = None,
    recycle_after: Annotated[int, typer.Option(min=1)] = RECYCLE_AFTER,
    work: Annotated[
        Path | None, typer.Option(help="Folder for the generated cases (default: temporary).")
    ] = None,
) -> None:
    """Measure a large batch: throughput, worker memory, disk and log size."""
    console = Console()
    root = work or Path(tempfile.mkdtemp(prefix="prereview-bench-batch-"))
    probe_seconds = run_batch(
        subset(make_cases(root, PROBE_CASES), root, PROBE_CASES),
        root / "out-probe",
        workers,
        recycle_after,
    )
    rate = PROBE_CASES / probe_seconds * 60
    console.print(
        f"probe: {PROBE_CASES} cases in {probe_seconds:.0f} s ({rate:.1f} cases/min, start-up "
        f"included); {cases} cases would take about {cases / rate:.0f} min"
    )
    count = cases
    if budget_minutes is not None and cases / rate > budget_minutes:
        count = max(PROBE_CASES, int(rate * budget_minutes))
        console.print(f"budget {budget_minutes:g} min: checking {count} of the {cases} cases")
    upload_root = subset(make_cases(root, count), root, count)
    out = root / "out"
    shutil.rmtree(out, ignore_errors=True)
    seconds = run_batch(upload_root, out, workers, recycle_after)
    events = case_events(out)
    report_bytes = folder_bytes(out) - folder_bytes(out / "logs")
    log_bytes = folder_bytes(out / "logs")
    table = Table(title=f"batch of {len(events)} cases, {workers} workers", title_justify="left")
    for column in ("cases", "minutes", "cases/min", "KB/case (OUT)", "log KB", "log B/case"):
        table.add_column(column, justify="right")
    table.add_row(
        str(len(events)),
        f"{seconds / 60:.1f}",
        f"{len(events) / seconds * 60:.1f}",
        f"{report_bytes / len(events) / 1024:.0f}",
        f"{log_bytes / 1024:.0f}",
        f"{log_bytes / len(events):.0f}",
    )
    console.print(table)
    console.print(
        f"1,000 cases at this rate: about {1000 / (len(events) / seconds * 60):.0f} min, "
        f"{report_bytes / len(events) * 1000 / 2**20:.0f} MB of reports, "
        f"{log_bytes / len(events) * 1000 / 1024:.0f} KB of log"
    )
    memory = Table(
        title=f"worker peak memory (resident; recycled every {recycle_after} cases)",
        title_justify="left",
    )
    for column in ("worker", "cases", "MB after first", "MB after last", "growth"):
        memory.add_column(column, justify="right")
    for pid, count_done, first, last in memory_by_worker(events):
        memory.add_row(
            str(pid),
            str(count_done),
            f"{first:.0f}",
            f"{last:.0f}",
            f"{(last / first - 1) * 100:+.0f}%",
        )
    console.print(memory)
    if work is None:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    typer.run(main)
