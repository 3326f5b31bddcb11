"""summary.html for a day of 1,000 cases, in headless Chromium: built from 1,000 synthetic
report.json files (records made directly, no OCR), it sorts by a column, filters by matter and
by 未决定 / 已决定, finds a case by name, counts the rows it shows, and `decide` on one case
rewrites its 人工决定 cell without a new batch."""

import random
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from prereview.cli.app import app
from prereview.records import FAIL, INFO, PASS, REVIEW, CaseReport, Finding
from prereview.report.json import report_to_dict, write_json
from prereview.report.summary import SummaryCase, write_summary
from prereview.rules import load_packs

CASES = 1000
SEED = 20261208
# Rules by the severity their finding has in a synthetic case.
RULES = {
    FAIL: ("id.expired", "case.missing_document", "registry.property_status"),
    REVIEW: ("case.unreadable_document", "case.low_confidence"),
    INFO: ("case.poor_quality",),
}


def _report(name: str, matter: str, rng: random.Random) -> CaseReport:
    verdict = rng.choices((REVIEW, FAIL, PASS), weights=(2, 3, 5))[0]
    findings = []
    if verdict != PASS:
        findings.append(Finding(rng.choice(RULES[verdict]), verdict, "合成的发现。"))
    if rng.random() < 0.3:
        findings.append(Finding(RULES[INFO][0], INFO, "合成的提示。"))
    upload = f"{rng.getrandbits(128):032x}"
    provenance = {"tool_version": "0.1.0", "review_date": "2026-11-24", "engine": "rapidocr",
                  "inputs": {"IMG_0001.jpg": upload}}  # fmt: skip
    return CaseReport(name, matter, verdict, (), tuple(findings), provenance, rng.uniform(1, 30))


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    """OUT of a synthetic day: 1,000 report.json files and the summary a batch writes."""
    out = tmp_path_factory.mktemp("summary-1000")
    rng = random.Random(SEED)
    matters = sorted(load_packs(None))
    outcomes = []
    for index in range(CASES):
        name = f"案件{index:04d}"
        report = _report(name, matters[index % len(matters)], rng)
        write_json(out / name / "report.json", report_to_dict(report))
        rules = tuple(dict.fromkeys(finding.rule for finding in report.findings))
        outcomes.append(
            SummaryCase(
                name, report.verdict, rules, report.seconds, "checked", report.matter, "2026-11-24"
            )  # fmt: skip
        )
    write_summary(out, outcomes)
    return out


def _rows(browser) -> list[dict]:
    return browser.evaluate("""[...document.querySelectorAll('#case-rows tr')]
        .filter(row => !row.hidden).map(row => ({case: row.dataset.case,
        matter: row.dataset.matter, verdict: row.dataset.verdict,
        decided: row.querySelector('td.decided').innerText,
        seconds: Number(row.dataset.seconds)}))""")


def _count(browser) -> str:
    return browser.evaluate("document.getElementById('shown-count').innerText")


def _choose(browser, select: str, value: str) -> None:
    browser.evaluate(f"""(() => {{ const s = document.getElementById('{select}');
        s.value = {value!r}; s.dispatchEvent(new Event('change')); }})()""")


def test_a_thousand_cases_sort_filter_search_and_count(browser, out):
    started = time.monotonic()
    browser.open(out / "summary.html", 1366, 900)
    rows = _rows(browser)
    assert len(rows) == CASES and _count(browser) == f"显示 {CASES} / 共 {CASES} 件"
    # The cases that need a person first: review, then fail, then pass.
    order = {"review": 0, "fail": 1, "pass": 2}
    assert [order[row["verdict"]] for row in rows] == sorted(order[r["verdict"]] for r in rows)

    browser.evaluate("document.querySelector('th[data-key=seconds] button').click()")
    seconds = [row["seconds"] for row in _rows(browser)]
    assert seconds == sorted(seconds)
    browser.evaluate("document.querySelector('th[data-key=seconds] button').click()")
    assert [row["seconds"] for row in _rows(browser)] == sorted(seconds, reverse=True)

    titles = browser.evaluate(
        "[...document.querySelectorAll('#matter-filter option')].map(o => o.value)"
    )
    matter = titles[1]
    _choose(browser, "matter-filter", matter)
    shown = _rows(browser)
    expected = sum(1 for row in rows if row["matter"] == matter)
    assert len(shown) == expected and {row["matter"] for row in shown} == {matter}
    assert _count(browser) == f"显示 {expected} / 共 {CASES} 件"
    _choose(browser, "matter-filter", "")

    _choose(browser, "decided-filter", "decided")
    assert _rows(browser) == [] and _count(browser) == f"显示 0 / 共 {CASES} 件"
    _choose(browser, "decided-filter", "undecided")
    assert len(_rows(browser)) == CASES
    _choose(browser, "decided-filter", "")

    browser.evaluate("""(() => { const s = document.getElementById('case-search');
        s.value = '案件0420'; s.dispatchEvent(new Event('input')); })()""")
    assert [row["case"] for row in _rows(browser)] == ["案件0420"]
    assert _count(browser) == f"显示 1 / 共 {CASES} 件"
    assert time.monotonic() - started < 60


def test_decide_updates_the_summary(browser, out):
    browser.open(out / "summary.html", 1366, 900)
    case = next(row for row in _rows(browser) if row["verdict"] == "review")["case"]
    result = CliRunner().invoke(app, ["decide", case, "--out", str(out), "--decision", "pass",
                                      "--clerk", "C042", "--reason", "原件核对无误"])  # fmt: skip
    assert result.exit_code == 0, result.output
    browser.open(out / "summary.html", 1366, 900)
    rows = {row["case"]: row for row in _rows(browser)}
    assert len(rows) == CASES and rows[case]["decided"] == "通过"
    _choose(browser, "decided-filter", "decided")
    assert [row["case"] for row in _rows(browser)] == [case]
    assert _count(browser) == f"显示 1 / 共 {CASES} 件"
