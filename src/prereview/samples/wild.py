"""The wild family: synthetic uploads drawn with the variation real uploads have.

The fixed sample set (generate.py) is what the extractor was tuned on. This family varies what
that set keeps fixed, so that a score on it says how well extraction generalises: every
installed CJK face, value widths that wrap every multi-line field, the older one-column
licence layout and the current one, 个体工商户 licences, licences with a 15-digit 注册号,
label variants of real layouts, deeds with wrapping cells and long co-owner lists, ID fronts
with two- and three-line addresses, overlay phrases written on uploads, 登记机关 printed only
inside the red seal, rare-character place names, ID backs with part of the validity covered,
and the degradations of the fixed set plus exposure.

`generate_wild(out_dir, seed, count)` writes `count` uploads with a truth file beside each,
as the fixed set does, plus:

    {"family": "wild", "seed": N, "documents": [{..., "face": "AR PL UKai CN",
      "variations": ["layout:current", "seal_only", "wrap:type", ...],
      "seal_only": ["registration_authority"], "overlay_text": ["复印无效"]}]}

A field the layout does not print is absent from `fields` (no credit_code on a 注册号 licence,
no valid_from when it is covered); a field printed only inside the seal keeps its value in
`fields` and is named in `seal_only`: the right result there is that value or none.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from prereview.samples import render
from prereview.samples.degrade import apply_degradations, to_bgr, to_pil
from prereview.samples.faces import FACES, available_family, face_font
from prereview.samples.identities import (
    RARE_DIVISIONS,
    SHOP_KINDS,
    SOLE_FORMS,
    SOLE_PROPRIETOR,
    WILD_COMPANY_TYPES,
    Enterprise,
    Person,
    Property,
    add_years,
    credit_code,
    local_market_authority,
    long_address,
    make_enterprise,
    make_person,
    make_property,
    random_date,
    registration_number,
)
from prereview.samples.render import CARD_LABEL, INK, Fields, cn_date, spaced, wrap

FAMILY = "wild"
DEV_SEED = 7001  # for tuning; never report with it
REPORT_SEED = 20261201  # what `make bench` reports; never tune on it
DEFAULT_COUNT = 120

KINDS = ("id_front", "id_back", "licence", "deed", "id_copy")
KIND_WEIGHTS = (3, 2, 4, 3, 1)
OVERLAY_PURPOSES = ("银行开户", "营业执照变更", "不动产登记", "社保登记", "公积金提取", "工商注册")
DEGRADATION_MENU = (
    (), (), ("desk_photo",), ("desk_photo", "blur"), ("blur",), ("exposure",),
    ("desk_photo", "exposure"), ("rotate_small",), ("rotate_small", "jpeg"), ("photocopy",),
    ("shadow",), ("low_res",), ("turn_90",), ("turn_180",), ("turn_270",), ("jpeg",),
    ("border_cut",), ("over_exposed",),
)  # fmt: skip

# Variations each kind must show somewhere in any family of at least len(COVERAGE) uploads:
# the first uploads are drawn with these forced, the rest at random.
COVERAGE: tuple[tuple[str, str], ...] = (
    ("licence", "layout:horizontal"),
    ("licence", "registration_number"),
    ("licence", "sole_proprietor"),
    ("licence", "label:商事主体类型"),
    ("licence", "layout:current"),
    ("licence", "printed_authority"),
    ("licence", "align:centred"),
    ("deed", "term_split:stop"),
    ("deed", "term_split:from"),
    ("deed", "owners:many"),
    ("deed", "wrap:坐落"),
    ("id_front", "address_lines:3"),
    ("id_front", "address_lines:2"),
    ("id_front", "label:公民身份证号码"),
    ("id_back", "covered:valid_from"),
    ("id_back", "rare_place"),
    ("id_copy", "overlay:复印无效"),
    ("id_front", "overlay:样证"),
    ("licence", "overlay:官网展示"),
    ("deed", "overlay:仅供办理"),
    ("licence", "overlay:inline"),
)


@dataclass(frozen=True)
class Drawn:
    """One rendered document: its image, truth entry and the value lines an overlay may follow."""

    image: Image.Image
    doc_type: str
    fields: Fields
    variations: tuple[str, ...]
    seal_only: tuple[str, ...] = ()
    # (x after the text, top y, height[, x the text after it must stay left of]).
    line_ends: tuple[tuple[int, ...], ...] = ()


@dataclass(frozen=True)
class Spec:
    """What one upload shows: the kind of document, its face, and a forced variation."""

    number: int
    kind: str
    face: str
    force: str = ""
    degradations: tuple[str, ...] = ()


def wild_plan(seed: int, count: int) -> tuple[Spec, ...]:
    """The uploads of a family: coverage first (undegraded), then kinds and degradations at
    random; faces in turn."""
    rng = random.Random(seed)
    faces = [family for family, _ in FACES]
    rng.shuffle(faces)
    specs = []
    for number in range(count):
        if number < len(COVERAGE):
            kind, force = COVERAGE[number]
            degradations = ()
        else:
            kind, force = rng.choices(KINDS, KIND_WEIGHTS)[0], ""
            degradations = rng.choice(DEGRADATION_MENU)
        specs.append(Spec(number, kind, faces[number % len(faces)], force, degradations))
    return tuple(specs)


def draw_forced(spec: Spec, prefix: str) -> bool:
    """Whether the spec forces a variation starting with `prefix`."""
    return spec.force.startswith(prefix)


# --- people, enterprises, properties --------------------------------------------------------


def wild_division(rng: random.Random, rare: bool = False):
    """A rare-name division half of the time (always when `rare`), else a common one."""
    if rare or rng.random() < 0.5:
        return rng.choice(RARE_DIVISIONS)
    return None


def wild_person(rng: random.Random, address_lines: int, rare: bool = False) -> Person:
    """A person whose address is long enough for `address_lines` lines on the card."""
    person = make_person(rng, division=wild_division(rng, rare))
    least, most = (14, 22) if address_lines == 2 else (27, 34)
    return replace(person, address=long_address(rng, person.division, least, most))


def wild_enterprise(rng: random.Random, spec: Spec) -> tuple[Enterprise, dict]:
    """An enterprise and how its licence prints it (layout, labels, registration)."""
    owner = wild_person(rng, 2)
    while owner.birth_date.year > 1995:
        owner = wild_person(rng, 2)
    division = wild_division(rng)
    if draw_forced(spec, "label:商事"):
        division = next(d for d in RARE_DIVISIONS if d.city == "深圳市")
    sole = draw_forced(spec, "sole") or (not spec.force and rng.random() < 0.2)
    enterprise = make_enterprise(rng, owner, division=division, kind=0)
    division = enterprise.division
    address = long_address(rng, division, 24, 34)
    if sole:
        shop = f"{division.district}{rng.choice(division.streets)}{owner.name[0]}记"
        enterprise = replace(
            enterprise,
            name=shop + rng.choice(SHOP_KINDS),
            type=SOLE_PROPRIETOR,
            representative_label="经营者",
            registered_capital="",
            business_term_until=None,
            credit_code=credit_code(rng, division.code, category="2"),
        )
    else:
        # Names start with the place, as registered: 漯河天成… or 河南省漯河市天成….
        bare = enterprise.name.removeprefix(division.city.removesuffix("市"))
        name = rng.choice((division.city, division.full_name, division.city + division.district))
        name += bare
        capital = enterprise.registered_capital
        if rng.random() < 0.25:
            capital = f"人民币{rng.choice((50, 100, 500, 5000))}.0000万元整"
        enterprise = replace(
            enterprise, name=name, type=rng.choice(WILD_COMPANY_TYPES), registered_capital=capital
        )
    old_number = draw_forced(spec, "registration") or (not spec.force and rng.random() < 0.2)
    layout = "horizontal" if old_number or draw_forced(spec, "layout:horizontal") else "current"
    if not spec.force and not old_number and rng.random() < 0.35:
        layout = "horizontal"
    if old_number:
        established = random_date(rng, date(2001, 1, 1), date(2014, 6, 30))
        until = None if rng.random() < 0.4 else add_years(established, 20) - timedelta(days=1)
        enterprise = replace(
            enterprise,
            established_date=established,
            business_term_until=until if not sole else None,
            issue_date=random_date(rng, established, date(2014, 12, 31)),
        )
    enterprise = replace(
        enterprise, address=address, registration_authority=local_market_authority(division)
    )
    type_label = "类型"
    if draw_forced(spec, "label:商事") or (division.city == "深圳市" and rng.random() < 0.7):
        type_label = "商事主体类型"
    elif layout == "horizontal" and rng.random() < 0.5:
        type_label = "主体类型"
    seal_only = not draw_forced(spec, "printed") and (bool(spec.force) or rng.random() < 0.75)
    look = {
        "sole": sole,
        "layout": layout,
        "registration": registration_number(rng, division.code) if old_number else "",
        "type_label": type_label,
        "address_label": "经营场所" if sole else rng.choice(("住所", "住所", "主要经营场所")),
        "form": rng.choice(SOLE_FORMS),
        "seal_only": seal_only,
    }
    return enterprise, look


def wild_property(rng: random.Random, spec: Spec) -> tuple[Property, str]:
    """A property with one to six owners, and how its term cell breaks."""
    many = draw_forced(spec, "owners") or rng.random() < 0.35
    count = rng.randint(4, 8) if many else rng.randint(1, 2)
    owners = [make_person(rng).name for _ in range(count)]
    prop = make_property(rng, owners, division=wild_division(rng))
    if draw_forced(spec, "wrap") or rng.random() < 0.5:
        # Many deeds write the city before the district: a 坐落 that wraps in its cell.
        prop = replace(prop, location=prop.division.city + prop.location)
    if draw_forced(spec, "term_split:"):
        split = spec.force.split(":")[1]
    else:
        split = rng.choice(("stop", "from", "none"))
    return prop, split


# --- drawing ---------------------------------------------------------------------------------


def write_lines(draw, x: int, y: int, lines, face, step: int, fill=INK) -> list[tuple]:
    """Draw lines downwards; return each line's (end x, top y, height)."""
    ends = []
    for i, line in enumerate(lines):
        draw.text((x, y + i * step), line, font=face, fill=fill)
        ends.append((round(x + face.getlength(line)), y + i * step, face.size))
    return ends


def wild_id_front(person: Person, spec: Spec, rng: random.Random, lines: int) -> Drawn:
    """An ID front in the spec's face; the address wraps over `lines` lines (2 or 3)."""
    image = render.card_canvas(person, "front")
    draw = ImageDraw.Draw(image)
    label, value = face_font(spec.face, 30), face_font(spec.face, 34)
    size = 34
    address_lines = wrap(person.address, value, 430)
    while len(address_lines) > 3:  # a face too wide for three lines prints smaller
        size -= 2
        value = face_font(spec.face, size)
        address_lines = wrap(person.address, value, 430)
    name_face = face_font(spec.face, 40)
    lx, vx = render.draw_front_upper(draw, person, label, value, name_face)
    ends = [(round(vx + name_face.getlength(person.name)), 56, name_face.size)]
    draw.text((lx, 282), "住址", font=label, fill=CARD_LABEL)
    ends += write_lines(draw, vx, 278, address_lines, value, 46)
    old_label = draw_forced(spec, "label:公民身份证") or (not spec.force and rng.random() < 0.3)
    number_label = "公民身份证号码" if old_label else "公民身份号码"
    draw.text((lx, 480), number_label, font=label, fill=CARD_LABEL)
    number_x = round(lx + label.getlength(number_label) + 24)
    draw.text((number_x, 472), person.id_number, font=render.font(44, "mono"), fill=INK)
    image.paste(render.silhouette((250, 310), render.seeded(person.id_number, "photo")), (630, 70))
    variations = [f"address_lines:{len(address_lines)}", f"label:{number_label}"]
    return Drawn(
        render.rounded_card(image), "id_card_front", render.id_front_fields(person),
        tuple(variations + rare_tag(person.division)), line_ends=tuple(ends),
    )  # fmt: skip


def rare_tag(division) -> list[str]:
    """`rare_place` for a division of RARE_DIVISIONS."""
    return ["rare_place"] if division in RARE_DIVISIONS else []


def wild_id_back(person: Person, spec: Spec, rng: random.Random) -> Drawn:
    """An ID back in the spec's face; sometimes a thumb or a note covers the validity's start."""
    image = render.card_canvas(person, "back")
    draw = ImageDraw.Draw(image)
    render.draw_emblem(draw, 150, 140, 88)
    draw.text((300, 70), "中华人民共和国", font=face_font(spec.face, 50), fill=INK)
    spaced(draw, (300, 160), "居民身份证", face_font(spec.face, 78), INK, 560)
    label, value = face_font(spec.face, 30), face_font(spec.face, 34)
    draw.text((150, 404), "签发机关", font=label, fill=CARD_LABEL)
    draw.text((300, 400), person.issuing_authority, font=value, fill=INK)
    draw.text((150, 482), "有效期限", font=label, fill=CARD_LABEL)
    validity = render.card_validity_text(person)
    draw.text((300, 478), validity, font=value, fill=INK)
    fields = render.id_back_fields(person)
    variations = rare_tag(person.division)
    if draw_forced(spec, "covered") or (not spec.force and rng.random() < 0.3):
        # Cover the year and part of the month of valid_from: 2019.03.14 shows as 3.14.
        hidden = rng.randint(5, 8)
        right = 300 + value.getlength(validity[:hidden])
        cover_start(draw, rng, 296, right, 470, value.size + 20)
        del fields["valid_from"]
        variations.append("covered:valid_from")
    return Drawn(render.rounded_card(image), "id_card_back", fields, tuple(variations))


def cover_start(draw: ImageDraw.ImageDraw, rng: random.Random, left, right, top, height):
    """A fingertip (skin-toned ellipse) or a sticky note over `left`..`right`: the label
    before `left` stays readable."""
    if rng.random() < 0.5:
        tone = (rng.randint(200, 230), rng.randint(160, 185), rng.randint(130, 155))
        draw.ellipse((left, top - 8, right + 4, top + height + 40), fill=tone)
    else:
        draw.rectangle((left, top - 6, right, top + height), fill=(250, 236, 120))


LICENCE_SIZES = {"current": (1600, 1130), "horizontal": (1600, 1300)}


def licence_rows(enterprise: Enterprise, look: dict) -> list[tuple[str, str, str]]:
    """(field, label, printed value) rows in printed order; field "" for a row not in truth."""
    if look["sole"]:
        return [
            ("name", "名称", enterprise.name),
            ("type", look["type_label"], enterprise.type),
            ("legal_representative", "经营者", enterprise.legal_representative),
            ("", "组成形式", look["form"]),
            ("established_date", "注册日期", cn_date(enterprise.established_date)),
            ("address", look["address_label"], enterprise.address),
            ("", "经营范围", enterprise.business_scope),
        ]
    return [
        ("name", "名称", enterprise.name),
        ("type", look["type_label"], enterprise.type),
        ("legal_representative", enterprise.representative_label, enterprise.legal_representative),
        ("registered_capital", "注册资本", enterprise.registered_capital),
        ("established_date", "成立日期", cn_date(enterprise.established_date)),
        ("business_term_until", "营业期限", render.business_term(enterprise)),
        ("address", look["address_label"], enterprise.address),
        ("", "经营范围", enterprise.business_scope),
    ]


def licence_truth(enterprise: Enterprise, look: dict) -> Fields:
    """The licence's fields as printed: no credit code on a 注册号 licence, no capital or
    term on a 个体工商户 licence."""
    fields = render.licence_fields(enterprise)
    if look["registration"]:
        del fields["credit_code"]
    if look["sole"]:
        del fields["registered_capital"], fields["business_term_until"]
    return fields


def wild_licence(enterprise: Enterprise, look: dict, spec: Spec, rng: random.Random) -> Drawn:
    """A licence in the spec's face and the look's layout, labels and seal."""
    size = LICENCE_SIZES[look["layout"]]
    w, h = size
    image = render.guilloche(size, rng, (252, 250, 243), (249, 246, 236), (235, 222, 200), 10)
    draw = ImageDraw.Draw(image)
    border = (176, 128, 84)
    draw.rectangle((30, 30, w - 31, h - 31), outline=border, width=10)
    draw.rectangle((52, 52, w - 53, h - 53), outline=border, width=3)
    render.draw_emblem(draw, w / 2, 125, 62)
    spaced(draw, (w / 2 - 300, 196), "营业执照", face_font(spec.face, 104), INK, 600)
    copy = "副本" if rng.random() < 0.6 else "正本"
    draw.text((w / 2, 348), f"（{' '.join(copy)}）", font=face_font(spec.face, 34), fill=INK,
              anchor="mm")  # fmt: skip
    small = face_font(spec.face, 30)
    if look["registration"]:
        draw.text((100, 120), f"注册号  {look['registration']}", font=small, fill=INK)
    else:
        draw.text((100, 100), "统一社会信用代码", font=small, fill=INK)
        draw.text((100, 146), enterprise.credit_code, font=face_font(spec.face, 34), fill=INK)
        qr = render.qr_like(25, 6, rng)
        image.paste(qr, (w - 100 - qr.width, 82))
    face = face_font(spec.face, 28)
    rows = licence_rows(enterprise, look)
    variations = [f"layout:{look['layout']}", f"label:{look['type_label']}"]
    variations += [f"label:{look['address_label']}"] + rare_tag(enterprise.division)
    ends: list[tuple] = []
    centred = draw_forced(spec, "align") or (not spec.force and rng.random() < 0.4)
    style = (rng.choice((46, 52, 58, 64)), centred)
    variations += ["align:centred"] if centred else []
    variations += ["rows:tight"] if style[0] <= 52 else []
    if look["layout"] == "current":
        split = 4 if look["sole"] else 3
        left, right = rows[:split] + rows[-1:], rows[split:-1]
        width = rng.randint(330, 420)  # narrow enough that names, types and addresses wrap
        # A phrase written after a left-column value must not run into the right column.
        end_left, wrapped = draw_wild_rows(
            draw, left, (110, 290, 420), width, face, ends, style, room=880 - 30
        )
        end_right, more = draw_wild_rows(draw, right, (880, 1060, 420), width, face, ends, style)
        end, wrapped = max(end_left, end_right), wrapped + more
    else:
        width = rng.randint(420, 560)
        end, wrapped = draw_wild_rows(draw, rows, (200, 400, 400), width, face, ends, style)
    variations += [f"wrap:{name}" for name in wrapped]
    top = max(h - 330, end + 20)
    stamp = render.seal(enterprise.registration_authority, 112, rng)
    date_x = w - 160
    if look["seal_only"]:
        # Most licences print 登记机关 only inside the seal, over the issue date.
        centre = (date_x - 110 + rng.randint(-20, 20), top + 110)
        variations.append("seal_only")
    else:
        authority = f"登记机关  {enterprise.registration_authority}"
        draw.text((w - 130, top), authority, font=face, fill=INK, anchor="ra")
        centre = (date_x - 95 + rng.randint(-30, 30), top + 150)
        variations.append("printed_authority")
    draw.text((date_x, top + 80), cn_date(enterprise.issue_date), font=face, fill=INK, anchor="ra")
    footer = face_font(spec.face, 20)
    draw.text((w / 2, h - 80), "国家市场监督管理总局监制", font=footer, fill=INK, anchor="mm")
    image.paste(stamp, (centre[0] - stamp.width // 2, centre[1] - stamp.height // 2), stamp)
    if look["sole"]:
        variations.append("sole_proprietor")
    if look["registration"]:
        variations.append("registration_number")
    seal_only = ("registration_authority",) if look["seal_only"] else ()
    return Drawn(
        image, "business_licence", licence_truth(enterprise, look), tuple(variations),
        seal_only, tuple(ends),
    )  # fmt: skip


def draw_wild_rows(
    draw, rows, columns, width, face, ends, style, room: int | None = None
) -> tuple[int, list[str]]:
    """Draw (field, label, value) rows at (label x, value x, top y) with values wrapped to
    `width`; append value line ends to `ends`; return the y below and the fields that wrapped.

    `style` is (row step, centred): with centred, the label sits in the middle of a wrapped
    value, so its first line is above the label's row, as on many real licences. `room`: the
    x an overlay written after a value must stay left of (the next column)."""
    x_label, x_value, y = columns
    step, centred = style
    label_width = face.getlength("法定代表人")
    wrapped = []
    for field_name, label, value in rows:
        lines = wrap(value, face, width if field_name else width + 160)
        shift = round((len(lines) - 1) * 20) if centred else 0
        spaced(draw, (x_label, y + shift), label, face, INK, label_width if len(label) <= 5 else 0)
        if len(lines) > 1 and field_name:
            wrapped.append(field_name)
        line_ends = write_lines(draw, x_value, y, lines, face, 40)
        if field_name in ("name", "address"):
            ends.append(line_ends[-1] if room is None else (*line_ends[-1], room))
        y += step + (len(lines) - 1) * 40
    return y, wrapped


def deed_term_lines(prop: Property, split: str) -> list[str]:
    """使用期限 as printed in its cell, broken after the end date (止 alone) or after 起."""
    start, end = cn_date(prop.term_from), cn_date(prop.term_until)
    if split == "stop":
        return [f"{start}起{end}", "止"]
    if split == "from":
        return [f"{start}起", f"{end}止"]
    return [f"{start}起{end}止"]


def wild_deed(prop: Property, split: str, spec: Spec, rng: random.Random) -> Drawn:
    """A deed's register page in the spec's face, with a narrow value column."""
    w, h = render.DEED_SIZE
    image = render.guilloche((w, h), rng, (251, 252, 247), (248, 250, 244), (222, 236, 222), 8)
    draw = ImageDraw.Draw(image)
    draw.text((w / 2, 110), prop.certificate_number, font=face_font(spec.face, 34), fill=INK,
              anchor="mm")  # fmt: skip
    face = face_font(spec.face, rng.choice((28, 30)))
    x0, x1, split_x = 80, w - 80, rng.randint(300, 360)
    value_width = 420 if draw_forced(spec, "wrap") else rng.randint(420, 600)
    y = 180
    draw.line((x0, y, x1, y), fill=INK, width=3)
    variations = [f"term_split:{split}", f"owners:{'many' if len(prop.owners) > 2 else 'few'}"]
    ends = []
    for label, value in render.deed_rows(prop):
        if label == "使用期限":
            lines = deed_term_lines(prop, split)
        else:
            items = value if isinstance(value, list) else [value]
            lines = [line for item in items for line in wrap(item, face, value_width)]
            if len(lines) > 1 and label in ("权利人", "坐落", "面积"):
                variations.append(f"wrap:{label}")
        height = max(84, 44 * len(lines) + 40)
        spaced(draw, (x0 + 30, y + (height - 30) / 2), label, face, INK, split_x - x0 - 60)
        top = round(y + (height - 44 * len(lines)) / 2 + 4)
        line_ends = write_lines(draw, split_x + 20, top, lines, face, 44)
        if label in ("权利人", "坐落"):
            ends.append(line_ends[-1])
        y += height
        draw.line((x0, y, x1, y), fill=INK, width=2)
    draw.rectangle((x0, 180, x1, y), outline=INK, width=3)
    draw.line((split_x, 180, split_x, y), fill=INK, width=2)
    draw.text((x0, y + 40), "附记", font=face, fill=INK)
    variations += rare_tag(prop.division)
    return Drawn(image, "property_deed", render.deed_fields(prop), tuple(variations),
                 line_ends=tuple(ends))  # fmt: skip


def wild_id_copy(person: Person, spec: Spec, rng: random.Random) -> list[Drawn]:
    """An A4 copy of both card sides (front above), as one page; returns the page twice
    wrapped: the first Drawn carries the page image."""
    front = wild_id_front(person, spec, rng, rng.choice((2, 3)))
    back = wild_id_back(person, replace(spec, force=""), random.Random(rng.random()))
    paper = rng.randint(232, 246)
    page = Image.new("RGB", render.A4_150DPI, (paper, paper, paper))
    width = rng.randint(780, 860)
    for card, top in ((front.image, 170), (back.image, 960)):
        card = render.rounded_card(card, (paper, paper, paper))
        card = card.resize((width, round(card.height * width / card.width)), Image.LANCZOS)
        card = card.convert("L").convert("RGB")
        page.paste(card, ((render.A4_150DPI[0] - width) // 2 + rng.randint(-30, 30), top))
    return [replace(front, image=page, line_ends=()), replace(back, image=page)]


# --- overlays --------------------------------------------------------------------------------


def overlay_phrase(rng: random.Random, spec: Spec) -> str:
    """A phrase applicants write or stamp on uploads."""
    if draw_forced(spec, "overlay:复印"):
        return "复印无效"
    if draw_forced(spec, "overlay:样证"):
        return "样证"
    if draw_forced(spec, "overlay:官网"):
        return rng.choice(("", "本证照", "此件")) + "仅限官网展示使用"
    if draw_forced(spec, "overlay:inline"):
        # Short enough to fit after a value before the next column on every layout.
        return rng.choice(("复印无效", "样证"))
    if draw_forced(spec, "overlay:仅供"):
        return f"仅供办理{rng.choice(OVERLAY_PURPOSES)}使用 他用无效"
    return rng.choice(
        (f"仅供办理{rng.choice(OVERLAY_PURPOSES)}使用 他用无效", "复印无效", "样证",
         "仅限官网展示使用", "再次复印无效")
    )  # fmt: skip


def add_overlay(image: Image.Image, drawn: Drawn, phrase: str, inline: bool, rng, face: str):
    """The image with `phrase` written across it (translucent, slanted) or, `inline`, in pen
    after a value line, where OCR joins it to the value."""
    image = image.convert("RGBA")
    layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    w, h = image.size
    fitting = [end for end in drawn.line_ends if fits(end, phrase, face, w)]
    if inline and fitting:
        x, y, height = rng.choice(fitting)[:3]
        draw.text((x + 24, y), phrase, font=face_font(face, height), fill=(30, 60, 170, 235))
        return Image.alpha_composite(image, layer).convert("RGB")
    pen = face_font(face, max(40, round(min(w, h) / (4 + len(phrase) * 0.45))))
    colour = rng.choice(((200, 30, 30), (90, 90, 90), (30, 60, 170)))
    draw.text((w / 2, h / 2), phrase, font=pen, fill=(*colour, rng.randint(90, 130)), anchor="mm")
    layer = layer.rotate(rng.uniform(15, 35), resample=Image.BICUBIC, center=(w / 2, h / 2))
    return Image.alpha_composite(image, layer).convert("RGB")


def fits(end: tuple[int, ...], phrase: str, face: str, width: int) -> bool:
    """Whether `phrase` written after a line ending at `end` stays inside the image and
    left of the next column (so that it covers no printed text)."""
    x, _, height = end[:3]
    limit = min(width - 40, end[3]) if len(end) > 3 else width - 40
    return x + 24 + face_font(face, height).getlength(phrase) < limit


# --- uploads ---------------------------------------------------------------------------------


def render_spec(spec: Spec, rng: random.Random) -> list[Drawn]:
    """The documents of one upload (two for an ID copy, on one image)."""
    match spec.kind:
        case "id_front":
            lines = (
                2 if spec.force == "address_lines:2" else 3 if spec.force else rng.choice((2, 3))
            )
            person = wild_person(rng, lines, rare=rng.random() < 0.5)
            return [wild_id_front(person, spec, rng, lines)]
        case "id_back":
            person = wild_person(rng, 2, rare=draw_forced(spec, "rare") or rng.random() < 0.5)
            return [wild_id_back(person, spec, rng)]
        case "id_copy":
            return wild_id_copy(wild_person(rng, rng.choice((2, 3))), spec, rng)
        case "licence":
            enterprise, look = wild_enterprise(rng, spec)
            return [wild_licence(enterprise, look, spec, rng)]
        case "deed":
            prop, split = wild_property(rng, spec)
            return [wild_deed(prop, split, spec, rng)]
    raise ValueError(f"unknown wild kind {spec.kind!r}")


def upload_name(spec: Spec, seed: int) -> str:
    """A neutral file name like a phone's or a scanner's."""
    day = date(2025, 1, 1).toordinal() + (seed * 7 + spec.number * 3) % 300
    stamp = date.fromordinal(day).strftime("%Y%m%d")
    if spec.kind == "id_copy":
        return f"scan_{stamp}_{spec.number:04d}.png"
    return f"IMG_{stamp}_{spec.number:04d}.jpg"


def write_wild_upload(out_dir: Path, spec: Spec, seed: int) -> Path:
    """Render, annotate, degrade and save one upload and its truth file."""
    rng = random.Random(f"{seed}:{spec.number}")
    face = available_family(spec.face)
    spec = replace(spec, face=face)
    drawn = render_spec(spec, rng)
    image = drawn[0].image
    overlay = []
    if spec.force.startswith("overlay") or (not spec.force and rng.random() < 0.35):
        phrase = overlay_phrase(rng, spec)
        inline = spec.force == "overlay:inline" or (not spec.force and rng.random() < 0.4)
        image = add_overlay(image, drawn[0], phrase, inline, rng, face)
        overlay = [phrase]
        fitted = any(fits(end, phrase, face, image.width) for end in drawn[0].line_ends)
        tag = "overlay:inline" if inline and fitted else "overlay:across"
        drawn = [replace(d, variations=(*d.variations, tag)) for d in drawn]
    degradations = spec.degradations
    if degradations:
        radius = render.CARD_CORNER_RADIUS if spec.kind in ("id_front", "id_back") else 0
        pixels = apply_degradations(
            to_bgr(image), degradations, np.random.default_rng([seed, spec.number]), radius
        )
        image = to_pil(pixels)
    path = out_dir / upload_name(spec, seed)
    if path.suffix == ".jpg":
        image.save(path, "JPEG", quality=render_quality(rng))
    else:
        image.save(path)
    sources = [path.name] if len(drawn) == 1 else [f"{path.name}#d{i + 1}" for i in range(2)]
    documents = [
        truth_document(source, d, face, overlay) for source, d in zip(sources, drawn, strict=True)
    ]
    truth = {"file": path.name, "family": FAMILY, "seed": seed,
             "degradations": list(degradations), "documents": documents}  # fmt: skip
    truth_file = path.with_name(f"{path.stem}.truth.json")
    truth_file.write_text(json.dumps(truth, ensure_ascii=False, indent=2) + "\n", "utf-8")
    return path


def render_quality(rng: random.Random) -> int:
    """The JPEG quality a phone or messenger saved with."""
    return rng.choice((70, 80, 85, 90))


def truth_document(source: str, drawn: Drawn, face: str, overlay: list[str]) -> dict:
    """One document's entry in a truth file."""
    entry = {"source": source, "type": drawn.doc_type, "fields": drawn.fields, "face": face,
             "variations": [f"face:{face}", *drawn.variations]}  # fmt: skip
    if drawn.seal_only:
        entry["seal_only"] = list(drawn.seal_only)
    if overlay:
        entry["overlay_text"] = overlay
    return entry


def generate_wild(out_dir: Path, seed: int = DEV_SEED, count: int = DEFAULT_COUNT) -> list[Path]:
    """Write `count` uploads of the wild family drawn from `seed` into `out_dir`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    return [write_wild_upload(out_dir, spec, seed) for spec in wild_plan(seed, count)]
