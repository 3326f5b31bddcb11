"""What masked pages may say about hidden numbers: where two ID numbers differ, never the
digits; and messages with every birth date taken out (an ID number masks its birth-date
digits, so a message must not print them)."""

from __future__ import annotations

import re

from ..records import CaseReport, Document, Finding

MASKED_DATE = "****-**-**"
ID_NUMBER = re.compile(r"^\d{17}[\dX]$")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# GB 11643: digits 1-6 division code, 7-14 birth date, 15-17 sequence (17th: sex), 18 check.
ID_PARTS = (
    (0, 6, "地址码（第1–6位）"),
    (6, 14, "出生日期码（第7–14位）"),
    (14, 17, "顺序码（第15–17位）"),
    (17, 18, "校验码（第18位）"),
)
DATE_PARTS = ((0, 4, "年"), (5, 7, "月"), (8, 10, "日"))


def sensitive_dates(report: CaseReport) -> set[str]:
    """Every birth date the case shows: printed on ID cards and encoded in ID numbers."""
    dates = set()
    for document in report.documents:
        dates |= document_dates(document)
    for finding in report.findings:
        dates |= finding_dates(finding)
    return dates


def finding_dates(finding: Finding) -> set[str]:
    """The birth dates a finding compares: given as such or encoded in an ID number."""
    dates = set()
    for key, value in finding.values.items():
        if key.endswith("id_number"):
            dates.update(_birth_date_of(value))
        if key.endswith("birth_date"):
            dates.add(value)
    return {date for date in dates if ISO_DATE.fullmatch(date or "")}


def document_dates(document: Document) -> set[str]:
    """The birth dates one document shows: its printed birth date and its ID number's."""
    dates = set()
    for name, found in document.fields.items():
        if name == "birth_date":
            dates.add(found.value)
        if name == "id_number":
            dates.update(_birth_date_of(found.value))
    return {date for date in dates if ISO_DATE.fullmatch(date or "")}


def _birth_date_of(number: str) -> list[str]:
    if not ID_NUMBER.match(number or ""):
        return []
    digits = number[6:14]
    return [f"{digits[:4]}-{digits[4:6]}-{digits[6:]}"]


def without_dates(text: str, dates: set[str]) -> str:
    """The text with each date replaced by ****-**-**: ISO, compact (19940730), dotted or
    slashed, and 年月日 forms, months and days with or without their leading zero."""
    for date in dates:
        text = _date_in_text(date).sub(MASKED_DATE, text)
    return text


def _date_in_text(date: str) -> re.Pattern:
    year, month, day = date.split("-")
    separator = r"\s*[年./-]?\s*"
    return re.compile(
        rf"(?<!\d){year}{separator}0?{int(month)}\s*[月./-]?\s*0?{int(day)}(?!\d)(\s*日)?"
    )


def masked_dates(data: object, dates: set[str]) -> object:
    """A JSON-like structure with every date of `dates` taken out of its strings, and the
    value of every `birth_date` field (a document's, or a finding value's key ending in it)
    replaced whole by ****-**-**, whatever it reads."""
    if isinstance(data, str):
        return without_dates(data, dates)
    if isinstance(data, list | tuple):
        return [masked_dates(item, dates) for item in data]
    if not isinstance(data, dict):
        return data
    masked = {}
    for key, value in data.items():
        if isinstance(key, str) and key.endswith("birth_date"):
            if isinstance(value, dict) and "value" in value:
                value = {**value, "value": MASKED_DATE}
            elif isinstance(value, str):
                value = MASKED_DATE
        masked[key] = masked_dates(value, dates)
    return masked


def id_difference(left: str, right: str) -> str | None:
    """Where two ID numbers differ, by part and digit position, without a digit, in Chinese
    (the page's words):
    `出生日期码（第7–14位）不同：第11、12位`; None unless both are 18-character numbers."""
    if not (ID_NUMBER.match(left or "") and ID_NUMBER.match(right or "")):
        return None
    if left == right:
        return "两个号码相同"
    differing = [index for index in range(18) if left[index] != right[index]]
    parts = [label for start, end, label in ID_PARTS if any(start <= i < end for i in differing)]
    positions = "、".join(str(index + 1) for index in differing)
    return f"{'、'.join(parts)}不同：第{positions}位"


def date_difference(printed: str, number: str) -> str | None:
    """Which of year, month and day of a printed birth date differ from the ID number's."""
    encoded = _birth_date_of(number)
    if not encoded or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", printed or ""):
        return None
    parts = [
        label for start, end, label in DATE_PARTS if printed[start:end] != encoded[0][start:end]
    ]
    if not parts:
        return None
    return f"印刷的出生日期与号码中的出生日期码：{'、'.join(parts)}不同"


def masked_difference(values: dict[str, str]) -> str | None:
    """The masked description of what a finding compares, when it compares hidden numbers."""
    numbers = [value for key, value in values.items() if key.endswith("id_number")]
    if len(numbers) >= 2:
        return id_difference(numbers[0], numbers[1])
    dates = [value for key, value in values.items() if key.endswith("birth_date")]
    if numbers and dates:
        return date_difference(dates[0], numbers[0])
    return None
