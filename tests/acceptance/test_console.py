"""The console side of `check` and `batch`: file modes, help, hints, tables, logs, signals."""

import json
import os
import re
import stat

import pytest
from typer.testing import CliRunner

from prereview.cli.app import app

runner = CliRunner()
TIMESTAMPED_CASE_LINE = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00 prereview: 2026-11-"


def empty_case(tmp_path, name="case-empty"):
    case = tmp_path / name
    case.mkdir()
    return case


@pytest.mark.parametrize("umask", [0o022, 0o027, 0o002])
def test_report_files_get_the_mode_the_umask_says(tmp_path, umask):
    case = empty_case(tmp_path)
    previous = os.umask(umask)
    try:
        result = runner.invoke(
            app,
            ["check", str(case), "--out", str(tmp_path / "out"), "--matter", "id-verification"]
            + ["--today", "2026-11-24", "-q"],
        )
    finally:
        os.umask(previous)
    assert result.exit_code == 1, result.output
    folder = tmp_path / "out" / "case-empty"
    written = [path for path in folder.iterdir() if path.is_file()]
    assert {"report.json", "report.html"} <= {path.name for path in written}
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask, path.name
    assert json.loads((folder / "report.json").read_text("utf-8"))["verdict"] == "fail"


def command_paths(group, prefix=()):
    """Every command path of a Click group, the group itself first (lazily loaded ones too:
    resolve_command is what a run uses, not the `commands` dict)."""
    yield prefix
    context = group.make_context("prereview", [], resilient_parsing=True)
    for name in group.list_commands(context):
        _, command, _ = group.resolve_command(context, [name])
        if hasattr(command, "list_commands"):
            yield from command_paths(command, (*prefix, name))
        else:
            yield (*prefix, name)


def test_dash_h_is_help_on_the_app_and_every_command():
    import typer.main

    paths = list(command_paths(typer.main.get_command(app)))
    assert ("check",) in paths and ("rules", "list") in paths
    for path in paths:
        short = runner.invoke(app, [*path, "-h"])
        assert short.exit_code == 0, (path, short.output)
        assert "Usage:" in short.output
        assert short.output == runner.invoke(app, [*path, "--help"]).output


@pytest.mark.parametrize("command", ["check", "batch"])
def test_help_of_check_and_batch_lists_the_exit_codes(command):
    result = runner.invoke(app, [command, "--help"], terminal_width=200)
    assert result.exit_code == 0
    epilog = result.output[result.output.index("Exit codes") :]
    for code in (0, 1, 2, 3, 4, 5, 6, 123, 130, 143):
        assert f" {code} " in epilog, code


def test_check_of_an_upload_root_says_to_use_batch(tmp_path):
    root = tmp_path / "uploads"
    for name in ("case-a", "case-b"):
        (root / name).mkdir(parents=True)
        (root / name / "application.json").write_text("{}", "utf-8")
    result = runner.invoke(app, ["check", str(root), "--out", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 2, result.output
    assert "prereview batch" in result.output
    assert not (tmp_path / "out" / "uploads").exists()


def test_check_of_a_case_with_sub_folders_is_still_a_case(tmp_path):
    case = tmp_path / "case-with-extra"
    (case / "extra").mkdir(parents=True)
    (case / "extra" / "application.json").write_text("{}", "utf-8")
    (case / "application.json").write_text("{}", "utf-8")
    result = runner.invoke(
        app, ["check", str(case), "--out", str(tmp_path / "out"), "--today", "2026-11-24", "-q"]
    )
    assert result.exit_code == 1, result.output
    assert (tmp_path / "out" / "case-with-extra" / "report.json").exists()


def first_column(output: str) -> str:
    """The first column of the results table, its folded lines joined."""
    cells = [line.split("│")[1].strip() for line in output.splitlines() if line.startswith("│")]
    return "".join(cells)


def test_tables_fold_long_cells_when_piped(tmp_path):
    name = "case-" + "abcdefghij" * 12
    case = empty_case(tmp_path, name)
    result = runner.invoke(
        app,
        ["check", str(case), "--out", str(tmp_path / "out"), "--matter", "id-verification"]
        + ["--today", "2026-11-24"],
        terminal_width=80,
    )
    assert result.exit_code == 1, result.output
    assert "…" not in result.output
    assert name in first_column(result.output)


def test_check_logs_one_masked_line_per_case_when_stderr_is_a_file(tmp_path):
    cases = [empty_case(tmp_path, "case-110105199003071239"), empty_case(tmp_path, "case-b")]
    result = runner.invoke(
        app,
        ["check", *map(str, cases), "--out", str(tmp_path / "out"), "--matter", "id-verification"]
        + ["--today", "2026-11-24"],
    )
    assert result.exit_code == 1, result.output
    lines = [line for line in result.stderr.splitlines() if line.startswith("prereview: case")]
    assert len(lines) == 2, result.stderr
    assert lines[0].startswith("prereview: case-110105********1239 fail ")
    assert lines[1].startswith("prereview: case-b fail ") and lines[1].endswith("s")
    assert "199003071239" not in result.stderr


def test_quiet_check_logs_nothing(tmp_path):
    case = empty_case(tmp_path)
    result = runner.invoke(
        app,
        ["check", str(case), "--out", str(tmp_path / "out"), "--matter", "id-verification", "-q"],
    )
    assert result.exit_code == 1
    assert result.stderr == ""


def started(command, out):
    """A `prereview` sub-process with stderr piped, once its first report is written."""
    import subprocess
    import sys
    import time

    process = subprocess.Popen(
        [sys.executable, "-m", "prereview.cli.app", *map(str, command)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 180
    while not list(out.rglob("report.json")) and time.monotonic() < deadline:
        time.sleep(0.1)
    return process


@pytest.mark.engines
@pytest.mark.parametrize(("signal_name", "code"), [("SIGINT", 130), ("SIGTERM", 143)])
def test_interrupted_batch_writes_the_summary_and_says_how_to_resume(tmp_path, signal_name, code):
    import signal

    from .test_batch import REGISTRY, upload_root

    root = upload_root(tmp_path, ["id-expired", "id-birth-date-mismatch", "no-matter"], copies=2)
    out = tmp_path / "out"
    command = ["batch", root, "--out", out, "--registry", REGISTRY, "--workers", 1]
    process = started([*command, "--today", "2026-11-24"], out)
    process.send_signal(getattr(signal, signal_name))
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == code, stderr
    # Every case of the root is listed; those the run had not reached are `pending`.
    listed = (out / "summary.csv").read_text("utf-8").splitlines()[1:]
    rows = [row for row in listed if ",pending," not in row]
    assert len(listed) == 6 and 1 <= len(rows) < 6
    assert f"{len(rows)} of 6 done; run the same command again to continue" in stderr
    # One plain log line per finished case, timestamped: stderr is a pipe here.
    logged = [line for line in stderr.splitlines() if re.match(TIMESTAMPED_CASE_LINE, line)]
    assert len(logged) == len(rows), stderr


@pytest.mark.engines
def test_interrupted_check_prints_what_finished(tmp_path):
    import signal

    from .test_batch import CASES

    out = tmp_path / "out"
    cases = [CASES / name for name in ("id-expired", "id-birth-date-mismatch", "no-matter")]
    process = started(["check", *cases, "--out", out, "--today", "2026-11-24"], out)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 143, stderr
    done = len(list(out.rglob("report.json")))
    assert f"interrupted: {done} of 3 done" in stderr
