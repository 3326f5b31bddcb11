"""The HTML report a clerk opens in a browser: verdict, findings, then each page with the
boxes of its fields (red where a failed rule used them)."""

from __future__ import annotations

import base64
from pathlib import Path

import cv2
import numpy as np
from jinja2 import Environment, PackageLoader, select_autoescape

from ..classify import type_label
from ..records import FAIL, CaseReport
from .json import report_to_dict, write_atomically

VERDICT_LABELS = {"pass": "通过 PASS", "fail": "不通过 FAIL", "review": "需人工复核 REVIEW"}
SEVERITY_LABELS = {"fail": "不通过 fail", "review": "复核 review", "info": "提示 info"}


def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("prereview.report"), autoescape=select_autoescape(["html", "j2"])
    )


def render_html(report: CaseReport, mask: bool = True) -> str:
    """The report as one self-contained HTML page (images inline)."""
    data = report_to_dict(report, mask)
    failed_fields = {
        name for finding in report.findings if finding.severity == FAIL for name in finding.fields
    }
    template = _environment().get_template("report.html.j2")
    return template.render(
        report=data,
        verdict_label=VERDICT_LABELS[report.verdict],
        severity_labels=SEVERITY_LABELS,
        type_label=type_label,
        failed_fields=failed_fields,
        pages=_pages(report, data, failed_fields),
    )


def write_html(path: Path, report: CaseReport, mask: bool = True) -> None:
    """Write the HTML report atomically."""
    write_atomically(path, render_html(report, mask).encode("utf-8"))


def _page_of(source: str) -> str:
    return source.split("#d")[0]


def _pages(report: CaseReport, data: dict, failed_fields: set[str]) -> list[dict]:
    pages: dict[str, dict] = {}
    for document in data["documents"]:
        page = pages.setdefault(
            _page_of(document["source"]), {"source": _page_of(document["source"]), "documents": []}
        )
        page["documents"].append(document)
    for source, page in pages.items():
        preview = report.previews.get(source)
        page.update(image=None, boxes=[])
        if preview is None or not preview.jpeg:
            continue
        decoded = cv2.imdecode(np.frombuffer(preview.jpeg, np.uint8), cv2.IMREAD_COLOR)
        page.update(
            image=base64.b64encode(preview.jpeg).decode("ascii"),
            width=decoded.shape[1],
            height=decoded.shape[0],
            boxes=_boxes(page["documents"], preview.scale, failed_fields),
        )
    return list(pages.values())


def _boxes(documents: list[dict], scale: float, failed_fields: set[str]) -> list[dict]:
    boxes = []
    for document in documents:
        for name, field in document["fields"].items():
            x0, y0, x1, y1 = (round(value * scale) for value in field["box"])
            failed = f"{document['type']}.{name}" in failed_fields
            boxes.append(
                {
                    "x": x0,
                    "y": y0,
                    "w": x1 - x0,
                    "h": y1 - y0,
                    "label": name,
                    "color": "#d50000" if failed else "#1565c0",
                }
            )
    return boxes
