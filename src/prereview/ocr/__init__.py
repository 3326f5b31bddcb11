"""OCR engines behind one interface, registered by name."""

from . import rapid, tesseract  # noqa: F401  (registers the engines)
from .base import DEFAULT_ENGINE, ENGINES, OcrEngine, create_engine, engine_class, engine_spec
from .memo import MemoEngine
from .replay import RecordingEngine, ReplayEngine

__all__ = [
    "DEFAULT_ENGINE",
    "ENGINES",
    "MemoEngine",
    "OcrEngine",
    "RecordingEngine",
    "ReplayEngine",
    "create_engine",
    "engine_class",
    "engine_spec",
]
