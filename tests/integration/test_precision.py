"""The same input reads the same on every machine: OpenVINO compiles its models in f32 unless
bf16 is asked for, and the thread count changes nothing that is read."""

import pytest
from typer.testing import CliRunner

from prereview.cli.app import app
from prereview.ocr import create_engine, engine_spec
from prereview.ocr.rapid import BACKENDS, cpu_has_bf16
from prereview.pipeline import read_documents

from ..conftest import SAMPLES

pytestmark = pytest.mark.engines

# A deed (its certificate number read differently under bf16 on an AMX CPU) and an ID front.
SAMPLE_FILES = ("IMG_20241104_0061.jpg", "IMG_20241103_0007.jpg")


def test_openvino_compiles_every_model_in_f32_by_default(monkeypatch):
    monkeypatch.delenv("PREREVIEW_OCR_PRECISION", raising=False)
    engine = create_engine(engine_spec("rapidocr", "openvino"), threads=1)
    # What the compiled models say, not the hint passed in: a CPU with bf16 would show it here.
    assert engine.compiled_precisions() == {"Det": "f32", "Rec": "f32", "Cls": "f32"}
    assert engine.name == "rapidocr/openvino/f32"


def _read(engine_name: str, threads: int, file_name: str) -> list:
    engine = create_engine(engine_name, threads=threads)
    documents = read_documents(SAMPLES / file_name, engine)
    return [
        (doc.source, doc.type, {name: (f.value, f.box) for name, f in doc.fields.items()})
        for doc in documents
    ]


@pytest.mark.parametrize("backend", BACKENDS)
def test_one_thread_and_two_read_the_same(backend):
    name = engine_spec("rapidocr", backend, "f32")
    for file_name in SAMPLE_FILES:
        assert _read(name, 1, file_name) == _read(name, 2, file_name), file_name


def test_bf16_is_an_opt_in_refused_where_the_cpu_lacks_it():
    result = CliRunner().invoke(
        app, ["extract", str(SAMPLES / SAMPLE_FILES[1]), "--ocr-precision", "bf16"]
    )
    if cpu_has_bf16():
        assert result.exit_code == 0, result.output
        engine = create_engine("rapidocr/openvino/bf16", threads=1)
        assert set(engine.compiled_precisions().values()) == {"bf16"}
    else:
        assert result.exit_code == 2
        assert "不支持 bf16" in result.output


def test_bf16_is_refused_on_onnxruntime():
    result = CliRunner().invoke(
        app,
        [
            "extract",
            str(SAMPLES / SAMPLE_FILES[1]),
            "--ocr-backend",
            "onnxruntime",
            "--ocr-precision",
            "bf16",
        ],
    )
    assert result.exit_code == 2
    assert "只用于 OpenVINO" in result.output
