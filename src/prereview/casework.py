"""Case-level findings that no single rule owns: missing and unreadable uploads, poor
images, documents that contradict each other, low OCR confidence, no matter, no registry.

Rule ids (stable, documented):
- `case.missing_document`: a document the matter needs is not among the uploads: `fail`, or
  `review` when some upload could not be read (it may be that document).
- `case.unreadable_document`: an upload could not be decoded or read (`review`).
- `case.refused_file`: a file refused for safety, e.g. a link out of the case folder (`review`).
- `case.poor_quality`: a recognised document is blurred, too dark, over-exposed, too small or
  cut off (`review`).
- `case.conflicting_documents`: two documents of one type disagree on a field (`review`).
- `case.low_confidence`: a field of a document the rules read was read with low confidence
  (`review`).
- `case.unknown_matter`: no matter given, or no rule pack for it (`review`).
- `case.no_registry`: the matter checks the registry and none was given (`review`).
- `case.bad_application`: application.json is not usable (`review`).
- `case.empty`: the case folder holds no uploads at all (`fail`).
"""

from __future__ import annotations

from .classify import type_label
from .normalize import fold
from .preprocess import POOR_QUALITY
from .records import FAIL, REVIEW, UNKNOWN, CaseInput, Document, Finding
from .rules import RulePack

QUALITY_LABELS = {
    "blurred": "模糊 blurred",
    "too_dark": "过暗 too dark",
    "over_exposed": "过曝 over-exposed",
    "too_small": "分辨率过低 too small",
    "border_cut": "边缘被裁切 border cut off",
}


def is_unreadable(document: Document) -> bool:
    """An upload that could not be decoded, or whose text could not be read."""
    return document.error is not None or "unreadable" in document.quality


def primary_documents(documents: list[Document]) -> dict[str, Document]:
    """The document of each type the rules read: the one with the most fields read."""
    chosen: dict[str, Document] = {}
    for document in documents:
        if document.type == UNKNOWN:
            continue
        current = chosen.get(document.type)
        if current is None or len(document.fields) > len(current.fields):
            chosen[document.type] = document
    return chosen


def upload_findings(case: CaseInput, documents: list[Document]) -> list[Finding]:
    """Findings about the uploads themselves, whatever the matter."""
    findings = []
    if case.application_error:
        findings.append(
            Finding(
                "case.bad_application",
                REVIEW,
                f"{case.application_error}；申报信息未核对。 The declared values were not checked.",
                ("application.json",),
            )
        )
    for name, reason in case.skipped:
        findings.append(Finding("case.refused_file", REVIEW, f"{name}: {reason}", (name,)))
    if not case.files and not case.skipped:
        findings.append(
            Finding(
                "case.empty",
                FAIL,
                "案件文件夹中没有上传文件，请申请人上传所需材料。 The case folder holds no uploads.",
            )
        )
    for document in documents:
        findings.extend(_document_findings(document))
    findings.extend(conflicts(documents))
    return findings


def _document_findings(document: Document) -> list[Finding]:
    if is_unreadable(document):
        reason = document.error or "图像内容无法识别 the text cannot be read"
        message = f"{document.source} 无法识别（{reason}），请重新上传清晰完整的扫描件。 Upload a clear, complete scan."
        return [Finding("case.unreadable_document", REVIEW, message, (document.source,))]
    poor = [flag for flag in document.quality if flag in POOR_QUALITY]
    if document.type == UNKNOWN or not poor:
        return []
    labels = "、".join(QUALITY_LABELS[flag] for flag in poor)
    message = f"{document.source} 图像质量差（{labels}），请人工核对，必要时请申请人重新上传。 Poor image: check by hand."
    return [
        Finding(
            "case.poor_quality",
            REVIEW,
            message,
            (document.source,),
            values={"quality": ",".join(poor)},
        )
    ]


def conflicts(documents: list[Document]) -> list[Finding]:
    """Two documents of one type that disagree on a field both show."""
    findings = []
    by_type: dict[str, list[Document]] = {}
    for document in documents:
        if document.type != UNKNOWN:
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
                findings.append(
                    Finding(
                        "case.conflicting_documents",
                        REVIEW,
                        f"两份{type_label(doc_type)}内容不一致（{', '.join(sorted(differing))}），请核对应以哪份为准。 "
                        "Two documents of the same type disagree.",
                        (first.source, other.source),
                        tuple(f"{doc_type}.{name}" for name in sorted(differing)),
                    )
                )
    return findings


def completeness(pack: RulePack, documents: list[Document]) -> list[Finding]:
    """One finding per required document that is not among the uploads."""
    present = {document.type for document in documents}
    unreadable = [document.source for document in documents if is_unreadable(document)]
    findings = []
    for doc_type, need in pack.documents.items():
        if doc_type in present:
            continue
        if unreadable:
            message = (
                f"{need['missing']}（另有上传文件无法识别，可能就是该证件 {', '.join(unreadable)} could not be read "
                "and may be this document）"
            )
            findings.append(
                Finding(
                    "case.missing_document",
                    REVIEW,
                    message,
                    tuple(unreadable),
                    values={"missing": doc_type},
                )
            )
        else:
            findings.append(
                Finding(
                    "case.missing_document", FAIL, need["missing"], values={"missing": doc_type}
                )
            )
    return findings


def low_confidence(pack: RulePack, chosen: dict[str, Document]) -> list[Finding]:
    """Fields the rules read that the OCR was not sure of."""
    floor = pack.thresholds.min_confidence
    findings = []
    for doc_type, document in chosen.items():
        if doc_type not in pack.documents:
            continue
        shaky = sorted(name for name, found in document.fields.items() if found.confidence < floor)
        if shaky:
            findings.append(
                Finding(
                    "case.low_confidence",
                    REVIEW,
                    f"{document.source} 的字段 {', '.join(shaky)} 识别置信度低，请人工核对原件。 Low OCR confidence: "
                    "check these fields on the original.",
                    (document.source,),
                    tuple(f"{doc_type}.{name}" for name in shaky),
                    {
                        f"{doc_type}.{name}": f"{document.fields[name].confidence:.2f}"
                        for name in shaky
                    },
                )
            )
    return findings


def unknown_matter(matter: str | None) -> Finding:
    """The case cannot be checked against a matter's rules."""
    if matter is None:
        message = "未指定申办事项（application.json 或 --matter），仅检查了证件本身。 No matter given: only the documents were checked."
    else:
        message = f"未知事项“{matter}”，没有对应的规则包，仅检查了证件本身。 Unknown matter '{matter}': only the documents were checked."
    return Finding("case.unknown_matter", REVIEW, message, values={"matter": matter or ""})


def no_registry(pack: RulePack) -> Finding:
    """The matter checks the registry, and no registry was given."""
    return Finding(
        "case.no_registry",
        REVIEW,
        f"事项“{pack.title}”需要核对登记库，但未提供登记库（--registry）。 No registry given: registry rules were not checked.",
    )
