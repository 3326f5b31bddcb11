"""An upload's original bytes and pixels -> authenticity signals (advisory, for the clerk).

What an upload really is: an original captured in colour, a photocopy, a photo of a screen,
a file an image editor wrote, a licence or deed without its red seal, or no document at all.
Each signal has a score 0-1, `raised` when the score passes its threshold, and the evidence in
words. They run on the decoded original pixels (SourceImage, before any preprocessing) and the
file's own bytes (metadata): a re-encode would destroy what they look for.

Credible on a CPU without training data (docs/authenticity.md): colour statistics for grey
copies, the spectral peaks of a screen's pixel grid in the colour channels and a dark bezel,
an editor named in the metadata. Weak: everything that reads compression traces; not done here.
"""

from __future__ import annotations

import io
import re
import warnings

import cv2
import numpy as np
from PIL import Image, UnidentifiedImageError

from .records import PageImage, Signal

PHOTOCOPY = "photocopy"
SCREEN = "screen"
EDITED = "edited"
NO_SEAL = "no_seal"
NOT_A_DOCUMENT = "not_a_document"
SIGNALS = (PHOTOCOPY, SCREEN, EDITED, NO_SEAL, NOT_A_DOCUMENT)
"""Every signal's name as report.json gives it."""

# Types printed in colour: a capture of one without colour is a copy. A deed's register page
# may be printed in black alone (the sample deeds are): not judged by colour, nor by seal.
COLOUR_TYPES = ("id_card_front", "id_card_back", "business_licence")
SEALED_TYPES = ("business_licence",)
ANALYSIS_WIDTH = 400


# --- the file's metadata --------------------------------------------------------------------

# Programs that rewrite pixels; a phone camera's own Software tag (a firmware version,
# "HDR+", "MIUI") names none of them.
EDITORS = (
    "photoshop",
    "gimp",
    "paint.net",
    "pixelmator",
    "affinity photo",
    "lightroom",
    "snapseed",
    "picsart",
    "meitu",
    "美图",
    "醒图",
    "xingtu",
    "canva",
    "fotor",
    "photopea",
    "krita",
    "corel",
    "paintshop",
    "illustrator",
)
_XMP_TOOL = re.compile(rb"CreatorTool(?:=\"|>)([^\"<]{1,120})")
# Metadata sits at the start of JPEG, PNG and WebP files; a PDF names its producer anywhere.
HEADER_BYTES = 256 * 1024


def file_signals(data: bytes) -> tuple[Signal, ...]:
    """Signals of the file as a whole: `edited` when its metadata names an image editor."""
    tools = _software_names(data)
    editor = next((tool for tool in tools if _names_editor(tool)), None)
    if editor is not None:
        evidence = f"文件元数据写明由图像编辑软件保存：{editor}"
        return (Signal(EDITED, 1.0, evidence, True),)
    shown = "、".join(tools) if tools else "无"
    return (Signal(EDITED, 0.0, f"元数据中的软件：{shown}（非图像编辑软件）", False),)


def _names_editor(tool: str) -> bool:
    lowered = tool.lower()
    return any(name in lowered for name in EDITORS)


def _software_names(data: bytes) -> list[str]:
    """Every program name the file's metadata gives: EXIF Software, PNG/WebP text, XMP
    CreatorTool, a PDF's Creator and Producer."""
    names: list[str] = []
    head = data[:HEADER_BYTES]
    if data[:5] == b"%PDF-":
        head = data
        for key in (rb"/Creator", rb"/Producer"):
            names += [m.decode("latin-1") for m in re.findall(key + rb"\s*\(([^)]{1,120})\)", head)]
    else:
        names += _pillow_names(data)
    names += [m.decode("utf-8", "replace").strip() for m in _XMP_TOOL.findall(head)]
    return list(dict.fromkeys(name for name in names if name))


def _pillow_names(data: bytes) -> list[str]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(io.BytesIO(data)) as image:
                software = image.getexif().get(0x0131)
                texts = [value for key, value in image.info.items() if key.lower() == "software"]
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError, SyntaxError):
        return []
    found = [software] if isinstance(software, str) else []
    return [str(value).strip("\x00 ") for value in found + texts]


# --- the page's pixels ----------------------------------------------------------------------


def page_signals(pixels: np.ndarray, outline: np.ndarray | None = None) -> tuple[Signal, ...]:
    """Signals of one decoded original page: grey capture, screen capture. `outline` is the
    document's corners in the page's pixels where preprocessing found them: the colour is
    judged inside it, so that a grey copy lying on a brown desk is still grey."""
    small = _resized(pixels, ANALYSIS_WIDTH)
    inside = _inside(outline, pixels.shape[1], small.shape) if outline is not None else None
    return (photocopy_signal(small, inside), screen_signal(pixels))


def document_outline(page: PageImage) -> np.ndarray | None:
    """The corners of a preprocessed page in the original's pixels, when it is a document
    found on the page (a card or a sheet's outline), else None."""
    if not page.document_shaped:
        return None
    height, width = page.pixels.shape[:2]
    corners = np.float32([[[0, 0]], [[width, 0]], [[width, height]], [[0, height]]])
    return cv2.perspectiveTransform(corners, page.to_original.astype(np.float64)).reshape(4, 2)


def _inside(outline: np.ndarray, width: int, shape: tuple[int, ...]) -> np.ndarray | None:
    """The mask of the outline (shrunk by 5% towards its centre, off the desk's edge) on the
    small image; None when it covers too little to judge."""
    scale = shape[1] / width
    centre = outline.mean(axis=0)
    shrunk = centre + (outline - centre) * 0.9
    mask = np.zeros(shape[:2], np.uint8)
    cv2.fillConvexPoly(mask, np.round(shrunk * scale).astype(np.int32), 1)
    return mask.astype(bool) if mask.mean() > 0.05 else None


# A colour document shows some clearly coloured pixels (seal, emblem, tinted background); a
# grey copy shows none. Chroma is max-min of B, G, R; sensor and JPEG noise keep it under 10.
GREY_CHROMA = 12.0
COLOUR_CHROMA = 30.0


def photocopy_signal(small: np.ndarray, inside: np.ndarray | None = None) -> Signal:
    """`photocopy` when the capture (inside the document's outline, if given) holds no
    colour anywhere."""
    chroma = small.max(axis=2).astype(np.int16) - small.min(axis=2)
    colour = float(np.percentile(chroma if inside is None else chroma[inside], 99))
    score = float(np.clip((COLOUR_CHROMA - colour) / (COLOUR_CHROMA - GREY_CHROMA), 0, 1))
    evidence = f"色度第99百分位 {colour:.0f}，彩色证件应 > {COLOUR_CHROMA:.0f}"
    return Signal(PHOTOCOPY, round(score, 3), evidence, colour < GREY_CHROMA)


# A screen's sub-pixel stripes, resampled by the phone, are a fine pattern in the colour
# channels (colour moiré) that the brightness barely shows; and it is periodic, so that its
# energy sits in few spectral bins. Paper shows fine colour only at coloured edges, and a
# phone's chroma noise is white: either one alone is not enough, their product is.
SCREEN_CROP = 384
SCREEN_SCORE = 0.13
TOP_BINS = 0.002
# Four crops around the centre; the second strongest decides, so that one crop on a coloured
# photo or emblem is not enough, and a perspective that smears the grid's period over a
# large crop does not hide it.
SCREEN_PLACES = ((0.35, 0.35), (0.35, 0.65), (0.65, 0.35), (0.65, 0.65))


def screen_signal(pixels: np.ndarray) -> Signal:
    """`screen` from the fine colour pattern of four crops: its strength beside the
    brightness's, times the share of its energy in its strongest spectral bins; or one
    spectral peak of the colour channels far above its neighbours (a grid's period)."""
    crops = _crops(pixels, SCREEN_CROP)
    measures = sorted(_screen_measure(crop) for crop in crops)
    fine, peaked = measures[-2][1:]
    measure = measures[-2][0]
    peak = sorted(grid_peak(crop) for crop in crops)[-2]
    raised = measure >= SCREEN_SCORE or peak >= GRID_PEAK
    score = max(measure / (2 * SCREEN_SCORE), peak / (2 * GRID_PEAK) if raised else 0.0)
    evidence = (
        f"细密彩色纹理强度为亮度纹理的 {fine:.2f} 倍，其频谱能量集中度 {peaked:.2f}"
        f"（乘积 {measure:.3f}，屏幕像素栅格/摩尔纹 ≥ {SCREEN_SCORE}）；"
        f"彩色频谱峰值高出邻域 {peak:.1f}（≥ {GRID_PEAK}）"
    )
    return Signal(SCREEN, round(float(np.clip(score, 0, 1)), 3), evidence, raised)


def _screen_measure(crop: np.ndarray) -> tuple[float, float, float]:
    fine, peaked = fine_chroma_ratio(crop), chroma_concentration(crop)
    return fine * peaked, fine, peaked


def _crops(pixels: np.ndarray, side: int) -> list[np.ndarray]:
    if pixels.ndim == 2:
        pixels = cv2.cvtColor(pixels, cv2.COLOR_GRAY2BGR)
    height, width = pixels.shape[:2]
    side = min(side, height, width)
    crops = []
    for down, across in SCREEN_PLACES:
        top = int(np.clip(height * down - side / 2, 0, height - side))
        left = int(np.clip(width * across - side / 2, 0, width - side))
        crops.append(pixels[top : top + side, left : left + side].astype(np.float32))
    return crops


def fine_chroma_ratio(crop: np.ndarray) -> float:
    """How strong the finest colour detail is beside the finest brightness detail."""

    def fine(channel: np.ndarray) -> np.ndarray:
        return channel - cv2.GaussianBlur(channel, (0, 0), 1.5)

    red_blue = crop[..., 2] - crop[..., 0]
    green = crop[..., 1] - (crop[..., 2] + crop[..., 0]) / 2
    chroma = float(np.hypot(fine(red_blue), fine(green)).std())
    return chroma / (float(fine(crop.mean(axis=2)).std()) + 1)


def chroma_concentration(crop: np.ndarray) -> float:
    """The share of the red-minus-blue spectrum's mid/high-frequency energy in its
    strongest 0.2% of bins: near 0.01 for noise, near 1 for a grid."""
    side = crop.shape[0]
    # Red minus blue carries the sub-pixel stripes; the luma would carry the print's edges too.
    chroma = crop[..., 2] - crop[..., 0]
    chroma = chroma - chroma.mean()
    window = np.outer(np.hanning(side), np.hanning(side)).astype(np.float32)
    power = np.abs(np.fft.fft2(chroma * window)) ** 2
    ys, xs = np.ogrid[:side, :side]
    ys, xs = np.minimum(ys, side - ys), np.minimum(xs, side - xs)
    ring = power[np.hypot(ys, xs) >= side / 8]
    if ring.size == 0:
        return 0.0
    top = max(1, int(ring.size * TOP_BINS))
    return float(np.partition(ring, -top)[-top:].sum() / (ring.sum() + 1e-9))


# A grid photographed at a resolution where its period nears two pixels keeps little
# energy after the lens's blur, but what it keeps sits in one spectral bin: its log power
# stands far above the mean log power of the bins around it. Paper's colour edges spread
# their energy; their strongest bin stays under 6 natural-log units above its surroundings.
GRID_PEAK = 6.2
PEAK_NEIGHBOURS = 15


def grid_peak(crop: np.ndarray) -> float:
    """How far (natural log of power) the strongest mid/high-frequency bin of the colour
    channels' spectra stands above the mean log power of its neighbourhood."""
    side = crop.shape[0]
    window = np.outer(np.hanning(side), np.hanning(side)).astype(np.float32)
    # A floor of half a grey level's noise, so that a crop without any colour (an
    # over-exposed black-only print) has no spurious peaks in its empty spectrum.
    floor = 0.25 * float((window**2).sum())
    ys, xs = np.ogrid[:side, :side]
    ys, xs = np.minimum(ys, side - ys), np.minimum(xs, side - xs)
    ring = np.hypot(ys, xs) >= side / 8
    peaks = []
    for chroma in (crop[..., 2] - crop[..., 0], crop[..., 1] - (crop[..., 2] + crop[..., 0]) / 2):
        power = np.abs(np.fft.fft2((chroma - chroma.mean()) * window)) ** 2
        logged = np.fft.fftshift(np.log(power + floor)).astype(np.float32)
        around = np.fft.ifftshift(cv2.blur(logged, (PEAK_NEIGHBOURS,) * 2))
        peaks.append(float((np.fft.ifftshift(logged) - around)[ring].max()))
    return max(peaks)


# --- one document -----------------------------------------------------------------------------


def document_signals(
    doc_type: str, page: tuple[Signal, ...], file: tuple[Signal, ...], pixels: np.ndarray
) -> tuple[Signal, ...]:
    """The signals that apply to a document of `doc_type` on a page: a grey capture only
    counts for documents printed in colour, the seal only on a licence or a deed."""
    signals = [s for s in page if s.name != PHOTOCOPY or doc_type in COLOUR_TYPES]
    signals += file
    grey = any(s.name == PHOTOCOPY and s.raised for s in page)
    if doc_type in SEALED_TYPES and not grey:
        signals.append(seal_signal(_resized(pixels, ANALYSIS_WIDTH)))
    return tuple(signals)


# The seal's red: hue within 16 degrees of red and red clearly above green and blue, on the
# page's contrast stretched from its darkest ink to its paper, so that a flash's washed-out
# seal still counts (an over-exposed photo keeps the hue, loses the saturation).
SEAL_SHARE = 0.002
RED_MARGIN = 40
# A licence's national emblem is red too, but solid; a seal is a ring, a star and text: its
# red covers well under half of its bounding box, and it spans at least 5% of the page.
SEAL_FILL = 0.42
SEAL_SPAN = 0.05


def seal_signal(small: np.ndarray) -> Signal:
    """`no_seal` when almost no pixel of a seal-shaped red mark is on the page."""
    share = red_share(small)
    score = float(np.clip(1 - share / SEAL_SHARE, 0, 1))
    evidence = f"印章红色像素占比 {share:.2%}，带印章的证件应 ≥ {SEAL_SHARE:.1%}"
    return Signal(NO_SEAL, round(score, 3), evidence, share < SEAL_SHARE / 4)


def red_share(small: np.ndarray) -> float:
    """The share of the image's pixels in a seal's red that belong to seal-shaped marks
    (hollow, not solid like an emblem)."""
    red = red_mask(stretched(small))
    side = min(red.shape)
    grown = cv2.dilate(red.astype(np.uint8), np.ones((max(3, side // 60),) * 2, np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(grown)
    seal = 0
    for index in range(1, count):
        x, y, w, h = stats[index, :4]
        inside = red[y : y + h, x : x + w] & (labels[y : y + h, x : x + w] == index)
        if max(w, h) >= side * SEAL_SPAN and inside.sum() < SEAL_FILL * w * h:
            seal += int(inside.sum())
    return seal / red.size


def stretched(small: np.ndarray) -> np.ndarray:
    """The image with its tones stretched from the darkest ink to the paper (1st to 99th
    percentile of the grey)."""
    grey = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
    low, high = np.percentile(grey, (1, 99))
    if high - low < 8:
        return small
    scaled = (small.astype(np.float32) - low) * (255 / (high - low))
    return np.clip(scaled, 0, 255).astype(np.uint8)


def red_mask(small: np.ndarray) -> np.ndarray:
    """Pixels of a seal's red: hue near red, red well above green and blue, not dark."""
    hue = cv2.cvtColor(small, cv2.COLOR_BGR2HSV)[..., 0]
    channels = small.astype(np.int16)
    red = channels[..., 2]
    margin = red - np.maximum(channels[..., 0], channels[..., 1])
    return ((hue <= 8) | (hue >= 172)) & (margin > RED_MARGIN) & (red > 90)


# --- no document at all -----------------------------------------------------------------------

# A photo of a scene or a person is colourful and holds little paper: light, unsaturated
# pixels. A document photographed on a desk is at least a quarter paper.
PAPER_SHARE = 0.25
COLOURFUL = 30.0
# So little text that the page can hold no document (a stray character on a tree).
NO_TEXT_CHARACTERS = 6


def not_a_document_signal(pixels: np.ndarray, characters: int, shaped: bool) -> Signal:
    """`not_a_document`: no text, no document-shaped object, little paper, many colours; or
    a phone's screenshot (a chat) holding no document-shaped object, whatever its text."""
    small = _resized(pixels, ANALYSIS_WIDTH)
    paper, colourful = paper_share(small), colourfulness(small)
    aspect, flat = screenshot_measures(pixels)
    screenshot = not shaped and aspect >= SCREENSHOT_ASPECT and flat >= SCREENSHOT_FLAT
    scene = (
        characters < NO_TEXT_CHARACTERS
        and not shaped
        and paper < PAPER_SHARE
        and colourful > COLOURFUL
    )
    score = float(np.clip((PAPER_SHARE - paper) / PAPER_SHARE, 0, 1)) if not shaped else 0.0
    if characters >= NO_TEXT_CHARACTERS:
        score = 0.0
    evidence = (
        f"识别文字 {characters} 字，纸面像素占比 {paper:.0%}（证件应 ≥ {PAPER_SHARE:.0%}），"
        f"色彩丰富度 {colourful:.0f}，{'有' if shaped else '无'}证件形状的物体"
    )
    if screenshot:
        score = 1.0
        evidence = (
            f"手机截屏：长宽比 {aspect:.2f}（手机屏幕 ≥ {SCREENSHOT_ASPECT}），"
            f"无噪点的平坦像素占比 {flat:.0%}（相机照片 < {SCREENSHOT_FLAT:.0%}），"
            "无证件形状的物体"
        )
    return Signal(NOT_A_DOCUMENT, round(score, 3), evidence, scene or screenshot)


# A phone's screenshot (a chat, an app's page) is the screen's own pixels: as long as a
# phone's screen (16:9 to 21:9; paper is at most 1.6), and flat wherever it is not text
# or an edge, where a camera leaves sensor noise and a scanner the paper's grain.
SCREENSHOT_ASPECT = 1.75
SCREENSHOT_FLAT = 0.75
FLAT_VARIANCE = 1.0


def screenshot_measures(pixels: np.ndarray) -> tuple[float, float]:
    """The page's aspect ratio (long side over short) and, for a page as long as a phone's
    screen, the share of its pixels whose 5x5 neighbourhood is flat (grey variance < 1)."""
    height, width = pixels.shape[:2]
    aspect = max(height, width) / max(1, min(height, width))
    if aspect < SCREENSHOT_ASPECT:
        return aspect, 0.0
    grey = pixels if pixels.ndim == 2 else cv2.cvtColor(pixels, cv2.COLOR_BGR2GRAY)
    grey = grey.astype(np.float32)
    mean = cv2.blur(grey, (5, 5))
    variance = cv2.blur(grey * grey, (5, 5)) - mean * mean
    return aspect, float((variance < FLAT_VARIANCE).mean())


def paper_share(small: np.ndarray) -> float:
    """The share of light, nearly unsaturated pixels: paper."""
    hsv = cv2.cvtColor(small, cv2.COLOR_BGR2HSV)
    return float(((hsv[..., 2] > 150) & (hsv[..., 1] < 50)).mean())


def colourfulness(small: np.ndarray) -> float:
    """Hasler and Süsstrunk's colourfulness (2003): 0 for grey, above 30 for a lively photo."""
    b, g, r = (small[..., i].astype(np.float32) for i in range(3))
    rg, yb = r - g, 0.5 * (r + g) - b
    return float(np.hypot(rg.std(), yb.std()) + 0.3 * np.hypot(rg.mean(), yb.mean()))


def _resized(pixels: np.ndarray, width: int) -> np.ndarray:
    if pixels.ndim == 2:
        pixels = cv2.cvtColor(pixels, cv2.COLOR_GRAY2BGR)
    if pixels.shape[1] <= width:
        return pixels
    height = max(1, round(pixels.shape[0] * width / pixels.shape[1]))
    return cv2.resize(pixels, (width, height), interpolation=cv2.INTER_AREA)
