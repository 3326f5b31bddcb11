"""The 文号 of issued notices: 机关简称〔年份〕顺序号, numbered 1, 2, ... per year.

The counter is a JSON file under OUT (`notice-numbers.json`, year -> last number given). Only
`prereview decide` advances it, while it holds the audit log's lock, so two clerks issuing at
the same time get two different numbers and each number is recorded in its audit entry.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from .report.json import write_atomically

COUNTER_FILE = "notice-numbers.json"
BLANK_PREFIX = "＿＿＿＿"


def next_sequence(out: Path, year: int, recorded: int = 0) -> int:
    """The next number of `year`, written back to the counter; the caller holds the lock.
    `recorded` is the highest number of that year the audit log holds."""
    path = out / COUNTER_FILE
    try:
        counts = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        # None yet, or damaged: a damaged counter must not give a number twice, so `recorded`
        # carries on from the log.
        counts = {}
    if not isinstance(counts, dict):
        counts = {}
    given = counts.get(str(year), 0)
    number = max(given if isinstance(given, int) else 0, recorded) + 1
    counts[str(year)] = number
    write_atomically(path, (json.dumps(counts, indent=2) + "\n").encode("utf-8"))
    return number


def notice_number(short_name: str | None, year: int, sequence: int) -> str:
    """`某市政务服务中心〔2026〕12号`; a blank to fill by hand where the settings name no
    prefix."""
    return f"{short_name or BLANK_PREFIX}〔{year}〕{sequence}号"


def issuer(out: Path, year: int, short_name: str | None) -> Callable[[list[dict]], dict]:
    """What an audit entry that issues a notice adds, computed under the log's lock from
    the entries already there: the notice's number and where it sits in the year."""

    def numbered(entries: list[dict]) -> dict:
        recorded = max(
            (e.get("notice_sequence", 0) for e in entries if e.get("notice_year") == year),
            default=0,
        )
        sequence = next_sequence(out, year, recorded)
        return {
            "notice_number": notice_number(short_name, year, sequence),
            "notice_year": year,
            "notice_sequence": sequence,
        }

    return numbered
