"""The whole pipeline after OCR, on OCR results recorded from RapidOCR on sample images.

Fast and engine-free: the replay engine returns what RapidOCR read on these images, so a
change in preprocessing, classification or extraction shows here in a second. After a
deliberate change to preprocessing, re-record (see docs/development.md).
"""

from pathlib import Path

import pytest

from prereview.normalize import fold
from prereview.ocr import ReplayEngine
from prereview.pipeline import read_documents

from ..conftest import SAMPLES, truth_of

RECORDING = Path(__file__).resolve().parent.parent / "data" / "ocr-rapidocr.json"
RECORDED = [
    "IMG_20241103_0007.jpg",
    "IMG_20241103_0009.jpg",
    "IMG_20241104_0051.jpg",
    "IMG_20241104_0060.jpg",
    "copy_03.jpg",
    "scan_0101.jpg",
    "scan_001.pdf",
]


@pytest.fixture(scope="module")
def replay():
    return ReplayEngine(RECORDING)


@pytest.mark.parametrize("file_name", RECORDED)
def test_recorded_sample_reads_right(replay, file_name):
    truth = truth_of(file_name)
    found = {doc.source: doc for doc in read_documents(SAMPLES / file_name, replay)}
    assert sorted(found) == sorted(doc["source"] for doc in truth["documents"])
    for expected in truth["documents"]:
        document = found[expected["source"]]
        assert document.type == expected["type"]
        got = {name: fold(field.value) for name, field in document.fields.items()}
        assert got == {name: fold(value) for name, value in expected["fields"].items()}


def test_replay_refuses_an_image_it_never_saw(replay):
    import numpy as np

    from prereview.errors import InvalidConfiguration

    with pytest.raises(InvalidConfiguration):
        replay.recognize(np.zeros((123, 77, 3), np.uint8))
