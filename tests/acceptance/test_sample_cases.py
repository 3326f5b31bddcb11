"""One test per sample case: `prereview check` gives the expected verdict and rule ids."""

import json

import pytest
from typer.testing import CliRunner

from prereview.cli.app import app

from ..conftest import ROOT

CASES = ROOT / "sample_docs" / "cases"
REGISTRY = ROOT / "sample_docs" / "registry"
runner = CliRunner()
pytestmark = pytest.mark.engines


def case_names():
    return sorted(path.parent.name for path in CASES.glob("*/expected.json"))


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """Every sample case checked in one run (the engine loads once), report.json by case."""
    out = tmp_path_factory.mktemp("reports")
    result = check(out, *(CASES / name for name in case_names()))
    assert result.exit_code == 1, result.stderr  # some cases fail by design
    return {
        name: json.loads((out / name / "report.json").read_text("utf-8")) for name in case_names()
    }


@pytest.mark.parametrize("name", case_names())
def test_sample_case(reports, name):
    expected = json.loads((CASES / name / "expected.json").read_text("utf-8"))
    report = reports[name]
    assert report["verdict"] == expected["verdict"]
    # `info` findings (a poor image whose values are corroborated) are not the planted defect.
    decisive = {f["rule"] for f in report["findings"] if f["severity"] != "info"}
    assert sorted(decisive) == sorted(expected["rules"])


def test_poor_images_of_honest_cases_are_info_with_evidence(reports):
    report = reports["id-blurred-ok"]
    assert report["schema_version"] == 2
    poor = [f for f in report["findings"] if f["rule"] == "case.poor_quality"]
    assert poor and {f["severity"] for f in poor} == {"info"}
    front = next(d for d in report["documents"] if d["type"] == "id_card_front")
    assert set(front["fields"]["id_number"]["evidence"]) >= {"check_digit", "registry", "declared"}
    assert "id_number" in front["fields"]["birth_date"]["evidence"]


def test_blank_page_and_other_paper_are_not_unreadable(reports):
    blank = reports["housing-blank-page"]
    assert "blank" in {q for d in blank["documents"] for q in d["quality"]}
    other = reports["premises-other-paper"]
    (paper,) = [d for d in other["documents"] if d["type"] == "other"]
    assert "户口簿" in paper["looks_like"]


def test_no_defective_case_passes(reports):
    for name, report in reports.items():
        expected = json.loads((CASES / name / "expected.json").read_text("utf-8"))
        if expected["verdict"] != "pass":
            assert report["verdict"] != "pass", name


def test_report_keys_and_masking(reports):
    report = reports["id-verification-ok"]
    assert set(report) >= {
        "schema_version",
        "case",
        "matter",
        "verdict",
        "documents",
        "findings",
        "provenance",
    }
    assert set(report["provenance"]) >= {
        "tool_version",
        "engine",
        "rules_sha256",
        "registry_sha256",
        "review_date",
        "inputs",
    }
    assert report["provenance"]["review_date"] == "2026-11-24"
    number = (
        report["documents"][0]["fields"].get("id_number")
        or report["documents"][1]["fields"]["id_number"]
    )
    assert "********" in number["value"]


def check(out, *cases, extra=()):
    """`prereview check` on sample cases against the sample registry, review date fixed."""
    args = ["check", *map(str, cases), "--registry", str(REGISTRY), "--today", "2026-11-24"]
    return runner.invoke(app, [*args, "--out", str(out), "-q", *extra])


def test_html_report_renders_and_masks(tmp_path):
    case = CASES / "id-tampered-check-digit"
    result = check(tmp_path, case)
    assert result.exit_code == 1
    html = (tmp_path / case.name / "report.html").read_text("utf-8")
    expected = json.loads((case / "expected.json").read_text("utf-8"))
    number = next(
        d["fields"]["id_number"] for d in expected["documents"] if d["type"] == "id_card_front"
    )
    assert "不通过" in html and "id.check_digit" in html
    assert number not in html and number[:6] + "********" + number[-4:] in html
    assert (
        "data:image/jpeg;base64," in html
        and 'stroke="#b71c1c" stroke-width="4" stroke-dasharray' in html
    )
    unmasked = check(tmp_path, case, extra=["--no-mask"])
    assert unmasked.exit_code == 1
    assert number in (tmp_path / case.name / "report.json").read_text("utf-8")
