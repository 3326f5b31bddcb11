"""The OCR memo of the benches: results kept by engine and pixels, reused across runs."""

import numpy as np

from prereview.ocr import MemoEngine, OcrEngine
from prereview.records import OcrLine, OcrResult


class CountingEngine(OcrEngine):
    name = "counting"

    @classmethod
    def check_available(cls) -> None:
        return None

    def __init__(self):
        self.calls = 0

    def recognize(self, image):
        self.calls += 1
        return OcrResult(self.name, (OcrLine(str(int(image.sum())), (0, 0, 1, 1), 0.9),))


def test_a_memo_reads_each_image_once_and_keeps_it_for_the_next_run(tmp_path):
    store = tmp_path / "memo.pickle"
    image, crop = np.ones((4, 4, 3), np.uint8), np.ones((2, 4, 3), np.uint8)
    inner = CountingEngine()
    memo = MemoEngine(inner, store, "counting")
    first = memo.recognize(image)
    assert memo.recognize(image) == first and inner.calls == 1
    memo.recognize(crop)  # the same pixels in another shape are another image
    assert inner.calls == 2 and (memo.calls, memo.misses) == (3, 2)
    memo.save()
    again = CountingEngine()
    assert MemoEngine(again, store, "counting").recognize(image) == first
    assert again.calls == 0
    # Another engine (or backend) does not share the results.
    MemoEngine(again, store, "other").recognize(image)
    assert again.calls == 1


def test_a_memo_keeps_the_engines_orientation_hint_too(tmp_path):
    class Hinting(CountingEngine):
        hints = 0

        def quarter_turns(self, image):
            self.hints += 1
            return None if image.shape[0] == 2 else 3

    store = tmp_path / "memo.pickle"
    image, crop = np.ones((4, 4, 3), np.uint8), np.ones((2, 4, 3), np.uint8)
    memo = MemoEngine(Hinting(), store, "counting")
    assert (memo.quarter_turns(image), memo.quarter_turns(crop)) == (3, None)
    memo.save()
    again = MemoEngine(Hinting(), store, "counting")
    assert (again.quarter_turns(image), again.quarter_turns(crop)) == (3, None)
    assert again.engine.hints == 0
