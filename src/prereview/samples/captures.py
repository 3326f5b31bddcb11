"""The captures family: what an upload really is, with the truth of which authenticity signal
should fire (authenticity.py), for `make bench-captures`.

Kinds, each drawn from a seed:
- `honest`: a colour capture of an original (scan or phone photo on a desk, the usual blur,
  shadow, exposure and JPEG), sometimes with a camera's own EXIF Software tag;
- `grey_copy`: a black-and-white photocopy (degrade.photocopy), scanned or photographed;
- `colour_copy`: a colour photocopy: flattened, desaturated tones, toner speckle, grain;
- `screen`: the document shown on an LCD monitor and photographed: the sub-pixel RGB stripes
  and black matrix, the phone's resampling (moiré), gamma and a backlight tint, the dark
  bezel, perspective;
- `edited`: an honest capture re-saved by an image editor (EXIF Software, XMP CreatorTool or
  PNG text naming it) with a field region pasted from elsewhere in other noise;
- `no_seal`: a business licence rendered without its seal;
- `scene` and `chat`: no document at all: an outdoor scene, a gradient with shapes, or a chat
  screenshot.

Each upload NAME.EXT has NAME.truth.json beside it: `kind`, `doc_type` (None for no document),
`signals` (signal -> should fire) and the usual `documents` and `degradations`.
"""

from __future__ import annotations

import io
import json
import random
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw

from ..authenticity import EDITED, NO_SEAL, NOT_A_DOCUMENT, PHOTOCOPY, SCREEN, SIGNALS
from . import render
from .degrade import DEGRADATIONS, desk_photo, photocopy, to_bgr, to_pil
from .identities import make_enterprise, make_person, make_property

FAMILY = "captures"
DEV_SEED = 7101  # for tuning; never report with it
REPORT_SEED = 20261205  # what `make bench-captures` reports; never tune on it
DEFAULT_COUNT = 120

COLOUR_DOCUMENTS = ("id_card_front", "id_card_back", "business_licence")
DOCUMENTS = (*COLOUR_DOCUMENTS, "property_deed")

# Kind -> (the documents it is drawn on, the signal that should fire); honest weighs most so
# that false alarms are measured on many originals.
KINDS: dict[str, tuple[tuple[str | None, ...], str | None]] = {
    "honest": (DOCUMENTS, None),
    "grey_copy": (COLOUR_DOCUMENTS, PHOTOCOPY),
    "colour_copy": (COLOUR_DOCUMENTS, PHOTOCOPY),
    "screen": (DOCUMENTS, SCREEN),
    "edited": (DOCUMENTS, EDITED),
    "no_seal": (("business_licence",), NO_SEAL),
    "scene": ((None,), NOT_A_DOCUMENT),
    "chat": ((None,), NOT_A_DOCUMENT),
}
CYCLE = ("honest", "grey_copy", "screen", "honest", "edited", "no_seal", "honest", "scene",
         "colour_copy", "honest", "screen", "chat")  # fmt: skip

CAMERA_SOFTWARE = ("HDR+ 1.0.540104767zd", "MIUI Camera", "iOS 17.5.1", "V2183A_13.1.0")
EDITOR_SOFTWARE = ("Adobe Photoshop 25.0 (Windows)", "Adobe Photoshop CC 2019 (Macintosh)",
                   "GIMP 2.10.36", "Meitu", "醒图", "Snapseed 2.0", "Photopea")  # fmt: skip


def generate_captures(
    out_dir: Path, seed: int = DEV_SEED, count: int = DEFAULT_COUNT
) -> list[Path]:
    """Write `count` uploads of the captures family drawn from `seed` into `out_dir`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    return [write_capture(out_dir, seed, number) for number in range(count)]


def write_capture(out_dir: Path, seed: int, number: int) -> Path:
    """Render, capture and save one upload and its truth file."""
    rng = random.Random(f"captures:{seed}:{number}")
    nprng = np.random.default_rng([seed, number])
    kind = CYCLE[number % len(CYCLE)]
    choices, signal = KINDS[kind]
    doc_type = rng.choice(choices)
    pixels, fields = original(doc_type, rng, sealed=kind != "no_seal")
    pixels, steps = CAPTURES[kind](pixels, doc_type, nprng)
    stem = f"IMG_{seed % 10000:04d}_{number:04d}"
    data, extension, software = encoded(pixels, kind, rng)
    path = out_dir / f"{stem}.{extension}"
    path.write_bytes(data)
    truth = {
        "file": path.name,
        "family": FAMILY,
        "seed": seed,
        "kind": kind,
        "doc_type": doc_type,
        "signals": {name: name == signal for name in SIGNALS},
        "software": software,
        "degradations": steps,
        "documents": [] if doc_type is None else [
            {"source": path.name, "type": doc_type, "fields": fields}
        ],
    }  # fmt: skip
    truth_file = out_dir / f"{stem}.truth.json"
    truth_file.write_text(json.dumps(truth, ensure_ascii=False, indent=2) + "\n", "utf-8")
    return path


# --- the original -----------------------------------------------------------------------------


def original(doc_type: str | None, rng: random.Random, sealed: bool = True):
    """The clean render of a document of `doc_type` (BGR) and its fields; a scene or a chat
    screenshot for None."""
    person = make_person(rng, birth_range=(1958, 1998))
    if doc_type == "id_card_front":
        image, fields = render.render_id_front(person)
    elif doc_type == "id_card_back":
        image, fields = render.render_id_back(person)
    elif doc_type == "business_licence":
        image, fields = render.render_licence(make_enterprise(rng, person), sealed=sealed)
    elif doc_type == "property_deed":
        image, fields = render.render_deed(make_property(rng, [person.name]))
    else:
        return no_document(rng), {}
    if doc_type.startswith("id_card"):
        image = render.rounded_card(image, (255, 255, 255))
    return to_bgr(image), fields


def no_document(rng: random.Random) -> np.ndarray:
    """A picture holding no document: an outdoor scene, shapes on a gradient, a chat."""
    choice = rng.random()
    if choice < 0.4:
        return to_bgr(render.render_landscape(rng.randrange(1 << 30)))
    if choice < 0.7:
        return shapes_on_gradient(rng)
    return chat_screenshot(rng)


def shapes_on_gradient(rng: random.Random) -> np.ndarray:
    """A colourful picture: a vertical gradient and a few filled shapes (a toy, a poster)."""
    w, h = rng.choice(((1280, 960), (960, 1280), (1200, 1200)))
    top = np.array([rng.randrange(256) for _ in range(3)], np.float32)
    bottom = np.array([rng.randrange(256) for _ in range(3)], np.float32)
    ramp = np.linspace(0, 1, h, dtype=np.float32)[:, None, None]
    image = Image.fromarray((top * (1 - ramp) + bottom * ramp).repeat(w, 1).astype(np.uint8))
    draw = ImageDraw.Draw(image)
    for _ in range(rng.randint(4, 9)):
        x, y, r = rng.randrange(w), rng.randrange(h), rng.randint(40, 260)
        colour = tuple(rng.randrange(256) for _ in range(3))
        shape = rng.choice((draw.ellipse, draw.rectangle))
        shape((x - r, y - r, x + r, y + r), fill=colour)
    return cv2.cvtColor(np.asarray(image), cv2.COLOR_RGB2BGR)


CHAT_LINES = ("在吗", "材料我晚上发你", "好的，收到", "明天几点去窗口办理？", "上午九点",
              "[图片]", "谢谢！", "不客气", "要带原件吗", "对，带身份证原件")  # fmt: skip


def chat_screenshot(rng: random.Random) -> np.ndarray:
    """A messenger screenshot: a status bar, a title, grey background, chat bubbles."""
    w, h = 720, rng.choice((1480, 1560, 1600))
    image = Image.new("RGB", (w, h), (237, 237, 237))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, w, 150), fill=(247, 247, 247))
    face = render.font(30)
    draw.text((24, 16), f"{rng.randint(8, 22)}:{rng.randint(10, 59)}", font=face, fill=(0, 0, 0))
    draw.text((w // 2, 100), rng.choice(("张师傅", "小李", "办事群(8)")), font=face,
              fill=(0, 0, 0), anchor="mm")  # fmt: skip
    y = 190
    while y < h - 200:
        text = rng.choice(CHAT_LINES)
        mine = rng.random() < 0.5
        width = 60 + 32 * len(text)
        x = w - 120 - width if mine else 120
        avatar = (w - 100, y, w - 20, y + 80) if mine else (20, y, 100, y + 80)
        draw.rectangle(avatar, fill=tuple(rng.randrange(60, 230) for _ in range(3)))
        bubble = (149, 236, 105) if mine else (255, 255, 255)
        draw.rounded_rectangle((x, y, x + width, y + 80), 12, fill=bubble)
        draw.text((x + 30, y + 22), text, font=face, fill=(20, 20, 20))
        y += rng.randint(110, 170)
    return cv2.cvtColor(np.asarray(image), cv2.COLOR_RGB2BGR)


# --- the capture --------------------------------------------------------------------------------

Capture = Callable[[np.ndarray, str | None, np.random.Generator], tuple[np.ndarray, list[str]]]
EVERYDAY = ("blur", "shadow", "exposure", "jpeg", "rotate_small")


def honest(pixels: np.ndarray, doc_type: str | None, rng: np.random.Generator):
    """A scan or a phone photo of the original, with up to two everyday flaws."""
    steps = ["desk_photo"] if rng.random() < 0.6 else []
    steps += list(rng.choice(EVERYDAY, size=int(rng.integers(0, 3)), replace=False))
    return everyday(pixels, doc_type, steps, rng), steps


def everyday(pixels, doc_type, steps, rng) -> np.ndarray:
    for name in steps:
        if name == "desk_photo":
            radius = render.CARD_CORNER_RADIUS if doc_type and doc_type.startswith("id") else 0
            pixels = desk_photo(pixels, rng, radius)
        else:
            pixels = DEGRADATIONS[name](pixels, rng)
    return pixels


def grey_copy(pixels: np.ndarray, doc_type: str | None, rng: np.random.Generator):
    """A black-and-white photocopy, scanned or photographed on a desk."""
    copied = on_copy_paper(photocopy(pixels, rng), rng)
    steps = ["photocopy", *(["desk_photo"] if rng.random() < 0.35 else [])]
    return everyday(copied, None, steps[1:], rng), steps


def colour_copy(pixels: np.ndarray, doc_type: str | None, rng: np.random.Generator):
    """A colour photocopy: tones flattened to few levels, colours washed out, toner speckle."""
    image = pixels.astype(np.float32)
    grey = image.mean(axis=2, keepdims=True)
    image = grey + (image - grey) * rng.uniform(0.35, 0.6)
    levels = float(rng.integers(5, 9))
    image = np.round(image / 255 * levels) / levels * 255
    low, high = rng.uniform(25, 50), rng.uniform(215, 240)
    image = low + image * (high - low) / 255 + rng.normal(0, 4, image.shape[:2])[..., None]
    speckles = rng.random(image.shape[:2]) < rng.uniform(0.0008, 0.002)
    image[speckles] = rng.uniform(20, 90, (int(speckles.sum()), 1))
    copied = on_copy_paper(np.clip(image, 0, 255).astype(np.uint8), rng)
    return copied, ["colour_copy"]


def on_copy_paper(card: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A card-sized copy placed on an A4-like sheet (a copier copies the card onto paper);
    pages are returned as they are."""
    h, w = card.shape[:2]
    if w >= 1200:
        return card
    paper = int(rng.integers(228, 246))
    sheet = np.full((int(h * 2.6), int(w * 1.5), 3), paper, np.uint8)
    top, left = int(h * 0.3), int(w * 0.25)
    sheet[top : top + h, left : left + w] = np.where(card > 250, paper, card)
    return sheet


def screen(pixels: np.ndarray, doc_type: str | None, rng: np.random.Generator):
    """The document shown on an LCD and photographed with a phone."""
    shown = displayed(pixels, rng)
    photo = photographed(shown, rng)
    return photo, ["screen"]


def displayed(pixels: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The document as the monitor's pixels emit it, each pixel drawn as its R, G, B stripes
    (3 camera pixels wide, with a dark black-matrix row), tinted and bezelled."""
    h, w = pixels.shape[:2]
    columns = int(rng.integers(520, 820))
    rows = round(h * columns / w)
    image = cv2.resize(pixels, (columns, rows), interpolation=cv2.INTER_AREA).astype(np.float32)
    gamma = rng.uniform(0.8, 1.25)
    image = 255 * (image / 255) ** gamma
    tint = np.array([rng.uniform(1.0, 1.12), rng.uniform(0.96, 1.04), rng.uniform(0.85, 0.98)])
    image = image * tint  # a backlight's blue (BGR order)
    step = 3
    big = np.repeat(np.repeat(image, step, axis=0), step, axis=1)
    stripes = np.zeros((step, step, 3), np.float32)
    for column, channel in enumerate((2, 1, 0)):  # R, G, B sub-pixels left to right
        stripes[:, column, channel] = 1.0
    stripes[-1, :, :] *= rng.uniform(0.3, 0.6)  # the black matrix between pixel rows
    grid = np.tile(stripes, (rows, columns, 1))
    big = np.clip(big * grid * 2.4, 0, 255)
    bezel = int(big.shape[1] * rng.uniform(0.03, 0.07))
    frame = rng.uniform(15, 45)
    return cv2.copyMakeBorder(big.astype(np.uint8), bezel, bezel, bezel, bezel,
                              cv2.BORDER_CONSTANT, value=(frame, frame, frame))  # fmt: skip


def photographed(shown: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The phone's photo: a mild perspective, the sensor's resampling (moiré), optics, noise."""
    h, w = shown.shape[:2]
    scale = rng.uniform(0.42, 0.7)
    out_w, out_h = int(w * scale * 1.15), int(h * scale * 1.15)
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    margin = np.float32([out_w * 0.06, out_h * 0.06])
    dst = (
        src * scale
        + margin
        + rng.uniform(-0.03, 0.03, (4, 2)).astype(np.float32)
        * [
            out_w,
            out_h,
        ]
    )
    warp = cv2.getPerspectiveTransform(src, dst.astype(np.float32))
    wall = tuple(float(v) for v in rng.uniform(60, 140, 3))
    photo = cv2.warpPerspective(shown, warp, (out_w, out_h), flags=cv2.INTER_LINEAR,
                                borderValue=wall)  # fmt: skip
    photo = cv2.GaussianBlur(photo, (0, 0), rng.uniform(0.4, 0.9))
    noisy = photo.astype(np.float32) + rng.normal(0, 3, photo.shape)
    return np.clip(noisy, 0, 255).astype(np.uint8)


def edited(pixels: np.ndarray, doc_type: str | None, rng: np.random.Generator):
    """An honest capture with a field region replaced by a patch from elsewhere, in another
    noise, as a forger's paste; the editor's name is written when the file is saved."""
    captured, steps = honest(pixels, doc_type, rng)
    h, w = captured.shape[:2]
    ph, pw = int(h * rng.uniform(0.06, 0.1)), int(w * rng.uniform(0.2, 0.35))
    y0, x0 = int(rng.integers(h // 4, h - h // 4 - ph)), int(rng.integers(w // 6, w - pw - w // 6))
    y1, x1 = int(rng.integers(h // 4, h - h // 4 - ph)), int(rng.integers(w // 6, w - pw - w // 6))
    patch = captured[y1 : y1 + ph, x1 : x1 + pw].astype(np.float32)
    patch = cv2.GaussianBlur(patch, (0, 0), 0.6) + rng.normal(0, 6, (ph, pw, 1))
    out = captured.copy()
    out[y0 : y0 + ph, x0 : x0 + pw] = np.clip(patch, 0, 255).astype(np.uint8)
    return out, [*steps, "pasted_region"]


def no_seal(pixels: np.ndarray, doc_type: str | None, rng: np.random.Generator):
    """A licence without its seal, captured as honestly as any other."""
    return honest(pixels, doc_type, rng)


def not_a_document(pixels: np.ndarray, doc_type: str | None, rng: np.random.Generator):
    """A picture as the phone saved it (JPEG, maybe a little blur)."""
    steps = ["blur"] if rng.random() < 0.3 else []
    return everyday(pixels, None, steps, rng), steps


CAPTURES: dict[str, Capture] = {
    "honest": honest,
    "grey_copy": grey_copy,
    "colour_copy": colour_copy,
    "screen": screen,
    "edited": edited,
    "no_seal": no_seal,
    "scene": not_a_document,
    "chat": not_a_document,
}


# --- the file -----------------------------------------------------------------------------------

XMP_HEADER = b"http://ns.adobe.com/xap/1.0/\x00"


def encoded(pixels: np.ndarray, kind: str, rng: random.Random) -> tuple[bytes, str, str | None]:
    """The file's bytes, its extension and the Software its metadata names: an editor for
    `edited` (EXIF, XMP or PNG text), a camera's firmware for some others, else none."""
    image = to_pil(pixels)
    if kind == "edited":
        software = rng.choice(EDITOR_SOFTWARE)
        where = rng.choice(("exif", "xmp", "png"))
    else:
        software = rng.choice(CAMERA_SOFTWARE) if rng.random() < 0.5 else None
        where = "exif"
    stream = io.BytesIO()
    if where == "png":
        from PIL.PngImagePlugin import PngInfo

        info = PngInfo()
        info.add_text("Software", software)
        image.save(stream, "PNG", pnginfo=info)
        return stream.getvalue(), "png", software
    exif = Image.Exif()
    if software and where == "exif":
        exif[0x0131] = software
    image.save(stream, "JPEG", quality=rng.choice((75, 85, 92)), exif=exif)
    data = stream.getvalue()
    if where == "xmp":
        data = with_xmp(data, software)
    return data, "jpg", software


def with_xmp(jpeg: bytes, tool: str) -> bytes:
    """The JPEG with an XMP packet (APP1) naming `tool` as its CreatorTool, after the SOI."""
    packet = (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf='
        '"http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
        f'xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:CreatorTool="{tool}"/>'
        "</rdf:RDF></x:xmpmeta>"
    ).encode()
    body = XMP_HEADER + packet
    segment = b"\xff\xe1" + (len(body) + 2).to_bytes(2, "big") + body
    return jpeg[:2] + segment + jpeg[2:]
