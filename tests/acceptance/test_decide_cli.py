"""From `check` to a recorded decision and a final notice, through the CLI."""

import json
import shutil

import pytest
from typer.testing import CliRunner

from prereview.cli.app import app

from ..conftest import ROOT

runner = CliRunner()
CASES = ROOT / "sample_docs" / "cases"
REGISTRY = ROOT / "sample_docs" / "registry"


def run(*args):
    return runner.invoke(app, [*map(str, args)])


def check(out, *cases):
    return run("check", *cases, "--out", out, "--registry", REGISTRY, "--today", "2026-11-24", "-q")


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    """Two sample cases checked once: one that fails, one that passes (copied, to be changed)."""
    root = tmp_path_factory.mktemp("decide")
    shutil.copytree(CASES / "id-verification-ok", root / "in" / "ok-case")
    shutil.copytree(CASES / "id-birth-date-mismatch", root / "in" / "bad-case")
    result = check(root / "out", root / "in" / "ok-case", root / "in" / "bad-case")
    assert result.exit_code == 1, result.output
    return root


def test_a_case_that_did_not_pass_gets_a_draft_notice_without_rule_ids(checked):
    out = checked / "out"
    assert not (out / "ok-case" / "notice.html").exists()
    notice = (out / "bad-case" / "notice.html").read_text("utf-8")
    assert "草稿" in notice and "一次性告知" in notice and "居民身份核验" in notice
    assert "出生日期与身份证号码不符" in notice
    assert "id.birth_date_mismatch" not in notice
    report = json.loads((out / "bad-case" / "report.json").read_text("utf-8"))
    for document in report["documents"]:
        for name, field in document["fields"].items():
            # The applicant's name read from the card is the notice's 申请人 (issue 19); no
            # other value read from a document is on it.
            if name != "name" and len(field["value"]) >= 3:
                assert field["value"] not in notice


def test_decide_return_records_the_decision_and_makes_the_notice_final(checked):
    out = checked / "out"
    result = run(
        "decide", "bad-case", "--out", out, "--decision", "return", "--clerk", "C042",
        "--finding", "id.birth_date_mismatch=confirmed",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    entry = json.loads((out / "audit.jsonl").read_text("utf-8").splitlines()[-1])
    assert entry["case"] == "bad-case" and entry["decision"] == "return"
    assert entry["machine_verdict"] == "fail" and entry["clerk"] == "C042"
    assert entry["findings"] == {"id.birth_date_mismatch": "confirmed"}
    notice = (out / "bad-case" / "notice.html").read_text("utf-8")
    assert "草稿" not in notice and "C042" in notice
    page = (out / "bad-case" / "report.html").read_text("utf-8")
    assert "退回补正" in page and "C042" in page
    assert run("audit", "verify", "--out", out).exit_code == 0


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (["ok-case", "--decision", "fail", "--clerk", "C1"], 2, "--reason"),
        (["bad-case", "--decision", "pass", "--clerk", "C1"], 2, "--reason"),
        (["no-such-case", "--decision", "pass", "--clerk", "C1"], 4, "no report"),
        (["ok-case", "--decision", "maybe", "--clerk", "C1"], 2, "--decision"),
        (["bad-case", "--decision", "fail", "--clerk", "C1", "--finding", "id.expired=confirmed"], 2, "no such finding"),
        (["../etc", "--decision", "pass", "--clerk", "C1"], 2, "CASE"),
    ],
)  # fmt: skip
def test_bad_decisions_are_refused_and_not_logged(checked, args, code, says):
    out = checked / "out"
    before = (out / "audit.jsonl").read_bytes() if (out / "audit.jsonl").exists() else b""
    result = run("decide", *args, "--out", out)
    assert result.exit_code == code, result.output
    assert says in result.output
    after = (out / "audit.jsonl").read_bytes() if (out / "audit.jsonl").exists() else b""
    assert after == before


def test_a_rerun_never_alters_the_log_and_flags_decisions_on_older_inputs(checked):
    out, case = checked / "out", checked / "in" / "ok-case"
    assert (
        run("decide", "ok-case", "--out", out, "--decision", "pass", "--clerk", "C7").exit_code == 0
    )
    log = (out / "audit.jsonl").read_bytes()
    assert check(out, case).exit_code == 0
    page = (out / "ok-case" / "report.html").read_text("utf-8")
    assert "通过" in page and "基于旧的材料" not in page
    application = json.loads((case / "application.json").read_text("utf-8"))
    (case / "application.json").write_text(json.dumps(application, indent=4), "utf-8")
    check(out, case)
    assert (out / "audit.jsonl").read_bytes() == log
    assert "此决定基于旧的材料" in (out / "ok-case" / "report.html").read_text("utf-8")


def test_audit_verify_names_an_edited_entry_and_a_missing_log(checked, tmp_path):
    out = checked / "out"
    copy = tmp_path / "audit.jsonl"
    copy.write_text((out / "audit.jsonl").read_text("utf-8").replace('"C042"', '"C999"'), "utf-8")
    result = run("audit", "verify", "--out", tmp_path)
    assert result.exit_code == 1 and "line 1 was edited" in result.output
    assert run("audit", "verify", "--out", tmp_path / "nothing").exit_code == 4
