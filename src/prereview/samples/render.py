"""Drawing synthetic documents with PIL, each with the ground-truth fields it prints.

Every `render_*` function returns `(image, fields)`: an RGB `PIL.Image` at native resolution
and the dict of every field of `FIELDS_BY_TYPE` for that document type, normalised as the
contract says (ISO dates, 长期 kept, no white space, full-width brackets and ㎡ as printed).
Layouts follow docs/documents.md; sizes keep CJK glyphs at least ~22 px tall on pages and
~28 px on ID cards so that OCR engines can read them.
"""

from __future__ import annotations

import math
import random
import zlib
from datetime import date
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from prereview.errors import MissingDependency
from prereview.samples.identities import PERMANENT, Enterprise, Person, Property

NOTO_DIR = Path("/usr/share/fonts/opentype/noto")
DEJAVU_DIR = Path("/usr/share/fonts/truetype/dejavu")
CJK_FILES = {
    "sans": "NotoSansCJK-Regular.ttc",
    "sans-bold": "NotoSansCJK-Bold.ttc",
    "serif": "NotoSerifCJK-Regular.ttc",
    "serif-bold": "NotoSerifCJK-Bold.ttc",
}
MONO_FILE = "DejaVuSansMono-Bold.ttf"

PX_PER_MM = 11  # ID cards: 85.6 x 54 mm -> 942 x 594 px
CARD_SIZE = (round(85.6 * PX_PER_MM), round(54 * PX_PER_MM))
CARD_CORNER_RADIUS = round(3.2 * PX_PER_MM)
LICENCE_SIZE = (1600, 1130)
OLD_LICENCE_SIZE = (1600, 1240)  # one column of rows needs more height
DEED_SIZE = (1200, 1700)
A4_150DPI = (1240, 1754)

INK = (25, 25, 30)
CARD_LABEL = (40, 110, 160)
SEAL_RED = (210, 30, 35)
GOLD = (230, 180, 40)

Fields = dict[str, str]
NO_LINE_START = "，。；：、）》”"


class FontMissingError(MissingDependency):
    """A font the sample generator draws with is not installed."""


@lru_cache
def font(size: int, style: str = "sans") -> ImageFont.FreeTypeFont:
    """The Simplified Chinese face of a Noto CJK font (`style` in CJK_FILES), or DejaVu `mono`."""
    if style == "mono":
        return ImageFont.truetype(str(font_path(DEJAVU_DIR / MONO_FILE, "fonts-dejavu-core")), size)
    path = font_path(NOTO_DIR / CJK_FILES[style], "fonts-noto-cjk")
    return ImageFont.truetype(str(path), size, index=sc_index(path))


def font_path(path: Path, package: str) -> Path:
    """`path` if it exists, else a FontMissingError naming the Debian package that ships it."""
    if not path.exists():
        raise FontMissingError(f"font {path} not found: install the Debian package {package}")
    return path


@lru_cache
def sc_index(path: Path) -> int:
    """The index of the Simplified Chinese face inside a Noto CJK collection."""
    for index in range(10):
        try:
            family = ImageFont.truetype(str(path), 12, index=index).getname()[0]
        except OSError:
            break
        if family.endswith("CJK SC"):
            return index
    raise FontMissingError(f"{path} has no Simplified Chinese face: reinstall fonts-noto-cjk")


def seeded(*keys: str) -> random.Random:
    """A generator seeded from strings, so a record always draws with the same decorations."""
    return random.Random(zlib.crc32("|".join(keys).encode()))


def iso(day: date | None) -> str:
    """A date in contract form: YYYY-MM-DD, or 长期 for no end."""
    return PERMANENT if day is None else day.isoformat()


def cn_date(day: date) -> str:
    """A date as licences and deeds print it: 2018年06月21日."""
    return f"{day.year}年{day.month:02d}月{day.day:02d}日"


def compact(text: str) -> str:
    """A value with white space removed, as the contract compares them."""
    return "".join(text.split())


def wrap(text: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """`text` broken into lines no wider than `width` pixels (CJK text breaks anywhere)."""
    lines, line = [], ""
    for char in text:
        # Chinese typesetting never starts a line with closing punctuation.
        if line and face.getlength(line + char) > width and char not in NO_LINE_START:
            lines.append(line)
            line = char
        else:
            line += char
    return [*lines, line] if line else lines


def spaced(draw: ImageDraw.ImageDraw, xy, text, face, fill, width: float) -> None:
    """Draw `text` justified over `width` pixels, like the spread labels of licences (名　　称)."""
    x, y = xy
    if len(text) < 2:
        draw.text((x, y), text, font=face, fill=fill)
        return
    gap = (width - face.getlength(text)) / (len(text) - 1)
    for char in text:
        draw.text((x, y), char, font=face, fill=fill)
        x += face.getlength(char) + max(gap, 0)


# --- backgrounds and decorations -------------------------------------------------------------


def guilloche(size: tuple[int, int], rng: random.Random, top, bottom, line, waves: int = 14):
    """A light security-print background: a vertical gradient crossed by fine sine waves."""
    w, h = size
    t = np.linspace(0, 1, h)[:, None, None]
    pixels = (1 - t) * np.array(top, float) + t * np.array(bottom, float)
    pixels = np.broadcast_to(pixels, (h, w, 3)).copy()
    xs = np.arange(w)
    ys = np.arange(h)[:, None]
    mask = np.zeros((h, w), bool)
    for _ in range(waves):
        period, amp = rng.uniform(120, 400), rng.uniform(8, 40)
        phase, base = rng.uniform(0, 2 * math.pi), rng.uniform(0, h)
        curve = base + amp * np.sin(2 * math.pi * xs / period + phase)
        mask |= np.abs(ys - curve[None, :]) < 0.9
    pixels[mask] = 0.55 * pixels[mask] + 0.45 * np.array(line, float)
    return Image.fromarray(pixels.astype(np.uint8))


def rounded_card(image: Image.Image, fill=(255, 255, 255)) -> Image.Image:
    """The card with its corners outside the rounded outline painted `fill` (the scanner lid)."""
    mask = Image.new("L", image.size, 0)
    ImageDraw.Draw(mask).rounded_rectangle(
        (0, 0, image.width - 1, image.height - 1), CARD_CORNER_RADIUS, fill=255
    )
    out = Image.new("RGB", image.size, fill)
    out.paste(image, (0, 0), mask)
    return out


def star_points(cx: float, cy: float, outer: float, rotation: float = 0.0):
    """The ten vertices of a five-pointed star centred on (cx, cy)."""
    points = []
    for i in range(10):
        radius = outer if i % 2 == 0 else outer * 0.38
        angle = rotation - math.pi / 2 + i * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return points


def draw_emblem(draw: ImageDraw.ImageDraw, cx: float, cy: float, radius: float) -> None:
    """A national-emblem placeholder: a red disc in a gold ring, with stars."""
    draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=GOLD)
    inner = radius * 0.86
    draw.ellipse((cx - inner, cy - inner, cx + inner, cy + inner), fill=SEAL_RED)
    draw.polygon(star_points(cx, cy - radius * 0.15, radius * 0.38), fill=GOLD)
    for i in range(4):
        angle = -math.pi / 2 + (i - 1.5) * 0.55
        sx = cx + radius * 0.62 * math.cos(angle)
        sy = cy - radius * 0.15 + radius * 0.62 * math.sin(angle) + radius * 0.3
        draw.polygon(star_points(sx, sy, radius * 0.11), fill=GOLD)
    base = (cx - radius * 0.55, cy + radius * 0.42, cx + radius * 0.55, cy + radius * 0.58)
    draw.rectangle(base, fill=GOLD)


def seal(text: str, radius: int, rng: random.Random) -> Image.Image:
    """A red round seal (RGBA): a ring, a star and `text` along the upper arc, slightly faded."""
    size = radius * 2 + 8
    layer = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    c = size / 2
    draw.ellipse((c - radius, c - radius, c + radius, c + radius), outline=SEAL_RED, width=7)
    draw.polygon(star_points(c, c, radius * 0.3), fill=SEAL_RED)
    face = font(int(radius * 0.26), "sans-bold")
    span = math.radians(min(250, 22 * len(text)))
    for i, char in enumerate(text):
        angle = -span / 2 + span * i / max(len(text) - 1, 1)
        glyph = Image.new("RGBA", (face.size * 2, face.size * 2), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text(
            (face.size, face.size), char, font=face, fill=SEAL_RED, anchor="mm"
        )
        glyph = glyph.rotate(-math.degrees(angle), resample=Image.BICUBIC)
        r = radius * 0.74
        x = c + r * math.sin(angle) - glyph.width / 2
        y = c - r * math.cos(angle) - glyph.height / 2
        layer.alpha_composite(glyph, (round(x), round(y)))
    # Real seals print unevenly: thin the ink at random.
    alpha = np.asarray(layer.getchannel("A"), float)
    speckle = np.random.default_rng(rng.randrange(2**32)).uniform(0.45, 0.8, alpha.shape)
    layer.putalpha(Image.fromarray((alpha * speckle).astype(np.uint8)))
    return layer.rotate(rng.uniform(-12, 12), resample=Image.BICUBIC)


def qr_like(modules: int, module_px: int, rng: random.Random) -> Image.Image:
    """A QR-code-looking square: three finder patterns and random modules (not decodable)."""
    grid = np.array([[rng.random() < 0.5 for _ in range(modules)] for _ in range(modules)])
    for r, c in ((0, 0), (0, modules - 7), (modules - 7, 0)):
        finder = np.zeros((7, 7), bool)
        finder[[0, 6], :] = finder[:, [0, 6]] = True
        finder[2:5, 2:5] = True
        grid[max(r - 1, 0) : r + 8, max(c - 1, 0) : c + 8] = False
        grid[r : r + 7, c : c + 7] = finder
    pixels = np.where(grid, 0, 255).astype(np.uint8)
    pixels = np.pad(pixels, 2, constant_values=255)
    return Image.fromarray(pixels).resize(
        (pixels.shape[1] * module_px, pixels.shape[0] * module_px), Image.NEAREST
    )


def silhouette(size: tuple[int, int], rng: random.Random) -> Image.Image:
    """A grey head-and-shoulders silhouette standing in for the holder's photo (no real face)."""
    w, h = size
    shade = rng.randint(245, 252)
    photo = Image.new("RGB", size, (shade, shade, shade))
    draw = ImageDraw.Draw(photo)
    tone = rng.randint(95, 140)
    colour = (tone, tone, tone + 6)
    draw.ellipse((w * 0.05, h * 0.66, w * 0.95, h * 1.3), fill=colour)
    draw.rectangle((w * 0.4, h * 0.5, w * 0.6, h * 0.72), fill=colour)
    head_w = w * rng.uniform(0.22, 0.27)
    draw.ellipse((w / 2 - head_w, h * 0.14, w / 2 + head_w, h * 0.62), fill=colour)
    return photo.filter(ImageFilter.GaussianBlur(1.5))


# --- resident identity card -----------------------------------------------------------------


def id_front_fields(person: Person) -> Fields:
    """Ground truth of an ID card's front."""
    return {
        "name": person.name,
        "sex": person.sex,
        "ethnicity": person.ethnicity,
        "birth_date": person.birth_date.isoformat(),
        "address": compact(person.address),
        "id_number": person.id_number.upper(),
    }


def id_back_fields(person: Person) -> Fields:
    """Ground truth of an ID card's back."""
    return {
        "issuing_authority": person.issuing_authority,
        "valid_from": person.valid_from.isoformat(),
        "valid_until": iso(person.valid_until),
    }


def card_canvas(person: Person, side: str) -> Image.Image:
    """The card's patterned background, tinted per side."""
    rng = seeded(person.id_number, side)
    if side == "front":
        colours = ((236, 242, 246), (246, 244, 236), (200, 214, 228))
    else:
        colours = ((244, 240, 230), (236, 242, 246), (226, 212, 196))
    return guilloche(CARD_SIZE, rng, *colours)


def render_id_front(person: Person) -> tuple[Image.Image, Fields]:
    """The front (人像面) of a resident identity card, 85.6 x 54 mm at 11 px/mm."""
    image = card_canvas(person, "front")
    draw = ImageDraw.Draw(image)
    label, value = font(30), font(34)
    lx, vx = draw_front_upper(draw, person, label, value, font(40, "sans-bold"))
    draw.text((lx, 282), "住址", font=label, fill=CARD_LABEL)
    for i, line in enumerate(wrap(person.address, value, 430)[:3]):
        draw.text((vx, 278 + 46 * i), line, font=value, fill=INK)
    draw.text((lx, 480), "公民身份号码", font=label, fill=CARD_LABEL)
    draw.text((300, 472), person.id_number, font=font(44, "mono"), fill=INK)
    photo = silhouette((250, 310), seeded(person.id_number, "photo"))
    image.paste(photo, (630, 70))
    return rounded_card(image), id_front_fields(person)


def draw_front_upper(draw, person: Person, label, value, name_face) -> tuple[int, int]:
    """Draw the card front's 姓名, 性别, 民族 and 出生 rows; return the label and value x."""
    lx, vx = 62, 168
    draw.text((lx, 62), "姓名", font=label, fill=CARD_LABEL)
    draw.text((vx, 56), person.name, font=name_face, fill=INK)
    draw.text((lx, 140), "性别", font=label, fill=CARD_LABEL)
    draw.text((vx, 136), person.sex, font=value, fill=INK)
    draw.text((290, 140), "民族", font=label, fill=CARD_LABEL)
    draw.text((390, 136), person.ethnicity, font=value, fill=INK)
    draw.text((lx, 210), "出生", font=label, fill=CARD_LABEL)
    birth = person.birth_date
    x = vx
    for text, face, fill in (
        (str(birth.year), value, INK),
        (" 年 ", label, CARD_LABEL),
        (str(birth.month), value, INK),
        (" 月 ", label, CARD_LABEL),
        (str(birth.day), value, INK),
        (" 日", label, CARD_LABEL),
    ):
        draw.text((x, 206 + (value.size - face.size) // 2), text, font=face, fill=fill)
        x += face.getlength(text)
    return lx, vx


def card_validity_text(person: Person) -> str:
    """有效期限 as printed: 2016.05.12-2036.05.12 or 2010.01.04-长期."""
    until = PERMANENT if person.valid_until is None else f"{person.valid_until:%Y.%m.%d}"
    return f"{person.valid_from:%Y.%m.%d}-{until}"


def render_id_back(person: Person) -> tuple[Image.Image, Fields]:
    """The back (国徽面) of a resident identity card, 85.6 x 54 mm at 11 px/mm."""
    image = card_canvas(person, "back")
    draw = ImageDraw.Draw(image)
    draw_emblem(draw, 150, 140, 88)
    draw.text((300, 70), "中华人民共和国", font=font(50, "serif-bold"), fill=INK)
    spaced(draw, (300, 160), "居民身份证", font(78, "serif-bold"), INK, 560)
    label, value = font(30), font(34)
    draw.text((150, 404), "签发机关", font=label, fill=CARD_LABEL)
    draw.text((300, 400), person.issuing_authority, font=value, fill=INK)
    draw.text((150, 482), "有效期限", font=label, fill=CARD_LABEL)
    draw.text((300, 478), card_validity_text(person), font=value, fill=INK)
    return rounded_card(image), id_back_fields(person)


# --- business licence -----------------------------------------------------------------------


def licence_fields(enterprise: Enterprise) -> Fields:
    """Ground truth of a business licence."""
    return {
        "credit_code": enterprise.credit_code.upper(),
        "name": compact(enterprise.name),
        "type": compact(enterprise.type),
        "legal_representative": enterprise.legal_representative,
        "registered_capital": compact(enterprise.registered_capital),
        "established_date": enterprise.established_date.isoformat(),
        "business_term_until": iso(enterprise.business_term_until),
        "address": compact(enterprise.address),
        "registration_authority": enterprise.registration_authority,
    }


def business_term(enterprise: Enterprise) -> str:
    """营业期限 as printed: 2018年06月21日 至 长期 / 至 2038年06月20日."""
    end = enterprise.business_term_until
    return f"{cn_date(enterprise.established_date)} 至 {PERMANENT if end is None else cn_date(end)}"


def licence_rows(enterprise: Enterprise, layout: str) -> list[tuple[str, str]]:
    """Label/value rows of a licence in printed order (before the scope in the old layout)."""
    return [
        ("名称", enterprise.name),
        ("类型" if layout == "current" else "主体类型", enterprise.type),
        (enterprise.representative_label, enterprise.legal_representative),
        ("注册资本", enterprise.registered_capital),
        ("成立日期", cn_date(enterprise.established_date)),
        ("营业期限", business_term(enterprise)),
        ("住所", enterprise.address),
        ("经营范围", enterprise.business_scope),
    ]


def draw_rows(draw, rows, x_label, x_value, y, value_width, face, step, line_step) -> int:
    """Draw label/value rows with wrapped values; return the y below the last row."""
    label_width = face.getlength("法定代表人")
    for label, value in rows:
        spaced(draw, (x_label, y), label, face, INK, label_width if len(label) > 1 else 0)
        lines = wrap(value, face, value_width)
        for i, line in enumerate(lines):
            draw.text((x_value, y + i * line_step), line, font=face, fill=INK)
        y += step + (len(lines) - 1) * line_step
    return y


def licence_frame(rng: random.Random, copy: str, enterprise: Enterprise, size) -> Image.Image:
    """The licence page without the rows: border, emblem, title, credit code and QR square."""
    w, h = size
    image = guilloche(size, rng, (252, 250, 243), (249, 246, 236), (235, 222, 200), 10)
    draw = ImageDraw.Draw(image)
    border = (176, 128, 84)
    draw.rectangle((30, 30, w - 31, h - 31), outline=border, width=10)
    draw.rectangle((52, 52, w - 53, h - 53), outline=border, width=3)
    draw_emblem(draw, w / 2, 125, 62)
    title = font(104, "serif-bold")
    spaced(draw, (w / 2 - 300, 196), "营业执照", title, INK, 600)
    draw.text((w / 2, 348), f"（{' '.join(copy)}）", font=font(34), fill=INK, anchor="mm")
    code_face = font(30)
    draw.text((100, 100), "统一社会信用代码", font=code_face, fill=INK)
    draw.text((100, 146), enterprise.credit_code, font=font(34, "sans-bold"), fill=INK)
    qr = qr_like(25, 6, rng)
    image.paste(qr, (w - 100 - qr.width, 82))
    small = font(16)
    caption = ("扫描二维码登录“国家企业", "信用信息公示系统”了解更多", "登记、备案、许可、监管信息")
    for i, line in enumerate(caption):
        draw.text((w - 100, 82 + qr.height + 8 + 20 * i), line, font=small, fill=INK, anchor="ra")
    return image


def render_licence(
    enterprise: Enterprise, layout: str = "current", sealed: bool = True
) -> tuple[Image.Image, Fields]:
    """A business licence page (1600 px wide, landscape); `layout` is "current" or "old";
    `sealed=False` leaves the registration authority's seal out (a forged or draft page)."""
    if layout not in ("current", "old"):
        raise ValueError(f"unknown licence layout {layout!r}: use 'current' or 'old'")
    rng = seeded(enterprise.credit_code, layout)
    copy = "副本" if rng.random() < 0.6 else "正本"
    size = LICENCE_SIZE if layout == "current" else OLD_LICENCE_SIZE
    image = licence_frame(rng, copy, enterprise, size)
    draw = ImageDraw.Draw(image)
    face = font(28)
    rows = licence_rows(enterprise, layout)
    if layout == "current":
        left = [rows[0], rows[1], rows[2], rows[7]]
        right = [rows[3], rows[4], rows[5], rows[6]]
        end = max(
            draw_rows(draw, left, 110, 275, 420, 560, face, 64, 42),
            draw_rows(draw, right, 880, 1045, 420, 460, face, 64, 42),
        )
    else:
        end = draw_rows(draw, rows, 200, 380, 400, 1000, face, 56, 40)
    w, h = size
    top = max(800, end + 20)
    authority = f"登记机关  {enterprise.registration_authority}"
    draw.text((w - 130, top), authority, font=face, fill=INK, anchor="ra")
    draw.text((w - 160, top + 80), cn_date(enterprise.issue_date), font=face, fill=INK, anchor="ra")
    footer = font(20)
    draw.text(
        (100, h - 100),
        "国家企业信用信息公示系统网址：http://www.gsxt.gov.cn",
        font=footer,
        fill=INK,
    )
    draw.text((w / 2, h - 80), "国家市场监督管理总局监制", font=footer, fill=INK, anchor="mm")
    # The seal covers the issue date and only the bottom edge of the authority line, as on
    # real licences, where OCR has to read through red ink.
    stamp = seal(enterprise.registration_authority, 112, rng)
    centre = (w - 160 - 95 + rng.randint(-30, 30), top + 150)
    if sealed:
        image.paste(stamp, (centre[0] - stamp.width // 2, centre[1] - stamp.height // 2), stamp)
    return image, licence_fields(enterprise)


# --- real estate title certificate ----------------------------------------------------------


def deed_fields(prop: Property) -> Fields:
    """Ground truth of a real estate title certificate."""
    return {
        "certificate_number": compact(prop.certificate_number),
        "owner": compact(prop.owner),
        "co_ownership": prop.co_ownership,
        "location": compact(prop.location),
        "unit_number": prop.unit_number,
        "right_type": prop.right_type,
        "usage": prop.usage,
        "area": compact(prop.area),
        "term_until": prop.term_until.isoformat(),
    }


def deed_rows(prop: Property) -> list[tuple[str, list[str] | str]]:
    """Label/value rows of the deed's table; a list value prints one line per item."""
    term = f"{cn_date(prop.term_from)}起{cn_date(prop.term_until)}止"
    return [
        ("权利人", prop.owner),
        ("共有情况", prop.co_ownership),
        ("坐落", prop.location),
        ("不动产单元号", prop.unit_number),
        ("权利类型", prop.right_type),
        ("权利性质", prop.right_nature),
        ("用途", prop.usage),
        ("面积", prop.area),
        ("使用期限", term),
        ("权利其他状况", list(prop.other)),
    ]


def render_deed(prop: Property) -> tuple[Image.Image, Fields]:
    """A real estate title certificate's register page (about 1200 x 1700 px, portrait)."""
    rng = seeded(prop.certificate_number)
    w, h = DEED_SIZE
    image = guilloche(DEED_SIZE, rng, (251, 252, 247), (248, 250, 244), (222, 236, 222), 8)
    draw = ImageDraw.Draw(image)
    draw.text(
        (w / 2, 110), prop.certificate_number, font=font(34, "sans-bold"), fill=INK, anchor="mm"
    )
    face = font(28)
    x0, x1, split = 80, w - 80, 320
    y = 180
    draw.line((x0, y, x1, y), fill=INK, width=3)
    for label, value in deed_rows(prop):
        items = value if isinstance(value, list) else [value]
        lines = [line for item in items for line in wrap(item, face, x1 - split - 40)]
        height = max(84, 44 * len(lines) + 40)
        spaced(draw, (x0 + 30, y + (height - 30) / 2), label, face, INK, split - x0 - 60)
        for i, line in enumerate(lines):
            draw.text(
                (split + 20, y + (height - 44 * len(lines)) / 2 + 44 * i + 4),
                line,
                font=face,
                fill=INK,
            )
        y += height
        draw.line((x0, y, x1, y), fill=INK, width=2)
    draw.rectangle((x0, 180, x1, y), outline=INK, width=3)
    draw.line((split, 180, split, y), fill=INK, width=2)
    draw.text((x0, y + 40), "附记", font=face, fill=INK)
    return image, deed_fields(prop)


# --- pages holding copies, and non-documents -----------------------------------------------


def render_id_copy_page(person: Person, grey: bool = True) -> tuple[Image.Image, list[Fields]]:
    """An A4 page at 150 dpi with an enlarged copy of the card's front (upper) and back (lower)."""
    rng = seeded(person.id_number, "copy")
    paper = rng.randint(232, 246) if grey else 255
    page = Image.new("RGB", A4_150DPI, (paper, paper, paper))
    front, front_fields = render_id_front(person)
    back, back_fields = render_id_back(person)
    width = rng.randint(780, 860)
    for card, top in ((front, 170), (back, 960)):
        card = rounded_card(card, (paper, paper, paper))
        card = card.resize((width, round(card.height * width / card.width)), Image.LANCZOS)
        if grey:
            card = card.convert("L").convert("RGB")
        page.paste(card, ((A4_150DPI[0] - width) // 2 + rng.randint(-30, 30), top))
    return page, [front_fields, back_fields]


def render_landscape(seed: int, size: tuple[int, int] = (1280, 960)) -> Image.Image:
    """A synthetic outdoor photo (sky, sun, hills, trees): an upload that is no document."""
    rng = random.Random(seed)
    w, h = size
    image = guilloche(size, rng, (120, 170, 230), (200, 225, 245), (190, 215, 240), 0)
    draw = ImageDraw.Draw(image)
    sx, sy = rng.randint(200, w - 200), rng.randint(80, 250)
    draw.ellipse((sx - 60, sy - 60, sx + 60, sy + 60), fill=(255, 235, 160))
    for layer, colour in enumerate(((110, 140, 120), (80, 130, 80), (60, 110, 60))):
        base = h * (0.5 + 0.12 * layer)
        points = [(0, h)]
        for x in range(0, w + 80, 80):
            points.append((x, base - rng.uniform(20, 160) / (layer + 1)))
        points.append((w, h))
        draw.polygon(points, fill=colour)
    for _ in range(rng.randint(5, 9)):
        tx, ty = rng.randint(40, w - 40), rng.randint(int(h * 0.75), h - 40)
        draw.rectangle((tx - 6, ty, tx + 6, ty + 50), fill=(90, 60, 40))
        draw.ellipse((tx - 40, ty - 80, tx + 40, ty + 10), fill=(40, 95, 45))
    return image.filter(ImageFilter.GaussianBlur(1.2))


def render_blank_page(seed: int) -> Image.Image:
    """A blank grey scanned page with a faint uneven tone: an upload that is no document."""
    rng = np.random.default_rng(seed)
    w, h = A4_150DPI
    y, x = np.mgrid[0:h, 0:w]
    tone = 205 + 12 * np.cos((x / w - 0.5) * 2.5) * np.cos((y / h - 0.5) * 2.0)
    tone = tone + rng.normal(0, 2.5, tone.shape)
    grey = np.clip(tone, 0, 255).astype(np.uint8)
    return Image.fromarray(np.dstack([grey] * 3))


def render_household_register(person: Person) -> Image.Image:
    """A 常住人口登记卡 page of a 居民户口簿: a legible paper that is none of the document types
    prereview reads (an applicant's wrong upload)."""
    w, h = A4_150DPI
    image = Image.new("RGB", (w, h), (250, 248, 240))
    draw = ImageDraw.Draw(image)
    draw.text((w // 2 - 210, 90), "常住人口登记卡", font=font(60, "sans-bold"), fill=INK)
    rows = (
        ("户主或与户主关系", "户主"),
        ("曾用名", "无"),
        ("籍贯", person.address[:3]),
        ("宗教信仰", "无"),
        ("文化程度", "大学本科"),
        ("婚姻状况", "已婚"),
        ("兵役状况", "未服兵役"),
        ("服务处所", "个体"),
        ("职业", "职员"),
        ("何时由何地迁来本市", "无"),
        ("承办人签章", ""),
    )
    face = font(34)
    top, step = 260, 110
    for index, (label, value) in enumerate(rows):
        y = top + index * step
        draw.rectangle((80, y, w - 80, y + step), outline=INK, width=2)
        draw.line((480, y, 480, y + step), fill=INK, width=2)
        draw.text((100, y + 36), label, font=face, fill=INK)
        draw.text((510, y + 36), value, font=face, fill=INK)
    return image
