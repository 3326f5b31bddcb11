"""report.html, notice.html and summary.html in a real browser (headless Chromium over the
DevTools protocol): no sideways scrolling on a phone or on A4, a crop beside every finding
that rests on a document, no full ID number in masked pages, the verdict readable when
printed without backgrounds. Screenshots go to $PREREVIEW_SCREENSHOTS when it is set."""

import os
import re
from pathlib import Path

import pypdfium2
import pytest
from typer.testing import CliRunner

from prereview.cli.app import app

from .browser import A4_WIDTH_PX, batched_samples

# A fail with compared ID fields, a missing document, an unreadable scan, a pass.
SAMPLE_CASES = (
    "id-birth-date-mismatch",
    "id-missing-back",
    "housing-unreadable-scan",
    "id-verification-ok",
)
FULL_ID_NUMBER = re.compile(r"\d{17}[\dXx]")
VIEWS = {"desktop": (1366, 900, False), "phone": (390, 844, True)}
pytestmark = pytest.mark.engines


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    """A batch over four sample cases, and a clerk's decision on one of them."""
    out = batched_samples(tmp_path_factory.mktemp("pages"), SAMPLE_CASES)
    result = CliRunner().invoke(app, ["decide", "id-missing-back", "--out", str(out),
                                      "--decision", "return", "--clerk", "C042"])  # fmt: skip
    assert result.exit_code == 0, result.output
    return out


def pages(out):
    yield out / "summary.html"
    for name in SAMPLE_CASES:
        yield out / name / "report.html"
        if (out / name / "notice.html").exists():
            yield out / name / "notice.html"


def shots_dir() -> Path | None:
    folder = os.environ.get("PREREVIEW_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
    return Path(folder) if folder else None


def shot_name(page: Path, view: str) -> str:
    return f"{page.parent.name}-{page.stem}-{view}.png"


def test_no_horizontal_overflow_on_desktop_and_phone(browser, out):
    for page in pages(out):
        for view, (width, height, mobile) in VIEWS.items():
            browser.media("screen")
            browser.open(page, width, height, mobile)
            assert not browser.overflows(), f"{page} scrolls sideways at {width} px"
            if shots_dir():
                browser.screenshot(shots_dir() / shot_name(page, view))


def test_no_horizontal_overflow_at_a4_width_printed(browser, out):
    for page in pages(out):
        browser.media("print")
        # The printable width of A4 inside the pages' 12 mm side margins.
        browser.open(page, A4_WIDTH_PX - 2 * 46, 1123)
        assert not browser.overflows(), f"{page} is wider than A4"
    browser.media("screen")


def test_every_finding_on_a_document_has_its_crop(browser, out):
    for name in SAMPLE_CASES:
        browser.open(out / name / "report.html", 1366, 900)
        findings = browser.evaluate(
            "[...document.querySelectorAll('.finding')].map(f => ({"
            "documents: Number(f.dataset.documents),"
            "crops: [...f.querySelectorAll('.crop img')].filter(i => i.naturalWidth > 0 && i.alt).length,"
            "placeholder: !!f.querySelector('.nocrop')}))"
        )
        for finding in findings:
            if finding["documents"]:
                assert finding["crops"] >= 1, f"{name}: a finding without its crop"
            else:
                assert finding["placeholder"]
        if name != "id-verification-ok":
            assert findings, f"{name}: no findings shown"


def test_masked_pages_show_no_full_id_number(browser, out):
    for page in pages(out):
        browser.open(page, 1366, 900)
        text = browser.evaluate("document.body.innerText")
        assert not FULL_ID_NUMBER.search(text), f"{page} shows a full ID number"


def test_verdict_and_draft_read_when_printed_without_backgrounds(browser, out):
    expected = {
        "id-birth-date-mismatch/report.html": "不通过",
        "housing-unreadable-scan/report.html": "需人工复核",
        "id-verification-ok/report.html": "通过",
        "id-birth-date-mismatch/notice.html": "草稿",
        "id-missing-back/notice.html": "承办人",
    }
    for relative, words in expected.items():
        page = out / relative
        browser.open(page, 1366, 900)
        pdf = browser.pdf(background=False)
        document = pypdfium2.PdfDocument(pdf)
        first_page = document[0]
        text = first_page.get_textpage().get_text_range()
        assert words in text, f"{relative}: '{words}' not on the printed first page"
        assert first_page.get_size()[0] == pytest.approx(595, abs=2)  # A4 width in points
        if shots_dir():
            bitmap = first_page.render(scale=1).to_pil()
            bitmap.convert("L").save(shots_dir() / shot_name(page, "a4"))
        document.close()
    for name in SAMPLE_CASES:
        browser.media("print")
        browser.open(out / name / "report.html", A4_WIDTH_PX, 1123)
        # Without backgrounds the banner's text lies on white paper: it must be dark.
        colour = browser.evaluate("getComputedStyle(document.querySelector('.verdict')).color")
        assert max(int(c) for c in re.findall(r"\d+", colour)[:3]) < 100, f"{name}: {colour}"
    browser.media("screen")
    final_notice = (out / "id-missing-back" / "notice.html").read_text("utf-8")
    assert "草稿" not in final_notice


CONTRAST = """
(() => {
  const rgb = (text) => (text.match(/[\\d.]+/g) || []).map(Number);
  const luminance = ([r, g, b]) => {
    const linear = [r, g, b].map((c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2];
  };
  const background = (element) => {
    for (let e = element; e; e = e.parentElement) {
      const colour = rgb(getComputedStyle(e).backgroundColor);
      if (colour.length === 3 || colour[3] > 0) return colour.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const low = [];
  for (const element of document.querySelectorAll("body *")) {
    const own = [...element.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own || element.closest(".zoom") || element.offsetParent === null) continue;
    const [a, b] = [luminance(rgb(getComputedStyle(element).color)), luminance(background(element))];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < 4.5) low.push(`${element.tagName}.${element.className}: ${ratio.toFixed(2)}`);
  }
  return low;
})()
"""


def test_text_contrast_is_wcag_aa(browser, out):
    for page in pages(out):
        browser.open(page, 1366, 900)
        assert browser.evaluate(CONTRAST) == [], f"{page}: text below 4.5:1"
