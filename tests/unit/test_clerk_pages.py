"""The clerk's pages without OCR: labels, masked differences, the notice's items, the order
and masking of findings in report.html."""

import re

import pytest

from prereview.records import CaseReport, Document, Field, Finding
from prereview.report.html import render_html
from prereview.report.labels import field_label, labels, matter_title
from prereview.report.masking import id_difference, masked_difference, without_dates
from prereview.report.notice import notice_items, render_notice

from ..conftest import ROOT

CARD = "330106196308315835"  # made up, valid check digit
CARD_OTHER_BIRTH = "330106196312155836"


def test_where_two_id_numbers_differ_without_the_digits():
    said = id_difference(CARD, CARD_OTHER_BIRTH)
    assert "出生日期码" in said and "校验码" in said
    assert "19631215" not in said and "19630831" not in said
    assert "顺序码" not in said and "地址码" not in said
    assert id_difference(CARD, CARD[:-1] + "0").startswith("校验码")
    assert id_difference("1234", CARD) is None


def test_a_printed_birth_date_against_the_number_says_which_part_differs():
    said = masked_difference(
        {"id_card_front.birth_date": "1963-12-31", "id_card_front.id_number": CARD}
    )
    assert said.endswith("：月不同") and "12" not in said


def test_dates_are_taken_out_in_every_form():
    text = "出生日期1963-08-31，号码中19630831，即1963年8月31日"
    assert "1963" not in without_dates(text, {"1963-08-31"})


def test_every_documented_rule_id_has_a_chinese_label_and_a_notice_text():
    readme = (ROOT / "docs" / "clerk-guide.md").read_text("utf-8")
    table = readme[readme.index("Rule ids are stable") : readme.index("A division code")]
    documented = set(
        re.findall(r"`((?:case|id|licence|deed|schema|consistency|registry)\.[a-z_]+)`", table)
    )
    assert len(documented) > 40
    assert documented <= set(labels()["rules"])
    noticed = set(labels()["notice"]) | set(labels()["notice_skip"])
    assert not {rule for rule in documented if rule not in noticed} - {
        "case.unknown_matter",
        "case.no_registry",
        "case.error",
        "case.timeout",
    }


def test_field_labels_are_chinese():
    assert field_label("id_card_front.birth_date") == "居民身份证（人像面）·出生日期"
    assert field_label("declared.enterprise.name") == "申报·企业·姓名/名称"
    assert field_label("business_licence.name") == "企业名称"


def report_dict(findings):
    return {
        "case": "c1",
        "matter": "housing-fund-withdrawal",
        "verdict": "fail",
        "documents": [{"source": "a.jpg", "type": "id_card_front", "fields": {}}],
        "findings": findings,
        "provenance": {"review_date": "2026-11-24", "inputs": {}},
    }


def finding(rule, severity="fail", **extra):
    return {"rule": rule, "severity": severity, "message": "m", "documents": [], "fields": [],
            "values": {}, **extra}  # fmt: skip


def test_notice_items_use_the_pack_and_leave_out_rule_ids_info_and_overruled():
    report = report_dict(
        [
            finding("id.expired", documents=["a.jpg"]),
            finding("case.missing_document", "review", values={"missing": "property_deed"}),
            finding("id.division_code", "info"),
            finding("registry.property_status"),
        ]
    )
    items = notice_items(report, overruled={"registry.property_status"})
    assert items[0].text.startswith("身份证已过有效期")
    assert "缺少不动产权证书" in items[1].text
    assert len(items) == 2
    page = render_notice(report, [], None)
    assert "草稿" in page and "住房公积金提取" in page
    assert not re.search(r"[a-z]+\.[a-z_]+", re.sub(r"<[^>]+>|\{[^}]*\}", "", page))
    assert matter_title(report) == "住房公积金提取"


@pytest.fixture
def case_report():
    front = Document(
        "a.jpg",
        "id_card_front",
        {
            "birth_date": Field("1963-12-31", 0.99, (0, 0, 10, 10)),
            "id_number": Field(CARD, 0.99, (0, 20, 10, 30), ("check_digit",)),
        },
    )
    return CaseReport(
        case="c1",
        matter="id-verification",
        verdict="fail",
        documents=(front,),
        findings=(
            Finding("id.division_code", "info", "地址码存疑", ("a.jpg",)),
            Finding("case.low_confidence", "review", "置信度低", ("a.jpg",)),
            Finding(
                "id.birth_date_mismatch",
                "fail",
                "出生日期1963-12-31与号码中的出生日期1963-08-31不一致",
                ("a.jpg",),
                ("id_card_front.birth_date", "id_card_front.id_number"),
                {"id_card_front.birth_date": "1963-12-31", "id_card_front.id_number": CARD},
            ),
        ),
        provenance={"review_date": "2026-11-24", "engine": "rapidocr", "inputs": {}},
    )


def test_report_orders_findings_and_masks_birth_dates(case_report):
    page = render_html(case_report, mask=True)
    text = re.sub(r"<[^>]+>", "", page)
    assert "1963-12-31" not in text and "1963-08-31" not in text and CARD not in text
    assert (
        text.index("出生日期与身份证号码不符")
        < text.index("识别置信度低")
        < text.index("行政区划代码存疑")
    )
    assert "：月不同" in text and "居民身份核验" in text and "校验码" in text
    assert "✗ 出生日期" in text  # a failed field is marked by more than colour


def test_unmasked_report_shows_the_values(case_report):
    text = re.sub(r"<[^>]+>", "", render_html(case_report, mask=False))
    assert CARD in text and "1963-08-31" in text


def test_an_authenticity_finding_tells_the_clerk_what_to_check_and_marks_no_difference():
    from prereview.report.clerk_checks import clerk_check
    from prereview.report.html import marked_values

    finding = Finding(
        "authenticity.photocopy",
        "review",
        "copy.jpg（居民身份证（人像面））疑似复印件或黑白扫描件，请核对原件（彩色）。",
        ("copy.jpg",),
        values={"signal": "photocopy", "score": "1.00"},
    )
    assert "原件" in clerk_check(finding) and clerk_check(finding) != "请查看相关材料的原件。"
    assert marked_values(finding.values, mask=True) == []
    assert field_label("signal") == "信号" and "signal" not in field_label("score")
    for rule in ("screen", "edited", "no_seal"):
        check = clerk_check(Finding(f"authenticity.{rule}", "review", "", ("a.jpg",)))
        assert check != "请查看相关材料的原件。"
