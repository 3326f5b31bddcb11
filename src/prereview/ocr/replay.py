"""Recorded OCR results, replayed: the test double for everything after OCR.

`RecordingEngine` wraps a real engine and stores what it read, keyed by the image's
pixels; `ReplayEngine` returns those results without running any OCR.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from ..errors import InvalidConfiguration
from ..records import OcrLine, OcrResult
from .base import OcrEngine, image_key, key_distance

# Hash bits two decodings of the same page may differ by; other pages differ by far more.
MAX_KEY_DISTANCE = 12


class ReplayEngine(OcrEngine):
    """Returns recorded lines for images it has seen; any other image is an error."""

    name = "replay"

    def __init__(self, recording: Path | dict, threads: int | None = None) -> None:
        data = (
            json.loads(Path(recording).read_text("utf-8"))
            if not isinstance(recording, dict)
            else recording
        )
        self.recorded_engine = data.get("engine", "replay")
        self._results = {
            key: _result_from_json(self.recorded_engine, value)
            for key, value in data["results"].items()
        }

    @classmethod
    def check_available(cls) -> None:
        return None

    def recognize(self, image: np.ndarray) -> OcrResult:
        key = image_key(image)
        if key in self._results:
            return self._results[key]
        distances = [(key_distance(key, known), known) for known in self._results]
        close = sorted(
            pair for pair in distances if pair[0] is not None and pair[0] <= MAX_KEY_DISTANCE
        )
        if not close:
            raise InvalidConfiguration(f"no recorded OCR result for image {key[:24]}")
        return self._results[close[0][1]]


class RecordingEngine(OcrEngine):
    """Runs a real engine and keeps every result so it can be saved for replay."""

    name = "recording"

    def __init__(self, inner: OcrEngine) -> None:
        self.inner = inner
        self.results: dict[str, OcrResult] = {}

    @classmethod
    def check_available(cls) -> None:
        return None

    def recognize(self, image: np.ndarray) -> OcrResult:
        result = self.inner.recognize(image)
        self.results[image_key(image)] = result
        return result

    def save(self, path: Path) -> None:
        """Write the recorded results as JSON (merging with what the file already has)."""
        data = {"engine": self.inner.name, "results": {}}
        if path.exists():
            data = json.loads(path.read_text("utf-8"))
        data["results"].update({key: _result_to_json(r) for key, r in self.results.items()})
        path.write_text(json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True), "utf-8")


def _result_to_json(result: OcrResult) -> list:
    return [[line.text, list(line.box), round(line.confidence, 4)] for line in result.lines]


def _result_from_json(engine: str, lines: list) -> OcrResult:
    return OcrResult(engine, tuple(OcrLine(text, tuple(box), conf) for text, box, conf in lines))
