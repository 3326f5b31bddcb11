"""Degradations that make clean renders look like real uploads (phone photos, scans, copies).

Each function takes a BGR uint8 numpy image and a seeded `numpy.random.Generator` and returns
a new BGR uint8 image. Strengths are chosen so that text stays readable to a person after any
one or two of them. `apply_degradations` runs them by the names recorded in ground-truth files.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import cv2
import numpy as np
from PIL import Image

Degradation = Callable[[np.ndarray, np.random.Generator], np.ndarray]


def to_bgr(image: Image.Image) -> np.ndarray:
    """A PIL image as a BGR uint8 array."""
    return cv2.cvtColor(np.asarray(image.convert("RGB")), cv2.COLOR_RGB2BGR)


def to_pil(pixels: np.ndarray) -> Image.Image:
    """A BGR uint8 array as an RGB PIL image."""
    return Image.fromarray(cv2.cvtColor(pixels, cv2.COLOR_BGR2RGB))


def border_colour(image: np.ndarray) -> tuple[int, int, int]:
    """The median colour of the image's outermost pixels, to fill what a rotation uncovers."""
    edges = np.concatenate([image[0], image[-1], image[:, 0], image[:, -1]])
    return tuple(int(v) for v in np.median(edges, axis=0))


def rotate_small(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Rotated by 2-8 degrees either way, on a canvas expanded to keep every corner."""
    angle = float(rng.uniform(2, 8) * rng.choice([-1, 1]))
    h, w = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    new_w, new_h = int(w * cos + h * sin + 0.5), int(w * sin + h * cos + 0.5)
    matrix[0, 2] += new_w / 2 - w / 2
    matrix[1, 2] += new_h / 2 - h / 2
    return cv2.warpAffine(
        image, matrix, (new_w, new_h), flags=cv2.INTER_CUBIC, borderValue=border_colour(image)
    )


def turn(image: np.ndarray, degrees: int) -> np.ndarray:
    """Turned clockwise by exactly 90, 180 or 270 degrees (a page scanned or shot sideways)."""
    codes = {
        90: cv2.ROTATE_90_CLOCKWISE,
        180: cv2.ROTATE_180,
        270: cv2.ROTATE_90_COUNTERCLOCKWISE,
    }
    return cv2.rotate(image, codes[degrees])


def smooth_noise(shape: tuple[int, int], rng: np.random.Generator, scale: int) -> np.ndarray:
    """Low-frequency noise in -1..1: random values at 1/scale resolution, upsampled smoothly."""
    h, w = shape
    small = rng.uniform(-1, 1, (max(h // scale, 2), max(w // scale, 2))).astype(np.float32)
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC)


def desk_texture(shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    """A desk-like BGR surface: a wood or fabric tone with grain and uneven light."""
    h, w = shape
    palettes = ([60, 95, 140], [90, 120, 150], [70, 70, 75], [150, 150, 145], [40, 60, 90])
    base = np.array(palettes[rng.integers(len(palettes))], np.float32)
    grain = smooth_noise((h, w // 8 + 1), rng, 4)
    grain = cv2.resize(grain, (w, h), interpolation=cv2.INTER_LINEAR)
    blotches = smooth_noise((h, w), rng, 60)
    light = np.linspace(rng.uniform(0.8, 1.0), rng.uniform(1.0, 1.2), w, dtype=np.float32)
    tone = (1 + 0.12 * grain + 0.08 * blotches) * light[None, :]
    desk = base[None, None, :] * tone[..., None] + rng.normal(0, 3, (h, w, 1))
    return np.clip(desk, 0, 255).astype(np.uint8)


def document_mask(shape: tuple[int, int], corner_radius: int) -> np.ndarray:
    """A float mask of the document: 1 inside, with rounded corners for a card."""
    h, w = shape
    mask = np.zeros((h, w), np.uint8)
    r = corner_radius
    if r <= 0:
        mask[:] = 255
    else:
        cv2.rectangle(mask, (r, 0), (w - 1 - r, h - 1), 255, -1)
        cv2.rectangle(mask, (0, r), (w - 1, h - 1 - r), 255, -1)
        for cx, cy in ((r, r), (w - 1 - r, r), (r, h - 1 - r), (w - 1 - r, h - 1 - r)):
            cv2.circle(mask, (cx, cy), r, 255, -1, lineType=cv2.LINE_AA)
    return mask.astype(np.float32) / 255


def desk_photo(
    image: np.ndarray, rng: np.random.Generator, corner_radius: int = 0, cut: bool = False
) -> np.ndarray:
    """The document photographed on a desk: margin, mild perspective, a drop shadow, uneven light.

    `corner_radius` rounds the document's corners (ID cards) so the desk shows through them;
    `cut` frames the shot so that a strip of the document's right edge is left out.
    """
    h, w = image.shape[:2]
    margin_x, margin_y = int(w * rng.uniform(0.12, 0.22)), int(h * rng.uniform(0.12, 0.22))
    out_w, out_h = w + 2 * margin_x, h + 2 * margin_y
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    jitter = rng.uniform(-0.045, 0.045, (4, 2)) * [w, h]
    dst = (src + [margin_x, margin_y] + jitter).astype(np.float32)
    warp = cv2.getPerspectiveTransform(src, dst)
    size = (out_w, out_h)
    doc = cv2.warpPerspective(image, warp, size, flags=cv2.INTER_CUBIC)
    mask = cv2.warpPerspective(document_mask((h, w), corner_radius), warp, size)
    desk = desk_texture((out_h, out_w), rng).astype(np.float32)
    # A soft shadow offset down-right, as under a desk lamp.
    offset = np.float32([[1, 0, w * 0.012], [0, 1, h * 0.02]])
    shadow = cv2.GaussianBlur(cv2.warpAffine(mask, offset, size), (0, 0), max(w, h) * 0.01)
    desk *= 1 - 0.45 * shadow[..., None]
    mask = mask[..., None]
    photo = doc.astype(np.float32) * mask + desk * (1 - mask)
    light = 1 + 0.08 * smooth_noise((out_h, out_w), rng, 200)
    photo = np.clip(photo * light[..., None], 0, 255).astype(np.uint8)
    if cut:
        right_edge = min(dst[1][0], dst[2][0])
        photo = photo[:, : int(right_edge - 0.025 * w)]
    return photo


def over_exposed(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Washed out by a flash or a bright window: the darkest ink turns light grey."""
    keep = rng.uniform(0.3, 0.38)
    return np.clip(255 - (255 - image.astype(np.float32)) * keep, 0, 255).astype(np.uint8)


def blur(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A mild Gaussian (out of focus) or motion (shaky hand) blur that keeps text legible."""
    if rng.random() < 0.5:
        return cv2.GaussianBlur(image, (0, 0), float(rng.uniform(1.0, 1.6)))
    length = int(rng.integers(5, 9))
    kernel = np.zeros((length, length), np.float32)
    kernel[length // 2, :] = 1
    rotation = cv2.getRotationMatrix2D(((length - 1) / 2, (length - 1) / 2), rng.uniform(0, 180), 1)
    kernel = cv2.warpAffine(kernel, rotation, (length, length))
    return cv2.filter2D(image, -1, kernel / kernel.sum())


def jpeg(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Recompressed as JPEG at quality 30-45 (blocking and ringing around text)."""
    quality = int(rng.integers(30, 46))
    ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return cv2.imdecode(data, cv2.IMREAD_COLOR)


def shadow(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A soft dark gradient over part of the image, like a hand or phone shading it."""
    h, w = image.shape[:2]
    angle = rng.uniform(0, 2 * np.pi)
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    along = (xs - w / 2) * np.cos(angle) + (ys - h / 2) * np.sin(angle)
    edge = rng.uniform(-0.25, 0.25) * max(w, h)
    softness = rng.uniform(0.06, 0.15) * max(w, h)
    dark = 1 / (1 + np.exp(-(along - edge) / softness))
    factor = 1 - rng.uniform(0.35, 0.5) * dark
    return np.clip(image * factor[..., None], 0, 255).astype(np.uint8)


def low_res(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Downscaled to 55-70 % (a low-resolution phone or scanner setting)."""
    scale = rng.uniform(0.55, 0.7)
    h, w = image.shape[:2]
    return cv2.resize(image, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA)


def photocopy(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A grey photocopy: no colour, lowered contrast, toner speckles and grain."""
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY).astype(np.float32)
    low, high = rng.uniform(35, 60), rng.uniform(205, 230)
    grey = low + grey * (high - low) / 255
    grey += rng.normal(0, 5, grey.shape)
    speckles = rng.random(grey.shape) < rng.uniform(0.0008, 0.002)
    grey[speckles] = rng.uniform(20, 90, int(speckles.sum()))
    grey = np.clip(grey, 0, 255).astype(np.uint8)
    return cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR)


def exposure(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Over- or under-exposed: a gamma of 0.45-0.7 (washed out) or 1.5-2.2 (dark), text kept."""
    gamma = rng.uniform(0.45, 0.7) if rng.random() < 0.5 else rng.uniform(1.5, 2.2)
    table = np.clip(255 * (np.arange(256) / 255) ** gamma, 0, 255).astype(np.uint8)
    return cv2.LUT(image, table)


DEGRADATIONS: dict[str, Degradation] = {
    "rotate_small": rotate_small,
    "turn_90": lambda image, rng: turn(image, 90),
    "turn_180": lambda image, rng: turn(image, 180),
    "turn_270": lambda image, rng: turn(image, 270),
    "desk_photo": desk_photo,
    "border_cut": lambda image, rng: desk_photo(image, rng, cut=True),
    "blur": blur,
    "jpeg": jpeg,
    "shadow": shadow,
    "low_res": low_res,
    "photocopy": photocopy,
    "over_exposed": over_exposed,
    "exposure": exposure,
}
"""Degradations by the name recorded in ground-truth files; turns are clockwise."""


def apply_degradations(
    image: np.ndarray,
    names: Sequence[str],
    rng: np.random.Generator,
    corner_radius: int = 0,
) -> np.ndarray:
    """`image` after the named degradations in order (`corner_radius`: for cards on a desk)."""
    for name in names:
        if name in ("desk_photo", "border_cut"):
            image = desk_photo(image, rng, corner_radius, cut=name == "border_cut")
        else:
            image = DEGRADATIONS[name](image, rng)
    return image
