"""`prereview queue OUT`: the morning queue, the checked cases that need a clerk."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ..errors import InputNotFound
from ..report.labels import chinese_part
from ..worklist import queued_cases
from .errors import exits_cleanly


@exits_cleanly
def queue(
    out: Annotated[Path, typer.Argument(help="The reports' folder (batch or check --out).")],
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON array on stdout, for machines.")
    ] = False,
) -> None:
    """List the cases that need a clerk: review or fail, undecided or decided on older inputs.

    Oldest report first, with matter, verdict and the main finding; exit 0 (an empty queue
    too).

    Example: prereview queue reports --json
    """
    if not out.is_dir():
        raise InputNotFound(f"no such reports folder: {out}")
    items = queued_cases(out)
    if as_json:
        print(json.dumps([item.to_dict() for item in items], ensure_ascii=False, indent=2))
        return
    console = Console()
    if not items:
        console.print("待人工处理的案件：无 no case needs a clerk", highlight=False)
        return
    table = Table(
        title=f"待人工处理 {len(items)} 个案件 cases that need a clerk", title_justify="left"
    )
    # A case name is what a clerk types into `decide`: never folded.
    table.add_column("case 案件", no_wrap=True, min_width=max(len(item.case) for item in items))
    table.add_column("matter 事项", overflow="fold")
    table.add_column("verdict 结论")
    table.add_column("main finding 主要问题", overflow="fold", ratio=1)
    table.add_column("checked 检查于 (UTC)")
    for item in items:
        verdict = item.verdict if item.reason == "undecided" else f"{item.verdict}*"
        finding = f"{item.rule} {chinese_part(item.message or '')}" if item.rule else "-"
        table.add_row(
            item.case, item.matter or "-", verdict, finding, item.checked_at[:16].replace("T", " ")
        )
    console.print(table)
    if any(item.reason != "undecided" for item in items):
        console.print("* 已有决定，但材料已变 decided on older inputs", highlight=False)
