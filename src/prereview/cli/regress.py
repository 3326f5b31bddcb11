"""`prereview regress [SAMPLES_DIR]`: the sample documents and cases against golden results."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ..errors import ExitCode, InputNotFound
from ..ocr import DEFAULT_ENGINE, create_engine, engine_spec
from ..pipeline import CheckSettings
from ..registry import Registry
from ..regress import (
    REVIEW_DATE,
    case_results,
    differences,
    document_results,
    junit_xml,
    read_golden,
    write_golden,
)
from ..report.json import write_atomically
from ..rules import load_packs
from .errors import exits_cleanly
from .options import OcrBackendOption, OcrPrecisionOption


@exits_cleanly
def regress(
    samples: Annotated[
        Path, typer.Argument(help="Folder with documents/, cases/, registry/ and golden/.")
    ] = Path("sample_docs"),
    junit: Annotated[Path | None, typer.Option(help="Also write a JUnit XML report here.")] = None,
    update: Annotated[
        bool, typer.Option("--update", help="Accept the current results as golden.")
    ] = False,
    engine: Annotated[str, typer.Option(help="OCR engine.")] = DEFAULT_ENGINE,
    ocr_backend: OcrBackendOption = None,
    ocr_precision: OcrPrecisionOption = None,
) -> None:
    """Run the sample documents and cases and compare them with the golden results; exit 1
    on any difference. After reviewing a deliberate change, `--update` accepts it.

    Example: prereview regress sample_docs --junit regress.xml
    """
    if not samples.is_dir():
        raise InputNotFound(f"no such samples folder: {samples}")
    ocr = create_engine(engine_spec(engine, ocr_backend, ocr_precision))
    results: dict[str, dict[str, dict]] = {}
    if (samples / "documents").is_dir():
        results["documents"] = document_results(samples / "documents", ocr)
    if (samples / "cases").is_dir():
        registry = Registry.open(samples / "registry") if (samples / "registry").is_dir() else None
        settings = CheckSettings(ocr, load_packs(), registry, REVIEW_DATE)
        results["cases"] = case_results(samples / "cases", settings)
    found = [
        d
        for kind, now in results.items()
        for d in differences(kind, read_golden(samples, kind), now)
    ]
    if junit is not None:
        write_atomically(junit, junit_xml(results, found).encode("utf-8"))
    if update:
        for kind, now in results.items():
            write_golden(samples, kind, now)
        print(
            f"golden results updated: {sum(len(now) for now in results.values())} samples",
            file=sys.stderr,
        )
        raise typer.Exit(int(ExitCode.OK))
    _print(found, results)
    raise typer.Exit(int(ExitCode.NOT_ALL_PASSED if found else ExitCode.OK))


def _print(found, results) -> None:
    console = Console(stderr=True)
    total = sum(len(now) for now in results.values())
    if not found:
        console.print(f"regress: {total} samples, no differences from the golden results")
        return
    table = Table(title="differences from the golden results", title_justify="left")
    for column in ("sample", "what", "golden", "now"):
        table.add_column(column)
    for difference in found:
        table.add_row(difference.sample, difference.what, difference.golden, difference.now)
    console.print(table)
    samples = len({difference.sample for difference in found})
    console.print(
        f"regress: {samples} of {total} samples differ (accept with --update after review)"
    )
