"""Options shared by several commands, kept in a module that imports nothing heavy: the
light commands (rules, decide, audit) use them without loading the OCR stack."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

DEFAULT_OUT = Path("prereview-reports")

RulesOption = Annotated[
    Path | None,
    typer.Option(help="Folder of rule packs overriding the packaged ones (or $PREREVIEW_RULES)."),
]
OcrBackendOption = Annotated[
    str | None,
    typer.Option(
        "--ocr-backend",
        help="RapidOCR's engine_type: openvino or onnxruntime (or $PREREVIEW_OCR_BACKEND; "
        "default openvino).",
        show_default=False,
    ),
]
OcrPrecisionOption = Annotated[
    str | None,
    typer.Option(
        "--ocr-precision",
        help="OpenVINO's inference precision: f32 (default: the same reading on every CPU) "
        "or bf16 (faster where the CPU has it, reads some characters differently; "
        "or $PREREVIEW_OCR_PRECISION).",
        show_default=False,
    ),
]
WorkersOption = Annotated[
    int | None,
    typer.Option(
        min=1,
        help="Files of a case read at once, each in a process with an OCR engine of its own "
        "(default: one per core, at most 3).",
        show_default=False,
    ),
]


class FailOn(StrEnum):
    """What makes a run of many cases exit non-zero (errors.run_exit_code)."""

    error = "error"
    review = "review"
    fail = "fail"


FailOnOption = Annotated[
    FailOn,
    typer.Option(
        "--fail-on",
        help="Exit non-zero when: review (default) - any case did not pass (1); fail - a case "
        "failed (1) or errored (6); error - only a case that crashed or timed out (6), for cron "
        "and systemd timers.",
        case_sensitive=False,
    ),
]


def with_settings(
    out: Path | None, registry: Path | None, rules: Path | None, workers: int | None
) -> tuple[Path, Path | None, Path | None, int | None]:
    """OUT, the registry, the rules folder and the workers of `check` and `batch`: the
    command line's, else prereview.toml's, else the built-in defaults."""
    from ..settings import load_settings

    settings = load_settings()
    return (
        out or settings.out or DEFAULT_OUT,
        registry or settings.registry,
        rules or settings.rules,
        workers or settings.workers,
    )
