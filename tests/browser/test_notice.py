"""notice.html in headless Chromium over sample cases checked by `batch`: the kind chosen by
remedy, every legal element on both kinds, no item twice, one A4 page in print, no notice
where the applicant has nothing to do, and `decide` numbering the issued notices 1 then 2."""

import json
import re

import pypdfium2
import pytest
from typer.testing import CliRunner

from prereview.cli.app import app

from ..acceptance.browser import batched_samples

SUPPLEMENT_CASES = ("housing-owner-not-applicant", "housing-unreadable-scan")
REJECT_CASES = ("housing-seized", "subsidy-revoked")
NONE_CASES = ("no-matter", "id-verification-ok")
ELEMENTS = ("number", "applicant", "matter", "application-date", "items", "contact", "seal",
            "authority", "notice-date", "clerk", "applicant-sign", "copies")  # fmt: skip
DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")
pytestmark = pytest.mark.engines


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    """A batch over the sample cases of each kind, with no settings file in force."""
    return batched_samples(
        tmp_path_factory.mktemp("notices"), SUPPLEMENT_CASES + REJECT_CASES + NONE_CASES
    )


def text_of(browser, out, case) -> dict[str, str]:
    browser.open(out / case / "notice.html", 1366, 900)
    return browser.evaluate(
        "Object.assign({title: document.querySelector('h1').innerText,"
        " body: document.body.innerText}, Object.fromEntries([...document.querySelectorAll("
        "'[data-element]')].map(e => [e.dataset.element, e.innerText])))"
    )


@pytest.mark.parametrize("case", SUPPLEMENT_CASES + REJECT_CASES)
def test_every_legal_element_is_on_the_notice(browser, out, case):
    page = text_of(browser, out, case)
    assert set(ELEMENTS) <= set(page)
    assert page["number"] == "文号：未编号" and "草稿" in page["body"]
    assert page["applicant"].removeprefix("申请人：").strip() not in ("", "＿＿＿＿＿＿")
    assert page["matter"] == "申请事项：住房公积金提取" or "企业" in page["matter"]
    assert DATE.search(page["application-date"]) and DATE.search(page["notice-date"])
    # No settings file: the authority, its seal and where to hand in are marked blanks.
    assert "＿＿＿＿＿＿" in page["authority"] and "机关印章" in page["seal"]
    assert page["contact"].count("＿＿＿＿＿＿") == 3
    assert "承办人（签字）" in page["clerk"] and "工号" in page["clerk"]
    assert "申请人（签字）" in page["applicant-sign"] and "一式两份" in page["copies"]
    # File names the applicant uploaded are allowed; no other English.
    assert not re.search(r"[A-Za-z]{3,}", re.sub(r"“[^”]*\.(?:jpe?g|png|pdf)”", "", page["body"]))
    rows = page["items"].splitlines()[1:]
    assert rows and len(rows) == len(set(rows))


@pytest.mark.parametrize("case", SUPPLEMENT_CASES)
def test_a_supplement_notice_cites_article_32_and_a_deadline(browser, out, case):
    page = text_of(browser, out, case)
    assert page["title"] == "补正材料通知书（一次性告知）"
    assert "《中华人民共和国行政许可法》第三十二条" in page["body"]
    assert "自收到本通知书之日起＿＿个工作日内" in page["deadline"]
    assert "予以受理" in page["deadline"]
    assert "原件" in page["items"] and "复印件" in page["items"]


def test_an_unreadable_upload_and_the_missing_deed_are_one_item(browser, out):
    page = text_of(browser, out, "housing-unreadable-scan")
    rows = page["items"].splitlines()[1:]
    assert len(rows) == 1 and "不动产权证书" in rows[0] and "无法识别" in rows[0]


@pytest.mark.parametrize("case", REJECT_CASES)
def test_a_reject_notice_states_the_reason_and_both_rights(browser, out, case):
    page = text_of(browser, out, case)
    assert page["title"] == "不予受理通知书"
    assert "不允许办理" in page["items"]
    assert "六十日内" in page["rights"] and "《中华人民共和国行政复议法》" in page["rights"]
    assert "六个月内" in page["rights"] and "《中华人民共和国行政诉讼法》" in page["rights"]
    assert "补正" not in page["items"]


@pytest.mark.parametrize("case", NONE_CASES)
def test_no_notice_where_the_applicant_has_nothing_to_do(out, case):
    assert (out / case / "report.json").is_file()
    assert not (out / case / "notice.html").exists()


@pytest.mark.parametrize("case", ("housing-owner-not-applicant", "housing-seized"))
def test_the_notice_fits_one_a4_page(browser, out, case):
    browser.open(out / case / "notice.html", 794, 1123)
    assert len(pypdfium2.PdfDocument(browser.pdf())) == 1


def test_decide_issues_the_notices_numbered_1_then_2(browser, out, tmp_path, monkeypatch):
    settings = tmp_path / "prereview.toml"
    settings.write_text('[office]\nname = "某市政务服务中心"\nshort_name = "某政服"\n'
                        'deadline_days = 5\nreconsideration_body = "某市人民政府"\n',
                        encoding="utf-8")  # fmt: skip
    monkeypatch.setenv("PREREVIEW_CONFIG", str(settings))
    runner = CliRunner()
    for case, decision in (("housing-owner-not-applicant", "return"), ("housing-seized", "fail")):
        result = runner.invoke(app, ["decide", case, "--out", str(out),
                                     "--decision", decision, "--clerk", "C042"])  # fmt: skip
        assert result.exit_code == 0, result.output
        assert "已出具" in result.output
    first = text_of(browser, out, "housing-owner-not-applicant")
    second = text_of(browser, out, "housing-seized")
    assert first["number"] == "某政服〔2026〕1号" or first["number"].endswith("〕1号")
    assert second["number"].startswith("某政服〔") and second["number"].endswith("〕2号")
    assert "草稿" not in first["body"] and "C042" in first["clerk"]
    assert "5个工作日内" in first["deadline"] and "某市人民政府" in second["rights"]
    log = [json.loads(line) for line in (out / "audit.jsonl").read_text("utf-8").splitlines()]
    assert [entry["notice_sequence"] for entry in log] == [1, 2]
    assert log[1]["notice_number"] == second["number"]
