"""Overnight batches: exit policy, run log, summaries, re-runs by outcome, queue, Dask."""

import json
import os
import signal
import socket
import time
from datetime import date

import pytest
from typer.testing import CliRunner

from prereview.batch import CaseJob, Resume, find_cases, run_dask, stand_in_report
from prereview.cli.app import app
from prereview.pipeline import CheckOptions

from .test_batch import CASES, REGISTRY, batch, started_batch, summary_rows, upload_root

runner = CliRunner()
pytestmark = pytest.mark.engines


def run_log(out):
    """The events of the newest run log under OUT, each line parsed."""
    newest = max((out / "logs").glob("batch-*.jsonl"))
    return [json.loads(line) for line in newest.read_text("utf-8").splitlines()]


def test_fail_on_error_log_summaries_only_and_queue(tmp_path):
    root = upload_root(tmp_path, ["id-expired", "no-matter"])
    out = tmp_path / "out"
    # A normal night: a fail and a review, every case with a verdict.
    assert batch(root, out, "--workers", 2, "--fail-on", "error").exit_code == 0
    events = run_log(out)
    assert [event["event"] for event in events] == ["start", "case", "case", "end"]
    start, end = events[0], events[-1]
    assert start["options"]["fail_on"] == "error" and start["registry_sha256"]
    assert start["engine"].startswith("rapidocr") and start["packs"]["id-verification"]
    verdicts = {event["case"]: event["verdict"] for event in events[1:3]}
    assert verdicts == {"2026-11-24/id-expired": "fail", "2026-11-24/no-matter": "review"}
    assert all(event["status"] == "checked" and event["worker"] for event in events[1:3])
    assert end["verdicts"] == {"fail": 1, "review": 1} and end["errors"] == 0
    assert end["exit_code"] == 0
    rows = summary_rows(out)
    jsonl = [json.loads(line) for line in (out / "summary.jsonl").read_text().splitlines()]
    assert [row["case"] for row in rows] == [row["case"] for row in jsonl]
    expired = jsonl[0]
    assert expired["matter"] == "id-verification" and expired["review_date"] == "2026-11-24"
    assert expired["report"] == "2026-11-24/id-expired/report.html"
    assert expired["notice"] == "2026-11-24/id-expired/notice.html"
    assert rows[0]["matter"] == "id-verification" and rows[0]["decided_by"] == ""

    # The morning queue: both cases, until a clerk decides one.
    listed = runner.invoke(app, ["queue", str(out), "--json"])
    assert listed.exit_code == 0
    assert [item["case"] for item in json.loads(listed.stdout)] == [
        "2026-11-24/id-expired",
        "2026-11-24/no-matter",
    ]
    decided = runner.invoke(
        app,
        ["decide", "2026-11-24/id-expired", "--out", str(out), "--decision", "return"]
        + ["--clerk", "C042"],
    )
    assert decided.exit_code == 0, decided.output
    listed = runner.invoke(app, ["queue", str(out), "--json"])
    assert [item["case"] for item in json.loads(listed.stdout)] == ["2026-11-24/no-matter"]
    assert json.loads(listed.stdout)[0]["rule"] == "case.unknown_matter"
    assert "2026-11-24/no-matter" in runner.invoke(app, ["queue", str(out)]).stdout

    # --only review re-checks exactly the review case, whatever else changed (a new date).
    expired_mtime = (out / "2026-11-24/id-expired/report.json").stat().st_mtime_ns
    result = batch(root, out, "--only", "review", "--today", "2026-11-25", "--fail-on", "error")
    assert result.exit_code == 0
    statuses = {row["case"]: row["status"] for row in summary_rows(out)}
    assert statuses == {"2026-11-24/id-expired": "skipped", "2026-11-24/no-matter": "checked"}
    assert (out / "2026-11-24/id-expired/report.json").stat().st_mtime_ns == expired_mtime
    assert summary_rows(out)[0]["decided_by"] == "C042"

    # A case that cannot be checked (here: it times out) is exit 6 under --fail-on error.
    result = batch(root, out, "--only", "fail", "--case-timeout", 0.1, "--fail-on", "error")
    assert result.exit_code == 6
    errors = {event["case"]: event["error"] for event in run_log(out) if event["event"] == "case"}
    assert errors == {"2026-11-24/id-expired": "timeout", "2026-11-24/no-matter": None}
    assert run_log(out)[-1]["errors"] == 1
    # ... and 1 under the default, as before.
    assert batch(root, out, "--only", "error", "--case-timeout", 0.1).exit_code == 1
    assert batch(root, out, "--only", "sometimes").exit_code == 2


def test_check_takes_fail_on(tmp_path):
    args = ["check", str(CASES / "id-expired"), "--out", str(tmp_path), "-q"]
    args += ["--registry", str(REGISTRY), "--today", "2026-11-24"]
    assert runner.invoke(app, args).exit_code == 1
    assert runner.invoke(app, [*args, "--fail-on", "error"]).exit_code == 0
    assert runner.invoke(app, [*args, "--fail-on", "fail"]).exit_code == 1


def test_interrupted_force_run_lists_every_case_and_is_continued(tmp_path):
    root = upload_root(tmp_path, ["id-expired", "id-birth-date-mismatch", "no-matter"], copies=2)
    out = tmp_path / "out"
    process = started_batch(root, out, 1, "--force")
    os.killpg(process.pid, signal.SIGINT)
    assert process.wait(timeout=60) == 130
    rows = summary_rows(out)
    assert len(rows) == 6  # every case of the root, none lost
    done = {row["case"] for row in rows if row["status"] != "pending"}
    assert 1 <= len(done) < 6
    assert all(row["verdict"] == "pending" for row in rows if row["case"] not in done)
    assert len(run_log(out)) == 1 + 6 + 1  # start, a line per case, end
    assert run_log(out)[-1]["interrupted"] is True
    written = {name: (out / name / "report.json").stat().st_mtime_ns for name in done}
    # The same --force command continues: what it finished is not redone.
    assert batch(root, out, "--workers", 2, "--force").exit_code == 1
    statuses = {row["case"]: row["status"] for row in summary_rows(out)}
    assert {name for name, status in statuses.items() if status == "skipped"} == done
    assert all(status in ("checked", "skipped") for status in statuses.values())
    assert {name: (out / name / "report.json").stat().st_mtime_ns for name in done} == written
    # Once complete, --force starts afresh.
    assert not (out / ".batch-force.json").exists()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_unreachable_dask_scheduler_is_exit_5_in_time(tmp_path):
    pytest.importorskip("distributed")
    root = upload_root(tmp_path, ["no-matter"])
    address = f"tcp://127.0.0.1:{free_port()}"
    started = time.monotonic()
    result = batch(root, tmp_path / "out", "--dask", address)
    assert result.exit_code == 5
    assert time.monotonic() - started < 40
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and address in lines[0]


def quick_or_dying_task(job, options):
    """A task that kills its worker process on the case named `dies`, and is quick otherwise."""
    if job.name.endswith("dies"):
        os._exit(9)
    return stand_in_report(job.name, None, "test.ok", "checked"), os.getpid(), 0


def test_a_dask_worker_that_dies_gives_case_error_and_the_batch_goes_on(tmp_path):
    distributed = pytest.importorskip("distributed")
    import dask

    for name in ("a", "dies", "b"):
        (tmp_path / "root" / name).mkdir(parents=True)
        (tmp_path / "root" / name / "application.json").write_text("{}", "utf-8")
    jobs = find_cases(tmp_path / "root")
    assert [job.name for job in jobs] == ["a", "b", "dies"] and isinstance(jobs[0], CaseJob)
    resume = Resume.load(CheckOptions("rapidocr", date(2026, 11, 24)))
    # Dask's default allowed-failures (3): a case queued on the worker that died is retried
    # elsewhere; the case that kills every worker it lands on gets case.error after 4 deaths.
    assert dask.config.get("distributed.scheduler.allowed-failures") == 3
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        client = distributed.Client(cluster)
        finished = {
            job.name: report
            for job, report, _, _ in run_dask(jobs, resume, client, quick_or_dying_task)
        }
    assert sorted(finished) == ["a", "b", "dies"]
    assert [f.rule for f in finished["dies"].findings] == ["case.error"]
    assert "KilledWorker" in finished["dies"].findings[0].message
    assert [f.rule for f in finished["a"].findings] == ["test.ok"]
    assert [f.rule for f in finished["b"].findings] == ["test.ok"]
