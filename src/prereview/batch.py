"""Overnight batches: every case folder under an upload root, checked in parallel worker
processes, resumable, one bad case never stopping the rest.

The main process finds the cases, skips those whose report is still valid (its provenance
matches what checking now would record), hands the rest to workers, and writes every report
itself, atomically and report.json last, so that a killed run leaves only whole reports.
Each worker loads the OCR engine, rule packs and registry once and is replaced after
`recycle_after` cases: RapidOCR's memory grows over long loops.
"""

from __future__ import annotations

import json
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import CancelledError
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from pathlib import Path

import cv2

from .intake import (
    APPLICATION_FILE,
    display_name,
    file_sha256,
    is_supported,
    list_uploads,
    read_case,
)
from .messages import Wording, wording
from .ocr import create_engine
from .pipeline import CheckOptions, CheckSettings, provenance, run_case
from .records import REVIEW, CaseReport, Finding
from .registry import Registry
from .report.json import masked_provenance
from .report.paths import safe_case_name
from .rules import RulePack, load_packs

RECYCLE_AFTER = 50
DEFAULT_CASE_TIMEOUT = 300.0
# Provenance keys that decide whether a finished report still holds (docs/report-format.md).
PROVENANCE_KEYS = (
    "tool_version",
    "engine",
    "rules_sha256",
    "registry_sha256",
    "review_date",
    "inputs",
)
RETRIED_RULES = frozenset({"case.timeout", "case.error"})
# `--only` names outcomes of the last report: its verdict, or `error` for a stand-in.
ONLY_CHOICES = ("fail", "review", "pass", "error")
PENDING = "pending"
# Left in OUT while a `--force` run is under way: the same command continues it.
FORCE_MARKER = ".batch-force.json"


@dataclass(frozen=True)
class CaseJob:
    """One case to check: its folder and its name, the path relative to the upload root."""

    folder: Path
    name: str


@dataclass(frozen=True)
class Outcome:
    """What became of one case in this run (a row of summary.csv)."""

    name: str
    verdict: str
    rules: tuple[str, ...]
    seconds: float
    status: str  # checked | skipped | timeout | error
    worker: int | None = None
    worker_rss: int | None = None  # bytes, the worker's peak resident memory so far
    matter: str | None = None
    review_date: str | None = None


# --- finding the cases --------------------------------------------------------------------


def find_cases(root: Path) -> list[CaseJob]:
    """Every folder under `root` (itself included) that directly holds application.json or a
    scan, sorted; links to folders are not followed."""
    jobs = []
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        if APPLICATION_FILE in files or any(is_supported(Path(name)) for name in files):
            relative = Path(folder).relative_to(root).as_posix()
            name = root.resolve().name if relative == "." else relative
            jobs.append(CaseJob(Path(folder), safe_case_name(name)))
    return jobs


# --- resume -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Resume:
    """What decides whether a finished report still holds: packs, registry, options."""

    options: CheckOptions
    packs: dict[str, RulePack]
    registry_sha256: str | None

    @classmethod
    def load(cls, options: CheckOptions) -> Resume:
        """Load the packs and hash the registry the run will use."""
        registry = (
            Registry.open(options.registry, options.registry_cache) if options.registry else None
        )
        return cls(options, load_packs(options.rules), registry.sha256 if registry else None)

    def expected(self, job: CaseJob) -> dict:
        """The provenance a report of this case would carry if it were checked now."""
        case = read_case(job.folder, job.name)
        hashes = {
            display_name(name): file_sha256(job.folder / name, job.folder) for name in case.files
        }
        matter = self.options.matter or case.matter
        pack = self.packs.get(matter) if matter else None
        return provenance(
            case, hashes, pack, self.options.engine, self.registry_sha256, self.options.today
        )

    def pending(
        self,
        jobs: Iterable[CaseJob],
        out: Path,
        force: bool,
        only: frozenset[str] = frozenset(),
        forced_since: float | None = None,
    ) -> tuple[list[CaseJob], list[Outcome]]:
        """(jobs to check, outcomes of the jobs left as they are).

        By default a case is checked unless its report still holds. `force` checks every
        case, except those a `--force` run interrupted earlier already redid (reports still
        valid and written after `forced_since`, a time.time()). `only` checks just the cases
        whose last report has one of those outcomes (`error`: case.error or case.timeout),
        whatever changed; the others keep their report, or are `pending` without one."""
        todo, done = [], []
        for job in jobs:
            report_path = out / job.name / "report.json"
            has_report = report_path.is_file() and not report_path.parent.is_symlink()
            if only:
                if has_report and last_outcome(report_path) in only:
                    todo.append(job)
                else:
                    done.append(
                        skipped_outcome(report_path, job.name)
                        if has_report
                        else pending_outcome(job.name)
                    )
            elif force and not (
                forced_since is not None
                and has_report
                and _written_since(report_path, forced_since)
                and self._still_valid(report_path, job)
            ):
                todo.append(job)
            elif has_report and self._still_valid(report_path, job):
                done.append(skipped_outcome(report_path, job.name))
            else:
                todo.append(job)
        return todo, done

    def _still_valid(self, report_path: Path, job: CaseJob) -> bool:
        if report_path.parent.is_symlink():
            return False  # a link under OUT is replaced when the report is written, never read
        try:
            return still_valid(report_path, self.expected(job))
        except Exception:  # noqa: BLE001 - a case that cannot be compared is checked again
            return False

    def stand_in(self, job: CaseJob, rule: str, message: Wording) -> CaseReport:
        """A `review` report for a case that timed out or crashed; the next run tries again.

        Made without opening the case's files (their names come from lstat alone, no hashes):
        the main process writes it, and a hostile case must not hang or flood it."""
        try:
            files, _ = list_uploads(job.folder)
        except Exception:  # noqa: BLE001 - the stand-in is written whatever the folder holds
            files = []
        inputs = {display_name(name): None for name in files}
        return stand_in_report(job.name, self.options.matter, rule, message, inputs)


def stand_in_report(
    name: str, matter: str | None, rule: str, message: str | Wording, inputs: dict | None = None
) -> CaseReport:
    """A `review` report for a case that could not be checked (`case.error`, `case.timeout`),
    naming its uploads when they are known."""
    return CaseReport(
        case=name,
        matter=matter,
        verdict=REVIEW,
        documents=(),
        findings=(_stand_in_finding(rule, message),),
        provenance={"inputs": inputs or {}},
    )


def _stand_in_finding(rule: str, message: str | Wording) -> Finding:
    said = wording(
        "%(problem)s: a clerk must look; the next batch run tries again.", problem=message
    )
    return Finding(rule, REVIEW, said.zh, message_en=said.en)


def error_report(name: str, matter: str | None, exc: BaseException) -> CaseReport:
    """The `case.error` report of a case whose check raised."""
    # The exception's own words are a developer's: both languages carry them as they are.
    message = wording("error while checking: %(error)s", error=_error_text(exc))
    return stand_in_report(name, matter, "case.error", message)


def _error_text(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {_first_line(exc)}"


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0][:300] if lines else ""


def still_valid(report_path: Path, expected: dict) -> bool:
    """A finished report whose provenance matches, and that records no time-out or error."""
    try:
        report = json.loads(report_path.read_text("utf-8"))
    except (OSError, ValueError):
        return False
    found = report.get("provenance") or {}
    if report.get("masked", True):
        expected = masked_provenance(expected)
    if any(found.get(key) != expected.get(key) for key in PROVENANCE_KEYS):
        return False
    return not any(finding.get("rule") in RETRIED_RULES for finding in report.get("findings", ()))


def _written_since(report_path: Path, since: float) -> bool:
    try:
        return report_path.stat().st_mtime >= since
    except OSError:
        return False


def last_outcome(report_path: Path) -> str | None:
    """The outcome `--only` matches: `error` for a case.error / case.timeout stand-in, else
    the report's verdict; None when the report cannot be read."""
    try:
        report = json.loads(report_path.read_text("utf-8"))
        rules = {finding.get("rule") for finding in report.get("findings", ())}
        return "error" if rules & RETRIED_RULES else str(report["verdict"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def skipped_outcome(report_path: Path, name: str) -> Outcome:
    """The summary row of a case whose earlier report is kept; `pending` if it is unreadable."""
    try:
        report = json.loads(report_path.read_text("utf-8"))
        rules = tuple(sorted({finding["rule"] for finding in report.get("findings", ())}))
        seconds = float(report.get("seconds", 0.0))
        review_date = (report.get("provenance") or {}).get("review_date")
        return Outcome(
            name,
            report["verdict"],
            rules,
            seconds,
            "skipped",
            None,
            None,
            report.get("matter"),
            review_date,
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return pending_outcome(name)


def pending_outcome(name: str) -> Outcome:
    """The summary row of a case this run did not (yet) check and that has no report."""
    return Outcome(name, PENDING, (), 0.0, PENDING)


# --- the worker side ----------------------------------------------------------------------

_SETTINGS: dict[CheckOptions, CheckSettings] = {}


def worker_settings(options: CheckOptions) -> CheckSettings:
    """The engine, packs and registry of this process, loaded on its first case only."""
    if options not in _SETTINGS:
        cv2.setNumThreads(1)  # one worker per core: no thread pools inside it
        packs = load_packs(options.rules)
        registry = (
            Registry.open(options.registry, options.registry_cache) if options.registry else None
        )
        engine = create_engine(options.engine, threads=1)
        _SETTINGS[options] = CheckSettings(
            engine, packs, registry, options.today, options.matter, options.mask
        )
    return _SETTINGS[options]


def check_job(job: CaseJob, options: CheckOptions) -> tuple[CaseReport, int, int]:
    """Check one case in a worker: (report, worker pid, worker peak memory so far)."""
    settings = worker_settings(options)
    try:
        report = run_case(job.folder, settings, job.name)
    except Exception as exc:  # noqa: BLE001 - one case's crash is that case's finding
        report = error_report(job.name, options.matter, exc)
    return report, os.getpid(), resident_memory()


def resident_memory() -> int:
    """This process's peak resident memory so far in bytes (Linux VmHWM; the current
    resident size where the peak is not shown), 0 where unknown."""
    try:
        with open("/proc/self/status") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


# --- running ------------------------------------------------------------------------------

Finished = tuple[CaseJob, CaseReport, int | None, int | None]


def run_local(
    jobs: list[CaseJob],
    resume: Resume,
    workers: int,
    case_timeout: float,
    recycle_after: int = RECYCLE_AFTER,
    task: Callable[[CaseJob, CheckOptions], tuple[CaseReport, int, int]] = check_job,
) -> Iterator[Finished]:
    """Check jobs in worker processes; yields each case as it finishes, in any order.

    Workers are spawned, not forked: a fork copies the parent's OpenCV and ONNX thread
    pools in whatever state they are, and a child can wait forever on a lock held by a
    thread that no longer exists.
    """
    from concurrent.futures import as_completed

    from pebble import ProcessPool

    spawn = multiprocessing.get_context("spawn")
    pool = ProcessPool(max_workers=workers, max_tasks=recycle_after, context=spawn)
    try:
        futures = {
            pool.schedule(task, args=(job, resume.options), timeout=case_timeout): job
            for job in jobs
        }
        for future in as_completed(futures):
            yield _finished(future, futures[future], resume, case_timeout)
        pool.close()
    except BaseException:
        # Ctrl-C, or the caller stopped early: end the workers now, not after every case.
        pool.stop()
        raise
    finally:
        pool.join()


def _finished(future, job: CaseJob, resume: Resume, case_timeout: float) -> Finished:
    """The report of a finished task, or a stand-in when it timed out or its worker died."""
    from pebble import ProcessExpired

    try:
        report, pid, rss = future.result()
        return job, report, pid, rss
    except FutureTimeout:
        message = wording(
            "checking took over %(seconds)s s and was stopped", seconds=format(case_timeout, "g")
        )
        return job, resume.stand_in(job, "case.timeout", message), None, None
    except (ProcessExpired, Exception) as exc:  # noqa: BLE001 - a dead worker is one case's error
        message = wording("the checking process died: %(error)s", error=str(exc))
        return job, resume.stand_in(job, "case.error", message), None, None


def connect_dask(address: str, timeout: float):
    """A Dask distributed client on the scheduler at `address`; an unreachable scheduler
    stops the run within `timeout` seconds with one line naming it (exit 5)."""
    try:
        from distributed import Client
    except ImportError as exc:
        from .errors import MissingDependency

        raise MissingDependency("Dask is not installed: pip install 'prereview[dask]'") from exc
    from .errors import InvalidConfiguration

    try:
        return Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise InvalidConfiguration(
            f"无法连接 Dask 调度器 {address} cannot reach the Dask scheduler at {address} "
            f"within {timeout:g} s: {_first_line(exc) or type(exc).__name__}"
        ) from None


def run_dask(
    jobs: list[CaseJob],
    resume: Resume,
    client,
    task: Callable[[CaseJob, CheckOptions], tuple[CaseReport, int, int]] = check_job,
) -> Iterator[Finished]:
    """The same work on an existing Dask distributed cluster (`prereview[dask]`); a case
    whose worker died (Dask's KilledWorker, after the scheduler's `allowed-failures`) or
    whose task raised gets `case.error` and the others go on. The client is closed at the end."""
    from distributed import as_completed

    try:
        futures = client.map(task, jobs, [resume.options] * len(jobs), pure=False, retries=0)
        by_key = dict(zip((future.key for future in futures), jobs, strict=True))
        # The client is not the process's default one: as_completed needs its loop.
        for future in as_completed(futures, loop=client.loop):
            job = by_key[future.key]
            try:
                report, pid, rss = future.result()
                yield job, report, pid, rss
            except (Exception, CancelledError) as exc:  # noqa: BLE001 - one case's error
                message = wording(
                    "the checking worker died or failed: %(error)s",
                    error=_error_text(exc),
                )
                yield job, resume.stand_in(job, "case.error", message), None, None
    finally:
        client.close()


# --- a --force run continued after an interrupt ---------------------------------------------


def forced_run_since(out: Path, root: Path) -> float | None:
    """The start (time.time()) of an interrupted `--force` run of this root, None if none:
    its marker is left in OUT until the run ends."""
    try:
        marker = json.loads((out / FORCE_MARKER).read_text("utf-8"))
        if marker.get("root") == str(root.resolve()):
            return float(marker["started"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass
    return None


def mark_forced_run(out: Path, root: Path, started: float) -> None:
    """Leave the marker of a `--force` run under way (see forced_run_since)."""
    from .report.json import write_json

    write_json(out / FORCE_MARKER, {"root": str(root.resolve()), "started": started})


def end_forced_run(out: Path) -> None:
    """The `--force` run is complete: the next `--force` starts afresh."""
    (out / FORCE_MARKER).unlink(missing_ok=True)


def outcome_of(report: CaseReport, pid: int | None = None, rss: int | None = None) -> Outcome:
    """The summary row of a report checked in this run."""
    rules = tuple(sorted({finding.rule for finding in report.findings}))
    status = next((rule.split(".")[1] for rule in rules if rule in RETRIED_RULES), "checked")
    review_date = (report.provenance or {}).get("review_date")
    return Outcome(
        report.case,
        report.verdict,
        rules,
        report.seconds,
        status,
        pid,
        rss,
        report.matter,
        review_date,
    )


def is_error(outcome: Outcome) -> bool:
    """A case that got no verdict of its own: it crashed or timed out."""
    return any(rule in RETRIED_RULES for rule in outcome.rules)
