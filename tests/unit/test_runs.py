"""The pieces of an overnight run that need no OCR: exit policy, run log, summary rows,
--only, the morning queue."""

import json
import os
from datetime import UTC, datetime

import pytest

from prereview.audit import Decision, append_entry, new_entry
from prereview.batch import Outcome, pending_outcome
from prereview.cli.batch import only_outcomes
from prereview.errors import ExitCode, UsageError, run_exit_code
from prereview.report.summary import COLUMNS, summary_csv, summary_jsonl
from prereview.runlog import RunLog, error_kind
from prereview.worklist import queued_cases


@pytest.mark.parametrize(
    ("verdicts", "errors", "fail_on", "code"),
    [
        (["pass", "pass"], 0, "review", ExitCode.OK),
        (["pass", "review"], 0, "review", ExitCode.NOT_ALL_PASSED),
        (["pass", "review"], 1, "review", ExitCode.NOT_ALL_PASSED),  # as before: never 6
        (["fail", "review"], 0, "error", ExitCode.OK),
        (["fail", "review"], 1, "error", ExitCode.CASES_ERRORED),
        (["review", "pass"], 0, "fail", ExitCode.OK),
        (["fail", "pass"], 0, "fail", ExitCode.NOT_ALL_PASSED),
        (["fail", "review"], 1, "fail", ExitCode.CASES_ERRORED),
    ],
)
def test_exit_policy(verdicts, errors, fail_on, code):
    assert run_exit_code(verdicts, errors, fail_on) == code


def test_exit_code_6_is_new_and_the_old_ones_stay():
    assert [int(code) for code in ExitCode] == [0, 1, 2, 3, 4, 5, 6, 123, 130, 143]


def test_run_log_lines_parse_and_mask(tmp_path):
    log = RunLog.open(tmp_path)
    log.start({"workers": 2}, "r" * 64, {"id-verification": "p" * 64}, "rapidocr", 2, 2, 1)
    name = "2026-11-24/11010519491231002X"
    log.case(Outcome(name, "fail", ("id.expired",), 3.21, "checked", 42, 10, "id-verification"))
    log.case(pending_outcome("2026-11-24/b"))
    log.end([pending_outcome("b")], 12.5, 130, True)
    log.close()
    assert log.path.parent == tmp_path / "logs" and log.path.name.startswith("batch-")
    events = [json.loads(line) for line in log.path.read_text("utf-8").splitlines()]
    assert [event["event"] for event in events] == ["start", "case", "case", "end"]
    assert events[0]["version"] and events[0]["packs"] == {"id-verification": "p" * 64}
    assert "11010519491231002X" not in log.path.read_text("utf-8")
    assert events[1]["worker"] == 42 and events[1]["error"] is None
    assert events[2]["status"] == "pending"
    assert events[3]["interrupted"] is True and events[3]["exit_code"] == 130
    assert datetime.fromisoformat(events[0]["time"]).tzinfo is not None


def test_error_kind():
    assert error_kind(("case.timeout",)) == "timeout"
    assert error_kind(("case.error", "x")) == "error"
    assert error_kind(("id.expired",)) is None


def test_summary_rows_keep_the_old_columns_first_and_list_pending(tmp_path):
    assert COLUMNS[:7] == ("case", "verdict", "decided", "findings", "rules", "seconds", "status")
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "report.html").write_text("x")
    outcomes = [
        Outcome("a", "fail", ("id.expired",), 1.0, "checked", None, None, "m", "2026-11-24"),
        pending_outcome("b"),
    ]
    lines = summary_csv(outcomes, None, True, tmp_path).splitlines()
    assert lines[0] == ",".join(COLUMNS)
    assert lines[1] == "a,fail,,1,id.expired,1.00,checked,m,2026-11-24,a/report.html,,,"
    assert lines[2] == "b,pending,,0,,0.00,pending,,,,,,"
    rows = [json.loads(line) for line in summary_jsonl(outcomes, tmp_path).splitlines()]
    assert list(rows[0]) == list(COLUMNS) and rows[0]["rules"] == ["id.expired"]


def test_only_is_a_list_of_known_outcomes():
    assert only_outcomes("fail, review,error") == {"fail", "review", "error"}
    assert only_outcomes(None) == frozenset()
    with pytest.raises(UsageError, match="--only"):
        only_outcomes("fails")


def write_report(out, name, verdict, inputs, findings=(), age=0):
    path = out / name / "report.json"
    path.parent.mkdir(parents=True)
    data = {
        "case": name,
        "matter": "id-verification",
        "verdict": verdict,
        "findings": list(findings),
        "provenance": {"inputs": inputs},
    }
    path.write_text(json.dumps(data), "utf-8")
    os.utime(path, (1_800_000_000 - age, 1_800_000_000 - age))
    return data


def test_queue_lists_exactly_the_undecided_non_pass_cases_oldest_first(tmp_path):
    finding = {"rule": "id.expired", "severity": "fail", "message": "身份证已过期 expired"}
    low = {"rule": "case.low_confidence", "severity": "review", "message": "看不清 unclear"}
    write_report(tmp_path, "d/passed", "pass", {"a": "1"}, age=50)
    decided = write_report(tmp_path, "d/decided", "fail", {"b": "2"}, [finding], age=40)
    changed = write_report(tmp_path, "d/changed", "review", {"c": "3"}, [low], age=30)
    write_report(tmp_path, "d/new", "review", {"d": "4"}, [{"rule": "x", "severity": "info"}, low])
    write_report(tmp_path, "d/older", "fail", {"e": "5"}, [finding], age=60)
    when = datetime(2026, 11, 24, tzinfo=UTC)
    for data in (decided, changed):
        choice = Decision(data["case"], "return", "C1", "因为", {})
        append_entry(tmp_path / "audit.jsonl", new_entry(choice, data, "0" * 64, when))
    # A new upload after the decision: the decision no longer covers the report.
    write_report(tmp_path, "d/changed2", "review", {"c": "3"}, age=35)
    changed["provenance"]["inputs"] = {"c": "9"}
    (tmp_path / "d/changed/report.json").write_text(json.dumps(changed), "utf-8")
    os.utime(tmp_path / "d/changed/report.json", (1_800_000_000 - 30, 1_800_000_000 - 30))
    items = queued_cases(tmp_path)
    assert [item.case for item in items] == ["d/older", "d/changed2", "d/changed", "d/new"]
    reasons = {item.case: item.reason for item in items}
    assert reasons["d/changed"] == "decided on older inputs" and reasons["d/new"] == "undecided"
    new = items[-1]
    assert (new.rule, new.verdict, new.report) == (
        "case.low_confidence",
        "review",
        "d/new/report.html",
    )
