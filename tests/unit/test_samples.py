"""The synthetic sample generator: valid numbers, the validity rule, complete and stable truth."""

from __future__ import annotations

import random
import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from stdnum.cn import ric, uscc
from stdnum.iso7064 import mod_11_10
from typer.testing import CliRunner

from prereview.cli.app import app
from prereview.records import FIELDS_BY_TYPE, UNKNOWN
from prereview.samples.degrade import DEGRADATIONS
from prereview.samples.faces import FACES, available_family
from prereview.samples.generate import (
    DEFAULT_SEED,
    SAMPLE_PLAN,
    generate_samples,
    read_truths,
    sample_pool,
    truth_path,
)
from prereview.samples.identities import (
    PERMANENT,
    add_years,
    make_enterprise,
    make_person,
    make_property,
    registration_number,
    upper_amount,
)
from prereview.samples.wild import (
    COVERAGE,
    DEV_SEED,
    KINDS,
    REPORT_SEED,
    generate_wild,
    wild_plan,
    write_wild_upload,
)
from prereview.validate import age_on, expected_validity_years

COMMITTED = Path(__file__).resolve().parents[2] / "sample_docs" / "documents"
UNIT_NUMBER = re.compile(r"^\d{6}\d{6}[A-Z]{2}\d{5}F\d{8}$")
SOURCE = re.compile(r"^(?P<file>[^#]+)(#p\d+)?(#d\d+)?$")


@pytest.fixture(scope="module")
def pool():
    return sample_pool(DEFAULT_SEED)


@pytest.fixture(scope="module")
def people():
    rng = random.Random(7)
    return [make_person(rng) for _ in range(300)]


def test_id_numbers_have_valid_check_digits(pool, people):
    for person in [*pool.people, *people]:
        number = person.id_number
        assert len(number) == 18
        assert ric.calc_check_digit(number) == number[17]
        assert number[:6] == person.division.code
        assert number[6:14] == f"{person.birth_date:%Y%m%d}"
        assert int(number[14:17]) % 2 == (1 if person.sex == "男" else 0)
        assert person.address.startswith(person.division.full_name)


def test_some_people_were_born_before_1984(pool):
    assert any(person.birth_date.year < 1984 for person in pool.people)


def test_card_validity_follows_age_at_issue(people):
    seen = set()
    for person in people:
        years = expected_validity_years(age_on(person.birth_date, person.valid_from))
        seen.add(years)
        if years is None:
            assert person.valid_until is None
        else:
            assert person.valid_until == add_years(person.valid_from, years)
    assert seen == {5, 10, 20, None}


@pytest.mark.parametrize(
    ("age", "years"), [(0, 5), (15, 5), (16, 10), (25, 10), (26, 20), (45, 20), (46, None)]
)
def test_validity_years_by_age(age, years):
    assert expected_validity_years(age) == years


def test_credit_codes_are_valid(pool):
    rng = random.Random(3)
    adults = [make_person(rng, birth_range=(1950, 1995)) for _ in range(200)]
    enterprises = [make_enterprise(rng, adult) for adult in adults]
    for enterprise in [*pool.enterprises, *enterprises]:
        assert uscc.is_valid(enterprise.credit_code), enterprise.credit_code
        assert enterprise.credit_code[2:8] == enterprise.division.code


def test_legal_representatives_are_adults(pool):
    people = {person.name: person for person in pool.people}
    for enterprise in pool.enterprises:
        birth = people[enterprise.legal_representative].birth_date
        assert age_on(birth, enterprise.established_date) >= 18
    with pytest.raises(ValueError, match="too young"):
        make_enterprise(random.Random(1), make_person(random.Random(2), birth_range=(2010, 2012)))


def test_unit_numbers_have_28_characters_and_the_right_shape(pool):
    rng = random.Random(5)
    properties = [make_property(rng, ["张三"]) for _ in range(100)]
    for prop in [*pool.properties, *properties]:
        assert len(prop.unit_number) == 28
        assert UNIT_NUMBER.match(prop.unit_number), prop.unit_number
        assert prop.unit_number.startswith(prop.division.code)


def test_co_ownership_agrees_with_owner_count(pool):
    for prop in pool.properties:
        if len(prop.owners) == 1:
            assert prop.co_ownership == "单独所有"
        else:
            assert prop.co_ownership in ("共同共有", "按份共有")
    assert any(len(prop.owners) == 2 for prop in pool.properties)


@pytest.mark.parametrize(("wan", "text"), [(500, "伍佰"), (1200, "壹仟贰佰"), (1050, "壹仟零伍拾")])
def test_upper_amount(wan, text):
    assert upper_amount(wan) == text


def check_truth(folder: Path, truth: dict) -> None:
    """A truth record names an existing file, valid sources and every field of its type."""
    assert (folder / truth["file"]).is_file()
    assert len(truth["degradations"]) <= 2
    for document in truth["documents"]:
        assert SOURCE.match(document["source"]).group("file") == truth["file"]
        if document["type"] == UNKNOWN:
            assert document["fields"] == {}
            continue
        fields = document["fields"]
        assert tuple(fields) == FIELDS_BY_TYPE[document["type"]]
        assert all(value and value == "".join(value.split()) for value in fields.values())
        for name, value in fields.items():
            if name.endswith(("_date", "_from", "_until")) and value != PERMANENT:
                date.fromisoformat(value)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """The first uploads of the plan, generated twice with the same seed."""
    first, second = tmp_path_factory.mktemp("a"), tmp_path_factory.mktemp("b")
    limit = 7  # covers both ID sides, both page types, an A4 copy, a PDF and a non-document
    generate_samples(first, limit=limit)
    generate_samples(second, limit=limit)
    return first, second


def test_generated_truth_is_complete(generated):
    folder = generated[0]
    truths = read_truths(folder)
    assert len(truths) == 7
    types = {doc["type"] for truth in truths for doc in truth["documents"]}
    assert types == {*FIELDS_BY_TYPE, UNKNOWN}
    for truth in truths:
        check_truth(folder, truth)


def test_generation_is_deterministic(generated):
    first, second = generated
    assert read_truths(first) == read_truths(second)
    for path in first.iterdir():
        assert path.read_bytes() == (second / path.name).read_bytes(), path.name


def test_plan_names_are_unique():
    names = [item.name for item in SAMPLE_PLAN]
    stems = [Path(name).stem for name in names]
    assert len(set(names)) == len(names) == len(set(stems))


def test_committed_set_is_large_and_mostly_degraded():
    truths = read_truths(COMMITTED)
    assert truths, f"no truth files in {COMMITTED}"
    documents = [doc for truth in truths for doc in truth["documents"]]
    degraded = [doc for truth in truths if truth["degradations"] for doc in truth["documents"]]
    assert len(documents) >= 60
    assert 2 * len(degraded) >= len(documents)
    for truth in truths:
        check_truth(COMMITTED, truth)
    total = sum(path.stat().st_size for path in COMMITTED.iterdir())
    assert total < 15 * 2**20


def test_committed_set_matches_the_generator(tmp_path):
    """The committed truth is what the generator makes with the default seed."""
    for path in generate_samples(tmp_path, limit=3):
        name = truth_path(path).name
        assert (tmp_path / name).read_text("utf-8") == (COMMITTED / name).read_text("utf-8")


def test_committed_uploads_are_byte_for_byte_the_generator(generated):
    """The fixed family is unchanged by the wild family's additions: same bytes."""
    for path in generated[0].iterdir():
        assert path.read_bytes() == (COMMITTED / path.name).read_bytes(), path.name


# --- the wild family ------------------------------------------------------------------------

WILD_COUNT = len(COVERAGE) + 4


@pytest.fixture(scope="module")
def wild(tmp_path_factory):
    """A small wild family: every forced variation and a few random uploads."""
    folder = tmp_path_factory.mktemp("wild")
    generate_wild(folder, DEV_SEED, WILD_COUNT)
    return folder


def wild_documents(folder: Path) -> list[dict]:
    return [doc for truth in read_truths(folder) for doc in truth["documents"]]


def test_wild_family_is_deterministic_per_seed(wild, tmp_path):
    specs = wild_plan(DEV_SEED, WILD_COUNT)
    again = [write_wild_upload(tmp_path, spec, DEV_SEED) for spec in specs[-3:]]
    for path in again:
        for twin in (path, truth_path(path)):
            assert twin.read_bytes() == (wild / twin.name).read_bytes(), twin.name
    assert wild_plan(DEV_SEED, 120) == wild_plan(DEV_SEED, 120)
    assert wild_plan(DEV_SEED, 120) != wild_plan(REPORT_SEED, 120)


def test_wild_family_covers_every_variation(wild):
    documents = wild_documents(wild)
    seen = {tag for doc in documents for tag in doc["variations"]}
    for kind, tag in COVERAGE:
        if not tag.startswith("overlay:"):
            assert tag in seen, (kind, tag)
    expected = {
        "layout:current", "layout:horizontal", "sole_proprietor", "registration_number",
        "label:商事主体类型", "label:主体类型", "label:经营场所", "label:公民身份证号码",
        "label:公民身份号码", "seal_only", "printed_authority", "term_split:stop",
        "term_split:from", "owners:many", "address_lines:2", "address_lines:3",
        "covered:valid_from", "rare_place", "overlay:inline", "overlay:across", "align:centred",
        "rows:tight",
    }  # fmt: skip
    assert expected <= seen, expected - seen
    # Every multi-line field wraps somewhere: licence name, type and address, deed cells.
    assert {"wrap:name", "wrap:type", "wrap:address", "wrap:权利人", "wrap:坐落"} <= seen
    faces = {available_family(family) for family, _ in FACES}
    assert faces <= {doc["face"] for doc in documents}
    phrases = " ".join(text for doc in documents for text in doc.get("overlay_text", ()))
    for phrase in ("复印无效", "样证", "仅限官网展示使用", "他用无效"):
        assert phrase in phrases


def test_wild_plan_draws_every_degradation():
    drawn = {name for spec in wild_plan(REPORT_SEED, 120) for name in spec.degradations}
    assert drawn == set(DEGRADATIONS)
    kinds = Counter(spec.kind for spec in wild_plan(REPORT_SEED, 120))
    assert set(kinds) == set(KINDS) and min(kinds.values()) >= 5


def test_wild_truth_omits_what_the_layout_does_not_print(wild):
    for doc in wild_documents(wild):
        fields, tags = doc["fields"], set(doc["variations"])
        assert set(fields) <= set(FIELDS_BY_TYPE[doc["type"]])
        assert all(value and value == "".join(value.split()) for value in fields.values())
        assert set(doc.get("seal_only", ())) <= set(fields)
        if doc["type"] == "business_licence":
            assert ("credit_code" in fields) != ("registration_number" in tags)
            if "credit_code" in fields:
                assert uscc.is_valid(fields["credit_code"])
            sole = "sole_proprietor" in tags
            assert sole == (fields["type"] == "个体工商户")
            assert sole != ("registered_capital" in fields) and sole != (
                "business_term_until" in fields
            )
            assert ("seal_only" in tags) == (doc.get("seal_only") == ["registration_authority"])
        if doc["type"] == "id_card_front":
            assert ric.is_valid(fields["id_number"]) or fields["birth_date"] < "1985"
        if doc["type"] == "id_card_back":
            assert ("valid_from" in fields) != ("covered:valid_from" in tags)
            assert "valid_until" in fields
        if doc["type"] == "property_deed" and "owners:many" in tags:
            assert fields["owner"].count("、") >= 3


def test_registration_numbers_carry_the_mod_11_10_check():
    rng = random.Random(11)
    for _ in range(50):
        number = registration_number(rng, "330106")
        assert len(number) == 15 and number.startswith("330106")
        assert mod_11_10.is_valid(number), number


def test_cli_generates_the_wild_family(tmp_path):
    result = CliRunner().invoke(
        app, ["samples", "generate", str(tmp_path), "--family", "wild", "--count", "2"]
    )
    assert result.exit_code == 0, result.output
    assert len(read_truths(tmp_path)) == 2
    result = CliRunner().invoke(app, ["samples", "generate", str(tmp_path), "--family", "nope"])
    assert result.exit_code == 2
    assert "unknown family" in result.output
