"""Both real OCR engines on real sample images of every type: the right type and fields."""

import pytest

from prereview.normalize import fold
from prereview.pipeline import read_documents

from ..conftest import SAMPLES, truth_of

pytestmark = pytest.mark.engines

# One clean upload of each kind, an A4 copy holding two documents, a licence turned 90
# degrees, a desk photo of a card and a scanned PDF page.
CASES = [
    "IMG_20241103_0007.jpg",
    "IMG_20241103_0009.jpg",
    "IMG_20241104_0051.jpg",
    "IMG_20241104_0060.jpg",
    "copy_01.jpg",
    "scan_0101.jpg",
    "IMG_20241105_0112.jpg",
]

# Fields each engine must read right on these samples; the benchmark reports the rest.
FIELDS = {
    "rapidocr": None,  # every field
    "tesseract": {
        "id_card_front": {"name", "id_number"},
        "id_card_back": {"valid_from", "valid_until"},
        "business_licence": {"credit_code"},
        "property_deed": {"unit_number"},
    },
}


@pytest.mark.parametrize("engine_name", sorted(FIELDS))
@pytest.mark.parametrize("file_name", CASES)
def test_engine_reads_sample(engines, engine_name, file_name):
    truth = truth_of(file_name)
    found = {doc.source: doc for doc in read_documents(SAMPLES / file_name, engines(engine_name))}
    for expected in truth["documents"]:
        document = found.get(expected["source"])
        assert document is not None, f"{expected['source']} not found in {sorted(found)}"
        assert document.type == expected["type"]
        wanted = FIELDS[engine_name]
        names = expected["fields"] if wanted is None else wanted[expected["type"]]
        got = {name: fold(document.fields[name].value) for name in names if name in document.fields}
        assert got == {name: fold(expected["fields"][name]) for name in names}
        for field in document.fields.values():
            assert 0 <= field.confidence <= 1
            x0, y0, x1, y1 = field.box
            assert 0 <= x0 < x1 and 0 <= y0 < y1
