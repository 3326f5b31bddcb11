"""RapidOCR (PP-OCR models on onnxruntime); the models ship inside the rapidocr wheel."""

from __future__ import annotations

import logging
import os
import time

import numpy as np

from ..errors import MissingDependency
from ..records import OcrLine, OcrResult
from .base import OcrEngine, register

# Case files must not phone anywhere: onnxruntime's telemetry writes a device id and events
# under ~/.cache/Microsoft on import and sends them. The variable is read when onnxruntime is
# first imported, which only this module does.
os.environ["ORT_DISABLE_TELEMETRY"] = "1"

INSTALL_HINT = "pip install rapidocr onnxruntime (or run `make install`)"


@register
class RapidOcrEngine(OcrEngine):
    """PP-OCR detection + recognition; the per-line 180-degree classifier is off because
    the pipeline decides the page orientation as a whole."""

    name = "rapidocr"

    def __init__(self, threads: int | None = None) -> None:
        import onnxruntime
        from rapidocr import RapidOCR

        # And off for the sessions, should onnxruntime have been imported before this module.
        onnxruntime.disable_telemetry_events()

        params = {
            "Global.log_level": "warning",
            "Global.use_cls": False,
            # Detection needs no more than 1280 px on the long side for 5 mm characters;
            # recognition crops come from the full image either way.
            "Det.limit_type": "max",
            "Det.limit_side_len": 1280,
            # One line at a time: batches pad every line to the widest, which costs more
            # than it saves on a single thread.
            "Rec.rec_batch_num": 1,
        }
        if threads:
            params["EngineConfig.onnxruntime.intra_op_num_threads"] = threads
            params["EngineConfig.onnxruntime.inter_op_num_threads"] = 1
        self._ocr = RapidOCR(params=params)
        # rapidocr logs through its own logger, and warns on every page without text.
        logging.getLogger("RapidOCR").setLevel(logging.ERROR)

    @classmethod
    def check_available(cls) -> None:
        try:
            import onnxruntime  # noqa: F401
            import rapidocr  # noqa: F401
        except ImportError as exc:
            raise MissingDependency(
                f"OCR engine rapidocr is not installed: {INSTALL_HINT}"
            ) from exc

    def recognize(self, image: np.ndarray) -> OcrResult:
        start = time.perf_counter()
        output = self._ocr(image, use_cls=False)
        lines = []
        if output.boxes is not None and output.txts:
            for quad, text, score in zip(output.boxes, output.txts, output.scores, strict=True):
                lines.append(OcrLine(text, _bounding_box(quad), float(score)))
        return OcrResult(self.name, tuple(lines), time.perf_counter() - start)


def _bounding_box(quad: np.ndarray) -> tuple[int, int, int, int]:
    xs, ys = quad[:, 0], quad[:, 1]
    return int(xs.min()), int(ys.min()), int(round(xs.max())), int(round(ys.max()))
