"""Documents and reports as the JSON of docs/report-format.md."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from ..normalize import mask_id_number, mask_text, masked
from ..records import CaseReport, Document, Finding
from .masking import document_dates, finding_dates, masked_dates, sensitive_dates

SCHEMA_VERSION = 2


MASKED_FIELDS = {("id_card_front", "id_number")}


def document_to_dict(document: Document, mask: bool = True, dates: set[str] | None = None) -> dict:
    """One document in the report's document format. Masked, its ID numbers and the birth
    dates it shows (and `dates`, those of the rest of the case) are hidden wherever they
    appear: an ID number masks its birth-date digits, so the date must not print them."""
    fields = {}
    for name, found in document.fields.items():
        value = found.value
        if mask and (document.type, name) in MASKED_FIELDS:
            value = mask_id_number(value)
        fields[name] = {
            "value": value,
            "confidence": round(found.confidence, 4),
            "box": list(found.box),
            "evidence": list(found.evidence),
        }
    data: dict = {
        "source": document.source,
        "type": document.type,
        "fields": fields,
        "quality": list(document.quality),
    }
    if document.looks_like:
        data["looks_like"] = document.looks_like
    if document.rotation:
        data["rotation"] = document.rotation
    if document.overlay_text:
        # Phrases written over the upload (仅供办理XX使用, 复印无效): a signal for the clerk.
        data["overlay_text"] = list(document.overlay_text)
    if document.error:
        data["error"] = document.error
    if document.authenticity:
        data["authenticity"] = [
            {"signal": s.name, "score": s.score, "raised": s.raised, "evidence": s.evidence}
            for s in document.authenticity
        ]
    if not mask:
        return data
    # An ID number can hide in any value (an address the number line was read into).
    return masked_dates(masked(data), document_dates(document) | (dates or set()))


def finding_to_dict(finding: Finding, mask: bool = True, dates: set[str] = frozenset()) -> dict:
    """One finding in the report format; masked, ID numbers among its values and birth
    dates (its own and `dates`) in its values and messages hidden."""
    values = {
        key: mask_id_number(value) if mask and key.endswith("id_number") and value else value
        for key, value in finding.values.items()
    }
    data = {
        "rule": finding.rule,
        "severity": finding.severity,
        "message": finding.message,
        "message_en": finding.message_en,
        "documents": list(finding.documents),
        "fields": list(finding.fields),
        "values": values,
    }
    if not mask:
        return data
    return masked_dates(masked(data), set(dates) | finding_dates(finding))


def report_to_dict(report: CaseReport, mask: bool = True) -> dict:
    """A case report in the format of docs/report-format.md (schema_version 2), with extra keys.
    Masked, no ID number and no birth date of the case appears in clear anywhere in it."""
    dates = sensitive_dates(report) if mask else set()
    return {
        "schema_version": SCHEMA_VERSION,
        "case": mask_text(report.case, mask),
        "matter": mask_text(report.matter, mask) if report.matter else report.matter,
        "verdict": report.verdict,
        "documents": [document_to_dict(document, mask, dates) for document in report.documents],
        "findings": [finding_to_dict(finding, mask, dates) for finding in report.findings],
        "provenance": masked_provenance(report.provenance, mask),
        "seconds": report.seconds,
        "masked": mask,
    }


def masked_provenance(provenance: dict, mask: bool = True) -> dict:
    """Provenance with ID numbers in file names masked; hashes are kept as they are (a
    SHA-256 in hex can hold 18 digits in a row). `batch` compares it masked the same way."""
    inputs = provenance.get("inputs")
    if not mask or not isinstance(inputs, dict):
        return provenance
    named = {mask_text(name): digest for name, digest in inputs.items()}
    return {**provenance, "inputs": named}


def write_json(path: Path, data: object) -> None:
    """Write JSON atomically: a temporary file beside the target, then a rename."""
    write_atomically(path, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))


def write_atomically(path: Path, content: bytes) -> None:
    """Write bytes so that a reader sees the old file or the whole new one, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        # mkstemp creates 0600; a report is for the clerks' group too, as umask says.
        os.chmod(temporary, 0o666 & ~current_umask())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def current_umask() -> int:
    """The process's umask. os.umask can only be read by setting it, so set it back at once;
    Linux also shows it in /proc/self/status, which is read first as it changes nothing."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
