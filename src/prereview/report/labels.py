"""The words a clerk or an applicant reads, from data/labels.json and the rule pack."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path

from ..classify import type_label
from ..messages import data_label
from ..records import DOCUMENT_TYPES
from ..rules import load_packs, status_wording
from .times import chinese_date


@cache
def labels() -> dict:
    """data/labels.json, read once."""
    return json.loads(resources.files("prereview.data").joinpath("labels.json").read_text("utf-8"))


def chinese_part(text: str) -> str:
    """`住房公积金提取 housing fund withdrawal` -> `住房公积金提取`: the part before the English."""
    return data_label(text).zh


def document_label(doc_type: str) -> str:
    """A document type in Chinese: `居民身份证（国徽面）`."""
    return chinese_part(type_label(doc_type)) if doc_type != "other" else "其他材料"


def field_label(qualified: str) -> str:
    """`id_card_front.birth_date` -> `出生日期`; `declared.applicant.name` -> `申报 申请人 姓名/名称`;
    an unknown name is shown as it is."""
    known = labels()
    if qualified in known["fields_by_type"]:
        return known["fields_by_type"][qualified]
    parts = qualified.split(".")
    words = []
    for index, part in enumerate(parts):
        if index == 0 and len(parts) > 1 and part in DOCUMENT_TYPES:
            words.append(document_label(part))
        elif part in known["entities"]:
            words.append(known["entities"][part])
        elif index == len(parts) - 1 and part in known["fields"]:
            words.append(known["fields"][part])
        elif part in known["registry_columns"]:
            words.append(known["registry_columns"][part])
        elif part in known["values"]:
            words.append(known["values"][part])
        else:
            words.append(part)
    return "·".join(words)


def bare_field_label(name: str, doc_type: str | None = None) -> str:
    """A field of a document in Chinese: `name` of a licence -> `企业名称`."""
    if doc_type and f"{doc_type}.{name}" in labels()["fields_by_type"]:
        return labels()["fields_by_type"][f"{doc_type}.{name}"]
    return labels()["fields"].get(name, name)


def quality_label(signal: str) -> str:
    """`over_exposed` -> `过曝`."""
    return labels()["quality"].get(signal, signal)


def evidence_label(source: str) -> str:
    """`check_digit` -> `校验码`."""
    return labels()["evidence"].get(source, source)


def rule_label(rule: str) -> str:
    """What a rule checks, in Chinese; the rule id itself when no label is known."""
    return labels()["rules"].get(rule, rule)


def severity_label(severity: str) -> str:
    """`review` -> `需复核`."""
    return labels()["severities"].get(severity, severity)


def verdict_label(verdict: str) -> str:
    """`review` -> `需人工复核`."""
    return labels()["verdicts"].get(verdict, verdict)


def matter_pack(report: dict) -> dict:
    """The rule pack a report was checked with, as JSON: the file its provenance names, else
    the packaged pack of its matter; empty when neither can be read."""
    path = report.get("provenance", {}).get("rules_file")
    if path:
        try:
            return json.loads(Path(path).read_text("utf-8"))
        except (OSError, ValueError):
            pass
    matter = report.get("matter")
    try:
        pack = load_packs(None).get(matter) if matter else None
    except Exception:  # noqa: BLE001 - a broken $PREREVIEW_RULES must not stop a report
        pack = None
    return {"title": pack.title, "documents": pack.documents} if pack else {}


def matter_title(report: dict) -> str:
    """The matter as the pack titles it, in Chinese: `住房公积金提取`."""
    title = matter_pack(report).get("title")
    if title:
        return chinese_part(title)
    return report.get("matter") or "未指定事项"


def value_label(key: str, value: str) -> str:
    """A compared value as a clerk reads it: a missing document type or a registry status in
    Chinese; any other value as it is."""
    if key == "missing":
        return document_label(value)
    if key.endswith("status"):
        return status_wording(value).zh
    if key == "quality":
        return "、".join(quality_label(flag) for flag in value.split(",") if flag)
    if key == "today":
        return chinese_date(value)
    if key == "signal":
        return labels()["rules"].get(f"authenticity.{value}", value)
    return value
