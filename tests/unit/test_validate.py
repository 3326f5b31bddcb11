"""Field-level checks: every rule id on its passing and failing side."""

import re
from datetime import date

import pytest
from stdnum.cn import ric, uscc

from prereview import validate as v
from prereview.records import FAIL, REVIEW, Document, Field

TODAY = date(2024, 11, 3)


def id_number(body: str) -> str:
    """A GB 11643 number with the right check character for a 17-digit body."""
    return body + ric.calc_check_digit(body + "0")


def wrong_check(number: str) -> str:
    """The same number with a check character that is not the right one."""
    return number[:17] + ("1" if number[17] != "1" else "2")


def credit_code(body: str) -> str:
    """A GB 32100 code with the right check character for a 17-character body."""
    return body + uscc.calc_check_digit(body)


MAN_1990 = id_number("11010519900307123")  # 123: odd sequence, a man
WOMAN_1990 = id_number("11010519900307124")
LICENCE_CODE = credit_code("91110000600037341")


def doc(doc_type: str, **fields: str) -> Document:
    return Document(
        source="a.jpg",
        type=doc_type,
        fields={name: Field(value, 0.99, (0, 0, 1, 1)) for name, value in fields.items()},
    )


def front(**fields: str) -> Document:
    base = {"name": "张三", "sex": "男", "birth_date": "1990-03-07", "id_number": MAN_1990}
    return doc("id_card_front", **{**base, **fields})


def back(valid_from: str, valid_until: str) -> Document:
    return doc("id_card_back", valid_from=valid_from, valid_until=valid_until)


def licence(**fields: str) -> Document:
    base = {
        "credit_code": LICENCE_CODE,
        "established_date": "2018-06-21",
        "business_term_until": "长期",
    }
    return doc("business_licence", **{**base, **fields})


def deed(**fields: str) -> Document:
    base = {"unit_number": "110105006001GB00123F00010001", "term_until": "2073-04-30"}
    return doc("property_deed", **{**base, **fields})


def rules(findings) -> list[str]:
    return [finding.rule for finding in findings]


# -- helpers --------------------------------------------------------------------------------


def test_id_number_problem():
    assert v.id_number_problem(MAN_1990) is None
    assert "校验码" in v.id_number_problem(wrong_check(MAN_1990)).zh
    assert v.id_number_problem("1101051990030712") is not None
    assert v.id_number_problem("11010519900307123x") is not None  # extraction upper-cases X


def test_credit_code_problem():
    assert v.credit_code_problem(LICENCE_CODE) is None
    assert v.credit_code_problem("91110000600037341L") is None  # stdnum's own example
    assert v.credit_code_problem(LICENCE_CODE[:17] + "0") is not None
    assert v.credit_code_problem("91110000600O37341L") is not None  # O is not in the alphabet
    assert v.credit_code_problem("9111000060003734") is not None


@pytest.mark.parametrize(
    ("birth", "day", "age"),
    [
        (date(1990, 3, 7), date(2006, 3, 6), 15),
        (date(1990, 3, 7), date(2006, 3, 7), 16),
        (date(2000, 2, 29), date(2016, 2, 28), 15),
        (date(2000, 2, 29), date(2016, 2, 29), 16),
        (date(2000, 2, 29), date(2017, 3, 1), 17),
    ],
)
def test_age_on(birth, day, age):
    assert v.age_on(birth, day) == age


@pytest.mark.parametrize(
    ("age", "years"),
    [(0, 5), (15, 5), (16, 10), (25, 10), (26, 20), (45, 20), (46, None), (80, None)],
)
def test_expected_validity_years(age, years):
    assert v.expected_validity_years(age) == years


# -- ID card front --------------------------------------------------------------------------


def test_valid_front_has_no_finding():
    assert v.check_document(front(), TODAY) == []
    assert v.check_document(front(sex="女", id_number=WOMAN_1990), TODAY) == []


def test_wrong_check_digit():
    findings = v.check_document(front(id_number=wrong_check(MAN_1990)), TODAY)
    assert rules(findings) == ["id.check_digit"]
    finding = findings[0]
    assert finding.severity == FAIL
    assert finding.documents == ("a.jpg",)
    assert finding.fields == ("id_card_front.id_number",)
    assert finding.values == {"id_card_front.id_number": wrong_check(MAN_1990)}


@pytest.mark.parametrize(
    "number", ["1101051990030712", "1101051990030712399", "11010519900A071239"]
)
def test_malformed_number_is_check_digit_only(number):
    assert rules(v.check_document(front(id_number=number), TODAY)) == ["id.check_digit"]


def test_x_check_character():
    number = id_number("11010519900307101")
    assert number.endswith("X")
    assert v.check_document(front(id_number=number), TODAY) == []


def test_division_code_of_a_later_year_is_fine():
    # 440305 (Shenzhen Nanshan) was created in 1990; a person born in 1960 keeps it for life,
    # and stdnum's is_valid rejects that genuine number.
    number = id_number("44030519600101001")
    assert not ric.is_valid(number)
    card = front(id_number=number, birth_date="1960-01-01", sex="男")
    assert v.check_document(card, TODAY) == []


def test_unknown_county_of_a_known_province_is_fine():
    # stdnum's birth-place lookup raises KeyError for 110199; nothing may escape, nothing flagged.
    number = id_number("11019919800101001")
    with pytest.raises(KeyError):
        ric.is_valid(number)
    card = front(id_number=number, birth_date="1980-01-01", sex="男")
    assert v.check_document(card, TODAY) == []


@pytest.mark.parametrize("prefix", ["00", "19", "39", "99"])
def test_unreal_province_is_a_division_code_defect(prefix):
    card = front(id_number=id_number(prefix + "010519900307123"))
    assert rules(v.check_document(card, TODAY)) == ["id.division_code"]


@pytest.mark.parametrize("prefix", ["71", "81", "82", "65"])
def test_real_provinces_pass(prefix):
    card = front(id_number=id_number(prefix + "010519900307123"))
    assert v.check_document(card, TODAY) == []


@pytest.mark.parametrize(
    "birth_digits",
    ["19900230", "19901301", "20250101", "18991231"],  # no such day, no such month, future, <1900
)
def test_birth_date_in_number_invalid(birth_digits):
    card = doc("id_card_front", id_number=id_number("110105" + birth_digits + "123"))
    assert rules(v.check_document(card, TODAY)) == ["id.birth_date_invalid"]


def test_birth_date_mismatch():
    findings = v.check_document(front(birth_date="1990-03-08"), TODAY)
    assert rules(findings) == ["id.birth_date_mismatch"]
    assert findings[0].fields == ("id_card_front.birth_date", "id_card_front.id_number")


def test_sex_mismatch():
    assert rules(v.check_document(front(sex="女"), TODAY)) == ["id.sex_mismatch"]
    assert rules(v.check_document(front(sex="男", id_number=WOMAN_1990), TODAY)) == [
        "id.sex_mismatch"
    ]


@pytest.mark.parametrize("birth_date", ["2025-01-01", "1899-12-31", "1990-02-30", "1990/03/07"])
def test_printed_birth_date_implausible(birth_date):
    card = doc("id_card_front", birth_date=birth_date)
    assert rules(v.check_document(card, TODAY)) == ["id.date_implausible"]


def test_missing_fields_are_skipped():
    assert v.check_document(doc("id_card_front"), TODAY) == []
    assert v.check_document(doc("id_card_front", id_number=MAN_1990), TODAY) == []
    assert v.check_document(doc("id_card_front", sex="女", birth_date="1990-03-07"), TODAY) == []
    assert v.check_document(doc("id_card_back"), TODAY) == []
    assert v.check_document(doc("business_licence"), TODAY) == []
    assert v.check_document(doc("property_deed"), TODAY) == []
    assert v.check_document(doc("unknown"), TODAY) == []


# -- ID card back ---------------------------------------------------------------------------


def test_valid_back_has_no_finding():
    assert v.check_document(back("2016-05-12", "2036-05-12"), TODAY) == []
    assert v.check_document(back("2010-01-04", "长期"), TODAY) == []


def test_expired():
    findings = v.check_document(back("2010-05-12", "2020-05-12"), TODAY)
    assert rules(findings) == ["id.expired"]
    assert "2020-05-12" in findings[0].message
    assert findings[0].values == {"id_card_back.valid_until": "2020-05-12", "today": "2024-11-03"}


def test_last_day_is_still_valid():
    assert v.check_document(back("2014-11-03", "2024-11-03"), TODAY) == []
    assert rules(v.check_document(back("2014-11-02", "2024-11-02"), TODAY)) == ["id.expired"]


def test_not_yet_valid():
    assert rules(v.check_document(back("2024-11-04", "2034-11-04"), TODAY)) == ["id.not_yet_valid"]
    assert v.check_document(back("2024-11-03", "2034-11-03"), TODAY) == []


def test_validity_order():
    assert rules(v.check_document(back("2024-11-03", "2024-11-03"), TODAY)) == ["id.validity_order"]
    # Dates out of order are a misread: a clerk compares them, and no expiry is decided on them.
    findings = v.check_document(back("2026-05-12", "2016-05-12"), TODAY)
    assert rules(findings) == ["id.not_yet_valid", "id.validity_order"]
    assert findings[-1].severity == REVIEW


@pytest.mark.parametrize(
    ("valid_from", "valid_until"),
    [("2016-13-01", "2036-05-12"), ("2016-05-12", "2036.05.12"), ("1980-01-01", "长期")],
)
def test_back_date_implausible(valid_from, valid_until):
    assert rules(v.check_document(back(valid_from, valid_until), TODAY)) == ["id.date_implausible"]


# -- ID card, both sides --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("birth_date", "valid_from", "valid_until"),
    [
        ("2010-03-07", "2020-01-10", "2025-01-10"),  # 9 years old: 5 years
        ("1990-03-07", "2006-03-07", "2016-03-07"),  # 16 on the day: 10 years
        ("1990-03-07", "2016-03-06", "2026-03-06"),  # 25: 10 years
        ("1990-03-07", "2016-03-07", "2036-03-07"),  # 26: 20 years
        ("1970-03-07", "2016-03-07", "长期"),  # 46: 长期
        ("1950-01-01", "2005-06-01", "长期"),  # 55: 长期
        ("1970-03-07", "2016-04-01", "2036-04-01"),  # 46 on issue, 45 at application
        ("1990-03-07", "2016-03-07", "2026-03-07"),  # 26 on issue, 25 at application
    ],
)
def test_validity_period_fits_age(birth_date, valid_from, valid_until):
    card = front(
        birth_date=birth_date, id_number=id_number("110105" + birth_date.replace("-", "") + "123")
    )
    assert v.check_id_card_pair(card, back(valid_from, valid_until), TODAY) == []


@pytest.mark.parametrize(
    ("birth_date", "valid_from", "valid_until"),
    [
        ("1990-03-07", "2017-03-07", "2027-03-07"),  # 27: 20 years, not 10
        ("1990-03-07", "2016-05-07", "2026-05-07"),  # 26, and already 26 sixty days before
        ("1990-03-07", "2016-03-07", "长期"),  # 长期 under 46
        ("1970-03-07", "2017-03-07", "2037-03-07"),  # 47: 长期, not a dated end
        ("2010-03-07", "2020-01-10", "2030-01-10"),  # child: 5 years
        ("1990-03-07", "2016-03-07", "2036-03-09"),  # two days off
    ],
)
def test_validity_period_wrong_for_age(birth_date, valid_from, valid_until):
    card = front(
        birth_date=birth_date, id_number=id_number("110105" + birth_date.replace("-", "") + "123")
    )
    findings = v.check_id_card_pair(card, back(valid_from, valid_until), TODAY)
    assert rules(findings) == ["id.validity_period"]
    finding = findings[0]
    assert finding.severity == FAIL
    assert finding.documents == ("a.jpg", "a.jpg")
    assert finding.fields == (
        "id_card_front.birth_date",
        "id_card_back.valid_from",
        "id_card_back.valid_until",
    )


@pytest.mark.parametrize("valid_until", ["2018-02-28", "2018-03-01"])
def test_leap_day_validity(valid_until):
    card = front(birth_date="1990-03-07")  # 17 on 2008-02-29: 10 years
    assert v.check_id_card_pair(card, back("2008-02-29", valid_until), TODAY) == []


def test_leap_day_validity_too_far():
    card = front(birth_date="1990-03-07")
    findings = v.check_id_card_pair(card, back("2008-02-29", "2018-03-03"), TODAY)
    assert rules(findings) == ["id.validity_period"]


def test_validity_period_from_number_when_birth_date_missing():
    card = doc("id_card_front", id_number=MAN_1990)
    assert v.check_id_card_pair(card, back("2016-03-07", "2036-03-07"), TODAY) == []
    findings = v.check_id_card_pair(card, back("2017-03-07", "2027-03-07"), TODAY)
    assert rules(findings) == ["id.validity_period"]
    assert findings[0].fields[0] == "id_card_front.id_number"


def test_validity_period_skipped_without_what_it_needs():
    assert v.check_id_card_pair(doc("id_card_front"), back("2016-03-07", "2026-03-07"), TODAY) == []
    assert v.check_id_card_pair(front(), doc("id_card_back", valid_from="2016-03-07"), TODAY) == []
    assert v.check_id_card_pair(front(), back("2016-03-07", "bad"), TODAY) == []
    assert (
        v.check_id_card_pair(front(id_number="123"), back("2016-03-07", "2026-03-07"), TODAY) == []
    )


def test_validity_before_birth_is_doubtful():
    findings = v.check_id_card_pair(front(), back("1989-01-01", "1994-01-01"), TODAY)
    assert rules(findings) == ["id.date_implausible"]
    assert findings[0].severity == REVIEW


def test_validity_fits_age_is_evidence_from_the_other_side():
    assert v.validity_fits_age(front(), back("2016-06-07", "2036-06-07"))
    assert not v.validity_fits_age(front(), back("2016-06-07", "2026-06-07"))
    assert not v.validity_fits_age(front(), back("1989-01-01", "1994-01-01"))


# -- business licence -----------------------------------------------------------------------


def test_valid_licence_has_no_finding():
    assert v.check_document(licence(), TODAY) == []
    assert v.check_document(licence(business_term_until="2038-06-20"), TODAY) == []


@pytest.mark.parametrize(
    "code",
    [
        credit_code("92440300MA5F0Y1L2"),  # 个体工商户
        credit_code("93110105MA01ABCD1"),  # 农民专业合作社
        credit_code("12100000400000111"),  # 事业单位, national level
        credit_code("51100000500000111"),  # 社会团体, national level
        credit_code("Y1110105MA01ABCD1"),
        credit_code("N2110105MA01ABCD1"),
        credit_code("71110105MA01ABCD1"),
    ],
)
def test_genuine_code_shapes_pass(code):
    assert v.check_document(licence(credit_code=code), TODAY) == []


def test_licence_check_digit():
    bad = LICENCE_CODE[:17] + ("0" if LICENCE_CODE[17] != "0" else "1")
    findings = v.check_document(licence(credit_code=bad), TODAY)
    assert rules(findings) == ["licence.check_digit"]
    assert findings[0].fields == ("business_licence.credit_code",)


@pytest.mark.parametrize("code", ["91110000600037341", "91110000600037341LL", "9111000060003734IL"])
def test_licence_malformed_code(code):
    assert rules(v.check_document(licence(credit_code=code), TODAY)) == ["licence.check_digit"]


@pytest.mark.parametrize(
    "body",
    [
        "04110000600037341",  # authority 0 does not exist
        "B1110000600037341",  # nor does B
        "94110000600037341",  # 工商 has categories 1-3 only
        "54110000600037341",  # 民政 has no category 4-8
        "Y2110000600037341",  # 其他 has category 1 only
        "91990000600037341",  # 99 is no province
        "911A0000600037341",  # the division code is digits
    ],
)
def test_licence_code_structure(body):
    findings = v.check_document(licence(credit_code=credit_code(body)), TODAY)
    assert rules(findings) == ["licence.code_structure"]


def test_licence_expired():
    findings = v.check_document(licence(business_term_until="2024-11-02"), TODAY)
    assert rules(findings) == ["licence.expired"]
    assert v.check_document(licence(business_term_until="2024-11-03"), TODAY) == []


@pytest.mark.parametrize(
    "fields",
    [
        {"established_date": "2025-01-01"},
        {"established_date": "1949-09-30"},
        {"established_date": "2018-06-31"},
        {"business_term_until": "2038"},
        {"established_date": "2018-06-21", "business_term_until": "2018-06-20"},
    ],
)
def test_licence_date_implausible(fields):
    findings = v.check_document(licence(**fields), TODAY)
    assert "licence.date_implausible" in rules(findings)


def test_range_start_read_as_term_end_is_doubtful_not_expired():
    # 营业期限 2016年08月02日 至 2066年08月01日 read as ending on its first date.
    findings = v.check_document(
        licence(established_date="2016-08-02", business_term_until="2016-08-02"), TODAY
    )
    assert rules(findings) == ["licence.date_implausible"]
    assert findings[0].severity == REVIEW


def test_licence_founding_day_is_plausible():
    assert v.check_document(licence(established_date="1949-10-01"), TODAY) == []


# -- property deed --------------------------------------------------------------------------


def test_valid_deed_has_no_finding():
    assert v.check_document(deed(), TODAY) == []


def test_ended_land_use_term_is_not_flagged():
    assert v.check_document(deed(term_until="2020-04-30"), TODAY) == []


@pytest.mark.parametrize(
    "unit",
    [
        "110105006001GB00123F0001000",  # 27 characters
        "110105006001G100123F00010001",  # one letter
        "110105006001GB00123W00010001",  # W instead of F
        "990105006001GB00123F00010001",  # 99 is no province
    ],
)
def test_deed_unit_number(unit):
    assert rules(v.check_document(deed(unit_number=unit), TODAY)) == ["deed.unit_number"]


@pytest.mark.parametrize("term_until", ["1949-12-31", "2073-02-30", "2073年04月30日"])
def test_deed_date_implausible(term_until):
    findings = v.check_document(deed(term_until=term_until), TODAY)
    assert rules(findings) == ["deed.date_implausible"]
    assert findings[0].severity == REVIEW


def test_deed_term_ends_after_the_certificate_year():
    number = "京（2021）朝阳区不动产权第0012345号"
    assert v.check_document(deed(certificate_number=number, term_until="2090-04-30"), TODAY) == []
    findings = v.check_document(deed(certificate_number=number, term_until="2021-04-30"), TODAY)
    assert rules(findings) == ["deed.date_implausible"]


# -- messages -------------------------------------------------------------------------------


def all_id_findings():
    numbers = [MAN_1990, wrong_check(MAN_1990), id_number("99010519900307123")]
    numbers.append(id_number("11010519900230123"))
    cards = [front(id_number=n, sex="女", birth_date="1991-01-01") for n in numbers]
    findings = [f for card in cards for f in v.check_document(card, TODAY)]
    findings += v.check_id_card_pair(front(), back("2017-03-07", "2027-03-07"), TODAY)
    findings += v.check_id_card_pair(
        doc("id_card_front", id_number=MAN_1990), back("2016-03-07", "长期"), TODAY
    )
    return numbers, findings


def test_no_message_contains_a_full_id_number():
    numbers, findings = all_id_findings()
    assert {f.rule for f in findings} >= {
        "id.check_digit",
        "id.division_code",
        "id.birth_date_invalid",
        "id.birth_date_mismatch",
        "id.sex_mismatch",
        "id.validity_period",
    }
    for finding in findings:
        for number in numbers:
            assert number not in finding.message
            assert number[6:] not in finding.message  # birth date and sequence


def test_messages_are_chinese_with_english_beside():
    _, findings = all_id_findings()
    findings += v.check_document(back("2010-05-12", "2020-05-12"), TODAY)
    for finding in findings:
        assert "\u4e00" <= finding.message[0] <= "\u9fff" and finding.message.endswith("。")
        assert not re.search(r"[A-Za-z]{3,} [A-Za-z]{3,}", finding.message)
        assert finding.message_en[0].isascii() and finding.message_en.endswith(".")


def test_expired_message_says_what_to_do():
    (finding,) = v.check_document(back("2010-05-12", "2020-05-12"), TODAY)
    assert "请申请人换领新证" in finding.message
    assert "renew" in finding.message_en
