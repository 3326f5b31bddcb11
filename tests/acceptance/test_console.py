"""The console side of `check` and `batch`: file modes, help, hints, tables, logs, signals."""

import json
import os
import stat

import pytest
from typer.testing import CliRunner

from prereview.cli.app import app

runner = CliRunner()


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
    """Every command path of a Click group, the group itself first."""
    yield prefix
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
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
    for code in (0, 1, 2, 3, 4, 5, 123, 130, 143):
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
