"""Lexicons that settle what the OCR engine cannot: traditional character forms, GB/T 2260
division names, the 56 official ethnic groups, the words of authorities, and the overlay
phrases people write on uploads.

Every correction here is one the lexicon makes certain: a name one character from exactly
one known name, and not itself a known name; anything less certain is left as read.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources

import opencc
from rapidfuzz.distance import Levenshtein
from stdnum import numdb

from .normalize import compact

# GB/T 2260 names end in one of these; a place-name chain (province, city, district) is
# read from the start of an address or an authority's name.
DIVISION_SUFFIXES = "省市区县旗盟州"
LONGEST_DIVISION = 10

# The 56 ethnic groups as an ID card prints them (without 族), GB/T 3304.
ETHNICITIES = frozenset(
    [
        "汉",
        "蒙古",
        "回",
        "藏",
        "维吾尔",
        "苗",
        "彝",
        "壮",
        "布依",
        "朝鲜",
        "满",
        "侗",
        "瑶",
        "白",
        "土家",
        "哈尼",
        "哈萨克",
        "傣",
        "黎",
        "傈僳",
        "佤",
        "畲",
        "高山",
        "拉祜",
        "水",
        "东乡",
        "纳西",
        "景颇",
        "柯尔克孜",
        "土",
        "达斡尔",
        "仫佬",
        "羌",
        "布朗",
        "撒拉",
        "毛南",
        "仡佬",
        "锡伯",
        "阿昌",
        "普米",
        "塔吉克",
        "怒",
        "乌孜别克",
        "俄罗斯",
        "鄂温克",
        "德昂",
        "保安",
        "裕固",
        "京",
        "塔塔尔",
        "独龙",
        "鄂伦春",
        "赫哲",
        "门巴",
        "珞巴",
        "基诺",
    ]
)

# Phrases written over uploads (watermarks, stamps, handwriting): never part of a value.
# Each is bounded by what such phrases contain, so a scope of business that mentions 仅限
# is not taken for one.
OVERLAY_PATTERNS = (
    re.compile(r"(?:仅限|仅供|只限|只供)[^，。、；：:（）()\d]{0,12}?(?:使用|用途|用)"),
    # 只做网站认证使用, 仅作备案用, 仅用于办理…: the same phrase with another verb.
    re.compile(
        r"(?:只做|只作|仅做|仅作|只用于|仅用于)[^，。、；：:（）()\d]{0,12}?(?:认证使用|认证用|使用|用途|认证|用)"
    ),
    re.compile(r"不(?:做|作|得用于|可用于)?(?:其他|其它)(?:用途|使用|用)"),
    re.compile(r"(?:其他|其它)用途无效"),
    re.compile(r"(?:再次)?复印(?:件)?无效"),
    re.compile(r"他用无效"),
    re.compile(r"与原件(?:一致|相符)"),
    re.compile(r"样证|样本|SAMPLE", re.IGNORECASE),
)

# The words those phrases are made of: a line of these characters only, written larger than
# the print, is a fragment of an overlay the engine broke up (使用, 他用无效, 限).
# (办理 is cut to 办: 理 is in every 管理局 of a seal.)
OVERLAY_WORDS = (
    "仅限", "仅供办", "只限", "只供", "使用", "用途", "他用", "无效", "再次", "复印件",
    "与原件一致", "相符", "样证", "样本", "本证照", "此件", "官网展示", "只做", "其他用途",
)  # fmt: skip
OVERLAY_CHARS = frozenset("".join(OVERLAY_WORDS))

# Authorities end in one of these words (登记机关, 签发机关).
AUTHORITY_ENDINGS = ("局", "分局", "委员会", "管理委员会", "厅", "办公室")


@cache
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def simplified(text: str) -> str:
    """Traditional forms folded to the simplified ones mainland documents print (廈 -> 厦)."""
    return _converter().convert(text) if text else text


@cache
def division_codes() -> dict[str, frozenset[str]]:
    """Every province and county-level name GB/T 2260 has used (python-stdnum's data), with
    the codes that carried it."""
    codes: dict[str, set[str]] = {}
    for code, levels in _walk(numdb.get("cn/loc").prefixes):
        for level in ("province", "county"):
            # A code may have carried several names: `[1983-1989]上埗区办事处,[1990-]福田区`.
            for part in levels.get(level, "").split(","):
                name = re.sub(r"^\[[^\]]*\]", "", part.strip())
                if len(name) >= 2 and name != "市辖区":
                    codes.setdefault(name, set()).add(code)
    return {name: frozenset(found) for name, found in codes.items()}


def division_names() -> frozenset[str]:
    """Every province and county-level name GB/T 2260 has used."""
    return frozenset(division_codes())


def _walk(prefixes, code: str = ""):
    for _length, _low, high, props, children in prefixes:
        yield code + high, props
        yield from _walk(children, code + high)


@cache
def _names_by_length() -> dict[int, tuple[str, ...]]:
    grouped: dict[int, list[str]] = {}
    for name in division_codes():
        grouped.setdefault(len(name), []).append(name)
    return {length: tuple(sorted(names)) for length, names in grouped.items()}


def nearest_division(
    word: str, within: frozenset[str] = frozenset(), after: str = ""
) -> str | None:
    """The one known division name one edit from `word` (a character changed or lost),
    or None when there is none or more than one. `within`: codes of the division named
    before it (a province, a city), whose names are preferred; `after`: the text that
    follows it, where a known name of a division inside it settles which (毫州市 is one
    edit from 亳州市, 郑州市, 杭州市 ...; only 亳州市 holds the 谯城区 that follows)."""
    lengths = _names_by_length()
    near = [
        name
        for length in (len(word), len(word) + 1)
        for name in lengths.get(length, ())
        if name[-1] == word[-1] and Levenshtein.distance(word, name, score_cutoff=1) == 1
    ]
    if len(near) > 1 and within:
        near = [name for name in near if _inside(division_codes()[name], within)]
    if len(near) > 1 and after:
        near = [name for name in near if _holds_next(name, after)]
    return near[0] if len(near) == 1 else None


def _holds_next(name: str, after: str) -> bool:
    """Whether the known division name that starts `after` lies inside `name`."""
    codes = division_codes()
    step = _known_at(after, 0, codes)
    return step is not None and _inside(codes[step[0]], codes[name])


def _inside(codes: frozenset[str], within: frozenset[str]) -> bool:
    prefixes = {code.rstrip("0")[:4] or code[:2] for code in within}
    return any(code.startswith(prefix) for code in codes for prefix in prefixes)


def corrected_places(text: str, within: frozenset[str] = frozenset()) -> str:
    """The place-name chain at the start of an address or authority, each name read one
    character off a known GB/T 2260 name corrected (间中市 -> 阆中市 after 四川省); the chain
    ends at the first word that is neither a known name nor one edit from exactly one.
    `within`: division codes the text is known to lie in (the code a deed's unit number or a
    licence's credit code carries), which settle a name one edit from several (毫州市 is one
    from 亳州市 and from 宿州市, 池州市...; in 3416 only from 亳州市)."""
    codes = division_codes()
    result, position, given = [], 0, within
    while position < len(text):
        step = _known_at(text, position, codes) or _near_at(text, position, codes, within)
        if step is None:
            break
        word, length = step
        result.append(word)
        position += length
        # The narrower of the name just read and the division known beforehand.
        within = given if given and _inside(given, codes[word]) else codes[word]
    return "".join(result) + text[position:]


def _known_at(text: str, position: int, known) -> tuple[str, int] | None:
    for end in range(min(len(text), position + LONGEST_DIVISION), position + 1, -1):
        if text[position:end] in known:
            return text[position:end], end - position
    return None


def _near_at(text: str, position: int, known, within: frozenset[str]) -> tuple[str, int] | None:
    # Shortest first: a name is corrected only where the text reads as one.
    for end in range(position + 2, min(len(text), position + LONGEST_DIVISION) + 1):
        word = text[position:end]
        if word[-1] not in DIVISION_SUFFIXES or word in known:
            continue
        near = nearest_division(word, within, text[end:])
        if near is not None:
            return near, end - position
    return None


def ethnicity(value: str) -> str | None:
    """One of the 56 official names, or the one name a single character from the value;
    otherwise None (an unknown name is not a reading)."""
    if value in ETHNICITIES:
        return value
    near = [
        name
        for name in ETHNICITIES
        if len(name) == len(value) and len(value) > 1 and Levenshtein.distance(value, name) == 1
    ]
    return near[0] if len(near) == 1 else None


@cache
def enterprise_types() -> frozenset[str]:
    """The enterprise types licences print (data/enterprise_types.json)."""
    data = resources.files("prereview.data").joinpath("enterprise_types.json").read_text("utf-8")
    return frozenset(json.loads(data)["types"])


def enterprise_type(value: str) -> str:
    """A licence's type, corrected when it is one character off (changed, lost or one too
    many: `…或控殿…`, a closing bracket lost) exactly one known type and not itself one; any
    other type is kept as read (the list is not every type there is). A value cut short
    is completed only when one known type starts with it: `…或控股` may be the first line of
    `…或控股）` or of `…或控股的法人独资）`."""
    known = enterprise_types()
    if value in known or len(value) < 4:
        return value
    near = [name for name in known if Levenshtein.distance(value, name, score_cutoff=1) == 1]
    if len(near) != 1:
        return value
    if near[0].startswith(value) and sum(name.startswith(value) for name in known) > 1:
        return value
    return near[0]


def without_overlay(text: str) -> tuple[str, tuple[str, ...]]:
    """The text with overlay phrases removed, and the phrases found."""
    found: list[str] = []
    for pattern in OVERLAY_PATTERNS:
        found += [match.group(0) for match in pattern.finditer(text)]
        text = pattern.sub("", text)
    return text, tuple(found)


def overlay_fragment(text: str) -> bool:
    """Text made only of the characters of overlay phrases (traditional forms folded)."""
    folded = simplified(text)
    return bool(folded) and all(char in OVERLAY_CHARS for char in folded)


def overlay_share(text: str) -> float:
    """The share of the text's characters that are characters of overlay phrases."""
    folded = simplified(text)
    return sum(char in OVERLAY_CHARS for char in folded) / len(folded) if folded else 0.0


def overlay_value(value: str) -> bool:
    """Whether a value is (or holds) an overlay phrase, or is made only of the characters
    of such phrases (使用, 他用无效): no field's value is, on any path that reads one (the
    page, a re-read of a region, the faded page)."""
    folded = simplified(compact(value))
    # One character alone (无 of a deed's 权利其他状况) is a value, not a fragment.
    return any(pattern.search(folded) for pattern in OVERLAY_PATTERNS) or (
        len(folded) >= 2 and overlay_fragment(folded)
    )


@cache
def _surnames() -> tuple[frozenset[str], frozenset[str]]:
    """(single, compound) common Chinese surnames (data/surnames.json)."""
    data = json.loads(
        resources.files("prereview.data").joinpath("surnames.json").read_text("utf-8")
    )
    return frozenset(data["single"]), frozenset(data["compound"])


HAN_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}")
# A minority name as ID cards and licences print it: Han parts joined by middle dots
# (买买提·艾力, 阿依古丽·买买提).
DOTTED_NAME = re.compile(r"[\u4e00-\u9fff]{1,8}(?:·[\u4e00-\u9fff]{1,8})+")


def plausible_name(value: str) -> bool:
    """A person's name: two to four Han characters led by a known surname (a compound one
    leaving at least one character of given name), or a minority name with middle dots.
    Anything else read into a name's row (an overlay phrase, a neighbour's text, a label)
    is no name."""
    if overlay_value(value):
        return False
    if DOTTED_NAME.fullmatch(value):
        return len(value) <= 20
    if not HAN_NAME.fullmatch(value):
        return False
    single, compound = _surnames()
    return value[0] in single or (len(value) >= 3 and value[:2] in compound)


def is_authority(value: str) -> bool:
    """An authority's name: ends as authorities do and holds no sentence punctuation."""
    return (
        4 <= len(value) <= 30
        and value.endswith(AUTHORITY_ENDINGS)
        and not re.search(r"[。，；：:、\d]", value)
    )


def authority_before_digits(value: str) -> str | None:
    """The value up to its last authority word, when what follows holds no character of a
    name (digits, dates' marks): `深圳市公安局南山分局.20-2039.06.20` -> `…南山分局`."""
    ends = [value.rfind(word) + len(word) for word in AUTHORITY_ENDINGS if word in value]
    if not ends:
        return None
    cut = max(ends)
    return value[:cut] if re.fullmatch(r"[\d\W]+", value[cut:]) else None
