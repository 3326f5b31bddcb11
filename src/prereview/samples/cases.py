"""The sample application cases: case folders with a planted defect each, and their registry.

`generate_cases(cases_dir, registry_dir, seed)` writes one folder per entry of CASES:

    <case>/IMG_20241103_0001.jpg ...   the uploaded scans (neutral names, mostly clean)
    <case>/application.json            {"matter": ..., "declared": {...}} (absent in no-matter)
    <case>/expected.json               {"verdict", "rules", "today", "defect", "documents"}

and the reference registry as persons.csv, enterprises.csv and properties.csv (docs/report-format.md).
`expected.json` names the rule ids the planted defect must produce; `documents` is the
ground truth of every scan, in the format of the sample set's truth files.

Building is split from drawing: `plan_cases(seed)` decides every record, declaration and
registry row from one seeded `random.Random`, so the JSON of a case does not depend on
which other cases are drawn; `write_case` then renders, degrades and saves its scans.
"""

from __future__ import annotations

import csv
import json
import random
import shutil
from collections.abc import Callable, Collection
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from prereview.records import OTHER, UNKNOWN
from prereview.samples import render
from prereview.samples.degrade import apply_degradations, to_bgr, to_pil
from prereview.samples.generate import DEFAULT_SEED, save_upload, sources
from prereview.samples.identities import (
    BRANDS,
    COMPOUND_SURNAMES,
    GIVEN_FEMALE,
    GIVEN_MALE,
    GIVEN_NEUTRAL,
    Enterprise,
    Person,
    Property,
    make_enterprise,
    make_person,
    make_property,
)
from prereview.validate import age_on, expected_validity_years

TODAY = date(2026, 11, 24)
PERSON_HEADER = ("id_number", "name")
ENTERPRISE_HEADER = ("credit_code", "name", "legal_representative", "status")
PROPERTY_HEADER = ("certificate_number", "unit_number", "owner", "location", "status")
ADULTS = (1962, 1996)  # old enough to own a flat or lead an enterprise, card valid in 2026
UNREADABLE = "unreadable"  # a case-only degradation: nothing on the page can be read

Record = Person | Enterprise | Property | None


@dataclass(frozen=True)
class Sheet:
    """One page to draw: `kind` (id_front, id_back, id_copy, licence, deed, landscape, blank,
    register: a household register page),
    the record it prints and the degradations applied to it, in order."""

    kind: str
    record: Record = None
    degradations: tuple[str, ...] = ()


@dataclass(frozen=True)
class Scan:
    """One uploaded file of a case and its pages (several only in a PDF)."""

    name: str
    sheets: tuple[Sheet, ...]


@dataclass(frozen=True)
class CaseSpec:
    """One row of the case table: what is planted and what the checker must answer."""

    folder: str
    matter: str | None
    verdict: str
    rules: tuple[str, ...]
    defect: str


@dataclass(frozen=True)
class CasePlan:
    """A case ready to draw: its table row, its scans and what the applicant declared."""

    spec: CaseSpec
    scans: tuple[Scan, ...]
    declared: dict[str, str] | None  # None: no application.json at all


CASES: tuple[CaseSpec, ...] = (
    CaseSpec("id-verification-ok", "id-verification", "pass", (),
             "none: an honest ID card, front and back as two photos"),
    CaseSpec("enterprise-subsidy-ok", "enterprise-subsidy", "pass", (),
             "none: licence (PDF scan) and the legal representative's ID card"),
    CaseSpec("housing-fund-withdrawal-ok", "housing-fund-withdrawal", "pass", (),
             "none: a deed with two owners, the applicant is the second"),
    CaseSpec("business-premises-ok", "business-premises", "pass", (),
             "none: premises owned by the enterprise; registry status mortgaged (allowed)"),
    CaseSpec("id-missing-back", "id-verification", "fail", ("case.missing_document",),
             "only the front of the ID card was uploaded"),
    CaseSpec("id-expired", "id-verification", "fail", ("id.expired",),
             "the card expired on 2025-03-01 (issued 2015-03-01 for 10 years, age 16-25)"),
    # The tampered number is also, rightly, not in the person registry.
    CaseSpec("id-tampered-check-digit", "id-verification", "fail",
             ("id.check_digit", "registry.person_exists"),
             "the card and the form carry the number with a wrong check character"),
    CaseSpec("id-birth-date-mismatch", "id-verification", "fail", ("id.birth_date_mismatch",),
             "the card's 出生 line prints another date than the ID number encodes"),
    CaseSpec("subsidy-different-legal-rep", "enterprise-subsidy", "fail",
             ("consistency.legal_representative",),
             "the licence's legal representative is another person than the ID card holder"),
    CaseSpec("subsidy-declared-name-mismatch", "enterprise-subsidy", "fail",
             ("consistency.declared_enterprise_name",),
             "the form declares the enterprise under another trade name (字号) than the licence"),
    CaseSpec("subsidy-code-not-in-registry", "enterprise-subsidy", "fail",
             ("registry.enterprise_exists",),
             "the licence's credit code is valid but absent from enterprises.csv"),
    CaseSpec("subsidy-revoked", "enterprise-subsidy", "fail", ("registry.enterprise_status",),
             "the enterprise's registry status is revoked"),
    CaseSpec("housing-owner-not-applicant", "housing-fund-withdrawal", "fail",
             ("consistency.applicant_owns_property",),
             "the deed (and the registry) name another owner than the applicant"),
    CaseSpec("housing-seized", "housing-fund-withdrawal", "fail", ("registry.property_status",),
             "the property's registry status is seized"),
    # The deed is missing as far as the tool can tell, but the unreadable upload may be it.
    CaseSpec("housing-unreadable-scan", "housing-fund-withdrawal", "review",
             ("case.missing_document", "case.unreadable_document"),
             "the deed upload is blurred and dark beyond reading; the ID card is fine"),
    CaseSpec("premises-wrong-document", "business-premises", "fail", ("case.missing_document",),
             "a landscape photo was uploaded instead of the property deed"),
    CaseSpec("housing-id-copy-page", "housing-fund-withdrawal", "review",
             ("authenticity.photocopy",),
             "both ID card sides on one grey A4 copy page (copy.jpg) where the matter requires"
             " originals: the clerk checks the original"),
    CaseSpec("no-matter", None, "review", ("case.unknown_matter",),
             "no application.json: an honest ID card front and back only"),
    CaseSpec("id-blurred-ok", "id-verification", "pass", (),
             "none: both card sides photographed out of focus, every value corroborated"),
    CaseSpec("subsidy-overexposed-ok", "enterprise-subsidy", "pass", (),
             "none: an over-exposed licence photo with a dated 营业期限 range (its start date"
             " is long past)"),
    CaseSpec("housing-cut-off-ok", "housing-fund-withdrawal", "pass", (),
             "none: the card photos cut off at the right edge"),
    CaseSpec("housing-blank-page", "housing-fund-withdrawal", "fail", ("case.missing_document",),
             "a blank page was uploaded instead of the property deed"),
    CaseSpec("premises-other-paper", "business-premises", "fail", ("case.missing_document",),
             "a household register page (户口簿) was uploaded instead of the property deed"),
)  # fmt: skip


# --- the registry -----------------------------------------------------------------------------


@dataclass
class Registry:
    """The registry rows the cases need, keyed so that a record is listed once."""

    persons: dict[str, tuple[str, ...]] = field(default_factory=dict)
    enterprises: dict[str, tuple[str, ...]] = field(default_factory=dict)
    properties: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def add_person(self, person: Person) -> None:
        """List `person` under the number on their card."""
        self.persons[person.id_number] = (person.id_number, person.name)

    def add_enterprise(self, enterprise: Enterprise, status: str = "active") -> None:
        """List `enterprise` as its licence prints it, with `status`."""
        self.enterprises[enterprise.credit_code] = (
            enterprise.credit_code,
            enterprise.name,
            enterprise.legal_representative,
            status,
        )

    def add_property(self, prop: Property, status: str = "normal") -> None:
        """List `prop` as its deed prints it, with `status`."""
        self.properties[prop.certificate_number] = (
            prop.certificate_number,
            prop.unit_number,
            prop.owner,
            prop.location,
            status,
        )

    def write(self, registry_dir: Path) -> None:
        """Write the three CSV files, rows sorted by key so that they do not follow the cases."""
        registry_dir.mkdir(parents=True, exist_ok=True)
        for name, header, rows in (
            ("persons.csv", PERSON_HEADER, self.persons),
            ("enterprises.csv", ENTERPRISE_HEADER, self.enterprises),
            ("properties.csv", PROPERTY_HEADER, self.properties),
        ):
            with (registry_dir / name).open("w", encoding="utf-8", newline="") as out:
                writer = csv.writer(out, lineterminator="\n")
                writer.writerow(header)
                writer.writerows(rows[key] for key in sorted(rows))


# --- drawing records --------------------------------------------------------------------------


class Cast:
    """Draws people, enterprises and properties from one seeded generator, names never reused.

    Unique names keep the planted defects honest: a "different" legal representative or
    owner must not share the applicant's name by chance.
    """

    def __init__(self, rng: random.Random, registry: Registry) -> None:
        self.rng = rng
        self.registry = registry
        self.names: set[str] = set()

    def person(self, birth_range: tuple[int, int] = ADULTS, listed: bool = True) -> Person:
        """A new person whose card is valid on TODAY, listed in persons.csv unless told not."""
        while True:
            person = make_person(self.rng, birth_range=birth_range)
            expired = person.valid_until is not None and person.valid_until <= TODAY
            if not expired and person.name not in self.names:
                break
        self.names.add(person.name)
        if listed:
            self.registry.add_person(person)
        return person

    def neighbour(self, person: Person) -> Person:
        """Another listed person whose name differs from `person`'s by one given-name character."""
        other = self.person(listed=False)
        start = 2 if person.name[:2] in COMPOUND_SURNAMES else 1
        while True:
            position = self.rng.randrange(start, len(person.name))
            pool = GIVEN_MALE + GIVEN_FEMALE + GIVEN_NEUTRAL
            char = self.rng.choice([c for c in pool if c != person.name[position]])
            name = person.name[:position] + char + person.name[position + 1 :]
            if name not in self.names:
                break
        self.names.add(name)
        other = replace(other, name=name)
        self.registry.add_person(other)
        return other

    def enterprise(
        self, representative: Person, status: str | None = "active", dated: bool = False
    ) -> Enterprise:
        """A company (法定代表人) led by `representative`, its licence valid on TODAY.

        `status` None keeps it out of enterprises.csv; `dated` asks for a term with an end
        date rather than 长期.
        """
        while True:
            enterprise = make_enterprise(self.rng, representative, kind=self.rng.randrange(3))
            until = enterprise.business_term_until
            valid = until > TODAY if until is not None else not dated
            if valid and enterprise.name not in self.names:
                break
        self.names.add(enterprise.name)
        if status is not None:
            self.registry.add_enterprise(enterprise, status)
        return enterprise

    def property(self, owners: list[str], status: str = "normal", **kwargs) -> Property:
        """A property of `owners`, listed with `status` and the owners its deed prints."""
        prop = make_property(self.rng, owners, **kwargs)
        self.registry.add_property(prop, status)
        return prop


def expired_person(cast: Cast) -> Person:
    """A listed person whose 10-year card ran from 2015-03-01 to 2025-03-01 (age 16-25 then)."""
    issued, until = date(2015, 3, 1), date(2025, 3, 1)
    while True:
        person = cast.person(birth_range=(1990, 1998), listed=False)
        if expected_validity_years(age_on(person.birth_date, issued)) == 10:
            break
    person = replace(person, valid_from=issued, valid_until=until)
    cast.registry.add_person(person)
    return person


def wrong_check_digit(number: str, rng: random.Random) -> str:
    """`number` with its GB 11643 check character replaced by another one."""
    return number[:17] + rng.choice([c for c in "0123456789X" if c != number[17]])


def misprinted_birth(person: Person, rng: random.Random) -> Person:
    """`person` with a 出生 line some months off the number, the validity rule still fitting.

    Keeping the validity period consistent with the printed date too means only the
    birth-date rule, not the age-at-issue rule, has a reason to fire.
    """
    expected = expected_validity_years(age_on(person.birth_date, person.valid_from))
    while True:
        shifted = person.birth_date.replace(month=rng.randint(1, 12), day=15)
        if shifted.month == person.birth_date.month:
            continue
        if expected_validity_years(age_on(shifted, person.valid_from)) == expected:
            return replace(person, birth_date=shifted)


def other_trade_name(name: str, rng: random.Random) -> str:
    """`name` with its brand (字号) swapped for another, e.g. 杭州云帆… -> 杭州星河…."""
    brand = next(b for b in BRANDS if b in name)
    return name.replace(brand, rng.choice([b for b in BRANDS if b not in name]), 1)


# --- declarations and scans -------------------------------------------------------------------


def declare(
    person: Person | None = None,
    enterprise: Enterprise | None = None,
    prop: Property | None = None,
) -> dict[str, str]:
    """The form's declared keys for the records the matter involves, as honestly filled in."""
    declared = {}
    if person is not None:
        declared["applicant.name"] = person.name
        declared["applicant.id_number"] = person.id_number
    if enterprise is not None:
        declared["enterprise.name"] = enterprise.name
        declared["enterprise.credit_code"] = enterprise.credit_code
    if prop is not None:
        declared["property.certificate_number"] = prop.certificate_number
    return declared


class Namer:
    """Neutral upload names, as phones and scanners make them: IMG_20241103_0001.jpg."""

    def __init__(self, case_number: int) -> None:
        self.day = 3 + case_number
        self.counter = 10 * case_number

    def photo(self) -> str:
        """The next phone-photo name of this case."""
        self.counter += 1
        return f"IMG_202411{self.day:02d}_{self.counter:04d}.jpg"


def card_photos(namer: Namer, person: Person, *degradations: str) -> list[Scan]:
    """Front and back of `person`'s card as two photos."""
    return [
        Scan(namer.photo(), (Sheet("id_front", person, degradations),)),
        Scan(namer.photo(), (Sheet("id_back", person, degradations),)),
    ]


def one_photo(namer: Namer, kind: str, record: Record, *degradations: str) -> Scan:
    """A single-page photo upload."""
    return Scan(namer.photo(), (Sheet(kind, record, degradations),))


# --- the cases --------------------------------------------------------------------------------
# Each builder draws its records (in a fixed order), lists them in the registry as the case
# needs and returns the scans and the declaration.

Built = tuple[list[Scan], dict[str, str] | None]


def id_verification_ok(cast: Cast, namer: Namer) -> Built:
    person = cast.person()
    cast.neighbour(person)
    return card_photos(namer, person), declare(person)


def enterprise_subsidy_ok(cast: Cast, namer: Namer) -> Built:
    person = cast.person()
    cast.neighbour(person)
    enterprise = cast.enterprise(person)
    licence = Scan("扫描件1.pdf", (Sheet("licence", enterprise),))
    return [licence, *card_photos(namer, person, "desk_photo")], declare(person, enterprise)


def housing_fund_withdrawal_ok(cast: Cast, namer: Namer) -> Built:
    person, spouse = cast.person(), cast.person()
    prop = cast.property([spouse.name, person.name])
    scans = [*card_photos(namer, person), one_photo(namer, "deed", prop)]
    return scans, declare(person, prop=prop)


def business_premises_ok(cast: Cast, namer: Namer) -> Built:
    person = cast.person()
    enterprise = cast.enterprise(person)
    prop = cast.property([enterprise.name], "mortgaged", commercial=True)
    pdf = Scan("扫描件2.pdf", (Sheet("licence", enterprise), Sheet("deed", prop)))
    return [pdf, *card_photos(namer, person)], declare(person, enterprise, prop)


def id_missing_back(cast: Cast, namer: Namer) -> Built:
    person = cast.person()
    return [one_photo(namer, "id_front", person)], declare(person)


def id_expired(cast: Cast, namer: Namer) -> Built:
    person = expired_person(cast)
    return card_photos(namer, person), declare(person)


def id_tampered_check_digit(cast: Cast, namer: Namer) -> Built:
    person = cast.person()  # listed under the correct number
    tampered = replace(person, id_number=wrong_check_digit(person.id_number, cast.rng))
    return card_photos(namer, tampered), declare(tampered)


def id_birth_date_mismatch(cast: Cast, namer: Namer) -> Built:
    person = cast.person()
    cast.neighbour(person)
    return card_photos(namer, misprinted_birth(person, cast.rng)), declare(person)


def subsidy_different_legal_rep(cast: Cast, namer: Namer) -> Built:
    person, representative = cast.person(), cast.person()
    enterprise = cast.enterprise(representative)
    scans = [one_photo(namer, "licence", enterprise), *card_photos(namer, person)]
    return scans, declare(person, enterprise)


def subsidy_declared_name_mismatch(cast: Cast, namer: Namer) -> Built:
    person = cast.person()
    enterprise = cast.enterprise(person)
    declared = declare(person, enterprise)
    declared["enterprise.name"] = other_trade_name(enterprise.name, cast.rng)
    return [one_photo(namer, "licence", enterprise), *card_photos(namer, person)], declared


def subsidy_code_not_in_registry(cast: Cast, namer: Namer) -> Built:
    person = cast.person()
    enterprise = cast.enterprise(person, status=None)
    scans = [one_photo(namer, "licence", enterprise), *card_photos(namer, person)]
    return scans, declare(person, enterprise)


def subsidy_revoked(cast: Cast, namer: Namer) -> Built:
    person = cast.person()
    enterprise = cast.enterprise(person, status="revoked")
    scans = [one_photo(namer, "licence", enterprise), *card_photos(namer, person)]
    return scans, declare(person, enterprise)


def housing_owner_not_applicant(cast: Cast, namer: Namer) -> Built:
    person, owner = cast.person(), cast.person()
    prop = cast.property([owner.name])
    scans = [*card_photos(namer, person), one_photo(namer, "deed", prop)]
    return scans, declare(person, prop=prop)


def housing_seized(cast: Cast, namer: Namer) -> Built:
    person = cast.person()
    prop = cast.property([person.name], "seized")
    scans = [*card_photos(namer, person), one_photo(namer, "deed", prop)]
    return scans, declare(person, prop=prop)


def housing_unreadable_scan(cast: Cast, namer: Namer) -> Built:
    person = cast.person()
    prop = cast.property([person.name])
    scans = [*card_photos(namer, person), one_photo(namer, "deed", prop, UNREADABLE)]
    return scans, declare(person, prop=prop)


def premises_wrong_document(cast: Cast, namer: Namer) -> Built:
    person = cast.person()
    enterprise = cast.enterprise(person)
    # Owned by the legal representative: the other link business-premises accepts.
    prop = cast.property([person.name], commercial=True)
    scans = [
        one_photo(namer, "licence", enterprise),
        *card_photos(namer, person),
        one_photo(namer, "landscape", None),
    ]
    return scans, declare(person, enterprise, prop)


def housing_id_copy_page(cast: Cast, namer: Namer) -> Built:
    person = cast.person()
    prop = cast.property([person.name])
    scans = [Scan("copy.jpg", (Sheet("id_copy", person),)), one_photo(namer, "deed", prop)]
    return scans, declare(person, prop=prop)


def no_matter(cast: Cast, namer: Namer) -> Built:
    person = cast.person()
    return card_photos(namer, person), None


def id_blurred_ok(cast: Cast, namer: Namer) -> Built:
    person = cast.person()
    return card_photos(namer, person, "blur"), declare(person)


def subsidy_overexposed_ok(cast: Cast, namer: Namer) -> Built:
    person = cast.person()
    enterprise = cast.enterprise(person, dated=True)
    scans = [one_photo(namer, "licence", enterprise, "over_exposed"), *card_photos(namer, person)]
    return scans, declare(person, enterprise)


def housing_cut_off_ok(cast: Cast, namer: Namer) -> Built:
    person = cast.person()
    prop = cast.property([person.name])
    scans = [*card_photos(namer, person, "border_cut"), one_photo(namer, "deed", prop)]
    return scans, declare(person, prop=prop)


def housing_blank_page(cast: Cast, namer: Namer) -> Built:
    person = cast.person()
    prop = cast.property([person.name])
    scans = [*card_photos(namer, person), one_photo(namer, "blank", None)]
    return scans, declare(person, prop=prop)


def premises_other_paper(cast: Cast, namer: Namer) -> Built:
    person = cast.person()
    enterprise = cast.enterprise(person)
    prop = cast.property([enterprise.name], commercial=True)
    scans = [
        one_photo(namer, "licence", enterprise),
        *card_photos(namer, person),
        one_photo(namer, "register", person),
    ]
    return scans, declare(person, enterprise, prop)


BUILDERS: dict[str, Callable[[Cast, Namer], Built]] = {
    "id-verification-ok": id_verification_ok,
    "enterprise-subsidy-ok": enterprise_subsidy_ok,
    "housing-fund-withdrawal-ok": housing_fund_withdrawal_ok,
    "business-premises-ok": business_premises_ok,
    "id-missing-back": id_missing_back,
    "id-expired": id_expired,
    "id-tampered-check-digit": id_tampered_check_digit,
    "id-birth-date-mismatch": id_birth_date_mismatch,
    "subsidy-different-legal-rep": subsidy_different_legal_rep,
    "subsidy-declared-name-mismatch": subsidy_declared_name_mismatch,
    "subsidy-code-not-in-registry": subsidy_code_not_in_registry,
    "subsidy-revoked": subsidy_revoked,
    "housing-owner-not-applicant": housing_owner_not_applicant,
    "housing-seized": housing_seized,
    "housing-unreadable-scan": housing_unreadable_scan,
    "premises-wrong-document": premises_wrong_document,
    "housing-id-copy-page": housing_id_copy_page,
    "no-matter": no_matter,
    "id-blurred-ok": id_blurred_ok,
    "subsidy-overexposed-ok": subsidy_overexposed_ok,
    "housing-cut-off-ok": housing_cut_off_ok,
    "housing-blank-page": housing_blank_page,
    "premises-other-paper": premises_other_paper,
}


def add_bystanders(cast: Cast) -> None:
    """Registry rows no case uses, so the registry is not just the case set."""
    people = [cast.person() for _ in range(8)]
    cast.neighbour(people[0])
    for person, status in zip(
        people[:4], ("active", "active", "cancelled", "revoked"), strict=True
    ):
        cast.enterprise(person, status)
    cast.property([people[4].name])
    cast.property([people[5].name, people[6].name], "mortgaged")
    cast.property([people[7].name], "seized")


def plan_cases(seed: int = DEFAULT_SEED) -> tuple[list[CasePlan], Registry]:
    """Every case's scans and declaration, and the registry, drawn in a fixed order."""
    registry = Registry()
    cast = Cast(random.Random(seed), registry)
    plans = []
    for number, spec in enumerate(CASES):
        scans, declared = BUILDERS[spec.folder](cast, Namer(number))
        plans.append(CasePlan(spec, tuple(scans), declared))
    add_bystanders(cast)
    return plans, registry


# --- drawing and writing ----------------------------------------------------------------------


def unreadable(image: Image.Image, rng: np.random.Generator) -> Image.Image:
    """The page so blurred and dark that no character survives (a shaken shot in a dim room)."""
    # Grain goes in before the blur: added after it, the fine noise reads as sharp detail
    # to a blur measure, and the page would look merely dark.
    pixels = to_bgr(image).astype(np.float32) + rng.normal(0, 6, (image.height, image.width, 1))
    pixels = cv2.GaussianBlur(pixels, (0, 0), 16) * 0.22
    return to_pil(np.clip(pixels, 0, 255).astype(np.uint8))


def draw_sheet(sheet: Sheet, seed: int) -> tuple[Image.Image, list[tuple[str, dict]]]:
    """The sheet's clean image and its documents as (type, fields), top to bottom."""
    match sheet.kind:
        case "id_front":
            image, fields = render.render_id_front(sheet.record)
            return image, [("id_card_front", fields)]
        case "id_back":
            image, fields = render.render_id_back(sheet.record)
            return image, [("id_card_back", fields)]
        case "id_copy":
            image, (front, back) = render.render_id_copy_page(sheet.record)
            return image, [("id_card_front", front), ("id_card_back", back)]
        case "licence":
            image, fields = render.render_licence(sheet.record)
            return image, [("business_licence", fields)]
        case "deed":
            image, fields = render.render_deed(sheet.record)
            return image, [("property_deed", fields)]
        case "landscape":
            return render.render_landscape(seed), [(UNKNOWN, {})]
        case "blank":
            return render.render_blank_page(seed), [(UNKNOWN, {})]
        case "register":
            return render.render_household_register(sheet.record), [(OTHER, {})]
    raise ValueError(f"unknown sheet kind {sheet.kind!r}")


def degrade(image: Image.Image, sheet: Sheet, rng: np.random.Generator) -> Image.Image:
    """The sheet's image after its degradations."""
    for name in sheet.degradations:
        if name == UNREADABLE:
            image = unreadable(image, rng)
        else:
            radius = render.CARD_CORNER_RADIUS if sheet.kind in ("id_front", "id_back") else 0
            image = to_pil(apply_degradations(to_bgr(image), [name], rng, radius))
    return image


def write_scan(case_dir: Path, scan: Scan, seed: int, number: int) -> list[dict]:
    """Draw and save one upload; return the ground truth of the documents it holds."""
    rng = np.random.default_rng([seed, number])
    images, documents = [], []
    paged = len(scan.sheets) > 1
    for page_number, sheet in enumerate(scan.sheets, start=1):
        image, found = draw_sheet(sheet, seed + number)
        images.append(degrade(image, sheet, rng))
        names = sources(scan.name, page_number if paged else None, len(found))
        for source, (doc_type, fields) in zip(names, found, strict=True):
            document = {"source": source, "type": doc_type, "fields": fields}
            if sheet.degradations:
                document["degradations"] = list(sheet.degradations)
            documents.append(document)
    save_upload(case_dir / scan.name, images)
    return documents


def write_json(path: Path, data: dict) -> None:
    """Pretty UTF-8 JSON with Chinese kept readable."""
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", "utf-8")


def write_case(cases_dir: Path, plan: CasePlan, seed: int, case_number: int) -> Path:
    """Write one case folder: its scans, application.json (if any) and expected.json."""
    case_dir = cases_dir / plan.spec.folder
    case_dir.mkdir(parents=True)
    documents = []
    for index, scan in enumerate(plan.scans):
        documents += write_scan(case_dir, scan, seed, 100 * case_number + index)
    if plan.declared is not None:
        write_json(
            case_dir / "application.json", {"matter": plan.spec.matter, "declared": plan.declared}
        )
    expected = {
        "verdict": plan.spec.verdict,
        "rules": list(plan.spec.rules),
        "today": TODAY.isoformat(),
        "defect": plan.spec.defect,
        "documents": documents,
    }
    write_json(case_dir / "expected.json", expected)
    return case_dir


def clear_old_cases(cases_dir: Path) -> None:
    """Remove earlier generated case folders: only those holding an expected.json."""
    if not cases_dir.is_dir():
        return
    for child in sorted(cases_dir.iterdir()):
        if child.is_dir() and (child / "expected.json").is_file():
            shutil.rmtree(child)


def cases_readme(plans: list[CasePlan]) -> str:
    """The cases folder's README: each case, its matter, defect and expected verdict."""
    lines = [
        "# Sample application cases",
        "",
        "Synthetic case folders for `prereview check`, written by",
        "`prereview samples cases sample_docs/cases --registry-out sample_docs/registry`.",
        f"Review date for all of them: {TODAY.isoformat()} (`--today`). Each folder's",
        "`expected.json` holds the verdict, the rule ids the planted defect must produce and the",
        "ground truth of every scan. The registry is `../registry` (persons, enterprises,",
        "properties as CSV).",
        "",
        "| case | matter | files | planted defect | verdict | rules |",
        "|---|---|---|---|---|---|",
    ]
    for plan in plans:
        spec = plan.spec
        files = [scan.name for scan in plan.scans]
        if plan.declared is not None:
            files.append("application.json")
        rules = ", ".join(f"`{rule}`" for rule in spec.rules) or "-"
        lines.append(
            f"| `{spec.folder}` | {spec.matter or '(none)'} | {', '.join(files)} | {spec.defect}"
            f" | {spec.verdict} | {rules} |"
        )
    return "\n".join(lines) + "\n"


def generate_cases(
    cases_dir: Path,
    registry_dir: Path,
    seed: int = DEFAULT_SEED,
    only: Collection[str] | None = None,
) -> list[Path]:
    """Write the case folders (or those named in `only`) and the registry; return the folders.

    The registry is always complete; `only` just skips drawing the other cases' scans.
    """
    plans, registry = plan_cases(seed)
    clear_old_cases(cases_dir)
    cases_dir.mkdir(parents=True, exist_ok=True)
    written = [
        write_case(cases_dir, plan, seed, number)
        for number, plan in enumerate(plans)
        if only is None or plan.spec.folder in only
    ]
    (cases_dir / "README.md").write_text(cases_readme(plans), "utf-8")
    registry.write(registry_dir)
    return written


# --- many cases, for the verdict benchmark ----------------------------------------------------

# What a phone or scanner does to an upload, alone or in pairs, drawn for the benchmark's
# pages that the case itself leaves clean.
EXTRA_DEGRADATIONS: tuple[tuple[str, ...], ...] = (
    ("blur",),
    ("over_exposed",),
    ("border_cut",),
    ("desk_photo",),
    ("desk_photo", "blur"),
    ("desk_photo", "over_exposed"),
    ("jpeg",),
    ("photocopy",),
    ("rotate_small",),
    ("shadow",),
    ("low_res",),
    ("turn_90",),
    ("turn_180",),
)
DOCUMENT_SHEETS = ("id_front", "id_back", "id_copy", "licence", "deed")


def plan_mixed_cases(
    seed: int, count: int, honest_share: float = 0.45, degraded_share: float = 0.5
) -> tuple[list[CasePlan], Registry]:
    """`count` cases drawn from the case table, honest ones with `honest_share`, each clean page
    degraded with `degraded_share`; folders are numbered `007-id-expired`."""
    registry = Registry()
    cast = Cast(random.Random(seed), registry)
    rng = random.Random(seed + 1)
    honest = [spec for spec in CASES if spec.verdict == "pass"]
    other = [spec for spec in CASES if spec.verdict != "pass"]
    plans = []
    for number in range(count):
        spec = rng.choice(honest if rng.random() < honest_share else other)
        scans, declared = BUILDERS[spec.folder](cast, Namer(number))
        scans = [_degraded_scan(scan, rng, degraded_share) for scan in scans]
        folder = f"{number:03d}-{spec.folder}"
        plans.append(
            CasePlan(_copied_spec(replace(spec, folder=folder), scans), tuple(scans), declared)
        )
    add_bystanders(cast)
    return plans, registry


# Sheets printed in colour: a grey copy of one is an `authenticity.photocopy` finding, and
# every packaged matter requires originals.
COLOUR_SHEETS = ("id_front", "id_back", "licence")


def _copied_spec(spec: CaseSpec, scans: list[Scan]) -> CaseSpec:
    """An honest case whose colour page the draw turned into a grey copy is planted as
    `review` (the clerk checks the original), not as an honest original."""
    copied = any(
        sheet.kind in COLOUR_SHEETS and "photocopy" in sheet.degradations
        for scan in scans
        for sheet in scan.sheets
    )
    if spec.verdict != "pass" or not copied:
        return spec
    defect = f"{spec.defect}; a colour page uploaded as a grey copy where originals are required"
    return replace(spec, verdict="review", rules=("authenticity.photocopy",), defect=defect)


def _degraded_scan(scan: Scan, rng: random.Random, share: float) -> Scan:
    sheets = tuple(
        replace(sheet, degradations=rng.choice(EXTRA_DEGRADATIONS))
        if sheet.kind in DOCUMENT_SHEETS and not sheet.degradations and rng.random() < share
        else sheet
        for sheet in scan.sheets
    )
    return replace(scan, sheets=sheets)


def generate_mixed_cases(cases_dir: Path, registry_dir: Path, seed: int, count: int) -> list[Path]:
    """Write `count` mixed cases (plan_mixed_cases) and their registry; return the folders."""
    plans, registry = plan_mixed_cases(seed, count)
    clear_old_cases(cases_dir)
    cases_dir.mkdir(parents=True, exist_ok=True)
    written = [write_case(cases_dir, plan, seed, number) for number, plan in enumerate(plans)]
    registry.write(registry_dir)
    return written
