"""notice.html, the one-time notice (一次性告知书) to the applicant of a case that did not pass.

Every missing document and every defect in plain Chinese with what to bring, from the texts
in data/labels.json: no rule id, no value read from a document (so no other person's data and
no number to mask), a line for the clerk's signature. It stays a draft (草稿) until a clerk's
`decide --decision return` on this very report.json makes it final.
"""

from __future__ import annotations

from pathlib import Path

from ..records import FAIL, PASS, REVIEW
from .html import environment
from .json import write_atomically
from .labels import bare_field_label, chinese_part, document_label, labels, matter_pack

NOTICE = "notice.html"


def notice_items(report: dict, overruled: set[str]) -> list[str]:
    """What the applicant must do, one sentence per defect, duplicates merged, in report order
    of fail then review findings; findings a clerk overruled are left out."""
    texts = labels()["notice"]
    skipped = set(labels()["notice_skip"])
    pack_documents = matter_pack(report).get("documents", {})
    items: list[str] = []
    for severity in (FAIL, REVIEW):
        for finding in report.get("findings", []):
            rule = finding["rule"]
            if finding["severity"] != severity or rule in skipped or rule in overruled:
                continue
            words = _words(finding, report, pack_documents)
            text = texts.get(rule, texts["default"]).format(**words)
            if text not in items:
                items.append(text)
    return items


def _words(finding: dict, report: dict, pack_documents: dict) -> dict[str, str]:
    doc_type = finding.get("values", {}).get("missing") or _finding_type(finding, report)
    label = pack_documents.get(doc_type, {}).get("label") if doc_type else None
    document = (
        chinese_part(label) if label else document_label(doc_type) if doc_type else "所交材料"
    )
    field = finding["fields"][0].split(".")[-1] if finding.get("fields") else ""
    sources = finding.get("documents") or []
    return {
        "document": document,
        "file": sources[0].split("#")[0] if sources else "",
        "field": bare_field_label(field, doc_type) if field else "部分内容",
    }


def _finding_type(finding: dict, report: dict) -> str | None:
    if finding.get("fields"):
        return finding["fields"][0].split(".")[0]
    types = {document["source"]: document["type"] for document in report.get("documents", [])}
    for source in finding.get("documents", []):
        if types.get(source) not in (None, "unknown", "other"):
            return types[source]
    return None


def final_return(decisions: list[dict], report_sha256: str | None) -> dict | None:
    """The clerk's `return` that makes the notice final: the latest decision, taken on this
    very report.json."""
    if not decisions or report_sha256 is None:
        return None
    latest = decisions[-1]
    if latest.get("decision") == "return" and latest.get("report_sha256") == report_sha256:
        return latest
    return None


def render_notice(report: dict, decisions: list[dict], report_sha256: str | None) -> str:
    """The notice as one self-contained A4 page."""
    final = final_return(decisions, report_sha256)
    overruled = {
        rule
        for rule, verdict in (final or {}).get("findings", {}).items()
        if verdict == "overruled"
    }
    pack = matter_pack(report)
    return (
        environment()
        .get_template("notice.html.j2")
        .render(
            case=report["case"],
            matter=chinese_part(pack["title"]) if pack.get("title") else "（未指定事项）",
            review_date=report.get("provenance", {}).get("review_date", ""),
            items=notice_items(report, overruled),
            final=final,
        )
    )


def write_notice(folder: Path, report: dict, decisions: list[dict], sha: str | None) -> None:
    """OUT/<case>/notice.html for a case that is not `pass` (or that a clerk returned);
    an old notice of a case that now passes is removed."""
    path = folder / NOTICE
    if report["verdict"] == PASS and final_return(decisions, sha) is None:
        path.unlink(missing_ok=True)
        return
    write_atomically(path, render_notice(report, decisions, sha).encode("utf-8"))
