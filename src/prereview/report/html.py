"""The HTML report a clerk works from: verdict, decision history, findings (fail, review,
info) each beside the crop of the image region it rests on, then every page with the boxes
of its fields. Chinese first; every word a clerk reads comes from data/labels.json or the
pack."""

from __future__ import annotations

import base64
import difflib
import re
import shlex
from pathlib import Path

import cv2
import numpy as np
from jinja2 import Environment, PackageLoader, select_autoescape

from ..audit import decisions_for
from ..normalize import mask_text
from ..records import FAIL, INFO, SEVERITY_ORDER, CaseReport, Finding
from .clerk_checks import clerk_check, field_caption
from .json import report_to_dict, write_atomically
from .labels import (
    bare_field_label,
    chinese_part,
    document_label,
    evidence_label,
    field_label,
    matter_title,
    quality_label,
    rule_label,
    severity_label,
    value_label,
    verdict_label,
)
from .masking import (
    ID_NUMBER,
    MASKED_DATE,
    masked_difference,
)
from .times import beijing_time, chinese_date

CROP_MARGIN = 24  # preview pixels around a field's box
DECISIONS_START = "<!-- decisions -->"
DECISIONS_END = "<!-- /decisions -->"
DECISIONS_SECTION = re.compile(re.escape(DECISIONS_START) + ".*?" + re.escape(DECISIONS_END), re.S)


def environment() -> Environment:
    """The Jinja2 environment of the report templates, with the label functions."""
    env = Environment(
        loader=PackageLoader("prereview.report"), autoescape=select_autoescape(["html", "j2"])
    )
    env.globals.update(
        document_label=document_label,
        field_label=field_label,
        bare_field_label=bare_field_label,
        evidence_label=evidence_label,
        quality_label=quality_label,
        rule_label=rule_label,
        severity_label=severity_label,
        verdict_label=verdict_label,
        value_label=value_label,
        field_caption=field_caption,
        chinese_part=chinese_part,
    )
    env.filters.update(chinese_date=chinese_date, beijing_time=beijing_time)
    return env


def render_html(
    report: CaseReport, mask: bool = True, decisions: list[dict] = (), out: Path | None = None
) -> str:
    """The report as one self-contained HTML page (images inline); `out` is the folder the
    `decide` hint names."""
    data = report_to_dict(report, mask)
    failed_fields = wrong_fields(report.findings)
    anchors = {
        document["source"]: f"doc-{index}" for index, document in enumerate(data["documents"])
    }
    return (
        environment()
        .get_template("report.html.j2")
        .render(
            report=data,
            matter_title=matter_title(data),
            failed_fields=failed_fields,
            anchors=anchors,
            findings=_findings(report, data, anchors, mask),
            pages=_pages(report, data, failed_fields),
            decisions=decision_rows(data, decisions),
            decide_hints=decide_hints(report.case, out),
        )
    )


def wrong_fields(findings: tuple[Finding, ...]) -> set[str]:
    """The fields a `fail` finding found wrong: its first field, the value it tests (the
    others are what it is compared with, such as the licence name the registry confirms)."""
    return {
        finding.fields[0] for finding in findings if finding.severity == FAIL and finding.fields
    }


def decide_hints(case: str, out: Path | None) -> list[tuple[str, str]]:
    """The `decide` command for each decision, shell-quoted so that it runs when pasted;
    the clerk puts their number in place of 工号 and the reason in place of 理由."""
    folder = str(out.resolve()) if out is not None else "OUT"
    return [
        (label, shlex.join(["prereview", "decide", case, "--out", folder, "--decision", decision])
         + " --clerk 工号 --reason 理由")
        for decision, label in (("pass", "通过"), ("return", "退回补正"), ("fail", "不通过"))
    ]  # fmt: skip


def write_html(path: Path, report: CaseReport, mask: bool = True) -> None:
    """Write the HTML report atomically, with the decisions already taken on the case."""
    out = out_root(path.parent, report.case)
    decisions = decisions_for(out, report.case)
    write_atomically(path, render_html(report, mask, decisions, out).encode("utf-8"))


def out_root(folder: Path, case: str) -> Path:
    """OUT from OUT/<case>/ (a batch case is a relative path of several parts)."""
    return folder.parents[len(Path(case).parts) - 1] if Path(case).parts else folder


def decision_rows(report: dict, decisions: list[dict]) -> list[dict]:
    """The decisions with a flag when they were taken on other inputs than this report's."""
    inputs = report.get("provenance", {}).get("inputs", {})
    return [dict(entry, older_inputs=entry.get("inputs") != inputs) for entry in decisions]


def render_decisions(report: dict, decisions: list[dict], out: Path | None = None) -> str:
    """The verdict banner and the decision history alone, as report.html.j2 renders them."""
    template = environment().get_template("decisions.html.j2")
    return template.render(
        report=report,
        decisions=decision_rows(report, decisions),
        decide_hints=decide_hints(report["case"], out),
    )


def splice_decisions(path: Path, report: dict, decisions: list[dict]) -> None:
    """Replace the decision history of an existing report.html (the rest of it, images
    included, is not rebuilt: `decide` has only report.json)."""
    if not path.is_file():
        return
    page = path.read_text("utf-8")
    section = render_decisions(report, decisions, out_root(path.parent, report["case"]))
    if DECISIONS_SECTION.search(page):
        write_atomically(path, DECISIONS_SECTION.sub(lambda _: section, page, count=1).encode())


def _findings(report: CaseReport, data: dict, anchors: dict, mask: bool) -> list[dict]:
    rows = []
    for finding, shown in zip(report.findings, data["findings"], strict=True):
        rows.append(
            dict(
                shown,
                clerk_check=clerk_check(finding) if finding.severity != INFO else None,
                difference=masked_difference(finding.values) if mask else None,
                marked=marked_values(finding.values, mask),
                crops=_crops(report, finding),
                links=[
                    (source, anchors[source]) for source in finding.documents if source in anchors
                ],
            )
        )
    return sorted(rows, key=lambda row: SEVERITY_ORDER.get(row["severity"], 3))


def _crops(report: CaseReport, finding: Finding) -> list[dict]:
    """The image regions a finding rests on: the boxes of its fields on its documents, else
    the whole page of each of its documents."""
    crops = []
    for document in report.documents:
        if document.source not in finding.documents and not _uses(finding, document.type):
            continue
        preview = report.previews.get(_page_of(document.source))
        if preview is None or not preview.jpeg:
            continue
        boxes = [
            found.box
            for name, found in document.fields.items()
            if f"{document.type}.{name}" in finding.fields
        ]
        if not boxes and document.source not in finding.documents:
            continue
        region = _union(boxes) if boxes else None
        margin = CROP_MARGIN / preview.scale
        image = _crop(preview.jpeg, preview.scale, region, margin)
        if image:
            caption = (
                document_label(document.type)
                + "·"
                + ("、".join(_field_names(finding, document.type)) if boxes else "整页")
            )
            crops.append(
                {
                    "image": image,
                    "full": _crop(preview.detail, preview.detail_scale, region, margin) or image,
                    "caption": caption,
                    "source": document.source,
                    "alt": f"{caption}的图像（{document.source}）",
                }
            )
    return crops


# Values that are no reading of a field (an authenticity signal's name and score among them).
UNMARKED = frozenset({"missing", "today", "quality", "looks_like", "matter", "signal", "score"})


def marked_values(values: dict[str, str], mask: bool) -> list[dict]:
    """The two values a finding compares, character by character with the differing ones
    flagged, masked as the page is (a hidden digit that differs shows as a flagged *).
    An ID number against a printed birth date compares the number's digits 7-14."""
    # A status or the review date is no second reading of the same value: nothing to mark.
    pairs = [
        (key, value)
        for key, value in values.items()
        if key not in UNMARKED and not key.endswith("status") and value
    ]
    if len(pairs) != 2:
        return []
    (left_key, left), (right_key, right) = pairs
    if ID_NUMBER.match(left) and _is_date(right):
        right_flags, left_flags = _date_against_number(right, left)
    elif _is_date(left) and ID_NUMBER.match(right):
        left_flags, right_flags = _date_against_number(left, right)
    else:
        left_flags, right_flags = _differing(left, right)
    if not any(left_flags) and not any(right_flags):
        return []
    return [
        {
            "label": field_caption(key),
            "chars": list(zip(_shown(key, text, mask), flags, strict=True)),
        }
        for key, text, flags in ((left_key, left, left_flags), (right_key, right, right_flags))
    ]


def _is_date(text: str) -> bool:
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", text))


def _date_against_number(date: str, number: str) -> tuple[list[bool], list[bool]]:
    encoded = f"{number[6:10]}-{number[10:12]}-{number[12:14]}"
    date_flags = [a != b for a, b in zip(date, encoded, strict=True)]
    # Digits 7-14 of the number are the date without its dashes.
    digit_flags = [flag for char, flag in zip(date, date_flags, strict=True) if char != "-"]
    number_flags = [False] * 6 + digit_flags + [False] * (len(number) - 14)
    return date_flags, number_flags


def _differing(left: str, right: str) -> tuple[list[bool], list[bool]]:
    left_flags, right_flags = [True] * len(left), [True] * len(right)
    matcher = difflib.SequenceMatcher(None, left, right, autojunk=False)
    for block in matcher.get_matching_blocks():
        left_flags[block.a : block.a + block.size] = [False] * block.size
        right_flags[block.b : block.b + block.size] = [False] * block.size
    return left_flags, right_flags


def _shown(key: str, text: str, mask: bool) -> str:
    """The value as the page shows it: ID numbers and birth dates masked, character for
    character (so flags keep their positions)."""
    if not mask:
        return text
    if ID_NUMBER.match(text):
        return mask_text(text)
    if key.endswith("birth_date") and _is_date(text):
        return MASKED_DATE
    return text


def _uses(finding: Finding, doc_type: str) -> bool:
    return any(name.startswith(doc_type + ".") for name in finding.fields) and not finding.documents


def _field_names(finding: Finding, doc_type: str) -> list[str]:
    return [
        bare_field_label(name.split(".", 1)[1], doc_type)
        for name in finding.fields
        if name.startswith(doc_type + ".")
    ]


def _union(boxes: list[tuple[int, int, int, int]]) -> tuple[int, int, int, int]:
    return (
        min(box[0] for box in boxes),
        min(box[1] for box in boxes),
        max(box[2] for box in boxes),
        max(box[3] for box in boxes),
    )


def _crop(
    jpeg: bytes, scale: float, box: tuple[int, int, int, int] | None, margin: float
) -> str | None:
    """A JPEG (base64) of one region (original pixels, `margin` around it) of a page image
    `scale` times the original's size, masked as that image is."""
    if not jpeg:
        return None
    pixels = cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_COLOR)
    if pixels is None:
        return None
    if box is not None:
        height, width = pixels.shape[:2]
        margin = round(margin * scale)
        x0, y0, x1, y1 = (round(value * scale) for value in box)
        x0, y0 = max(0, x0 - margin), max(0, y0 - margin)
        x1, y1 = min(width, x1 + margin), min(height, y1 + margin)
        if x1 > x0 and y1 > y0:
            pixels = pixels[y0:y1, x0:x1]
    ok, encoded = cv2.imencode(".jpg", pixels, [cv2.IMWRITE_JPEG_QUALITY, 85])
    return base64.b64encode(encoded.tobytes()).decode("ascii") if ok else None


def _page_of(source: str) -> str:
    return source.split("#d")[0]


def _pages(report: CaseReport, data: dict, failed_fields: set[str]) -> list[dict]:
    pages: dict[str, dict] = {}
    for document in data["documents"]:
        page = pages.setdefault(
            _page_of(document["source"]), {"source": _page_of(document["source"]), "documents": []}
        )
        page["documents"].append(document)
    # The report's sources are masked (a file named after an ID number); the previews are not.
    previews = {mask_text(name): preview for name, preview in report.previews.items()}
    for source, page in pages.items():
        preview = report.previews.get(source) or previews.get(source)
        page.update(image=None, boxes=[])
        if preview is None or not preview.jpeg:
            continue
        decoded = cv2.imdecode(np.frombuffer(preview.jpeg, np.uint8), cv2.IMREAD_COLOR)
        if decoded is None:
            continue
        page.update(
            image=base64.b64encode(preview.jpeg).decode("ascii"),
            width=decoded.shape[1],
            height=decoded.shape[0],
            boxes=_boxes(page["documents"], preview.scale, failed_fields),
            alt="、".join(document_label(d["type"]) for d in page["documents"])
            + f"的扫描图像（{source}）",
        )
    return list(pages.values())


def _boxes(documents: list[dict], scale: float, failed_fields: set[str]) -> list[dict]:
    boxes = []
    for document in documents:
        for name, field in document["fields"].items():
            x0, y0, x1, y1 = (round(value * scale) for value in field["box"])
            boxes.append(
                {
                    "x": x0,
                    "y": y0,
                    "w": x1 - x0,
                    "h": y1 - y0,
                    "label": bare_field_label(name, document["type"]),
                    "failed": f"{document['type']}.{name}" in failed_fields,
                }
            )
    return boxes
