"""The second look (reread.py) on a drawn page, with recorded OCR of its crop."""

import numpy as np

from prereview.extract import extract_fields, field_regions
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


def test_a_document_under_an_overlay_is_read_once_more_with_only_print_kept():
    from prereview.reread import _binarised, _document_box, _print_only

    page = page_with_stripes()
    lines = (
        OcrLine("中华人民共和国", (100, 40, 400, 80), 0.99),
        OcrLine("供办", (120, 150, 260, 260), 0.97),  # the overlay, far taller than the print
        OcrLine("有效期限 2023.06.16-长期", (100, 300, 560, 340), 0.99),
    )
    x0, y0, x1, y1 = _document_box(lines)
    faded = _print_only(page.pixels[max(y0, 0) : y1, max(x0, 0) : x1])
    # The row above the validity label, where the authority is printed, re-read first:
    # the overlay hides it there too.
    rx0, ry0, rx1, ry1 = field_regions("id_card_back", lines)["issuing_authority"]
    above = page.pixels[max(ry0, 0) : ry1, max(rx0, 0) : rx1]
    recorded = {
        "engine": "rapidocr",
        "results": {
            image_key(_binarised(above)): [],
            image_key(_print_only(above, 2.0)): [],
            image_key(faded): [
                ["中华人民共和国", [100, 40, 400, 80], 0.99],
                ["签发机关 漯河市公安局郾城分局", [100, 200, 560, 240], 0.98],
                ["有效期限 2023.06.16-长期", [100, 300, 560, 340], 0.99],
            ],
        },
    }
    first = extract_fields("id_card_back", lines)
    assert "issuing_authority" not in first
    fields = second_look("id_card_back", lines, page, ReplayEngine(recorded), first)
    assert fields["issuing_authority"].value == "漯河市公安局郾城分局"
    assert fields["valid_until"] == first["valid_until"]


def test_print_only_keeps_what_is_dark_in_every_channel():
    from prereview.reread import _print_only

    crop = np.full((4, 3, 3), 255, dtype=np.uint8)
    crop[0, 0] = (25, 25, 30)  # print
    crop[1, 1] = (165, 177, 221)  # a blue overlay over paper
    crop[2, 2] = (60, 70, 200)  # red ink, dark in two channels only
    kept = _print_only(crop)[:, :, 0]
    assert kept[0, 0] == 0 and kept[1, 1] == 255 and kept[2, 2] == 255


def test_a_field_still_missing_after_the_red_channel_is_read_with_only_print_kept():
    from prereview.reread import _binarised, _print_only

    page = page_with_stripes()
    lines = (
        OcrLine("中华人民共和国", (100, 40, 400, 80), 0.99),
        OcrLine("有效期限 2023.06.16-长期", (100, 300, 560, 340), 0.99),
    )
    rx0, ry0, rx1, ry1 = field_regions("id_card_back", lines)["issuing_authority"]
    above = page.pixels[max(ry0, 0) : ry1, max(rx0, 0) : rx1]
    recorded = {
        "engine": "rapidocr",
        "results": {
            image_key(_binarised(above)): [],  # a grey overlay across the row, kept dark
            image_key(_print_only(above, 2.0)): [
                ["签发机关 漯河市公安局郾城分局", [0, 20, 900, 80], 0.98]
            ],
        },
    }
    first = extract_fields("id_card_back", lines)
    fields = second_look("id_card_back", lines, page, ReplayEngine(recorded), first)
    assert fields["issuing_authority"].value == "漯河市公安局郾城分局"


def test_joint_owners_read_as_one_name_are_read_again():
    page = page_with_stripes()
    lines = (
        OcrLine("权利人", (60, 40, 150, 72), 0.99),
        OcrLine("杨宏雨宋丹", (300, 40, 450, 72), 0.99),  # the 、 lost
        OcrLine("共有情况", (60, 100, 180, 132), 0.99),
        OcrLine("共同共有", (300, 100, 420, 132), 0.99),
    )
    crop = _binarised(page.pixels[24:104, 60:1110])  # the owner's region (field_regions)
    recorded = {
        "engine": "rapidocr",
        "results": {
            image_key(crop): [
                ["权利人", [0, 32, 180, 96], 0.99],
                ["杨宏雨、宋丹", [480, 32, 780, 96], 0.97],
            ]
        },
    }
    first = extract_fields("property_deed", lines)
    assert first["owner"].value == "杨宏雨宋丹"
    fields = second_look("property_deed", lines, page, ReplayEngine(recorded), first)
    assert fields["owner"].value == "杨宏雨、宋丹"
    # Held by one owner, one name is what is expected: no second look.
    alone = {**first, "co_ownership": Field("单独所有", 0.99, (300, 100, 420, 132))}
    assert not needs_second_look("owner", alone["owner"], alone)
