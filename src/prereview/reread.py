"""A second look: a field that is missing, read with low confidence or failing its format
check gets one targeted re-read of where its label is printed (cropped, upscaled, binarised
on the red channel so that a red seal over the text fades) before the pipeline gives up.

The re-read is extracted like the page (the crop holds the label and its value) and its
value replaces the first only when it is better: present where there was none, passing the
format check the first failed, or read with more confidence.

A document with something written over it (an overlay phrase, or large text that is no
label while a field is still missing) is then read once more as a whole with only print
kept: an overlay can hide a whole row, label and all, from the detector.
"""

from __future__ import annotations

import re
from datetime import date

import cv2
import numpy as np
from stdnum.cn import uscc

from .extract import extract_fields, field_regions, written_over
from .ocr import OcrEngine
from .records import FIELDS_BY_TYPE, Box, Field, OcrLine, PageImage

LOW_CONFIDENCE = 0.8
UPSCALE = 2.0
# At most this many re-reads per document: the cost stays bounded on a page that is poor
# everywhere (the orientation and quality stages deal with those).
MAX_REREADS = 3
# Print is dark in every channel; a translucent coloured or grey overlay written over the
# page is lighter than this in at least one channel (max over B, G, R), so it fades out.
PRINT_LEVEL = 150
WRAPPED_PLACES = frozenset({"address", "location", "area"})
USUALLY_IN_SEAL = frozenset({"registration_authority"})
JOINT = frozenset({"共同共有", "按份共有"})
Fields = dict[str, Field]

ID_NUMBER = re.compile(r"\d{17}[\dX]")


def second_look(
    doc_type: str,
    lines: tuple[OcrLine, ...],
    page: PageImage,
    engine: OcrEngine,
    fields: dict[str, Field],
) -> dict[str, Field]:
    """The fields, each one that needs it read once more from its region; then, on a
    document written over, the whole document once more with the overlay faded."""
    wanted = [
        name
        for name in FIELDS_BY_TYPE.get(doc_type, ())
        if needs_second_look(name, fields.get(name), fields)
    ]
    if not wanted:
        return without_overlay_look(doc_type, lines, page, engine, fields)
    regions = field_regions(doc_type, lines)
    improved = dict(fields)
    crops: dict[tuple[Box, bool], dict[str, Field]] = {}
    # A field still missing after the red channel's read is read with only print kept (a
    # grey or coloured overlay across it stays dark in the red channel), unless the whole
    # document will be read so anyway (an overlay was seen).
    looks = (False,) if _worth_a_faded_read(doc_type, lines, fields) else (False, True)
    for name in wanted:
        region = regions.get(name)
        if region is None:
            continue
        for faded in looks:
            if faded and name in improved:
                break
            if (region, faded) not in crops:
                if len(crops) >= MAX_REREADS:
                    break
                crops[region, faded] = extract_fields(
                    doc_type, reread(page, region, engine, faded=faded)
                )
            candidate = crops[region, faded].get(name)
            if candidate is not None and better(candidate, improved.get(name), name, fields):
                improved[name] = candidate
    return without_overlay_look(doc_type, lines, page, engine, improved)


def without_overlay_look(
    doc_type: str,
    lines: tuple[OcrLine, ...],
    page: PageImage,
    engine: OcrEngine,
    fields: dict[str, Field],
) -> dict[str, Field]:
    """On a document with something written over it, one more read of the whole document
    with the overlay faded (only what is dark in every channel kept): an overlay across a
    row can hide the row from the detector, label and all, so no region is known, or hide
    part of a value. A field is taken from it where there was none, where it is well formed
    and the first was not, or where it holds the first reading and more (`74号` ->
    `四川省…74号`); never on confidence alone (the faded page loses faint print too)."""
    if not lines or not _worth_a_faded_read(doc_type, lines, fields):
        return fields
    whole = reread(page, _document_box(lines), engine, faded=True, upscale=1.0)
    again = extract_fields(doc_type, whole)
    improved = dict(fields)
    for name, candidate in again.items():
        current = improved.get(name)
        if (
            current is None
            or (well_formed(name, candidate) and not well_formed(name, current))
            or _extends(name, candidate, current)
        ):
            improved[name] = candidate
    return improved


def _worth_a_faded_read(
    doc_type: str, lines: tuple[OcrLine, ...], fields: dict[str, Field]
) -> bool:
    """An overlay was seen; or large text that is no label (a seal, or an overlay the engine
    misread) and a field still missing that documents print outside a seal (登记机关 is
    usually printed only inside it, so its absence alone is no reason: a seal is no overlay)."""
    overlay, large_text = written_over(doc_type, lines)
    if overlay:
        return True
    missing = set(FIELDS_BY_TYPE.get(doc_type, ())) - set(fields) - USUALLY_IN_SEAL
    return large_text and bool(missing)


def _extends(name: str, candidate: Field, current: Field) -> bool:
    """A long wrapped value (an address, a location, an area) whose candidate holds the
    current value and more: the line an overlay hid. Short values are not lengthened: there
    the more is the overlay's own remains (…有限公司可次)."""
    return (
        name in WRAPPED_PLACES
        and current.value in candidate.value
        and len(candidate.value) > len(current.value)
    )


def _document_box(lines: tuple[OcrLine, ...]) -> Box:
    """The box around a document's lines, with a line's height of margin."""
    margin = max(line.height for line in lines)
    return (
        min(line.box[0] for line in lines) - margin,
        min(line.box[1] for line in lines) - margin,
        max(line.box[2] for line in lines) + margin,
        max(line.box[3] for line in lines) + margin,
    )


def needs_second_look(name: str, found: Field | None, fields: Fields | None = None) -> bool:
    """Missing, unsure, or not of its field's shape (or at odds with the document's other
    fields)."""
    return (
        found is None or found.confidence < LOW_CONFIDENCE or not well_formed(name, found, fields)
    )


def well_formed(name: str, found: Field, fields: Fields | None = None) -> bool:
    """The format check of a field's value (check digits, dates); given the document's
    other fields, also whether it agrees with them (see _agrees)."""
    if fields is not None and not _agrees(name, found, fields):
        return False
    value = found.value
    if name == "credit_code":
        return uscc.is_valid(value)
    if name == "id_number":
        return bool(ID_NUMBER.fullmatch(value))
    if name in ("birth_date", "established_date", "valid_from") or (
        name in ("valid_until", "business_term_until", "term_until") and value != "长期"
    ):
        try:
            date.fromisoformat(value)
        except ValueError:
            return False
    return True


def _agrees(name: str, found: Field, fields: Fields) -> bool:
    """A deed held jointly (共同共有, 按份共有) names more than one owner: owners run
    together (`杨宏雨宋丹`) lost the 、 between them, which a closer look often finds."""
    co_ownership = fields.get("co_ownership")
    if name == "owner" and co_ownership is not None and co_ownership.value in JOINT:
        return "、" in found.value
    return True


def better(
    candidate: Field, current: Field | None, name: str, fields: Fields | None = None
) -> bool:
    """The re-read is taken when there was nothing, when it is well formed and the first was
    not, or when both are well formed and it is surer."""
    if current is None:
        return True
    formed = well_formed(name, candidate, fields)
    if formed != well_formed(name, current, fields):
        return formed
    return candidate.confidence > current.confidence


def reread(
    page: PageImage,
    region: Box,
    engine: OcrEngine,
    faded: bool = False,
    upscale: float = UPSCALE,
) -> tuple[OcrLine, ...]:
    """OCR of one region of the page, `upscale`d, boxes back in the page's pixels:
    binarised on the red channel (a red seal fades), or, `faded`, with only print kept (an
    overlay in grey or colour fades too, and faint print with it)."""
    height, width = page.pixels.shape[:2]
    x0, y0 = max(region[0], 0), max(region[1], 0)
    x1, y1 = min(region[2], width), min(region[3], height)
    if x1 - x0 < 8 or y1 - y0 < 8:
        return ()
    pixels = page.pixels[y0:y1, x0:x1]
    crop = _print_only(pixels, upscale) if faded else _binarised(pixels, upscale)
    result = engine.recognize(crop)
    return tuple(
        OcrLine(
            line.text,
            (
                x0 + round(line.box[0] / upscale),
                y0 + round(line.box[1] / upscale),
                x0 + round(line.box[2] / upscale),
                y0 + round(line.box[3] / upscale),
            ),
            line.confidence,
        )
        for line in result.lines
    )


def _binarised(crop: np.ndarray, upscale: float = UPSCALE) -> np.ndarray:
    """Upscaled, and black on white by Otsu's threshold on the red channel: red seal ink is
    light there, black print stays dark."""
    channel = crop[:, :, 2] if crop.ndim == 3 else crop
    large = cv2.resize(channel, None, fx=upscale, fy=upscale, interpolation=cv2.INTER_CUBIC)
    _, binary = cv2.threshold(large, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return cv2.cvtColor(binary, cv2.COLOR_GRAY2BGR)


def _print_only(crop: np.ndarray, upscale: float = 1.0) -> np.ndarray:
    """Black where the crop is dark in every channel (print), white elsewhere: a translucent
    overlay in colour or grey is light in at least one channel and fades."""
    darkest = crop.max(axis=2) if crop.ndim == 3 else crop
    binary = np.where(darkest < PRINT_LEVEL, 0, 255).astype(np.uint8)
    if upscale != 1.0:
        binary = cv2.resize(binary, None, fx=upscale, fy=upscale, interpolation=cv2.INTER_CUBIC)
    return cv2.cvtColor(binary, cv2.COLOR_GRAY2BGR)
