"""Shared fixtures: the sample documents and their ground truth, OCR engines loaded once."""

import json
from pathlib import Path

import pytest

from prereview.ocr import create_engine

from .acceptance.browser import started_browser

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_docs" / "documents"


def truth_of(file_name: str) -> dict:
    """The ground truth written beside a sample upload."""
    return json.loads((SAMPLES / file_name).with_suffix(".truth.json").read_text("utf-8"))


@pytest.fixture(scope="session")
def engines():
    """Real OCR engines by name, created on first use and kept for the session."""
    cache = {}

    def get(name):
        if name not in cache:
            cache[name] = create_engine(name, threads=1)
        return cache[name]

    return get


@pytest.fixture(scope="module")
def browser():
    """A headless Chromium for the page tests of one module."""
    yield from started_browser()
