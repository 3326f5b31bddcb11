"""Every page a clerk or an applicant reads, rendered in headless Chromium, carries no English
word outside an allow-list: rule ids, file names, case names and matter ids, field keys,
codes and digests, the engine's name and the `decide` command lines. Pages: report.html of
sample cases of each kind (with the decisions section after `decide`), notice.html of both
kinds, summary.html."""

import re

import pytest
from typer.testing import CliRunner

from prereview.cli.app import app
from prereview.records import FIELDS_BY_TYPE
from prereview.rules import load_packs

from ..acceptance.browser import batched_samples

CASES = (
    "housing-unreadable-scan",  # review; an unreadable upload
    "housing-owner-not-applicant",  # fail; 补正
    "housing-seized",  # fail; 不予受理, registry status
    "subsidy-revoked",  # fail; 不予受理, enterprise status
    "premises-other-paper",  # another kind of paper
    "no-matter",  # no matter given
    "id-blurred-ok",  # pass with a quality flag
    "housing-id-copy-page",  # review; an authenticity signal (a grey photocopy)
)
DECIDED = "housing-unreadable-scan"
# Words that are names, not language: standards, file kinds, the OCR engine and its backend.
ALLOWED_WORDS = {"GB", "PDF", "JPG", "JPEG", "PNG", "TIFF", "OCR"} | {
    "rapidocr", "tesseract", "openvino", "onnxruntime", "f32", "bf16"}  # fmt: skip
IDS = re.compile(
    r"\S+\.(?:jpe?g|png|pdf|tiff?|json|jsonl|csv|html)(?:#[\w-]+)?"  # file names, anchors
    r"|\b[a-z_]+(?:\.[a-z_0-9]+)+\b"  # rule ids, dotted field keys
    r"|\b[a-z0-9]+(?:_[a-z0-9]+)+\b"  # field keys
    r"|\b[0-9a-f]{16,}\b"  # digests
    r"|\b\w*\d\w*\b",  # codes and numbers with letters: credit codes, unit numbers, 3.0px
    re.IGNORECASE,
)
WORD = re.compile(r"[A-Za-z]{2,}")
pytestmark = pytest.mark.engines


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    """A batch over the cases, then a clerk's `return` on one of them."""
    out = batched_samples(tmp_path_factory.mktemp("english-words"), CASES)
    result = CliRunner().invoke(app, ["decide", DECIDED, "--out", str(out), "--decision", "return",
                                      "--clerk", "C042", "--reason", "请补交清晰的身份证扫描件"])  # fmt: skip
    assert result.exit_code == 0, result.output
    return out


def _known_names() -> set[str]:
    """Case names, matter ids and field keys: identifiers a page may show as they are."""
    fields = {name for names in FIELDS_BY_TYPE.values() for name in names}
    return set(CASES) | set(load_packs(None)) | fields


def english_words(browser, page) -> list[str]:
    """The English words on the rendered page, each with a little of its context."""
    browser.open(page, 1366, 900)
    text = browser.evaluate("""(() => {
        let text = document.body.innerText;
        // The decide hints are shell commands to paste: machine text, not language.
        for (const code of document.querySelectorAll('code'))
            if (code.innerText.startsWith('prereview ')) text = text.replace(code.innerText, '');
        return text; })()""")
    known = _known_names()
    text = re.sub(r"[\w-]+", lambda m: "" if m.group(0) in known else m.group(0), text)
    text = IDS.sub("", text)
    return [
        f"{found.group(0)} in …{text[max(0, found.start() - 20) : found.end() + 20]}…"
        for found in WORD.finditer(text)
        if found.group(0) not in ALLOWED_WORDS
    ]


def test_the_allow_list_lets_ids_through_and_catches_words(browser, tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<!doctype html><meta charset=utf-8><p>机器结论：通过 PASS <code>id.expired</code>"
        " IMG_0001.jpg housing-seized business_term_until 91110105MAM52KAM05 GB 11643</p>"
        "<code>prereview decide housing-seized --decision pass</code><p>过暗 too dark</p>",
        "utf-8",
    )
    found = english_words(browser, page)
    assert [word.split(" ", 1)[0] for word in found] == ["PASS", "too", "dark"], found


def test_the_decided_case_shows_the_decision(browser, out):
    browser.open(out / DECIDED / "report.html", 1366, 900)
    assert "C042" in browser.evaluate("document.body.innerText")


@pytest.mark.parametrize("case", CASES)
def test_report_page_has_no_english_word(browser, out, case):
    assert english_words(browser, out / case / "report.html") == []


@pytest.mark.parametrize("case", ("housing-owner-not-applicant", "housing-seized", DECIDED))
def test_notice_has_no_english_word(browser, out, case):
    assert (out / case / "notice.html").is_file()
    assert english_words(browser, out / case / "notice.html") == []


def test_summary_has_no_english_word(browser, out):
    assert english_words(browser, out / "summary.html") == []
