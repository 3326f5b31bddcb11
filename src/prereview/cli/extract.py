"""`prereview extract FILE...`: document type, fields and quality signals of scans."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from ..errors import ExitCode, InputNotFound
from ..intake import is_supported
from ..normalize import mask_text
from ..ocr import DEFAULT_ENGINE, create_engine, engine_spec
from ..pipeline import read_documents
from ..report.console import print_documents
from ..report.escape import terminal_text
from ..report.json import document_to_dict
from .errors import exits_cleanly
from .options import OcrBackendOption, OcrPrecisionOption


@exits_cleanly
def extract(
    files: Annotated[
        list[Path], typer.Argument(help="Scans (jpg png tif bmp webp pdf) or folders of them.")
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print a JSON list of documents.")
    ] = False,
    engine: Annotated[
        str, typer.Option(help="OCR engine: rapidocr or tesseract.")
    ] = DEFAULT_ENGINE,
    ocr_backend: OcrBackendOption = None,
    ocr_precision: OcrPrecisionOption = None,
    no_mask: Annotated[bool, typer.Option("--no-mask", help="Show ID numbers in full.")] = False,
) -> None:
    """Read scans and print each document's type, fields and image-quality signals.

    Example: prereview extract IMG_0001.jpg scan.pdf --json
    """
    paths = input_files(files)
    ocr = create_engine(engine_spec(engine, ocr_backend, ocr_precision))
    console = Console(stderr=False)
    documents = []
    for path in paths:
        found = read_documents(path, ocr)
        documents.extend(found)
        if not as_json:
            print_documents(console, found, mask=not no_mask)
    if as_json:
        payload = [document_to_dict(document, mask=not no_mask) for document in documents]
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    failed = [document for document in documents if document.error]
    if as_json:
        for document in failed:
            line = mask_text(f"{document.source}: {document.error}", not no_mask)
            print(f"prereview: {terminal_text(line)}", file=sys.stderr)
    raise typer.Exit(int(ExitCode.NOT_ALL_PASSED if failed else ExitCode.OK))


def input_files(paths: list[Path]) -> list[Path]:
    """Files to read: the paths given, folders expanded to the scans directly inside them."""
    files: list[Path] = []
    for path in paths:
        if not path.exists():
            raise InputNotFound(f"no such file or folder: {path}")
        if path.is_dir():
            files.extend(
                sorted(child for child in path.iterdir() if child.is_file() and is_supported(child))
            )
        else:
            files.append(path)
    return files
