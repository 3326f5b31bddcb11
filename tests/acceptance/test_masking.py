"""Masking without a hole (issue 18): a masked run shows no birth date of an ID holder in
clear, in report.json, summary.csv/summary.jsonl or the console; `--no-mask` shows it."""

import json
import re
import shutil

import pytest
from typer.testing import CliRunner

from prereview.cli.app import app

from ..conftest import ROOT

CASES = ROOT / "sample_docs" / "cases"
REGISTRY = ROOT / "sample_docs" / "registry"
# A printed date that differs from the number's, a plain honest case, a blurred one.
ID_CASES = ("id-birth-date-mismatch", "id-verification-ok", "id-blurred-ok")
runner = CliRunner()
pytestmark = pytest.mark.engines


def holder_dates(name: str) -> set[str]:
    """The generator's birth dates of the ID holders of a case: printed and in the number."""
    expected = json.loads((CASES / name / "expected.json").read_text("utf-8"))
    dates = set()
    for document in expected["documents"]:
        fields = document["fields"]
        if fields.get("birth_date"):
            dates.add(fields["birth_date"])
        if re.fullmatch(r"\d{17}[\dX]", fields.get("id_number", "")):
            digits = fields["id_number"][6:14]
            dates.add(f"{digits[:4]}-{digits[4:6]}-{digits[6:]}")
    return dates


def forms(date: str) -> list[str]:
    """The ways a date may be written: 1963-12-15, 19631215, 1963年12月15日."""
    year, month, day = date.split("-")
    return [date, year + month + day, f"{year}年{int(month)}月{int(day)}日"]


def clear_dates(text: str, dates: set[str]) -> list[str]:
    """The dates among `dates` the text shows in any form (an ID number shows its own)."""
    return sorted(date for date in dates if any(form in text for form in forms(date)))


def run(*args: str):
    result = runner.invoke(app, [*args, "--registry", str(REGISTRY), "--today", "2026-11-24"])
    assert result.exit_code in (0, 1, 3), result.output
    return result


@pytest.fixture(scope="module")
def dates():
    found = set().union(*(holder_dates(name) for name in ID_CASES))
    assert len(found) >= 4  # the mismatch case alone has two
    return found


def test_masked_check_shows_no_birth_date(tmp_path, dates):
    case = CASES / "id-birth-date-mismatch"
    masked = run("check", str(case), "--out", str(tmp_path / "masked"))
    report = (tmp_path / "masked" / case.name / "report.json").read_text("utf-8")
    assert json.loads(report)["masked"] is True
    assert clear_dates(report, dates) == []
    assert clear_dates(masked.output, dates) == []
    assert "****-**-**" in report and "id.birth_date_mismatch" in masked.output

    shown = run("check", str(case), "--out", str(tmp_path / "clear"), "--no-mask")
    report = (tmp_path / "clear" / case.name / "report.json").read_text("utf-8")
    expected = holder_dates(case.name)
    assert set(clear_dates(report, expected)) >= expected  # both dates, printed and encoded
    assert "id.birth_date_mismatch" in shown.output


def test_masked_batch_shows_no_birth_date(tmp_path, dates):
    inbox = tmp_path / "inbox"
    for name in ID_CASES:
        shutil.copytree(CASES / name, inbox / name)
    out = tmp_path / "out"
    result = run("batch", str(inbox), "--out", str(out))
    written = [out / "summary.csv", out / "summary.jsonl"]
    written += [out / name / "report.json" for name in ID_CASES]
    for path in written:
        assert clear_dates(path.read_text("utf-8"), dates) == [], path
    assert clear_dates(result.output, dates) == []

    clear = tmp_path / "clear"
    run("batch", str(inbox), "--out", str(clear), "--no-mask")
    shown = "".join((clear / name / "report.json").read_text("utf-8") for name in ID_CASES)
    assert set(clear_dates(shown, dates)) == dates
