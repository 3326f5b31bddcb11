"""The clerk's decisions: an append-only, hash-chained log, OUT/audit.jsonl.

One JSON object a line. Each entry holds `prev_sha256`, the `entry_sha256` of the entry
before it (64 zeros for the first), and its own `entry_sha256`, the SHA-256 of its canonical
JSON without that key. So an edited entry no longer matches its own hash, and a removed or
moved entry breaks the link of the one after it; `seq` (1, 2, ...) tells which of the two
happened. Only `prereview decide` writes the log, under an exclusive lock, so two clerks
deciding at the same time both land, in some order, each linked to the other.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from .errors import InputNotFound, InvalidConfiguration, UsageError
from .records import FAIL, PASS

AUDIT_LOG = "audit.jsonl"
GENESIS = "0" * 64
DECISIONS = ("pass", "fail", "return")
FINDING_VERDICTS = ("confirmed", "overruled")
DECISION_LABELS = {"pass": "通过", "fail": "不通过", "return": "退回补正"}
VERDICT_WORDS = {"pass": "通过", "fail": "不通过", "review": "需人工复核", "error": "出错"}


@dataclass(frozen=True)
class Decision:
    """What a clerk decided on one checked case, before it is chained into the log."""

    case: str
    decision: str
    clerk: str
    reason: str | None
    findings: dict[str, str]


@dataclass(frozen=True)
class ChainBreak:
    """The first entry of the log that is not as it was written: its line and why."""

    line: int
    message: str


def audit_path(out: Path) -> Path:
    """Where the log of an output folder lives."""
    return out / AUDIT_LOG


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file's bytes, hex."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def entry_hash(entry: dict) -> str:
    """The SHA-256 of an entry's canonical JSON (sorted keys, no `entry_sha256`)."""
    body = {key: value for key, value in entry.items() if key != "entry_sha256"}
    canonical = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def agrees_with_machine(decision: str, verdict: str) -> bool:
    """A decision that needs no reason: it repeats a definite machine verdict.

    `review` means the tool was not sure, so whatever the clerk decides is their own
    judgement and must be explained.
    """
    return (verdict, decision) in {(PASS, "pass"), (FAIL, "fail"), (FAIL, "return")}


def report_path(out: Path, case: str) -> Path:
    """report.json of a case as its report names it (a relative path under OUT)."""
    relative = Path(case)
    if relative.is_absolute() or ".." in relative.parts:
        raise UsageError(
            f"案件应写作 report.json 中的案件名称，而不是“{case}” "
            f"(CASE must be the case name its report.json gives, not '{case}')"
        )
    return out / relative / "report.json"


def read_report(path: Path, case: str) -> dict:
    """The report a decision is taken on; a missing or broken one is a clear error."""
    if not path.is_file():
        raise InputNotFound(
            f"案件“{case}”没有预审报告：{path} 不存在，请先运行 check "
            f"(no report for case '{case}': {path} does not exist, run check first)"
        )
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidConfiguration(
            f"{path} 无法读取为预审报告 (not a readable report): {exc}"
        ) from None
    if not isinstance(report, dict) or report.get("case") != case or "verdict" not in report:
        raise InvalidConfiguration(
            f"{path} 不是案件“{case}”的预审报告 (not the report of case '{case}')"
        )
    return report


def checked_decision(decision: Decision, report: dict) -> Decision:
    """The decision, refused when it is not one the report allows."""
    if decision.decision not in DECISIONS:
        raise UsageError(
            f"--decision 只能是 pass（通过）、fail（不通过）或 return（退回补正） "
            f"(--decision must be one of {', '.join(DECISIONS)})"
        )
    if not decision.clerk.strip():
        raise UsageError("--clerk 须填写作出决定的经办人工号 (--clerk must name the clerk)")
    rules = {finding["rule"] for finding in report.get("findings", [])}
    for rule, verdict in decision.findings.items():
        if rule not in rules:
            known = ", ".join(sorted(rules)) or "无"
            raise UsageError(
                f"--finding {rule}：报告中没有这条发现（报告中有：{known}） "
                "(the report has no such finding)"
            )
        if verdict not in FINDING_VERDICTS:
            raise UsageError(
                f"--finding {rule}={verdict}：只能是 confirmed（确认）或 overruled（否定） "
                "(say confirmed or overruled)"
            )
    if not (decision.reason or "").strip() and not agrees_with_machine(
        decision.decision, report["verdict"]
    ):
        raise UsageError(
            f"决定与机器结论（{VERDICT_WORDS.get(report['verdict'], report['verdict'])}）不同，"
            f"须用 --reason 说明理由 (a decision of '{decision.decision}' on a "
            f"'{report['verdict']}' case needs --reason)"
        )
    return decision


def new_entry(decision: Decision, report: dict, report_sha256: str, now: datetime) -> dict:
    """The log entry of a decision, without its place in the chain."""
    return {
        "time": now.astimezone(UTC).isoformat(timespec="seconds"),
        "case": decision.case,
        "decision": decision.decision,
        "machine_verdict": report["verdict"],
        "clerk": decision.clerk,
        "reason": decision.reason,
        "findings": dict(sorted(decision.findings.items())),
        "report_sha256": report_sha256,
        "inputs": report.get("provenance", {}).get("inputs", {}),
    }


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """An exclusive lock on the log (a lock file beside it), held while one entry is added."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def append_entry(
    path: Path, entry: dict, extra: Callable[[list[dict]], dict] | None = None
) -> dict:
    """Chain the entry to the last one and append it; returns the entry as written.
    `extra` adds keys computed under the lock from the entries already logged (a notice's
    文号, so that no two entries get the same)."""
    with locked(path):
        entries = read_entries(path)
        chained = dict(entry)
        if extra is not None:
            chained.update(extra(entries))
        chained["seq"] = len(entries) + 1
        chained["prev_sha256"] = entries[-1].get("entry_sha256", GENESIS) if entries else GENESIS
        chained["entry_sha256"] = entry_hash(chained)
        with open(path, "a", encoding="utf-8") as stream:
            stream.write(json.dumps(chained, ensure_ascii=False, sort_keys=True) + "\n")
            stream.flush()
    return chained


def read_entries(path: Path) -> list[dict]:
    """Every entry of the log that parses, in file order (none when there is no log)."""
    if not path.exists():
        return []
    entries = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            entry = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(entry, dict):
            entries.append(entry)
    return entries


def decisions_for(out: Path, case: str) -> list[dict]:
    """The decisions taken on one case, oldest first (for its report and notice)."""
    try:
        return [entry for entry in read_entries(audit_path(out)) if entry.get("case") == case]
    except (OSError, UnicodeDecodeError):
        return []


def first_break(path: Path) -> ChainBreak | None:
    """The first entry that was edited, removed or reordered; None when the chain holds."""
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    seqs = [_seq(line) for line in lines]
    previous = GENESIS
    for number, line in enumerate(lines, start=1):
        problem = _entry_problem(line, number, previous, seqs)
        if problem is not None:
            return ChainBreak(number, problem)
        previous = json.loads(line)["entry_sha256"]
    return None


def _seq(line: str) -> int | None:
    try:
        seq = json.loads(line).get("seq")
    except (json.JSONDecodeError, AttributeError):
        return None
    return seq if isinstance(seq, int) else None


def _entry_problem(line: str, number: int, previous: str, seqs: list[int | None]) -> str | None:
    try:
        entry = json.loads(line)
    except json.JSONDecodeError:
        return f"第 {number} 行不是 JSON，已被改动 (line {number}: not JSON, edited)"
    if not isinstance(entry, dict) or entry_hash(entry) != entry.get("entry_sha256"):
        return (
            f"第 {number} 行的记录已被改动：内容与其哈希值不符 "
            f"(entry on line {number} was edited: its content no longer matches its hash)"
        )
    seq = entry.get("seq")
    if seq != number:
        if number in seqs[number:]:
            return (
                f"记录顺序被调换：第 {number} 行是第 {seq} 条，第 {number} 条在后面 "
                f"(entries reordered: line {number} holds entry {seq}, entry {number} comes later)"
            )
        return (
            f"第 {number} 条记录已被删除：第 {number} 行是第 {seq} 条 "
            f"(entry {number} was removed: line {number} holds entry {seq})"
        )
    if entry.get("prev_sha256") != previous:
        return (
            f"第 {number} 条记录与前一条接不上（被改动、删除或调换） "
            f"(entry {number} does not follow the entry before it)"
        )
    return None
