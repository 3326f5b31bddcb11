"""Preprocessing on synthetic images: geometry round-trips and quality signals."""

import cv2
import numpy as np
import pytest

from prereview.preprocess import box_in_original, prepare_page, quality_signals, skew_angle, turned
from prereview.records import SourceImage


def text_page(width=1200, height=800, angle=0.0):
    page = np.full((height, width, 3), 245, np.uint8)
    for row in range(8):
        y = 80 + row * 80
        cv2.putText(
            page, "PRE REVIEW 2026 " * 3, (60, y), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (20, 20, 20), 2
        )
    if angle:
        rotation = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
        page = cv2.warpAffine(page, rotation, (width, height), borderValue=(245, 245, 245))
    return page


@pytest.mark.parametrize("angle", [-6.0, -2.5, 3.0, 7.0])
def test_skew_is_measured_and_removed(angle):
    page = text_page(angle=angle)
    assert skew_angle(page) == pytest.approx(-angle, abs=0.8)
    prepared = prepare_page(SourceImage("x.png", page))
    assert abs(skew_angle(prepared.pixels)) < 0.8


@pytest.mark.parametrize("quarter_turns", [1, 2, 3])
def test_turned_boxes_map_back_to_the_original(quarter_turns):
    page = prepare_page(SourceImage("x.png", text_page()))
    box = (100, 50, 300, 90)
    turned_page = turned(page, quarter_turns)
    # Where that box lands in the turned image, found by turning a mask the same way.
    mask = np.zeros(page.pixels.shape[:2], np.uint8)
    mask[50:90, 100:300] = 255
    codes = {1: cv2.ROTATE_90_CLOCKWISE, 2: cv2.ROTATE_180, 3: cv2.ROTATE_90_COUNTERCLOCKWISE}
    ys, xs = np.nonzero(cv2.rotate(mask, codes[quarter_turns]))
    turned_box = (int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1)
    mapped = box_in_original(turned_page, turned_box)
    assert all(abs(a - b) <= 2 for a, b in zip(mapped, box, strict=True))


def test_card_on_a_dark_desk_is_cropped_and_boxes_map_back():
    desk = np.full((900, 1400, 3), 70, np.uint8)
    card = text_page(860, 540)
    desk[180:720, 270:1130] = card
    prepared = prepare_page(SourceImage("desk.jpg", desk))
    assert abs(prepared.pixels.shape[1] - 860) < 30 and abs(prepared.pixels.shape[0] - 540) < 30
    assert box_in_original(prepared, (0, 0, 10, 10))[:2] == pytest.approx((270, 180), abs=8)


def test_quality_signals():
    sharp = text_page()
    assert quality_signals(sharp) == ()
    assert "blurred" in quality_signals(cv2.GaussianBlur(sharp, (0, 0), 6))
    assert "too_dark" in quality_signals((sharp * 0.2).astype(np.uint8))
    assert "too_small" in quality_signals(cv2.resize(sharp, (300, 200)))
    washed = np.full_like(sharp, 250)
    assert "over_exposed" in quality_signals(washed)
