"""The committed sample cases and registry: verdicts, valid honest numbers, planted defects."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest
from stdnum.cn import ric, uscc

from prereview.samples.cases import (
    CASES,
    ENTERPRISE_HEADER,
    PERSON_HEADER,
    PROPERTY_HEADER,
    generate_cases,
)

SAMPLES = Path(__file__).resolve().parents[2] / "sample_docs"
CASES_DIR = SAMPLES / "cases"
REGISTRY_DIR = SAMPLES / "registry"
TODAY = date(2026, 11, 24)
SCAN_SUFFIXES = {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp", ".webp", ".pdf"}
HONEST = [spec.folder for spec in CASES if spec.verdict == "pass"]


def load(folder: str, name: str) -> dict:
    return json.loads((CASES_DIR / folder / name).read_text("utf-8"))


def declared(folder: str) -> dict[str, str]:
    return load(folder, "application.json")["declared"]


def documents(folder: str, doc_type: str) -> list[dict]:
    """The ground-truth fields of every document of `doc_type` in the case."""
    return [
        d["fields"] for d in load(folder, "expected.json")["documents"] if d["type"] == doc_type
    ]


def read_table(name: str) -> tuple[list[str], list[dict[str, str]]]:
    with (REGISTRY_DIR / name).open(encoding="utf-8", newline="") as table:
        reader = csv.DictReader(table)
        return list(reader.fieldnames or ()), list(reader)


@pytest.fixture(scope="module")
def persons() -> dict[str, str]:
    return {row["id_number"]: row["name"] for row in read_table("persons.csv")[1]}


@pytest.fixture(scope="module")
def enterprises() -> dict[str, dict[str, str]]:
    return {row["credit_code"]: row for row in read_table("enterprises.csv")[1]}


@pytest.fixture(scope="module")
def properties() -> dict[str, dict[str, str]]:
    return {row["certificate_number"]: row for row in read_table("properties.csv")[1]}


def test_every_case_is_committed_with_readme():
    folders = sorted(p.name for p in CASES_DIR.iterdir() if (p / "expected.json").is_file())
    assert folders == sorted(spec.folder for spec in CASES)
    readme = (CASES_DIR / "README.md").read_text("utf-8")
    assert all(f"`{spec.folder}`" in readme for spec in CASES)


def test_case_folders_stay_small():
    size = sum(p.stat().st_size for p in CASES_DIR.rglob("*") if p.is_file())
    assert size < 8 * 1024 * 1024


@pytest.mark.parametrize("spec", CASES, ids=lambda spec: spec.folder)
def test_case_has_expected_verdict_and_scans(spec):
    expected = load(spec.folder, "expected.json")
    assert expected["verdict"] in ("pass", "fail", "review")
    assert (expected["verdict"], expected["rules"]) == (spec.verdict, list(spec.rules))
    assert expected["today"] == TODAY.isoformat()
    assert expected["defect"]
    scans = [p.name for p in (CASES_DIR / spec.folder).iterdir() if p.suffix in SCAN_SUFFIXES]
    assert scans
    assert {d["source"].split("#")[0] for d in expected["documents"]} == set(scans)
    application = CASES_DIR / spec.folder / "application.json"
    if spec.matter is None:
        assert not application.exists()
    else:
        assert load(spec.folder, "application.json")["matter"] == spec.matter


def test_registry_headers():
    assert read_table("persons.csv")[0] == list(PERSON_HEADER)
    assert read_table("enterprises.csv")[0] == list(ENTERPRISE_HEADER)
    assert read_table("properties.csv")[0] == list(PROPERTY_HEADER)


def test_registry_holds_name_neighbours(persons):
    names = list(persons.values())
    near = [
        (a, b)
        for i, a in enumerate(names)
        for b in names[i + 1 :]
        if len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) == 1
    ]
    assert len(near) >= 3


@pytest.mark.parametrize("folder", HONEST)
def test_honest_case_is_valid_and_registered(folder, persons, enterprises, properties):
    form = declared(folder)
    number = form["applicant.id_number"]
    # ric.is_valid also rejects genuine pre-1984 division codes (docs/documents.md).
    assert ric.calc_check_digit(number) == number[17]
    assert persons[number] == form["applicant.name"]
    for back in documents(folder, "id_card_back"):
        until = back["valid_until"]
        assert until == "长期" or date.fromisoformat(until) > TODAY
    for licence in documents(folder, "business_licence"):
        assert uscc.is_valid(licence["credit_code"])
        assert enterprises[licence["credit_code"]]["status"] == "active"
        assert licence["legal_representative"] == form["applicant.name"]
        term = licence["business_term_until"]
        assert term == "长期" or date.fromisoformat(term) > TODAY
    for deed in documents(folder, "property_deed"):
        row = properties[deed["certificate_number"]]
        assert row["status"] in ("normal", "mortgaged")
        assert row["owner"] == deed["owner"]
        owners = deed["owner"].split("、")
        licences = [licence["name"] for licence in documents(folder, "business_licence")]
        assert form["applicant.name"] in owners or set(licences) & set(owners)


def test_honest_cases_cover_two_owners_and_a_mortgage(properties):
    deed = documents("housing-fund-withdrawal-ok", "property_deed")[0]
    assert deed["owner"].split("、")[1] == declared("housing-fund-withdrawal-ok")["applicant.name"]
    premises = documents("business-premises-ok", "property_deed")[0]
    assert properties[premises["certificate_number"]]["status"] == "mortgaged"


def test_id_missing_back_has_only_a_front():
    assert documents("id-missing-back", "id_card_back") == []
    assert len(documents("id-missing-back", "id_card_front")) == 1


def test_id_expired_card(persons):
    back = documents("id-expired", "id_card_back")[0]
    assert (back["valid_from"], back["valid_until"]) == ("2015-03-01", "2025-03-01")
    birth = date.fromisoformat(documents("id-expired", "id_card_front")[0]["birth_date"])
    age = 2015 - birth.year - ((birth.month, birth.day) > (3, 1))
    assert 16 <= age <= 25
    assert declared("id-expired")["applicant.id_number"] in persons


def test_id_tampered_check_digit(persons):
    number = documents("id-tampered-check-digit", "id_card_front")[0]["id_number"]
    assert number == declared("id-tampered-check-digit")["applicant.id_number"]
    correct = number[:17] + ric.calc_check_digit(number)
    assert correct != number
    assert number not in persons
    assert persons[correct] == declared("id-tampered-check-digit")["applicant.name"]


def test_id_birth_date_mismatch():
    front = documents("id-birth-date-mismatch", "id_card_front")[0]
    assert ric.calc_check_digit(front["id_number"]) == front["id_number"][17]
    assert front["birth_date"].replace("-", "") != front["id_number"][6:14]


def test_subsidy_different_legal_rep(enterprises):
    licence = documents("subsidy-different-legal-rep", "business_licence")[0]
    front = documents("subsidy-different-legal-rep", "id_card_front")[0]
    assert licence["legal_representative"] != front["name"]
    assert enterprises[licence["credit_code"]]["status"] == "active"


def test_subsidy_declared_name_mismatch():
    licence = documents("subsidy-declared-name-mismatch", "business_licence")[0]
    form = declared("subsidy-declared-name-mismatch")
    assert form["enterprise.name"] != licence["name"]
    assert form["enterprise.credit_code"] == licence["credit_code"]


def test_subsidy_code_not_in_registry(enterprises):
    code = documents("subsidy-code-not-in-registry", "business_licence")[0]["credit_code"]
    assert uscc.is_valid(code)
    assert code not in enterprises


def test_subsidy_revoked(enterprises):
    code = documents("subsidy-revoked", "business_licence")[0]["credit_code"]
    assert enterprises[code]["status"] == "revoked"


def test_housing_owner_not_applicant(properties):
    deed = documents("housing-owner-not-applicant", "property_deed")[0]
    applicant = declared("housing-owner-not-applicant")["applicant.name"]
    assert applicant not in deed["owner"].split("、")
    assert properties[deed["certificate_number"]]["owner"] == deed["owner"]


def test_housing_seized(properties):
    deed = documents("housing-seized", "property_deed")[0]
    assert properties[deed["certificate_number"]]["status"] == "seized"


def deed_image(folder: str):
    from PIL import Image

    expected = load(folder, "expected.json")
    source = next(d["source"] for d in expected["documents"] if d["type"] == "property_deed")
    return Image.open(CASES_DIR / folder / source).convert("L")


def edge_strength(grey) -> float:
    """Mean edge response at quarter size, where the sensor noise averages out."""
    from PIL import ImageFilter, ImageStat

    return ImageStat.Stat(grey.reduce(4).filter(ImageFilter.FIND_EDGES)).mean[0]


def test_unreadable_deed_is_dark_and_flat():
    from PIL import ImageStat

    grey = deed_image("housing-unreadable-scan")
    assert ImageStat.Stat(grey).mean[0] < 80
    assert edge_strength(grey) < 0.25 * edge_strength(deed_image("housing-seized"))


def test_premises_wrong_document_has_no_deed():
    assert documents("premises-wrong-document", "property_deed") == []
    assert len(documents("premises-wrong-document", "unknown")) == 1


def test_copy_page_holds_both_sides():
    sources = [d["source"] for d in load("housing-id-copy-page", "expected.json")["documents"]]
    assert {"copy.jpg#d1", "copy.jpg#d2"} <= set(sources)


def json_files(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): p.read_text("utf-8")
        for p in sorted(folder.rglob("*"))
        if p.suffix in (".json", ".csv", ".md")
    }


def test_generation_is_deterministic(tmp_path):
    only = {"id-tampered-check-digit", "subsidy-revoked"}
    first, second = tmp_path / "a", tmp_path / "b"
    generate_cases(first / "cases", first / "registry", seed=7, only=only)
    generate_cases(second / "cases", second / "registry", seed=7, only=only)
    assert json_files(first) == json_files(second)
    for name in only:
        for scan in (first / "cases" / name).glob("*.jpg"):
            assert scan.read_bytes() == (second / "cases" / name / scan.name).read_bytes()


def test_committed_cases_match_the_generator(tmp_path):
    generate_cases(tmp_path / "cases", tmp_path / "registry", only={"id-expired"})
    fresh = json_files(tmp_path)
    committed = {**json_files(SAMPLES / "cases"), **json_files(SAMPLES / "registry")}
    for name, text in fresh.items():
        key = name.split("/", 1)[1]
        assert committed[key] == text, name


def test_regeneration_keeps_foreign_folders(tmp_path):
    cases_dir = tmp_path / "cases"
    (cases_dir / "mine").mkdir(parents=True)
    (cases_dir / "mine" / "notes.txt").write_text("keep", "utf-8")
    (cases_dir / "no-matter").mkdir()
    (cases_dir / "no-matter" / "expected.json").write_text("{}", "utf-8")
    (cases_dir / "no-matter" / "stale.jpg").write_bytes(b"old")
    generate_cases(cases_dir, tmp_path / "registry", only={"no-matter"})
    assert (cases_dir / "mine" / "notes.txt").read_text("utf-8") == "keep"
    assert not (cases_dir / "no-matter" / "stale.jpg").exists()
