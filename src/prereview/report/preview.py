"""Page images for the HTML report: downscaled JPEGs with ID-number and birth-date areas
blurred (the birth date repeats digits 7-14 of the number)."""

from __future__ import annotations

import cv2
import numpy as np

from ..records import Document, Preview, SourceImage

PREVIEW_WIDTH = 1000
# Crops open at the scan's own resolution; a phone photo is cut down to this width.
DETAIL_WIDTH = 2400
MASKED_AREAS = ("id_number", "birth_date")


def page_preview(page: SourceImage, documents: list[Document], mask: bool) -> Preview:
    """A JPEG of the page for the HTML report, ID-number and birth-date areas blurred when
    masking."""
    pixels = page.pixels.copy()
    if mask:
        for document in documents:
            boxes = [
                found.box
                for name, found in document.fields.items()
                if name in MASKED_AREAS and document.type == "id_card_front"
            ]
            # Every number-shaped line, whatever the type: an unrecognised card shows its number.
            for box in [*boxes, *document.number_boxes]:
                pixels = blurred_box(pixels, box)
    preview, scale = _jpeg(pixels, PREVIEW_WIDTH, 80)
    detail, detail_scale = _jpeg(pixels, DETAIL_WIDTH, 85)
    return Preview(preview, scale, detail, detail_scale)


def _jpeg(pixels: np.ndarray, width: int, quality: int) -> tuple[bytes, float]:
    """The pixels as a JPEG at most `width` wide, and the scale applied."""
    scale = min(1.0, width / pixels.shape[1])
    if scale < 1.0:
        size = (width, max(1, round(pixels.shape[0] * scale)))
        pixels = cv2.resize(pixels, size, interpolation=cv2.INTER_AREA)
    ok, encoded = cv2.imencode(".jpg", pixels, [cv2.IMWRITE_JPEG_QUALITY, quality])
    return (encoded.tobytes() if ok else b""), scale


def blurred_box(pixels: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray:
    """The image with a heavy blur over one box (and a margin), so digits cannot be read."""
    x0, y0, x1, y1 = box
    margin = max(4, (y1 - y0) // 3)
    height, width = pixels.shape[:2]
    x0, y0 = max(0, x0 - margin), max(0, y0 - margin)
    x1, y1 = min(width, x1 + margin), min(height, y1 + margin)
    if x1 <= x0 or y1 <= y0:
        return pixels
    region = pixels[y0:y1, x0:x1]
    small = cv2.resize(
        region, (max(1, (x1 - x0) // 16), max(1, (y1 - y0) // 16)), interpolation=cv2.INTER_AREA
    )
    pixels[y0:y1, x0:x1] = cv2.resize(small, (x1 - x0, y1 - y0), interpolation=cv2.INTER_NEAREST)
    return pixels
