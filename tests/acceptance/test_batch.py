"""`prereview batch`: parallel equals serial, resume after SIGKILL, bad cases, time-outs, Dask."""

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import zlib
from datetime import date

import pytest
from typer.testing import CliRunner

from prereview.batch import Resume, find_cases, run_local
from prereview.cli.app import app
from prereview.pipeline import CheckOptions

from ..conftest import ROOT

CASES = ROOT / "sample_docs" / "cases"
REGISTRY = ROOT / "sample_docs" / "registry"
runner = CliRunner()
pytestmark = pytest.mark.engines


def upload_root(tmp_path, names, copies=1):
    """An upload root with dated folders holding copies of sample cases."""
    root = tmp_path / "uploads"
    for copy in range(copies):
        for name in names:
            shutil.copytree(CASES / name, root / f"2026-11-{24 + copy}" / name)
    return root


def batch(root, out, *extra):
    args = [
        "batch",
        str(root),
        "--out",
        str(out),
        "--registry",
        str(REGISTRY),
        "--today",
        "2026-11-24",
        "-q",
    ]
    return runner.invoke(app, [*args, *map(str, extra)])


def summary_rows(out):
    """The rows of OUT/summary.csv as dicts."""
    with open(out / "summary.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def stable(report_path):
    """A report without what may differ between two runs of the same case."""
    report = json.loads(report_path.read_text("utf-8"))
    report.pop("seconds")
    for document in report["documents"]:
        document.pop("seconds", None)
    return report


def reports_under(out):
    return sorted(path.relative_to(out).as_posix() for path in out.rglob("report.json"))


def test_parallel_run_equals_serial_run(tmp_path):
    root = upload_root(tmp_path, ["id-expired", "no-matter", "housing-id-copy-page"])
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    assert batch(root, serial, "--workers", 1).exit_code == 1
    assert batch(root, parallel, "--workers", 2).exit_code == 1
    names = reports_under(serial)
    assert names == reports_under(parallel) and len(names) == 3
    for name in names:
        assert stable(serial / name) == stable(parallel / name)
    summary = (parallel / "summary.csv").read_text("utf-8").splitlines()
    assert summary[0].startswith("case,verdict,decided,findings,rules,seconds,status,")
    assert len(summary) == 4
    assert "2026-11-24/id-expired" in (parallel / "summary.html").read_text("utf-8")


def test_rerun_skips_valid_reports_and_rechecks_what_changed(tmp_path):
    root = upload_root(tmp_path, ["id-expired", "no-matter"])
    out = tmp_path / "out"
    assert batch(root, out, "--workers", 1).exit_code == 1
    first = (out / "2026-11-24/id-expired/report.json").stat().st_mtime_ns
    (root / "2026-11-24/no-matter/application.json").write_text(
        '{"matter": "id-verification"}', "utf-8"
    )
    assert batch(root, out, "--workers", 1).exit_code == 1
    rows = {row["case"]: row["status"] for row in summary_rows(out)}
    assert rows == {"2026-11-24/id-expired": "skipped", "2026-11-24/no-matter": "checked"}
    assert (out / "2026-11-24/id-expired/report.json").stat().st_mtime_ns == first
    result = runner.invoke(
        app,
        [
            "batch",
            str(root),
            "--out",
            str(out),
            "--registry",
            str(REGISTRY),
            "--today",
            "2026-11-25",
            "-q",
        ],
    )
    assert result.exit_code == 1
    assert "skipped" not in (out / "summary.csv").read_text()


def test_resume_after_sigkill_leaves_whole_reports_and_finishes(tmp_path):
    root = upload_root(tmp_path, ["id-expired", "id-birth-date-mismatch", "no-matter"], copies=2)
    out = tmp_path / "out"
    process = started_batch(root, out, workers=1)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    done = list(out.rglob("report.json"))
    assert 1 <= len(done) < 6
    for path in done:
        json.loads(path.read_text("utf-8"))  # whole, never torn
    assert batch(root, out, "--workers", 2).exit_code == 1
    assert len(reports_under(out)) == 6
    statuses = [row["status"] for row in summary_rows(out)]
    assert statuses.count("skipped") >= len(done) - 1 and "checked" in statuses


def started_batch(root, out, workers, *extra):
    """`prereview batch` in its own process group, once its first report is written."""
    command = [
        sys.executable,
        "-m",
        "prereview.cli.app",
        "batch",
        str(root),
        "--out",
        str(out),
        "--registry",
        str(REGISTRY),
        "--today",
        "2026-11-24",
        "--workers",
        str(workers),
        "-q",
        *extra,
    ]
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    deadline = time.monotonic() + 120
    while not list(out.rglob("report.json")) and time.monotonic() < deadline:
        time.sleep(0.2)
    return process


def _pdf(body_objects, trailer_extra=""):
    """A minimal PDF with the given objects and a correct cross-reference table."""
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(body_objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(body_objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(body_objects) + 1} /Root 1 0 R {trailer_extra}>>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


PAGES = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"]


def test_bad_cases_become_findings_and_the_batch_goes_on(tmp_path):
    root = tmp_path / "uploads"
    for name in (
        "corrupt",
        "encrypted-pdf",
        "huge-page-pdf",
        "link-out",
        "not-utf8",
        "bad-json",
        "bomb",
    ):
        (root / name).mkdir(parents=True)
    (root / "corrupt" / "scan.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"\0" * 50)
    encrypted = (
        "<< /Filter /Standard /V 1 /R 2 /O <" + "00" * 32 + "> /U <" + "00" * 32 + "> /P -4 >>"
    )
    (root / "encrypted-pdf" / "scan.pdf").write_bytes(
        _pdf(
            [*PAGES, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>", encrypted],
            "/Encrypt 4 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>] ",
        )
    )
    (root / "huge-page-pdf" / "scan.pdf").write_bytes(
        _pdf([*PAGES, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 14400 14400] >>"])
    )
    secret = tmp_path / "outside.jpg"
    shutil.copy(
        CASES / "id-expired" / next(p.name for p in (CASES / "id-expired").glob("*.jpg")), secret
    )
    (root / "link-out" / "scan.jpg").symlink_to(secret)
    (root / "not-utf8" / "application.json").write_bytes('{"matter": "身份"}'.encode("gbk"))
    (root / "bad-json" / "application.json").write_text('{"matter": ', "utf-8")
    header = (
        b"\x89PNG\r\n\x1a\n"
        + (13).to_bytes(4, "big")
        + b"IHDR"
        + (30000).to_bytes(4, "big") * 2
        + bytes([8, 2, 0, 0, 0])
    )
    (root / "bomb" / "scan.png").write_bytes(header + zlib.crc32(header[12:]).to_bytes(4, "big"))
    out = tmp_path / "out"
    result = batch(root, out, "--workers", 2)
    assert result.exit_code == 1, result.output
    rules = {
        name: {f["rule"] for f in json.loads((out / name / "report.json").read_text())["findings"]}
        for name in (
            "corrupt",
            "encrypted-pdf",
            "huge-page-pdf",
            "link-out",
            "not-utf8",
            "bad-json",
            "bomb",
        )
    }
    assert "case.unreadable_document" in rules["corrupt"]
    assert "case.unreadable_document" in rules["encrypted-pdf"]
    assert (
        "case.error" not in rules["huge-page-pdf"] and "case.timeout" not in rules["huge-page-pdf"]
    )
    assert "case.refused_file" in rules["link-out"]
    assert (
        "case.bad_application" in rules["not-utf8"] and "case.bad_application" in rules["bad-json"]
    )
    assert "case.unreadable_document" in rules["bomb"]


def dying_task(job, options):
    """A worker that dies in the middle of a case."""
    os._exit(3)


def test_time_out_gives_review_and_is_retried(tmp_path):
    root = upload_root(tmp_path, ["id-expired"])
    out = tmp_path / "out"
    for _ in range(2):  # the second run tries the case again, and it times out again
        assert batch(root, out, "--case-timeout", 0.2, "--workers", 1).exit_code == 1
        report = json.loads((out / "2026-11-24/id-expired/report.json").read_text())
        assert report["verdict"] == "review" and [f["rule"] for f in report["findings"]] == [
            "case.timeout"
        ]
        assert summary_rows(out)[0]["status"] == "timeout"
    assert batch(root, out, "--workers", 1).exit_code == 1
    report = json.loads((out / "2026-11-24/id-expired/report.json").read_text())
    assert report["verdict"] == "fail"


def test_a_worker_that_dies_gives_review_with_case_error(tmp_path):
    root = upload_root(tmp_path, ["id-expired", "no-matter"])
    resume = Resume.load(CheckOptions("rapidocr", date(2026, 11, 24)))
    finished = list(run_local(find_cases(root), resume, 2, 60, task=dying_task))
    assert len(finished) == 2
    for _, report, _, _ in finished:
        assert report.verdict == "review" and [f.rule for f in report.findings] == ["case.error"]
        assert report.provenance["inputs"]


def test_dask_cluster_gives_the_same_reports(tmp_path):
    distributed = pytest.importorskip("distributed")
    root = upload_root(tmp_path, ["id-expired", "no-matter"])
    local, remote = tmp_path / "local", tmp_path / "dask"
    assert batch(root, local, "--workers", 1).exit_code == 1
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        assert batch(root, remote, "--dask", cluster.scheduler_address).exit_code == 1
    assert reports_under(local) == reports_under(remote)
    for name in reports_under(local):
        assert stable(local / name) == stable(remote / name)


def test_ctrl_c_stops_at_once_and_leaves_whole_reports(tmp_path):
    root = upload_root(tmp_path, ["id-expired", "id-birth-date-mismatch", "no-matter"], copies=3)
    out = tmp_path / "out"
    process = started_batch(root, out, workers=2)
    os.killpg(process.pid, signal.SIGINT)
    started = time.monotonic()
    assert process.wait(timeout=30) == 130
    assert time.monotonic() - started < 15
    assert b"interrupted" in process.stderr.read()
    for path in out.rglob("report.json"):
        json.loads(path.read_text("utf-8"))
    assert len(list(out.rglob("report.json"))) < 9
