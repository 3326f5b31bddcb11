"""Rule packs: loading (validated against the packaged meta-schema) and checking a case.

A pack is one JSON file per matter. It names the documents the matter needs, a JSON Schema
(Draft 2020-12) for each document's fields, consistency rules between documents and against
application.json, and registry rules. `$ref` in a pack resolves only to files inside the
pack's own folder: never the network, never a file outside it.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlparse

import jsonschema
import re2
import referencing
import referencing.exceptions
from referencing.jsonschema import DRAFT202012

from .classify import type_label
from .errors import InputNotFound, InvalidConfiguration, UsageError
from .intake import DECLARED_KEY, DECLARED_KEYS, Refused, read_limited
from .limits import MAX_PACK_BYTES
from .messages import N_, Wording, data_label, joined, wording
from .normalize import fold, mask_id_number
from .records import FAIL, FIELDS_BY_TYPE, INFO, REVIEW, Document, Field, Finding

# The registry (and rapidfuzz) loads only where a rule compares: `rules list` starts faster.
if TYPE_CHECKING:
    from .registry import Registry

RULES_ENV = "PREREVIEW_RULES"
OWNER_SEPARATOR = "、"
STATUS_LABELS = {
    "active": N_("active"),
    "revoked": N_("revoked"),
    "cancelled": N_("cancelled"),
    "normal": N_("normal"),
    "seized": N_("seized"),
    "mortgaged": N_("mortgaged"),
}


@dataclass(frozen=True)
class Thresholds:
    """Name similarity bounds (0-100) and the OCR confidence a rule may rely on."""

    name_accept: float = 90
    name_reject: float = 60
    min_confidence: float = 0.8


@dataclass(frozen=True)
class RulePack:
    """One matter's rules, validated and with its field schemas compiled."""

    matter: str
    title: str
    path: Path
    sha256: str
    requires_registry: bool
    thresholds: Thresholds
    documents: dict[str, dict]
    field_validators: dict[str, jsonschema.protocols.Validator]
    consistency: tuple[dict, ...]
    registry: tuple[dict, ...]
    declared_required: tuple[str, ...] = ()
    # Uploads must be originals: authenticity findings are `review`, else `info` (originals.py).
    originals_required: bool = False


# --- loading ------------------------------------------------------------------------------


def packaged_rules_dir() -> Path:
    """The folder of the packs shipped inside the package."""
    return Path(str(resources.files("prereview").joinpath("rulepacks")))


@cache
def meta_schema_validator() -> jsonschema.protocols.Validator:
    """The validator of rule packs themselves."""
    text = resources.files("prereview.data").joinpath("rule-pack.schema.json").read_text("utf-8")
    return jsonschema.Draft202012Validator(json.loads(text))


def load_packs(extra_dir: Path | None = None) -> dict[str, RulePack]:
    """Packaged packs, overridden or extended by `extra_dir` (else $PREREVIEW_RULES), by matter."""
    folder = existing_rules_folder(extra_dir)
    packs = {pack.matter: pack for pack in _packs_in(packaged_rules_dir())}
    if folder is not None:
        packs.update({pack.matter: pack for pack in _packs_in(folder)})
    return packs


def existing_rules_folder(option: Path | None) -> Path | None:
    """rules_folder, refused (exit 4) when it names no folder."""
    folder = rules_folder(option)
    if folder is not None and not folder.is_dir():
        raise InputNotFound(
            f"找不到规则包文件夹 {folder}：--rules 应指向存放 *.json 规则包的文件夹 "
            f"(rules folder not found: {folder}; --rules takes a folder of *.json packs)"
        )
    return folder


def packaged_matters() -> list[tuple[str, str]]:
    """(matter, title) of each packaged pack, read without validating (for help texts)."""
    found = []
    for path in sorted(packaged_rules_dir().glob("*.json")):
        data = json.loads(path.read_text("utf-8"))
        found.append((data["matter"], data["title"]))
    return found


def title_zh(pack: RulePack) -> str:
    """The Chinese part of a pack's title (`居民身份核验 ID verification` -> `居民身份核验`)."""
    return pack.title.split(" ", 1)[0]


def matter_named(name: str, packs: dict[str, RulePack]) -> str:
    """The matter `name` names: a matter id, or a pack's title (whole or its Chinese part).
    An unknown name is a usage error that suggests the closest matter and lists them all."""
    if name in packs:
        return name
    for matter, pack in packs.items():
        if name.strip() in (pack.title, title_zh(pack)):
            return matter
    raise UsageError(unknown_matter_message(name, packs))


def unknown_matter_message(name: str, packs: dict[str, RulePack]) -> str:
    """`未知事项 'x'，您是否要找 'y'？可选事项：… (unknown matter 'x': did you mean 'y'? …)`."""
    from rapidfuzz import fuzz, process

    choices = {matter: matter for matter in packs} | {title_zh(p): m for m, p in packs.items()}
    best = process.extractOne(name, list(choices), scorer=fuzz.WRatio, score_cutoff=60)
    listed = "、".join(f"{matter}（{title_zh(packs[matter])}）" for matter in sorted(packs))
    if best is None:
        return (
            f"未知事项 '{name}'。可选事项：{listed} "
            f"(unknown matter '{name}'; matters: {', '.join(sorted(packs))})"
        )
    closest = choices[best[0]]
    return (
        f"未知事项 '{name}'，您是否要找 '{closest}'？可选事项：{listed} "
        f"(unknown matter '{name}': did you mean '{closest}'? matters: {', '.join(sorted(packs))})"
    )


def rules_folder(option: Path | None) -> Path | None:
    """The folder of extra packs: --rules, else $PREREVIEW_RULES (the option wins)."""
    return option or (Path(os.environ[RULES_ENV]) if os.environ.get(RULES_ENV) else None)


def _packs_in(folder: Path) -> Iterator[RulePack]:
    for path in sorted(folder.glob("*.json")):
        try:
            yield load_pack(path)
        except InvalidConfiguration as exc:
            # A command stops at the first mistake; lint lists them all, with their lines.
            raise InvalidConfiguration(
                f"规则包有误，运行 prereview rules lint {path} 可列出全部问题及行号 "
                f"(invalid rule pack: {exc.message})"
            ) from None


# The only `$schema` a pack or a field schema may name; it is known locally, never fetched.
KNOWN_META_SCHEMAS = frozenset({"https://json-schema.org/draft/2020-12/schema"})


def pack_text(path: Path) -> str:
    """The text of a pack or schema file: a regular file of bounded size (a FIFO named
    `*.json` would hang the run), UTF-8."""
    try:
        return read_limited(path, MAX_PACK_BYTES).decode("utf-8")
    except Refused as exc:
        raise InvalidConfiguration(f"{path}: cannot read rule pack: {exc}") from None
    except UnicodeDecodeError as exc:
        raise InvalidConfiguration(f"{path}: cannot read rule pack: {exc}") from None


def parse_json(text: str) -> object:
    """JSON as the standard has it: NaN and Infinity, which Python accepts, are refused."""
    return json.loads(text, parse_constant=_no_constant)


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is not a JSON number")


def load_pack(path: Path) -> RulePack:
    """Read and validate one pack; a broken pack names the file and the JSON path."""
    text = pack_text(path)
    raw_bytes = text.encode("utf-8")
    try:
        data = parse_json(text)
    except json.JSONDecodeError as exc:
        raise InvalidConfiguration(
            f"{path}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}"
        ) from None
    except (ValueError, RecursionError) as exc:
        raise InvalidConfiguration(f"{path}: invalid JSON: {exc}") from None
    errors = sorted(meta_schema_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        error = errors[0]
        raise InvalidConfiguration(f"{path}: at {error.json_path}: {error.message}")
    problems = semantic_problems(data)
    if problems:
        raise InvalidConfiguration(f"{path}: at {problems[0].json_path}: {problems[0].message}")
    folder = path.parent
    registry = referencing.Registry(retrieve=_retriever(folder))
    validators = {}
    digest = hashlib.sha256(raw_bytes)
    for doc_type, schema in sorted(data.get("field_schemas", {}).items()):
        validators[doc_type] = _field_validator(path, doc_type, schema, registry)
        for ref in _refs(schema):
            digest.update(pack_text(_inside(folder, ref)).encode("utf-8"))
    thresholds = _thresholds(data.get("thresholds", {}))
    return RulePack(
        matter=data["matter"],
        title=data["title"],
        path=path,
        sha256=digest.hexdigest(),
        requires_registry=data.get("requires_registry", False),
        thresholds=thresholds,
        documents={k: v for k, v in data["documents"].items()},
        field_validators=validators,
        consistency=tuple(data.get("consistency", ())),
        registry=tuple(data.get("registry", ())),
        declared_required=tuple(data.get("declared_required", ())),
        originals_required=data.get("originals_required", False),
    )


def _field_validator(
    path: Path, doc_type: str, schema: dict, registry
) -> jsonschema.protocols.Validator:
    try:
        jsonschema.Draft202012Validator.check_schema(schema)
        validator = FieldValidator(
            schema, registry=registry, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
        )
        # Resolves every $ref now, not in the middle of a case: with no field, and with
        # every field of the type (a $ref circle shows as endless recursion on one or other).
        validator.is_valid({})
        validator.is_valid({name: "0" for name in FIELDS_BY_TYPE.get(doc_type, ())})
    except RecursionError:
        raise InvalidConfiguration(
            f"{path}: at $.field_schemas.{doc_type}: recursive $ref (a schema that refers to "
            "itself, or files that refer to each other in a circle)"
        ) from None
    except jsonschema.SchemaError as exc:
        raise InvalidConfiguration(
            f"{path}: at $.field_schemas.{doc_type}: invalid schema: {exc.message}"
        ) from None
    except (referencing.exceptions.Unresolvable, InvalidConfiguration) as exc:
        raise InvalidConfiguration(
            f"{path}: at $.field_schemas.{doc_type}: {_unresolvable(exc)}"
        ) from None
    return validator


def _unresolvable(exc: BaseException) -> str:
    """The refusal of our retriever, found in the chain of wrapped exceptions."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, InvalidConfiguration):
            return seen.message
        seen = seen.__cause__ or seen.__context__
    return f"cannot resolve $ref: {exc}"


def _retriever(folder: Path):
    def retrieve(uri: str) -> referencing.Resource:
        target = _inside(folder, uri)
        try:
            contents = parse_json(pack_text(target))
        except (ValueError, RecursionError) as exc:
            raise InvalidConfiguration(f"$ref '{uri}': invalid JSON: {exc}") from None
        problems = list(_remote_schema_problems(contents, "$"))
        if problems:
            raise InvalidConfiguration(f"$ref '{uri}': {problems[0].message}")
        return referencing.Resource.from_contents(contents, default_specification=DRAFT202012)

    return retrieve


def _inside(folder: Path, uri: str) -> Path:
    """The file a relative $ref names, refused when it leaves the pack's folder."""
    parsed = urlparse(uri)
    if parsed.scheme or parsed.netloc or uri.startswith("/"):
        raise InvalidConfiguration(f"$ref '{uri}' refused: only files in the pack's folder")
    target = (folder / parsed.path).resolve()
    if not target.is_relative_to(folder.resolve()) or not target.is_file():
        raise InvalidConfiguration(f"$ref '{uri}' refused: no such file in the pack's folder")
    return target


def _refs(schema: object) -> Iterator[str]:
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key == "$ref" and isinstance(value, str) and not value.startswith("#"):
                yield value.split("#")[0]
            else:
                yield from _refs(value)
    elif isinstance(schema, list):
        for item in schema:
            yield from _refs(item)


def _re2_pattern(validator, pattern, instance, schema):
    """JSON Schema `pattern` matched by RE2: linear time, so a pack's pattern such as
    `^(.*.*.*.*.*)*@$` cannot hang a check (Python's `re` backtracks exponentially)."""
    if not validator.is_type(instance, "string"):
        return
    if not _compiled(pattern).search(instance):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


@cache
def _compiled(pattern: str):
    # RE2 logs a refused pattern through absl to stderr ("WARNING: All log messages before
    # absl::InitializeLog()..."); the refusal is already a lint problem, so say it once.
    options = re2.Options()
    options.log_errors = False
    return re2.compile(pattern, options)


FieldValidator = jsonschema.validators.extend(
    jsonschema.Draft202012Validator, {"pattern": _re2_pattern}
)


def _pattern_problems(schema: object, where: str) -> Iterator[Problem]:
    """Patterns RE2 cannot run (backreferences, lookaround): they would fail every check."""
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key == "pattern" and isinstance(value, str):
                try:
                    _compiled(value)
                except re2.error:
                    hint = "patterns run in RE2 (linear time): no backreferences or lookaround"
                    yield Problem(where, f"pattern {value!r} is not supported", hint)
            else:
                yield from _pattern_problems(value, f"{where}.{key}")
    elif isinstance(schema, list):
        for index, item in enumerate(schema):
            yield from _pattern_problems(item, f"{where}[{index}]")


def _remote_schema_problems(data: object, where: str) -> Iterator[Problem]:
    """`$schema` other than the known draft, and `$id` with a scheme: refused, never fetched."""
    if isinstance(data, dict):
        for key, value in data.items():
            here = f"{where}.{key}"
            if key == "$schema" and isinstance(value, str) and value not in KNOWN_META_SCHEMAS:
                hint = f"use {min(KNOWN_META_SCHEMAS)} or leave $schema out"
                yield Problem(here, f"$schema '{value}' refused: nothing is fetched", hint)
            elif key == "$id" and isinstance(value, str) and urlparse(value).scheme:
                yield Problem(here, f"$id '{value}' refused: no URLs", "leave $id out")
            else:
                yield from _remote_schema_problems(value, here)
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from _remote_schema_problems(item, f"{where}[{index}]")


def _threshold_problems(thresholds: dict) -> Iterator[Problem]:
    """Thresholds that are not finite numbers in their range (NaN passes every comparison)."""
    ranges = {"name_accept": 100, "name_reject": 100, "min_confidence": 1}
    for key, top in ranges.items():
        value = thresholds.get(key)
        if value is None:
            continue
        if not isinstance(value, int | float) or not math.isfinite(value) or not 0 <= value <= top:
            yield Problem(f"$.thresholds.{key}", f"{key} must be a number from 0 to {top}")


def _thresholds(raw: dict) -> Thresholds:
    """The pack's thresholds (their order is checked with the other semantic problems)."""
    return Thresholds(**{key: value for key, value in raw.items() if key != "$comment"})


@dataclass(frozen=True)
class Problem:
    """A mistake in a rule pack: where (a JSON path), what, and how to mend it."""

    json_path: str
    message: str
    hint: str = ""


def semantic_problems(data: dict) -> list[Problem]:
    """Mistakes the meta-schema cannot see: unknown field names and declared keys, rules that
    read a document the pack does not require (they could never run), duplicate rule ids, a
    grey zone upside down. `data` must already be valid against the meta-schema."""
    needed = set(data["documents"])
    problems = []
    for where, ref in _references(data):
        problems.extend(_reference_problems(where, ref, needed))
    for doc_type, schema in data.get("field_schemas", {}).items():
        named = set(schema.get("properties", {})) | set(schema.get("required", []))
        for name in sorted(named - set(FIELDS_BY_TYPE[doc_type])):
            hint = f"fields of {doc_type}: {', '.join(FIELDS_BY_TYPE[doc_type])}"
            problems.append(Problem(f"$.field_schemas.{doc_type}", f"unknown field '{name}'", hint))
    seen: dict[str, str] = {}
    for where, rule_id in _rule_ids(data):
        if rule_id in seen:
            problems.append(
                Problem(where, f"rule id '{rule_id}' is used twice", f"first at {seen[rule_id]}")
            )
        seen.setdefault(rule_id, where)
    problems.extend(_remote_schema_problems(data, "$"))
    problems.extend(_pattern_problems(data.get("field_schemas", {}), "$.field_schemas"))
    thresholds = data.get("thresholds", {})
    problems.extend(_threshold_problems(thresholds))
    if thresholds.get("name_reject", 60) > thresholds.get("name_accept", 90):
        hint = "names scoring between the two are the grey zone: name_reject <= name_accept"
        problems.append(Problem("$.thresholds", "name_reject is above name_accept", hint))
    return problems


def _references(data: dict) -> Iterator[tuple[str, str]]:
    for index, key in enumerate(data.get("declared_required", ())):
        yield f"$.declared_required[{index}]", f"declared.{key}"
    for index, rule in enumerate(data.get("consistency", ())):
        for ref in as_refs(rule["left"]) + [rule["right"]]:
            yield f"$.consistency[{index}]", ref
    for index, rule in enumerate(data.get("registry", ())):
        yield f"$.registry[{index}].key", rule["key"]
        for agree_index, agree in enumerate(rule.get("agree", ())):
            yield f"$.registry[{index}].agree[{agree_index}].with", agree["with"]


def _reference_problems(where: str, ref: str, needed: set[str]) -> list[Problem]:
    head, _, name = ref.partition(".")
    if head == "declared":
        # Any <entity>.<field> a pack names may be declared in application.json.
        if DECLARED_KEY.fullmatch(name):
            return []
        return [
            Problem(
                where,
                f"bad declared key '{name}'",
                f"declared keys are <entity>.<field> in lower case, e.g. {', '.join(DECLARED_KEYS)}",
            )
        ]
    if head not in needed:
        message = f"'{ref}' reads a document the pack does not require: the rule can never run"
        return [Problem(where, message, f"add {head} to $.documents")]
    if name not in FIELDS_BY_TYPE[head]:
        return [
            Problem(
                where,
                f"unknown field '{ref}'",
                f"fields of {head}: {', '.join(FIELDS_BY_TYPE[head])}",
            )
        ]
    return []


def _rule_ids(data: dict) -> Iterator[tuple[str, str]]:
    for index, rule in enumerate(data.get("consistency", ())):
        yield f"$.consistency[{index}].id", rule["id"]
    for index, rule in enumerate(data.get("registry", ())):
        yield f"$.registry[{index}].exists.id", rule["exists"]["id"]
        for agree_index, agree in enumerate(rule.get("agree", ())):
            yield f"$.registry[{index}].agree[{agree_index}].id", agree["id"]
        if "status" in rule:
            yield f"$.registry[{index}].status.id", rule["status"]["id"]


def as_refs(value: str | list[str]) -> list[str]:
    """A rule side as a list of value references (`left` may name several)."""
    return value if isinstance(value, list) else [value]


# --- checking a case ----------------------------------------------------------------------


@dataclass(frozen=True)
class Value:
    """A value a rule reads: from a document field, or declared in application.json."""

    ref: str
    text: str
    field: Field | None = None
    source: str | None = None


@dataclass(frozen=True)
class CaseFacts:
    """What the rules of a case read: one document per type, and the declared values."""

    documents: dict[str, Document]
    declared: dict[str, str]
    mask: bool = True

    def value(self, ref: str) -> Value | None:
        """The value of `<doc type>.<field>` or `declared.<key>`, or None when absent."""
        head, _, rest = ref.partition(".")
        if head == "declared":
            text = self.declared.get(rest)
            return Value(ref, str(text)) if text not in (None, "") else None
        document = self.documents.get(head)
        if document is None or rest not in document.fields:
            return None
        found = document.fields[rest]
        return Value(ref, found.value, found, document.source)

    def display(self, value: Value) -> str:
        """The value as a clerk sees it: ID numbers masked unless --no-mask."""
        if self.mask and value.ref.endswith("id_number"):
            return mask_id_number(value.text)
        return value.text


# What a clerk calls each declared value (the keys of application.json's `declared`).
DECLARED_LABELS = {
    "applicant.name": "申请人姓名",
    "applicant.id_number": "身份证号码",
    "enterprise.name": "企业名称",
    "enterprise.credit_code": "统一社会信用代码",
    "property.certificate_number": "不动产权证书号",
}


def status_wording(status: str) -> Wording:
    """A registry status in both languages (`查封` / `seized`); an unknown one as it is."""
    return wording(STATUS_LABELS[status]) if status in STATUS_LABELS else Wording(status, status)


def declared_label(key: str) -> str:
    """The clerk's word for a declared key, the key itself for one a pack made up."""
    return DECLARED_LABELS.get(key, key)


def check_rules(pack: RulePack, facts: CaseFacts, registry: Registry | None) -> list[Finding]:
    """Field schemas, consistency and registry rules of a pack on one case; declared values
    the pack requires or compares but application.json does not give are said, never skipped
    in silence."""
    findings = list(_schema_findings(pack, facts))
    findings.extend(_declared_findings(pack, facts))
    for rule in pack.consistency:
        findings.extend(_consistency(rule, facts, pack.thresholds))
    if registry is not None:
        for rule in pack.registry:
            findings.extend(_registry(rule, facts, registry, pack.thresholds))
    return findings


def _declared_refs(rule: dict) -> list[str]:
    return [ref for ref in [*as_refs(rule["left"]), rule["right"]] if ref.startswith("declared.")]


def _declared_findings(pack: RulePack, facts: CaseFacts) -> Iterator[Finding]:
    """`review` for each missing key of `declared_required`; one `info` naming the other
    declared values the consistency rules would compare (their rules not evaluated)."""
    missing = {
        ref.partition(".")[2]
        for rule in pack.consistency
        for ref in _declared_refs(rule)
        if facts.value(ref) is None
    }
    for key in pack.declared_required:
        if facts.value(f"declared.{key}") is not None:
            continue
        said = wording(
            "The application does not declare %(label)s (declared.%(key)s in application.json),"
            " which this matter requires: ask for it or check by hand.",
            label=Wording(declared_label(key), key),
            key=key,
        )
        yield Finding(
            "declared.required", REVIEW, said.zh, (), (f"declared.{key}",), message_en=said.en
        )
    # Required keys are listed too: the info says which rules did not run, the review why.
    unchecked = sorted(missing)
    if unchecked:
        rules = [
            rule["id"]
            for rule in pack.consistency
            if any(ref.partition(".")[2] in unchecked for ref in _declared_refs(rule))
        ]
        said = wording(
            "Not declared, not checked: %(labels)s (rules not evaluated: %(rules)s).",
            labels=joined([Wording(declared_label(key), key) for key in unchecked]),
            rules=", ".join(rules),
        )
        yield Finding(
            "declared.not_given",
            INFO,
            said.zh,
            (),
            tuple(f"declared.{key}" for key in unchecked),
            message_en=said.en,
        )


def _schema_findings(pack: RulePack, facts: CaseFacts) -> Iterator[Finding]:
    for doc_type, validator in pack.field_validators.items():
        document = facts.documents.get(doc_type)
        if document is None:
            continue
        instance = {name: found.value for name, found in document.fields.items()}
        for error in validator.iter_errors(instance):
            yield _schema_finding(doc_type, document, error)


def _schema_finding(
    doc_type: str, document: Document, error: jsonschema.ValidationError
) -> Finding:
    if error.validator == "required":
        name = error.message.split("'")[1] if "'" in error.message else error.message
        said = wording(
            "Field %(field)s of the %(document)s could not be read: check the original.",
            field=name,
            document=_document_wording(doc_type),
        )
        return Finding(
            "schema.required",
            REVIEW,
            said.zh,
            (document.source,),
            (f"{doc_type}.{name}",),
            message_en=said.en,
        )
    name = ".".join(str(part) for part in error.absolute_path) or "?"
    value = document.fields[name].value if name in document.fields else ""
    # A pack may give the failing field's schema its own clerk message (`message`).
    own = error.schema.get("message") if isinstance(error.schema, dict) else None
    said = (
        data_label(own)
        if isinstance(own, str)
        else wording(
            "Field %(field)s of the %(document)s is not valid%(why)s.",
            field=name,
            document=_document_wording(doc_type),
            why=Wording("", f": {error.message}"),
        )
    )
    return Finding(
        "schema.field",
        FAIL,
        said.zh,
        (document.source,),
        (f"{doc_type}.{name}",),
        {f"{doc_type}.{name}": value},
        said.en,
    )


def _document_wording(doc_type: str) -> Wording:
    """A document type's label in Chinese, its id in English."""
    return Wording(data_label(type_label(doc_type)).zh, doc_type)


def pack_message(template: str, **values: str | Wording) -> Wording:
    """A pack's message with `{name}` filled in, each half with its own language's values
    (a pack written in one language gives the same text twice)."""
    halves = data_label(template)
    zh, en = halves.zh, halves.en
    for name, value in values.items():
        zh = zh.replace("{" + name + "}", value.zh if isinstance(value, Wording) else value)
        en = en.replace("{" + name + "}", value.en if isinstance(value, Wording) else value)
    return Wording(zh, en)


def _consistency(rule: dict, facts: CaseFacts, thresholds: Thresholds) -> Iterator[Finding]:
    lefts = [value for ref in as_refs(rule["left"]) if (value := facts.value(ref)) is not None]
    right = facts.value(rule["right"])
    if not lefts or right is None:
        return  # a missing document or field is reported by completeness and schema checks
    grade = _best_grade(rule["compare"], lefts, right.text, thresholds)
    if grade == "match":
        return
    yield _finding(rule["id"], grade, rule["message"], lefts, right, facts)


def _best_grade(compare: str, lefts: list[Value], right: str, thresholds: Thresholds) -> str:
    order = {"match": 2, "grey": 1, "mismatch": 0}
    grades = [_grade(compare, left.text, right, thresholds) for left in lefts]
    return max(grades, key=order.__getitem__)


def _grade(compare: str, left: str, right: str, thresholds: Thresholds) -> str:
    from .registry import match_grade, name_similarity

    if compare == "exact":
        return "match" if name_parts(left) == name_parts(right) else "mismatch"
    if compare == "fuzzy":
        return match_grade(
            name_similarity(left, right), thresholds.name_accept, thresholds.name_reject
        )
    best = max((name_similarity(left, owner) for owner in name_parts(right)), default=0.0)
    return match_grade(best, thresholds.name_accept, thresholds.name_reject)


def name_parts(text: str) -> list[str]:
    """Folded parts of a 、-joined list (owners), sorted: co-owners may be listed in any order.
    A value without 、 is a list of one."""
    return sorted(part for part in fold(text).split(OWNER_SEPARATOR) if part)


def _finding(
    rule_id: str, grade: str, message: str, lefts: list[Value], right: Value, facts: CaseFacts
) -> Finding:
    left_text = Wording(
        "、".join(facts.display(left) for left in lefts),
        ", ".join(facts.display(left) for left in lefts),
    )
    said = pack_message(message, left=left_text, right=facts.display(right))
    if grade == "grey":
        said = wording("(similar but not equal: check by hand) %(message)s", message=said)
    used = [value for value in [*lefts, right] if value.field is not None]
    return Finding(
        rule_id,
        REVIEW if grade == "grey" else FAIL,
        said.zh,
        tuple(dict.fromkeys(value.source for value in used if value.source)),
        tuple(value.ref for value in used),
        {value.ref: value.text for value in [*lefts, right]},
        said.en,
    )


def _registry(
    rule: dict, facts: CaseFacts, registry: Registry, thresholds: Thresholds
) -> Iterator[Finding]:
    key = facts.value(rule["key"])
    if key is None:
        return
    record = lookup_record(registry, rule["table"], key.text)
    if record is None:
        said = pack_message(rule["exists"]["message"], key=facts.display(key))
        yield Finding(
            rule["exists"]["id"],
            FAIL,
            said.zh,
            (key.source,),
            (key.ref,),
            {key.ref: key.text},
            said.en,
        )
        return
    for agree in rule.get("agree", ()):
        yield from _registry_agreement(agree, record, facts, thresholds)
    status = rule.get("status")
    if status and record.status not in status["allowed"]:
        said = pack_message(status["message"], status=status_wording(record.status))
        yield Finding(
            status["id"],
            FAIL,
            said.zh,
            (key.source,),
            (key.ref,),
            {key.ref: key.text, "registry.status": record.status},
            said.en,
        )


def _registry_agreement(
    agree: dict, record, facts: CaseFacts, thresholds: Thresholds
) -> Iterator[Finding]:
    theirs = facts.value(agree["with"])
    if theirs is None:
        return
    column = agree["column"]
    registered = Value(f"registry.{column}", record_column(record, column))
    grade = _grade(agree["compare"], registered.text, theirs.text, thresholds)
    if grade != "match":
        yield _finding(agree["id"], grade, agree["message"], [registered], theirs, facts)


def record_column(record, column: str) -> str:
    """A registry record's column as text (owners joined by 、)."""
    if column == "owner":
        return OWNER_SEPARATOR.join(record.owners)
    return str(getattr(record, column, "") or "")


def lookup_record(registry: Registry, table: str, key: str):
    """The registry record a rule's key finds in `table`, or None."""
    if table == "persons":
        return registry.person(key)
    if table == "enterprises":
        return registry.enterprise(key)
    return registry.property_by_certificate(key) or registry.property_by_unit(key)
