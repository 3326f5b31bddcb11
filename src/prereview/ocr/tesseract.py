"""Tesseract through pytesseract, with Debian's chi_sim data."""

from __future__ import annotations

import os
import shutil
import time
from collections import defaultdict

import cv2
import numpy as np

from ..errors import MissingDependency
from ..records import OcrLine, OcrResult
from .base import OcrEngine, register

LANGUAGES = "chi_sim+eng"
INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-chi-sim (or run `make install`)"
# Single-column mode keeps label/value rows of cards and forms together; word confidences
# of -1 mark layout elements, not text.
CONFIG = "--psm 4 -c preserve_interword_spaces=1"


@register
class TesseractEngine(OcrEngine):
    """Tesseract 4/5 LSTM, `chi_sim+eng`, one OcrLine per Tesseract text line."""

    name = "tesseract"

    def __init__(self, threads: int | None = None) -> None:
        if threads:
            # Tesseract reads its OpenMP limit from the environment of each call.
            os.environ["OMP_THREAD_LIMIT"] = str(threads)

    @classmethod
    def check_available(cls) -> None:
        try:
            import pytesseract
        except ImportError as exc:
            raise MissingDependency(
                f"未安装 pytesseract：请运行 make install "
                f"(pytesseract is not installed: pip install pytesseract ({INSTALL_HINT}))"
            ) from exc
        if shutil.which("tesseract") is None:
            raise MissingDependency(
                f"找不到 OCR 引擎 tesseract：请运行 make install "
                f"(OCR engine tesseract not found: {INSTALL_HINT})"
            )
        missing = set(LANGUAGES.split("+")) - set(pytesseract.get_languages(config=""))
        if missing:
            packs = " ".join(sorted(missing))
            raise MissingDependency(
                f"缺少 Tesseract 语言包（{packs}）：请运行 make install "
                f"(Tesseract language data missing ({packs}): {INSTALL_HINT})"
            )

    def recognize(self, image: np.ndarray) -> OcrResult:
        import pytesseract

        start = time.perf_counter()
        data = pytesseract.image_to_data(
            without_rules(image), lang=LANGUAGES, config=CONFIG, output_type=pytesseract.Output.DICT
        )
        return OcrResult(self.name, _lines_from_words(data), time.perf_counter() - start)


def without_rules(image: np.ndarray) -> np.ndarray:
    """Grey image with the ruled lines of tables and frames painted out: Tesseract's layout
    analysis takes a ruled table for one picture and skips its text."""
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
    ink = cv2.adaptiveThreshold(
        gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 15
    )
    long_side = max(gray.shape)
    rules = np.zeros_like(ink)
    for kernel in ((long_side // 15, 1), (1, long_side // 15)):
        element = cv2.getStructuringElement(cv2.MORPH_RECT, kernel)
        rules |= cv2.morphologyEx(ink, cv2.MORPH_OPEN, element)
    cleaned = gray.copy()
    cleaned[cv2.dilate(rules, np.ones((3, 3), np.uint8)) > 0] = 255
    return cleaned


def _lines_from_words(data: dict[str, list]) -> tuple[OcrLine, ...]:
    words: dict[tuple[int, int, int], list[int]] = defaultdict(list)
    for i, text in enumerate(data["text"]):
        if text.strip() and float(data["conf"][i]) >= 0:
            key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
            words[key].append(i)
    lines = []
    for indices in words.values():
        lines.append(_line_from(data, indices))
    return tuple(sorted(lines, key=lambda line: (line.box[1], line.box[0])))


def _line_from(data: dict[str, list], indices: list[int]) -> OcrLine:
    x0 = min(data["left"][i] for i in indices)
    y0 = min(data["top"][i] for i in indices)
    x1 = max(data["left"][i] + data["width"][i] for i in indices)
    y1 = max(data["top"][i] + data["height"][i] for i in indices)
    # Tesseract separates CJK characters with spaces; keep a space only between Latin words.
    text = _join_words([data["text"][i] for i in indices])
    confidence = sum(float(data["conf"][i]) for i in indices) / len(indices) / 100
    return OcrLine(text, (x0, y0, x1, y1), confidence)


def _join_words(words: list[str]) -> str:
    out = words[0]
    for word in words[1:]:
        if out[-1].isascii() and out[-1].isalnum() and word[0].isascii() and word[0].isalnum():
            out += " "
        out += word
    return out
