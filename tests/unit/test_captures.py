"""The captures family: truth beside every upload, and the file and page signals it is made
to raise (dev seed 7101, never the report seed)."""

from __future__ import annotations

import json

import cv2
import numpy as np

from prereview.authenticity import file_signals, page_signals, seal_signal
from prereview.samples.captures import CYCLE, DEV_SEED, generate_captures


def _read(path):
    data = path.read_bytes()
    return data, cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)


def test_one_cycle_of_captures_has_truth_and_raises_what_it_should(tmp_path):
    written = generate_captures(tmp_path, DEV_SEED, len(CYCLE))
    assert len(written) == len(CYCLE)
    for path in written:
        truth = json.loads(path.with_name(f"{path.stem}.truth.json").read_text("utf-8"))
        data, pixels = _read(path)
        expected = {name for name, fires in truth["signals"].items() if fires}
        edited = file_signals(data)[0].raised
        assert edited == ("edited" in expected), path.name
        photocopy, _ = page_signals(pixels)
        if truth["kind"] == "grey_copy" and "desk_photo" not in truth["degradations"]:
            assert photocopy.raised, path.name
        if truth["kind"] == "honest":
            assert not photocopy.raised or truth["doc_type"] == "property_deed", path.name
        if truth["doc_type"] == "business_licence" and truth["kind"] in ("honest", "no_seal"):
            small = cv2.resize(pixels, (400, round(pixels.shape[0] * 400 / pixels.shape[1])))
            assert seal_signal(small).raised == (truth["kind"] == "no_seal"), path.name
