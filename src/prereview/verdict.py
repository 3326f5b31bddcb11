"""Findings -> pass / fail / review: the one place a verdict is decided.

`fail` needs a definite defect; whatever the tool is not sure of is `review`; `pass` only
when no rule found anything. A failed rule that rests on a field the OCR read with low
confidence is not definite: it becomes `review`, so a misread digit never fails an
honest applicant, and nothing uncertain ever passes.
"""

from __future__ import annotations

from dataclasses import replace

from .records import FAIL, PASS, REVIEW, Document, Finding

LOW_CONFIDENCE_NOTE = "（识别置信度低，请人工核对原件。 Low OCR confidence: check the original.）"


def settled(
    findings: list[Finding], documents: list[Document], min_confidence: float
) -> list[Finding]:
    """Findings with every `fail` that rests on a low-confidence field turned into `review`."""
    confidence = _confidences(documents)
    out = []
    for finding in findings:
        shaky = [name for name in finding.fields if confidence.get(name, 1.0) < min_confidence]
        if finding.severity == FAIL and shaky:
            finding = replace(
                finding, severity=REVIEW, message=finding.message + LOW_CONFIDENCE_NOTE
            )
        out.append(finding)
    return out


def _confidences(documents: list[Document]) -> dict[str, float]:
    """Lowest confidence per `<doc type>.<field>` over the documents of the case."""
    lowest: dict[str, float] = {}
    for document in documents:
        for name, found in document.fields.items():
            key = f"{document.type}.{name}"
            lowest[key] = min(lowest.get(key, 1.0), found.confidence)
    return lowest


def decide(findings: list[Finding]) -> str:
    """fail if any finding is a definite defect, else review if any is unsure, else pass."""
    severities = {finding.severity for finding in findings}
    if FAIL in severities:
        return FAIL
    if REVIEW in severities:
        return REVIEW
    return PASS
