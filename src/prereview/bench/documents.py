"""`make bench`: accuracy and speed of each OCR engine over the sample documents.

For every engine: classification accuracy, field accuracy per document type and per field
(exact match after normalisation: NFKC, white space removed), clean and degraded apart;
seconds per document by type; and the bare engine on the same files (decoded, each page read
as it is), wall and CPU time, so the cost of everything around the OCR call shows as a ratio.
Run single-threaded (the Makefile sets the thread limits) so figures compare across machines
and batch workers.

With `--family-seed N` a second data set is measured apart: the wild sample family
(samples/wild.py) drawn from seed N at bench time into `--family-dir`. `make bench` uses the
reporting seed, which nobody tunes on. Fields a truth file lists as `seal_only` (printed only
inside the seal) are not in the field figures: an answer there is either the value or junk,
and junk is counted.

RapidOCR is measured on each backend and precision the machine offers
(`rapidocr/onnxruntime/f32`, `rapidocr/openvino/f32`, and `rapidocr/openvino/bf16` on a CPU
with bf16), each engine in a process of its own so that its peak memory is its own; the
fields each reads differently from `rapidocr/openvino/f32` are listed, and a last table puts
seconds per document, peak memory and those differences side by side.

    python -m prereview.bench sample_docs [--engine rapidocr/openvino --engine tesseract]
        [--json FILE]
        [--family-seed 20261201 --family-count 120 --family-dir bench-results/wild-20261201]
        [--ocr-memo /tmp/memo.pickle] [--show-misses]
"""

from __future__ import annotations

import json
import resource
import shutil
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Annotated

import cv2
import typer
from rich.console import Console
from rich.table import Table

from ..intake import read_pages
from ..normalize import fold
from ..ocr import ENGINES, MemoEngine, create_engine, engine_spec
from ..ocr.rapid import cpu_has_bf16
from ..pipeline import read_documents
from ..records import FIELDS_BY_TYPE, ReadError
from ..samples.wild import DEFAULT_COUNT, REPORT_SEED, generate_wild

# RapidOCR once per backend (the same models on onnxruntime and on OpenVINO), then Tesseract.
ENGINE_NAMES = ("rapidocr/onnxruntime/f32", "rapidocr/openvino/f32", "tesseract")
# Where the CPU has it, OpenVINO's bf16 too; what every RapidOCR reading is compared with.
BF16_ENGINE = "rapidocr/openvino/bf16"
REFERENCE_ENGINE = "rapidocr/openvino/f32"


def engines_here() -> list[str]:
    """The engines to measure on this machine: the installed ones, bf16 where the CPU has it."""
    names = [n for n in ENGINE_NAMES if n.partition("/")[0] in ENGINES]
    if "rapidocr" in ENGINES and cpu_has_bf16():
        names.insert(names.index(REFERENCE_ENGINE) + 1, BF16_ENGINE)
    return names


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


SEAL_OUTCOMES = ("right", "absent", "junk")


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
    # CPU seconds of the same: what another process on the machine does not inflate.
    pipeline_cpu: float = 0.0
    bare_cpu: float = 0.0
    # Paid once per process: the model load, and the first read (an engine's warm-up).
    load_seconds: float = 0.0
    first_read_seconds: float = 0.0
    documents: int = 0
    misses: list[str] = field(default_factory=list)
    # What was read, field by field: (source, field) -> value, to list where backends differ.
    values: dict[tuple[str, str], str | None] = field(default_factory=dict)
    # Fields printed only inside a seal: (right value, no value, junk value) counts.
    seal_only: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SEAL_OUTCOMES, 0))
    # Through an OCR memo: images handed to the engine, and those it really had to read.
    ocr_calls: int = 0
    ocr_runs: int = 0
    # The peak resident memory of the process that measured this engine alone.
    peak_memory: int = 0


def truth_files(samples: Path) -> list[Path]:
    """Every ground-truth file under the samples folder, in a stable order."""
    return sorted(samples.rglob("*.truth.json"))


def score_engine(engine_name: str, truths: list[Path], memo: Path | None = None) -> EngineScore:
    """Run the pipeline and the bare engine over every sample file (through a memo of OCR
    results when one is given)."""
    start = time.perf_counter()
    engine = create_engine(engine_name, threads=1)
    loaded = time.perf_counter()
    if memo is not None:
        engine = MemoEngine(engine, memo, engine_name)
    _warm_up(engine, truths[0])
    score = EngineScore(engine_name)
    score.load_seconds = loaded - start
    score.first_read_seconds = time.perf_counter() - loaded
    for truth_path in truths:
        truth = json.loads(truth_path.read_text("utf-8"))
        image = truth_path.parent / truth["file"]
        condition = "degraded" if truth["degradations"] else "clean"
        start, cpu = time.perf_counter(), time.process_time()
        found = {document.source: document for document in read_documents(image, engine)}
        score.pipeline_seconds += time.perf_counter() - start
        score.pipeline_cpu += time.process_time() - cpu
        seconds, cpu = _bare_seconds(engine, image)
        score.bare_seconds += seconds
        score.bare_cpu += cpu
        for expected in truth["documents"]:
            _score_document(score, expected, found.get(expected["source"]), condition)
    if isinstance(engine, MemoEngine):
        engine.save()
        score.ocr_calls, score.ocr_runs = engine.calls, engine.misses
    return score


def score_engine_apart(
    engine_name: str, truths: list[Path], memo: Path | None = None
) -> EngineScore:
    """`score_engine` in a fresh process, so that the peak memory measured is this engine's
    alone (models, buffers and the pipeline around them)."""
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        return pool.submit(_scored_with_peak, engine_name, truths, memo).result()


def _scored_with_peak(engine_name: str, truths: list[Path], memo: Path | None) -> EngineScore:
    cv2.setNumThreads(1)
    score = score_engine(engine_name, truths, memo)
    # ru_maxrss is in kilobytes on Linux.
    score.peak_memory = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return score


def _warm_up(engine, truth_path: Path) -> None:
    truth = json.loads(truth_path.read_text("utf-8"))
    for page in read_pages(truth_path.parent / truth["file"])[:1]:
        if not isinstance(page, ReadError):
            engine.recognize(page.pixels)


def _bare_seconds(engine, image: Path) -> tuple[float, float]:
    """(wall, CPU) seconds of the file decoded and every page read as it is: what a script
    around the bare engine does (the pipeline's time includes the decoding too)."""
    start, cpu = time.perf_counter(), time.process_time()
    for page in read_pages(image):
        if not isinstance(page, ReadError):
            engine.recognize(page.pixels)
    return time.perf_counter() - start, time.process_time() - cpu


def _score_document(score: EngineScore, expected: dict, document, condition: str) -> None:
    doc_type = expected["type"]
    score.documents += 1
    score.classification[condition].add(document is not None and document.type == doc_type)
    if document is not None:
        score.seconds_by_type[doc_type].append(document.seconds)
    seal_only = set(expected.get("seal_only", ()))
    for name, value in expected["fields"].items():
        got = document.fields.get(name).value if document and name in document.fields else None
        score.values[(expected["source"], name)] = got
        ok = got is not None and fold(got) == fold(value)
        if name in seal_only:
            outcome = "right" if ok else "absent" if got is None else "junk"
            score.seal_only[outcome] += 1
            if outcome == "junk":
                score.misses.append(f"{expected['source']} {name} (seal only): junk {got!r}")
            continue
        score.by_type[(doc_type, condition)].add(ok)
        score.by_field[(doc_type, name, condition)].add(ok)
        if not ok:
            score.misses.append(f"{expected['source']} {name}: expected {value!r}, got {got!r}")


def print_score(console: Console, score: EngineScore, data_set: str = "") -> None:
    """The tables of one engine (on one data set)."""
    console.rule(f"[bold]{score.engine}[/bold] {data_set}".rstrip())
    speed = Table(title="speed (single-threaded)", title_justify="left")
    for column in ("document type", "documents", "s / document"):
        speed.add_column(column, justify="right" if column != "document type" else "left")
    for doc_type, seconds in sorted(score.seconds_by_type.items()):
        speed.add_row(doc_type, str(len(seconds)), f"{sum(seconds) / len(seconds):.2f}")
    console.print(speed)
    if score.ocr_calls:
        console.print(
            f"through the OCR memo (timings meaningless): {score.ocr_calls} images handed to "
            f"the engine (the bare engine's pages included), {score.ocr_runs} read afresh"
        )
    per_second = score.documents / score.pipeline_seconds if score.pipeline_seconds else 0
    ratio = score.pipeline_seconds / score.bare_seconds if score.bare_seconds else 0
    cpu_ratio = score.pipeline_cpu / score.bare_cpu if score.bare_cpu else 0
    console.print(
        f"pipeline {score.pipeline_seconds:.1f} s for {score.documents} documents "
        f"({per_second:.2f} documents/s); bare engine {score.bare_seconds:.1f} s; "
        f"ratio pipeline / bare engine = {ratio:.2f} (CPU time: {score.pipeline_cpu:.1f} s / "
        f"{score.bare_cpu:.1f} s = {cpu_ratio:.2f}); once per process: model load "
        f"{score.load_seconds:.2f} s, first page read {score.first_read_seconds:.2f} s"
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
    if sum(score.seal_only.values()):
        counts = ", ".join(f"{score.seal_only[o]} {o}" for o in SEAL_OUTCOMES)
        console.print(f"fields printed only inside the seal (not counted above): {counts}")


def read_differences(first: EngineScore, second: EngineScore) -> list[str]:
    """Every field two engines (two backends) read differently, with both values."""
    differences = []
    for key in sorted(first.values.keys() & second.values.keys()):
        ours, theirs = first.values[key], second.values[key]
        if ours != theirs:
            source, name = key
            differences.append(
                f"{source} {name}: {first.engine} {ours!r}, {second.engine} {theirs!r}"
            )
    return differences


def print_differences(console: Console, scores: list[EngineScore], data_set: str) -> None:
    """Fields each RapidOCR backend or precision reads differently from the reference
    (OpenVINO, f32) on one data set."""
    reference = next((s for s in scores if s.engine == REFERENCE_ENGINE), None)
    others = [s for s in scores if s.engine.startswith("rapidocr/") and s is not reference]
    for other in others if reference else ():
        differences = read_differences(reference, other)
        console.print(
            f"{data_set}: {len(differences)} fields read differently by "
            f"{reference.engine} and {other.engine}"
        )
        for line in differences:
            console.print(f"  {line}", highlight=False)


def precision_table(scores: list[EngineScore], data_set: str) -> Table:
    """Per engine: seconds per document, peak memory of its process, and the fields it reads
    differently from OpenVINO f32."""
    reference = next((s for s in scores if s.engine == REFERENCE_ENGINE), None)
    table = Table(title=f"backends and precisions: {data_set}", title_justify="left")
    for column in ("engine", "s / document", "vs openvino/f32", "peak memory", "fields differing"):
        table.add_column(column, justify="left" if column == "engine" else "right", overflow="fold")
    for score in scores:
        per_document = score.pipeline_seconds / score.documents if score.documents else 0.0
        speed_up = (
            f"{reference.pipeline_seconds / score.pipeline_seconds:.2f}x"
            if reference and score.pipeline_seconds
            else "—"
        )
        differing = (
            str(len(read_differences(reference, score)))
            if reference and score.engine.startswith("rapidocr/")
            else "—"
        )
        table.add_row(
            score.engine,
            f"{per_document:.2f}",
            speed_up,
            f"{score.peak_memory / 1e9:.2f} GB" if score.peak_memory else "—",
            differing,
        )
    return table


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
        "seal_only": score.seal_only,
        "documents": score.documents,
        "pipeline_seconds": round(score.pipeline_seconds, 2),
        "bare_engine_seconds": round(score.bare_seconds, 2),
        "pipeline_cpu_seconds": round(score.pipeline_cpu, 2),
        "model_load_seconds": round(score.load_seconds, 2),
        "first_read_seconds": round(score.first_read_seconds, 2),
        "peak_memory_bytes": score.peak_memory,
        "bare_engine_cpu_seconds": round(score.bare_cpu, 2),
        "seconds_per_document": {
            t: round(sum(s) / len(s), 3) for t, s in score.seconds_by_type.items()
        },
        "classification": {c: t.rate for c, t in score.classification.items()},
        "fields": {c: _total(score, c).rate for c in ("clean", "degraded")},
        "by_field": {f"{t}.{n}.{c}": tally.rate for (t, n, c), tally in score.by_field.items()},
        "misses": score.misses,
        "values": {f"{source} {name}": value for (source, name), value in score.values.items()},
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
    family_seed: Annotated[
        int | None,
        typer.Option(
            help=f"Also measure the wild family drawn from this seed (reporting seed {REPORT_SEED})."
        ),
    ] = None,
    family_count: Annotated[
        int, typer.Option(help="Uploads of the wild family to draw.")
    ] = DEFAULT_COUNT,
    family_dir: Annotated[
        Path | None,
        typer.Option(help="Where to draw the family (default bench-results/wild-SEED; replaced)."),
    ] = None,
    ocr_memo: Annotated[
        Path | None,
        typer.Option(
            help="Keep OCR results in this file (outside the repository), keyed by engine and "
            "pixels, and reuse them: for scoring extraction changes in seconds. Timings "
            "(seconds per document, the ratio to the bare engine) are then meaningless."
        ),
    ] = None,
) -> None:
    """Measure every OCR engine over the sample documents (and the wild family)."""
    cv2.setNumThreads(1)
    console = Console()
    data_sets = [(str(samples), truth_files(samples))]
    if not data_sets[0][1]:
        console.print(f"no *.truth.json under {samples}: run `make samples` first")
        raise typer.Exit(4)
    if family_seed is not None:
        folder = family_dir or Path("bench-results") / f"wild-{family_seed}"
        data_sets.append((f"wild family, seed {family_seed}", draw_family(folder, family_seed,
                                                                          family_count)))  # fmt: skip
    results = []
    for data_set, truths in data_sets:
        scores = []
        for name in [engine_spec(n) for n in engine] if engine else engines_here():
            score = score_engine_apart(name, truths, ocr_memo)
            scores.append(score)
            print_score(console, score, data_set)
            if show_misses:
                for miss in score.misses:
                    console.print(f"  [red]✗[/red] {miss}", highlight=False)
            results.append({"set": data_set, **score_to_dict(score)})
        print_differences(console, scores, data_set)
        console.print(precision_table(scores, data_set))
    if json_out:
        json_out.parent.mkdir(parents=True, exist_ok=True)
        json_out.write_text(json.dumps(results, ensure_ascii=False, indent=2), "utf-8")


def draw_family(folder: Path, seed: int, count: int) -> list[Path]:
    """The truth files of the wild family drawn afresh into `folder` (an old draw removed)."""
    if folder.exists():
        shutil.rmtree(folder)
    generate_wild(folder, seed, count)
    return truth_files(folder)


if __name__ == "__main__":
    typer.run(main)
