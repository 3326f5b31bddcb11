"""OCR results kept in a file between bench runs, so an extraction change is scored again in
seconds: the OCR of a given image never changes.

Keyed by the exact pixels (not by file), so the crops, upscales and turns that re-reads and
orientation tries hand the engine are kept too; an image not yet in the memo goes to the real
engine. For benches only: timings taken through a memo are meaningless.
"""

from __future__ import annotations

import hashlib
import pickle
import time
from pathlib import Path

import numpy as np

from ..records import OcrResult
from .base import OcrEngine

# Seconds between writes of the memo while it grows (and once more at `save`), so a long
# run interrupted keeps most of its work without rewriting the file after every image.
SAVE_INTERVAL = 30.0


def pixel_key(engine: str, image: np.ndarray) -> str:
    """The engine and the exact pixels and shape of an image, hashed (one memo file may then
    serve several engines or backends without mixing their results)."""
    return hashlib.sha256(f"{engine}|{image.shape}|".encode() + image.tobytes()).hexdigest()


class MemoEngine(OcrEngine):
    """Wraps a real engine; returns a remembered result for pixels it has seen before."""

    name = "memo"

    def __init__(self, engine: OcrEngine, store: Path, spec: str) -> None:
        self.engine, self.store, self.spec = engine, store, spec
        self.name = engine.name
        # Results, and the engine's orientation hints under `orientation:` keys.
        self.results: dict[str, OcrResult | int | None] = (
            pickle.loads(store.read_bytes()) if store.is_file() else {}
        )
        self.calls = self.misses = 0
        self._unsaved = False
        self._saved_at = time.monotonic()

    @classmethod
    def check_available(cls) -> None:
        return None

    def recognize(self, image: np.ndarray) -> OcrResult:
        key = pixel_key(self.spec, image)
        self.calls += 1
        if key not in self.results:
            self.misses += 1
            self.results[key] = self.engine.recognize(image)
            self._unsaved = True
            if time.monotonic() - self._saved_at > SAVE_INTERVAL:
                self.save()
        return self.results[key]

    def quarter_turns(self, image: np.ndarray) -> int | None:
        key = "orientation:" + pixel_key(self.spec, image)
        if key not in self.results:
            self.results[key] = self.engine.quarter_turns(image)
            self._unsaved = True
        return self.results[key]

    def save(self) -> None:
        """Write the memo if it gained results since it was last written."""
        if not self._unsaved:
            return
        self.store.parent.mkdir(parents=True, exist_ok=True)
        partial = self.store.with_name(self.store.name + ".part")
        partial.write_bytes(pickle.dumps(self.results))
        partial.replace(self.store)
        self._unsaved, self._saved_at = False, time.monotonic()
