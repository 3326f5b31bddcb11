"""Unit tests of the safety parts (issue 12): masking by pattern, escaping per sink, report
folder names, the per-case error report, RE2 patterns, limits from the environment."""

from __future__ import annotations

import subprocess
import sys
import time

import numpy as np
import pytest

from prereview.normalize import looks_like_id_number, mask_text, masked
from prereview.ocr import OcrEngine
from prereview.records import Document, SourceImage
from prereview.report.escape import console_markup, csv_cell, report_href, terminal_text
from prereview.report.paths import report_folder, safe_case_name
from prereview.report.preview import page_preview

NUMBER = "110105199003071239"


def test_mask_text_masks_a_number_anywhere_in_a_value():
    address = f"北京市朝阳区建国路1号{NUMBER}"
    assert mask_text(address) == "北京市朝阳区建国路1号110105********1239"
    assert mask_text(f"{NUMBER}.jpg") == "110105********1239.jpg"
    assert mask_text("11010519900307123X") == "110105********123X"
    assert mask_text(address, mask=False) == address


def test_mask_text_leaves_longer_digit_runs_and_codes_alone():
    unit = "1101050030012345678901234567"  # 28 digits: not an ID number
    assert mask_text(unit) == unit
    assert mask_text("91110105MA01234567") == "91110105MA01234567"


def test_masked_reaches_keys_and_nested_values():
    data = {f"{NUMBER}.jpg": [f"x{NUMBER}", {"v": NUMBER}], "n": 3}
    assert NUMBER not in repr(masked(data))
    assert masked(data, False) == data


def test_number_shaped_lines():
    assert looks_like_id_number(f"公民身份号码 {NUMBER}")
    assert looks_like_id_number("1101 0519 9003 0712 39") is True  # spaces folded away
    assert not looks_like_id_number("注册资本 500万元")


def test_terminal_text_shows_control_characters_as_escapes():
    assert terminal_text("a\x1b[31mb\x07\u202e") == "a\\x1b[31mb\\x07\\u202e"
    assert console_markup("张三[/]") == "张三\\[/]"


@pytest.mark.parametrize("cell", ["=HYPERLINK(1)", "+cmd", "-2+3", "@SUM(1)", "\tx", "\rx"])
def test_csv_cells_never_start_a_formula(cell):
    assert csv_cell(cell).startswith("'")


def test_csv_cell_leaves_plain_values():
    assert csv_cell("case001") == "case001" and csv_cell(3) == 3


def test_report_links_are_relative_and_encoded():
    assert report_href("javascript:alert(document.domain)") == (
        "./javascript%3Aalert%28document.domain%29/report.html"
    )
    assert report_href("2026-11-24/case 1") == "./2026-11-24/case%201/report.html"


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("..", "case"),
        (".", "case"),
        ("", "case"),
        ("/etc", "etc"),
        ("a/../b", "a/b"),
        ("x\x1b[31m", "x_[31m"),
        ("a\\b:c", "a_b_c"),
    ],
)
def test_safe_case_names(name, safe):
    assert safe_case_name(name) == safe


def test_long_case_names_are_cut_with_a_hash():
    long = "长" * 300
    cut = safe_case_name(long)
    assert len(cut.encode("utf-8")) <= 200 and cut != safe_case_name("长" * 301)


def test_report_folder_replaces_a_link(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "case").symlink_to(elsewhere)
    folder = report_folder(out, "case")
    assert folder == out / "case" and folder.is_dir() and not folder.is_symlink()


class _FailingEngine(OcrEngine):
    """An OCR engine that raises, as a stand-in for any unexpected failure inside a case."""

    name = "failing"

    @classmethod
    def check_available(cls) -> None:
        return None

    def recognize(self, image):
        raise RuntimeError("engine exploded")


def test_a_case_that_raises_gets_a_case_error_report(tmp_path):
    from datetime import date

    from PIL import Image

    from prereview.cli.check import checked_case, write_reports
    from prereview.pipeline import CheckSettings

    Image.new("RGB", (200, 120), "white").save(tmp_path / "scan.png")
    settings = CheckSettings(_FailingEngine(), {}, None, date(2026, 11, 24))
    report = checked_case(tmp_path, settings)
    assert report.verdict == "review"
    assert [finding.rule for finding in report.findings] == ["case.error"]
    assert "engine exploded" in report.findings[0].message
    (tmp_path / "out").mkdir()
    assert write_reports(tmp_path / "out", report, mask=True)
    assert (tmp_path / "out" / tmp_path.name / "report.html").is_file()


def test_pack_patterns_run_in_linear_time():
    from prereview.rules import FieldValidator

    validator = FieldValidator(
        {"properties": {"a": {"type": "string", "pattern": "^(.*.*.*.*.*)*@$"}}}
    )
    start = time.perf_counter()
    assert not validator.is_valid({"a": "x" * 5000})
    assert time.perf_counter() - start < 1.0


def test_preview_blurs_number_lines_of_any_document():
    pixels = np.zeros((100, 300, 3), np.uint8)
    pixels[40:60, 20:280] = np.tile(np.array([0, 255], np.uint8).repeat(5), 26)[:, None]
    page = SourceImage("p.png", pixels)
    plain = page_preview(page, [Document("p.png", "unknown")], mask=True)
    blurred = page_preview(
        page, [Document("p.png", "unknown", number_boxes=((20, 40, 280, 60),))], mask=True
    )
    assert plain.jpeg != blurred.jpeg


def test_limits_come_from_the_environment():
    code = "from prereview import limits; print(limits.MAX_PAGES, limits.MAX_UPLOAD_BYTES)"
    env = {"PREREVIEW_MAX_PAGES": "7", "PREREVIEW_MAX_UPLOAD_MB": "nan", "PATH": ""}
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["7", str(100 << 20)]


def test_provenance_masks_file_names_but_never_hashes():
    from prereview.report.json import masked_provenance

    digest = "ab" + "1" * 18 + "c" * 44
    provenance = {"inputs": {f"{NUMBER}.jpg": digest}, "rules_sha256": digest}
    shown = masked_provenance(provenance)
    assert shown["inputs"] == {"110105********1239.jpg": digest}
    assert shown["rules_sha256"] == digest
