"""Evidence per field and verdicts from evidence: quality flags and misreads (no OCR)."""

from dataclasses import replace
from datetime import date

import pytest

from prereview.casework import completeness, quality_findings, upload_findings
from prereview.evidence import with_evidence
from prereview.pipeline import case_findings
from prereview.records import FAIL, INFO, OTHER, REVIEW, UNKNOWN, CaseInput, Document, Field
from prereview.registry import Registry, import_csv
from prereview.rules import load_packs
from prereview.verdict import decide, settled

BOX = (0, 0, 10, 10)
TODAY = date(2026, 11, 24)
NUMBER = "110105199003071239"


def doc(doc_type, source, quality=(), confidence=0.99, **fields):
    return Document(
        source,
        doc_type,
        {k: Field(v, confidence, BOX) for k, v in fields.items()},
        quality=tuple(quality),
    )


def front(quality=(), **fields):
    base = dict(name="王小明", sex="男", birth_date="1990-03-07", id_number=NUMBER)
    return doc("id_card_front", "front.jpg", quality, **{**base, **fields})


def back(quality=(), **fields):
    base = dict(issuing_authority="北京市公安局朝阳分局", valid_from="2016-06-07")
    base["valid_until"] = "2036-06-07"
    return doc("id_card_back", "back.jpg", quality, **{**base, **fields})


def licence(quality=(), **fields):
    base = dict(
        credit_code="91110105MA01ABCD13",
        name="北京云帆科技有限公司",
        legal_representative="王小明",
        established_date="2016-08-02",
        business_term_until="2066-08-01",
    )
    return doc("business_licence", "licence.jpg", quality, **{**base, **fields})


DECLARED = {
    "applicant.name": "王小明",
    "applicant.id_number": NUMBER,
    "enterprise.name": "北京云帆科技有限公司",
    "enterprise.credit_code": "91110105MA01ABCD13",
}


@pytest.fixture(scope="module")
def packs():
    return load_packs()


@pytest.fixture(scope="module")
def registry(tmp_path_factory):
    folder = tmp_path_factory.mktemp("csv")
    (folder / "persons.csv").write_text(f"id_number,name\n{NUMBER},王小明\n", "utf-8")
    (folder / "enterprises.csv").write_text(
        "credit_code,name,legal_representative,status\n"
        "91110105MA01ABCD13,北京云帆科技有限公司,王小明,active\n",
        "utf-8",
    )
    (folder / "properties.csv").write_text(
        "certificate_number,unit_number,owner,location,status\n", "utf-8"
    )
    db = tmp_path_factory.mktemp("db") / "registry.db"
    import_csv(folder, db)
    return Registry.open(db)


def verdict_of(documents, pack, registry, declared=DECLARED):
    """The verdict and findings of a case made of these documents, as `check` decides them."""
    case = CaseInput("case", "", tuple(d.source for d in documents), pack.matter, declared)
    documents = with_evidence(documents, declared, pack, registry)
    findings = case_findings(case, documents, pack, pack.matter, registry, TODAY)
    findings = settled(findings, documents, pack.thresholds.min_confidence)
    return decide(findings), findings


def evidence(documents, source, name):
    return next(d for d in documents if d.source == source).fields[name].evidence


def test_every_source_of_evidence(packs, registry):
    pack = packs["enterprise-subsidy"]
    documents = with_evidence([front(), back(), licence()], DECLARED, pack, registry)
    assert evidence(documents, "front.jpg", "id_number") == ("check_digit", "registry", "declared")
    assert evidence(documents, "front.jpg", "birth_date") == ("id_number",)
    assert evidence(documents, "front.jpg", "sex") == ("id_number",)
    assert set(evidence(documents, "front.jpg", "name")) == {"registry", "declared", "document"}
    assert evidence(documents, "back.jpg", "valid_until") == ("other_side",)
    assert set(evidence(documents, "licence.jpg", "credit_code")) == {
        "check_digit",
        "registry",
        "declared",
    }
    assert evidence(documents, "licence.jpg", "legal_representative") == ("registry", "document")
    assert evidence(documents, "licence.jpg", "business_term_until") == ("term_years",)
    odd_term = with_evidence([licence(business_term_until="2066-03-15")], {}, pack, registry)
    assert evidence(odd_term, "licence.jpg", "business_term_until") == ()


def test_disagreeing_values_are_not_evidence(packs, registry):
    pack = packs["id-verification"]
    documents = with_evidence(
        [front(name="王小鸣", sex="女"), back(valid_until="2026-06-07")], DECLARED, pack, registry
    )
    assert evidence(documents, "front.jpg", "name") == ()
    assert evidence(documents, "front.jpg", "sex") == ()
    assert evidence(documents, "back.jpg", "valid_until") == ()


def test_poor_image_with_corroborated_values_is_info_not_review(packs, registry):
    pack = packs["id-verification"]
    verdict, findings = verdict_of([front(["blurred"]), back(["over_exposed"])], pack, registry)
    assert verdict == "pass"
    poor = [f for f in findings if f.rule == "case.poor_quality"]
    assert [f.severity for f in poor] == [INFO, INFO]


def test_poor_image_with_an_uncorroborated_value_is_review_naming_it(packs, registry):
    pack = packs["enterprise-subsidy"]
    documents = [front(), back(), licence(["blurred"], business_term_until="2066-03-15")]
    verdict, findings = verdict_of(documents, pack, registry)
    assert verdict == "review"
    (poor,) = [f for f in findings if f.rule == "case.poor_quality"]
    assert poor.severity == REVIEW
    assert poor.fields == ("business_licence.business_term_until",)
    assert "2066-03-15" in poor.message
    # A term of whole years from the establishment date corroborates both dates.
    verdict, _ = verdict_of([front(), back(), licence(["blurred"])], pack, registry)
    assert verdict == "pass"
    # 长期 is never what a misread date turns into.
    verdict, _ = verdict_of(
        [front(), back(), licence(["blurred"], business_term_until="长期")], pack, registry
    )
    assert verdict == "pass"


def test_range_start_misread_as_term_end_is_review_not_fail(packs, registry):
    pack = packs["enterprise-subsidy"]
    misread = licence(["over_exposed"], business_term_until="2016-08-02")
    verdict, findings = verdict_of([front(), back(), misread], pack, registry)
    assert verdict == "review"
    assert "licence.expired" not in {f.rule for f in findings}


def test_fail_on_an_uncorroborated_value_of_a_poor_image_is_review(packs, registry):
    pack = packs["enterprise-subsidy"]
    expired = licence(["blurred"], business_term_until="2024-05-01")
    verdict, findings = verdict_of([front(), back(), expired], pack, registry)
    assert verdict == "review"
    (finding,) = [f for f in findings if f.rule == "licence.expired"]
    assert finding.severity == REVIEW
    assert "2024-05-01" in finding.message and "模糊" in finding.message
    assert "blurred" in finding.message_en
    # The same value read with confidence from a clean page is a definite defect.
    verdict, _ = verdict_of([front(), back(), replace(expired, quality=())], pack, registry)
    assert verdict == "fail"


def test_fail_on_a_corroborated_value_stays_fail_on_a_poor_image(packs, registry):
    pack = packs["id-verification"]
    # Issued at 25 for 10 years, expired: both sides agree, so the blur changes nothing.
    old = back(["blurred"], valid_from="2015-03-01", valid_until="2025-03-01")
    verdict, findings = verdict_of([front(birth_date="1990-03-07"), old], pack, registry)
    assert verdict == "fail"
    assert [f.rule for f in findings if f.severity == FAIL] == ["id.expired"]


def test_low_confidence_fail_names_the_value_and_the_reason(packs, registry):
    pack = packs["id-verification"]
    shaky = doc("id_card_front", "front.jpg", confidence=0.5, name="王小明", sex="男",
                birth_date="1990-03-07", id_number="110105199003071238")  # fmt: skip
    verdict, findings = verdict_of([shaky, back()], pack, registry, {})
    assert verdict == "review"
    (check,) = [f for f in findings if f.rule == "id.check_digit"]
    assert check.severity == REVIEW
    assert "0.50" in check.message and "110105199003071238" not in check.message


def test_blank_page_or_other_paper_beside_a_missing_document_is_fail(packs):
    pack = packs["id-verification"]
    blank = Document("scan.jpg", UNKNOWN, quality=("blank",))
    other = Document("hukou.jpg", OTHER, looks_like="居民户口簿 household register")
    unreadable = Document("dark.jpg", UNKNOWN, quality=("too_dark", "unreadable"))
    documents = [front(), blank, other]
    assert [f.severity for f in completeness(pack, documents)] == [FAIL]
    assert [f.severity for f in completeness(pack, [*documents, unreadable])] == [REVIEW]
    case = CaseInput("case", "", ("front.jpg", "scan.jpg", "hukou.jpg"))
    uploads = {f.rule: f for f in upload_findings(case, documents)}
    assert uploads["case.blank_page"].severity == INFO
    assert uploads["case.other_document"].severity == INFO
    assert "户口簿" in uploads["case.other_document"].message


def test_quality_of_unrecognised_pages_is_not_a_quality_finding(packs):
    pack = packs["id-verification"]
    pages = [Document("x.jpg", UNKNOWN, quality=("blurred", "unreadable"))]
    assert quality_findings(pack, pages) == []
