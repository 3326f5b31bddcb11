"""`make bench`: accuracy and speed of each OCR engine over the sample documents.

For every engine: classification accuracy, field accuracy per document type and per field
(exact match after normalisation: NFKC, white space removed), clean and degraded apart;
seconds per document by type; and the bare engine on the same decoded images, so the cost
of everything around the OCR call shows as a ratio. Run single-threaded (the Makefile sets
the thread limits) so figures compare across machines and batch workers.

    python -m prereview.bench sample_docs [--engine rapidocr --engine tesseract] [--json FILE]
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

import cv2
import typer
from rich.console import Console
from rich.table import Table

from .intake import read_pages
from .normalize import fold
from .ocr import ENGINES, create_engine
from .pipeline import read_documents
from .records import FIELDS_BY_TYPE, ReadError

ENGINE_NAMES = ("rapidocr", "tesseract")


@dataclass
class Tally:
    """Correct out of total."""

    correct: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.correct += int(ok)
        self.total += 1

    @property
    def rate(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def __str__(self) -> str:
        return f"{100 * self.rate:5.1f}% ({self.correct}/{self.total})" if self.total else "—"


@dataclass
class EngineScore:
    """Everything measured for one engine."""

    engine: str
    classification: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_type: dict[tuple[str, str], Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_field: dict[tuple[str, str, str], Tally] = field(default_factory=lambda: defaultdict(Tally))
    seconds_by_type: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    pipeline_seconds: float = 0.0
    bare_seconds: float = 0.0
    documents: int = 0
    misses: list[str] = field(default_factory=list)


def truth_files(samples: Path) -> list[Path]:
    """Every ground-truth file under the samples folder, in a stable order."""
    return sorted(samples.rglob("*.truth.json"))


def score_engine(engine_name: str, truths: list[Path]) -> EngineScore:
    """Run the pipeline and the bare engine over every sample file."""
    engine = create_engine(engine_name, threads=1)
    _warm_up(engine, truths[0])
    score = EngineScore(engine_name)
    for truth_path in truths:
        truth = json.loads(truth_path.read_text("utf-8"))
        image = truth_path.parent / truth["file"]
        condition = "degraded" if truth["degradations"] else "clean"
        start = time.perf_counter()
        found = {document.source: document for document in read_documents(image, engine)}
        score.pipeline_seconds += time.perf_counter() - start
        score.bare_seconds += _bare_seconds(engine, image)
        for expected in truth["documents"]:
            _score_document(score, expected, found.get(expected["source"]), condition)
    return score


def _warm_up(engine, truth_path: Path) -> None:
    truth = json.loads(truth_path.read_text("utf-8"))
    for page in read_pages(truth_path.parent / truth["file"])[:1]:
        if not isinstance(page, ReadError):
            engine.recognize(page.pixels)


def _bare_seconds(engine, image: Path) -> float:
    pages = [page for page in read_pages(image) if not isinstance(page, ReadError)]
    start = time.perf_counter()
    for page in pages:
        engine.recognize(page.pixels)
    return time.perf_counter() - start


def _score_document(score: EngineScore, expected: dict, document, condition: str) -> None:
    doc_type = expected["type"]
    score.documents += 1
    score.classification[condition].add(document is not None and document.type == doc_type)
    if document is not None:
        score.seconds_by_type[doc_type].append(document.seconds)
    for name, value in expected["fields"].items():
        got = document.fields.get(name).value if document and name in document.fields else None
        ok = got is not None and fold(got) == fold(value)
        score.by_type[(doc_type, condition)].add(ok)
        score.by_field[(doc_type, name, condition)].add(ok)
        if not ok:
            score.misses.append(f"{expected['source']} {name}: expected {value!r}, got {got!r}")


def print_score(console: Console, score: EngineScore) -> None:
    """The tables of one engine."""
    console.rule(f"[bold]{score.engine}")
    speed = Table(title="speed (single-threaded)", title_justify="left")
    for column in ("document type", "documents", "s / document"):
        speed.add_column(column, justify="right" if column != "document type" else "left")
    for doc_type, seconds in sorted(score.seconds_by_type.items()):
        speed.add_row(doc_type, str(len(seconds)), f"{sum(seconds) / len(seconds):.2f}")
    console.print(speed)
    per_second = score.documents / score.pipeline_seconds if score.pipeline_seconds else 0
    ratio = score.pipeline_seconds / score.bare_seconds if score.bare_seconds else 0
    console.print(
        f"pipeline {score.pipeline_seconds:.1f} s for {score.documents} documents "
        f"({per_second:.2f} documents/s); bare engine {score.bare_seconds:.1f} s; "
        f"ratio pipeline / bare engine = {ratio:.2f}"
    )
    accuracy = Table(title="accuracy", title_justify="left")
    for column in ("what", "clean", "degraded"):
        accuracy.add_column(column)
    accuracy.add_row(
        "classification", str(score.classification["clean"]), str(score.classification["degraded"])
    )
    for doc_type in FIELDS_BY_TYPE:
        accuracy.add_row(
            f"[bold]{doc_type}[/bold] fields",
            str(score.by_type[(doc_type, "clean")]),
            str(score.by_type[(doc_type, "degraded")]),
        )
        for name in FIELDS_BY_TYPE[doc_type]:
            clean, degraded = (
                score.by_field[(doc_type, name, "clean")],
                score.by_field[(doc_type, name, "degraded")],
            )
            accuracy.add_row(f"  {name}", str(clean), str(degraded))
    total = {c: _total(score, c) for c in ("clean", "degraded")}
    accuracy.add_row("[bold]all fields[/bold]", str(total["clean"]), str(total["degraded"]))
    console.print(accuracy)


def _total(score: EngineScore, condition: str) -> Tally:
    tally = Tally()
    for (_, cond), part in score.by_type.items():
        if cond == condition:
            tally.correct += part.correct
            tally.total += part.total
    return tally


def score_to_dict(score: EngineScore) -> dict:
    """The measured figures as JSON-ready data."""
    return {
        "engine": score.engine,
        "documents": score.documents,
        "pipeline_seconds": round(score.pipeline_seconds, 2),
        "bare_engine_seconds": round(score.bare_seconds, 2),
        "seconds_per_document": {
            t: round(sum(s) / len(s), 3) for t, s in score.seconds_by_type.items()
        },
        "classification": {c: t.rate for c, t in score.classification.items()},
        "fields": {c: _total(score, c).rate for c in ("clean", "degraded")},
        "by_field": {f"{t}.{n}.{c}": tally.rate for (t, n, c), tally in score.by_field.items()},
        "misses": score.misses,
    }


def main(
    samples: Annotated[
        Path, typer.Argument(help="Folder of sample documents with *.truth.json.")
    ] = Path("sample_docs"),
    engine: Annotated[
        list[str] | None, typer.Option(help="Engine(s) to measure (default: all).")
    ] = None,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Also write the figures here.")
    ] = None,
    show_misses: Annotated[
        bool, typer.Option(help="List every field that was read wrong.")
    ] = False,
) -> None:
    """Measure every OCR engine over the sample documents."""
    cv2.setNumThreads(1)
    console = Console()
    truths = truth_files(samples)
    if not truths:
        console.print(f"no *.truth.json under {samples}: run `make samples` first")
        raise typer.Exit(4)
    results = []
    for name in engine or [n for n in ENGINE_NAMES if n in ENGINES]:
        score = score_engine(name, truths)
        print_score(console, score)
        if show_misses:
            for miss in score.misses:
                console.print(f"  [red]✗[/red] {miss}", highlight=False)
        results.append(score_to_dict(score))
    if json_out:
        json_out.parent.mkdir(parents=True, exist_ok=True)
        json_out.write_text(json.dumps(results, ensure_ascii=False, indent=2), "utf-8")


if __name__ == "__main__":
    typer.run(main)
