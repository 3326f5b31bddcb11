"""Raw OCR text of a field -> the normalised value docs/report-format.md fixes.

Each normaliser returns None when the text does not hold a value of that kind: a field that
cannot be read is left out, never guessed. OCR confusions are repaired only where the
character is impossible in that position (an `O` in a digit run), never by trying check
digits: a tampered check digit must stay visible.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

LONG_TERM = "长期"
WHITESPACE = re.compile(r"\s+")
# Characters OCR engines put in place of digits; only applied where a digit is required.
DIGIT_CONFUSIONS = str.maketrans(
    {
        "O": "0",
        "o": "0",
        "D": "0",
        "Q": "0",
        "I": "1",
        "l": "1",
        "|": "1",
        "i": "1",
        "Z": "2",
        "z": "2",
        "S": "5",
        "s": "5",
        "B": "8",
        "G": "6",
        "b": "6",
        "g": "9",
        "q": "9",
        "T": "7",
        "L": "1",
    }
)
# GB 32100 never uses I O S V Z; read them as the digits they resemble.
CREDIT_CODE_CONFUSIONS = str.maketrans({"O": "0", "I": "1", "S": "5", "Z": "2", "V": "Y"})
# Full-width forms as printed on the documents; OCR often returns the ASCII ones.
PRINTED_PUNCTUATION = str.maketrans({"(": "（", ")": "）", ":": "：", ",": "，"})
DATE_PATTERN = re.compile(r"(\d{4})\D{0,3}?(\d{1,2})\D{0,3}?(\d{1,2})")


def mask_id_number(value: str) -> str:
    """110105199003071239 -> 110105********1239: keeps the division code and the last four."""
    if len(value) < 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


# An 18-character ID number anywhere in a text: in an address the number line was read
# into, a file name, a pack's message. Not part of a longer run of digits (a unit number).
ID_NUMBER_IN_TEXT = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")


def mask_text(text: str, mask: bool = True) -> str:
    """Every ID-number-shaped run in a text masked as mask_id_number does (unless `mask` is
    False): the one masking rule of every output channel."""
    if not mask:
        return text
    return ID_NUMBER_IN_TEXT.sub(lambda found: mask_id_number(found.group()), text)


# A line an ID number may be read from, even with a misread check digit: 15 digits in a row.
NUMBER_SHAPED_LINE = re.compile(r"\d{15,}")


def looks_like_id_number(text: str) -> bool:
    """True for an OCR line that may hold an ID number (its image area is blurred)."""
    return bool(NUMBER_SHAPED_LINE.search(fold(text)))


def masked(data: object, mask: bool = True) -> object:
    """A JSON-like structure with mask_text applied to every string in it, keys included."""
    if not mask:
        return data
    if isinstance(data, str):
        return mask_text(data)
    if isinstance(data, dict):
        return {masked(key): masked(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [masked(item) for item in data]
    return data


def fold(text: str) -> str:
    """The comparison form: Unicode NFKC (width variants folded) with white space removed."""
    return WHITESPACE.sub("", unicodedata.normalize("NFKC", text))


def fold_chars(text: str) -> str:
    """`fold` applied character by character where it keeps the length (label search)."""
    folded = (unicodedata.normalize("NFKC", char) for char in text)
    return "".join(new if len(new) == 1 else old for new, old in zip(folded, text, strict=True))


def compact(text: str) -> str:
    """Text with all white space removed."""
    return WHITESPACE.sub("", text)


def _strip_punctuation(text: str) -> str:
    return text.strip(":：;；,，.。·'\"“”‘’-—_ ")


def as_printed(text: str) -> str:
    """White space removed, ASCII brackets and colons in their printed full-width form."""
    return _strip_punctuation(compact(text).translate(PRINTED_PUNCTUATION))


def name(text: str) -> str | None:
    """A person's name: CJK characters and the middle dot of minority names."""
    value = re.sub(r"[^\u4e00-\u9fff·•]", "", compact(text)).replace("•", "·")
    return value if 2 <= len(value) <= 20 else None


def sex(text: str) -> str | None:
    """男 or 女."""
    match = re.search(r"[男女]", text)
    return match.group(0) if match else None


# Traditional forms OCR models trained on mixed text sometimes return for these names.
TRADITIONAL_ETHNICITIES = str.maketrans(
    {"漢": "汉", "滿": "满", "壯": "壮", "維": "维", "爾": "尔", "鮮": "鲜"}
)


def ethnicity(text: str) -> str | None:
    """An ethnic group as printed (汉, 回, 蒙古 ...), without a trailing 族."""
    value = re.sub(r"[^\u4e00-\u9fff]", "", text).translate(TRADITIONAL_ETHNICITIES)
    value = value[:-1] if value.endswith("族") and len(value) > 1 else value
    return value if 1 <= len(value) <= 5 else None


# Older licences print dates in Chinese numerals (二〇一五年三月二日).
CHINESE_DIGITS = {"〇": 0, "零": 0, "○": 0, "O": 0, "0": 0, "一": 1, "二": 2, "三": 3, "四": 4,
                  "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip
CHINESE_DATE = re.compile(
    r"([〇零○O0一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日"
)


def _chinese_number(text: str) -> int:
    """一 .. 三十一: 十 alone is ten, before a digit ten and it, after one that many tens."""
    if "十" not in text:
        return CHINESE_DIGITS[text[0]] if len(text) == 1 else 0
    tens, _, units = text.partition("十")
    return (CHINESE_DIGITS[tens] if tens else 1) * 10 + (CHINESE_DIGITS[units] if units else 0)


def arabic_dates(text: str) -> str:
    """The text with dates in Chinese numerals written in digits (2013年10月9日)."""

    def digits(found: re.Match[str]) -> str:
        year = "".join(str(CHINESE_DIGITS[char]) for char in found.group(1))
        return f"{year}年{_chinese_number(found.group(2))}月{_chinese_number(found.group(3))}日"

    return CHINESE_DATE.sub(digits, text)


def date(text: str) -> str | None:
    """The first date in the text as YYYY-MM-DD (from 1990年3月7日, 2016.05.12, 20160512)."""
    digits = arabic_dates(compact(text))
    digits = digits.translate(str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1"}))
    match = DATE_PATTERN.search(digits)
    if not match:
        return None
    return _iso_date(*match.groups())


def _iso_date(year: str, month: str, day: str) -> str | None:
    y, m, d = int(year), int(month), int(day)
    if not (1900 <= y <= 2200 and 1 <= m <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def date_or_long_term(text: str) -> str | None:
    """A date, or 长期 for a validity without end."""
    if "长期" in text or "長期" in text:
        return LONG_TERM
    return date(text)


def validity_period(text: str) -> tuple[str | None, str | None]:
    """(valid_from, valid_until) from `2016.05.12-2036.05.12` or `2010.01.04-长期`."""
    value = arabic_dates(compact(text))
    dates = [
        _iso_date(*m.groups())
        for m in DATE_PATTERN.finditer(value.translate(str.maketrans("Ool", "001")))
    ]
    start = dates[0] if dates else None
    if "长期" in value:
        return start, LONG_TERM
    return start, dates[1] if len(dates) > 1 else None


def end_of_term(text: str) -> str | None:
    """The end of a term: `... 至 长期`, `... 至 2038年06月20日`, `...起2073年04月30日止`."""
    value = compact(text)
    if "长期" in value:
        return LONG_TERM
    dates = [_iso_date(*m.groups()) for m in DATE_PATTERN.finditer(value)]
    dates = [d for d in dates if d]
    return dates[-1] if dates else None


def id_number(text: str) -> str | None:
    """An 18-character resident ID number (GB 11643), X upper-case."""
    value = compact(text).upper()
    match = re.search(r"[0-9OIDQZSBGL|]{17}[0-9X]", value)
    if not match:
        return None
    body = match.group(0)
    return body[:17].translate(DIGIT_CONFUSIONS) + body[17]


def credit_code(text: str) -> str | None:
    """An 18-character unified social credit code (GB 32100), upper-case."""
    value = compact(text).upper().translate(CREDIT_CODE_CONFUSIONS)
    match = re.search(r"(?<![0-9A-Z])[0-9A-Y]{18}(?![0-9A-Z])", value)
    if not match:
        match = re.search(r"[0-9A-Y]{18}", value)
    if not match:
        return None
    code = match.group(0)
    # Characters 3-8 are the division code: digits only.
    return code[:2] + code[2:8].translate(DIGIT_CONFUSIONS) + code[8:]


def unit_number(text: str) -> str | None:
    """A 28-character real-estate unit number: 12 digits, 2 letters, 5 digits, F, 8 digits."""
    value = compact(text).upper()
    match = re.search(r"[0-9O]{12}[A-Z]{2}[0-9O]{5}F[0-9O]{8}", value)
    if not match:
        return None
    raw = match.group(0)
    return (
        raw[:12].replace("O", "0")
        + raw[12:14]
        + raw[14:19].replace("O", "0")
        + "F"
        + raw[20:].replace("O", "0")
    )


CERTIFICATE_PATTERN = re.compile(r"([\u4e00-\u9fff])[（(]?(\d{4})[)）]?(.+?)不动产权第?(\d{7})号?")


def certificate_number(text: str) -> str | None:
    """A deed number as printed: 京（2021）朝阳区不动产权第0012345号."""
    value = compact(text).translate(str.maketrans({"O": "0", "o": "0"}))
    match = CERTIFICATE_PATTERN.search(value)
    if not match:
        return None
    province, year, place, serial = match.groups()
    return f"{province}（{year}）{place}不动产权第{serial}号"


def owners(text: str) -> str | None:
    """Owners joined by 、 as printed."""
    value = compact(text).replace(",", "、").replace("，", "、").replace("､", "、")
    value = re.sub(r"[^\u4e00-\u9fff·、]", "", value).strip("、")
    return value or None


def co_ownership(text: str) -> str | None:
    """单独所有, 共同共有 or 按份共有 (or another printed form)."""
    value = as_printed(text)
    for known in ("单独所有", "共同共有", "按份共有"):
        if known in value:
            return known
    return value or None


# ㎡ read twice, as m2 and as ² or ㎡ (two boxes over one unit).
UNIT_READ_TWICE = re.compile(r"(?<=\d)[mM][²2][²㎡]")
# ㎡ as OCR reads it after a number: m, m², m2, ml (the superscript as an l), ².
SQUARE_METRE = re.compile(r"(?<=\d)(?:[mM][²2l]?|²)(?=$|[/，,；;。])")


# Deeds state every area in square metres; a number that ends a part of the area field
# (before / or the end) lost its ㎡ to the OCR, not to the printer.
UNITLESS_AREA = re.compile(r"(?<=面积)(\d+(?:\.\d+)?)(?=$|/)")


def area(text: str) -> str | None:
    """The printed area text with ㎡ restored where OCR read it as m, m², m2, ml, ² or
    nothing, ending at its last area: what follows the last ㎡ without naming another area
    (面积) is not the area's (a stain read as X, the next row's term)."""
    value = SQUARE_METRE.sub("㎡", UNIT_READ_TWICE.sub("㎡", as_printed(text)).replace("m²", "㎡"))
    value = UNITLESS_AREA.sub(r"\1㎡", value)
    last = value.rfind("㎡")
    if last >= 0 and "面积" not in value[last:]:
        value = value[: last + 1]
    return value or None


def is_noise(char: str) -> bool:
    """Symbols OCR makes of stains and check boxes (☑), never part of a value; ㎡ is kept."""
    return char != "㎡" and unicodedata.category(char) == "So"


def printed_text(text: str) -> str | None:
    """Any other field: as printed, white space removed."""
    return as_printed(text) or None


Normaliser = Callable[[str], str | None]
