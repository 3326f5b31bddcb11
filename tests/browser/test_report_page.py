"""report.html as a clerk reads it, in headless Chromium: Chinese-only headings, captioned
crops at least twice the old 108 px opening at full resolution, the ✗ only on the tested
value, the clerk's decision in the banner after `decide`, and a `decide` hint that runs when
pasted into a shell."""

import os
import re
import subprocess
import sys

import pytest

from ..acceptance.browser import batched_samples

SAMPLE_CASES = ("id-birth-date-mismatch", "housing-unreadable-scan", "subsidy-different-legal-rep")
pytestmark = pytest.mark.engines


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    return batched_samples(tmp_path_factory.mktemp("report-page"), SAMPLE_CASES)


def test_headings_are_chinese_only(browser, out):
    for name in SAMPLE_CASES:
        browser.open(out / name / "report.html", 1366, 900)
        headings = browser.evaluate(
            "[...document.querySelectorAll('h1,h2,h3')].map(h => h.innerText)"
        )
        for heading in headings:
            # The case name and file names are the only Latin text a heading may carry.
            text = heading.replace(name, "")
            text = re.sub(r"\S+\.(jpg|jpeg|png|pdf|tif|tiff)(#d\d+)?", "", text, flags=re.I)
            assert not re.search(r"[A-Za-z]{2,}", text), heading


def test_crops_are_large_captioned_and_open_at_full_resolution(browser, out):
    browser.open(out / "id-birth-date-mismatch" / "report.html", 1366, 900)
    crops = browser.evaluate("""[...document.querySelectorAll('.finding figure.crop')].map(f => ({
        width: f.querySelector('img').getBoundingClientRect().width,
        caption: f.querySelector('figcaption').innerText,
        target: f.querySelector('a').getAttribute('href')}))""")
    assert crops
    for crop in crops:
        assert crop["width"] >= 216, crop
        assert "居民身份证" in crop["caption"] and "出生日期" in crop["caption"], crop
        zoom = crop["target"]
        browser.evaluate(f"location.hash = '{zoom}'")
        shown = browser.evaluate(f"""(() => {{ const img = document.querySelector('{zoom} img');
            return [getComputedStyle(document.querySelector('{zoom}')).display,
                    img.naturalWidth, img.getBoundingClientRect().width]; }})()""")
        assert shown[0] == "flex", shown
        thumb = browser.evaluate("document.querySelector('.finding figure.crop img').naturalWidth")
        assert shown[1] >= thumb and shown[2] > crop["width"], shown


def test_differing_positions_are_marked_and_masked(browser, out):
    browser.open(out / "id-birth-date-mismatch" / "report.html", 1366, 900)
    marked = browser.evaluate(
        "[...document.querySelectorAll('.marked mark')].map(m => m.innerText)"
    )
    assert marked and set("".join(marked)) == {"*"}
    text = browser.evaluate("document.body.innerText")
    assert not re.search(r"\d{17}[\dX]", text)


def test_cross_mark_only_on_the_tested_value(browser, out):
    browser.open(out / "subsidy-different-legal-rep" / "report.html", 1366, 900)
    marked = browser.evaluate(
        "[...document.querySelectorAll('tr.failed td:first-child')].map(td => td.innerText)"
    )
    assert any("姓名" in label for label in marked), marked
    assert not any("法定代表人" in label for label in marked), marked


def test_decision_in_banner_after_pasted_decide_hint(browser, out, tmp_path):
    page = out / "housing-unreadable-scan" / "report.html"
    browser.open(page, 1366, 900)
    assert browser.evaluate("document.getElementById('human-decision')") is None
    hints = browser.evaluate("[...document.querySelectorAll('.hint code')].map(c => c.innerText)")
    hint = next(command for command in hints if "--decision return" in command)
    # Pasted as shown into a shell, with the clerk's number in place of 工号.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "prereview").write_text(
        f'#!/bin/sh\nexec {sys.executable} -m prereview.cli.app "$@"\n'
    )
    (bin_dir / "prereview").chmod(0o755)
    env = dict(os.environ, PATH=f"{bin_dir}:{os.environ['PATH']}")
    done = subprocess.run(["bash", "-c", hint.replace("工号", "C042").replace("理由", "'扫描件 不清'")], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    browser.open(page, 1366, 900)
    banner = browser.evaluate("document.getElementById('banner').innerText")
    assert "需人工复核" in banner and "人工决定：退回补正" in banner and "C042" in banner
    assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}", banner), banner
    assert "T" not in re.sub(r"[^\dT:+-]", "", banner)
