"""OCR lines + document type -> fields (normalised value, confidence, box).

Lines are grouped into rows by geometry; labels (姓名, 统一社会信用代码, 权利人 ...) are found
in each row's text, fused with their value or not (`姓名张三`, `性别男民族汉`); a value runs
to the next label on the row, and a wrapped value (an address, a location) continues on the
following rows that hold no label. Fields with a distinctive shape (ID number, credit code,
unit number, certificate number) are also found without their label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import normalize as norm
from .records import Box, Field, OcrLine


@dataclass(frozen=True)
class Row:
    """Lines on one visual text row, left to right, and their text without white space.

    `origins[i]` is (line index, character index in that line's compact text) of text[i].
    """

    lines: tuple[OcrLine, ...]
    text: str
    origins: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Span:
    """A stretch of text taken from one or more rows, with where each character came from."""

    text: str
    parts: tuple[tuple[Row, int, int], ...]  # (row, start, end) in row.text

    def __add__(self, other: Span) -> Span:
        return Span(self.text + other.text, self.parts + other.parts)


@dataclass(frozen=True)
class Label:
    """A label printed on a document; `key` is a field name or a section that ends others.

    A label is looked for at the start of an OCR line; `inline` labels also in the middle
    of one, where engines fuse a row (`性别男民族汉`). Elsewhere a label word inside a value
    (面积 in 共有宗地面积) is text, not a label.
    """

    key: str
    words: tuple[str, ...]
    wraps: bool = False
    inline: bool = False


LAYOUTS: dict[str, tuple[Label, ...]] = {
    "id_card_front": (
        Label("name", ("姓名",)),
        Label("sex", ("性别",)),
        Label("ethnicity", ("民族",), inline=True),
        Label("birth_date", ("出生",)),
        Label("address", ("住址",), wraps=True),
        Label("id_number", ("公民身份号码", "公民身份号", "身份号码")),
    ),
    "id_card_back": (
        Label("title", ("中华人民共和国", "居民身份证")),
        Label("issuing_authority", ("签发机关",), wraps=True),
        Label("validity", ("有效期限", "有效期")),
    ),
    "business_licence": (
        Label("title", ("营业执照",)),
        Label("credit_code", ("统一社会信用代码", "社会信用代码"), inline=True),
        # Licences print short labels letter-spaced (名  称); OCR often keeps only the
        # last character with the value (称上海云帆...), so that alone counts at a line start.
        Label("name", ("名称", "称"), wraps=True),
        Label("type", ("主体类型", "类型", "型"), wraps=True),
        Label(
            "legal_representative",
            ("法定代表人", "负责人", "经营者", "执行事务合伙人", "投资人"),
            inline=True,
        ),
        Label("scope", ("经营范围",), wraps=True),
        Label("registered_capital", ("注册资本", "出资额", "注册资金"), inline=True),
        Label("established_date", ("成立日期", "注册日期"), inline=True),
        Label("business_term", ("营业期限", "经营期限", "合伙期限"), inline=True),
        Label("address", ("主要经营场所", "经营场所", "住所", "所"), wraps=True),
        Label("registration_authority", ("登记机关",), inline=True),
    ),
    "property_deed": (
        Label("owner", ("权利人",), wraps=True),
        Label("co_ownership", ("共有情况",)),
        Label("location", ("坐落",), wraps=True),
        Label("unit_number", ("不动产单元号", "单元号")),
        Label("right_type", ("权利类型",), wraps=True),
        Label("right_nature", ("权利性质",), wraps=True),
        Label("usage", ("用途",), wraps=True),
        Label("area", ("面积",), wraps=True),
        Label("term", ("使用期限",), wraps=True),
        Label("other", ("权利其他状况",), wraps=True),
    ),
}


def extract_fields(doc_type: str, lines: tuple[OcrLine, ...]) -> dict[str, Field]:
    """Every field of `doc_type` that can be read from the lines (boxes in the lines' pixels)."""
    extractor = EXTRACTORS.get(doc_type)
    if extractor is None:
        return {}
    rows = rows_from_lines(lines)
    spans = labelled_spans(rows, LAYOUTS[doc_type])
    return {name: found for name, found in extractor(rows, spans).items() if found is not None}


# --- rows ---------------------------------------------------------------------------------


def rows_from_lines(lines: tuple[OcrLine, ...] | list[OcrLine]) -> list[Row]:
    """Group lines whose vertical extents overlap into rows, top to bottom."""
    rows: list[list[OcrLine]] = []
    for line in sorted(lines, key=lambda item: item.center_y):
        if not norm.compact(line.text) or _stacked_fragment(line):
            continue
        if rows and _same_row(rows[-1], line):
            rows[-1].append(line)
        else:
            rows.append([line])
    return [_row(sorted(members, key=lambda item: item.box[0])) for members in rows]


def _stacked_fragment(line: OcrLine) -> bool:
    """A few characters read down a column: letter-spaced labels of two rows (名/类 of
    名  称 and 类  型) that the detector joined vertically. They belong to no row."""
    width = line.box[2] - line.box[0]
    return line.height > 1.5 * width and len(norm.compact(line.text)) <= 4


def _same_row(members: list[OcrLine], line: OcrLine) -> bool:
    anchor = sorted(members, key=lambda member: member.height)[len(members) // 2]
    overlap = min(anchor.box[3], line.box[3]) - max(anchor.box[1], line.box[1])
    return overlap > 0.5 * max(min(line.height, anchor.height), 1)


def _row(lines: list[OcrLine]) -> Row:
    text, origins = [], []
    for index, line in enumerate(lines):
        for position, char in enumerate(norm.compact(line.text)):
            if norm.is_noise(char):
                continue
            text.append(char)
            origins.append((index, position))
    return Row(tuple(lines), "".join(text), tuple(origins))


def span_box(span: Span) -> Box | None:
    """The box around a span's characters, interpolated within each OCR line."""
    boxes = []
    for row, start, end in span.parts:
        by_line: dict[int, list[int]] = {}
        for line_index, position in row.origins[start:end]:
            by_line.setdefault(line_index, []).append(position)
        for line_index, positions in by_line.items():
            line = row.lines[line_index]
            count = max(len(norm.compact(line.text)), 1)
            x0, y0, x1, y1 = line.box
            width = x1 - x0
            boxes.append(
                (
                    x0 + width * min(positions) // count,
                    y0,
                    x0 + width * (max(positions) + 1) // count,
                    y1,
                )
            )
    if not boxes:
        return None
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def span_confidence(span: Span) -> float:
    """The lowest confidence among the OCR lines a span was read from."""
    confidences = [
        row.lines[row.origins[i][0]].confidence
        for row, start, end in span.parts
        for i in range(start, end)
    ]
    return round(min(confidences), 4) if confidences else 0.0


# --- labels -------------------------------------------------------------------------------


def labelled_spans(rows: list[Row], labels: tuple[Label, ...]) -> dict[str, Span]:
    """The value text after each label, up to the next label; wrapped values continue below."""
    found = [_label_hits(row, labels) for row in rows]
    spans: dict[str, Span] = {}
    for row_index, (row, hits) in enumerate(zip(rows, found, strict=True)):
        for hit_index, (_start, end, label) in enumerate(hits):
            if label.key in spans:
                continue
            stop = hits[hit_index + 1][0] if hit_index + 1 < len(hits) else len(row.text)
            span = Span(row.text[end:stop], ((row, end, stop),))
            if hit_index + 1 == len(hits):
                span = _continued(span, rows, found, row_index, label)
            spans[label.key] = span
    return spans


def _continued(span: Span, rows: list[Row], found: list, row_index: int, label: Label) -> Span:
    """Add the lines below that continue a wrapped value (or hold a value set below its
    label): lines in the value's column, on rows without labels, with no wide gap."""
    column = _label_line(rows[row_index], span)
    bottom = column.box[3]
    for next_index in range(row_index + 1, len(rows)):
        if found[next_index] or not (label.wraps or not span.text):
            break
        row = rows[next_index]
        start = _first_in_column(row, column)
        if start is None:
            continue
        top = row.lines[row.origins[start][0]].box[1]
        if top - bottom > 1.5 * column.height or _nearer_next_label(
            rows, found, next_index, top - bottom
        ):
            break
        span = span + Span(row.text[start:], ((row, start, len(row.text)),))
        bottom = row.lines[-1].box[3]
        if not label.wraps:
            break
    return span


def _nearer_next_label(rows: list[Row], found: list, index: int, gap_above: int) -> bool:
    """The row sits closer to the next labelled row than to the value above it: it is the
    first line of the next cell, whose label is centred on a taller cell (权利其他状况)."""
    for later in range(index + 1, len(rows)):
        if found[later]:
            row_bottom = max(line.box[3] for line in rows[index].lines)
            label_top = min(line.box[1] for line in rows[later].lines)
            return label_top - row_bottom < gap_above
    return False


def _label_line(row: Row, span: Span) -> OcrLine:
    """The OCR line holding the end of the label (the value starts right after it)."""
    _, start, _ = span.parts[0]
    index = row.origins[start - 1][0] if start > 0 else 0
    return row.lines[index]


def _first_in_column(row: Row, column: OcrLine) -> int | None:
    """Offset in row.text of the first line that starts at or right of the label's line."""
    margin = column.height
    for offset, (line_index, position) in enumerate(row.origins):
        if position == 0 and row.lines[line_index].box[0] >= column.box[0] - margin:
            return offset
    return None


def _label_hits(row: Row, labels: tuple[Label, ...]) -> list[tuple[int, int, Label]]:
    """Non-overlapping label occurrences in a row, longest word first, in reading order."""
    text = norm.fold_chars(row.text)
    candidates = [
        (match.start(), match.start() + len(word), label)
        for label in labels
        for word in label.words
        for match in re.finditer(re.escape(word), text)
        if label.inline or row.origins[match.start()][1] == 0
    ]
    candidates.sort(key=lambda hit: (-(hit[1] - hit[0]), hit[0]))
    taken: list[tuple[int, int, Label]] = []
    for hit in candidates:
        if all(hit[1] <= other[0] or hit[0] >= other[1] for other in taken):
            taken.append(hit)
    return sorted(taken, key=lambda hit: hit[0])


# --- fields -------------------------------------------------------------------------------


def _field(span: Span | None, normaliser: norm.Normaliser) -> Field | None:
    if span is None:
        return None
    value = normaliser(span.text)
    box = span_box(span)
    if not value or box is None:
        return None
    return Field(value, span_confidence(span), box)


def _whole_rows(rows: list[Row]) -> list[Span]:
    return [Span(row.text, ((row, 0, len(row.text)),)) for row in rows]


def _first_match(
    rows: list[Row], pattern: re.Pattern[str], normaliser: norm.Normaliser
) -> Field | None:
    """A field found by its shape anywhere on the document, boxed to the matched characters."""
    for row in rows:
        match = pattern.search(row.text.upper())
        if match:
            found = _field(Span(match.group(0), ((row, match.start(), match.end()),)), normaliser)
            if found:
                return found
    return None


ID_NUMBER_SHAPE = re.compile(r"[0-9OIDQZSBGL|]{17}[0-9X]")
CREDIT_CODE_SHAPE = re.compile(r"[0-9A-Z]{18}")
UNIT_NUMBER_SHAPE = re.compile(r"[0-9O]{12}[A-Z]{2}[0-9O]{5}F[0-9O]{8}")
CERTIFICATE_SHAPE = re.compile(r"[\u4e00-\u9fff][（(]?\d{4}[)）]?.+?不动产权第?\d{7}号?")


def _id_card_front(rows: list[Row], spans: dict[str, Span]) -> dict[str, Field | None]:
    number = _field(spans.get("id_number"), norm.id_number) or _first_match(
        rows, ID_NUMBER_SHAPE, norm.id_number
    )
    return {
        "name": _field(spans.get("name"), norm.name),
        "sex": _field(spans.get("sex"), norm.sex),
        "ethnicity": _field(spans.get("ethnicity"), norm.ethnicity),
        "birth_date": _field(spans.get("birth_date"), norm.date),
        "address": _field(spans.get("address"), norm.printed_text),
        "id_number": number,
    }


def _id_card_back(rows: list[Row], spans: dict[str, Span]) -> dict[str, Field | None]:
    validity = spans.get("validity") or _validity_row(rows)
    start, until = norm.validity_period(validity.text) if validity else (None, None)
    return {
        "issuing_authority": _field(spans.get("issuing_authority"), norm.printed_text),
        "valid_from": _field(validity, lambda _text: start),
        "valid_until": _field(validity, lambda _text: until),
    }


def _validity_row(rows: list[Row]) -> Span | None:
    for span in _whole_rows(rows):
        if re.search(r"\d{4}\.?\d{2}\.?\d{2}-", span.text):
            return span
    return None


def _business_licence(rows: list[Row], spans: dict[str, Span]) -> dict[str, Field | None]:
    code = _field(spans.get("credit_code"), norm.credit_code) or _first_match(
        rows, CREDIT_CODE_SHAPE, norm.credit_code
    )
    return {
        "credit_code": code,
        "name": _field(spans.get("name"), norm.printed_text),
        "type": _field(spans.get("type"), norm.printed_text),
        "legal_representative": _field(spans.get("legal_representative"), norm.name),
        "registered_capital": _field(spans.get("registered_capital"), norm.printed_text),
        "established_date": _field(spans.get("established_date"), norm.date),
        "business_term_until": _field(spans.get("business_term"), norm.end_of_term),
        "address": _field(spans.get("address"), norm.printed_text),
        "registration_authority": _field(spans.get("registration_authority"), norm.printed_text),
    }


def _property_deed(rows: list[Row], spans: dict[str, Span]) -> dict[str, Field | None]:
    unit = _field(spans.get("unit_number"), norm.unit_number) or _first_match(
        rows, UNIT_NUMBER_SHAPE, norm.unit_number
    )
    return {
        "certificate_number": _first_match(rows, CERTIFICATE_SHAPE, norm.certificate_number),
        "owner": _field(spans.get("owner"), norm.owners),
        "co_ownership": _field(spans.get("co_ownership"), norm.co_ownership),
        "location": _field(spans.get("location"), norm.printed_text),
        "unit_number": unit,
        "right_type": _field(spans.get("right_type"), norm.printed_text),
        "usage": _field(spans.get("usage"), norm.printed_text),
        "area": _field(spans.get("area"), norm.area),
        "term_until": _field(spans.get("term"), norm.end_of_term),
    }


EXTRACTORS = {
    "id_card_front": _id_card_front,
    "id_card_back": _id_card_back,
    "business_licence": _business_licence,
    "property_deed": _property_deed,
}
