"""`make bench-captures`: recall and false alarms of the authenticity signals, and their cost.

Three sets, every upload read by the real pipeline (read_documents, the real OCR engine):
- the captures family (samples/captures.py) drawn from `--seed` (the Makefile reports seed
  20261205, never tuned on; tune on 7101): per signal, recall over the uploads whose truth
  says it should fire, and the false-alarm rate over the others it applies to (photocopy on
  colour documents, no_seal on licences, the rest on every upload holding a document);
- the honest sample documents (sample_docs/documents): every raised signal is a false alarm;
- the real development photos (PREREVIEW_REALDOCS, default ~/.cache/prereview-realdocs;
  originals photographed or scanned): every raised signal is an alarm, listed by image key in
  the console and the JSON (keep that under bench-results/, never in the repository).

Cost: the signals (file_signals, page_signals, document_signals, not_a_document_signal) timed
on each decoded page beside the upload's whole reading time (read_documents, OCR included);
the target is at most 10%.

    python -m prereview.bench.captures [--seed 20261205 --count 120] [--samples sample_docs]
        [--work bench-results] [--json bench-results/captures.json]
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

from ..authenticity import (
    NOT_A_DOCUMENT,
    SIGNALS,
    document_signals,
    file_signals,
    not_a_document_signal,
    page_signals,
)
from ..intake import is_supported, read_upload
from ..ocr import DEFAULT_ENGINE, create_engine
from ..pipeline import read_documents
from ..records import Document, SourceImage
from ..samples.captures import COLOUR_DOCUMENTS, REPORT_SEED, generate_captures
from ..samples.generate import truth_path
from .real import cache_folder, labels_file

NO_DOCUMENT = ("unknown", "other")
# The document types each signal is judged on (a false alarm is only possible there).
APPLIES = {
    "photocopy": COLOUR_DOCUMENTS,
    "no_seal": ("business_licence",),
}


@dataclass
class Tally:
    """Raised or not over the uploads of one truth: hits and total."""

    raised: int = 0
    total: int = 0

    def rate(self) -> float | None:
        return self.raised / self.total if self.total else None


@dataclass
class Measured:
    """What the bench measured on one set of uploads."""

    recall: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    recall_by_kind: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    false_alarms: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    alarms: list[tuple[str, str, str]] = field(default_factory=list)  # upload, signal, evidence
    reading: float = 0.0
    signals: float = 0.0
    uploads: int = 0


def raised(documents: list[Document]) -> dict[str, str]:
    """signal -> evidence of every signal raised on any document of an upload."""
    found = {}
    for document in documents:
        for signal in document.authenticity:
            if signal.raised:
                found.setdefault(signal.name, signal.evidence)
    return found


def signal_seconds(path: Path, documents: list[Document]) -> float:
    """The time the authenticity signals take on the upload's decoded pages."""
    upload = read_upload(path)
    start = time.perf_counter()
    file_signals(upload.data)
    types = [document.type for document in documents] or ["unknown"]
    for page in upload.pages:
        if isinstance(page, SourceImage):
            signals = page_signals(page.pixels)
            for doc_type in types:
                if doc_type == "unknown":
                    not_a_document_signal(page.pixels, 0, False)
                document_signals(doc_type, signals, (), page.pixels)
    return time.perf_counter() - start


def read_timed(path: Path, engine, measured: Measured) -> list[Document]:
    """The upload's documents, its reading and signal times added to `measured`."""
    start = time.perf_counter()
    documents = read_documents(path, engine)
    measured.reading += time.perf_counter() - start
    measured.signals += signal_seconds(path, documents)
    measured.uploads += 1
    return documents


def measure_captures(folder: Path, engine) -> Measured:
    """Recall and false alarms per signal over a captures folder with its truth files."""
    measured = Measured()
    for path in sorted(p for p in folder.iterdir() if is_supported(p)):
        truth = json.loads(truth_path(path).read_text("utf-8"))
        documents = read_timed(path, engine, measured)
        found = raised(documents)
        for name in SIGNALS:
            if truth["signals"][name]:
                measured.recall[name].total += 1
                measured.recall[name].raised += name in found
                kind = measured.recall_by_kind[f"{name}/{truth['kind']}"]
                kind.total += 1
                kind.raised += name in found
            elif applies(name, truth["doc_type"]):
                measured.false_alarms[name].total += 1
                if name in found:
                    measured.false_alarms[name].raised += 1
                    measured.alarms.append((path.name, name, found[name]))
    return measured


def applies(name: str, doc_type: str | None) -> bool:
    """Whether a false alarm of signal `name` is possible on an upload of `doc_type`."""
    return doc_type is not None and doc_type in APPLIES.get(name, (doc_type,))


def measure_honest(paths: list[tuple[str, Path, str | None]], engine) -> Measured:
    """False alarms over honest uploads (name, path, document type when known): every
    raised signal is one."""
    measured = Measured()
    for name, path, doc_type in paths:
        documents = read_timed(path, engine, measured)
        found = raised(documents)
        types = {doc_type} if doc_type else {d.type for d in documents}
        for signal in SIGNALS:
            if any(applies(signal, t) for t in types) or signal == NOT_A_DOCUMENT:
                measured.false_alarms[signal].total += 1
                if signal in found:
                    measured.false_alarms[signal].raised += 1
                    measured.alarms.append((name, signal, found[signal]))
    return measured


def sample_uploads(documents: Path) -> list[tuple[str, Path, str | None]]:
    """The honest sample documents (every one an original's capture), with their type."""
    uploads = []
    for path in sorted(p for p in documents.iterdir() if is_supported(p)):
        truth_file = truth_path(path)
        truth = json.loads(truth_file.read_text("utf-8")) if truth_file.is_file() else {}
        types = [d["type"] for d in truth.get("documents", []) if d["type"] not in NO_DOCUMENT]
        # A landscape or a blank page holds no document: not an original of anything.
        if not types:
            continue
        # A photocopy, or a page holding a copy of both sides of an ID card (always grey),
        # is not an original: not an honest upload.
        if "photocopy" in truth.get("degradations", ()) or {
            "id_card_front",
            "id_card_back",
        } <= set(types):
            continue
        uploads.append((path.name, path, types[0] if len(types) == 1 else None))
    return uploads


def real_uploads() -> list[tuple[str, Path, str | None]]:
    """The real development photos that have been fetched, by key, with their type."""
    cache = cache_folder()
    found = labels_file(cache, None)
    if not cache.is_dir() or found is None:
        return []
    labels = json.loads(found.read_text("utf-8"))
    return [
        (key, cache / key, entry["type"])
        for key, entry in sorted(labels.items())
        if (cache / key).is_file()
    ]


def percent(tally: Tally) -> str:
    rate = tally.rate()
    return "-" if rate is None else f"{rate:.0%} ({tally.raised}/{tally.total})"


def print_measured(console: Console, title: str, measured: Measured, listed: bool) -> None:
    table = Table(title=title)
    for column in ("signal", "recall", "false alarms"):
        table.add_column(column)
    for name in SIGNALS:
        table.add_row(name, percent(measured.recall[name]), percent(measured.false_alarms[name]))
    console.print(table)
    for kind, tally in sorted(measured.recall_by_kind.items()):
        console.print(f"  recall {kind}: {percent(tally)}")
    cost = measured.signals / measured.reading if measured.reading else 0.0
    console.print(
        f"  signals {measured.signals:.1f} s of {measured.reading:.1f} s reading"
        f" ({measured.uploads} uploads): {cost:.1%}"
    )
    if listed:
        for upload, signal, evidence in measured.alarms:
            console.print(f"  alarm {signal}: {upload}: {evidence}", highlight=False)


def as_json(measured: Measured) -> dict:
    def rates(tallies):
        return {k: {"raised": v.raised, "total": v.total} for k, v in sorted(tallies.items())}

    return {
        "recall": rates(measured.recall),
        "recall_by_kind": rates(measured.recall_by_kind),
        "false_alarms": rates(measured.false_alarms),
        "alarms": [{"upload": u, "signal": s, "evidence": e} for u, s, e in measured.alarms],
        "signal_seconds": round(measured.signals, 2),
        "reading_seconds": round(measured.reading, 2),
        "uploads": measured.uploads,
    }


def main(
    seed: Annotated[int, typer.Option(help="Captures seed (report 20261205; tune on 7101).")] = (
        REPORT_SEED
    ),
    count: Annotated[int, typer.Option(help="Captures to generate.")] = 120,
    samples: Annotated[Path, typer.Option(help="The sample set (its documents/ folder).")] = Path(
        "sample_docs"
    ),
    work: Annotated[Path, typer.Option(help="Where the captures are written.")] = Path(
        "bench-results"
    ),
    engine: Annotated[str, typer.Option(help="OCR engine.")] = DEFAULT_ENGINE,
    json_out: Annotated[Path | None, typer.Option("--json", help="Write the figures here.")] = None,
) -> None:
    """Measure the authenticity signals on the captures family, the sample documents and
    the real development photos."""
    cv2.setNumThreads(1)
    console = Console()
    reader = create_engine(engine, threads=1)
    folder = work / f"captures-{seed}"
    if not folder.is_dir() or not any(folder.glob("*.truth.json")):
        generate_captures(folder, seed, count)
    results = {"seed": seed, "count": count}
    captures = measure_captures(folder, reader)
    print_measured(console, f"captures, seed {seed}", captures, listed=True)
    results["captures"] = as_json(captures)
    honest = measure_honest(sample_uploads(samples / "documents"), reader)
    print_measured(console, "sample documents (honest)", honest, listed=True)
    results["sample_documents"] = as_json(honest)
    real = real_uploads()
    if real:
        measured = measure_honest(real, reader)
        print_measured(console, "real development photos (originals)", measured, listed=True)
        results["real_devset"] = as_json(measured)
    else:
        console.print("no real development photos fetched (PREREVIEW_REALDOCS): skipped")
    if json_out is not None:
        json_out.parent.mkdir(parents=True, exist_ok=True)
        json_out.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    typer.run(main)
