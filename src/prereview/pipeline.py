"""The one place that puts the stages in order.

file -> intake.read_pages -> preprocess.prepare_page -> OCR (orientation decided from the
first pass) -> classify.split_documents / classify_lines -> extract.extract_fields -> Document
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from pathlib import Path

from .classify import classify_lines, document_kinds, split_documents
from .extract import extract_fields
from .intake import read_pages
from .normalize import fold
from .ocr import OcrEngine
from .preprocess import box_in_original, prepare_page, turned
from .records import (
    FIELDS_BY_TYPE,
    UNKNOWN,
    Document,
    Field,
    OcrLine,
    OcrResult,
    PageImage,
    ReadError,
    SourceImage,
)

# A first pass this good needs no second look at the orientation.
UPRIGHT_CONFIDENCE = 0.8
UPRIGHT_KEYWORDS = 2
QUALITY_FLAGS_FOR_UNREADABLE = {"blurred", "too_dark", "over_exposed", "too_small"}


@dataclass(frozen=True)
class ReadPage:
    """A page after OCR in its best orientation."""

    page: PageImage
    ocr: OcrResult
    quarter_turns: int
    ocr_calls: int


def read_documents(path: Path, engine: OcrEngine) -> list[Document]:
    """Every document found in one input file; a bad file gives one `unknown` with an error."""
    documents: list[Document] = []
    for item in read_pages(path):
        if isinstance(item, ReadError):
            documents.append(
                Document(item.source, UNKNOWN, error=item.message, quality=("unreadable",))
            )
        else:
            documents.extend(documents_on_page(item, engine))
    return documents


def documents_on_page(source: SourceImage, engine: OcrEngine) -> list[Document]:
    """Preprocess, OCR and extract one page; one Document per document found on it."""
    start = time.perf_counter()
    read = read_page(prepare_page(source), engine)
    groups = split_documents(read.ocr.lines) if read.ocr.lines else [()]
    documents = []
    for index, lines in enumerate(groups, start=1):
        name = f"{source.source}#d{index}" if len(groups) > 1 else source.source
        documents.append(_document(name, lines, read))
    seconds = (time.perf_counter() - start) / len(documents)
    return [replace(document, seconds=round(seconds, 3)) for document in documents]


def read_page(page: PageImage, engine: OcrEngine) -> ReadPage:
    """OCR the page upright: trust a good first pass, otherwise try the other three turns."""
    first = engine.recognize(page.pixels)
    best = ReadPage(page, first, 0, 1)
    if not first.lines or _looks_upright(first):
        return best
    calls = 1
    for quarter_turns in _turns_to_try(first):
        candidate = turned(page, quarter_turns)
        result = engine.recognize(candidate.pixels)
        calls += 1
        if _orientation_score(result) > _orientation_score(best.ocr):
            best = ReadPage(candidate, result, quarter_turns, calls)
        if _looks_upright(result):
            break
    return replace(best, ocr_calls=calls)


def _turns_to_try(result: OcrResult) -> tuple[int, ...]:
    """Tall text boxes mean the page lies on its side: try the quarter turns first.

    RapidOCR reads a tall line after turning it counter-clockwise; if it read such lines
    well, the page wants that same turn (3 quarter turns clockwise).
    """
    if not _on_its_side(result):
        return (2, 1, 3)
    return (3, 1, 2) if result.mean_confidence >= UPRIGHT_CONFIDENCE else (1, 3, 2)


def _on_its_side(result: OcrResult) -> bool:
    """Most text boxes taller than wide: the engine read the lines vertically."""
    tall = sum(1 for line in result.lines if line.height > 1.5 * (line.box[2] - line.box[0]))
    return tall > len(result.lines) / 2


def _keyword_hits(result: OcrResult) -> int:
    text = fold(result.text)
    return max(
        (sum(1 for word in kind.keywords if word in text) for kind in document_kinds()), default=0
    )


def _looks_upright(result: OcrResult) -> bool:
    return (
        _keyword_hits(result) >= UPRIGHT_KEYWORDS
        and result.mean_confidence >= UPRIGHT_CONFIDENCE
        and not _on_its_side(result)
    )


def _orientation_score(result: OcrResult) -> float:
    readable = sum(len(line.text) for line in result.lines if line.confidence >= 0.7)
    upright = 0 if _on_its_side(result) else 10
    return upright + _keyword_hits(result) * 10 + result.mean_confidence * 5 + min(readable, 200) / 40


def _document(source: str, lines: tuple[OcrLine, ...], read: ReadPage) -> Document:
    doc_type = classify_lines(lines) if lines else UNKNOWN
    fields = {
        name: replace(found, box=box_in_original(read.page, found.box))
        for name, found in extract_fields(doc_type, lines).items()
    }
    quality = _quality(doc_type, lines, read)
    return Document(
        source, doc_type, _ordered(doc_type, fields), quality, rotation=read.quarter_turns * 90
    )


def _quality(doc_type: str, lines: tuple[OcrLine, ...], read: ReadPage) -> tuple[str, ...]:
    quality = list(read.page.quality)
    if doc_type == UNKNOWN and lines:
        poorly_read = OcrResult(read.ocr.engine, lines).mean_confidence < 0.6
        if poorly_read or QUALITY_FLAGS_FOR_UNREADABLE & set(quality):
            quality.append("unreadable")
    return tuple(dict.fromkeys(quality))


def _ordered(doc_type: str, fields: dict[str, Field]) -> dict[str, Field]:
    order = FIELDS_BY_TYPE.get(doc_type, ())
    return {name: fields[name] for name in order if name in fields}
