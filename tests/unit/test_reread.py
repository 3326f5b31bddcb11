"""The second look (reread.py) on a drawn page, with recorded OCR of its crop."""

import numpy as np

from prereview.extract import extract_fields
from prereview.ocr import ReplayEngine
from prereview.ocr.base import image_key
from prereview.records import Field, OcrLine, PageImage
from prereview.reread import _binarised, better, needs_second_look, second_look, well_formed


def page_with_stripes() -> PageImage:
    """A page whose pixels differ everywhere, so that every crop has its own image key."""
    rng = np.random.default_rng(7)
    pixels = rng.integers(0, 255, size=(400, 1200, 3), dtype=np.uint8)
    return PageImage("page.jpg", pixels, np.eye(3), (1200, 400))


LINES = (
    OcrLine("统一社会信用代码 91330106MA2H3KXQ5Q", (60, 40, 600, 72), 0.99),
    OcrLine("名称 杭州云帆信息技术有限公司", (60, 100, 560, 132), 0.99),
    OcrLine("登记机关", (60, 200, 180, 232), 0.99),
    OcrLine("海", (260, 200, 290, 232), 0.62),  # inside the seal
)


def test_a_field_left_out_is_read_again_from_its_region():
    page = page_with_stripes()
    # The region of 登记机关: its label, 30 label heights to the right, half a line above,
    # one below (field_regions); the recorded re-read holds the value in crop pixels x2.
    crop = _binarised(page.pixels[184:264, 60:1140])
    recorded = {
        "engine": "rapidocr",
        "results": {
            image_key(crop): [
                ["登记机关", [0, 32, 240, 96], 0.99],
                ["杭州市西湖区市场监督管理局", [400, 34, 1000, 98], 0.97],
            ]
        },
    }
    first = extract_fields("business_licence", LINES)
    assert "registration_authority" not in first  # 海 is no authority
    fields = second_look("business_licence", LINES, page, ReplayEngine(recorded), first)
    authority = fields["registration_authority"]
    assert authority.value == "杭州市西湖区市场监督管理局"
    assert authority.box == (260, 201, 560, 233)  # back in the page's pixels


def test_fields_that_are_fine_are_not_read_again():
    class NoOcr:
        def recognize(self, image):
            raise AssertionError("no re-read expected")

    fine = {"name": Field("杭州云帆信息技术有限公司", 0.99, (0, 0, 1, 1))}
    assert second_look("business_licence", LINES[1:2], page_with_stripes(), NoOcr(), fine) == fine


def test_format_checks_and_the_choice_of_value():
    assert not well_formed("credit_code", Field("91330106MA2H3KXQ5P", 0.99, (0, 0, 1, 1)))
    assert well_formed("credit_code", Field("91330106MA2H3KXQ5Q", 0.99, (0, 0, 1, 1)))
    assert not well_formed("birth_date", Field("1990-02-30", 0.99, (0, 0, 1, 1)))
    assert needs_second_look("name", None)
    assert needs_second_look("name", Field("张三", 0.5, (0, 0, 1, 1)))
    wrong = Field("91330106MA2H3KXQ5P", 0.99, (0, 0, 1, 1))
    right = Field("91330106MA2H3KXQ5Q", 0.9, (0, 0, 1, 1))
    assert better(right, wrong, "credit_code")
    assert not better(wrong, right, "credit_code")
