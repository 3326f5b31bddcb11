"""Rich tables for people at a terminal."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from ..classify import type_label
from ..normalize import mask_text
from ..records import FIELDS_BY_TYPE, UNKNOWN, Document
from .escape import console_markup, terminal_text
from .json import document_to_dict
from .labels import chinese_part, matter_title, severity_label, verdict_label
from .masking import sensitive_dates, without_dates


def shown(text: str, mask: bool = True) -> str:
    """Text from an upload, a name or a pack as it may appear in Rich markup on a terminal:
    ID numbers masked, control characters escaped, markup made literal."""
    return console_markup(mask_text(str(text), mask))


def finished_line(case: str, verdict: str, seconds: float, mask: bool = True) -> str:
    """One plain log line for a finished case (stderr that is a file or a pipe)."""
    return f"prereview: {terminal_text(mask_text(case, mask))} {verdict} {seconds:.1f}s"


def print_documents(console: Console, documents: list[Document], mask: bool = True) -> None:
    """One table per document: its fields with confidence; errors and quality flags above it."""
    for document in documents:
        data = document_to_dict(document, mask)
        source = shown(document.source, mask)
        title = f"{source}  [bold]{type_label(document.type)}[/bold]"
        if document.quality:
            title += f"  [yellow]quality: {', '.join(document.quality)}[/yellow]"
        if document.error:
            console.print(f"[red]✗ {source}: {shown(document.error, mask)}[/red]")
            continue
        if document.type == UNKNOWN:
            console.print(f"{title}  [dim](no document recognised 未识别出证件)[/dim]")
            continue
        table = Table(title=title, title_justify="left", show_lines=False)
        fit = fitted(console)
        table.add_column("field", **fit)
        table.add_column("value", **fit)
        table.add_column("conf.", justify="right", **fit)
        for name in FIELDS_BY_TYPE.get(document.type, ()):
            found = data["fields"].get(name)
            if found:
                style = "" if found["confidence"] >= 0.8 else "yellow"
                value = shown(found["value"], mask)
                table.add_row(name, value, f"{found['confidence']:.2f}", style=style)
            else:
                table.add_row(name, "[red]— not read 未识别[/red]", "")
        console.print(table)


def fitted(console: Console) -> dict:
    """Column settings: a terminal shows `…` for a cell too long; a pipe or a log file gets
    every character, folded onto the next line, as nobody can widen it afterwards."""
    return {} if console.is_terminal else {"overflow": "fold", "no_wrap": False}


VERDICT_STYLES = {"pass": "bold green", "fail": "bold red", "review": "bold yellow"}


def _matter_title(report) -> str:
    """The pack's Chinese title of a report's matter (住房公积金提取), as report.html shows it."""
    if report.matter is None:
        return "—"
    return matter_title({"matter": report.matter, "provenance": report.provenance})


def print_cases(console: Console, reports: list, out_dir, mask: bool = True) -> None:
    """A table of cases and verdicts, then the findings of every case that did not pass."""
    table = Table(title="预审结果 pre-review results", title_justify="left")
    fit = {"no_wrap": True, **fitted(console)}
    table.add_column("case 案件", **fit)
    table.add_column("matter 事项", **fitted(console))
    table.add_column("verdict 结论", **fit)
    table.add_column("findings 问题", justify="right", **fitted(console))
    table.add_column("s 秒", justify="right", **fitted(console))
    for report in reports:
        table.add_row(
            shown(report.case, mask),
            shown(_matter_title(report), mask),
            f"[{VERDICT_STYLES[report.verdict]}]{chinese_part(verdict_label(report.verdict))}"
            f" {report.verdict}[/]",
            str(len(report.findings)),
            f"{report.seconds:.1f}",
        )
    console.print(table)
    where = shown(str(out_dir), mask)
    console.print(f"reports 报告: {where}/<case>/report.html, report.json", highlight=False)
    for report in reports:
        if report.verdict == "pass":
            continue
        case = shown(report.case, mask)
        label = verdict_label(report.verdict)
        console.print(f"\n[{VERDICT_STYLES[report.verdict]}]{case}: {label} {report.verdict}[/]")
        dates = sensitive_dates(report) if mask else set()
        for finding in report.findings:
            style = "red" if finding.severity == "fail" else "yellow"
            where = shown(", ".join(finding.documents), mask)
            console.print(
                f"  [{style}]{severity_label(finding.severity)} {finding.severity:6}[/] {shown(finding.rule, mask)}  "
                f"{shown(without_dates(finding.message, dates), mask)}"
                + (f"  [dim]({where})[/dim]" if where else ""),
                highlight=False,
            )
