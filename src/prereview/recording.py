"""Record what a real engine reads on sample files, for the replay engine of unit tests.

`python -m prereview.recording OUT.json ENGINE FILES...`
"""

from __future__ import annotations

from pathlib import Path

from .ocr import OcrEngine, RecordingEngine
from .pipeline import read_documents


def record(files: list[Path], engine: OcrEngine, out: Path) -> int:
    """Run the pipeline over `files` with a real engine and save every OCR call for replay."""
    recorder = RecordingEngine(engine)
    for path in files:
        read_documents(path, recorder)
    recorder.save(out)
    return len(recorder.results)


if __name__ == "__main__":
    import sys

    from .ocr import create_engine

    target, engine_name, *inputs = sys.argv[1:]
    count = record([Path(name) for name in inputs], create_engine(engine_name), Path(target))
    print(f"recorded {count} OCR results into {target}", file=sys.stderr)
