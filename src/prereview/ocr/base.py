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


def engine_parts(name: str) -> tuple[str, str, str]:
    """(engine, backend, precision) of a name such as "rapidocr/openvino/f32"; the parts not
    named are empty. A "+rec-..." tail (another recognition model, $PREREVIEW_REC_MODEL) is
    not part of the precision."""
    engine_name, _, rest = name.partition("/")
    backend, _, precision = rest.partition("/")
    return engine_name, backend, precision.partition("+")[0]


def engine_class(name: str) -> Callable[..., OcrEngine]:
    """The engine registered under `name` ("rapidocr", or with a backend and precision
    "rapidocr/openvino/f32"), checked to be able to run here (no model loaded)."""
    engine_name, backend, precision = engine_parts(name)
    try:
        factory = ENGINES[engine_name]
    except KeyError:
        known = ", ".join(sorted(n for n in ENGINES if n != "replay"))
        raise UsageError(
            f"未知的 OCR 引擎 '{engine_name}'，可选：{known} "
            f"(unknown OCR engine '{engine_name}' (choose one of: {known}))"
        ) from None
    if getattr(factory, "backends", ()):
        chosen = factory.chosen_backend(backend or None)
        factory.check_available(chosen)
        factory.chosen_precision(precision or None, chosen)
    elif backend or precision:
        raise UsageError(
            f"OCR 引擎 '{engine_name}' 没有可选的后端或精度 "
            f"(OCR engine '{engine_name}' has no backend or precision to choose)"
        )
    else:
        factory.check_available()
    return factory


def engine_spec(name: str, backend: str | None = None, precision: str | None = None) -> str:
    """The engine as it is recorded and compared: "rapidocr/openvino/f32" for `--engine
    rapidocr` with the backend and precision asked for (options, else $PREREVIEW_OCR_BACKEND
    and $PREREVIEW_OCR_PRECISION, else the defaults); engines without backends stay as
    named."""
    engine_name, named_backend, named_precision = engine_parts(name)
    for option, asked, named in (
        ("--ocr-backend", backend, named_backend),
        ("--ocr-precision", precision, named_precision),
    ):
        if asked and named and asked != named:
            raise UsageError(
                f"--engine {name} 与 {option} {asked} 不一致 "
                f"(--engine {name} and {option} {asked} disagree)"
            )
    backend, precision = backend or named_backend, precision or named_precision
    # engine_class checks the backend and precision asked for, and that they run here.
    factory = engine_class("/".join((engine_name, backend, precision)).rstrip("/"))
    if not getattr(factory, "backends", ()):
        return engine_name
    chosen = factory.chosen_backend(backend or None)
    spec = f"{engine_name}/{chosen}/{factory.chosen_precision(precision or None, chosen)}"
    return spec + getattr(factory, "model_tail", lambda: "")()


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
    _, backend, precision = engine_parts(name)
    if getattr(factory, "backends", ()):
        return factory(threads=threads, backend=backend or None, precision=precision or None)
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
