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
