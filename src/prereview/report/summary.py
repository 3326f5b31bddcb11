"""The summary of a batch: summary.csv, summary.html and one screen on the console."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

from ..audit import DECISION_LABELS
from ..normalize import mask_text
from ..records import SEVERITY_ORDER
from .console import VERDICT_STYLES, fitted, shown
from .decided import case_severities, decided_verdicts, latest_decisions, matter_titles, run_facts
from .escape import csv_cell, report_href
from .html import environment
from .json import write_atomically
from .labels import chinese_part, verdict_label
from .times import beijing_time, chinese_date

SLOWEST = 10
# The first seven columns are the historic ones; dashboards may rely on their order.
COLUMNS = (
    "case",
    "verdict",
    "decided",
    "findings",
    "rules",
    "seconds",
    "status",
    "matter",
    "review_date",
    "report",
    "notice",
    "decided_by",
    "decided_at",
)
# The cases that need a person first: review, then fail, then pass (then pending, errors).
VERDICT_ORDER = {"review": 0, "fail": 1, "pass": 2}
VERDICT_EXTRA = {"pending": "未检查"}


def summary_rows(
    outcomes: list, out: Path | None = None, mask: bool = True, decided: dict | None = None
) -> list[dict]:
    """One row per case, sorted by case: the columns of summary.csv with typed values
    (`findings` a count, `rules` a list, `seconds` a number). `report` and `notice` are
    paths relative to OUT (empty when the file is not there); `decided*` come from the
    case's latest decision in OUT/audit.jsonl."""
    names = [item.name for item in outcomes]
    if decided is None:
        decided = decided_verdicts(out, names) if out else {}
    entries = latest_decisions(out, names) if out else {}
    rows = []
    for item in sorted(outcomes, key=lambda outcome: outcome.name):
        entry = entries.get(item.name, {})
        rows.append(
            {
                "case": mask_text(item.name, mask),
                "verdict": item.verdict,
                "decided": decided.get(item.name, ""),
                "findings": len(item.rules),
                "rules": list(item.rules),
                "seconds": round(item.seconds, 2),
                "status": item.status,
                "matter": getattr(item, "matter", None) or "",
                "review_date": getattr(item, "review_date", None) or "",
                "report": _relative_file(out, item.name, "report.html", mask),
                "notice": _relative_file(out, item.name, "notice.html", mask),
                "decided_by": str(entry.get("clerk") or ""),
                "decided_at": str(entry.get("time") or ""),
            }
        )
    return rows


def _relative_file(out: Path | None, name: str, file: str, mask: bool) -> str:
    if out is None or not (out / name / file).is_file():
        return ""
    return mask_text(f"{name}/{file}", mask)


def summary_csv(
    outcomes: list,
    decided: dict[str, str] | None = None,
    mask: bool = True,
    out: Path | None = None,
) -> str:
    """summary.csv: one row per case (summary_rows), `decided` overriding the clerks' decided
    verdicts when given (by case name); cells a spreadsheet shows as text (a case folder named
    `=HYPERLINK(...)` is not a formula)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in summary_rows(outcomes, out, mask, decided):
        cells = {**row, "rules": " ".join(row["rules"]), "seconds": f"{row['seconds']:.2f}"}
        writer.writerow([csv_cell(cells[column]) for column in COLUMNS])
    return buffer.getvalue()


def summary_jsonl(outcomes: list, out: Path | None = None, mask: bool = True) -> str:
    """summary.jsonl: the rows of summary.csv as JSON lines, values typed."""
    rows = summary_rows(outcomes, out, mask)
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def summary_html(outcomes: list, out: Path | None = None, mask: bool = True) -> str:
    """The day's page: counts by verdict and by matter (a bar chart), every case with its
    matter, machine verdict, the clerk's decision and its findings (info apart), the cases
    that need a person first; sorting, filters and search by inline JavaScript; the slowest
    cases and the run's facts. Names autoescaped, links percent-encoded."""
    names = [item.name for item in outcomes]
    env = environment()
    env.globals["report_href"] = report_href
    env.filters["masked"] = lambda text: mask_text(text, mask)
    env.globals["verdict_text"] = verdict_text
    cases = case_rows(outcomes, out)
    facts = run_facts(out, names) if out else {}
    if facts:
        facts = {
            **facts,
            "run_date": beijing_time(facts["run_date"]),
            "review_dates": [
                chinese_date(day) if day != "-" else "-" for day in facts["review_dates"]
            ],
        }
    return env.get_template("summary.html.j2").render(
        verdicts=verdict_counts(outcomes),
        matters=matter_counts(cases),
        rules=rule_counts(outcomes).most_common(),
        slowest=sorted(outcomes, key=lambda item: -item.seconds)[:SLOWEST],
        cases=cases,
        total=len(outcomes),
        facts=facts,
    )


def case_rows(outcomes: list, out: Path | None) -> list[dict]:
    """One dict per case for summary.html, in the order a clerk works: review, fail, pass;
    each rule with its most severe finding's severity (`info` ones listed apart)."""
    names = [item.name for item in outcomes]
    decided = decided_verdicts(out, names) if out else {}
    severities = case_severities(out, names) if out else {}
    titles = matter_titles(out, outcomes) if out else {}
    rows = []
    ordered = sorted(outcomes, key=lambda item: (VERDICT_ORDER.get(item.verdict, 3), item.name))
    for order, item in enumerate(ordered):
        known = severities.get(item.name, {})
        # A rule without a report to say otherwise counts as a problem, never as info.
        problems = sorted(
            (rule for rule in item.rules if known.get(rule) != "info"),
            key=lambda rule: (SEVERITY_ORDER.get(known.get(rule, "review"), 1), rule),
        )
        matter = getattr(item, "matter", None) or ""
        rows.append(
            {
                "order": order,
                "name": item.name,
                "verdict": item.verdict,
                "decided": decided.get(item.name, ""),
                "decided_label": decision_label(decided.get(item.name, "")),
                "matter": matter,
                "matter_title": titles.get(matter) or matter or "未指定事项",
                "problems": [(rule, known.get(rule, "review")) for rule in problems],
                "infos": [rule for rule in item.rules if known.get(rule) == "info"],
                "seconds": item.seconds,
                "notice": bool(out and (out / item.name / "notice.html").is_file()),
            }
        )
    return rows


def verdict_text(verdict: str) -> str:
    """A machine verdict in Chinese only: `review` -> `需人工复核`."""
    return VERDICT_EXTRA.get(verdict) or chinese_part(verdict_label(verdict))


def decision_label(decided: str) -> str:
    """`return` -> `退回补正`; a decision taken on older inputs says so; '' for none."""
    if not decided:
        return ""
    decision, _, rest = decided.partition(" ")
    label = DECISION_LABELS.get(decision, decision)
    return label + ("（依据旧材料）" if rest else "")


def matter_counts(cases: list[dict]) -> list[dict]:
    """Cases per matter and verdict for the chart, the largest matter first."""
    counts: dict[str, Counter] = {}
    for case in cases:
        counts.setdefault(case["matter_title"], Counter())[case["verdict"]] += 1
    return [
        {"title": title, "total": sum(c.values()), **{v: c.get(v, 0) for v in VERDICT_ORDER}}
        for title, c in sorted(counts.items(), key=lambda pair: -sum(pair[1].values()))
    ]


def write_summary(out: Path, outcomes: list, mask: bool = True) -> None:
    """OUT/summary.csv, OUT/summary.jsonl and OUT/summary.html, each written atomically."""
    write_atomically(out / "summary.csv", summary_csv(outcomes, None, mask, out).encode("utf-8"))
    write_atomically(out / "summary.jsonl", summary_jsonl(outcomes, out, mask).encode("utf-8"))
    write_atomically(out / "summary.html", summary_html(outcomes, out, mask).encode("utf-8"))


def refresh_summary(out: Path) -> bool:
    """After a clerk's decision: summary.html, summary.csv and summary.jsonl of OUT rewritten
    from the rows the last batch wrote (OUT/summary.jsonl) and the audit log, so that the
    人工决定 column shows the decision without a new `batch`; the columns and the rows stay
    the batch's. False (nothing written) when OUT has no summary.jsonl that can be read."""
    try:
        lines = (out / "summary.jsonl").read_text("utf-8").splitlines()
        rows = [row for line in lines if line.strip() and isinstance(row := json.loads(line), dict)]
        names, mask = _case_names(out, [str(row.get("case", "")) for row in rows])
        outcomes = [_outcome(row, names.get(str(row.get("case", "")))) for row in rows]
        write_summary(out, outcomes, mask)
    except (OSError, ValueError, TypeError):
        # The decision is recorded already; a summary that cannot be rewritten waits for the
        # next batch.
        return False
    return True


def _case_names(out: Path, shown_names: list[str]) -> tuple[dict[str, str], bool]:
    """The case names the summary shows (masked or not) mapped to the cases' folders under
    OUT, and whether the summary was written masked."""
    real = [path.parent.relative_to(out).as_posix() for path in out.rglob("report.json")]
    by_masked = {mask_text(name): name for name in real}
    shown = set(shown_names)
    # A name that masking changes yet is shown as it is: that summary was written unmasked.
    unmasked = any(name in shown and mask_text(name) != name for name in real)
    names = {name: name for name in real} if unmasked else by_masked
    return {name: names.get(name, name) for name in shown_names}, not unmasked


@dataclass(frozen=True)
class SummaryCase:
    """A row of summary.jsonl read back, with the attributes of the batch's Outcome the
    summary uses (the report stage does not import the batch run mode)."""

    name: str
    verdict: str
    rules: tuple[str, ...]
    seconds: float
    status: str
    matter: str | None = None
    review_date: str | None = None


def _outcome(row: dict, name: str | None) -> SummaryCase:
    return SummaryCase(
        name or str(row.get("case", "")),
        str(row.get("verdict", "")),
        tuple(row.get("rules") or ()),
        float(row.get("seconds") or 0.0),
        str(row.get("status", "")),
        row.get("matter") or None,
        row.get("review_date") or None,
    )


def verdict_counts(outcomes: list) -> dict[str, int]:
    """Cases per verdict, in the order the list below them works: review, fail, pass."""
    counts = Counter(item.verdict for item in outcomes)
    return {verdict: counts.get(verdict, 0) for verdict in VERDICT_ORDER}


def rule_counts(outcomes: list) -> Counter:
    """Cases per rule id that did not pass."""
    return Counter(rule for item in outcomes for rule in item.rules)


def print_summary(
    console: Console, outcomes: list, out: Path, seconds: float, mask: bool = True
) -> None:
    """One screen: verdict counts, what this run did, the most frequent rules, the slowest."""
    statuses = Counter(item.status for item in outcomes)
    verdicts = "  ".join(
        f"[{VERDICT_STYLES[v]}]{v} {n}[/]" for v, n in verdict_counts(outcomes).items()
    )
    console.print(f"[bold]{len(outcomes)} cases 案件[/bold]  {verdicts}")
    done = ", ".join(f"{status} {count}" for status, count in sorted(statuses.items()))
    checked = statuses.get("checked", 0) + statuses.get("timeout", 0) + statuses.get("error", 0)
    rate = checked / seconds * 60 if seconds > 0 else 0.0
    console.print(f"this run: {done}; {seconds:.0f} s, {rate:.1f} cases/min", highlight=False)
    table = Table(title="most frequent findings 常见问题", title_justify="left")
    table.add_column("rule", **fitted(console))
    table.add_column("cases", justify="right", **fitted(console))
    for rule, count in rule_counts(outcomes).most_common(8):
        table.add_row(shown(rule, mask), str(count))
    if table.row_count:
        console.print(table)
    slowest = sorted(outcomes, key=lambda item: -item.seconds)[:3]
    if slowest:
        console.print(
            "slowest: "
            + ", ".join(f"{shown(item.name, mask)} {item.seconds:.1f} s" for item in slowest),
            highlight=False,
        )
    files = f"{shown(str(out / 'summary.html'))}, {shown(str(out / 'summary.csv'))}"
    console.print(f"summary: {files}", highlight=False)
