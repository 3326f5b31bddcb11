"""A page's orientation from the engine's text boxes before any read: a turned sample page is
read once, upright, and an upright one reads exactly as without the look."""

import pytest

from prereview.intake import read_pages
from prereview.ocr import OcrEngine
from prereview.orient import read_page
from prereview.preprocess import prepare_page

from ..conftest import SAMPLES

pytestmark = pytest.mark.engines

# Sample pages as uploaded, and the clockwise quarter turns that set them upright.
PAGES = [
    ("IMG_20241103_0007.jpg", 0),
    ("scan_0101.jpg", 3),
    ("IMG_20241107_0032.jpg", 1),
    ("scan_0102.jpg", 2),
]


class Counted(OcrEngine):
    """The real engine, its reads counted."""

    def __init__(self, engine: OcrEngine) -> None:
        self.engine, self.name, self.reads = engine, engine.name, 0

    @classmethod
    def check_available(cls) -> None:
        return None

    def recognize(self, image):
        self.reads += 1
        return self.engine.recognize(image)

    def quarter_turns(self, image):
        return self.engine.quarter_turns(image)


@pytest.mark.parametrize(("file_name", "turns"), PAGES)
def test_a_turned_page_is_read_once_in_the_turn_its_text_boxes_say(engines, file_name, turns):
    page = prepare_page(read_pages(SAMPLES / file_name)[0])
    engine = Counted(engines("rapidocr/openvino"))
    assert engine.quarter_turns(page.pixels) == turns
    read = read_page(page, engine)
    assert (read.quarter_turns, engine.reads) == (turns, 1)


def test_a_read_after_the_look_is_the_read_without_it(engines):
    engine = engines("rapidocr/openvino")
    page = prepare_page(read_pages(SAMPLES / "IMG_20241104_0060.jpg")[0])
    plain = engine.recognize(page.pixels)
    engine.quarter_turns(page.pixels)
    looked = engine.recognize(page.pixels)
    assert [(line.text, line.box) for line in looked.lines] == [
        (line.text, line.box) for line in plain.lines
    ]
