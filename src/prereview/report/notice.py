"""notice.html, the notice to the applicant of a case the applicant must act on.

Two kinds, chosen by what the defects need (remedy.py): any `reject` defect makes it a
不予受理通知书 (the reasons and the applicant's rights), otherwise a 补正材料通知书（一次性告知）
with every item once and the standard it must meet. A case with nothing the applicant can act
on (no matter, no registry, a pass) gets none. The texts come from data/labels.json: no rule
id, no value read from a document. It stays a draft (草稿, 未编号) until a clerk's `decide`
that issues it (`return` for 补正, `fail` for 不予受理) on this very report.json gives it its
文号 (numbering.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..records import FAIL, REVIEW
from ..remedy import REJECT, SUPPLEMENT, remedy_of
from ..settings import Office, load_settings
from .html import environment
from .json import write_atomically
from .labels import (
    bare_field_label,
    chinese_part,
    document_label,
    labels,
    matter_pack,
    value_label,
)
from .times import beijing_time, chinese_date

NOTICE = "notice.html"
# The decision by which a clerk issues each kind of notice.
ISSUING = {SUPPLEMENT: "return", REJECT: "fail"}
TITLES = {SUPPLEMENT: "补正材料通知书（一次性告知）", REJECT: "不予受理通知书"}

# What each kind of document must be brought as (original or copy, copies, signature or seal).
STANDARDS = {
    "id_card_front": "居民身份证原件（核验后退还）及正反面复印件1份，复印件由申请人签字",
    "id_card_back": "居民身份证原件（核验后退还）及正反面复印件1份，复印件由申请人签字",
    "business_licence": "营业执照副本原件（核验后退还）及复印件1份，复印件加盖企业公章",
    "property_deed": "不动产权证书原件（核验后退还）及复印件1份，复印件由权利人签字",
    "declared": "申请表原件1份，由申请人签字（企业加盖公章）",
}
DEFAULT_STANDARD = "原件（核验后退还）及复印件1份，复印件由申请人签字（企业加盖公章）"


@dataclass(frozen=True)
class NoticeItem:
    """One thing the notice tells the applicant: what is wrong and what to bring, the
    standard it must meet, and whether supplying anything can fix it."""

    text: str
    standard: str
    remedy: str


def notice_items(report: dict, overruled: set[str]) -> list[NoticeItem]:
    """What the applicant must do, one item per defect, duplicates merged, in report order
    of fail then review findings; findings a clerk overruled are left out. An unreadable
    upload that the missing document may be is one item with that document."""
    texts = labels()["notice"]
    skipped = set(labels()["notice_skip"])
    pack = matter_pack(report)
    findings = [
        finding
        for severity in (FAIL, REVIEW)
        for finding in report.get("findings", [])
        if finding["severity"] == severity
        and finding["rule"] not in skipped
        and finding["rule"] not in overruled
    ]
    folded = _folded_unreadable(findings)
    items: list[NoticeItem] = []
    for finding in findings:
        rule = finding["rule"]
        if rule == "case.unreadable_document" and set(finding.get("documents", [])) <= folded:
            continue
        words = _words(finding, report, pack.get("documents", {}))
        text = texts.get(rule, texts["default"]).format(**words)
        unreadable = folded & set(finding.get("documents", []))
        if rule == "case.missing_document" and unreadable:
            files = "、".join(f"“{name}”" for name in sorted(unreadable))
            text += f"（所交文件{files}无法识别，可能即为该材料，请一并重新提交。）"
        item = NoticeItem(text, _standard(finding, report), remedy_of(rule, pack))
        if all(item.text != known.text for known in items):
            items.append(item)
    return items


def _folded_unreadable(findings: list[dict]) -> set[str]:
    """Unreadable uploads that a missing-document finding names as what it may be."""
    unreadable = {
        source
        for finding in findings
        if finding["rule"] == "case.unreadable_document"
        for source in finding.get("documents", [])
    }
    missing = {
        source
        for finding in findings
        if finding["rule"] == "case.missing_document"
        for source in finding.get("documents", [])
    }
    return unreadable & missing


def notice_kind(items: list[NoticeItem]) -> str | None:
    """`reject` when any item cannot be fixed by supplying a document, `supplement` when
    there are items, None when the applicant has nothing to do."""
    if not items:
        return None
    return REJECT if any(item.remedy == REJECT for item in items) else SUPPLEMENT


def _words(finding: dict, report: dict, pack_documents: dict) -> dict[str, str]:
    doc_type = finding.get("values", {}).get("missing") or _finding_type(finding, report)
    label = pack_documents.get(doc_type, {}).get("label") if doc_type else None
    document = (
        chinese_part(label) if label else document_label(doc_type) if doc_type else "所交材料"
    )
    field = finding["fields"][0].split(".")[-1] if finding.get("fields") else ""
    sources = finding.get("documents") or []
    # The registry's status (查封, 吊销) is the registry's word, not a value read from a document.
    status = finding.get("values", {}).get("registry.status")
    return {
        "document": document,
        "file": sources[0].split("#")[0] if sources else "",
        "field": bare_field_label(field, doc_type) if field else "部分内容",
        "status": value_label("registry.status", status) if status else "不允许办理的状态",
    }


# Rules whose first field is not the document the applicant must bring.
DOCUMENT_TO_BRING = {
    "consistency.applicant_owns_property": "property_deed",
    "consistency.enterprise_owns_property": "property_deed",
}


def _standard(finding: dict, report: dict) -> str:
    doc_type = (
        DOCUMENT_TO_BRING.get(finding["rule"])
        or finding.get("values", {}).get("missing")
        or _finding_type(finding, report)
    )
    return STANDARDS.get(doc_type or "", DEFAULT_STANDARD)


def _finding_type(finding: dict, report: dict) -> str | None:
    if finding.get("fields"):
        return finding["fields"][0].split(".")[0]
    types = {document["source"]: document["type"] for document in report.get("documents", [])}
    for source in finding.get("documents", []):
        if types.get(source) not in (None, "unknown", "other"):
            return types[source]
    return None


def latest_decision(decisions: list[dict], report_sha256: str | None) -> dict | None:
    """The latest decision, when it was taken on this very report.json."""
    if not decisions or report_sha256 is None:
        return None
    latest = decisions[-1]
    return latest if latest.get("report_sha256") == report_sha256 else None


def overruled_rules(decision: dict | None) -> set[str]:
    """The findings a clerk overruled in a decision."""
    verdicts = (decision or {}).get("findings", {})
    return {rule for rule, verdict in verdicts.items() if verdict == "overruled"}


def applicant_name(report: dict) -> str | None:
    """The applicant as application.json declares them (person or enterprise), else the name
    read from the ID card or the business licence; None when neither is known."""
    declared = report.get("provenance", {}).get("applicant")
    if declared:
        return declared
    for doc_type in ("id_card_front", "business_licence"):
        for document in report.get("documents", []):
            value = document.get("fields", {}).get("name", {}).get("value")
            if document.get("type") == doc_type and value:
                return value
    return None


def render_notice(
    report: dict, decisions: list[dict], report_sha256: str | None, office: Office | None = None
) -> str | None:
    """The notice as one self-contained A4 page; None when the case needs none."""
    latest = latest_decision(decisions, report_sha256)
    items = notice_items(report, overruled_rules(latest))
    kind = notice_kind(items)
    if kind is None:
        return None
    final = latest if latest and latest.get("decision") == ISSUING[kind] else None
    pack = matter_pack(report)
    review_date = report.get("provenance", {}).get("review_date", "")
    return (
        environment()
        .get_template("notice.html.j2")
        .render(
            kind=kind,
            title=TITLES[kind],
            case=report["case"],
            matter=chinese_part(pack["title"]) if pack.get("title") else "（未指定事项）",
            applicant=applicant_name(report),
            application_date=chinese_date(
                report.get("provenance", {}).get("application_date") or review_date
            ),
            # The day the clerk issued it, in Beijing; a draft carries the day it was checked.
            notice_date=beijing_time(final["time"]).split(" ")[0]
            if final
            else chinese_date(review_date),
            items=[item for item in items if kind == SUPPLEMENT or item.remedy == REJECT],
            final=final,
            office=office if office is not None else load_settings().office,
        )
    )


def write_notice(folder: Path, report: dict, decisions: list[dict], sha: str | None) -> None:
    """OUT/<case>/notice.html for a case the applicant must act on; an old notice of a case
    that now needs none is removed."""
    path = folder / NOTICE
    page = render_notice(report, decisions, sha)
    if page is None:
        path.unlink(missing_ok=True)
        return
    write_atomically(path, page.encode("utf-8"))


def issuing_kind(report: dict, decision: str, overruled: set[str]) -> str | None:
    """The kind of notice a decision issues on this report (it then gets a 文号), or None."""
    kind = notice_kind(notice_items(report, overruled))
    return kind if kind is not None and ISSUING[kind] == decision else None
