"""Field-level checks on extracted documents: check characters, number structure, dates, expiry.

Every check is a pure function of a `Document` (and the review date); none reads OCR output or
the registry. A field that could not be read is absent from `document.fields`: the checks that
need it are skipped, because the completeness layer (`rules.py`) reports missing fields. All
findings here are definite defects (`fail`); confidence is judged elsewhere.

Rule ids (stable, documented). Every one has severity `fail` except the doubtful-value rules
(`*.date_implausible`, `id.validity_order`): a date that contradicts another field of the same
card is more likely misread than forged, so those are `review` and no expiry is decided on it.

ID card, front (人像面)
- `id.check_digit`: the 公民身份号码 is not 17 digits plus a check character, or its check
  character is not the one GB 11643-1999 (ISO 7064 MOD 11-2) gives.
- `id.birth_date_invalid`: the birth date embedded in the number (digits 7-14) is not a calendar
  date, lies in the future or lies before 1900.
- `id.division_code`: the number's first two digits are not a province-level code of GB/T 2260.
  A code unknown below province level is NOT a defect: a number keeps the code under which it
  was first assigned, which may be younger than its holder or no longer exist.
- `id.birth_date_mismatch`: the printed 出生 date differs from the number's birth date.
- `id.sex_mismatch`: the printed 性别 disagrees with the number's 17th digit (odd: man,
  even: woman).
- `id.date_implausible`: a date printed on the card is malformed; a printed birth date in the
  future or before 1900; a 有效期限 start before 1984 (the first year numbers were issued).

ID card, back (国徽面)
- `id.expired`: 有效期限 ended before the review date (its last day is still valid).
- `id.not_yet_valid`: 有效期限 starts after the review date.
- `id.validity_order`: the end of 有效期限 is not after its start.

ID card, both sides (`check_id_card_pair`)
- `id.date_implausible` (pair): the validity starts on or before the holder's birth date.
- `id.validity_period`: the period does not fit the holder's age at issue (居民身份证法 第五条:
  under 16: 5 years; 16-25: 10 years; 26-45: 20 years; 46 and over: 长期).

Business licence (营业执照)
- `licence.check_digit`: the 统一社会信用代码 is not 18 characters of `0-9 A-Z` without
  I O S V Z, or its check character is not the one GB 32100-2015 (modulo 31) gives.
- `licence.code_structure`: the code's registration authority, organisation category or
  division code (characters 1, 2, 3-8) is impossible under GB 32100-2015.
- `licence.expired`: 营业期限 ended before the review date.
- `licence.date_implausible`: a date is malformed; 成立日期 in the future or before
  1949-10-01; 营业期限 ending on or before 成立日期 (then no `licence.expired`).

Property deed (不动产权证书)
- `deed.unit_number`: the 不动产单元号 is not 28 characters shaped as 6-digit division code,
  6-digit cadastral zone, 2 letters, 5 digits, `F`, 8 digits, or its province code is not real.
- `deed.date_implausible`: 使用期限 end is malformed, before 1950 or not after the year in
  the certificate number (review: probably misread). The end of a land-use
  term is not a defect for the matters served here, so it is never compared with the review date.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from stdnum.cn import ric, uscc

from .messages import N_, Wording, wording
from .normalize import fold, mask_id_number
from .records import FAIL, REVIEW, Document, Finding

LONG_TERM = "长期"
LONG_TERM_END = date.max
"""How a 长期 (no end) validity is represented once parsed: after every real date."""

# GB/T 2260 province-level codes; the first two digits of every division code.
PROVINCE_CODES = frozenset(
    [*range(11, 16), *range(21, 24), *range(31, 38), *range(41, 47), *range(50, 55)]
    + [*range(61, 66), 71, 81, 82]
)
# Organisations registered at national level carry 100000 in their credit code (GB 32100).
NATIONAL_DIVISION_CODE = "100000"

EARLIEST_BIRTH = date(1900, 1, 1)
FIRST_ID_ISSUE = date(1984, 1, 1)
PRC_FOUNDED = date(1949, 10, 1)
EARLIEST_LAND_TERM_END = date(1950, 1, 1)

# 居民身份证法 第十一条: the card is issued within 60 days of the application, and the age that
# sets the validity period is the age at application; valid_from is the issue date.
ISSUE_DELAY = timedelta(days=60)

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
ID_NUMBER_SHAPE = re.compile(r"\d{17}[\dX]")
# GB 32100-2015: 0-9 and A-Z without I, O, S, V, Z (they look like 1, 0, 5, U, 2).
CREDIT_CODE_SHAPE = re.compile(r"[0-9A-HJ-NP-RTUWXY]{18}")
CERTIFICATE_YEAR = re.compile(r"\((\d{4})\)")
UNIT_NUMBER_SHAPE = re.compile(r"\d{6}\d{6}[A-Z]{2}\d{5}F\d{8}")

# GB 32100-2015 table 1: registration authorities (1 机构编制 ... 9 工商, A 中央军委改革和编制
# 办公室, N 农业, Y 其他).
REGISTRATION_AUTHORITIES = frozenset("123456789ANY")
REGISTRATION_CHARACTERS = frozenset("0123456789ABCDEFGHJKLMNPQRTUWXY")
# Categories per authority, only where the standard is unambiguous; other authorities are not
# checked, so that a genuine but rarely seen code is never failed.
CATEGORIES_BY_AUTHORITY = {
    "1": frozenset("1239"),  # 机关, 事业单位, 中央编办直接管理的群众团体, 其他
    "5": frozenset("1239"),  # 社会团体, 民办非企业单位, 基金会, 其他
    "9": frozenset("123"),  # 企业, 个体工商户, 农民专业合作社
    "Y": frozenset("1"),
}


# -- public helpers -------------------------------------------------------------------------


def id_number_problem(number: str) -> Wording | None:
    """The clerk message when `number` fails GB 11643 shape or check character, else None."""
    shown = mask_id_number(number)
    if not ID_NUMBER_SHAPE.fullmatch(number):
        return wording(
            "The ID number %(number)s is not 17 digits plus a check character; compare it with"
            " the original card.",
            number=shown,
        )
    expected = _ric_check_digit(number)
    if expected is None or expected == number[-1]:
        return None
    return wording(
        "The check character of ID number %(number)s is wrong (GB 11643 gives %(expected)s);"
        " compare it with the original card.",
        number=shown,
        expected=expected,
    )


def credit_code_problem(code: str) -> Wording | None:
    """The clerk message when `code` fails GB 32100 shape or check character, else None."""
    if not CREDIT_CODE_SHAPE.fullmatch(code):
        return wording(
            "The credit code %(code)s is not 18 characters of 0-9 and A-Z without I, O, S, V, Z;"
            " compare it with the original licence.",
            code=code,
        )
    expected = _uscc_check_digit(code)
    if expected is None or expected == code[-1]:
        return None
    return wording(
        "The check character of credit code %(code)s is wrong (GB 32100 gives %(expected)s);"
        " compare it with the original licence.",
        code=code,
        expected=expected,
    )


def age_on(birth: date, day: date) -> int:
    """Full years of age on `day` (a 29 February birthday counts from 1 March)."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def expected_validity_years(age_at_issue: int) -> int | None:
    """Years an ID card is valid when issued at this age; None means 长期 (居民身份证法 第五条)."""
    if age_at_issue < 16:
        return 5
    if age_at_issue <= 25:
        return 10
    if age_at_issue <= 45:
        return 20
    return None


def parse_date(value: str) -> date | None:
    """A `YYYY-MM-DD` value as a date; None when it is not one."""
    if not ISO_DATE.fullmatch(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def parse_term_end(value: str) -> date | None:
    """The end of a term: a date, `LONG_TERM_END` for 长期, None when malformed."""
    return LONG_TERM_END if value == LONG_TERM else parse_date(value)


# -- entry points ---------------------------------------------------------------------------


def check_document(document: Document, today: date) -> list[Finding]:
    """Every single-document check for the document's type; [] for an unknown type."""
    checks = {
        "id_card_front": id_card_front_findings,
        "id_card_back": id_card_back_findings,
        "business_licence": business_licence_findings,
        "property_deed": property_deed_findings,
    }
    check = checks.get(document.type)
    return check(document, today) if check else []


def check_id_card_pair(front: Document, back: Document, today: date) -> list[Finding]:
    """The checks that need both sides of one ID card: the validity period against the age."""
    birth, birth_field = _holder_birth_date(front)
    start = parse_date(_value(back, "valid_from") or "")
    end_text = _value(back, "valid_until")
    end = parse_term_end(end_text) if end_text is not None else None
    if birth is None or start is None or end is None or end <= start:
        return []  # unreadable or already reported by check_document
    if validity_fits_age(front, back):
        return []
    return [_validity_period_finding(front, back, birth_field, birth, start, end_text)]


def validity_fits_age(front: Document, back: Document) -> bool:
    """Whether the back's validity period is the one the law gives the front's holder at the
    age of issue: the two sides of the card corroborate each other."""
    birth, _ = _holder_birth_date(front)
    start = parse_date(_value(back, "valid_from") or "")
    end_text = _value(back, "valid_until")
    end = parse_term_end(end_text) if end_text is not None else None
    if birth is None or start is None or end is None or start <= birth:
        return False
    allowed = {
        expected_validity_years(age_on(birth, start)),
        expected_validity_years(age_on(birth, start - ISSUE_DELAY)),
    }
    return any(_term_matches(start, end, years) for years in allowed)


# -- ID card front --------------------------------------------------------------------------


def id_card_front_findings(document: Document, today: date) -> list[Finding]:
    """Checks of the 人像面: the number itself, then the printed fields against it."""
    findings = _printed_birth_date_findings(document, today)
    number = _value(document, "id_number")
    if number is None:
        return findings
    problem = id_number_problem(number)
    if problem:
        findings.append(_finding(document, "id.check_digit", problem, id_number=number))
    if not ID_NUMBER_SHAPE.fullmatch(number):
        return findings  # nothing else can be read from a malformed number
    findings += _division_code_findings(document, number)
    findings += _number_birth_date_findings(document, number, today)
    findings += _sex_findings(document, number)
    return findings


def _printed_birth_date_findings(document: Document, today: date) -> list[Finding]:
    text = _value(document, "birth_date")
    if text is None:
        return []
    birth = parse_date(text)
    if birth is None:
        message = wording(
            "The birth date printed on the ID card, '%(date)s', is not a valid date; compare it"
            " with the original card.",
            date=text,
        )
    elif birth > today or birth < EARLIEST_BIRTH:
        message = wording(
            "The birth date printed on the ID card, %(date)s, is in the future or before 1900;"
            " compare it with the original card.",
            date=text,
        )
    else:
        return []
    return [_finding(document, "id.date_implausible", message, birth_date=text)]


def _division_code_findings(document: Document, number: str) -> list[Finding]:
    # Only the province is checked: below it, codes created or abolished after 1984 are genuine
    # (GB 11643 keeps the code of first registration for life), see documents.md.
    if int(number[:2]) in PROVINCE_CODES:
        return []
    shown = mask_id_number(number)
    message = wording(
        "The first two digits of ID number %(number)s are not a real province code; compare it"
        " with the original card.",
        number=shown,
    )
    return [_finding(document, "id.division_code", message, id_number=number)]


def _number_birth_date_findings(document: Document, number: str, today: date) -> list[Finding]:
    # Messages here name no masked number: with the birth date they would give the full number.
    birth = number_birth_date(number)
    if birth is None or birth > today or birth < EARLIEST_BIRTH:
        message = wording(
            "Digits 7-14 of the ID number are not a plausible birth date (no such day, in the"
            " future or before 1900); compare it with the original card."
        )
        return [_finding(document, "id.birth_date_invalid", message, id_number=number)]
    printed = parse_date(_value(document, "birth_date") or "")
    if printed is None or printed == birth:
        return []
    # No dates in the message: the number's birth date is the part of it masking hides.
    message = wording(
        "The birth date printed on the ID card differs from the one in the ID number; compare"
        " them on the original card."
    )
    return [
        _finding(
            document,
            "id.birth_date_mismatch",
            message,
            birth_date=printed.isoformat(),
            id_number=number,
        )
    ]


def _sex_findings(document: Document, number: str) -> list[Finding]:
    # GB 11643: the sequence code (digits 15-17) is odd for men and even for women.
    sex = _value(document, "sex")
    if sex not in ("男", "女"):
        return []
    by_number = "男" if int(number[16]) % 2 else "女"
    if sex == by_number:
        return []
    parity = wording("odd: a man") if by_number == "男" else wording("even: a woman")
    message = wording(
        "The sex printed on the ID card (%(sex)s) disagrees with the ID number's 17th digit"
        " (%(parity)s); compare it with the original card.",
        sex=sex,
        parity=parity,
    )
    return [_finding(document, "id.sex_mismatch", message, sex=sex, id_number=number)]


# -- ID card back ---------------------------------------------------------------------------


def id_card_back_findings(document: Document, today: date) -> list[Finding]:
    """Checks of the 国徽面: well-formed dates, in order, and valid on the review date."""
    start_text = _value(document, "valid_from")
    end_text = _value(document, "valid_until")
    start = parse_date(start_text) if start_text is not None else None
    end = parse_term_end(end_text) if end_text is not None else None
    findings = []
    if start_text is not None:
        findings += _validity_start_findings(document, start_text, start, today)
    if end_text is not None and end is None:
        findings.append(_malformed_date(document, "id.date_implausible", "valid_until", end_text))
    if start is not None and end is not None and end <= start:
        # One of the two dates is misread: neither may decide that the card has expired.
        return [*findings, _validity_order(document, start_text, end_text)]
    if end is not None and end < today:
        findings.append(_expired_card(document, end_text, today))
    return findings


def _validity_start_findings(
    document: Document, text: str, start: date | None, today: date
) -> list[Finding]:
    if start is None:
        return [_malformed_date(document, "id.date_implausible", "valid_from", text)]
    if start < FIRST_ID_ISSUE:
        message = wording(
            "The ID card's validity starts on %(date)s, before 1984 when cards were first"
            " issued; compare it with the original card.",
            date=text,
        )
        return [_finding(document, "id.date_implausible", message, valid_from=text)]
    if start > today:
        message = wording(
            "The ID card is valid only from %(date)s, after the review date %(today)s; compare"
            " it with the original card.",
            date=text,
            today=today.isoformat(),
        )
        return [_finding(document, "id.not_yet_valid", message, valid_from=text)]
    return []


def _expired_card(document: Document, end_text: str, today: date) -> Finding:
    message = wording(
        "The ID card expired on %(date)s; the applicant must renew it and submit again.",
        date=end_text,
    )
    return _finding(document, "id.expired", message, valid_until=end_text, today=today)


def _validity_order(document: Document, start_text: str, end_text: str) -> Finding:
    message = wording(
        "The ID card's validity ends on %(end)s, not after it starts on %(start)s; compare it"
        " with the original card.",
        end=end_text,
        start=start_text,
    )
    return _finding(
        document, "id.validity_order", message, valid_from=start_text, valid_until=end_text
    )


# -- ID card, both sides --------------------------------------------------------------------


def _holder_birth_date(front: Document) -> tuple[date | None, str]:
    """The birth date and the field it came from: the printed date, else the number's."""
    printed = parse_date(_value(front, "birth_date") or "")
    if printed is not None:
        return printed, "birth_date"
    number = _value(front, "id_number") or ""
    if ID_NUMBER_SHAPE.fullmatch(number):
        return number_birth_date(number), "id_number"
    return None, "id_number"


def _term_matches(start: date, end: date, years: int | None) -> bool:
    """Whether `end` closes a term of `years` from `start` (None: 长期), give or take a day."""
    if years is None:
        return end == LONG_TERM_END
    if end == LONG_TERM_END:
        return False
    return abs((end - years_later(start, years)).days) <= 1


def years_later(day: date, years: int) -> date:
    """The same day `years` later (28 February for a 29 February without one)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def _validity_period_finding(
    front: Document, back: Document, birth_field: str, birth: date, start: date, end_text: str
) -> Finding:
    age = age_on(birth, start)
    years = expected_validity_years(age) if age >= 0 else None
    term = wording("no end") if years is None else wording("%(years)s years", years=years)
    if start <= birth:
        # Issued before the holder was born: one of the dates is misread (doubtful, review).
        rule = "id.date_implausible"
        message = wording(
            "The ID card's validity (%(start)s to %(end)s) starts before the holder was born:"
            " probably misread; compare it with the original card.",
            start=start.isoformat(),
            end=end_text,
        )
    else:
        rule = "id.validity_period"
        message = wording(
            "The ID card's validity (%(start)s to %(end)s) does not fit the holder's age at"
            " issue (%(age)s, which gives %(term)s); compare it with the original card.",
            start=start.isoformat(),
            end=end_text,
            age=age,
            term=term,
        )
    birth_value = front.fields[birth_field].value
    return Finding(
        rule=rule,
        severity=REVIEW if rule in DOUBTFUL_RULES else FAIL,
        message=message.zh,
        documents=(front.source, back.source),
        fields=(
            f"{front.type}.{birth_field}",
            f"{back.type}.valid_from",
            f"{back.type}.valid_until",
        ),
        values={
            f"{front.type}.{birth_field}": birth_value,
            f"{back.type}.valid_from": start.isoformat(),
            f"{back.type}.valid_until": end_text,
            "birth_date": birth.isoformat(),
            "age_at_issue": str(age),
            "expected_term": term.zh,
        },
        message_en=message.en,
    )


# -- business licence -----------------------------------------------------------------------


def business_licence_findings(document: Document, today: date) -> list[Finding]:
    """Checks of the 营业执照: the credit code, then the dates."""
    findings = []
    code = _value(document, "credit_code")
    if code is not None:
        problem = credit_code_problem(code)
        if problem:
            findings.append(_finding(document, "licence.check_digit", problem, credit_code=code))
        if CREDIT_CODE_SHAPE.fullmatch(code):
            findings += [
                _finding(document, "licence.code_structure", message, credit_code=code)
                for message in _credit_code_structure_problems(code)
            ]
    return findings + _licence_date_findings(document, today)


def _credit_code_structure_problems(code: str) -> list[Wording]:
    # GB 32100-2015 section 4: authority (1) · category (1) · division code (6) · ... The
    # embedded organisation code (GB 11714) is not checked: stdnum.cn.uscc offers no check of it.
    problems = []
    authority, category, division = code[0], code[1], code[2:8]
    if authority not in REGISTRATION_AUTHORITIES:
        problems.append(
            wording(
                "The first character of credit code %(code)s ('%(authority)s') is not a"
                " registration authority of GB 32100; compare it with the original licence.",
                code=code,
                authority=authority,
            )
        )
    elif category not in CATEGORIES_BY_AUTHORITY.get(authority, REGISTRATION_CHARACTERS):
        problems.append(
            wording(
                "The second character of credit code %(code)s ('%(category)s') is not an"
                " organisation category of authority '%(authority)s' in GB 32100; compare it"
                " with the original licence.",
                code=code,
                category=category,
                authority=authority,
            )
        )
    if not _is_credit_code_division(division):
        problems.append(
            wording(
                "Characters 3-8 of credit code %(code)s ('%(division)s') are not a division code"
                " with a real province; compare it with the original licence.",
                code=code,
                division=division,
            )
        )
    return problems


def _is_credit_code_division(division: str) -> bool:
    if division == NATIONAL_DIVISION_CODE:
        return True
    return division.isdigit() and int(division[:2]) in PROVINCE_CODES


def _licence_date_findings(document: Document, today: date) -> list[Finding]:
    rule = "licence.date_implausible"
    start_text = _value(document, "established_date")
    end_text = _value(document, "business_term_until")
    start = parse_date(start_text) if start_text is not None else None
    end = parse_term_end(end_text) if end_text is not None else None
    findings = []
    if start_text is not None and start is None:
        findings.append(_malformed_date(document, rule, "established_date", start_text))
    if start is not None and (start > today or start < PRC_FOUNDED):
        findings.append(_implausible_establishment(document, start_text))
    if end_text is not None and end is None:
        findings.append(_malformed_date(document, rule, "business_term_until", end_text))
    if start is not None and end is not None and end <= start:
        # A term that ends on or before the establishment date is a misread (often the
        # range's start date taken for its end): doubtful, so never `licence.expired`.
        return [*findings, _term_before_establishment(document, start_text, end_text)]
    if end is not None and end < today:
        findings.append(_expired_licence(document, end_text, today))
    return findings


def _implausible_establishment(document: Document, text: str) -> Finding:
    message = wording(
        "The licence's establishment date %(date)s is in the future or before 1949-10-01;"
        " compare it with the original licence.",
        date=text,
    )
    return _finding(document, "licence.date_implausible", message, established_date=text)


def _expired_licence(document: Document, end_text: str, today: date) -> Finding:
    message = wording(
        "The business licence's term ended on %(date)s; the applicant must have the term"
        " extended and submit the new licence.",
        date=end_text,
    )
    return _finding(document, "licence.expired", message, business_term_until=end_text, today=today)


def _term_before_establishment(document: Document, start_text: str, end_text: str) -> Finding:
    message = wording(
        "The licence's term ends on %(end)s, not after the establishment date %(start)s:"
        " probably misread; compare it with the original licence.",
        end=end_text,
        start=start_text,
    )
    return _finding(
        document,
        "licence.date_implausible",
        message,
        established_date=start_text,
        business_term_until=end_text,
    )


# -- property deed --------------------------------------------------------------------------


def property_deed_findings(document: Document, today: date) -> list[Finding]:
    """Checks of the 不动产权证书: the unit number's shape and a plausible term end."""
    del today  # land-use terms are not compared with the review date (see the module docstring)
    findings = []
    unit = _value(document, "unit_number")
    if unit is not None and not _is_unit_number(unit):
        message = wording(
            "The real-estate unit number %(unit)s is not 28 characters of division code,"
            " cadastral zone, 2 letters and 5 digits, F and 8 digits; compare it with the"
            " original deed.",
            unit=unit,
        )
        findings.append(_finding(document, "deed.unit_number", message, unit_number=unit))
    term_text = _value(document, "term_until")
    if term_text is not None:
        findings += _deed_term_findings(document, term_text)
    return findings


def _is_unit_number(unit: str) -> bool:
    return bool(UNIT_NUMBER_SHAPE.fullmatch(unit)) and int(unit[:2]) in PROVINCE_CODES


def _deed_term_findings(document: Document, text: str) -> list[Finding]:
    end = parse_term_end(text)
    if end is None:
        return [_malformed_date(document, "deed.date_implausible", "term_until", text)]
    issued = _certificate_year(document)
    if end >= EARLIEST_LAND_TERM_END and (issued is None or end.year > issued):
        return []
    message = wording(
        "The deed's term ends on %(date)s, before 1950 or not after the certificate's year:"
        " probably misread; compare it with the original deed.",
        date=text,
    )
    return [_finding(document, "deed.date_implausible", message, term_until=text)]


def _certificate_year(document: Document) -> int | None:
    """The year in brackets in the certificate number: 京（2021）朝阳区不动产权第0012345号."""
    found = CERTIFICATE_YEAR.search(fold(_value(document, "certificate_number") or ""))
    return int(found.group(1)) if found else None


# -- shared ---------------------------------------------------------------------------------

FIELD_LABELS = {
    "valid_from": N_("The ID card's validity start"),
    "valid_until": N_("The ID card's validity end"),
    "established_date": N_("The licence's establishment date"),
    "business_term_until": N_("The end of the licence's term"),
    "term_until": N_("The end of the deed's land-use term"),
}


def _value(document: Document, name: str) -> str | None:
    field = document.fields.get(name)
    return field.value if field is not None else None


# A value that contradicts another field of the same document is more likely misread than
# forged: these rules ask a clerk to compare it with the original (`review`), never fail.
DOUBTFUL_RULES = frozenset(
    {
        "id.date_implausible",
        "id.validity_order",
        "licence.date_implausible",
        "deed.date_implausible",
    }
)


def _finding(document: Document, rule: str, message: Wording, **values: str | date) -> Finding:
    """A finding on one document (`review` for doubtful values, else `fail`); keyword names
    are its fields, except `today`."""
    qualified = {
        (name if name == "today" else f"{document.type}.{name}"): str(value)
        for name, value in values.items()
    }
    return Finding(
        rule=rule,
        severity=REVIEW if rule in DOUBTFUL_RULES else FAIL,
        message=message.zh,
        documents=(document.source,),
        fields=tuple(name for name in qualified if name != "today"),
        values=qualified,
        message_en=message.en,
    )


def _malformed_date(document: Document, rule: str, name: str, text: str) -> Finding:
    label = wording(FIELD_LABELS[name]) if name in FIELD_LABELS else Wording(name, name)
    message = wording(
        "%(field)s, '%(date)s', is not a valid date; compare it with the original document.",
        field=label,
        date=text,
    )
    return _finding(document, rule, message, **{name: text})


def _ric_check_digit(number: str) -> str | None:
    # stdnum.cn.ric.is_valid is not used: it rejects division codes that stdnum does not place
    # in the birth year, i.e. many genuine numbers of people born before the mid-1980s.
    try:
        return ric.calc_check_digit(ric.compact(number))
    except Exception:  # nothing from a third-party validator may escape a check
        return None


def number_birth_date(number: str) -> date | None:
    """The birth date an ID number encodes (digits 7-14), or None when it is no date."""
    try:
        return ric.get_birth_date(number)
    except Exception:  # see _ric_check_digit
        return None


def _uscc_check_digit(code: str) -> str | None:
    try:
        return uscc.calc_check_digit(uscc.compact(code))
    except Exception:  # see _ric_check_digit
        return None
