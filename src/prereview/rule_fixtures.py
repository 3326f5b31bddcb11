"""Rule-pack fixtures: small cases written as `*.case.json` (documents with their field
values, application.json, registry rows, expected verdict and rule ids), checked against the
packs without any image or OCR, so a rule author sees in a second whether a pack does what
they meant.

    {"matter": "id-verification", "today": "2026-11-24",
     "documents": [{"type": "id_card_front", "fields": {"name": "王小明", ...}}],
     "declared": {"applicant.name": "王小明"},
     "registry": {"persons": [{"id_number": "...", "name": "王小明"}]},
     "expected": {"verdict": "pass", "rules": []}}

A document may give `source`, `confidence` (for all its fields) and `quality`; `registry`
may be left out (no registry given) or hold any of the three tables as rows.
"""

from __future__ import annotations

import csv
import json
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .evidence import with_evidence
from .fixture_schema import FixtureProblem, fixture_problems
from .pipeline import case_findings
from .records import CaseInput, Document, Field
from .registry import TABLES, Registry
from .rules import RulePack, Thresholds, packaged_rules_dir
from .verdict import decide, settled

NO_BOX = (0, 0, 0, 0)


@dataclass(frozen=True)
class FixtureResult:
    """What a fixture expected and what the packs gave."""

    path: Path
    expected_verdict: str
    expected_rules: tuple[str, ...]
    verdict: str
    rules: tuple[str, ...]
    error: str | None = None
    # Mistakes of the fixture itself (against data/rule-fixture.schema.json): it is not run.
    problems: tuple[FixtureProblem, ...] = ()

    @property
    def invalid(self) -> bool:
        return bool(self.problems)

    @property
    def passed(self) -> bool:
        return (
            not self.problems
            and self.error is None
            and (self.verdict, self.rules)
            == (
                self.expected_verdict,
                self.expected_rules,
            )
        )


def fixture_files(folder: Path) -> list[Path]:
    """Every *.case.json under `folder`, sorted."""
    return sorted(folder.rglob("*.case.json"))


def misnamed_fixtures(folder: Path) -> list[Path]:
    """JSON files under `folder` that look like fixtures but are not named *.case.json, so
    `rules test` would not read them."""
    return sorted(
        path
        for path in folder.rglob("*.json")
        if not path.name.endswith(".case.json") and _has_expected(path)
    )


def _has_expected(path: Path) -> bool:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return True  # unreadable: say so rather than skip it silently
    return isinstance(data, dict) and ("expected" in data or "documents" in data)


def packaged_fixtures_dir() -> Path:
    """The fixtures shipped with the packaged rule packs (found from any working folder)."""
    return packaged_rules_dir() / "tests"


def run_fixture(path: Path, packs: dict[str, RulePack]) -> FixtureResult:
    """Check one fixture against the fixture schema, then against the packs; a malformed
    fixture is an invalid one, with every mistake, its line and a hint."""
    try:
        text = path.read_text("utf-8")
    except (OSError, ValueError) as exc:
        problem = FixtureProblem("$", f"无法读取 (cannot be read: {exc})")
        return FixtureResult(path, "?", (), "?", (), problems=(problem,))
    problems = fixture_problems(text, packs)
    if problems:
        return FixtureResult(path, "?", (), "?", (), problems=tuple(problems))
    try:
        data = json.loads(text)
        expected = data["expected"]
        expected_verdict, expected_rules = (
            expected["verdict"],
            tuple(sorted(set(expected["rules"]))),
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return FixtureResult(path, "?", (), "?", (), f"not a fixture: {exc}")
    try:
        verdict, rules = _verdict_and_rules(data, packs)
    except (ValueError, KeyError, TypeError) as exc:
        return FixtureResult(
            path, expected_verdict, expected_rules, "?", (), f"bad fixture: {exc!r}"
        )
    return FixtureResult(path, expected_verdict, expected_rules, verdict, rules)


def _verdict_and_rules(data: dict, packs: dict[str, RulePack]) -> tuple[str, tuple[str, ...]]:
    documents = [
        _document(index, item) for index, item in enumerate(data.get("documents", []), start=1)
    ]
    matter = data.get("matter")
    pack = packs.get(matter) if matter else None
    case = CaseInput(
        name=data.get("name", "fixture"),
        folder="",
        files=tuple(document.source for document in documents),
        matter=matter,
        declared=dict(data.get("declared", {})),
    )
    today = date.fromisoformat(data.get("today", date.today().isoformat()))
    with _registry(data.get("registry")) as registry:
        documents = with_evidence(documents, case.declared, pack, registry)
        findings = case_findings(case, documents, pack, matter, registry, today)
    floor = pack.thresholds.min_confidence if pack else Thresholds().min_confidence
    findings = settled(findings, documents, floor)
    return decide(findings), tuple(sorted({finding.rule for finding in findings}))


def _document(index: int, item: dict) -> Document:
    confidence = float(item.get("confidence", 0.99))
    fields = {
        name: Field(str(value), confidence, NO_BOX)
        for name, value in item.get("fields", {}).items()
    }
    return Document(
        item.get("source", f"document{index}.jpg"),
        item["type"],
        fields,
        tuple(item.get("quality", ())),
    )


class _registry:
    """A real SQLite registry made from the fixture's rows, or None without rows."""

    def __init__(self, tables: dict | None) -> None:
        self.tables = tables
        self.folder: tempfile.TemporaryDirectory | None = None
        self.registry: Registry | None = None

    def __enter__(self) -> Registry | None:
        if self.tables is None:
            return None
        self.folder = tempfile.TemporaryDirectory(prefix="prereview-fixture-")
        for table in TABLES:
            rows = self.tables.get(table.name, [])
            with (Path(self.folder.name) / table.file_name).open(
                "w", encoding="utf-8", newline=""
            ) as handle:
                writer = csv.DictWriter(handle, fieldnames=table.columns)
                writer.writeheader()
                writer.writerows(rows)
        self.registry = Registry.open(Path(self.folder.name))
        return self.registry

    def __exit__(self, *exc_info: object) -> None:
        if self.registry is not None:
            self.registry.close()
        if self.folder is not None:
            self.folder.cleanup()
