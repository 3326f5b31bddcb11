"""Source image -> PageImage: find the document, correct perspective and skew, normalise
illumination, record image-quality signals.

Every geometric step composes `to_original`, the homography from the processed image back
to the source pixels, so extracted boxes are reported in the original file's coordinates.
The 90/180/270-degree orientation is decided later from OCR evidence (see pipeline.py);
`turned` applies it here.
"""

from __future__ import annotations

import cv2
import numpy as np

from .messages import N_, Wording, joined, wording
from .records import PageImage, SourceImage

# OCR gains nothing from more pixels than this on the long side; phone photos have 4000.
MAX_SIDE = 2000
# Below this the card is too small for reliable characters (a card at 100 dpi).
MIN_DOCUMENT_SIDE = 330
ANALYSIS_WIDTH = 800
# Signals that say the capture itself is poor (a clerk should look), as quality_signals names them.
POOR_QUALITY = ("blurred", "too_dark", "over_exposed", "too_small", "border_cut")
QUALITY_LABELS = {
    "blurred": N_("blurred"),
    "too_dark": N_("too dark"),
    "over_exposed": N_("over-exposed"),
    "too_small": N_("too small"),
    "border_cut": N_("border cut off"),
}


def quality_wording(flags: list[str]) -> Wording:
    """Quality flags as words a clerk reads: `模糊、过暗` (`blurred, too dark`)."""
    return joined(
        [
            wording(QUALITY_LABELS[flag]) if flag in QUALITY_LABELS else Wording(flag, flag)
            for flag in flags
        ]
    )


def prepare_page(source: SourceImage) -> PageImage:
    """Crop, straighten and normalise one source image for OCR."""
    original = source.pixels
    height, width = original.shape[:2]
    transform = np.eye(3)
    pixels, transform = _limited_size(original, transform)
    pixels, transform, quad_found = _document_crop(pixels, transform)
    pixels, transform = _deskewed(pixels, transform)
    # Quality is judged on the capture itself, before normalisation hides a dark photo.
    quality = quality_signals(pixels)
    if is_blank(pixels):
        quality = (*quality, "blank")  # kept only if the OCR finds no text either
    pixels = _normalised_illumination(pixels)
    if quad_found == "cut":
        quality = (*quality, "border_cut")
    return PageImage(
        source=source.source,
        pixels=pixels,
        to_original=np.linalg.inv(transform),
        original_size=(width, height),
        quality=quality,
        document_shaped=quad_found != "none",
    )


def turned(page: PageImage, quarter_turns: int) -> PageImage:
    """The page rotated clockwise by `quarter_turns` x 90 degrees."""
    quarter_turns %= 4
    if quarter_turns == 0:
        return page
    height, width = page.pixels.shape[:2]
    codes = {1: cv2.ROTATE_90_CLOCKWISE, 2: cv2.ROTATE_180, 3: cv2.ROTATE_90_COUNTERCLOCKWISE}
    pixels = cv2.rotate(page.pixels, codes[quarter_turns])
    forward = {
        1: np.array([[0, -1, height - 1], [1, 0, 0], [0, 0, 1]], float),
        2: np.array([[-1, 0, width - 1], [0, -1, height - 1], [0, 0, 1]], float),
        3: np.array([[0, 1, 0], [-1, 0, width - 1], [0, 0, 1]], float),
    }[quarter_turns]
    return PageImage(
        source=page.source,
        pixels=pixels,
        to_original=page.to_original @ np.linalg.inv(forward),
        original_size=page.original_size,
        quality=page.quality,
        document_shaped=page.document_shaped,
    )


def box_in_original(page: PageImage, box: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    """Map a box in the processed image to an axis-aligned box in the source image."""
    x0, y0, x1, y1 = box
    corners = np.array([[[x0, y0], [x1, y0], [x1, y1], [x0, y1]]], dtype=np.float64)
    mapped = cv2.perspectiveTransform(corners, page.to_original)[0]
    width, height = page.original_size
    xs = np.clip(mapped[:, 0], 0, width)
    ys = np.clip(mapped[:, 1], 0, height)
    return int(xs.min()), int(ys.min()), int(round(xs.max())), int(round(ys.max()))


def quality_signals(pixels: np.ndarray) -> tuple[str, ...]:
    """Image-quality flags a clerk should know about: blurred, too_dark, over_exposed, too_small."""
    gray = cv2.cvtColor(pixels, cv2.COLOR_BGR2GRAY) if pixels.ndim == 3 else pixels
    signals = []
    if min(gray.shape) < MIN_DOCUMENT_SIDE:
        signals.append("too_small")
    small = _resized_to_width(gray, ANALYSIS_WIDTH)
    if sharpness(small) < BLURRED_BELOW:
        signals.append("blurred")
    mean = float(small.mean())
    darkest, brightest = np.percentile(small, [1, 99])
    if mean < 70 or brightest < 100:
        signals.append("too_dark")
    elif mean > 200 and darkest > 150:
        # Even the darkest ink is light grey: the exposure washed the text out.
        signals.append("over_exposed")
    return tuple(signals)


# A pixel is ink when it differs this much from the paper around it; a blank page has less
# than this share of ink, no smudge either (what is left of text blurred beyond reading) and
# is light: a dark, blurred photo is unreadable, not blank. Scanner grain and uneven light
# stay below all of these (blank sample scans: ink 0, smudge 3.3, mean 212).
INK_CONTRAST = 40
BLANK_INK_SHARE = 0.002
BLANK_SMUDGE = 8.0
BLANK_MIN_BRIGHTNESS = 100


def is_blank(pixels: np.ndarray) -> bool:
    """A blank or near-blank page: light paper on which nothing stands out."""
    gray = cv2.cvtColor(pixels, cv2.COLOR_BGR2GRAY) if pixels.ndim == 3 else pixels
    small = _resized_to_width(gray, ANALYSIS_WIDTH)
    if float(small.mean()) < BLANK_MIN_BRIGHTNESS:
        return False
    ink = cv2.absdiff(small, cv2.medianBlur(small, 31)) > INK_CONTRAST
    if float(ink.mean()) >= BLANK_INK_SHARE:
        return False
    image = small.astype(np.float32)
    smudge = np.abs(image - cv2.GaussianBlur(image, (0, 0), 25))
    return float(np.percentile(smudge, 99)) < BLANK_SMUDGE and not has_printed_block(gray)


# A printed block blurred beyond reading still stands out from the paper's smooth tone by a
# few grey levels over a large area; a blank page's tone varies only smoothly (at 200 px
# wide: blank sample scans 2.9, a deed blurred with a 32-pixel Gaussian 19.8).
BLOCK_WIDTH = 200
BLOCK_CONTRAST = 4
BLOCK_SMUDGE = 8.0
BLOCK_AREA = 0.1


def has_printed_block(gray: np.ndarray) -> bool:
    """A document-shaped object on the page: a region covering a tenth of it whose tone
    differs from the paper around it, however blurred."""
    small = _resized_to_width(gray, BLOCK_WIDTH).astype(np.float32)
    difference = np.abs(small - cv2.GaussianBlur(small, (0, 0), 30))
    if float(np.percentile(difference, 99)) < BLOCK_SMUDGE:
        return False
    marked = cv2.morphologyEx(
        (difference > BLOCK_CONTRAST).astype(np.uint8), cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8)
    )
    count, _, stats, _ = cv2.connectedComponentsWithStats(marked)
    largest = max((int(stats[i, 2] * stats[i, 3]) for i in range(1, count)), default=0)
    return largest >= BLOCK_AREA * marked.size


# Measured on the sample set: blurred scans score 2.3-2.7, sharp ones 5 and more.
BLURRED_BELOW = 3.5


def sharpness(gray: np.ndarray) -> float:
    """How much a slight blur takes away from the image's fine detail (scale-free).

    A sharp image loses most of its Laplacian energy to a 1-pixel Gaussian blur; an
    already blurred one loses little. Pages without any detail count as sharp.
    """
    image = gray.astype(np.float32)
    detail = float(cv2.Laplacian(image, cv2.CV_32F).var())
    softened = float(cv2.Laplacian(cv2.GaussianBlur(image, (0, 0), 1.0), cv2.CV_32F).var())
    if detail < 1.0:
        # No fine detail at all: a blank page is sharp; shapes without edges are a blur.
        return 0.0 if float(image.std()) > 8 else float("inf")
    return detail / max(softened, 1e-6)


def _resized_to_width(gray: np.ndarray, width: int) -> np.ndarray:
    scale = width / gray.shape[1]
    return cv2.resize(
        gray, (width, max(1, int(gray.shape[0] * scale))), interpolation=cv2.INTER_AREA
    )


def _limited_size(pixels: np.ndarray, transform: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    height, width = pixels.shape[:2]
    scale = MAX_SIDE / max(height, width)
    if scale >= 1:
        return pixels, transform
    resized = cv2.resize(
        pixels, (round(width * scale), round(height * scale)), interpolation=cv2.INTER_AREA
    )
    return resized, np.diag([scale, scale, 1.0]) @ transform


def _document_crop(pixels: np.ndarray, transform: np.ndarray) -> tuple[np.ndarray, np.ndarray, str]:
    """Find a card or page photographed on a background and warp it to a rectangle."""
    quad = _document_quad(pixels)
    if quad is None:
        return pixels, transform, "none"
    height, width = pixels.shape[:2]
    touches = np.any(
        (quad[:, 0] <= 2)
        | (quad[:, 0] >= width - 3)
        | (quad[:, 1] <= 2)
        | (quad[:, 1] >= height - 3)
    )
    ordered = _ordered_corners(quad)
    top = np.linalg.norm(ordered[1] - ordered[0])
    bottom = np.linalg.norm(ordered[2] - ordered[3])
    left = np.linalg.norm(ordered[3] - ordered[0])
    right = np.linalg.norm(ordered[2] - ordered[1])
    out_w, out_h = int(max(top, bottom)), int(max(left, right))
    target = np.array([[0, 0], [out_w - 1, 0], [out_w - 1, out_h - 1], [0, out_h - 1]], np.float32)
    warp = cv2.getPerspectiveTransform(ordered.astype(np.float32), target)
    warped = cv2.warpPerspective(
        pixels, warp, (out_w, out_h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    )
    return warped, warp @ transform, "cut" if touches else "found"


def _document_quad(pixels: np.ndarray) -> np.ndarray | None:
    height, width = pixels.shape[:2]
    scale = ANALYSIS_WIDTH / width
    small = cv2.resize(
        pixels, (ANALYSIS_WIDTH, max(1, int(height * scale))), interpolation=cv2.INTER_AREA
    )
    gray = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
    gray = cv2.GaussianBlur(gray, (5, 5), 0)
    edges = cv2.Canny(gray, 40, 120)
    edges = cv2.dilate(edges, np.ones((5, 5), np.uint8))
    contours, _ = cv2.findContours(edges, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    image_area = small.shape[0] * small.shape[1]
    for contour in sorted(contours, key=cv2.contourArea, reverse=True)[:3]:
        area = cv2.contourArea(contour)
        # A document filling the frame is a scan: nothing to crop. A tiny one is not the document.
        if not 0.2 * image_area < area < 0.9 * image_area:
            continue
        hull = cv2.convexHull(contour)
        approx = cv2.approxPolyDP(hull, 0.02 * cv2.arcLength(hull, True), True)
        if len(approx) == 4 and cv2.contourArea(approx) > 0.85 * cv2.contourArea(hull):
            quad = approx.reshape(4, 2)
        else:
            rect = cv2.boxPoints(cv2.minAreaRect(hull))
            if cv2.contourArea(hull) <= 0.9 * cv2.contourArea(rect):
                continue
            quad = rect
        if _stands_out(gray, quad):
            return quad.astype(np.float64) / scale
    return None


def _stands_out(gray: np.ndarray, quad: np.ndarray) -> bool:
    """A document lies on a darker background: the band just outside its edge is darker
    than the band just inside. A ruled table on a page has paper on both sides, even
    under a shadow."""
    mask = np.zeros(gray.shape, np.uint8)
    cv2.fillConvexPoly(mask, quad.astype(np.int32), 255)
    kernel = np.ones((15, 15), np.uint8)
    inner = cv2.subtract(mask, cv2.erode(mask, kernel))
    outer = cv2.subtract(cv2.dilate(mask, kernel), mask)
    if not outer.any() or not inner.any():
        return False
    return float(gray[outer > 0].mean()) < float(gray[inner > 0].mean()) - 20


def _ordered_corners(quad: np.ndarray) -> np.ndarray:
    """Corners as top-left, top-right, bottom-right, bottom-left."""
    total = quad.sum(axis=1)
    diff = np.diff(quad, axis=1).ravel()
    return np.array(
        [
            quad[np.argmin(total)],
            quad[np.argmin(diff)],
            quad[np.argmax(total)],
            quad[np.argmax(diff)],
        ]
    )


def _deskewed(pixels: np.ndarray, transform: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    angle = skew_angle(pixels)
    if abs(angle) < 0.4:
        return pixels, transform
    height, width = pixels.shape[:2]
    rotation = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    cos, sin = abs(rotation[0, 0]), abs(rotation[0, 1])
    new_w, new_h = int(height * sin + width * cos), int(height * cos + width * sin)
    rotation[0, 2] += new_w / 2 - width / 2
    rotation[1, 2] += new_h / 2 - height / 2
    rotated = cv2.warpAffine(
        pixels, rotation, (new_w, new_h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    )
    return rotated, np.vstack([rotation, [0, 0, 1]]) @ transform


def skew_angle(pixels: np.ndarray) -> float:
    """Skew of the text lines in degrees, as cv2.getRotationMatrix2D takes it to undo it.

    Long straight segments (table rules, text lines merged by a closing) give it on pages;
    line-shaped blobs on a card with few long lines.
    """
    gray = cv2.cvtColor(pixels, cv2.COLOR_BGR2GRAY) if pixels.ndim == 3 else pixels
    small = _resized_to_width(gray, ANALYSIS_WIDTH)
    binary = cv2.adaptiveThreshold(
        small, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 15
    )
    from_segments = _segment_angle(binary)
    return from_segments if from_segments is not None else _blob_angle(binary)


def _segment_angle(binary: np.ndarray) -> float | None:
    closed = cv2.morphologyEx(
        binary, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (9, 3))
    )
    edges = cv2.Canny(closed, 50, 150)
    segments = cv2.HoughLinesP(
        edges, 1, np.pi / 720, threshold=80, minLineLength=binary.shape[1] // 6, maxLineGap=8
    )
    if segments is None:
        return None
    angles = [
        np.degrees(np.arctan2(y2 - y1, x2 - x1)) for x1, y1, x2, y2 in segments.reshape(-1, 4)
    ]
    angles = [angle for angle in angles if abs(angle) <= 20]
    return float(np.median(angles)) if len(angles) >= 2 else None


def _blob_angle(binary: np.ndarray) -> float:
    lines = cv2.morphologyEx(
        binary, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (15, 1))
    )
    contours, _ = cv2.findContours(lines, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    angles, weights = [], []
    for contour in contours:
        (_, _), (w, h), angle = cv2.minAreaRect(contour)
        if w < h:
            w, h, angle = h, w, angle - 90
        if w < 40 or h < 4 or w < 4 * h:
            continue
        angle = (angle + 90) % 180 - 90
        if abs(angle) <= 20:
            angles.append(angle)
            weights.append(w)
    if len(angles) < 3:
        return 0.0
    return float(_weighted_median(np.array(angles), np.array(weights)))


def _weighted_median(values: np.ndarray, weights: np.ndarray) -> float:
    order = np.argsort(values)
    cumulative = np.cumsum(weights[order])
    return values[order][np.searchsorted(cumulative, cumulative[-1] / 2)]


def _normalised_illumination(pixels: np.ndarray) -> np.ndarray:
    """Flatten shadows and stretch contrast when the page is unevenly lit or grey."""
    gray = cv2.cvtColor(pixels, cv2.COLOR_BGR2GRAY)
    small = _resized_to_width(gray, 200)
    background = cv2.medianBlur(small, 31 if min(small.shape) > 31 else 3)
    low, high = np.percentile(background, [5, 95])
    if high - low < 40 and high > 150:
        return pixels
    # Divide by the estimated paper brightness: a shadow becomes white paper again.
    full_background = cv2.resize(
        background, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_LINEAR
    )
    flat = cv2.divide(gray, np.maximum(full_background, 1), scale=235)
    return cv2.cvtColor(flat, cv2.COLOR_GRAY2BGR)
