"""`prereview decide CASE --out OUT ...`: a clerk's decision, appended to OUT/audit.jsonl."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from ..audit import (
    DECISION_LABELS,
    Decision,
    append_entry,
    audit_path,
    checked_decision,
    new_entry,
    read_report,
    report_path,
    sha256_file,
)
from ..errors import UsageError
from ..numbering import issuer
from ..report.times import BEIJING
from ..settings import load_settings
from .errors import exits_cleanly
from .options import DEFAULT_OUT


@exits_cleanly
def decide(
    case: Annotated[str, typer.Argument(help="The case as its report.json names it.")],
    decision: Annotated[
        str, typer.Option(help="pass, fail, or return (补正: back to the applicant).")
    ],
    clerk: Annotated[str, typer.Option(help="The clerk's id, recorded in the log.")],
    out: Annotated[Path, typer.Option("--out", help="The reports' folder.")] = DEFAULT_OUT,
    reason: Annotated[
        str | None,
        typer.Option(help="Why; required when the decision differs from the machine verdict."),
    ] = None,
    finding: Annotated[
        list[str] | None,
        typer.Option(help="RULE=confirmed|overruled for a finding of the report (repeatable)."),
    ] = None,
) -> None:
    """Record a clerk's decision (人工复核) on a checked case in OUT/audit.jsonl.

    The entry holds the time, the clerk, the decision and reason, the verdict on each finding,
    the SHA-256 of the report.json decided on and of the entry before it. The decision that
    issues the case's notice (`return` for a 补正材料通知书, `fail` for a 不予受理通知书) gives it
    its 文号 (机关简称〔年份〕顺序号, numbered per year under OUT) and makes it final (no longer
    草稿); the number is recorded in the entry.

    Exit status: 0 recorded; 2 a bad option (a missing --reason, an unknown rule); 4 no report
    for CASE; 5 a report that cannot be read.

    Example: prereview decide case001 --out reports --decision return --clerk C042 --reason "身份证过期"
    """
    path = report_path(out, case)
    report = read_report(path, case)
    chosen = checked_decision(
        Decision(case, decision, clerk, reason, finding_verdicts(finding or [])), report
    )
    # The pages' renderer (Jinja2, OpenCV for the previews) only once a decision is taken.
    from ..report.clerk_pages import refresh_case_pages
    from ..report.notice import TITLES, issuing_kind
    from ..report.summary import refresh_summary

    now = datetime.now().astimezone()
    overruled = {rule for rule, verdict in chosen.findings.items() if verdict == "overruled"}
    kind = issuing_kind(report, chosen.decision, overruled)
    extra = None
    if kind is not None:
        office = load_settings().office
        extra = issuer(out, now.astimezone(BEIJING).year, office.short_name)
    entry = append_entry(audit_path(out), new_entry(chosen, report, sha256_file(path), now), extra)
    refresh_case_pages(out, report)
    refresh_summary(out)
    label = DECISION_LABELS[decision]
    print(
        f"prereview: {case}：已记录决定“{label}”，为 {audit_path(out)} 第 {entry['seq']} 条"
        f" ({decision} recorded as entry {entry['seq']})",
        file=sys.stderr,
    )
    if kind is not None:
        print(
            f"prereview: {case}：已出具{TITLES[kind]}，文号 {entry['notice_number']}，"
            f"见 {out / case / 'notice.html'}",
            file=sys.stderr,
        )


def finding_verdicts(options: list[str]) -> dict[str, str]:
    """--finding RULE=VERDICT options as a dict; a malformed one is a usage error."""
    verdicts = {}
    for option in options:
        rule, sep, verdict = option.partition("=")
        if not sep or not rule:
            raise UsageError(
                f"--finding 应写作 规则=confirmed 或 规则=overruled，而不是“{option}” "
                f"(--finding must be RULE=confirmed|overruled, not '{option}')"
            )
        verdicts[rule.strip()] = verdict.strip()
    return verdicts
