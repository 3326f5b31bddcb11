"""Case-level findings that no single rule owns: missing and unreadable uploads, poor
images, documents that contradict each other, low OCR confidence, no matter, no registry.

Rule ids (stable, documented):
- `case.missing_document`: a document the matter needs is not among the uploads: `fail`, or
  `review` when some upload could not be read (it may be that document). A blank page or a
  legible page of another kind cannot be the missing document: `fail`.
- `case.unreadable_document`: an upload could not be decoded or read (`review`).
- `case.blank_page`: an upload is a blank or near-blank page (`info`; what is missing is
  reported by `case.missing_document`).
- `case.other_document`: a legible page that is none of the document types, e.g. a 户口簿
  (`info`).
- `case.refused_file`: a file refused for safety, e.g. a link out of the case folder (`review`).
- `case.poor_quality`: a recognised document is blurred, too dark, over-exposed, too small or
  cut off. Image quality is evidence, not a verdict: `review` only when a field the matter's
  rules read on that document is missing or not corroborated (evidence.py), otherwise `info`.
- `case.conflicting_documents`: two documents of one type disagree on a field (`review`).
- `case.low_confidence`: a field of a document the rules read was read with low confidence:
  `review` when a rule reads it and nothing corroborates it, otherwise `info`.
- `case.unknown_matter`: no matter given, or no rule pack for it (`review`).
- `case.no_registry`: the matter checks the registry and none was given (`review`).
- `case.bad_application`: application.json is not usable (`review`).
- `case.empty`: the case folder holds no uploads at all (`fail`).
"""

from __future__ import annotations

from .classify import type_wording
from .messages import Wording, data_label, joined, wording
from .normalize import fold, mask_text
from .preprocess import POOR_QUALITY, quality_wording
from .records import (
    FAIL,
    FIELDS_BY_TYPE,
    INFO,
    OTHER,
    REVIEW,
    UNKNOWN,
    CaseInput,
    Document,
    Finding,
)
from .rules import RulePack, as_refs
from .validate import LONG_TERM

# Fields whose misread could hide a defect even when every comparison agrees: the ends of
# validity periods (expiry) and what the ID number is checked against.
CHECKED_FIELDS = (
    "id_card_front.id_number",
    "id_card_front.birth_date",
    "id_card_front.sex",
    "id_card_back.valid_until",
    "business_licence.business_term_until",
)


def is_unreadable(document: Document) -> bool:
    """An upload that could not be decoded, or whose text could not be read."""
    return document.error is not None or "unreadable" in document.quality


def is_blank(document: Document) -> bool:
    """A blank or near-blank page: it cannot be any document."""
    return "blank" in document.quality


def primary_documents(documents: list[Document]) -> dict[str, Document]:
    """The document of each type the rules read: the one with the most fields read."""
    chosen: dict[str, Document] = {}
    for document in documents:
        if document.type in (UNKNOWN, OTHER):
            continue
        current = chosen.get(document.type)
        if current is None or len(document.fields) > len(current.fields):
            chosen[document.type] = document
    return chosen


def upload_findings(case: CaseInput, documents: list[Document]) -> list[Finding]:
    """Findings about the uploads themselves, whatever the matter."""
    findings = []
    if case.application_error:
        said = wording(
            "%(problem)s: the declared values were not checked.",
            problem=data_label(case.application_error),
        )
        findings.append(
            Finding(
                "case.bad_application",
                REVIEW,
                said.zh,
                ("application.json",),
                message_en=said.en,
            )
        )
    for name, reason in case.skipped:
        said = wording("%(file)s: %(reason)s", file=name, reason=data_label(reason))
        findings.append(Finding("case.refused_file", REVIEW, said.zh, (name,), message_en=said.en))
    if not case.files and not case.skipped:
        said = wording("The case folder holds no uploads: the applicant must upload the documents.")
        findings.append(Finding("case.empty", FAIL, said.zh, message_en=said.en))
    for document in documents:
        findings.extend(_upload_finding(document))
    findings.extend(conflicts(documents))
    return findings


def _upload_finding(document: Document) -> list[Finding]:
    if is_blank(document):
        said = wording(
            "%(file)s is a blank page, none of the documents needed.", file=document.source
        )
        return [Finding("case.blank_page", INFO, said.zh, (document.source,), message_en=said.en)]
    if is_unreadable(document):
        reason = (
            data_label(document.error) if document.error else wording("the text cannot be read")
        )
        said = wording(
            "%(file)s cannot be read (%(reason)s): upload a clear, complete scan.",
            file=document.source,
            reason=reason,
        )
        return [
            Finding(
                "case.unreadable_document",
                REVIEW,
                said.zh,
                (document.source,),
                message_en=said.en,
            )
        ]
    if document.type == OTHER:
        kind = (
            data_label(document.looks_like)
            if document.looks_like
            else wording("another kind of paper")
        )
        said = wording(
            "%(file)s is not one of the documents prereview reads (it looks like %(kind)s):"
            " not checked.",
            file=document.source,
            kind=kind,
        )
        return [
            Finding(
                "case.other_document",
                INFO,
                said.zh,
                (document.source,),
                values={"looks_like": kind.zh},
                message_en=said.en,
            )
        ]
    return []


def quality_findings(pack: RulePack | None, documents: list[Document]) -> list[Finding]:
    """Poor images of recognised documents: `review` only where a value the rules read on
    that document is missing or uncorroborated, `info` otherwise."""
    read = fields_read(pack) if pack is not None else set()
    findings = []
    for document in documents:
        poor = [flag for flag in document.quality if flag in POOR_QUALITY]
        if not poor or document.type in (UNKNOWN, OTHER) or is_unreadable(document):
            continue
        weak = [
            name
            for name in FIELDS_BY_TYPE.get(document.type, ())
            if f"{document.type}.{name}" in read and not _corroborated(document, name)
        ]
        findings.append(_quality_finding(document, poor, weak))
    return findings


def _corroborated(document: Document, name: str) -> bool:
    found = document.fields.get(name)
    if found is None:
        return False
    # 长期 (no end) is never what a misread date turns into.
    return bool(found.evidence) or found.value == LONG_TERM


def _quality_finding(document: Document, poor: list[str], weak: list[str]) -> Finding:
    labels = quality_wording(poor)
    values = {"quality": ",".join(poor)}
    if not weak:
        said = wording(
            "%(file)s is a poor image (%(quality)s), but every value the rules use is"
            " corroborated: the verdict stands.",
            file=document.source,
            quality=labels,
        )
        return Finding(
            "case.poor_quality",
            INFO,
            said.zh,
            (document.source,),
            values=values,
            message_en=said.en,
        )
    said = wording(
        "%(file)s is a poor image (%(quality)s), and these values are missing or not"
        " corroborated: check them on the original: %(values)s.",
        file=document.source,
        quality=labels,
        values=joined([_field_text(document, name) for name in weak]),
    )
    fields = tuple(f"{document.type}.{name}" for name in weak)
    for name in weak:
        if name in document.fields:
            values[f"{document.type}.{name}"] = document.fields[name].value
    return Finding(
        "case.poor_quality", REVIEW, said.zh, (document.source,), fields, values, said.en
    )


def _field_text(document: Document, name: str) -> Wording:
    found = document.fields.get(name)
    if found is None:
        return wording("%(field)s (not read)", field=name)
    return Wording(f"{name}={found.value}", f"{name}={found.value}")


def fields_read(pack: RulePack) -> set[str]:
    """`<doc type>.<field>` of every value the pack's rules and the expiry checks read."""
    refs: set[str] = set()
    for rule in pack.consistency:
        refs.update(as_refs(rule["left"]))
        refs.add(rule["right"])
    for rule in pack.registry:
        refs.add(rule["key"])
        refs.update(agree["with"] for agree in rule.get("agree", ()))
    refs.update(CHECKED_FIELDS)
    return {ref for ref in refs if ref.partition(".")[0] in pack.documents}


def conflicts(documents: list[Document]) -> list[Finding]:
    """Two documents of one type that disagree on a field both show."""
    findings = []
    by_type: dict[str, list[Document]] = {}
    for document in documents:
        if document.type not in (UNKNOWN, OTHER):
            by_type.setdefault(document.type, []).append(document)
    for doc_type, group in by_type.items():
        first = group[0]
        for other in group[1:]:
            differing = [
                name
                for name in first.fields.keys() & other.fields.keys()
                if fold(first.fields[name].value) != fold(other.fields[name].value)
            ]
            if differing:
                shown = "; ".join(
                    f"{name}: {mask_text(first.fields[name].value)} / {mask_text(other.fields[name].value)}"
                    for name in sorted(differing)
                )
                said = wording(
                    "Two documents of type %(document)s disagree (%(values)s): check which one"
                    " holds.",
                    document=type_wording(doc_type),
                    values=Wording(shown.replace("; ", "；"), shown),
                )
                findings.append(
                    Finding(
                        "case.conflicting_documents",
                        REVIEW,
                        said.zh,
                        (first.source, other.source),
                        tuple(f"{doc_type}.{name}" for name in sorted(differing)),
                        message_en=said.en,
                    )
                )
    return findings


def completeness(pack: RulePack, documents: list[Document]) -> list[Finding]:
    """One finding per required document that is not among the uploads; `review` only when
    an unreadable upload may be that document (a blank page or another paper cannot be)."""
    present = {document.type for document in documents}
    unreadable = [
        document.source
        for document in documents
        if is_unreadable(document) and not is_blank(document) and document.type != OTHER
    ]
    findings = []
    for doc_type, need in pack.documents.items():
        if doc_type in present:
            continue
        if unreadable:
            said = wording(
                "%(missing)s (an upload that cannot be read may be this document: %(files)s)",
                missing=data_label(need["missing"]),
                files=Wording("、".join(unreadable), ", ".join(unreadable)),
            )
            findings.append(
                Finding(
                    "case.missing_document",
                    REVIEW,
                    said.zh,
                    tuple(unreadable),
                    values={"missing": doc_type},
                    message_en=said.en,
                )
            )
        else:
            said = data_label(need["missing"])
            findings.append(
                Finding(
                    "case.missing_document",
                    FAIL,
                    said.zh,
                    values={"missing": doc_type},
                    message_en=said.en,
                )
            )
    return findings


def low_confidence(pack: RulePack, chosen: dict[str, Document]) -> list[Finding]:
    """Fields of the matter's documents that the OCR was not sure of: `review` for those a
    rule reads and nothing corroborates, `info` for the rest."""
    floor = pack.thresholds.min_confidence
    read = fields_read(pack)
    findings = []
    for doc_type, document in chosen.items():
        if doc_type not in pack.documents:
            continue
        shaky = sorted(name for name, found in document.fields.items() if found.confidence < floor)
        doubtful = [
            name
            for name in shaky
            if f"{doc_type}.{name}" in read and not _corroborated(document, name)
        ]
        harmless = [name for name in shaky if name not in doubtful]
        if doubtful:
            findings.append(_low_confidence(document, doubtful, REVIEW))
        if harmless:
            findings.append(_low_confidence(document, harmless, INFO))
    return findings


def _low_confidence(document: Document, names: list[str], severity: str) -> Finding:
    shown = joined(
        [
            Wording(
                f"{name}“{mask_text(document.fields[name].value)}”（{document.fields[name].confidence:.2f}）",
                f"{name} '{mask_text(document.fields[name].value)}' ({document.fields[name].confidence:.2f})",
            )
            for name in names
        ]
    )
    if severity == REVIEW:
        said = wording(
            "%(file)s: fields %(fields)s were read with low confidence and nothing corroborates"
            " them: check them on the original.",
            file=document.source,
            fields=shown,
        )
    else:
        said = wording(
            "%(file)s: fields %(fields)s were read with low confidence, but no rule relies on"
            " them uncorroborated.",
            file=document.source,
            fields=shown,
        )
    return Finding(
        "case.low_confidence",
        severity,
        said.zh,
        (document.source,),
        tuple(f"{document.type}.{name}" for name in names),
        {f"{document.type}.{name}": f"{document.fields[name].confidence:.2f}" for name in names},
        said.en,
    )


def unknown_matter(matter: str | None) -> Finding:
    """The case cannot be checked against a matter's rules."""
    if matter is None:
        said = wording("No matter given: only the documents themselves were checked.")
    else:
        said = wording(
            "Unknown matter '%(matter)s', no rule pack for it: only the documents themselves"
            " were checked.",
            matter=matter,
        )
    return Finding(
        "case.unknown_matter", REVIEW, said.zh, values={"matter": matter or ""}, message_en=said.en
    )


def no_registry(pack: RulePack) -> Finding:
    """The matter checks the registry, and no registry was given."""
    said = wording(
        "The matter '%(matter)s' checks the registry, and no registry was given: the registry"
        " rules were not checked.",
        matter=data_label(pack.title),
    )
    return Finding("case.no_registry", REVIEW, said.zh, message_en=said.en)
