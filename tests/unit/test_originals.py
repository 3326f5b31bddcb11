"""Authenticity signals -> findings: review when the pack requires originals, info otherwise;
only raised signals; the notice asks for the original's colour scan or photo."""

from __future__ import annotations

import random
from dataclasses import replace

import cv2
import numpy as np

from prereview.authenticity import document_signals, file_signals, page_signals
from prereview.originals import originals_findings
from prereview.records import INFO, REVIEW, Document, Signal
from prereview.report.notice import notice_items
from prereview.rules import load_packs
from prereview.samples import render
from prereview.samples.degrade import photocopy, to_bgr
from prereview.samples.identities import make_enterprise, make_person


def _licence(signals: tuple[Signal, ...]) -> Document:
    return Document("licence.jpg", "business_licence", authenticity=signals)


def _pack(required: bool):
    pack = load_packs(None)["business-premises"]
    return replace(pack, originals_required=required)


def test_every_packaged_pack_requires_originals():
    assert all(pack.originals_required for pack in load_packs(None).values())


def test_a_raised_signal_is_review_when_originals_are_required_and_info_otherwise():
    document = _licence((Signal("photocopy", 1.0, "色度第99百分位 3", True),))
    required = originals_findings(_pack(True), [document])
    optional = originals_findings(_pack(False), [document])
    unknown = originals_findings(None, [document])
    assert [f.severity for f in required] == [REVIEW]
    assert [f.severity for f in optional] == [INFO]
    assert [f.severity for f in unknown] == [INFO]
    assert required[0].rule == "authenticity.photocopy"
    assert "色度第99百分位 3" in required[0].message
    assert required[0].message_en and "photocopy" in required[0].message_en
    assert not any("photocopy" in f.message for f in required)


def test_only_signals_past_their_threshold_and_about_the_original_make_findings():
    document = _licence(
        (
            Signal("screen", 0.6, "峰值 11", False),
            Signal("no_seal", 0.8, "印章红色像素占比 0.04%", True),
            Signal("not_a_document", 1.0, "无文字", True),
        )
    )
    findings = originals_findings(_pack(True), [document])
    assert [f.rule for f in findings] == ["authenticity.no_seal"]


def test_a_grey_copy_of_a_real_licence_render_is_found_and_the_colour_one_is_not():
    person = make_person(random.Random(5), birth_range=(1960, 1970))
    image, _ = render.render_licence(make_enterprise(random.Random(4), person))
    colour = to_bgr(image)
    grey = photocopy(colour, np.random.default_rng(1))
    files = file_signals(cv2.imencode(".jpg", colour)[1].tobytes())

    def findings(pixels):
        signals = document_signals("business_licence", page_signals(pixels), files, pixels)
        return originals_findings(_pack(True), [_licence(signals)])

    assert [f.rule for f in findings(grey)] == ["authenticity.photocopy"]
    assert findings(colour) == []


def test_the_notice_asks_for_a_colour_scan_or_photo_of_the_original():
    document = _licence(
        (Signal("edited", 1.0, "文件元数据写明由图像编辑软件保存：Adobe Photoshop", True),)
    )
    findings = originals_findings(_pack(True), [document])
    report = {
        "case": "c1",
        "matter": "business-premises",
        "verdict": "review",
        "documents": [{"source": "licence.jpg", "type": "business_licence", "fields": {}}],
        "findings": [report_to_dict_finding(f) for f in findings],
        "provenance": {"review_date": "2026-12-08", "inputs": {}},
    }
    items = notice_items(report, overruled=set())
    assert len(items) == 1
    assert "营业执照" in items[0].text and "原件的彩色扫描件或照片" in items[0].text
    assert "licence.jpg" in items[0].text
    assert items[0].remedy == "supplement"


def report_to_dict_finding(finding) -> dict:
    return {
        "rule": finding.rule,
        "severity": finding.severity,
        "message": finding.message,
        "documents": list(finding.documents),
        "fields": list(finding.fields),
        "values": dict(finding.values),
    }
