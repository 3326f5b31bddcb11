"""Regression over the sample documents and cases against golden results kept in the
repository: document types and field values of every sample upload, verdict and rule ids of
every sample case. Timings and versions are left out, so only a change in what prereview
reads or decides shows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

from .batch import find_cases
from .intake import is_supported
from .pipeline import CheckSettings, read_documents, run_case
from .report.json import write_atomically

GOLDEN = "golden"
REVIEW_DATE = date(2026, 11, 24)  # the sample cases' review date: fixed, so results are too


@dataclass(frozen=True)
class Difference:
    """One sample whose result differs from its golden result."""

    sample: str
    what: str
    golden: str
    now: str


def document_results(folder: Path, engine) -> dict[str, dict]:
    """{source: {"type", "fields"}} for every upload in `folder`."""
    results = {}
    for path in sorted(folder.iterdir()):
        if path.is_file() and is_supported(path):
            for document in read_documents(path, engine):
                fields = {name: found.value for name, found in document.fields.items()}
                results[document.source] = {"type": document.type, "fields": fields}
    return results


def case_results(folder: Path, settings: CheckSettings) -> dict[str, dict]:
    """{case: {"verdict", "rules"}} for every case folder under `folder`."""
    results = {}
    for job in find_cases(folder):
        report = run_case(job.folder, settings, job.name)
        results[job.name] = {
            "verdict": report.verdict,
            "rules": sorted({f.rule for f in report.findings}),
        }
    return results


def differences(kind: str, golden: dict[str, dict], now: dict[str, dict]) -> list[Difference]:
    """Every sample that is new, gone, or gives another result than its golden one."""
    found = []
    for sample in sorted(golden.keys() | now.keys()):
        if sample not in now:
            found.append(Difference(sample, f"{kind} missing", "present", "—"))
        elif sample not in golden:
            found.append(Difference(sample, f"{kind} new", "—", "present"))
        else:
            found.extend(_changes(sample, golden[sample], now[sample]))
    return found


def _changes(sample: str, golden: dict, now: dict) -> list[Difference]:
    changes = []
    for key in sorted(golden.keys() | now.keys()):
        old, new = golden.get(key), now.get(key)
        if isinstance(old, dict) and isinstance(new, dict):
            for name in sorted(old.keys() | new.keys()):
                if old.get(name) != new.get(name):
                    changes.append(
                        Difference(
                            sample, f"{key}.{name}", _text(old.get(name)), _text(new.get(name))
                        )
                    )
        elif old != new:
            changes.append(Difference(sample, key, _text(old), _text(new)))
    return changes


def _text(value) -> str:
    if value is None:
        return "—"
    return " ".join(value) if isinstance(value, list) else str(value)


def read_golden(samples: Path, kind: str) -> dict[str, dict]:
    """The golden results of one kind (documents or cases); empty when there are none yet."""
    path = samples / GOLDEN / f"{kind}.json"
    return json.loads(path.read_text("utf-8")) if path.exists() else {}


def write_golden(samples: Path, kind: str, results: dict[str, dict]) -> None:
    """Accept the results as the new golden ones."""
    text = json.dumps(results, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    write_atomically(samples / GOLDEN / f"{kind}.json", text.encode("utf-8"))


def junit_xml(results: dict[str, dict[str, dict]], found: list[Difference]) -> str:
    """A JUnit report: one test case per sample, a failure per differing sample."""
    by_sample: dict[str, list[Difference]] = {}
    for difference in found:
        by_sample.setdefault(difference.sample, []).append(difference)
    suites = ElementTree.Element("testsuites", name="prereview regress")
    for kind, samples in results.items():
        names = sorted(samples.keys() | {d.sample for d in found if d.what.startswith(kind)})
        failures = sum(1 for name in names if name in by_sample)
        suite = ElementTree.SubElement(
            suites, "testsuite", name=kind, tests=str(len(names)), failures=str(failures)
        )
        for name in names:
            case = ElementTree.SubElement(suite, "testcase", classname=f"regress.{kind}", name=name)
            if name in by_sample:
                text = "\n".join(
                    f"{d.what}: golden {d.golden!r}, now {d.now!r}" for d in by_sample[name]
                )
                ElementTree.SubElement(
                    case, "failure", message=f"{len(by_sample[name])} difference(s)"
                ).text = text
    return ElementTree.tostring(suites, encoding="unicode", xml_declaration=True)
