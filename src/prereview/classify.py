"""OCR lines -> document type, and a page's lines -> one group of lines per document.

The keywords live in data/document_types.json so a new document type is a data change.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .messages import Wording, data_label
from .normalize import fold
from .records import OTHER, UNKNOWN, OcrLine


@dataclass(frozen=True)
class DocumentKind:
    """A document type and the words that identify it."""

    type: str
    label: str
    keywords: tuple[str, ...]
    anchors: tuple[str, ...]
    exclude_keywords: tuple[str, ...]
    min_hits: int
    priority: int


@cache
def _document_types_file() -> dict:
    """data/document_types.json, read once."""
    return json.loads(
        resources.files("prereview.data").joinpath("document_types.json").read_text("utf-8")
    )


@cache
def document_kinds() -> tuple[DocumentKind, ...]:
    """The packaged document types, in priority order."""
    raw = _document_types_file()
    kinds = [
        DocumentKind(
            type=item["type"],
            label=item["label"],
            keywords=tuple(item["keywords"]),
            anchors=tuple(item["anchors"]),
            exclude_keywords=tuple(item["exclude_keywords"]),
            min_hits=item["min_hits"],
            priority=item["priority"],
        )
        for item in raw["types"]
    ]
    return tuple(sorted(kinds, key=lambda kind: -kind.priority))


def type_label(doc_type: str) -> str:
    """The name a clerk reads for a document type (Chinese, then English)."""
    labels = {kind.type: kind.label for kind in document_kinds()}
    fallback = {UNKNOWN: "未识别 unknown", OTHER: "其他材料 other"}
    return labels.get(doc_type, fallback.get(doc_type, doc_type))


def type_wording(doc_type: str) -> Wording:
    """A document type's name in each language, for a message: `居民身份证（国徽面）` / `ID card back`."""
    return data_label(type_label(doc_type))


def classify_lines(lines: tuple[OcrLine, ...] | list[OcrLine]) -> str:
    """The document type the lines belong to, or `unknown`."""
    text = fold("".join(line.text for line in lines))
    best, best_score = UNKNOWN, 0.0
    for kind in document_kinds():
        if any(word in text for word in kind.exclude_keywords):
            continue
        hits = sum(1 for word in kind.keywords if word in text)
        if hits < kind.min_hits:
            continue
        score = hits / len(kind.keywords) + 0.01 * kind.priority
        if score > best_score:
            best, best_score = kind.type, score
    return best


# A page the engine read this well, with this much text, is legible: if it is none of the
# document types, it is another kind of paper (`other`), not an unreadable upload.
LEGIBLE_CONFIDENCE = 0.8
LEGIBLE_CHARACTERS = 8


def is_other_paper(lines: tuple[OcrLine, ...] | list[OcrLine]) -> bool:
    """Legible text that names another kind of paper, or holds no keyword of any document
    type (a page with a keyword or two may be a poorly read document: not `other`)."""
    text = fold("".join(line.text for line in lines))
    if len(text) < LEGIBLE_CHARACTERS:
        return False
    total = sum(len(line.text) for line in lines) or 1
    confidence = sum(line.confidence * len(line.text) for line in lines) / total
    if confidence < LEGIBLE_CONFIDENCE:
        return False
    keywords = (word for kind in document_kinds() for word in kind.keywords)
    return looks_like(lines) is not None or not any(word in text for word in keywords)


def looks_like(lines: tuple[OcrLine, ...] | list[OcrLine]) -> str | None:
    """What another kind of paper is, when its text names it (户口簿, 结婚证, 合同...)."""
    text = fold("".join(line.text for line in lines))
    for kind in _other_kinds():
        if any(fold(word) in text for word in kind["keywords"]):
            return kind["label"]
    return None


@cache
def _other_kinds() -> tuple[dict, ...]:
    return tuple(_document_types_file().get("other_kinds", ()))


def split_documents(lines: tuple[OcrLine, ...]) -> list[tuple[OcrLine, ...]]:
    """The lines of each document on a page, top to bottom then left to right.

    A page usually holds one document; a photocopy of an ID card holds its front and back.
    Cuts are made along clear horizontal (then vertical) gaps so that each part holds the
    anchors of one document only.
    """
    if _instances(lines) <= 1:
        return [lines]
    # A line far taller than the print that is no title (an overlay written across both
    # sides of a copy) would bridge every gap: cuts are looked for without it, and it joins
    # the side that holds its middle.
    tall = TALL_LINE * median_height(lines)
    overlays = [line for line in lines if line.height > tall and not _anchor_hits(line)]
    printed = tuple(line for line in lines if line not in overlays)
    cuts = [cut for cut in (_best_cut(printed, 1), _best_cut(printed, 0)) if cut is not None]
    if not cuts:
        return [lines]
    # A cut leaving one document on each side wins; horizontal first on a tie.
    _, axis, (first, second) = max(cuts, key=lambda cut: cut[0][0])
    start = min(line.box[axis] for line in second)
    for line in overlays:
        middle = (line.box[axis] + line.box[axis + 2]) / 2
        if middle < start:
            first += (line,)
        else:
            second += (line,)
    return split_documents(first) + split_documents(second)


# Values are printed at body size; a line this many times taller than the median is an
# overlay across the page (仅供…使用 written diagonally) or a seal's text.
TALL_LINE = 2.2


def median_height(lines) -> float:
    """The median height of the lines: the body text's."""
    heights = sorted(line.height for line in lines)
    return heights[len(heights) // 2] if heights else 0


def _anchor_hits(line: OcrLine) -> list[tuple[str, str]]:
    # Anchors are titles and labels, so they start a line; 营业执照 inside the business
    # scope (凭营业执照依法...) names no second licence.
    text = fold(line.text)
    return [
        (kind.type, word)
        for kind in document_kinds()
        for word in kind.anchors
        if text.startswith(word)
    ]


def _instances(lines: tuple[OcrLine, ...]) -> int:
    """How many documents the anchors in these lines point to."""
    counts: dict[str, int] = {}
    for line in lines:
        if _continues_paragraph(line, lines):
            continue
        for kind_type, word in _anchor_hits(line):
            counts[(kind_type, word)] = counts.get((kind_type, word), 0) + 1
    # The fewest repeats among a type's anchors found: one anchor word at the start of a
    # wrapped line (…凭 / 营业执照依法…) must not make a second licence of the first.
    per_type: dict[str, int] = {}
    for (kind_type, _), count in counts.items():
        per_type[kind_type] = min(per_type.get(kind_type, count), count)
    return sum(per_type.values())


def _continues_paragraph(line: OcrLine, lines) -> bool:
    """The line is the next line of a paragraph wrapped onto it: it starts where a line
    right above it starts, at least as wide (…凭 / 营业执照依法自主开展经营活动)."""
    height = max(line.height, 1)
    return any(
        abs(other.box[0] - line.box[0]) < 0.5 * height
        and 0 <= line.box[1] - other.box[3] < 0.6 * height
        and other.box[2] - other.box[0] >= line.box[2] - line.box[0]
        for other in lines
        if other is not line
    )


def _best_cut(
    lines: tuple[OcrLine, ...], axis: int
) -> tuple[tuple, int, tuple[tuple, tuple]] | None:
    """Split along the widest clean gap on `axis` (1 = y, 0 = x) that separates documents."""
    ordered = sorted(lines, key=lambda line: line.box[axis])
    best, best_score = None, None
    reach = ordered[0].box[axis + 2]
    for index in range(1, len(ordered)):
        start = ordered[index].box[axis]
        gap = start - reach
        reach = max(reach, ordered[index].box[axis + 2])
        if gap <= 0:
            continue
        first, second = tuple(ordered[:index]), tuple(ordered[index:])
        counts = _instances(first), _instances(second)
        # Each side must read as a document of its own: an anchor word starting a wrapped
        # line (…凭 / 营业执照依法…) below a title cut off (注册号 … above 营业执照) is not one.
        if min(counts) < 1 or UNKNOWN in (classify_lines(first), classify_lines(second)):
            continue
        # Prefer the cut that leaves one document on each side, then the widest gap.
        score = (-abs(counts[0] - 1) - abs(counts[1] - 1), gap)
        if best_score is None or score > best_score:
            best, best_score = (first, second), score
    return (best_score, axis, best) if best is not None else None
