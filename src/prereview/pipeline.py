"""The one place that puts the stages in order.

file -> intake.read_upload -> preprocess.prepare_page -> orient.read_page (OCR upright)
-> classify.split_documents / classify_lines -> extract.extract_fields -> reread.second_look
-> Document;
a case's documents -> casework / validate / rules -> verdict -> CaseReport (previews from
report.preview)
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import partial
from pathlib import Path

from . import __version__
from .authenticity import (
    document_outline,
    document_signals,
    file_signals,
    not_a_document_signal,
    page_signals,
)
from .casework import (
    completeness,
    low_confidence,
    no_registry,
    primary_documents,
    quality_findings,
    unknown_matter,
    upload_findings,
)
from .classify import classify_lines, is_other_paper, looks_like, split_documents
from .evidence import with_evidence
from .extract import extract_fields, overlay_text
from .intake import APPLICATION_FILE, pdf_page_count, read_case, read_upload
from .normalize import looks_like_id_number
from .ocr import OcrEngine
from .orient import ReadPage, read_page
from .originals import originals_findings
from .preprocess import POOR_QUALITY, box_in_original, prepare_page
from .readers import ProcessReader, read_all
from .records import (
    FIELDS_BY_TYPE,
    OTHER,
    UNKNOWN,
    CaseInput,
    CaseReport,
    Document,
    Field,
    Finding,
    OcrLine,
    OcrResult,
    Preview,
    ReadError,
    Signal,
    SourceImage,
    Upload,
)
from .registry import Registry
from .report.preview import page_preview
from .reread import second_look
from .rules import CaseFacts, RulePack, Thresholds, check_rules
from .validate import check_document, check_id_card_pair
from .verdict import decide, settled


def read_documents(path: Path, engine: OcrEngine) -> list[Document]:
    """Every document found in one input file; a bad file gives one `unknown` with an error."""
    pages = pages_with_documents(read_upload(path), engine)
    return [document for _, found in pages for document in found]


def pages_with_documents(
    upload: Upload, engine: OcrEngine
) -> list[tuple[SourceImage | None, list[Document]]]:
    """Each page of an upload with the documents found on it (no page for a bad file)."""
    pages: list[tuple[SourceImage | None, list[Document]]] = []
    signals = file_signals(upload.data) if upload.data else ()
    for item in upload.pages:
        if isinstance(item, ReadError):
            failed = Document(item.source, UNKNOWN, error=item.message, quality=("unreadable",))
            pages.append((None, [failed]))
        else:
            pages.append((item, documents_on_page(item, engine, signals)))
    return pages


def documents_on_page(
    source: SourceImage, engine: OcrEngine, file: tuple[Signal, ...] = ()
) -> list[Document]:
    """Preprocess, OCR and extract one page; one Document per document found on it.

    `file` holds the signals of the file's bytes (authenticity.file_signals)."""
    start = time.perf_counter()
    read = read_page(prepare_page(source), engine)
    signals = page_signals(source.pixels, document_outline(read.page))
    groups = split_documents(read.ocr.lines) if read.ocr.lines else [()]
    documents = []
    for index, lines in enumerate(groups, start=1):
        name = f"{source.source}#d{index}" if len(groups) > 1 else source.source
        document = _document(name, lines, read, engine)
        documents.append(_with_signals(document, source, read, signals, file))
    seconds = (time.perf_counter() - start) / len(documents)
    return [replace(document, seconds=round(seconds, 3)) for document in documents]


def _with_signals(
    document: Document,
    source: SourceImage,
    read: ReadPage,
    page: tuple[Signal, ...],
    file: tuple[Signal, ...],
) -> Document:
    """The document with its authenticity signals; a page with no text, no document-shaped
    object and the colours of a scene, or a phone's screenshot read as no document, becomes
    `other`, looking like a photo (照片)."""
    unread = document.type == UNKNOWN or (document.type == OTHER and document.looks_like is None)
    if unread and "blank" not in document.quality:
        characters = sum(len(line.text) for line in read.ocr.lines)
        shaped = read.page.document_shaped
        found = not_a_document_signal(source.pixels, characters, shaped)
        if found.raised:
            return replace(
                document, type=OTHER, looks_like=PHOTO, quality=(), authenticity=(found,)
            )
        if document.type == UNKNOWN:
            # A photo of a monitor is often what the OCR cannot read: its signals still count.
            signals = document_signals(UNKNOWN, page, file, source.pixels)
            return replace(document, authenticity=(found, *signals))
    if document.type in (UNKNOWN, OTHER):
        return document
    return replace(
        document,
        authenticity=document_signals(document.type, page, file, source.pixels),
    )


# What a page holding no document is taken for (case.other_document says so to the clerk).
PHOTO = "照片"


def _document(
    source: str, lines: tuple[OcrLine, ...], read: ReadPage, engine: OcrEngine
) -> Document:
    doc_type = classify_lines(lines) if lines else UNKNOWN
    quality = _quality(doc_type, lines, read)
    kind = None
    if doc_type == UNKNOWN and "unreadable" not in quality and is_other_paper(lines):
        doc_type, kind = OTHER, looks_like(lines)
    found = second_look(doc_type, lines, read.page, engine, extract_fields(doc_type, lines))
    fields = {
        name: replace(field, box=box_in_original(read.page, field.box))
        for name, field in found.items()
    }
    return Document(
        source,
        doc_type,
        _ordered(doc_type, fields),
        quality,
        rotation=read.quarter_turns * 90,
        looks_like=kind,
        number_boxes=tuple(
            box_in_original(read.page, line.box)
            for line in lines
            if looks_like_id_number(line.text)
        ),
        overlay_text=overlay_text(lines),
    )


def _quality(doc_type: str, lines: tuple[OcrLine, ...], read: ReadPage) -> tuple[str, ...]:
    quality = [flag for flag in read.page.quality if flag != "blank"]
    if doc_type != UNKNOWN:
        return tuple(quality)
    text_length = sum(len(line.text) for line in lines)
    if "blank" in read.page.quality and text_length < BLANK_PAGE_CHARACTERS:
        return ("blank",)  # not unreadable: a blank page cannot be the missing document
    poorly_read = bool(lines) and OcrResult(read.ocr.engine, lines).mean_confidence < 0.6
    # A cut-off border alone does not make an unrecognised page unreadable.
    if poorly_read or (set(POOR_QUALITY) - {"border_cut"}) & set(quality):
        quality.append("unreadable")
    return tuple(dict.fromkeys(quality))


# OCR finds a stray character or two on a blank page (a speck, a punched hole).
BLANK_PAGE_CHARACTERS = 3


def _ordered(doc_type: str, fields: dict[str, Field]) -> dict[str, Field]:
    order = FIELDS_BY_TYPE.get(doc_type, ())
    return {name: fields[name] for name in order if name in fields}


# --- a whole case -------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckOptions:
    """The options of `check` and `batch` as plain values: they travel to worker processes,
    which load what they name (CheckSettings) once each."""

    engine: str
    today: date
    registry: Path | None = None
    matter: str | None = None
    rules: Path | None = None
    mask: bool = True
    registry_cache: Path | None = None  # where a CSV registry's import is kept (under OUT)


@dataclass(frozen=True)
class CheckSettings:
    """Everything `check` needs besides the case folder."""

    engine: OcrEngine
    packs: dict[str, RulePack]
    registry: Registry | None
    today: date
    matter: str | None = None
    mask: bool = True
    # Worker processes that read a case's files beside `engine` (readers.start_workers).
    workers: tuple[ProcessReader, ...] = ()


def run_case(folder: Path, settings: CheckSettings, name: str | None = None) -> CaseReport:
    """Read every upload of a case, check it against its matter's rules, decide the verdict."""
    start = time.perf_counter()
    case = read_case(folder, name)
    documents: list[Document] = []
    previews: dict[str, Preview] = {}
    hashes: dict[str, str | None] = {}
    for read in read_files(folder, case.files, settings):
        hashes[read.name] = read.sha256
        documents.extend(read.documents)
        previews.update(read.previews)
    matter = settings.matter or case.matter
    pack = settings.packs.get(matter) if matter else None
    documents = with_evidence(documents, case.declared, pack, settings.registry)
    findings = case_findings(
        case, documents, pack, matter, settings.registry, settings.today, settings.mask
    )
    min_confidence = pack.thresholds.min_confidence if pack else Thresholds().min_confidence
    findings = settled(findings, documents, min_confidence)
    return CaseReport(
        case=case.name,
        matter=matter,
        verdict=decide(findings),
        documents=tuple(documents),
        findings=tuple(findings),
        provenance=provenance(
            case,
            hashes,
            pack,
            settings.engine.name,
            settings.registry.sha256 if settings.registry else None,
            settings.today,
        ),
        seconds=round(time.perf_counter() - start, 2),
        previews=previews,
    )


@dataclass(frozen=True)
class FileRead:
    """One file of a case read: its hash, its documents, and each page's report preview
    (made where the page was read, so that no page image travels between processes)."""

    name: str
    sha256: str | None
    documents: tuple[Document, ...]
    previews: dict[str, Preview]


@dataclass(frozen=True)
class FilePart:
    """What one reader reads at a time: a file, or one page of a PDF (counted from 0), so
    that the pages of a long scan are shared between a case's readers."""

    name: str
    page: int | None = None
    # Parts the file was cut into.
    of: int = 1


def file_parts(folder: Path, files: Sequence[str]) -> list[FilePart]:
    """Each file as one part, and each page of a PDF as a part of its own."""
    parts = []
    for name in files:
        pages = pdf_page_count(folder / name, folder)
        if pages:
            parts.extend(FilePart(name, page, pages) for page in range(pages))
        else:
            parts.append(FilePart(name))
    return parts


def read_case_file(folder: Path, file_name: str, engine: OcrEngine, mask: bool) -> FileRead:
    """Decode, read and preview one file of a case."""
    return read_case_part(folder, FilePart(file_name), engine, mask)


def read_case_part(folder: Path, part: FilePart, engine: OcrEngine, mask: bool) -> FileRead:
    """Decode, read and preview one part of a case's file."""
    pages = None if part.page is None else range(part.page, part.page + 1)
    upload = read_upload(folder / part.name, folder, pages)
    documents: list[Document] = []
    previews: dict[str, Preview] = {}
    for page, found in pages_with_documents(upload, engine):
        documents.extend(found)
        if page is not None:
            previews[page.source] = page_preview(page, found, mask)
    return FileRead(upload.name, upload.sha256, tuple(documents), previews)


def read_files(
    folder: Path, files: tuple[str, ...] | list[str], settings: CheckSettings
) -> list[FileRead]:
    """Each file of a case read, in file order, its pages shared with the worker processes
    when there are any, else read one by one. A PDF is read page by page either way, so that
    a report never depends on how many readers made it."""
    read = partial(read_case_part, mask=settings.mask)
    parts = file_parts(folder, files)
    if not settings.workers or len(parts) < 2:
        reads = [read(folder, part, settings.engine) for part in parts]
    else:
        reads = read_all(folder, parts, read, settings.engine, settings.workers, _part_cost)
    return _files_joined(parts, reads)


def _part_cost(folder: Path, part: FilePart) -> float:
    """A guess of a part's reading time, to start the longest first: its share of the file's
    bytes."""
    try:
        return (folder / part.name).stat().st_size / part.of
    except OSError:
        return 0.0


def _files_joined(parts: list[FilePart], reads: list[FileRead]) -> list[FileRead]:
    """The parts of each file, read in page order, joined into the file's one FileRead."""
    files: list[FileRead] = []
    for part, read in zip(parts, reads, strict=True):
        if part.page:
            last = files[-1]
            files[-1] = replace(
                last,
                documents=last.documents + read.documents,
                previews={**last.previews, **read.previews},
            )
        else:
            files.append(read)
    return files


def case_findings(
    case: CaseInput,
    documents: list[Document],
    pack: RulePack | None,
    matter: str | None,
    registry: Registry | None,
    today: date,
    mask: bool = True,
) -> list[Finding]:
    """Every finding of a case: uploads, field checks, and the matter's rules.

    `documents` carry their evidence (evidence.with_evidence), which decides whether a poor
    image or a low confidence needs a clerk."""
    findings = upload_findings(case, documents)
    chosen = primary_documents(documents)
    findings += field_findings(documents, chosen, today)
    findings += quality_findings(pack, documents)
    findings += originals_findings(pack, documents)
    if pack is None:
        findings.append(unknown_matter(matter))
        return findings
    findings += completeness(pack, documents)
    findings += low_confidence(pack, chosen)
    if pack.requires_registry and registry is None:
        findings.append(no_registry(pack))
    findings += check_rules(pack, CaseFacts(chosen, case.declared, mask), registry)
    return findings


def field_findings(
    documents: list[Document], chosen: dict[str, Document], today: date
) -> list[Finding]:
    """Check digits, dates and validity of every document, and of the ID card's two sides."""
    findings = [finding for document in documents for finding in check_document(document, today)]
    front, back = chosen.get("id_card_front"), chosen.get("id_card_back")
    if front is not None and back is not None:
        findings += check_id_card_pair(front, back, today)
    return findings


def provenance(
    case: CaseInput,
    hashes: dict[str, str | None],
    pack: RulePack | None,
    engine: str,
    registry_sha256: str | None,
    today: date,
) -> dict:
    """What the report was made from; `batch` compares it to decide a report is still valid.

    Input hashes are of the bytes that were decoded, read once (intake.read_upload).
    """
    inputs = dict(hashes)
    if case.application_sha256 is not None:
        inputs[APPLICATION_FILE] = case.application_sha256
    found = {
        "tool_version": __version__,
        "engine": engine,
        "rules_sha256": pack.sha256 if pack else None,
        "rules_file": str(pack.path) if pack else None,
        "registry_sha256": registry_sha256,
        "review_date": today.isoformat(),
        "inputs": inputs,
    }
    # The applicant a notice is addressed to, as application.json declares them.
    applicant = case.declared.get("applicant.name") or case.declared.get("enterprise.name")
    if applicant:
        found["applicant"] = applicant
    return found
