"""Engine names carry backend and precision; a change of either is a change of engine."""

import json

import pytest

from prereview.batch import still_valid
from prereview.errors import UsageError
from prereview.ocr import engine_spec


@pytest.fixture(autouse=True)
def _no_engine_environment(monkeypatch):
    monkeypatch.delenv("PREREVIEW_OCR_BACKEND", raising=False)
    monkeypatch.delenv("PREREVIEW_OCR_PRECISION", raising=False)
    monkeypatch.delenv("PREREVIEW_REC_MODEL", raising=False)
    monkeypatch.delenv("PREREVIEW_REC_KEYS", raising=False)


def test_the_default_engine_names_backend_and_precision():
    assert engine_spec("rapidocr") == "rapidocr/openvino/f32"
    assert engine_spec("rapidocr", "onnxruntime") == "rapidocr/onnxruntime/f32"
    assert engine_spec("rapidocr/onnxruntime/f32") == "rapidocr/onnxruntime/f32"
    assert engine_spec("tesseract") == "tesseract"


def test_the_precision_comes_from_the_environment_when_no_option_names_it(monkeypatch):
    monkeypatch.setenv("PREREVIEW_OCR_PRECISION", "nonsense")
    with pytest.raises(UsageError, match="未知的推理精度"):
        engine_spec("rapidocr")
    assert engine_spec("rapidocr", precision="f32") == "rapidocr/openvino/f32"


def test_disagreeing_names_and_options_are_refused():
    with pytest.raises(UsageError, match="不一致"):
        engine_spec("rapidocr/openvino/f32", precision="bf16")
    with pytest.raises(UsageError, match="没有可选的后端或精度"):
        engine_spec("tesseract", precision="f32")


def test_a_report_read_at_another_precision_is_checked_again(tmp_path):
    expected = {"engine": "rapidocr/openvino/f32", "inputs": {}}
    report = tmp_path / "report.json"
    report.write_text(
        json.dumps(
            {"masked": False, "provenance": {**expected, "engine": "rapidocr/openvino/bf16"}}
        )
    )
    assert not still_valid(report, expected)
    report.write_text(json.dumps({"masked": False, "provenance": expected, "findings": []}))
    assert still_valid(report, expected)


def test_default_processes_are_bounded_by_cores_and_free_memory(monkeypatch):
    from prereview import readers

    monkeypatch.setattr(readers, "cores_available", lambda: 8)
    monkeypatch.setattr(readers, "memory_available", lambda: 3 * readers.READER_PEAK_BYTES + 1)
    assert readers.default_processes() == 3
    assert readers.readers_for(None) == 3
    assert readers.readers_for(5) == 5  # an explicit count is the operator's call
    monkeypatch.setattr(readers, "memory_available", lambda: 100)
    assert readers.default_processes() == 1
    monkeypatch.setattr(readers, "memory_available", lambda: None)
    assert readers.default_processes(2) == 2


def test_another_recognition_model_is_named_and_a_missing_one_refused(monkeypatch, tmp_path):
    model = tmp_path / "rec.onnx"
    model.write_bytes(b"not a model, only named")
    monkeypatch.setenv("PREREVIEW_REC_MODEL", str(model))
    spec = engine_spec("rapidocr")
    assert (
        spec.startswith("rapidocr/openvino/f32+rec-")
        and len(spec) == len("rapidocr/openvino/f32+rec-") + 8
    )
    assert engine_spec(spec) == spec  # a recorded name is read back as the same engine
    monkeypatch.setenv("PREREVIEW_REC_KEYS", str(tmp_path / "missing.txt"))
    with pytest.raises(UsageError, match="找不到识别模型文件"):
        engine_spec("rapidocr")


def test_a_recognition_model_the_runtime_cannot_read_is_a_usage_error(monkeypatch, tmp_path):
    from prereview.ocr import create_engine

    model = tmp_path / "rec.onnx"
    model.write_bytes(b"not a model")
    monkeypatch.setenv("PREREVIEW_REC_MODEL", str(model))
    with pytest.raises(UsageError, match="无法加载识别模型"):
        create_engine("rapidocr", threads=1)
