"""The interface every OCR engine implements, and the name -> engine table."""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Callable

import cv2
import numpy as np

from ..errors import UsageError
from ..records import OcrResult


class OcrEngine(ABC):
    """Reads text lines, with boxes and confidences, from one BGR image."""

    name: str = ""

    @classmethod
    @abstractmethod
    def check_available(cls) -> None:
        """Raise MissingDependency with an install hint when the engine cannot run here."""

    @abstractmethod
    def recognize(self, image: np.ndarray) -> OcrResult:
        """Return the text lines of `image` (BGR uint8), boxes in its pixels."""

    def quarter_turns(self, image: np.ndarray) -> int | None:
        """The clockwise quarter turns that would set the page upright, if the engine can
        tell before reading it (cheaper than a read); None when it cannot."""
        return None


ENGINES: dict[str, Callable[..., OcrEngine]] = {}
DEFAULT_ENGINE = "rapidocr"


def register(cls: type[OcrEngine]) -> type[OcrEngine]:
    """Class decorator: make an engine available under its `name`."""
    ENGINES[cls.name] = cls
    return cls


def engine_class(name: str) -> Callable[..., OcrEngine]:
    """The engine registered under `name` ("rapidocr", or with a backend "rapidocr/openvino"),
    checked to be able to run here (no model loaded)."""
    engine_name, _, backend = name.partition("/")
    try:
        factory = ENGINES[engine_name]
    except KeyError:
        known = ", ".join(sorted(n for n in ENGINES if n != "replay"))
        raise UsageError(f"unknown OCR engine '{engine_name}' (choose one of: {known})") from None
    if getattr(factory, "backends", ()):
        factory.check_available(factory.chosen_backend(backend or None))
    elif backend:
        raise UsageError(f"OCR engine '{engine_name}' has no backend '{backend}' to choose")
    else:
        factory.check_available()
    return factory


def engine_spec(name: str, backend: str | None = None) -> str:
    """The engine as it is recorded and compared: "rapidocr/openvino" for `--engine rapidocr`
    with the backend asked for ($PREREVIEW_OCR_BACKEND, else the default); engines without
    backends stay as named."""
    engine_name, _, named_backend = name.partition("/")
    if backend and named_backend and backend != named_backend:
        raise UsageError(f"--engine {name} and --ocr-backend {backend} disagree")
    # engine_class checks the backend asked for, by option or in the name, and that it runs.
    factory = engine_class(f"{engine_name}/{backend}" if backend else name)
    if not getattr(factory, "backends", ()):
        return engine_name
    return f"{engine_name}/{factory.chosen_backend(backend or named_backend or None)}"


# Whether this process has created an engine: its runtime may hold threads and locks that a
# forked child would inherit half-taken (readers.py forks only before the first one).
_engine_created = False


def engine_created() -> bool:
    return _engine_created


def create_engine(name: str, threads: int | None = None) -> OcrEngine:
    """Instantiate the engine `name` ("rapidocr/openvino", "tesseract"...), checking it can run
    first."""
    global _engine_created
    _engine_created = True
    factory = engine_class(name)
    threads = threads if threads is not None else threads_from_env()
    _, _, backend = name.partition("/")
    if getattr(factory, "backends", ()):
        return factory(threads=threads, backend=backend or None)
    return factory(threads=threads)


def threads_from_env() -> int | None:
    """Thread limit for engines: PREREVIEW_THREADS, else the engine's own default."""
    value = os.environ.get("PREREVIEW_THREADS", "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else None


def image_key(image: np.ndarray) -> str:
    """A key for an image that survives tiny decoding differences: its shape and a
    difference hash of a 17x16 thumbnail, e.g. `594x942:0f3c...`."""
    gray = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    thumb = cv2.resize(gray, (17, 16), interpolation=cv2.INTER_AREA).astype(np.int16)
    bits = (thumb[:, 1:] > thumb[:, :-1]).flatten()
    digest = int("".join("1" if bit else "0" for bit in bits), 2)
    return f"{image.shape[0]}x{image.shape[1]}:{digest:064x}"


def key_distance(first: str, second: str) -> int | None:
    """Differing hash bits between two image keys, or None for images of another size."""
    size_a, hash_a = first.split(":")
    size_b, hash_b = second.split(":")
    if size_a != size_b:
        return None
    return bin(int(hash_a, 16) ^ int(hash_b, 16)).count("1")
