"""The morning queue: the checked cases under OUT that need a person.

A case needs a clerk when its report says `review` or `fail` and no decision in
OUT/audit.jsonl was taken on its current inputs (none at all, or the latest one was taken
before an upload changed). Read from the reports and the decision log alone, so it holds
whichever run (or `check`) wrote them.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from .audit import audit_path, read_entries
from .records import FAIL, REVIEW

NEEDS_PERSON = (FAIL, REVIEW)


@dataclass(frozen=True)
class QueueItem:
    """One case waiting for a clerk."""

    case: str
    matter: str | None
    verdict: str
    rule: str | None  # the main finding: the first one as severe as the verdict
    message: str | None
    checked_at: str  # when its report was written, ISO 8601 UTC
    reason: str  # undecided | decided on older inputs
    report: str  # report.html, relative to OUT

    def to_dict(self) -> dict:
        """The item as JSON-ready data."""
        return asdict(self)


def queued_cases(out: Path) -> list[QueueItem]:
    """Every case under OUT whose report needs a person, oldest report first."""
    try:
        entries = read_entries(audit_path(out))
    except (OSError, UnicodeDecodeError):
        entries = []
    latest = {entry.get("case"): entry for entry in entries}
    items = []
    for path in report_files(out):
        item = queue_item(out, path, latest)
        if item is not None:
            items.append(item)
    return sorted(items, key=lambda item: (item.checked_at, item.case))


def report_files(out: Path) -> list[Path]:
    """Every report.json under OUT, links to folders not followed."""
    found = []
    for folder, dirs, files in os.walk(out):
        dirs.sort()
        if "report.json" in files:
            found.append(Path(folder) / "report.json")
    return found


def queue_item(out: Path, path: Path, latest: dict[str, dict]) -> QueueItem | None:
    """The queue item of one report, None when it needs nobody (or is not a report)."""
    try:
        report = json.loads(path.read_text("utf-8"))
        verdict = report["verdict"]
        case = str(report["case"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if verdict not in NEEDS_PERSON:
        return None
    entry = latest.get(case)
    inputs = (report.get("provenance") or {}).get("inputs")
    if entry is not None and entry.get("inputs") == inputs:
        return None
    finding = main_finding(report.get("findings") or [], verdict)
    written = datetime.fromtimestamp(path.stat().st_mtime, UTC).isoformat(timespec="seconds")
    return QueueItem(
        case=case,
        matter=report.get("matter"),
        verdict=verdict,
        rule=finding.get("rule"),
        message=finding.get("message"),
        checked_at=written,
        reason="undecided" if entry is None else "decided on older inputs",
        report=path.with_name("report.html").relative_to(out).as_posix(),
    )


def main_finding(findings: list[dict], verdict: str) -> dict:
    """The finding that made the verdict: the first as severe as it, else the first."""
    for finding in findings:
        if isinstance(finding, dict) and finding.get("severity") == verdict:
            return finding
    return findings[0] if findings and isinstance(findings[0], dict) else {}
