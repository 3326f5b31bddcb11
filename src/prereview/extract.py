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
from functools import cmp_to_key, partial

from rapidfuzz.distance import Hamming, Levenshtein
from stdnum.cn import uscc

from . import lexicon
from . import normalize as norm
from .classify import TALL_LINE, median_height
from .records import Box, Field, OcrLine

# A value's lines on one row are separated by less than this many line heights; a line
# further right belongs to the other column of a two-column layout.
COLUMN_GAP = 3.0
# A line of overlay-phrase characters only (使用, 限) this many times taller than the median
# is a piece of an overlay the engine broke up: values are printed at body size.
OVERLAY_FRAGMENT = 1.3


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
    # Values written as sentences (经营范围): only these continue onto a line holding a
    # sentence's marks (；。), which under any other value is the next field's, label lost.
    prose: bool = False


LAYOUTS: dict[str, tuple[Label, ...]] = {
    "id_card_front": (
        Label("name", ("姓名",)),
        Label("sex", ("性别",)),
        Label("ethnicity", ("民族",), inline=True),
        Label("birth_date", ("出生",)),
        Label("address", ("住址",), wraps=True),
        Label("id_number", ("公民身份号码", "公民身份证号码", "公民身份号", "身份号码")),
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
        # Older licences print 公司类型 or 企业类型.
        Label(
            "type", ("商事主体类型", "主体类型", "公司类型", "企业类型", "类型", "型"), wraps=True
        ),
        Label(
            "legal_representative",
            ("法定代表人", "负责人", "经营者", "执行事务合伙人", "投资人"),
            inline=True,
        ),
        Label("scope", ("经营范围",), wraps=True, prose=True),
        Label("registered_capital", ("注册资本", "出资额", "注册资金"), inline=True),
        Label("established_date", ("成立日期", "注册日期"), inline=True),
        Label("business_term", ("营业期限", "经营期限", "合伙期限"), wraps=True, inline=True),
        Label("address", ("主要经营场所", "经营场所", "住所", "所"), wraps=True),
        Label("registration_authority", ("登记机关",), inline=True),
        # Labels of fields the report does not carry: they end the value before them.
        Label("registration_number", ("注册号",)),
        Label("composition", ("组成形式",)),
        Label("licence_number", ("证照编号",)),
    ),
    "property_deed": (
        Label("owner", ("权利人",), wraps=True),
        Label("co_ownership", ("共有情况",)),
        Label("location", ("坐落",), wraps=True),
        Label("unit_number", ("不动产单元号", "单元号"), wraps=True),
        Label("right_type", ("权利类型",), wraps=True),
        Label("right_nature", ("权利性质",), wraps=True),
        Label("usage", ("用途",), wraps=True),
        Label("area", ("面积",), wraps=True),
        Label("term", ("使用期限",), wraps=True),
        Label("other", ("权利其他状况",), wraps=True, prose=True),
    ),
}


def extract_fields(doc_type: str, lines: tuple[OcrLine, ...]) -> dict[str, Field]:
    """Every field of `doc_type` that can be read from the lines (boxes in the lines' pixels)."""
    extractor = EXTRACTORS.get(doc_type)
    if extractor is None:
        return {}
    labels = LAYOUTS[doc_type]
    rows = rows_from_lines(lines, labels)
    spans = labelled_spans(rows, labels)
    return {
        name: found
        for name, found in extractor(rows, spans).items()
        if found is not None and not lexicon.overlay_value(found.value)
    }


# Fields read from a span of another name.
FIELDS_OF_SPAN = {
    "business_term": ("business_term_until",),
    "validity": ("valid_from", "valid_until"),
    "term": ("term_until",),
}


# A label's field printed in the cell right above another label, whose region is known from
# there when its own label was lost (an overlay across the row hides it from the detector).
PRINTED_ABOVE = {
    "id_card_back": {"validity": "issuing_authority"},
    "business_licence": {"established_date": "registered_capital"},
    "property_deed": {"other": "term"},
}


def field_regions(doc_type: str, lines: tuple[OcrLine, ...]) -> dict[str, Box]:
    """Where each labelled field is printed: its label and the value after it, or, where no
    value was read, the room a value takes right of and below its label (for a re-read);
    where a label was lost, the cell above the next label (PRINTED_ABOVE)."""
    labels = LAYOUTS.get(doc_type)
    if labels is None:
        return {}
    rows = rows_from_lines(lines, labels)
    regions: dict[str, Box] = {}
    label_boxes: dict[str, Box] = {}
    for row, hits in zip(rows, _all_label_hits(rows, labels), strict=True):
        for start, end, label in hits:
            box = span_box(Span(row.text[start:end], ((row, start, end),)))
            if box is None:
                continue
            label_boxes.setdefault(label.key, box)
            height = box[3] - box[1]
            # To the right as far as a long value goes (the crop is clipped to the page).
            region = (box[0], box[1] - height // 2, box[2] + 30 * height, box[3] + height)
            for name in FIELDS_OF_SPAN.get(label.key, (label.key,)):
                regions.setdefault(name, region)
    for below, above in PRINTED_ABOVE.get(doc_type, {}).items():
        for name in FIELDS_OF_SPAN.get(above, (above,)):
            if name not in regions and below in label_boxes:
                regions[name] = _cell_above(label_boxes[below], label_boxes.values())
    return regions


def _cell_above(label: Box, others) -> Box:
    """From the nearest label at least a line above this one (in its column if there is
    one there; else three lines up) down to just above this label, as wide as a long
    value. A label less than a line above is on the lost row itself, in another column."""
    height = label[3] - label[1]
    above = [box for box in others if box[3] <= label[1] - height]
    in_column = [box for box in above if box[0] < label[2] and label[0] < box[2]]
    top = max((box[3] for box in in_column or above), default=label[1] - 3 * height)
    return (label[0], top, label[2] + 30 * height, label[1] - 2)


def overlay_text(lines: tuple[OcrLine, ...]) -> tuple[str, ...]:
    """Overlay phrases written on the upload (仅供办理XX使用, 复印无效, 样证), in reading order."""
    found: list[str] = []
    for line in lines:
        found += lexicon.without_overlay(norm.compact(line.text))[1]
    return tuple(dict.fromkeys(found))


def written_over(doc_type: str, lines: tuple[OcrLine, ...]) -> tuple[bool, bool]:
    """(overlay, large text): whether a line taller than the print is made mostly of
    overlay-phrase characters (使用, 供办, 他用无效: a phrase written across the page, which
    may hide print), and whether a line far taller than the print is no label (an overlay the
    engine misread, or a seal's text; the title is printed large and is a label). A phrase
    read at body size (written in pen after a value) hides nothing."""
    label_chars = _label_chars(LAYOUTS.get(doc_type, ()))
    body = median_height(lines)
    large = [
        line
        for line in lines
        if line.height > OVERLAY_FRAGMENT * body and not _holds_label(line, label_chars)
    ]
    overlay = any(lexicon.overlay_share(norm.compact(line.text)) >= 0.5 for line in large)
    return overlay, any(line.height > TALL_LINE * body for line in large)


def _label_chars(labels: tuple[Label, ...]) -> frozenset[str]:
    return frozenset(char for label in labels for word in label.words for char in word)


# --- rows ---------------------------------------------------------------------------------


def rows_from_lines(
    lines: tuple[OcrLine, ...] | list[OcrLine], labels: tuple[Label, ...] = ()
) -> list[Row]:
    """Group lines whose vertical extents overlap into rows, top to bottom."""
    rows: list[list[OcrLine]] = []
    ordered = [
        line
        for line in sorted(_unstacked(lines, labels), key=lambda item: item.center_y)
        if norm.compact(line.text)
    ]
    for index, line in enumerate(ordered):
        following = ordered[index + 1] if index + 1 < len(ordered) else None
        if rows and _same_row(rows[-1], line) and not _nearer_next(rows[-1], line, following):
            rows[-1].append(line)
        else:
            rows.append([line])
    return [_row(sorted(members, key=cmp_to_key(_reading_order))) for members in rows]


def _nearer_next(members: list[OcrLine], line: OcrLine, following: OcrLine | None) -> bool:
    """Whether a line that overlaps the row above belongs rather with the next line, which
    starts a row of its own: on a page a little tilted, a short label at the left (名 of
    名  称) reaches up into the row above at the right (the credit code) and overlaps its own
    value, the next line, more. The next line must be a value: the other half of a
    letter-spaced label (住 | 所) overlaps its mate more than the value both belong to."""
    if following is None or len(norm.compact(following.text)) <= 2:
        return False
    if any(_same_row([member], following) for member in members):
        return False
    return _overlap(line, following) > max(_overlap(line, member) for member in members)


def _anchor(members: list[OcrLine]) -> OcrLine:
    return sorted(members, key=lambda member: member.height)[len(members) // 2]


def _overlap(first: OcrLine, second: OcrLine) -> int:
    return min(first.box[3], second.box[3]) - max(first.box[1], second.box[1])


def _unstacked(lines, labels: tuple[Label, ...]) -> list[OcrLine]:
    """Lines, with a few characters read down a column split into one line per character.

    The detector joins the letter-spaced labels of two rows vertically (名/类 of 名  称 and
    类  型): each character then goes back to its own row. Only label characters are kept;
    any other vertical fragment (a stamp, a watermark) belongs to no row, and neither does a
    line far taller than the body text that is not a label (an overlay across the page).
    """
    kept = []
    body = median_height(lines)
    label_chars = _label_chars(labels)
    words = tuple(word for label in labels for word in label.words if len(word) >= 2)
    for line in lines:
        if not _stacked_fragment(line):
            if not _overlay_line(line, body) or _large_label(line, words):
                kept.append(line)
            continue
        chars = norm.compact(line.text)
        if not all(char in label_chars for char in chars):
            continue
        step = line.height / len(chars)
        x0, y0, x1, _ = line.box
        for index, char in enumerate(chars):
            top = round(y0 + index * step)
            kept.append(OcrLine(char, (x0, top, x1, round(top + step)), line.confidence))
    return kept


def _overlay_line(line: OcrLine, body: float) -> bool:
    """A line far taller than the body text, or a taller fragment of an overlay phrase."""
    if line.height > TALL_LINE * body:
        return True
    return line.height > OVERLAY_FRAGMENT * body and lexicon.overlay_fragment(
        norm.compact(line.text)
    )


def _large_label(line: OcrLine, words: tuple[str, ...]) -> bool:
    """A label printed large (the title 营业执照): a line holding a label word, or one
    character off a long one (业执照). Pieces of an overlay phrase are not, even where their
    characters are all label characters (他用: 他 of 权利其他状况, 用 of 用途; 商注册 of
    仅供办理工商注册使用)."""
    text = norm.fold_chars(norm.compact(line.text))
    return any(word in text for word in words) or any(
        len(word) >= 4 and Levenshtein.distance(text, word, score_cutoff=1) <= 1 for word in words
    )


def _holds_label(line: OcrLine, label_chars: frozenset[str]) -> bool:
    """A line of two or more label characters only (the title 营业执照 is printed large); one
    large character (用 of an overlay, a label character of 信用) is not enough."""
    text = norm.compact(line.text)
    return len(text) >= 2 and all(char in label_chars for char in text)


def _stacked_fragment(line: OcrLine) -> bool:
    """A few characters read down a column."""
    width = line.box[2] - line.box[0]
    return line.height > 1.5 * width and 2 <= len(norm.compact(line.text)) <= 4


def _reading_order(first: OcrLine, second: OcrLine) -> int:
    """Left to right, except that of two lines one above the other (a wrapped value whose
    first line sits higher on the row) the upper comes first."""
    overlap = min(first.box[2], second.box[2]) - max(first.box[0], second.box[0])
    narrower = min(first.box[2] - first.box[0], second.box[2] - second.box[0])
    if overlap > 0.5 * narrower:
        return -1 if first.center_y < second.center_y else 1
    return -1 if first.box[0] < second.box[0] else 1


def _same_row(members: list[OcrLine], line: OcrLine) -> bool:
    anchor = _anchor(members)
    return _overlap(anchor, line) > 0.5 * max(min(line.height, anchor.height), 1)


def _row(lines: list[OcrLine]) -> Row:
    text, origins = [], []
    for index, line in enumerate(lines):
        chars = norm.compact(line.text)
        kept = len(chars) - _read_twice(line, lines[index + 1] if index + 1 < len(lines) else None)
        for position, char in enumerate(chars[:kept]):
            if norm.is_noise(char):
                continue
            text.append(char)
            origins.append((index, position))
    return Row(tuple(lines), "".join(text), tuple(origins))


def _read_twice(line: OcrLine, following: OcrLine | None) -> int:
    """How many of a line's last characters the next line on the row reads again: where two
    boxes overlap, the detector may give the characters under the overlap to both
    (`有效期限2` | `2009.12.30-…`)."""
    if following is None or following.box[0] >= line.box[2]:
        return 0
    text, after = norm.compact(line.text), norm.compact(following.text)
    width = (line.box[2] - line.box[0]) / max(len(text), 1)
    for count in range(min(3, len(text) - 1, len(after)), 0, -1):
        inside = line.box[2] - count * width >= following.box[0] - width / 2
        if inside and text[-count:] == after[:count]:
            return count
    return 0


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

Hit = tuple[int, int, Label]


def labelled_spans(rows: list[Row], labels: tuple[Label, ...]) -> dict[str, Span]:
    """The value text after each label, up to the next label or the other column; wrapped
    values continue below, in their column."""
    found = _all_label_hits(rows, labels)
    spans: dict[str, Span] = {}
    for row_index, (row, hits) in enumerate(zip(rows, found, strict=True)):
        for hit_index, (start, end, label) in enumerate(hits):
            if label.key in spans:
                continue
            left = row.lines[row.origins[start][0]].box[0]
            following = hits[hit_index + 1] if hit_index + 1 < len(hits) else None
            right = _right_limit(row, following) if following else None
            stop = _column_end(row, end, following[0] if following else len(row.text))
            if right is not None:
                stop = min(stop, _column_stop(row, end, right))
            span = Span(row.text[end:stop], ((row, end, stop),))
            if following is None:
                right = _reach(span) if span.text else _beside(rows, found, row_index, start)
            if following is None or stop < len(row.text) or right is not None:
                span = _continued(span, rows, found, row_index, label, (left, right))
            if label.wraps:
                led = _led(span, rows, found, row_index, (left, right))
                if len(led.parts) > len(span.parts):
                    span = _centred(led, _label_line(row, span))
                else:
                    span = led
            spans[label.key] = span
    return spans


def _hit_at(hits: list[Hit], start: int) -> str:
    return next(hit[2].key for hit in hits if hit[0] == start)


def _reach(span: Span) -> int | None:
    """How far right a value without a next label on its row reaches: a label further
    right on the rows below is in another column."""
    box = span_box(span) if span.text else None
    return round(box[2] + COLUMN_GAP * (box[3] - box[1])) if box else None


def _right_limit(row: Row, following: Hit) -> int:
    """Where the next label starts: a value continues below only left of it. Labels of a
    column are not quite aligned: a label starting a little left of this one is still in
    the next column. A label inside a line (`十营业期限`, a mark read before it) starts
    where its first character is."""
    line_index, position = row.origins[following[0]]
    line = row.lines[line_index]
    count = max(len(norm.compact(line.text)), 1)
    return round(line.box[0] + (line.box[2] - line.box[0]) * position / count - line.height)


def _beside(rows: list[Row], found: list, row_index: int, start: int) -> int | None:
    """Where the next column starts beside a label whose row holds no value (the value is
    centred on its label, above and below it): the nearest label right of it on the rows
    just above and below."""
    row = rows[row_index]
    label_line, key = row.lines[row.origins[start][0]], _hit_at(found[row_index], start)
    # The label's own other half (住 | 所 on the row below) is not the next column's.
    limits = [
        _right_limit(rows[index], hit)
        for index in (row_index - 1, row_index + 1)
        if 0 <= index < len(rows)
        for hit in found[index]
        if hit[2].key != key
        and rows[index].lines[rows[index].origins[hit[0]][0]].box[0] > label_line.box[2]
    ]
    return min(limits, default=None)


def _column_end(row: Row, start: int, stop: int) -> int:
    """The end of a value that starts at `start`: before a line far to the right of the
    value's previous line (the other column of the page, with its label lost)."""
    previous = None
    for offset in range(start, stop):
        line_index, position = row.origins[offset]
        line = row.lines[line_index]
        if position == 0 and previous is not None and previous is not line:
            gap = line.box[0] - previous.box[2]
            if gap > COLUMN_GAP * max(previous.height, line.height, 1):
                return offset
        previous = line
    return stop


def _continued(
    span: Span,
    rows: list[Row],
    found: list,
    row_index: int,
    label: Label,
    bounds: tuple[int, int | None],
) -> Span:
    """Add the lines below that continue a wrapped value (or hold a value set below its
    label): lines in the value's column, on rows without labels in that column, with no
    wide gap."""
    column = _label_line(rows[row_index], span)
    right = bounds[1]
    # Measured from the value's line where it has one beside the label (set lower than
    # the label, it is nearer the line that wraps it).
    value_box = span_box(span) if span.text else None
    bottom = max(column.box[3], value_box[3]) if value_box else column.box[3]
    for next_index in range(row_index + 1, len(rows)):
        if not (label.wraps or not span.text):
            break
        row = rows[next_index]
        # The value's own label word starting a line in the value's column is the value
        # wrapped before that word (…/房屋建筑 | 面积106.71㎡), not the label again.
        # Nor is the rest of the label that opens the row below (面 | 积 of a letter-spaced
        # label, its halves on two rows of the value's lines): the value goes on after it.
        hits = [hit for hit in found[next_index] if hit[2].key != label.key]
        if _label_in_column(row, hits, bounds):
            break
        start = _first_in_column(row, column, right)
        if start is not None:
            start = _after_label_rest(found[next_index], start, label)
        if start is None or start >= len(row.text):
            continue
        end = _column_stop(row, start, right)
        if span.text and _not_continued_by(label, row.text[start:end]):
            break
        top = row.lines[row.origins[start][0]].box[1]
        if top - bottom > 1.5 * column.height or _nearer_next_label(
            rows, found, next_index, top - bottom, bounds
        ):
            break
        span = span + Span(row.text[start:end], ((row, start, end),))
        bottom = row.lines[row.origins[end - 1][0]].box[3]
        if not label.wraps:
            break
    return span


SENTENCE_MARKS = re.compile("[；;。]")
# A run of digits as long as an ID, credit or unit number's: the next field's value.
NUMBER_RUN = re.compile(r"\d{15}")
NUMBER_KEYS = frozenset({"id_number", "credit_code", "unit_number", "registration_number"})


def _not_continued_by(label: Label, text: str) -> bool:
    """A line that cannot continue this label's value: sentences under any but a prose
    value (经营范围), a long number under any but a number (公民身份号码 with its label
    half lost, below an address)."""
    return (not label.prose and bool(SENTENCE_MARKS.search(text))) or (
        label.key not in NUMBER_KEYS and bool(NUMBER_RUN.search(text))
    )


def _after_label_rest(hits: list[Hit], start: int, label: Label) -> int:
    """Where a value starts on the row below its label when the label's other half opens
    that row (住 | 所, letter-spaced, the halves grouped into two rows): after it."""
    return next((hit[1] for hit in hits if hit[2].key == label.key and hit[0] == start), start)


def _led(
    span: Span, rows: list[Row], found: list, row_index: int, bounds: tuple[int, int | None]
) -> Span:
    """Put in front the line above the label's row that opens the value: a cell of several
    lines whose label is centred on it (`…起2050年04月16日` / 使用期限 / `止`). The line
    belongs here when it sits nearer the label's row than the row above it."""
    if row_index == 0:
        return span
    column = _label_line(rows[row_index], span)
    first = span_box(Span(span.text, span.parts[:1])) if span.text else None
    value_left = first[0] if first else column.box[2]
    row = rows[row_index - 1]
    right = bounds[1]
    if _label_in_column(row, found[row_index - 1], bounds):
        return span
    start = _first_in_column(row, column, right)
    if start is None or row.lines[row.origins[start][0]].box[0] < value_left - column.height:
        return span
    end = _column_stop(row, start, right)
    lines = {row.lines[row.origins[offset][0]] for offset in range(start, end)}
    # Measured as _continued measures, so that a line goes to one value only.
    gap_below = min(line.box[1] for line in _in_column(rows[row_index], bounds)) - max(
        line.box[3] for line in lines
    )
    # The nearest row above that has text in this column (a row of the other column only,
    # beside it, says nothing about this column's spacing).
    reaching = (_reaching(rows[index], bounds) for index in range(row_index - 2, -1, -1))
    above = next((lines_above for lines_above in reaching if lines_above), None)
    if above:
        gap_above = min(line.box[1] for line in lines) - max(line.box[3] for line in above)
    else:
        gap_above = gap_below + column.height
    if gap_below >= gap_above or gap_below >= 0.5 * column.height:
        return span
    led = Span(row.text[start:end], ((row, start, end),)) + span
    # The label is centred on its cell: the line above opens this value only if the label
    # sits nearer the middle of the value with it than without it (else the line is the
    # value of a row whose label was lost).
    if _off_centre(led, column) < _off_centre(span, column) or not span.text:
        return led
    return span


def _centred(span: Span, label: OcrLine) -> Span:
    """A value that opens above its label (the label centred on its cell) ends as far below
    as it starts above: rows continued past that belong to the next cell, whose label is
    centred lower (`…黄埔雅苑1901室` / `一般项目：…`, the first line of the scope below)."""
    while len(span.parts) > 2:
        last = span.parts[-1]
        shorter = Span(span.text[: len(span.text) - (last[2] - last[1])], span.parts[:-1])
        if _off_centre(shorter, label) >= _off_centre(span, label):
            break
        span = shorter
    return span


def _off_centre(span: Span, label: OcrLine) -> float:
    box = span_box(span)
    return abs((box[1] + box[3]) / 2 - label.center_y) if box else float("inf")


def _label_in_column(row: Row, hits: list[Hit], bounds: tuple[int, int | None]) -> bool:
    """A label on the row between the value's label and the next label to its right (or,
    without one, anywhere right of the value's label). A label further left belongs to the
    column on the left, whose text runs beside a wrapped value on the right."""
    left, right = bounds
    for start, end, _label in hits:
        for line_index, _position in row.origins[start:end]:
            line = row.lines[line_index]
            if line.box[2] > left and (right is None or line.box[0] < right):
                return True
    return False


def _column_stop(row: Row, start: int, right: int | None) -> int:
    """The end of the part of the row left of `right` (the whole rest without one)."""
    if right is None:
        return _column_end(row, start, len(row.text))
    for offset in range(start, len(row.text)):
        line_index, position = row.origins[offset]
        if position == 0 and row.lines[line_index].box[0] >= right:
            return offset
    return len(row.text)


def _nearer_next_label(
    rows: list[Row], found: list, index: int, gap_above: int, bounds: tuple[int, int | None]
) -> bool:
    """The row sits closer to the next labelled row of the column than to the value above
    it: it is the first line of the next cell, whose label is centred on a taller cell
    (权利其他状况)."""
    for later in range(index + 1, len(rows)):
        if _label_in_column(rows[later], found[later], bounds):
            row_bottom = max(line.box[3] for line in _in_column(rows[index], bounds))
            label_top = min(line.box[1] for line in _in_column(rows[later], bounds))
            return max(label_top - row_bottom, 0) < gap_above
    return False


def _in_column(row: Row, bounds: tuple[int, int | None]) -> list[OcrLine]:
    """The row's lines that reach into the column (all of them if none does)."""
    return _reaching(row, bounds) or list(row.lines)


def _reaching(row: Row, bounds: tuple[int, int | None]) -> list[OcrLine]:
    """The row's lines that reach into the column."""
    left, right = bounds
    return [
        line for line in row.lines if line.box[2] > left and (right is None or line.box[0] < right)
    ]


def _label_line(row: Row, span: Span) -> OcrLine:
    """The OCR line holding the end of the label (the value starts right after it)."""
    _, start, _ = span.parts[0]
    index = row.origins[start - 1][0] if start > 0 else 0
    return row.lines[index]


def _first_in_column(row: Row, column: OcrLine, right: int | None = None) -> int | None:
    """Offset in row.text of the first line that starts at or right of the label's line
    (and left of `right`)."""
    margin = column.height
    for offset, (line_index, position) in enumerate(row.origins):
        line = row.lines[line_index]
        if position == 0 and line.box[0] >= column.box[0] - margin:
            if right is not None and line.box[0] >= right:
                return None
            return offset
    return None


def _all_label_hits(rows: list[Row], labels: tuple[Label, ...]) -> list[list[Hit]]:
    """The label hits of every row; labels not found as printed are then looked for once
    more: read one character off, or only their last character left (see _label_ends)."""
    found = [_label_hits(row, labels) for row in rows]
    seen = {hit[2].key for hits in found for hit in hits}
    missing = tuple(label for label in labels if label.key not in seen)
    if missing:
        columns = _label_extents(rows, found)
        for index, row in enumerate(rows):
            fuzzy = _fuzzy_label_hits(row, missing) + _label_ends(row, missing, columns)
            found[index] = _non_overlapping(found[index] + fuzzy, keep=len(found[index]))
    return [_merged(hits) for hits in found]


def _label_extents(rows: list[Row], found: list[list[Hit]]) -> list[tuple[int, int]]:
    """(left, right) of every label's characters found as printed: where labels are."""
    boxes = [
        span_box(Span(row.text[start:end], ((row, start, end),)))
        for row, hits in zip(rows, found, strict=True)
        for start, end, _label in hits
    ]
    return [(box[0], box[2]) for box in boxes if box]


def _label_ends(row: Row, labels: tuple[Label, ...], columns: list[tuple[int, int]]) -> list[Hit]:
    """A letter-spaced label of three or more characters of which only the last was read
    (限 of 使用期限, the rest under an overlay): that character alone in its box, where
    other labels are printed (a value's last character alone on its line, `…路51` / `号`,
    lies in the value column)."""
    text = norm.fold_chars(row.text)
    hits: list[Hit] = []
    for offset, (line_index, position) in enumerate(row.origins):
        line = row.lines[line_index]
        if position != 0 or len(norm.compact(line.text)) != 1:
            continue
        centre = (line.box[0] + line.box[2]) / 2
        if not any(left <= centre <= right for left, right in columns):
            continue
        hits += [
            (offset, offset + 1, label)
            for label in labels
            if any(len(word) >= 3 and word[-1] == text[offset] for word in label.words)
        ][:1]
    return hits


def _merged(hits: list[Hit]) -> list[Hit]:
    """Adjacent hits of one label (名 | 称, the letter-spaced halves in two boxes) as one."""
    merged: list[Hit] = []
    for hit in hits:
        if merged and merged[-1][2].key == hit[2].key and hit[0] - merged[-1][1] <= 1:
            longest = max(len(word) for word in hit[2].words)
            if hit[1] - merged[-1][0] <= longest:
                merged[-1] = (merged[-1][0], hit[1], hit[2])
            # Otherwise the label is whole already: the word again is the value wrapped
            # before it (面 积 | 面积106.71㎡).
        elif all(earlier[2].key != hit[2].key for earlier in merged):
            merged.append(hit)
        # The label's word again further on the row opens a line of its value, set beside
        # the label (面 积 | …/房屋建筑 | 面积91.11㎡): text, not the label again.
    return merged


def _label_hits(row: Row, labels: tuple[Label, ...]) -> list[Hit]:
    """Non-overlapping label occurrences in a row, longest word first, in reading order.

    A label's character alone in its own box (住 | 所, 类 with 型 lost) is the label: the
    document prints short labels letter-spaced.
    """
    text = norm.fold_chars(row.text)
    candidates = [
        (match.start(), match.start() + len(word), label)
        for label in labels
        for word in label.words
        for match in re.finditer(re.escape(word), text)
        if label.inline or row.origins[match.start()][1] == 0
    ]
    candidates += [
        (offset, offset + 1, label)
        for offset, (line_index, position) in enumerate(row.origins)
        if position == 0 and len(norm.compact(row.lines[line_index].text)) == 1
        for label in labels
        if any(len(word) == 2 and text[offset] in word for word in label.words)
    ]
    return _non_overlapping(candidates)


def _non_overlapping(candidates: list[Hit], keep: int = 0) -> list[Hit]:
    """Longest first; the first `keep` candidates (exact hits) are taken before any other."""
    taken: list[Hit] = list(candidates[:keep])
    rest = sorted(candidates[keep:], key=lambda hit: (-(hit[1] - hit[0]), hit[0]))
    for hit in rest:
        if all(hit[1] <= other[0] or hit[0] >= other[1] for other in taken):
            taken.append(hit)
    return sorted(taken, key=lambda hit: hit[0])


def _fuzzy_label_hits(row: Row, labels: tuple[Label, ...]) -> list[Hit]:
    """Labels read one character off (有限期限 for 有效期限, 名族 for 民族): at a line's start,
    or anywhere for inline labels. A two-character word must keep its last character."""
    text = norm.fold_chars(row.text)
    candidates: list[Hit] = []
    for label in labels:
        for word in label.words:
            if len(word) < 2:
                continue
            for start in range(len(text) - len(word) + 1):
                if not (label.inline or row.origins[start][1] == 0):
                    continue
                window = text[start : start + len(word)]
                if len(word) == 2 and window[1] != word[1]:
                    continue
                if Hamming.distance(window, word) == 1:
                    candidates.append(
                        (_lost_first(row, start, window, word), start + len(word), label)
                    )
    return _non_overlapping(candidates + _short_label_lines(row, labels))


def _short_label_lines(row: Row, labels: tuple[Label, ...]) -> list[Hit]:
    """A line that is a label of three characters or more with one of them lost (使用期 for
    使用期限, the 限 under an overlay): the whole line is the label."""
    hits: list[Hit] = []
    for offset, (line_index, position) in enumerate(row.origins):
        if position != 0:
            continue
        text = norm.fold_chars(norm.compact(row.lines[line_index].text))
        hits.extend(
            (offset, offset + len(text), label)
            for label in labels
            for word in label.words
            if len(word) >= 3
            and len(text) == len(word) - 1
            and Levenshtein.distance(text, word, score_cutoff=1) == 1
        )
    return hits


def _lost_first(row: Row, start: int, window: str, word: str) -> int:
    """Where a label read one character off starts: after the previous line's last
    character when the label's first one was lost and the rest opens a line (资 | 业期限)."""
    if window[0] != word[0] and row.origins[start][1] != 0 and row.origins[start + 1][1] == 0:
        return start + 1
    return start


# --- fields -------------------------------------------------------------------------------


def _field(span: Span | None, normaliser: norm.Normaliser) -> Field | None:
    """The normalised value of a span, overlay phrases left out; None when there is none."""
    if span is None:
        return None
    value = normaliser(lexicon.without_overlay(span.text)[0])
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


def _person_name(text: str) -> str | None:
    """A plausible person's name (known surname, two to four characters, or a minority
    name with ·); other text read into the row (an overlay phrase, a neighbour) is none."""
    value = norm.name(text)
    value = lexicon.simplified(value) if value else None
    return value if value and lexicon.plausible_name(value) else None


# Who runs a partnership or a sole proprietorship may be an organisation (执行事务合伙人:
# …有限公司（委派代表：…）); such a value is kept as read rather than held to a name's shape.
ORGANISATION = re.compile(r"公司|企业|合伙|中心|委派代表")


def _type_read_as_name(value: str) -> bool:
    """An enterprise type (the neighbouring row's 有限责任公司（自然人独资）) or an overlay
    phrase, brackets left out as a name's normaliser leaves them."""
    types = {norm.name(known) for known in lexicon.enterprise_types()}
    return (
        value in types
        or value.startswith(("有限责任公司", "股份有限公司"))
        or (lexicon.overlay_value(value))
    )


def _representative(text: str) -> str | None:
    """A legal representative: a person's name, or the organisation that acts as one."""
    value = norm.name(text)
    value = lexicon.simplified(value) if value else None
    if value and ORGANISATION.search(value) and not _type_read_as_name(value):
        return value
    return value if value and lexicon.plausible_name(value) else None


def _place_text(text: str, within: frozenset[str] = frozenset()) -> str | None:
    """An address or location: as printed, traditional forms folded, division names
    corrected from GB/T 2260 (`within` the division the document's code names). A date
    alone (the row above, read into the value) is none."""
    value = norm.printed_text(text)
    if not value or NOT_A_PLACE.fullmatch(value):
        return None
    return lexicon.corrected_places(lexicon.simplified(value), within)


# Text with no character of a place name: digits, punctuation and the date's 年月日 only.
NOT_A_PLACE = re.compile(r"[\d\W年月日]*")


def _plain_text(text: str) -> str | None:
    value = norm.printed_text(text)
    return lexicon.simplified(value) if value else None


# A registered capital names its money: 元, the formal 圆 (伍仟万圆整), or the currency
# after the amount (300万人民币, 50万美元, 100万港币).
CURRENCY = re.compile(r"[元圆]|币")


def _capital(text: str) -> str | None:
    """A registered capital states an amount of money (人民币100.0000万元整, 伍佰万元整,
    伍仟万圆整, 300万人民币); without its money the text is something else read in the row (an
    overlay's remains)."""
    value = _plain_text(text)
    return value if value and CURRENCY.search(value) else None


def _owners(text: str) -> str | None:
    """Owners joined by 、, each a plausible person's name or an organisation (a name
    longer than a person's); text of another kind read into the row makes none."""
    value = norm.owners(text)
    value = lexicon.simplified(value) if value else None
    if not value:
        return None
    owners = value.split("、")
    return value if all(lexicon.plausible_name(o) or len(o) > 4 for o in owners) else None


def _authority(text: str) -> str | None:
    """An authority's name, or None: seal text and footers read as one are junk."""
    value = _place_text(text)
    if value and not lexicon.is_authority(value):
        # Another field's digits read into the name's row (`…南山分局.20-2039.06.20`): the
        # name ends at its last authority word when only digits and marks follow.
        value = lexicon.authority_before_digits(value)
    return value if value and lexicon.is_authority(value) else None


def _enterprise_type(text: str) -> str | None:
    value = _plain_text(text)
    return lexicon.enterprise_type(value) if value else None


def _ethnicity(text: str) -> str | None:
    value = norm.ethnicity(lexicon.simplified(text))
    return lexicon.ethnicity(value) if value else None


TERM_SEPARATOR = re.compile(r"[-—–~至]+")


def term_end(text: str) -> str | None:
    """The end of a term: the date or 长期 after 至 (never the start before it), the date
    before 止, or 长期; a lone date that says neither is not taken for the end."""
    value = norm.arabic_dates(norm.compact(text))
    if "至" in value:
        return norm.date_or_long_term(value.rsplit("至", 1)[1])
    if "止" in value:
        dates = [m for m in norm.DATE_PATTERN.finditer(value) if m.end() <= value.rindex("止")]
        return norm.date(dates[-1].group(0)) if dates else None
    if norm.LONG_TERM in value:
        return norm.LONG_TERM
    dates = [m for m in norm.DATE_PATTERN.finditer(value) if norm.date(m.group(0))]
    return norm.date(dates[-1].group(0)) if len(dates) >= 2 else None


def validity(text: str) -> tuple[str | None, str | None]:
    """(valid_from, valid_until) of an ID card: each side of the separator read alone, so
    that a start partly covered (`3.14-2029.05.14`) keeps the readable end."""
    value = norm.compact(text)
    parts = TERM_SEPARATOR.split(value)
    if len(parts) < 2:
        return norm.validity_period(value)
    start = norm.date(parts[0]) if re.search(r"\d{4}", parts[0]) else None
    return start, norm.date_or_long_term("".join(parts[1:]))


ID_NUMBER_SHAPE = re.compile(r"[0-9OIDQZSBGL|]{17}[0-9X]")
CREDIT_CODE_SHAPE = re.compile(r"[0-9A-Z]{18}")
UNIT_NUMBER_SHAPE = re.compile(r"[0-9O]{12}[A-Z]{2}[0-9O]{5}F[0-9O]{8}")
CERTIFICATE_SHAPE = re.compile(r"[\u4e00-\u9fff][（(]?\d{4}[)）]?.+?不动产权第?\d{7}号?")
# A term printed as a range: 2016年08月02日至2066年08月01日, 2018年03月30日至长期.
TERM_SHAPE = re.compile(
    r"\d{4}\D{1,2}\d{1,2}\D{1,2}\d{1,2}日?至(?:\d{4}\D{1,2}\d{1,2}\D{1,2}\d{1,2}日?|长期)"
)
# A deed's 使用期限 as a range: 2006年10月04日起2076年10月03日(止).
DEED_TERM_SHAPE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日起\d{4}年\d{1,2}月\d{1,2}日")
VALIDITY_SHAPE = re.compile(r"\d\s*[-—–~至]\s*(?:\d{4}\D?\d{1,2}|长期)")


def _id_card_front(rows: list[Row], spans: dict[str, Span]) -> dict[str, Field | None]:
    number = _field(spans.get("id_number"), norm.id_number) or _first_match(
        rows, ID_NUMBER_SHAPE, norm.id_number
    )
    return {
        "name": _field(spans.get("name") or _unlabelled_name(rows, spans), _person_name),
        "sex": _field(spans.get("sex"), norm.sex),
        "ethnicity": _field(spans.get("ethnicity"), _ethnicity),
        "birth_date": _field(spans.get("birth_date"), norm.date),
        "address": _field(spans.get("address"), _place_text),
        "id_number": number,
    }


def _unlabelled_name(rows: list[Row], spans: dict[str, Span]) -> Span | None:
    """The name when its label was misread (姓名 as 么): the row right above 性别, from the
    column where the other rows' values start."""
    sex = spans.get("sex")
    if sex is None or not sex.parts:
        return None
    row_index = rows.index(sex.parts[0][0])
    column = _value_column(spans)
    if row_index == 0 or column is None:
        return None
    row = rows[row_index - 1]
    start = next(
        (offset for offset in range(len(row.text)) if _char_centre(row, offset) > column), None
    )
    return Span(row.text[start:], ((row, start, len(row.text)),)) if start is not None else None


def _value_column(spans: dict[str, Span]) -> float | None:
    lefts = [
        span_box(Span(span.text, span.parts[:1]))
        for key, span in spans.items()
        if key in ("sex", "birth_date", "address") and span.text
    ]
    return min((box[0] for box in lefts if box), default=None)


def _char_centre(row: Row, offset: int) -> float:
    line_index, position = row.origins[offset]
    line = row.lines[line_index]
    count = max(len(norm.compact(line.text)), 1)
    return line.box[0] + (line.box[2] - line.box[0]) * (position + 0.5) / count


def _id_card_back(rows: list[Row], spans: dict[str, Span]) -> dict[str, Field | None]:
    span = spans.get("validity")
    if span is None or not VALIDITY_SHAPE.search(span.text):
        span = _shaped_row(rows, VALIDITY_SHAPE) or span
    start, until = validity(span.text) if span else (None, None)
    authority = spans.get("issuing_authority") or _unlabelled_authority(rows)
    return {
        "issuing_authority": _field(authority, _authority),
        "valid_from": _field(span, lambda _text: start),
        "valid_until": _field(span, lambda _text: until),
    }


# The label's first characters, left at a row's start when the rest of 签发机关 was lost.
AUTHORITY_LABEL_REMAINS = ("签发", "发机", "机关")


def _unlabelled_authority(rows: list[Row]) -> Span | None:
    """The issuing authority when its label was lost (under an overlay, or faded): on an ID
    back the one row that names an authority and nothing else (the title rows never do)."""
    for row in rows:
        value = _place_text(row.text)
        if value and lexicon.is_authority(value) and not value.startswith(AUTHORITY_LABEL_REMAINS):
            return Span(row.text, ((row, 0, len(row.text)),))
    return None


def _shaped_row(rows: list[Row], pattern: re.Pattern[str]) -> Span | None:
    """The part of the first row that holds the pattern, from the match to the row's end."""
    for row in rows:
        match = pattern.search(row.text)
        if match:
            start = _line_start(row, match.start())
            return Span(row.text[start:], ((row, start, len(row.text)),))
    return None


def _line_start(row: Row, offset: int) -> int:
    line_index = row.origins[offset][0]
    return next(i for i, origin in enumerate(row.origins) if origin[0] == line_index)


def _business_licence(rows: list[Row], spans: dict[str, Span]) -> dict[str, Field | None]:
    code = _field(spans.get("credit_code"), norm.credit_code) or _first_match(
        rows, CREDIT_CODE_SHAPE, norm.credit_code
    )
    term = spans.get("business_term")
    if term is None or term_end(term.text) is None:
        term = _shaped_row(rows, TERM_SHAPE) or term
    within = _division_of(
        code.value[2:8] if code and uscc.is_valid(code.value) else _registration_number(spans)
    )
    return {
        "credit_code": code,
        "name": _field(
            spans.get("name") or _unlabelled_licence_name(rows, spans), _name_in(within)
        ),
        "type": _field(spans.get("type"), _enterprise_type),
        "legal_representative": _field(spans.get("legal_representative"), _representative),
        "registered_capital": _field(spans.get("registered_capital"), _capital),
        "established_date": _field(
            spans.get("established_date") or _unlabelled_established_date(rows, spans), norm.date
        ),
        "business_term_until": _field(term, term_end),
        "address": _field(spans.get("address"), partial(_place_text, within=within)),
        "registration_authority": _field(spans.get("registration_authority"), _authority),
    }


def _certificate_in(within: frozenset[str]) -> norm.Normaliser:
    """A deed's number, the place it names corrected within the deed's county (the code its
    unit number opens with: 毫州市 -> 亳州市 in 341602)."""

    def certificate(text: str) -> str | None:
        value = norm.certificate_number(text)
        if value is None or not within:
            return value
        head, rest = value.split("）", 1)
        place, tail = rest.split("不动产权", 1)
        return f"{head}）{lexicon.corrected_places(place, within)}不动产权{tail}"

    return certificate


def _registration_number(spans: dict[str, Span]) -> str | None:
    """The division that opens a pre-2015 licence's 注册号 (15 digits)."""
    span = spans.get("registration_number")
    number = NUMBER_RUN.search(norm.compact(span.text)) if span else None
    return number.group(0)[:6] if number else None


def _division_of(code: str | None) -> frozenset[str]:
    """The division a document's own code names (a credit code's registration division, a
    unit number's county), for settling a place name read one character off."""
    return frozenset({code}) if code and code.isdigit() and len(code) == 6 else frozenset()


def _name_in(within: frozenset[str]) -> norm.Normaliser:
    """A licence's name, a place it opens with corrected within the licence's division."""

    def name(text: str) -> str | None:
        value = _plain_text(text)
        return lexicon.corrected_places(value, within) if value and within else value

    return name


def _unlabelled_licence_name(rows: list[Row], spans: dict[str, Span]) -> Span | None:
    """The name when its label was lost (名称 not read at all): the name is the first value
    under the title, so it is the lines that start in the type's value column (or, without a
    type, the legal representative's) between the title and that value."""
    return _joined(_between(rows, spans, ("title",), ("type", "legal_representative")))


def _unlabelled_established_date(rows: list[Row], spans: dict[str, Span]) -> Span | None:
    """成立日期 when its label was lost or cut (`期2004年11月12日`): licences print it between
    注册资本 and 营业期限, so it is the first line of that stretch in the value column."""
    found = _between(rows, spans, ("registered_capital",), ("business_term", "address"), 3.0)
    return found[0] if found else None


def _between(
    rows: list[Row],
    spans: dict[str, Span],
    above_keys: tuple[str, ...],
    below_keys: tuple[str, ...],
    reach: float = 1.0,
) -> list[Span]:
    """The lines printed between two labelled values, in the lower value's column: lines that
    start within a line height of it, or up to `reach` line heights left of it (where the
    remains of a lost label stay fused to the value)."""
    above = next((spans[key] for key in above_keys if key in spans), None)
    below = next((spans[key] for key in below_keys if key in spans and spans[key].text), None)
    if above is None or below is None:
        return []
    first = span_box(Span(below.text, below.parts[:1]))
    if first is None:
        return []
    height = first[3] - first[1]
    start, stop = rows.index(above.parts[-1][0]) + 1, rows.index(below.parts[0][0])
    return [
        Span(row.text[begin:end], ((row, begin, end),))
        for row in rows[start:stop]
        for begin, end in _lines_starting_at(row, first[0] - reach * height, first[0] + height)
    ]


def _joined(pieces: list[Span]) -> Span | None:
    return sum(pieces[1:], pieces[0]) if pieces else None


def _lines_starting_at(row: Row, low: float, high: float) -> list[tuple[int, int]]:
    """(start, end) in row.text of each of the row's lines whose left edge is in [low, high)."""
    found = []
    for index, line in enumerate(row.lines):
        offsets = [i for i, origin in enumerate(row.origins) if origin[0] == index]
        if offsets and low <= line.box[0] < high:
            found.append((offsets[0], offsets[-1] + 1))
    return found


def _property_deed(rows: list[Row], spans: dict[str, Span]) -> dict[str, Field | None]:
    unit = _field(spans.get("unit_number"), norm.unit_number) or _first_match(
        rows, UNIT_NUMBER_SHAPE, norm.unit_number
    )
    term = spans.get("term")
    if term is None or term_end(term.text) is None:
        term = _shaped_row(rows, DEED_TERM_SHAPE) or term
    within = _division_of(unit.value[:6] if unit else None)
    return {
        "certificate_number": _first_match(rows, CERTIFICATE_SHAPE, _certificate_in(within)),
        "owner": _field(spans.get("owner"), _owners),
        "co_ownership": _field(spans.get("co_ownership"), norm.co_ownership),
        "location": _field(spans.get("location"), partial(_place_text, within=within)),
        "unit_number": unit,
        "right_type": _field(spans.get("right_type"), _plain_text),
        "usage": _field(spans.get("usage"), _plain_text),
        "area": _field(spans.get("area"), norm.area),
        "term_until": _field(term, term_end),
    }


EXTRACTORS = {
    "id_card_front": _id_card_front,
    "id_card_back": _id_card_back,
    "business_licence": _business_licence,
    "property_deed": _property_deed,
}
