"""Each rule kind on recorded fields (no OCR): consistency, registry, completeness, verdict."""

from dataclasses import replace
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from prereview.casework import completeness, conflicts, primary_documents, upload_findings
from prereview.records import FAIL, PASS, REVIEW, CaseInput, Document, Field, Finding
from prereview.registry import Registry, import_csv
from prereview.rules import CaseFacts, load_packs
from prereview.rules import check_rules as all_findings
from prereview.verdict import decide, settled

BOX = (0, 0, 10, 10)


def doc(doc_type, source="a.jpg", confidence=0.99, **fields):
    return Document(source, doc_type, {k: Field(v, confidence, BOX) for k, v in fields.items()})


FRONT = doc(
    "id_card_front",
    "front.jpg",
    name="王小明",
    sex="男",
    birth_date="1990-03-07",
    id_number="11010519900307123X",
)
BACK = doc("id_card_back", "back.jpg", valid_from="2016-05-12", valid_until="2036-05-12")
DEED = doc(
    "property_deed",
    "deed.jpg",
    certificate_number="京（2021）朝阳区不动产权第0012345号",
    owner="李四、王小明",
)
LICENCE = doc(
    "business_licence",
    "lic.jpg",
    credit_code="91110105MA01ABCD1X",
    name="北京云帆科技有限公司",
    legal_representative="王小明",
)


@pytest.fixture(scope="module")
def packs():
    return load_packs()


@pytest.fixture(scope="module")
def registry(tmp_path_factory):
    folder = tmp_path_factory.mktemp("csv")
    (folder / "persons.csv").write_text(
        "id_number,name\n11010519900307123X,王小明\n110105199003071001,王晓明\n", "utf-8"
    )
    (folder / "enterprises.csv").write_text(
        "credit_code,name,legal_representative,status\n91110105MA01ABCD1X,北京云帆科技有限公司,王小明,revoked\n",
        "utf-8",
    )
    (folder / "properties.csv").write_text(
        "certificate_number,unit_number,owner,location,status\n"
        "京（2021）朝阳区不动产权第0012345号,110105006001GB00123F00010001,李四、王小明,朝阳区建国路88号,mortgaged\n",
        "utf-8",
    )
    db = folder / "registry.db"
    import_csv(folder, db)
    return Registry.open(db)


def rules_of(findings):
    return sorted(finding.rule for finding in findings)


def check_rules(pack, case_facts, registry):
    """The findings of the rules a test is about: those on declared values the case does
    not give are tested apart (test_undeclared_values_*)."""
    return [
        f for f in all_findings(pack, case_facts, registry) if not f.rule.startswith("declared.")
    ]


def facts(*documents, declared=None):
    return CaseFacts({d.type: d for d in documents}, declared or {})


def test_honest_housing_case_passes_every_rule(packs, registry):
    pack = packs["housing-fund-withdrawal"]
    declared = {
        "applicant.name": "王小明",
        "property.certificate_number": "京(2021)朝阳区不动产权第0012345号",
    }
    assert check_rules(pack, facts(FRONT, BACK, DEED, declared=declared), registry) == []


def test_applicant_not_among_owners_fails(packs, registry):
    other_deed = doc(
        "property_deed",
        "deed.jpg",
        certificate_number=DEED.fields["certificate_number"].value,
        owner="李四",
    )
    findings = check_rules(
        packs["housing-fund-withdrawal"], facts(FRONT, BACK, other_deed), registry
    )
    assert "consistency.applicant_owns_property" in rules_of(findings)
    assert "registry.property_owner" in rules_of(findings)


def test_declared_number_mismatch_is_masked_in_the_message(packs, registry):
    findings = check_rules(
        packs["id-verification"],
        facts(FRONT, BACK, declared={"applicant.id_number": "110105199003071001"}),
        registry,
    )
    (finding,) = [f for f in findings if f.rule == "consistency.declared_id_number"]
    assert finding.severity == FAIL
    assert "110105199003071001" not in finding.message and "110105********1001" in finding.message


def test_name_in_grey_zone_is_review_and_a_clear_mismatch_fails(packs, registry):
    pack = packs["id-verification"]
    grey = check_rules(pack, facts(FRONT, BACK, declared={"applicant.name": "王晓明"}), registry)
    assert [(f.rule, f.severity) for f in grey] == [("consistency.declared_name", REVIEW)]
    clear = check_rules(pack, facts(FRONT, BACK, declared={"applicant.name": "赵六"}), registry)
    assert [(f.rule, f.severity) for f in clear] == [("consistency.declared_name", FAIL)]


def test_registry_key_decides_the_record_not_the_similar_name(packs, registry):
    findings = check_rules(packs["id-verification"], facts(FRONT, BACK), registry)
    assert findings == []  # 王晓明 in the registry is a neighbour; the key finds 王小明


def test_registry_rules_exists_and_status(packs, registry):
    unknown = doc(
        "id_card_front",
        "front.jpg",
        name="王小明",
        sex="男",
        birth_date="1990-03-07",
        id_number="110105199003071028",
    )
    assert rules_of(check_rules(packs["id-verification"], facts(unknown, BACK), registry)) == [
        "registry.person_exists"
    ]
    findings = check_rules(packs["enterprise-subsidy"], facts(LICENCE, FRONT, BACK), registry)
    assert rules_of(findings) == ["registry.enterprise_status"]
    assert "吊销" in findings[0].message


def test_mortgaged_property_is_allowed_and_enterprise_or_representative_may_own_premises(
    packs, registry
):
    # The fixture's enterprise is revoked; only that finding remains: the mortgaged premises
    # owned (with 李四) by the legal representative pass.
    findings = check_rules(packs["business-premises"], facts(LICENCE, DEED, FRONT), registry)
    assert rules_of(findings) == ["registry.enterprise_status"]


def test_without_registry_only_document_rules_run(packs):
    assert check_rules(packs["id-verification"], facts(FRONT, BACK), None) == []


def test_schema_required_field_unreadable_is_review(packs, registry):
    no_sex = doc(
        "id_card_front",
        "front.jpg",
        name="王小明",
        birth_date="1990-03-07",
        id_number="11010519900307123X",
    )
    findings = check_rules(packs["id-verification"], facts(no_sex, BACK), registry)
    assert [(f.rule, f.severity) for f in findings] == [("schema.required", REVIEW)]


def test_completeness_fail_or_review(packs):
    pack = packs["id-verification"]
    assert [(f.rule, f.severity) for f in completeness(pack, [FRONT])] == [
        ("case.missing_document", FAIL)
    ]
    unreadable = Document("x.jpg", "unknown", error="corrupt file")
    assert [(f.rule, f.severity) for f in completeness(pack, [FRONT, unreadable])] == [
        ("case.missing_document", REVIEW)
    ]
    landscape = Document("photo.jpg", "unknown")
    assert [f.severity for f in completeness(pack, [FRONT, landscape])] == [FAIL]


def test_two_documents_of_a_type_that_disagree_are_review():
    other = doc("id_card_front", "front2.jpg", name="王小明", id_number="110105199003071001")
    (finding,) = conflicts([FRONT, other])
    assert finding.rule == "case.conflicting_documents" and finding.severity == REVIEW
    assert primary_documents([FRONT, other])["id_card_front"] is FRONT


def test_empty_case_and_bad_application_findings():
    case = CaseInput("c", "/tmp/c", (), application_error="application.json 不是有效的 JSON")
    assert rules_of(upload_findings(case, [])) == ["case.bad_application", "case.empty"]


def test_low_confidence_turns_a_fail_into_review_and_verdicts():
    shaky = doc("id_card_front", "front.jpg", confidence=0.5, id_number="110105199003071231")
    failed = Finding(
        "id.check_digit", FAIL, "校验码错误", ("front.jpg",), ("id_card_front.id_number",)
    )
    (settled_finding,) = settled([failed], [shaky], 0.8)
    assert settled_finding.severity == REVIEW
    assert settled([failed], [FRONT], 0.8) == [failed]
    assert decide([]) == PASS
    assert decide([settled_finding]) == REVIEW
    assert decide([settled_finding, failed]) == FAIL


def test_packaged_packs_load_and_cover_the_contract_matters(packs):
    assert set(packs) >= {
        "id-verification",
        "enterprise-subsidy",
        "housing-fund-withdrawal",
        "business-premises",
    }
    for pack in packs.values():
        assert pack.sha256 and pack.requires_registry
        assert Path(pack.path).is_file()


def test_a_schema_rule_may_carry_its_own_clerk_message(packs, registry):
    pack = packs["id-verification"]
    schema = {
        "type": "object",
        "properties": {"ethnicity": {"enum": ["汉"], "message": "民族须为汉（测试用消息）"}},
    }
    validators = dict(pack.field_validators, id_card_front=Draft202012Validator(schema))
    front = doc("id_card_front", "front.jpg", name="王小明", ethnicity="回")
    findings = check_rules(replace(pack, field_validators=validators), facts(front, BACK), None)
    assert [(f.rule, f.message) for f in findings] == [("schema.field", "民族须为汉（测试用消息）")]


def test_any_declared_entity_field_is_read():
    declared = CaseFacts({}, {"guardian.name": "王小明"}).value("declared.guardian.name")
    assert declared is not None


def test_undeclared_values_are_review_when_required_and_listed_as_info(packs, registry):
    pack = packs["id-verification"]
    findings = all_findings(
        pack, facts(FRONT, BACK, declared={"applicant.name": "王小明"}), registry
    )
    required = [f for f in findings if f.rule == "declared.required"]
    assert [(f.severity, f.fields) for f in required] == [
        (REVIEW, ("declared.applicant.id_number",))
    ]
    (listed,) = [f for f in findings if f.rule == "declared.not_given"]
    assert listed.severity == "info" and "未申报，未核对" in listed.message
    assert decide(findings) == REVIEW


def test_a_case_declaring_every_required_value_gets_no_declared_finding(packs, registry):
    declared = {"applicant.name": "王小明", "applicant.id_number": FRONT.fields["id_number"].value}
    findings = all_findings(
        packs["id-verification"], facts(FRONT, BACK, declared=declared), registry
    )
    assert not [f for f in findings if f.rule.startswith("declared.")]
