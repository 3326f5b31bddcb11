"""Page orientation: OCR a page upright, turning it by quarter turns before the first pass
when the engine can tell from its text boxes, and after it when that pass says the page
lies on its side or upside down."""

from __future__ import annotations

from dataclasses import dataclass

from .classify import document_kinds
from .normalize import fold
from .ocr import OcrEngine
from .preprocess import turned
from .records import OcrResult, PageImage

# A first pass this good needs no second look at the orientation.
UPRIGHT_CONFIDENCE = 0.8
UPRIGHT_KEYWORDS = 2


@dataclass(frozen=True)
class ReadPage:
    """A page after OCR in its best orientation."""

    page: PageImage
    ocr: OcrResult
    quarter_turns: int


def read_page(page: PageImage, engine: OcrEngine) -> ReadPage:
    """OCR the page upright: turned first as the engine's look at its text boxes says (no
    read is spent on a page on its side), a good pass trusted, otherwise the other turns
    tried."""
    hinted = engine.quarter_turns(page.pixels) or 0
    start = turned(page, hinted)
    first = engine.recognize(start.pixels)
    best = ReadPage(start, first, hinted)
    if _looks_upright(first) or (not first.lines and not hinted):
        return best
    for more in _turns_to_try(first):
        quarter_turns = (hinted + more) % 4
        candidate = turned(page, quarter_turns)
        result = engine.recognize(candidate.pixels)
        if _orientation_score(result) > _orientation_score(best.ocr):
            best = ReadPage(candidate, result, quarter_turns)
        if _looks_upright(result):
            break
    return best


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
    return (
        upright + _keyword_hits(result) * 10 + result.mean_confidence * 5 + min(readable, 200) / 40
    )
