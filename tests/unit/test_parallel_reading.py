"""A case's files read on several engines at once come back in file order, as read alone."""

from __future__ import annotations

import contextlib
import shutil
import threading
from datetime import date
from pathlib import Path

from prereview.ocr import OcrEngine, ReplayEngine
from prereview.pipeline import CheckSettings, read_files, with_readers

from ..conftest import SAMPLES

RECORDING = Path(__file__).resolve().parent.parent / "data" / "ocr-rapidocr.json"
# The slowest file first: read in parallel, it finishes last.
FILES = ["scan_001.pdf", "copy_03.jpg", "IMG_20241103_0007.jpg", "scan_0101.jpg"]


class MeetingReplay(OcrEngine):
    """Replays recorded OCR; each reader's first image waits (up to 20 s) for the other
    reader to be reading too, and the most images read at once are counted."""

    name = "replay"
    busy = 0
    most_at_once = 0
    lock = threading.Lock()
    meeting = threading.Barrier(2, timeout=20)

    def __init__(self, replay: ReplayEngine) -> None:
        self.replay, self.met = replay, False

    @classmethod
    def check_available(cls) -> None:
        pass

    def recognize(self, image):
        with MeetingReplay.lock:
            MeetingReplay.busy += 1
            MeetingReplay.most_at_once = max(MeetingReplay.most_at_once, MeetingReplay.busy)
        try:
            if not self.met:
                self.met = True
                # Read one after the other, the barrier breaks: no meeting, counted as 1.
                with contextlib.suppress(threading.BrokenBarrierError):
                    MeetingReplay.meeting.wait()
            return self.replay.recognize(image)
        finally:
            with MeetingReplay.lock:
                MeetingReplay.busy -= 1


def settings_with(engine: OcrEngine, readers: tuple[OcrEngine, ...]) -> CheckSettings:
    return CheckSettings(engine, {}, None, date(2026, 11, 24), readers=readers)


def summary(read) -> list[tuple[str, list[tuple[str, str, dict]]]]:
    return [
        (
            upload.name,
            [
                (doc.source, doc.type, {n: f.value for n, f in doc.fields.items()})
                for _, found in pages
                for doc in found
            ],
        )
        for upload, pages in read
    ]


def test_parallel_reading_keeps_file_order_and_results(tmp_path):
    for name in FILES:
        shutil.copy(SAMPLES / name, tmp_path / name)
    replay = ReplayEngine(RECORDING)
    alone = summary(read_files(tmp_path, FILES, settings_with(replay, ())))
    readers = (MeetingReplay(replay), MeetingReplay(replay))
    together = summary(read_files(tmp_path, FILES, settings_with(readers[0], readers)))
    assert [name for name, _ in together] == FILES
    assert together == alone
    assert MeetingReplay.most_at_once == 2, "the files were not read at the same time"


def test_one_worker_reads_on_the_engine_alone():
    replay = ReplayEngine(RECORDING)
    settings = with_readers(settings_with(replay, ()), workers=1)
    assert settings.readers == () and settings.engine is replay
