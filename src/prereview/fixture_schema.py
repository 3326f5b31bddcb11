"""Fixtures checked like packs: every mistake of a `*.case.json` against the published
fixture schema (data/rule-fixture.schema.json), then what a schema cannot see (a date that
does not exist, a matter no pack in use has), each with its line and a hint, Chinese first.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date
from functools import cache
from importlib import resources

import jsonschema
from rapidfuzz import fuzz, process

from .json_lines import JsonProblem, line_at, source_lines
from .rules import parse_json

# What jsonschema calls a JSON type, as a rule author reads it.
TYPE_WORDS = {
    "array": ("列表", "a list"),
    "object": ("对象", "an object"),
    "string": ("字符串", "a string"),
    "number": ("数字", "a number"),
    "integer": ("整数", "an integer"),
    "boolean": ("布尔值", "true or false"),
    "null": ("null", "null"),
}


# A fixture's mistake is reported like a pack's (`rules lint`).
FixtureProblem = JsonProblem


@cache
def fixture_validator() -> jsonschema.protocols.Validator:
    """The validator of rule-pack fixtures (the published schema)."""
    text = resources.files("prereview.data").joinpath("rule-fixture.schema.json").read_text("utf-8")
    return jsonschema.Draft202012Validator(json.loads(text))


def fixture_problems(text: str, matters: Iterable[str]) -> list[FixtureProblem]:
    """Every mistake of one fixture's text; `matters` are the matters of the packs in use."""
    try:
        data = parse_json(text)
    except json.JSONDecodeError as exc:
        message = f"JSON 语法错误，第 {exc.colno} 列：{exc.msg} (invalid JSON, column {exc.colno})"
        return [FixtureProblem("$", message, line=exc.lineno)]
    except (ValueError, RecursionError) as exc:
        return [FixtureProblem("$", f"不是有效的 JSON (invalid JSON: {exc})")]
    lines = source_lines(text)
    errors = sorted(fixture_validator().iter_errors(data), key=lambda error: error.json_path)
    misspelt = _misspelt_keys(errors)
    found = [problem for error in errors for problem in _schema_problems(error, misspelt)]
    if isinstance(data, dict):
        # Every mistake in one run: the meaning checks too, except where the schema already spoke.
        flagged = {tuple(parts) for parts, _, _ in found}
        meaning = _meaning_problems(data, sorted(matters))
        found += [problem for problem in meaning if tuple(problem[0]) not in flagged]
    return [
        FixtureProblem(_json_path(parts), message, hint, line_at(parts, lines))
        for parts, message, hint in found
    ]


Found = tuple[Sequence[str | int], str, str]


def _misspelt_keys(errors: list[jsonschema.ValidationError]) -> set[tuple]:
    """(object path, key) of each allowed key an unknown key most likely misspells: its
    "missing" error would say the same mistake twice."""
    misspelt = set()
    for error in errors:
        if error.validator == "additionalProperties":
            allowed = sorted(error.schema.get("properties", {}))
            for key in error.instance:
                if key not in allowed and (guess := closest(key, allowed)):
                    misspelt.add((tuple(error.absolute_path), guess))
    return misspelt


def _schema_problems(error: jsonschema.ValidationError, misspelt: set[tuple]) -> list[Found]:
    path = list(error.absolute_path)
    if error.validator == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        extra = [key for key in error.instance if key not in allowed]
        return [(path + [key], *_unknown_key(path, key, allowed)) for key in extra]
    if error.validator == "required":
        missing = [
            key
            for key in error.validator_value
            if key not in error.instance and (tuple(path), key) not in misspelt
        ]
        return [
            (path, f"缺少必需的键 '{key}' (missing required key '{key}')", "见 docs/rule-packs.md")
            for key in missing
        ]
    if error.validator == "type":
        return [(path, *_wrong_type(error.validator_value, error.instance))]
    if error.validator in ("enum", "const"):
        allowed = error.validator_value if error.validator == "enum" else [error.validator_value]
        return [(path, *_not_allowed(path, error.instance, [str(v) for v in allowed]))]
    if error.validator == "pattern" and "propertyNames" in error.schema_path:
        # A key of the object is malformed: the problem is on the key's own line.
        return [(path + [error.instance], *_bad_form([*path, "<key>"], error.instance))]
    if error.validator == "pattern":
        return [(path, *_bad_form(path, error.instance))]
    if error.validator in ("minimum", "maximum"):
        low, high = error.schema.get("minimum"), error.schema.get("maximum")
        return [(path, f"{error.instance} 超出范围 {low}–{high} (out of range {low}..{high})", "")]
    if error.validator == "minLength":
        return [(path, "不能为空 (must not be empty)", "")]
    return [(path, error.message, "")]


def _unknown_key(path: list, key: str, allowed: list[str]) -> tuple[str, str]:
    guess = closest(key, allowed)
    hint = f"您是否要写 '{guess}'？(did you mean '{guess}'?) " if guess else ""
    if path[-1:] == ["fields"]:
        kind = "字段", "field"
    elif len(path) >= 2 and path[0] == "registry":
        kind = "列", "column"
    else:
        kind = "键", "key"
    message = f"未知的{kind[0]} '{key}' (unknown {kind[1]} '{key}')"
    return message, f"{hint}可用 allowed: {', '.join(allowed)}"


def _wrong_type(expected: str | list[str], value: object) -> tuple[str, str]:
    wanted = [expected] if isinstance(expected, str) else list(expected)
    zh = "或".join(TYPE_WORDS[name][0] for name in wanted)
    en = " or ".join(TYPE_WORDS[name][1] for name in wanted)
    got_zh, got_en = TYPE_WORDS[_json_type(value)]
    shown = json.dumps(value, ensure_ascii=False)
    if len(shown) > 40:
        shown = shown[:37] + "..."
    message = f"应为{zh}，实为{got_zh} {shown} (expected {en}, got {got_en}: {shown})"
    hint = 'a list is written ["a", "b"]; [] for none' if "array" in wanted else ""
    return message, hint


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _not_allowed(path: list, value: object, allowed: list[str]) -> tuple[str, str]:
    guess = closest(str(value), allowed)
    hint = f"您是否要写 '{guess}'？(did you mean '{guess}'?) " if guess else ""
    shown = json.dumps(value, ensure_ascii=False)
    if path[-1:] == ["type"]:
        message = f"未知的材料类型 {shown} (unknown document type {shown})"
    else:
        message = f"{shown} 不是可选值 (not an allowed value)"
    return message, f"{hint}可选 one of: {', '.join(allowed)}"


FORMS = {
    "today": ("日期应写作 YYYY-MM-DD", "a date is written YYYY-MM-DD, e.g. 2026-11-24"),
    "matter": ("事项代号为小写字母、数字和 -", "a matter is lower-case letters, digits and -"),
    "<key>": (
        "申报的键应为 <实体>.<字段>（小写）",
        "declared keys are <entity>.<field>, lower case",
    ),
    "rules": ("规则编号为点分的小写词", "rule ids are dotted lower-case words (area.check)"),
}


def _bad_form(path: list, value: object) -> tuple[str, str]:
    shown = json.dumps(value, ensure_ascii=False)
    where = next((part for part in reversed(path) if part in FORMS), None)
    zh, en = FORMS.get(where, ("格式不对", "not in the expected form"))
    return f"{shown} 格式不对：{zh} ({shown}: {en})", ""


def _meaning_problems(data: dict, matters: list[str]) -> Iterable[Found]:
    """What the schema cannot see: a date that does not exist, a matter no pack has."""
    today = data.get("today")
    if isinstance(today, str):
        try:
            date.fromisoformat(today)
        except ValueError:
            message = f"today '{today}' 不是存在的日期 (today '{today}' is not a date)"
            yield ["today"], message, "YYYY-MM-DD, e.g. 2026-11-24"
    matter = data.get("matter")
    if isinstance(matter, str) and matter not in matters:
        guess = closest(matter, matters)
        did_you_mean = f"您是否要找 '{guess}'？" if guess else ""
        message = (
            f"未知事项 '{matter}'，{did_you_mean}所用规则包中没有这个事项 "
            f"(unknown matter '{matter}': no pack in use has it)"
        )
        hint = (
            "自己写的规则包请用 --rules 指向其文件夹，如 prereview rules test DIR --rules my-packs/ "
            f"(for your own packs add --rules FOLDER; matters: {', '.join(matters)})"
        )
        yield ["matter"], message, hint


def closest(word: str, choices: Sequence[str]) -> str | None:
    """The choice `word` most likely misspells, or None when none is close."""
    best = process.extractOne(word, list(choices), scorer=fuzz.WRatio, score_cutoff=70)
    return best[0] if best else None


def _json_path(parts: Sequence[str | int]) -> str:
    path = "$"
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path
