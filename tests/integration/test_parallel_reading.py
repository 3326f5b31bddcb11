"""A case's files shared between this process and worker processes come back in file order,
read as they are read alone; a worker that cannot start or dies never loses a file."""

from __future__ import annotations

import os
import shutil
import time
from datetime import date
from functools import partial
from pathlib import Path

import pytest

from prereview.ocr import OcrEngine, ReplayEngine, create_engine
from prereview.pipeline import CheckSettings, FileRead, read_case_file, read_files
from prereview.readers import FileKilledReader, ProcessReader, read_all

from ..conftest import SAMPLES

RECORDING = Path(__file__).resolve().parent.parent / "data" / "ocr-rapidocr.json"
FILES = ["scan_001.pdf", "copy_03.jpg", "IMG_20241103_0007.jpg", "scan_0101.jpg"]


class SlowReplay(OcrEngine):
    """Replays recorded OCR slowly, so that a worker started beside it gets files to read."""

    name = "replay"

    def __init__(self, seconds: float) -> None:
        self.replay, self.seconds = ReplayEngine(RECORDING), seconds

    @classmethod
    def check_available(cls) -> None:
        pass

    def recognize(self, image):
        time.sleep(self.seconds)
        return self.replay.recognize(image)


def summary(reads: list[FileRead]) -> list[tuple]:
    return [
        (
            read.name,
            read.sha256,
            sorted(read.previews),
            [(d.source, d.type, {n: f.value for n, f in d.fields.items()}) for d in read.documents],
        )
        for read in reads
    ]


@pytest.fixture
def case(tmp_path):
    for name in FILES:
        shutil.copy(SAMPLES / name, tmp_path / name)
    return tmp_path


def settings(engine: OcrEngine, workers: tuple[ProcessReader, ...] = ()) -> CheckSettings:
    return CheckSettings(engine, {}, None, date(2026, 11, 24), workers=workers)


def test_files_read_in_a_worker_come_back_in_file_order_as_read_alone(case):
    alone = summary(read_files(case, FILES, settings(ReplayEngine(RECORDING))))
    worker = ProcessReader(partial(ReplayEngine, RECORDING))
    try:
        together = summary(read_files(case, FILES, settings(SlowReplay(1.5), (worker,))))
    finally:
        worker.close()
    assert [name for name, *_ in together] == FILES
    assert together == alone
    parts = len(FILES) + 2  # scan_001.pdf's three pages are three parts
    assert 1 <= worker.parts_read < parts, "the worker and this process did not share"


def test_the_pages_of_one_pdf_are_shared_and_joined_in_page_order(case):
    alone = summary(read_files(case, ["scan_001.pdf"], settings(ReplayEngine(RECORDING))))
    worker = ProcessReader(partial(ReplayEngine, RECORDING))
    try:
        together = summary(read_files(case, ["scan_001.pdf"], settings(SlowReplay(1.5), (worker,))))
    finally:
        worker.close()
    assert together == alone
    pages = [source.split("#")[1] for source, *_ in together[0][3]]
    assert pages == sorted(pages) and set(pages) == {"p1", "p2", "p3"}
    assert 1 <= worker.parts_read < 3, "the PDF's pages were not shared"


def test_a_worker_that_cannot_load_its_engine_leaves_the_files_here(case):
    worker = ProcessReader(partial(create_engine, "no-such-engine"))
    try:
        assert not worker.ready()
        reads = read_files(case, FILES, settings(ReplayEngine(RECORDING), (worker,)))
    finally:
        worker.close()
    assert [read.name for read in reads] == FILES and worker.parts_read == 0


def dies_in_a_worker(folder: Path, file_name: str, engine: OcrEngine) -> FileRead:
    if os.environ.get("PREREVIEW_TEST_PARENT") != str(os.getpid()):
        os._exit(3)  # a decoder crash in the worker
    return read_case_file(folder, file_name, engine, mask=True)


def test_a_file_that_kills_its_worker_is_an_error_of_that_case(case, monkeypatch):
    monkeypatch.setenv("PREREVIEW_TEST_PARENT", str(os.getpid()))
    worker = ProcessReader(partial(ReplayEngine, RECORDING))
    try:
        assert worker.ready()
        with pytest.raises(FileKilledReader, match="stopped its worker"):
            read_all(case, FILES, dies_in_a_worker, SlowReplay(3.0), (worker,))
    finally:
        worker.close()
