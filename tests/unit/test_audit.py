"""The decision log: chained entries, and each kind of tampering found and named."""

import json
import multiprocessing
from datetime import UTC, datetime

import pytest

from prereview.audit import (
    Decision,
    append_entry,
    checked_decision,
    first_break,
    new_entry,
    read_entries,
)
from prereview.errors import UsageError

REPORT = {
    "case": "case001",
    "verdict": "review",
    "findings": [{"rule": "case.low_confidence", "severity": "review"}],
    "provenance": {"inputs": {"a.jpg": "ab" * 32}},
}


def entry(case="case001", decision="return"):
    chosen = Decision(case, decision, "C042", "扫描件不清晰", {"case.low_confidence": "confirmed"})
    return new_entry(chosen, REPORT, "cd" * 32, datetime(2026, 11, 24, 9, 0, tzinfo=UTC))


@pytest.fixture
def log(tmp_path):
    path = tmp_path / "audit.jsonl"
    for index in range(4):
        append_entry(path, entry(case=f"case{index:03d}"))
    return path


def lines_of(path):
    return path.read_text("utf-8").splitlines(keepends=True)


def test_entries_are_chained_and_numbered(log):
    entries = read_entries(log)
    assert [item["seq"] for item in entries] == [1, 2, 3, 4]
    assert entries[0]["prev_sha256"] == "0" * 64
    assert all(
        b["prev_sha256"] == a["entry_sha256"] for a, b in zip(entries, entries[1:], strict=False)
    )
    assert entries[0]["report_sha256"] == "cd" * 32 and entries[0]["time"].startswith(
        "2026-11-24T09"
    )
    assert first_break(log) is None


@pytest.mark.parametrize("line", [1, 2, 4])
def test_an_edited_entry_is_named(log, line):
    lines = lines_of(log)
    edited = json.loads(lines[line - 1])
    edited["decision"] = "pass"
    lines[line - 1] = json.dumps(edited, ensure_ascii=False, sort_keys=True) + "\n"
    log.write_text("".join(lines), "utf-8")
    broken = first_break(log)
    assert broken.line == line and "edited" in broken.message


def test_an_edit_that_recomputes_its_own_hash_breaks_the_next_link(log):
    from prereview.audit import entry_hash

    lines = lines_of(log)
    edited = json.loads(lines[1])
    edited["reason"] = "改过的理由"
    edited["entry_sha256"] = entry_hash(edited)
    lines[1] = json.dumps(edited, ensure_ascii=False, sort_keys=True) + "\n"
    log.write_text("".join(lines), "utf-8")
    broken = first_break(log)
    assert broken.line == 3 and "does not follow" in broken.message


def test_a_removed_entry_is_named(log):
    lines = lines_of(log)
    del lines[1]
    log.write_text("".join(lines), "utf-8")
    broken = first_break(log)
    assert broken.line == 2 and "entry 2 was removed" in broken.message


def test_reordered_entries_are_named(log):
    lines = lines_of(log)
    lines[1], lines[2] = lines[2], lines[1]
    log.write_text("".join(lines), "utf-8")
    broken = first_break(log)
    assert broken.line == 2 and "reordered" in broken.message


def test_a_line_that_is_not_json_is_named(log):
    log.write_text(log.read_text("utf-8").replace('"seq": 3', '"seq": 3,,'), "utf-8")
    assert first_break(log).line == 3


def _append_many(path, worker):
    for index in range(15):
        append_entry(path, entry(case=f"w{worker}-{index}"))


def test_concurrent_appends_all_land_in_one_chain(tmp_path):
    path = tmp_path / "audit.jsonl"
    workers = [
        multiprocessing.get_context("spawn").Process(target=_append_many, args=(path, n))
        for n in range(3)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    entries = read_entries(path)
    assert len(entries) == 45
    assert len({item["case"] for item in entries}) == 45
    assert first_break(path) is None


@pytest.mark.parametrize(
    ("verdict", "decision", "needs_reason"),
    [
        ("pass", "pass", False),
        ("fail", "fail", False),
        ("fail", "return", False),
        ("fail", "pass", True),
        ("pass", "return", True),
        ("review", "pass", True),
        ("review", "return", True),
    ],
)
def test_a_reason_is_required_when_the_decision_differs(verdict, decision, needs_reason):
    report = dict(REPORT, verdict=verdict)
    chosen = Decision("case001", decision, "C042", None, {})
    if needs_reason:
        with pytest.raises(UsageError, match="--reason"):
            checked_decision(chosen, report)
    else:
        assert checked_decision(chosen, report) == chosen


def test_a_finding_verdict_must_name_a_finding_of_the_report():
    chosen = Decision("case001", "return", "C042", "x", {"id.expired": "confirmed"})
    with pytest.raises(UsageError, match="no such finding"):
        checked_decision(chosen, REPORT)
    chosen = Decision("case001", "return", "C042", "x", {"case.low_confidence": "maybe"})
    with pytest.raises(UsageError, match="confirmed or overruled"):
        checked_decision(chosen, REPORT)
