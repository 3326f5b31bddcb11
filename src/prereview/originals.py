"""Authenticity signals -> findings: is what was uploaded the original the matter asks for?

A raised signal (authenticity.py) says the upload may be a photocopy, a photo of a screen, a
file an image editor wrote, or a licence without its seal. It is advisory: the decision stays
the clerk's. Where the matter's pack requires originals (`originals_required`), the finding
is `review` (the clerk checks the original); otherwise it is `info`. Never `fail`: a signal
is a measurement of pixels and bytes, not a defect the applicant is known to have.

Rule ids (stable, documented in docs/clerk-guide.md):
- `authenticity.photocopy`: a colour document captured without its colour (a copy).
- `authenticity.screen`: a photo of a screen (pixel grid, moiré).
- `authenticity.edited`: the file's metadata names an image editor.
- `authenticity.no_seal`: a business licence without its red seal.
"""

from __future__ import annotations

from .authenticity import EDITED, NO_SEAL, PHOTOCOPY, SCREEN
from .classify import type_wording
from .messages import N_, Wording, wording
from .records import INFO, REVIEW, Document, Finding, Signal
from .rules import RulePack

# Only these signals are about the original; `not_a_document` retypes the page instead
# (the page becomes `other`, and what is missing is case.missing_document's).
RULES = {name: f"authenticity.{name}" for name in (PHOTOCOPY, SCREEN, EDITED, NO_SEAL)}

# What the applicant is asked for, per signal, with the signal's evidence (msgids of the
# zh_CN catalogue; what the clerk checks on the original is in report/clerk_checks.py).
CHECKS = {
    PHOTOCOPY: N_(
        "%(file)s (%(document)s) looks like a photocopy or a grey scan: upload a colour scan or"
        " photo of the original. Evidence: %(evidence)s."
    ),
    SCREEN: N_(
        "%(file)s (%(document)s) looks like a photo of a screen: upload a colour scan or photo"
        " of the original itself. Evidence: %(evidence)s."
    ),
    EDITED: N_(
        "%(file)s (%(document)s) was saved by an image editor: upload an unedited scan or"
        " photo of the original. Evidence: %(evidence)s."
    ),
    NO_SEAL: N_(
        "%(file)s (%(document)s) shows no red seal: upload a colour scan or photo of the"
        " sealed original. Evidence: %(evidence)s."
    ),
}


def originals_findings(pack: RulePack | None, documents: list[Document]) -> list[Finding]:
    """One finding per raised signal of each document: `review` when the matter requires
    originals, `info` otherwise."""
    severity = REVIEW if pack is not None and pack.originals_required else INFO
    return [
        signal_finding(document, signal, severity)
        for document in documents
        for signal in document.authenticity
        if signal.raised and signal.name in RULES
    ]


def signal_finding(document: Document, signal: Signal, severity: str) -> Finding:
    """The finding of one raised signal of a document."""
    said = wording(
        CHECKS[signal.name],
        file=document.source,
        document=type_wording(document.type),
        # The evidence is measured words for the clerk; the log keeps the score instead.
        evidence=Wording(signal.evidence, f"score {signal.score:.2f}"),
    )
    return Finding(
        RULES[signal.name],
        severity,
        said.zh,
        (document.source,),
        values={"signal": signal.name, "score": f"{signal.score:.2f}"},
        message_en=said.en,
    )
