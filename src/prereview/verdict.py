"""Findings -> pass / fail / review: the one place a verdict is decided.

`fail` needs a definite defect: every value a failed rule rests on is either corroborated
(its `evidence`, see evidence.py) or read with confidence from a document without quality
flags. Otherwise the finding becomes `review` and says which value the clerk should check
on the original, and why: a misread never fails an honest applicant. `info` findings never
change the verdict; `pass` only when nothing is `fail` or `review`.
"""

from __future__ import annotations

from dataclasses import replace

from .classify import type_wording
from .messages import Wording, wording
from .normalize import mask_text
from .preprocess import POOR_QUALITY, quality_wording
from .records import FAIL, PASS, REVIEW, Document, Field, Finding


def settled(
    findings: list[Finding], documents: list[Document], min_confidence: float
) -> list[Finding]:
    """Findings with every `fail` that rests on a doubtful value turned into `review`."""
    out = []
    for finding in findings:
        if finding.severity == FAIL:
            doubts = _doubts(finding, documents, min_confidence)
            if doubts:
                said = wording(
                    "%(message)s (not definite: check these values on the original: %(doubts)s.)",
                    message=Wording(finding.message, finding.message_en or finding.message),
                    doubts=Wording(
                        "；".join(doubt.zh for doubt in doubts),
                        "; ".join(doubt.en for doubt in doubts),
                    ),
                )
                finding = replace(finding, severity=REVIEW, message=said.zh, message_en=said.en)
        out.append(finding)
    return out


def _doubts(finding: Finding, documents: list[Document], min_confidence: float) -> list[Wording]:
    """Why each value the finding rests on is not firm (empty when all are)."""
    doubts = []
    for ref in finding.fields:
        located = _located(ref, finding, documents)
        if located is None:
            continue
        document, found = located
        reason = _weakness(document, found, min_confidence)
        if reason:
            name = ref.partition(".")[2]
            # The clerk reads the number on the original; the message never shows it whole.
            doubts.append(
                wording(
                    "%(document)s %(field)s '%(value)s' %(reason)s",
                    document=type_wording(document.type),
                    field=name,
                    value=mask_text(found.value),
                    reason=reason,
                )
            )
    return doubts


def _located(
    ref: str, finding: Finding, documents: list[Document]
) -> tuple[Document, Field] | None:
    """The document and field a `<doc type>.<field>` of a finding refers to."""
    doc_type, _, name = ref.partition(".")
    candidates = [d for d in documents if d.type == doc_type and name in d.fields]
    named = [d for d in candidates if d.source in finding.documents]
    for document in named or candidates:
        return document, document.fields[name]
    return None


def _weakness(document: Document, found: Field, min_confidence: float) -> Wording | None:
    if found.evidence:
        return None
    poor = [flag for flag in document.quality if flag in POOR_QUALITY]
    if found.confidence < min_confidence:
        return wording(
            "read with low confidence (%(confidence)s), uncorroborated",
            confidence=format(found.confidence, ".2f"),
        )
    if poor:
        return wording(
            "poor image (%(quality)s), uncorroborated",
            quality=quality_wording(poor),
        )
    return None


def decide(findings: list[Finding]) -> str:
    """fail if any finding is a definite defect, else review if any is unsure, else pass."""
    severities = {finding.severity for finding in findings}
    if FAIL in severities:
        return FAIL
    if REVIEW in severities:
        return REVIEW
    return PASS
