"""What the batch summary adds from the clerk's desk and the reports: the decided verdict of
each case (its latest decision in OUT/audit.jsonl) and the facts of the run (date, review
dates, registry and rule-pack hashes)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from ..audit import audit_path, read_entries
from ..records import SEVERITY_ORDER
from .labels import matter_title

OLDER_INPUTS = " (older inputs)"


def _report(out: Path, name: str) -> dict:
    try:
        return json.loads((out / name / "report.json").read_text("utf-8"))
    except (OSError, ValueError):
        return {}


def latest_decisions(out: Path, names: list[str]) -> dict[str, dict]:
    """The latest audit entry of each case that has one (clerk, time, decision, inputs)."""
    try:
        entries = read_entries(audit_path(out))
    except (OSError, UnicodeDecodeError):
        entries = []
    wanted = set(names)
    return {entry.get("case"): entry for entry in entries if entry.get("case") in wanted}


def decided_verdicts(out: Path, names: list[str]) -> dict[str, str]:
    """Each case's latest decision; `return (older inputs)` when it was taken on other inputs
    than its current report's; no entry for an undecided case."""
    try:
        entries = read_entries(audit_path(out))
    except (OSError, UnicodeDecodeError):
        entries = []
    latest = {entry.get("case"): entry for entry in entries}
    decided = {}
    for name in names:
        entry = latest.get(name)
        if entry is None:
            continue
        inputs = _report(out, name).get("provenance", {}).get("inputs")
        stale = entry.get("inputs") != inputs
        decided[name] = str(entry.get("decision")) + (OLDER_INPUTS if stale else "")
    return decided


def case_severities(out: Path, names: list[str]) -> dict[str, dict[str, str]]:
    """Each case's rules with the most severe severity its report gives them (fail, review,
    info); a case without a readable report has no entry."""
    severities = {}
    for name in names:
        rules: dict[str, str] = {}
        for finding in _report(out, name).get("findings") or ():
            rule, severity = finding.get("rule"), finding.get("severity")
            if SEVERITY_ORDER.get(severity, 1) < SEVERITY_ORDER.get(rules.get(rule), 3):
                rules[rule] = severity
        severities[name] = rules
    return severities


def matter_titles(out: Path, outcomes: list) -> dict[str, str]:
    """The Chinese title of each matter the cases name, from the pack the first report of
    that matter was checked with."""
    titles = {}
    for item in outcomes:
        matter = getattr(item, "matter", None)
        if matter and matter not in titles:
            report = _report(out, item.name) or {"matter": matter}
            titles[matter] = matter_title({**report, "matter": matter})
    return titles


def run_facts(out: Path, names: list[str]) -> dict:
    """The run's date and the review dates, registries and rule packs its reports name."""
    review_dates, registries, packs = set(), set(), set()
    for name in names:
        report = _report(out, name)
        provenance = report.get("provenance", {})
        review_dates.add(provenance.get("review_date") or "-")
        registries.add(provenance.get("registry_sha256") or "-")
        if provenance.get("rules_sha256"):
            packs.add((report.get("matter") or "-", provenance["rules_sha256"]))
    return {
        "run_date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "review_dates": sorted(review_dates),
        "registries": sorted(registries),
        "packs": sorted(packs),
    }
