"""`prereview regress`: golden results catch a changed field, verdict or missing case."""

import json
import shutil
from xml.etree import ElementTree

import pytest
from typer.testing import CliRunner

from prereview.cli.app import app

from ..conftest import ROOT

runner = CliRunner()
pytestmark = pytest.mark.engines
SAMPLES = ROOT / "sample_docs"


@pytest.fixture(scope="module")
def samples(tmp_path_factory):
    """A small samples folder: two uploads, two cases, the registry, golden results."""
    folder = tmp_path_factory.mktemp("samples")
    (folder / "documents").mkdir()
    for name in ("IMG_20241103_0007.jpg", "copy_03.jpg"):
        shutil.copy(SAMPLES / "documents" / name, folder / "documents" / name)
    for case in ("id-expired", "no-matter"):
        shutil.copytree(SAMPLES / "cases" / case, folder / "cases" / case)
    shutil.copytree(SAMPLES / "registry", folder / "registry")
    assert runner.invoke(app, ["regress", str(folder), "--update"]).exit_code == 0
    return folder


def golden(folder, kind):
    return json.loads((folder / "golden" / f"{kind}.json").read_text("utf-8"))


def test_unchanged_results_pass_and_junit_has_one_case_per_sample(samples, tmp_path):
    junit = tmp_path / "regress.xml"
    result = runner.invoke(app, ["regress", str(samples), "--junit", str(junit)])
    assert result.exit_code == 0, result.stderr
    assert "no differences" in result.stderr
    cases = ElementTree.parse(junit).getroot().findall(".//testcase")
    assert sorted(case.get("name") for case in cases) == sorted(
        [*golden(samples, "documents"), *golden(samples, "cases")]
    )
    assert len(cases) == 5 and not ElementTree.parse(junit).getroot().findall(".//failure")


def test_changed_field_changed_verdict_and_missing_case_are_caught_then_accepted(samples, tmp_path):
    documents, cases = golden(samples, "documents"), golden(samples, "cases")
    documents["IMG_20241103_0007.jpg"]["fields"]["name"] = "张三"
    cases["id-expired"]["verdict"] = "pass"
    cases["gone-case"] = {"verdict": "pass", "rules": []}
    (samples / "golden" / "documents.json").write_text(
        json.dumps(documents, ensure_ascii=False), "utf-8"
    )
    (samples / "golden" / "cases.json").write_text(json.dumps(cases, ensure_ascii=False), "utf-8")
    junit = tmp_path / "regress.xml"
    result = runner.invoke(app, ["regress", str(samples), "--junit", str(junit)])
    assert result.exit_code == 1
    for text in ("fields.name", "张三", "verdict", "gone-case", "cases missing", "3 of"):
        assert text in result.stderr
    failures = ElementTree.parse(junit).getroot().findall(".//testcase[failure]")
    assert sorted(case.get("name") for case in failures) == [
        "IMG_20241103_0007.jpg",
        "gone-case",
        "id-expired",
    ]
    assert runner.invoke(app, ["regress", str(samples), "--update"]).exit_code == 0
    assert runner.invoke(app, ["regress", str(samples)]).exit_code == 0
