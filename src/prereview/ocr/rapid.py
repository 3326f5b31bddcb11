"""RapidOCR: the PP-OCR models that ship inside the rapidocr wheel, run on onnxruntime or
on OpenVINO (rapidocr's `engine_type`); the same ONNX files on either backend."""

from __future__ import annotations

import hashlib
import logging
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from ..errors import MissingDependency, UsageError
from ..records import OcrLine, OcrResult
from .base import OcrEngine, register

# Case files must not phone anywhere: onnxruntime's telemetry writes a device id and events
# under ~/.cache/Microsoft on import and sends them. The variable is read when onnxruntime is
# first imported, which only this module does.
os.environ["ORT_DISABLE_TELEMETRY"] = "1"
# OpenVINO's Python package sends a Google Analytics event on `import openvino` (its model
# converter's telemetry, ~/intel/openvino_ga_cid) and has no switch but an opt-out file in
# the user's home; it falls back to a silent stub when `openvino_telemetry` cannot be
# imported, which a None entry in sys.modules makes so for this process.
if "openvino_telemetry" not in sys.modules:
    sys.modules["openvino_telemetry"] = None  # type: ignore[assignment]

BACKENDS = ("onnxruntime", "openvino")
# Measured faster at equal accuracy by `make bench` (docs/benchmarks.md, "OCR backends").
DEFAULT_BACKEND = "openvino"
BACKEND_ENV = "PREREVIEW_OCR_BACKEND"
# f32 everywhere by default: OpenVINO's CPU plugin infers in bfloat16 on CPUs that offer it
# (AVX-512 BF16, AMX) unless told otherwise, and bf16 reads some characters differently, so a
# report would depend on the server that wrote it. bf16 is an opt-in for speed, on OpenVINO.
PRECISIONS = ("f32", "bf16")
DEFAULT_PRECISION = "f32"
PRECISION_ENV = "PREREVIEW_OCR_PRECISION"
# OpenVINO's names of the element types its CPU plugin can infer in.
OPENVINO_PRECISION = {"f32": "f32", "bf16": "bf16"}
# Another recognition model in place of the bundled one, for measuring it on the same
# pipeline (docs/benchmarks.md, "Stronger models"); off by default. The keys file is the
# model's character list, needed when the ONNX file does not carry one in its metadata.
REC_MODEL_ENV = "PREREVIEW_REC_MODEL"
REC_KEYS_ENV = "PREREVIEW_REC_KEYS"
INSTALL_HINT = {
    "onnxruntime": "pip install rapidocr onnxruntime (or run `make install`)",
    "openvino": "pip install rapidocr openvino (or run `make install`)",
}
# rapidocr's own file names for its bundled models; OpenVINO reads the ONNX files as they are,
# so no other model is downloaded (rapidocr would fetch OpenVINO IR files otherwise).
MODEL_FILES = {
    "Det": "PP-OCRv6_det_small.onnx",
    "Rec": "PP-OCRv6_rec_small.onnx",
    "Cls": "ch_ppocr_mobile_v2.0_cls_mobile.onnx",
}

# Orientation from the text boxes: at least this many boxes, and the direction classifier on
# at most this many of the longest.
FEWEST_BOXES_TO_TURN = 3
SAMPLED_BOXES = 8
# rapidocr turns a crop counter-clockwise when it is this much taller than wide.
TALL = 1.5
SURE_DIRECTION = 0.9


def chosen_backend(backend: str | None = None) -> str:
    """The backend asked for (option, else $PREREVIEW_OCR_BACKEND, else the default), checked."""
    chosen = (backend or os.environ.get(BACKEND_ENV, "").strip() or DEFAULT_BACKEND).lower()
    if chosen not in BACKENDS:
        raise UsageError(
            f"未知的 RapidOCR 后端 '{chosen}'，可选：{'、'.join(BACKENDS)} "
            f"(unknown RapidOCR backend '{chosen}'; choose one of: {', '.join(BACKENDS)})"
        )
    return chosen


def chosen_precision(precision: str | None, backend: str) -> str:
    """The inference precision asked for (option, else $PREREVIEW_OCR_PRECISION, else f32),
    checked against the backend and this CPU: bf16 only on OpenVINO, on a CPU that has it."""
    chosen = (precision or os.environ.get(PRECISION_ENV, "").strip() or DEFAULT_PRECISION).lower()
    if chosen not in PRECISIONS:
        raise UsageError(
            f"未知的推理精度 '{chosen}'，可选：{'、'.join(PRECISIONS)} "
            f"(unknown OCR precision '{chosen}'; choose one of: {', '.join(PRECISIONS)})"
        )
    if chosen == "bf16" and backend != "openvino":
        raise UsageError(
            f"bf16 推理只用于 OpenVINO 后端，{backend} 只有 f32 "
            f"(bf16 inference is an OpenVINO option; {backend} runs f32 only)"
        )
    if chosen == "bf16" and not cpu_has_bf16():
        raise UsageError(
            "本机处理器不支持 bf16 推理，请去掉 --ocr-precision bf16（默认 f32） "
            "(this CPU has no bf16 support: drop --ocr-precision bf16; f32 is the default)"
        )
    return chosen


def chosen_rec_model() -> dict[str, str] | None:
    """The recognition model of $PREREVIEW_REC_MODEL (with its keys, $PREREVIEW_REC_KEYS), or
    None for the bundled one: {"model": path, "keys": path or "", "tag": 8 hex digits of the
    model's SHA-256}."""
    model = os.environ.get(REC_MODEL_ENV, "").strip()
    if not model:
        return None
    keys = os.environ.get(REC_KEYS_ENV, "").strip()
    for variable, path in ((REC_MODEL_ENV, model), (REC_KEYS_ENV, keys)):
        if path and not Path(path).is_file():
            raise UsageError(
                f"找不到识别模型文件 {path}（{variable}） "
                f"(no such recognition model file: {path}, from {variable})"
            )
    digest = hashlib.sha256(Path(model).read_bytes()).hexdigest()
    return {"model": model, "keys": keys, "tag": digest[:8]}


def _rapidocr(factory, params: dict, rec_model: dict[str, str] | None):
    """RapidOCR built with `params`; another recognition model that its runtime cannot load
    is the operator's error, said as such, not a traceback (so it is loaded now, not lazily
    at the first page as the bundled models are)."""
    if not rec_model:
        return factory(params=params)
    try:
        ocr = factory(params=params)
        ocr._load_rec_model()
        return ocr
    except Exception as exc:  # each runtime raises its own kind on a file it cannot read
        raise UsageError(
            f"无法加载识别模型 {rec_model['model']}（{REC_MODEL_ENV}）：{exc} "
            f"(cannot load the recognition model {rec_model['model']} from {REC_MODEL_ENV})"
        ) from exc


def model_tail(rec_model: dict[str, str] | None) -> str:
    """The engine name's tail for another recognition model, "+rec-<tag>"; "" for none."""
    return f"+rec-{rec_model['tag']}" if rec_model else ""


def cpu_has_bf16() -> bool:
    """Whether OpenVINO's CPU plugin can infer in bfloat16 on this processor."""
    import openvino

    return "BF16" in openvino.Core().get_property("CPU", "OPTIMIZATION_CAPABILITIES")


@register
class RapidOcrEngine(OcrEngine):
    """PP-OCR detection + recognition; the per-line 180-degree classifier is off because
    the pipeline decides the page orientation as a whole."""

    name = "rapidocr"
    backends = BACKENDS

    def __init__(
        self, threads: int | None = None, backend: str | None = None, precision: str | None = None
    ) -> None:
        with _catalogue_read_once():
            from rapidocr import RapidOCR

        self.backend = chosen_backend(backend)
        self.check_available(self.backend)
        self.precision = chosen_precision(precision, self.backend)
        # The instance's name says the backend and the precision: it goes into each report's
        # provenance, and `batch` resumes a case only under the same engine.
        self.name = f"rapidocr/{self.backend}/{self.precision}"
        rec_model = chosen_rec_model()
        # Another model reads other text: its own name, so memos and resumes keep apart.
        self.name += model_tail(rec_model)
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
        params.update(_backend_params(self.backend, threads))
        if rec_model:
            params["Rec.model_path"] = rec_model["model"]
            if rec_model["keys"]:
                params["Rec.rec_keys_path"] = rec_model["keys"]
        if self.backend == "openvino":
            _teach_precision_hint()
            params[f"EngineConfig.openvino.{PRECISION_KEY}"] = OPENVINO_PRECISION[self.precision]
        self._ocr = _rapidocr(RapidOCR, params, rec_model)
        # The last image `quarter_turns` detected text on, with what it found: `recognize`
        # of that same image goes on from there instead of detecting again.
        self._detected: tuple | None = None
        # rapidocr logs through its own logger, and warns on every page without text.
        logging.getLogger("RapidOCR").setLevel(logging.ERROR)

    @classmethod
    def chosen_backend(cls, backend: str | None = None) -> str:
        return chosen_backend(backend)

    @classmethod
    def chosen_precision(cls, precision: str | None, backend: str) -> str:
        return chosen_precision(precision, backend)

    @classmethod
    def model_tail(cls) -> str:
        return model_tail(chosen_rec_model())

    def compiled_precisions(self) -> dict[str, str]:
        """The precision each OpenVINO model was compiled for, as the compiled model says
        (not the hint passed in): {"Det": "f32", ...}; empty on onnxruntime."""
        if self.backend != "openvino":
            return {}
        # The models load at first use: load them all to ask them.
        sessions = {
            "Det": self._ocr._load_det_model().session,
            "Rec": self._ocr._load_rec_model().session,
            "Cls": self._ocr._load_cls_model().session,
        }
        return {
            task: session.session.get_compiled_model()
            .get_property("INFERENCE_PRECISION_HINT")
            .get_type_name()
            for task, session in sessions.items()
        }

    @classmethod
    def check_available(cls, backend: str | None = None) -> None:
        chosen = chosen_backend(backend)
        try:
            import rapidocr  # noqa: F401

            if chosen == "openvino":
                import openvino  # noqa: F401
            else:
                import onnxruntime

                # Off for the sessions too, should onnxruntime have been imported earlier.
                onnxruntime.disable_telemetry_events()
        except ImportError as exc:
            raise MissingDependency(
                f"未安装 OCR 引擎 rapidocr/{chosen}：请运行 make install "
                f"(OCR engine rapidocr/{chosen} is not installed: {INSTALL_HINT[chosen]})"
            ) from exc

    def recognize(self, image: np.ndarray) -> OcrResult:
        start = time.perf_counter()
        detected, self._detected = self._detected, None
        if detected is not None and detected[0] is image:
            output = self._read_detected(*detected[1:])
        else:
            output = self._ocr(image, use_cls=False)
        lines = []
        if output.boxes is not None and output.txts:
            for quad, text, score in zip(output.boxes, output.txts, output.scores, strict=True):
                lines.append(OcrLine(text, _bounding_box(quad), float(score)))
        return OcrResult(self.name, tuple(lines), time.perf_counter() - start)

    def quarter_turns(self, image: np.ndarray) -> int | None:
        """From detection alone, which costs about a third of a read, and PP-OCR's text
        direction classifier on a few of the longest lines: the turns that set the page
        upright. Most boxes tall: the page lies on its side, and rapidocr turns each tall crop
        counter-clockwise, so a crop that then reads upright says the page wants that turn too
        (3), one upside down the other way (1); boxes wide: upright (0) or upside down (2).
        The detection is kept for `recognize` of the same image."""
        detected = _detection(self._ocr, image)
        self._detected = (image, *detected)
        crops, boxes = detected[1], detected[2].boxes
        if len(crops) < FEWEST_BOXES_TO_TURN:
            return None
        sides = [(np.linalg.norm(q[1] - q[0]), np.linalg.norm(q[3] - q[0])) for q in boxes]
        tall = [height >= TALL * width for width, height in sides]
        sideways = sum(tall) > len(tall) / 2
        longest = sorted(
            (i for i in range(len(crops)) if tall[i] == sideways), key=lambda i: -max(sides[i])
        )[:SAMPLED_BOXES]
        flipped, upright = _directions(self._ocr, [crops[i] for i in longest])
        if flipped == upright:
            return None
        if sideways:
            return 1 if flipped > upright else 3
        return 2 if flipped > upright else 0

    def _read_detected(self, original: np.ndarray, crops: list, found, record: dict):
        """RapidOCR's steps after detection, as its __call__ takes them (no direction
        classifier: the pipeline decides the page's orientation as a whole)."""
        from rapidocr.ch_ppocr_cls import TextClsOutput
        from rapidocr.main import RapidOCRError
        from rapidocr.utils.output import RapidOCROutput

        if not crops:
            return RapidOCROutput()
        try:
            text = self._ocr.recognize_txt(crops)
        except RapidOCRError:
            return RapidOCROutput()
        return self._ocr.build_final_output(original, found, TextClsOutput(), text, crops, record)


# rapidocr's own key for it would be read by its OpenVINO CPU configuration, which has none.
PRECISION_KEY = "inference_precision_hint"


def _teach_precision_hint() -> None:
    """rapidocr's OpenVINO CPU configuration passes on a fixed set of settings, without
    INFERENCE_PRECISION_HINT; this makes it pass on the `inference_precision_hint` of the
    engine's own configuration too, so that each engine compiles its models (loaded lazily,
    at first use) at the precision it was asked for. Installed once per process."""
    from rapidocr.inference_engine.openvino import device_config

    get_config = device_config.CPUConfig.get_config
    if getattr(get_config, "passes_precision", False):
        return

    def with_precision(config_self) -> dict:
        config = get_config(config_self)
        precision = config_self.cfg.get(PRECISION_KEY, None)
        if precision is not None:
            config["INFERENCE_PRECISION_HINT"] = str(precision)
        return config

    with_precision.passes_precision = True
    device_config.CPUConfig.get_config = with_precision


# Sections of rapidocr's model catalogue for backends prereview never runs.
UNUSED_CATALOGUE_SECTIONS = ("mnn", "paddle", "torch", "tensorrt")


@contextmanager
def _catalogue_read_once() -> Iterator[None]:
    """While rapidocr is imported, its model catalogue (default_models.yaml, 85 KB) is built
    into an OmegaConf tree once, without the sections of backends never run here.

    rapidocr builds that tree twice on import (two modules each load it), 0.4-0.7 s of the
    1.2 s a `check` spent before its first page; both only read it. Every other file loads as
    rapidocr asks."""
    from omegaconf import OmegaConf

    load = OmegaConf.load
    catalogue = None

    def load_catalogue_once(file: str | Path):
        nonlocal catalogue
        if Path(file).name != "default_models.yaml":
            return load(file)
        if catalogue is None:
            catalogue = OmegaConf.create(catalogue_used(Path(file)))
        return catalogue

    OmegaConf.load = load_catalogue_once
    try:
        yield
    finally:
        OmegaConf.load = load


def catalogue_used(path: Path) -> dict:
    """rapidocr's model catalogue as plain data, without the unused backends' sections
    (parsed by libyaml: the pure-Python parser costs more than the tree it feeds)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    catalogue = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    return {k: v for k, v in catalogue.items() if k not in UNUSED_CATALOGUE_SECTIONS}


def _detection(ocr, image: np.ndarray) -> tuple:
    """RapidOCR's steps up to its text boxes, as its __call__ takes them: (the image,
    the line crops, the detection output, the record of its resizing)."""
    from rapidocr.ch_ppocr_det import TextDetOutput
    from rapidocr.main import RapidOCRError

    original = ocr.load_img(image)
    resized, record = ocr.preprocess_img(original)
    try:
        crops, found = ocr.detect_and_crop(resized, record)
    except RapidOCRError:
        crops, found = [], TextDetOutput()
    return original, crops, found, record


def _directions(ocr, crops: list[np.ndarray]) -> tuple[int, int]:
    """(upside down, upright): crops the direction classifier is sure about."""
    from rapidocr.main import RapidOCRError

    try:
        # The classifier turns the crops it finds upside down in place: copies.
        _, found = ocr.cls_and_rotate([crop.copy() for crop in crops])
    except RapidOCRError:
        return 0, 0
    sure = [label for label, score in found.cls_res if score >= SURE_DIRECTION]
    return sure.count("180"), sure.count("0")


def _backend_params(backend: str, threads: int | None) -> dict[str, object]:
    """rapidocr settings that run the bundled models on `backend` with `threads` threads."""
    from rapidocr import EngineType

    engine_type = EngineType(backend)
    params: dict[str, object] = {f"{task}.engine_type": engine_type for task in MODEL_FILES}
    if backend == "openvino":
        models = Path(sys.modules["rapidocr"].__file__).parent / "models"
        params.update({f"{task}.model_path": str(models / f) for task, f in MODEL_FILES.items()})
        # One inference stream at a time: the pipeline calls the engine from one thread.
        params["EngineConfig.openvino.num_streams"] = 1
        # OpenVINO pins its threads to the first cores by default: two processes (a case's
        # readers, batch workers) then share one core. Measured: a three-file case took 9.0 s
        # with pinning, 6.7 s without.
        params["EngineConfig.openvino.enable_cpu_pinning"] = False
        if threads:
            params["EngineConfig.openvino.inference_num_threads"] = threads
    elif threads:
        params["EngineConfig.onnxruntime.intra_op_num_threads"] = threads
        params["EngineConfig.onnxruntime.inter_op_num_threads"] = 1
    return params


def _bounding_box(quad: np.ndarray) -> tuple[int, int, int, int]:
    xs, ys = quad[:, 0], quad[:, 1]
    return int(xs.min()), int(ys.min()), int(round(xs.max())), int(round(ys.max()))
