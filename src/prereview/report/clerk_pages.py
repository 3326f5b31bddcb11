"""The pages a decision changes: notice.html (final after `return`) and the decision history
in report.html; and the notice written beside a freshly checked report."""

from __future__ import annotations

from pathlib import Path

from ..audit import decisions_for, sha256_file
from ..records import CaseReport
from .html import out_root, splice_decisions
from .json import report_to_dict
from .notice import write_notice


def write_case_notice(folder: Path, report: CaseReport, mask: bool = True) -> None:
    """notice.html beside a report `check` or `batch` just wrote (a draft: the report is new)."""
    decisions = decisions_for(out_root(folder, report.case), report.case)
    write_notice(folder, report_to_dict(report, mask), decisions, None)


def refresh_case_pages(out: Path, report: dict) -> None:
    """After a decision: the notice and the decision history of the case's report.html."""
    folder = out / report["case"]
    decisions = decisions_for(out, report["case"])
    write_notice(folder, report, decisions, sha256_file(folder / "report.json"))
    splice_decisions(folder / "report.html", report, decisions)
