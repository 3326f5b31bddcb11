"""`make bench-real`: extraction scored on real photos kept outside the repository.

The development set (`../shared/realdocs/devset.json`: public photos with hand labels) is
fetched into a cache folder, `PREREVIEW_REALDOCS` (default ~/.cache/prereview-realdocs),
never into the repository. For every image and field: a hit (the extracted value equals the
label after NFKC folding and white-space removal), a junk value (a value on a field labelled
`seal_only`, printed only inside the seal, that is not its label), and the bare engine's
upper bound (the label found verbatim in the engine's concatenated text of the decoded
image; a date also in its printed forms). Without the cache it prints how to get it and
exits 0, so CI never needs the photos.

The set is split in two halves, "tuned" (look at its misses, tune on it) and "held-out"
(report on it, never study it), by a hash of each key: within each document type the keys
are ordered by the SHA-256 of the key and taken alternately, so both halves hold every type
and no key is written in the repository.

    python -m prereview.bench.real [--labels devset.json] [--half tuned] [--show-misses]
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

import cv2
import typer
from rich.console import Console
from rich.table import Table

from ..intake import read_pages
from ..lexicon import without_overlay
from ..normalize import fold
from ..ocr import MemoEngine, create_engine
from ..pipeline import read_documents
from ..records import FIELDS_BY_TYPE, Document, ReadError
from .documents import Tally

DEFAULT_CACHE = Path("~/.cache/prereview-realdocs")
# Where the labels live beside this repository's checkout (the lead's shared folder).
SHARED_LABELS = Path("../shared/realdocs/devset.json")
HOW_TO_GET = (
    "bench-real: no real development set at {cache}; fetch the photos listed in "
    "../shared/realdocs/devset.json as its README says (or set PREREVIEW_REALDOCS)"
)


HALVES = ("tuned", "held-out")


def split_halves(labels: dict) -> dict[str, str]:
    """Each key's half: per document type, keys ordered by SHA-256 and taken alternately."""
    by_type: dict[str, list[str]] = defaultdict(list)
    for key, entry in labels.items():
        by_type[entry["type"]].append(key)
    halves = {}
    for keys in by_type.values():
        ordered = sorted(keys, key=lambda k: hashlib.sha256(k.encode("utf-8")).hexdigest())
        for rank, key in enumerate(ordered):
            halves[key] = HALVES[rank % 2]
    return halves


@dataclass
class ImageScore:
    """One labelled document of the development set: what was read against its labels."""

    key: str
    doc_type: str
    half: str = HALVES[0]
    hits: list[str] = field(default_factory=list)
    misses: list[tuple[str, str, str | None]] = field(default_factory=list)  # field, label, got
    junk: list[tuple[str, str]] = field(default_factory=list)  # seal-only field, value
    overlay: list[str] = field(default_factory=list)  # fields valued with a watermark phrase
    engine_read: list[str] = field(default_factory=list)  # fields the bare engine read
    seconds: float = 0.0


@dataclass
class RealScore:
    """Everything measured on one half of the development set."""

    images: list[ImageScore] = field(default_factory=list)
    by_field: dict[tuple[str, str], Tally] = field(default_factory=lambda: defaultdict(Tally))
    bound_by_field: dict[tuple[str, str], Tally] = field(default_factory=lambda: defaultdict(Tally))
    junk_by_field: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))


def cache_folder() -> Path:
    """The folder holding the fetched photos: PREREVIEW_REALDOCS or the default."""
    return Path(os.environ.get("PREREVIEW_REALDOCS") or DEFAULT_CACHE).expanduser()


def labels_file(cache: Path, given: Path | None) -> Path | None:
    """The labels: the option, else devset.json in the cache, else the shared folder's."""
    for candidate in (given, cache / "devset.json", SHARED_LABELS):
        if candidate is not None and candidate.is_file():
            return candidate
    return None


def printed_forms(value: str) -> tuple[str, ...]:
    """The ways a label may be printed: an ISO date also as 2016年8月2日, 2016.08.02 ..."""
    folded = fold(value)
    parts = folded.split("-")
    if len(parts) != 3 or not all(part.isdigit() for part in parts):
        return (folded,)
    year, month, day = parts
    short_month, short_day = str(int(month)), str(int(day))
    return (
        folded,
        f"{year}年{month}月{day}日",
        f"{year}年{short_month}月{short_day}日",
        f"{year}.{month}.{day}",
        f"{year}{month}{day}",
    )


def engine_text(engine, image: Path) -> str:
    """The bare engine's text of every decoded page, folded and concatenated."""
    pages = [page for page in read_pages(image) if not isinstance(page, ReadError)]
    return "".join(fold(engine.recognize(page.pixels).text) for page in pages)


def score_image(
    key: str, entry: dict, documents: list[Document], bare_text: str, seconds: float
) -> ImageScore:
    """Hits, misses, junk and the engine's upper bound for one labelled document."""
    doc_type = entry["type"]
    score = ImageScore(key, doc_type, seconds=seconds)
    document = next((d for d in documents if d.type == doc_type), None)
    seal_only = set(entry.get("seal_only", ()))
    if document is not None:
        score.overlay = [
            name
            for name, found in document.fields.items()
            if found.value and without_overlay(found.value)[1]
        ]
    for name, label in entry["fields"].items():
        got = document.fields[name].value if document and name in document.fields else None
        if any(form in bare_text for form in printed_forms(label)):
            score.engine_read.append(name)
        if got is not None and fold(got) == fold(label):
            score.hits.append(name)
            continue
        score.misses.append((name, label, got))
        if got is not None and name in seal_only:
            score.junk.append((name, got))
    return score


def score_devset(
    cache: Path,
    labels: dict,
    engine_name: str,
    memo: Path | None = None,
    halves: tuple[str, ...] = HALVES,
) -> dict[str, RealScore]:
    """Run the pipeline and the bare engine over every cached image of the labels, scored
    per half of the split (only the halves asked for are read)."""
    engine = create_engine(engine_name, threads=1)
    if memo is not None:
        engine = MemoEngine(engine, memo, engine_name)
    split = split_halves(labels)
    results = {half: RealScore() for half in halves}
    for key, entry in sorted(labels.items()):
        image = cache / key
        if split[key] not in results or not image.is_file():
            continue
        result = results[split[key]]
        start = time.perf_counter()
        documents = read_documents(image, engine)
        seconds = time.perf_counter() - start
        scored = score_image(key, entry, documents, engine_text(engine, image), seconds)
        scored.half = split[key]
        result.images.append(scored)
        for name in entry["fields"]:
            result.by_field[(scored.doc_type, name)].add(name in scored.hits)
            result.bound_by_field[(scored.doc_type, name)].add(name in scored.engine_read)
        for name, _ in scored.junk:
            result.junk_by_field[(scored.doc_type, name)] += 1
    if isinstance(engine, MemoEngine):
        engine.save()
    return results


def _sum(tallies) -> Tally:
    total = Tally()
    for tally in tallies:
        total.correct += tally.correct
        total.total += tally.total
    return total


def print_fields(console: Console, score: RealScore, half: str) -> None:
    """Hits, engine upper bound and junk per field."""
    table = Table(title=f"per field, {half} half", title_justify="left")
    for column in ("field", "hits", "bare engine upper bound", "junk"):
        table.add_column(column, justify="left" if column == "field" else "right")
    for doc_type, names in FIELDS_BY_TYPE.items():
        keys = [(doc_type, name) for name in names if (doc_type, name) in score.by_field]
        if not keys:
            continue
        table.add_row(
            f"[bold]{doc_type}[/bold]",
            str(_sum(score.by_field[k] for k in keys)),
            str(_sum(score.bound_by_field[k] for k in keys)),
            str(sum(score.junk_by_field[k] for k in keys)),
        )
        for k in keys:
            table.add_row(
                f"  {k[1]}",
                str(score.by_field[k]),
                str(score.bound_by_field[k]),
                str(score.junk_by_field[k]),
            )
    table.add_row(
        "[bold]all fields[/bold]",
        str(_sum(score.by_field.values())),
        str(_sum(score.bound_by_field.values())),
        str(sum(score.junk_by_field.values())),
    )
    console.print(table)


def print_images(console: Console, score: RealScore, half: str, show_misses: bool) -> None:
    """Hits, engine upper bound and junk per image (misses with their values on request:
    they are real people's data, shown on the console only, never written to a file)."""
    table = Table(title=f"per image, {half} half", title_justify="left")
    for column in ("image", "type", "hits", "engine read", "junk", "watermark", "s"):
        table.add_column(column, justify="left" if column in ("image", "type") else "right")
    for image in score.images:
        total = len(image.hits) + len(image.misses)
        table.add_row(
            image.key.split("/", 1)[-1][:60],
            image.doc_type,
            f"{len(image.hits)}/{total}",
            f"{len(image.engine_read)}/{total}",
            str(len(image.junk)),
            str(len(image.overlay)),
            f"{image.seconds:.2f}",
        )
    console.print(table)
    if show_misses:
        for image in score.images:
            for name, label, got in image.misses:
                read = "engine read it" if name in image.engine_read else "engine did not"
                console.print(
                    f"  ✗ {image.key} {name}: label {label!r}, got {got!r} ({read})",
                    highlight=False,
                )


def print_summary(console: Console, scores: dict[str, RealScore]) -> None:
    """One line per half: hits, the engine's upper bound, junk, watermark values, time."""
    table = Table(title="halves", title_justify="left")
    for column in ("half", "images", "hits", "bare engine upper bound", "junk", "watermark",
                   "s per image"):  # fmt: skip
        table.add_column(column, justify="left" if column == "half" else "right")
    for half, score in scores.items():
        images = len(score.images)
        seconds = sum(image.seconds for image in score.images) / images if images else 0.0
        table.add_row(
            half,
            str(images),
            str(_sum(score.by_field.values())),
            str(_sum(score.bound_by_field.values())),
            str(sum(score.junk_by_field.values())),
            str(sum(len(image.overlay) for image in score.images)),
            f"{seconds:.2f}",
        )
    console.print(table)


def main(
    labels: Annotated[
        Path | None,
        typer.Option(help="devset.json (default: in the cache, else ../shared/realdocs/)."),
    ] = None,
    engine: Annotated[str, typer.Option(help="The OCR engine.")] = "rapidocr",
    show_misses: Annotated[
        bool, typer.Option(help="List every miss with label and value (console only).")
    ] = False,
    half: Annotated[
        list[str] | None,
        typer.Option(help="Only this half of the split: tuned or held-out (default both)."),
    ] = None,
    ocr_memo: Annotated[
        Path | None,
        typer.Option(
            help="Keep OCR results in this file (outside the repository) and reuse "
            "them: for scoring extraction changes quickly; timings are then meaningless."
        ),
    ] = None,
) -> None:
    """Score extraction on the real development set, when it has been fetched."""
    cv2.setNumThreads(1)
    console = Console()
    cache = cache_folder()
    found = labels_file(cache, labels)
    if not cache.is_dir() or found is None:
        console.print(HOW_TO_GET.format(cache=cache), highlight=False)
        raise typer.Exit(0)
    unknown = set(half or ()) - set(HALVES)
    if unknown:
        raise typer.BadParameter(f"--half is one of {', '.join(HALVES)}, not {unknown}")
    halves = tuple(h for h in HALVES if not half or h in half)
    labels_read = json.loads(found.read_text("utf-8"))
    scores = score_devset(cache, labels_read, engine, ocr_memo, halves)
    if not any(score.images for score in scores.values()):
        console.print(HOW_TO_GET.format(cache=cache), highlight=False)
        raise typer.Exit(0)
    for name, score in scores.items():
        print_fields(console, score, name)
        print_images(console, score, name, show_misses)
    print_summary(console, scores)


if __name__ == "__main__":
    typer.run(main)
