"""Both real OCR engines on real sample images of every type: the right type and fields."""

import pytest

from prereview.normalize import fold
from prereview.ocr.rapid import BACKENDS
from prereview.pipeline import read_documents

from ..conftest import SAMPLES, truth_of

pytestmark = pytest.mark.engines

# RapidOCR, the default engine, must read every field of these: one clean upload of each kind,
# an A4 copy holding two documents, a licence turned 90 degrees and a card photographed on a
# desk. Tesseract reads far less (see `make bench`): it must get the type and the fields it
# reads on clean scans, so that a regression in its path shows.
ALL = None
# On each RapidOCR backend: the same models on onnxruntime and on OpenVINO.
RAPID_FILES = (
    "IMG_20241103_0007.jpg",
    "IMG_20241103_0009.jpg",
    "IMG_20241104_0051.jpg",
    "IMG_20241104_0060.jpg",
    "copy_03.jpg",
    "scan_0101.jpg",
    "IMG_20241105_0112.jpg",
)
CASES = [
    *((f"rapidocr/{backend}", name, ALL) for backend in BACKENDS for name in RAPID_FILES),
    ("tesseract", "IMG_20241103_0007.jpg", {"name", "birth_date", "id_number"}),
    ("tesseract", "IMG_20241103_0009.jpg", {"valid_from", "valid_until"}),
    ("tesseract", "IMG_20241104_0056.jpg", {"credit_code", "name", "legal_representative"}),
    ("tesseract", "IMG_20241104_0060.jpg", {"location", "unit_number"}),
]


@pytest.mark.parametrize(("engine_name", "file_name", "wanted"), CASES)
def test_engine_reads_sample(engines, engine_name, file_name, wanted):
    truth = truth_of(file_name)
    found = {doc.source: doc for doc in read_documents(SAMPLES / file_name, engines(engine_name))}
    for expected in truth["documents"]:
        document = found.get(expected["source"])
        assert document is not None, f"{expected['source']} not found in {sorted(found)}"
        assert document.type == expected["type"]
        names = expected["fields"] if wanted is ALL else wanted
        got = {name: fold(document.fields[name].value) for name in names if name in document.fields}
        assert got == {name: fold(expected["fields"][name]) for name in names}
        for field in document.fields.values():
            assert 0 <= field.confidence <= 1
            x0, y0, x1, y1 = field.box
            assert 0 <= x0 < x1 and 0 <= y0 < y1
