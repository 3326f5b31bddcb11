"""The batch summary shows the decided verdict beside the machine's, the cases that need a
person first (review, then fail, then pass)."""

import json
from datetime import UTC, datetime

from prereview.audit import Decision, append_entry, new_entry
from prereview.batch import Outcome
from prereview.report.summary import refresh_summary, summary_csv, summary_html, write_summary


def report(out, name, verdict, inputs):
    data = {"case": name, "matter": "id-verification", "verdict": verdict, "findings": [],
            "provenance": {"inputs": inputs, "review_date": "2026-11-24",
                           "registry_sha256": "r" * 64, "rules_sha256": "p" * 64}}  # fmt: skip
    (out / name).mkdir(parents=True)
    (out / name / "report.json").write_text(json.dumps(data), "utf-8")
    return data


def test_decided_column_and_order(tmp_path):
    kept = report(tmp_path, "2026-11-24/a", "fail", {"x.jpg": "1"})
    changed = report(tmp_path, "2026-11-24/b", "review", {"y.jpg": "2"})
    report(tmp_path, "2026-11-24/c", "pass", {"z.jpg": "3"})
    when = datetime(2026, 11, 24, tzinfo=UTC)
    for data, decision in ((kept, "return"), (changed, "pass")):
        chosen = Decision(data["case"], decision, "C1", "因为", {})
        append_entry(tmp_path / "audit.jsonl", new_entry(chosen, data, "0" * 64, when))
    (tmp_path / "2026-11-24/b/report.json").write_text(
        json.dumps(dict(changed, provenance=dict(changed["provenance"], inputs={"y.jpg": "9"}))),
        "utf-8",
    )
    outcomes = [
        Outcome("2026-11-24/c", "pass", (), 1.0, "checked"),
        Outcome("2026-11-24/a", "fail", ("id.expired",), 1.0, "checked"),
        Outcome("2026-11-24/b", "review", ("case.low_confidence",), 1.0, "checked"),
    ]
    write_summary(tmp_path, outcomes)
    rows = [row.split(",") for row in (tmp_path / "summary.csv").read_text("utf-8").splitlines()]
    assert rows[0][:3] == ["case", "verdict", "decided"]
    decided = {row[0]: row[2] for row in rows[1:]}
    assert decided == {
        "2026-11-24/a": "return",
        "2026-11-24/b": "pass (older inputs)",
        "2026-11-24/c": "",
    }
    page = summary_html(outcomes, tmp_path)
    assert (
        page.index("2026-11-24/b/report.html")
        < page.index("2026-11-24/a/report.html")
        < page.index("2026-11-24/c/report.html")
    )
    assert "rrrrrrrrrrrrrrrr" in page and "pppppppppppppppp" in page
    assert 'id="verdict-filter"' in page and 'id="rule-filter"' in page
    assert "退回补正" in page and "通过（依据旧材料）" in page and "显示 3 / 共 3 件" in page
    assert summary_csv(outcomes).splitlines()[1].split(",")[2] == ""


def test_refresh_summary_shows_a_decision_without_a_new_batch(tmp_path):
    case = "2026-11-24/张三 11010519491231002X"
    data = report(tmp_path, case, "review", {"x.jpg": "1"})
    report(tmp_path, "2026-11-24/d", "pass", {"z.jpg": "3"})
    outcomes = [
        Outcome(case, "review", ("case.low_confidence",), 1.25, "checked", None, None, "m"),
        Outcome("2026-11-24/d", "pass", (), 0.5, "skipped", None, None, "m"),
    ]
    write_summary(tmp_path, outcomes)
    columns = (tmp_path / "summary.csv").read_text("utf-8").splitlines()[0]
    assert "未决定" in (tmp_path / "summary.html").read_text("utf-8")
    chosen = Decision(case, "return", "C7", "缺材料", {})
    when = datetime(2026, 11, 24, tzinfo=UTC)
    append_entry(tmp_path / "audit.jsonl", new_entry(chosen, data, "0" * 64, when))
    assert refresh_summary(tmp_path)
    page = (tmp_path / "summary.html").read_text("utf-8")
    assert 'data-decided="退回补正"' in page and "张三 110105********002X" in page
    lines = (tmp_path / "summary.csv").read_text("utf-8").splitlines()
    assert lines[0] == columns and len(lines) == 3
    rows = [
        json.loads(line) for line in (tmp_path / "summary.jsonl").read_text("utf-8").splitlines()
    ]
    decided = {row["status"]: (row["decided"], row["decided_by"], row["seconds"]) for row in rows}
    assert decided == {"checked": ("return", "C7", 1.25), "skipped": ("", "", 0.5)}


def test_refresh_summary_without_a_batch_writes_nothing(tmp_path):
    assert not refresh_summary(tmp_path)
    assert not (tmp_path / "summary.html").exists()
