"""Hostile and broken input (issue 12): every upload a finding, never a crash, a hang, a
write outside --out, a leaked ID number or raw markup in what people open.

Every input is built at test time (tests/acceptance/hostile/). `check` runs once over all
hostile case folders (one bad case must not stop the others), `batch` once over a root of
hostile case folders and once more to resume; each as a subprocess with a time limit, with
HOME pointed at an empty folder, and under strace when it is installed (the Makefile
installs it) to prove no inet connection is made.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from .hostile import files as f
from .hostile.cases import CASES, ID_CARD_NUMBER, ROOT

pytestmark = pytest.mark.engines

CLI = [sys.executable, "-m", "prereview.cli.app"]
TODAY = "2026-11-24"
# Small limits keep the run fast and prove the environment overrides work.
LIMITS = {
    "PREREVIEW_MAX_PAGES": "4",
    "PREREVIEW_MAX_FRAMES": "3",
    "PREREVIEW_MAX_UPLOAD_MB": "1",
    "OMP_NUM_THREADS": "1",
}
CHECK_SECONDS = 150
QUICK_SECONDS = 60
# Raw control characters a terminal would act on (new lines are the console's own).
RAW_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f\x9b]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FULL_NUMBERS = (f.FULL_ID_NUMBER, ID_CARD_NUMBER)
INET = re.compile(r"sa_family=AF_INET6?\b")
LOOPBACK = re.compile(r'inet_pton\(AF_INET6, "::1"|inet_addr\("127\.')


def environment(home: Path) -> dict[str, str]:
    return {**os.environ, **LIMITS, "HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache")}


def run(args: list[str], home: Path, timeout: float, trace: Path | None = None):
    """Run prereview; under strace (network calls only) when `trace` is given and strace exists."""
    command = [*CLI, *args]
    if trace is not None and shutil.which("strace"):
        command = ["strace", "-f", "-qq", "-e", "trace=network", "-o", str(trace), *command]
    return subprocess.run(
        command, env=environment(home), capture_output=True, timeout=timeout, check=False
    )


def snapshot(root: Path, skip: Path) -> dict[str, tuple]:
    """Every entry under `root` but `skip`, with what a write would change."""
    seen = {}
    for folder, dirs, names in os.walk(root):
        if Path(folder) == skip or skip in Path(folder).parents:
            dirs[:] = []
            continue
        for name in dirs + names:
            if Path(folder) / name == skip:
                continue
            info = (Path(folder) / name).lstat()
            seen[os.path.join(folder, name)] = (info.st_mode, info.st_size, info.st_mtime_ns)
    return seen


def all_text(out: Path) -> str:
    """Every text file the run wrote under OUT."""
    texts = []
    for path in out.rglob("*"):
        if path.is_file() and path.suffix in (".json", ".html", ".csv"):
            texts.append(path.read_text("utf-8"))
    return "\n".join(texts)


def console(result) -> str:
    return (result.stdout + result.stderr).decode("utf-8", "replace")


def inet_calls(trace: Path) -> list[str]:
    """Network system calls on an inet address other than loopback (strace log lines)."""
    if not trace.exists():
        return []
    lines = trace.read_text("utf-8", "replace").splitlines()
    return [line for line in lines if INET.search(line) and not LOOPBACK.search(line)]


def override_pack(folder: Path) -> Path:
    """An id-verification pack whose messages hold <script>, whose id_number pattern fails
    (its message would print the full number) and whose address pattern is a ReDoS."""
    pack = json.loads((ROOT / "rules" / "id-verification.json").read_text("utf-8"))
    for rule in pack["consistency"]:
        rule["message"] = "<script>alert(1)</script>" + rule["message"]
    pack["field_schemas"] = {
        "id_card_front": {
            "type": "object",
            "properties": {
                "address": {"type": "string", "pattern": "^(.*.*.*.*.*)*@$"},
                "id_number": {"type": "string", "pattern": "^0$"},
            },
        }
    }
    folder.mkdir()
    (folder / "id-verification.json").write_text(json.dumps(pack, ensure_ascii=False), "utf-8")
    return folder


# --- one `check` over every hostile case folder -------------------------------------------


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    """Build every hostile case, run one `check` over all of them."""
    tmp = tmp_path_factory.mktemp("hostile")
    cases, outside, home, out = tmp / "cases", tmp / "outside", tmp / "home", tmp / "out"
    for folder in (cases, outside, home, out):
        folder.mkdir()
    keep = []  # sockets stay open while the run looks at them
    given = []
    for case in CASES:
        folder = cases / case.name
        folder.mkdir()
        keep.append(case.build(folder, outside))
        given.append(str(folder / case.given) if case.given else str(folder))
    (tmp / "victim_target").mkdir()
    os.symlink(tmp / "victim_target", out / "victim")
    (out / "stale").mkdir()
    (out / "stale" / ".report.json.k3j2x9").write_text("{half a rep")
    rules = override_pack(tmp / "rules")
    before = snapshot(tmp, out)
    trace = tmp_path_factory.mktemp("trace") / "network.log"
    args = ["check", *given, "--out", str(out), "--today", TODAY, "--rules", str(rules)]
    result = run(args, home, CHECK_SECONDS, trace)
    return {
        "result": result,
        "out": out,
        "tmp": tmp,
        "home": home,
        "before": before,
        "trace": trace,
        "keep": keep,
    }


def test_check_goes_through_every_hostile_case(checked):
    result = checked["result"]
    text = console(result)
    assert result.returncode == 1, text
    assert "Traceback" not in text and "internal error" not in text, text


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_each_hostile_case_has_its_finding(checked, case):
    path = checked["out"] / case.name / "report.json"
    assert path.is_file(), f"no report for {case.name}"
    report = json.loads(path.read_text("utf-8"))
    rules = {finding["rule"] for finding in report["findings"]}
    assert case.rule in rules, report["findings"]
    assert "case.error" not in rules, report["findings"]
    if case.absent:
        assert case.absent not in rules, report["findings"]
    if case.verify:
        case.verify(report)
    assert report["verdict"] != "pass"


def test_nothing_written_outside_out(checked):
    assert snapshot(checked["tmp"], checked["out"]) == checked["before"]
    assert not any(checked["home"].iterdir()), "a run wrote under HOME"
    assert not (checked["tmp"] / "report.json").exists()


def test_links_under_out_are_not_followed(checked):
    assert not any((checked["tmp"] / "victim_target").iterdir())
    victim = checked["out"] / "victim"
    assert victim.is_dir() and not victim.is_symlink()
    assert (victim / "report.json").is_file()


def test_temporaries_of_a_killed_run_are_removed(checked):
    assert not list((checked["out"] / "stale").glob(".report.json.*"))


def test_no_full_id_number_in_masked_output(checked):
    text = all_text(checked["out"]) + console(checked["result"])
    for number in FULL_NUMBERS:
        assert number not in text
    assert f.FULL_ID_NUMBER[:6] + "********" in text  # the file named after a number


def test_no_raw_control_character_on_the_console(checked):
    text = console(checked["result"])
    assert not RAW_CONTROL.search(text), RAW_CONTROL.findall(text)[:5]
    assert "\\x1b" in text  # the escape sequence in a name is shown, escaped


def test_pack_message_and_names_escaped_in_html(checked):
    html = (checked["out"] / "id_card_markup" / "report.html").read_text("utf-8")
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html
    named = (checked["out"] / "name_html" / "report.html").read_text("utf-8")
    assert "<script>alert(1)" not in named


def test_redos_pattern_runs_in_linear_time(checked):
    report = json.loads((checked["out"] / "id_card_markup" / "report.json").read_text("utf-8"))
    fields = {name for finding in report["findings"] for name in finding["fields"]}
    assert "id_card_front.id_number" in fields  # the pack's patterns were applied


def test_check_opens_no_inet_socket(checked):
    if not shutil.which("strace"):
        pytest.skip("strace is not installed (make install installs it)")
    assert checked["trace"].exists()
    assert inet_calls(checked["trace"]) == []


# --- `batch` over a root of hostile case folders, then a resume ---------------------------

BATCH_CASES = {
    "plain": lambda d: f.write(d / "scan.png", f.image_bytes(f.small_image(), "PNG")),
    "javascript:alert(document.domain)": lambda d: f.write(d / "scan.jpg", b""),
    '=HYPERLINK("x","y")': lambda d: f.write(d / "scan.jpg", b""),
    "+cmd": lambda d: f.write(d / "scan.jpg", b""),
    "@SUM(1+1)": lambda d: f.write(d / "scan.jpg", b""),
    "-2+3": lambda d: f.write(d / "scan.jpg", b""),
    "\tTAB": lambda d: f.write(d / "scan.jpg", b""),
    "[red]markup[bold]": lambda d: f.write(d / "scan.jpg", b""),
    "\x1b[31mansi": lambda d: f.write(d / "scan.jpg", b""),
    "<img src=x onerror=alert(1)>": lambda d: f.write(d / "scan.jpg", b""),
    "fifo": lambda d: f.fifo(d / "scan.jpg"),
    "loop": lambda d: os.symlink("loop.jpg", d / "loop.jpg"),
    "nested": lambda d: f.write(d / "application.json", f.nested_json(100_000)),
    "surrogate": lambda d: f.write(d / "application.json", b'{"matter": "\\ud800"}'),
}
NOT_UTF8 = "案件".encode("gbk")


@pytest.fixture(scope="module")
def batched(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile-batch")
    root, home, out = tmp / "uploads", tmp / "home", tmp / "out"
    for folder in (root, home):
        folder.mkdir()
    for name, build in BATCH_CASES.items():
        (root / name).mkdir()
        build(root / name)
    odd = Path(os.fsdecode(bytes(root) + b"/" + NOT_UTF8))
    odd.mkdir()
    f.write(odd / "scan.jpg", b"")
    deep = f.long_name_path(root, 3000)
    f.write(deep / "scan.jpg", b"")
    f.fifo(root / "root.jpg")  # the root itself holds a FIFO: it is a case too
    before = snapshot(tmp, out)
    args = ["batch", str(root), "--out", str(out), "--workers", "2", "--today", TODAY]
    first = run([*args, "--case-timeout", "60"], home, CHECK_SECONDS)
    second = run(args, home, QUICK_SECONDS)
    return {
        "first": first,
        "second": second,
        "out": out,
        "tmp": tmp,
        "home": home,
        "before": before,
    }


def test_batch_checks_every_hostile_case(batched):
    for result in (batched["first"], batched["second"]):
        assert result.returncode == 1, console(result)
        assert "Traceback" not in console(result)
    reports = list(batched["out"].rglob("report.json"))
    assert len(reports) == len(BATCH_CASES) + 3, sorted(map(str, reports))


def test_batch_resume_skips_the_finished_cases(batched):
    rows = list(csv.DictReader(io.StringIO((batched["out"] / "summary.csv").read_text("utf-8"))))
    assert len(rows) == len(BATCH_CASES) + 3
    assert {row["status"] for row in rows} == {"skipped"}


def test_batch_summary_cells_are_not_formulas(batched):
    rows = list(csv.reader(io.StringIO((batched["out"] / "summary.csv").read_text("utf-8"))))
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(FORMULA_START), row


def test_batch_summary_links_are_relative(batched):
    html = (batched["out"] / "summary.html").read_text("utf-8")
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert len(hrefs) >= len(BATCH_CASES)
    assert all(href.startswith("./") for href in hrefs), hrefs
    assert "<img src=x" not in html and "[red]markup[bold]" in html


def test_batch_writes_nothing_outside_out(batched):
    assert snapshot(batched["tmp"], batched["out"]) == batched["before"]
    assert not any(batched["home"].iterdir())


def test_batch_console_has_no_raw_control_character(batched):
    for result in (batched["first"], batched["second"]):
        assert not RAW_CONTROL.search(console(result))


# --- rule packs -------------------------------------------------------------------------

BASE_PACK = json.loads((ROOT / "rules" / "id-verification.json").read_text("utf-8"))


def _pack(**changes) -> dict:
    return {**BASE_PACK, "field_schemas": {}, **changes}


def _with_schema(schema: dict) -> dict:
    return _pack(field_schemas={"id_card_front": schema})


PACKS = {
    "schema_http": _pack(**{"$schema": "http://example.invalid/schema"}),
    "id_http": _with_schema({"$id": "https://example.invalid/s.json", "type": "object"}),
    "field_schema_http": _with_schema({"$schema": "http://example.invalid/s", "type": "object"}),
    "ref_http": _with_schema({"$ref": "http://example.invalid/s.json"}),
    "ref_outside": _with_schema({"$ref": "../outside.schema.json"}),
    "ref_self": _with_schema({"$ref": "#"}),
    "ref_circle": _with_schema({"$ref": "circle-a.schema.json"}),
    "ref_circle_property": _with_schema({"properties": {"name": {"$ref": "#/properties/name"}}}),
    "threshold_nan": "NaN",
    "threshold_infinity": "Infinity",
    "threshold_out_of_range": _pack(thresholds={"name_accept": 150}),
    "confidence_negative": _pack(thresholds={"min_confidence": -1}),
    "pattern_backreference": _with_schema({"properties": {"name": {"pattern": "(a)\\1"}}}),
    "nested_deep": None,
    "fifo": None,
}


@pytest.fixture(scope="module")
def linted(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile-packs")
    (tmp / "outside.schema.json").write_text('{"type": "object"}')
    paths = {}
    for name, data in PACKS.items():
        folder = tmp / name
        folder.mkdir()
        path = folder / "pack.json"
        (folder / "circle-a.schema.json").write_text('{"$ref": "circle-b.schema.json"}')
        (folder / "circle-b.schema.json").write_text('{"$ref": "circle-a.schema.json"}')
        if name == "fifo":
            f.fifo(path)
        elif name == "nested_deep":
            path.write_bytes(f.nested_json(100_000, "{"))
        elif isinstance(data, str):
            text = json.dumps(_pack(thresholds={"name_accept": 1.5}))
            path.write_text(text.replace("1.5", data))
        else:
            path.write_text(json.dumps(data, ensure_ascii=False))
        paths[name] = path
    home = tmp / "home"
    home.mkdir()
    result = run(["rules", "lint", *map(str, paths.values())], home, QUICK_SECONDS)
    return {"result": result, "paths": paths, "home": home}


@pytest.mark.parametrize("name", PACKS)
def test_hostile_pack_is_a_lint_error(linted, name):
    result = linted["result"]
    assert result.returncode == 5, console(result)
    lines = result.stdout.decode("utf-8").splitlines()
    # `FILE: $.path: message`, or `FILE:LINE: ...` where the line is known.
    path = str(linted["paths"][name])
    assert any(re.match(rf"{re.escape(path)}(:\d+)?: ", line) for line in lines), console(result)


@pytest.mark.parametrize("name", ["schema_http", "threshold_nan", "ref_self", "fifo"])
def test_check_stops_on_a_hostile_pack(linted, tmp_path, name):
    (tmp_path / "case").mkdir()
    args = ["check", str(tmp_path / "case"), "--out", str(tmp_path / "out")]
    result = run([*args, "--rules", str(linted["paths"][name].parent)], linted["home"], 30)
    assert result.returncode == 5, console(result)
    assert "internal error" not in console(result)


# --- registry and --out -------------------------------------------------------------------


def _recursive_view(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute(
        "CREATE VIEW persons AS WITH RECURSIVE r(id_number, name, name_folded) AS "
        "(SELECT '1', 'a', 'a' UNION ALL SELECT * FROM r) SELECT * FROM r"
    )
    for table, columns in (
        ("enterprises", "credit_code, name, legal_representative, status, name_folded"),
        ("properties", "certificate_number, unit_number, owner, location, status"),
    ):
        connection.execute(f"CREATE TABLE {table} ({columns})")
    connection.commit()
    connection.close()


REGISTRIES = {
    "fifo": lambda path: f.fifo(path),
    "dev_zero": lambda path: os.symlink("/dev/zero", path),
    "recursive_view": _recursive_view,
    "text_file": lambda path: path.write_text("persons"),
}


@pytest.mark.parametrize("name", REGISTRIES)
def test_hostile_registry_is_refused(tmp_path, name):
    registry = tmp_path / "registry.db"
    REGISTRIES[name](registry)
    (tmp_path / "case").mkdir()
    (tmp_path / "home").mkdir()
    args = ["check", str(tmp_path / "case"), "--registry", str(registry)]
    result = run([*args, "--out", str(tmp_path / "out")], tmp_path / "home", 30)
    assert result.returncode == 5, console(result)


def test_csv_registry_import_is_cached_under_out(tmp_path):
    (tmp_path / "case").mkdir()
    (tmp_path / "home").mkdir()
    out = tmp_path / "out"
    args = ["check", str(tmp_path / "case"), "--out", str(out), "--today", TODAY]
    args += ["--registry", str(ROOT / "sample_docs" / "registry"), "-q"]
    first = run(args, tmp_path / "home", QUICK_SECONDS)
    cached = list((out / ".registry-cache").glob("registry-*.db"))
    assert first.returncode == 1 and len(cached) == 1, console(first)
    stamp = cached[0].stat().st_mtime_ns
    second = run(args, tmp_path / "home", QUICK_SECONDS)
    assert second.returncode == 1
    assert cached[0].stat().st_mtime_ns == stamp
    assert not any((tmp_path / "home").iterdir())


@pytest.mark.parametrize("where", ["file", "proc"])
def test_out_that_cannot_hold_reports(tmp_path, where):
    (tmp_path / "case").mkdir()
    (tmp_path / "home").mkdir()
    out = tmp_path / "a-file" if where == "file" else Path("/proc/prereview-reports")
    if where == "file":
        out.write_text("x")
    result = run(["check", str(tmp_path / "case"), "--out", str(out)], tmp_path / "home", 30)
    assert result.returncode == 2, console(result)
    assert "--out" in console(result)
