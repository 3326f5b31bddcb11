"""`prereview rules`: list, show, lint on broken packs, new."""

import json

import pytest
from typer.testing import CliRunner

from prereview.cli.app import app

from ..conftest import ROOT

runner = CliRunner()
PACK = json.loads((ROOT / "rules" / "id-verification.json").read_text("utf-8"))


def broken(tmp_path, change):
    pack = json.loads(json.dumps(PACK))
    change(pack)
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(pack, ensure_ascii=False), "utf-8")
    return path


BROKEN = {
    "unknown key": (
        lambda p: p.update(colour="red"),
        "$: Additional properties are not allowed ('colour' was unexpected)",
    ),
    "unknown document type": (
        lambda p: p["documents"].update(passport={"label": "x", "missing": "y"}),
        "$.documents",
    ),
    "unknown field": (
        lambda p: p["consistency"][0].update(right="id_card_front.nickname"),
        "$.consistency[0]: unknown field 'id_card_front.nickname'",
    ),
    "unreachable rule": (
        lambda p: p["consistency"][0].update(right="property_deed.owner"),
        "the rule can never run",
    ),
    "threshold out of range": (
        lambda p: p["thresholds"].update(name_accept=120),
        "$.thresholds.name_accept: 120 is greater than the maximum of 100",
    ),
    "thresholds upside down": (
        lambda p: p["thresholds"].update(name_accept=50, name_reject=70),
        "$.thresholds: name_reject is above name_accept",
    ),
    "duplicate rule id": (
        lambda p: p["consistency"][1].update(id=p["consistency"][0]["id"]),
        "rule id 'consistency.declared_name' is used twice",
    ),
    "unknown schema field": (
        lambda p: p["field_schemas"].update(id_card_front={"required": ["nickname"]}),
        "$.field_schemas.id_card_front: unknown field 'nickname'",
    ),
}


@pytest.mark.parametrize("mistake", sorted(BROKEN))
def test_lint_names_file_path_and_mistake(tmp_path, mistake):
    change, expected = BROKEN[mistake]
    path = broken(tmp_path, change)
    result = runner.invoke(app, ["rules", "lint", str(path)])
    assert result.exit_code == 5
    assert expected in result.stdout and str(path) in result.stdout


def test_lint_of_the_packs_in_use_is_clean():
    result = runner.invoke(app, ["rules", "lint"])
    assert result.exit_code == 0, result.stdout
    assert "0 problem(s)" in result.stderr


def test_new_pack_lints_clean_and_is_picked_up(tmp_path):
    path = tmp_path / "packs" / "dog-licence.json"
    path.parent.mkdir()
    assert runner.invoke(app, ["rules", "new", "dog-licence", "--out", str(path)]).exit_code == 0
    assert runner.invoke(app, ["rules", "lint", str(path)]).exit_code == 0
    listed = runner.invoke(app, ["rules", "list", "--rules", str(path.parent)])
    assert listed.exit_code == 0 and "dog-licence" in listed.stdout
    assert runner.invoke(app, ["rules", "new", "dog-licence", "--out", str(path)]).exit_code == 2
    assert (
        runner.invoke(
            app, ["rules", "new", "Dog Licence", "--out", str(tmp_path / "x.json")]
        ).exit_code
        == 2
    )


def test_show_prints_documents_rules_and_thresholds():
    result = runner.invoke(app, ["rules", "show", "housing-fund-withdrawal"])
    assert result.exit_code == 0
    for text in (
        "property_deed",
        "consistency.applicant_owns_property",
        "registry.property_status",
        "grey zone",
    ):
        assert text in result.stdout
    assert runner.invoke(app, ["rules", "show", "dog-licence"]).exit_code == 2


def test_rules_test_runs_the_packaged_fixtures_of_every_matter():
    fixtures = ROOT / "rules" / "tests"
    result = runner.invoke(app, ["rules", "test", str(fixtures)])
    assert result.exit_code == 0, result.stdout
    matters = {path.parent.name for path in fixtures.rglob("*.case.json")}
    assert matters >= {
        "id-verification",
        "enterprise-subsidy",
        "housing-fund-withdrawal",
        "business-premises",
    }
    assert "0 failed" in result.stderr


def test_rules_test_shows_expected_and_got_for_a_failing_fixture(tmp_path):
    source = ROOT / "rules" / "tests" / "id-verification" / "expired.case.json"
    fixture = json.loads(source.read_text("utf-8"))
    fixture["expected"] = {"verdict": "pass", "rules": []}
    (tmp_path / "wrong.case.json").write_text(json.dumps(fixture, ensure_ascii=False), "utf-8")
    (tmp_path / "broken.case.json").write_text("{}", "utf-8")
    result = runner.invoke(app, ["rules", "test", str(tmp_path)])
    # The empty fixture is itself invalid (no `expected`): exit 5, as for an invalid pack.
    assert result.exit_code == 5
    assert (
        "FAILED" in result.stdout
        and "fail id.expired" in result.stdout
        and "INVALID" in result.stdout
        and "缺少必需的键 'expected'" in result.stdout
    )
    assert "0 passed, 2 failed (1 invalid)" in result.stderr


def test_lint_reports_every_problem_of_a_pack_in_one_run_with_lines(tmp_path):
    pack = json.loads(json.dumps(PACK))
    pack["colour"] = "red"
    pack["thresholds"]["name_accept"] = 120
    pack["consistency"][0]["right"] = "id_card_front.nickname"
    path = tmp_path / "many.json"
    text = json.dumps(pack, ensure_ascii=False, indent=2)
    path.write_text(text, "utf-8")
    result = runner.invoke(app, ["rules", "lint", str(path)])
    assert result.exit_code == 5
    lines = result.stdout.splitlines()
    assert len(lines) == 3 and "3 problem(s)" in result.stderr
    numbered = {line.split(": ", 1)[1].split(":")[0]: int(line.split(":")[1]) for line in lines}
    source = text.splitlines()
    assert '"name_accept": 120' in source[numbered["$.thresholds.name_accept"] - 1]
    assert '"right": "id_card_front.nickname"' in "".join(
        source[numbered["$.consistency[0]"] - 1 : numbered["$.consistency[0]"] + 8]
    )


def test_invalid_json_names_its_line(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{\n  "matter": "x",\n  "title": \n}\n', "utf-8")
    result = runner.invoke(app, ["rules", "lint", str(path)])
    assert result.exit_code == 5 and f"{path}:4:" in result.stdout


def test_declared_keys_are_open_to_any_entity_field(tmp_path):
    pack = json.loads(json.dumps(PACK))
    pack["consistency"][0]["left"] = "declared.guardian.name"
    pack["field_schemas"] = {}
    path = tmp_path / "open.json"
    path.write_text(json.dumps(pack, ensure_ascii=False), "utf-8")
    result = runner.invoke(app, ["rules", "lint", str(path)])
    assert result.exit_code == 0, result.stdout


def test_rules_test_finds_the_packaged_fixtures_from_anywhere(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["rules", "test"])
    assert result.exit_code == 0, result.stdout
    assert " 0 failed" in result.stderr and not result.stderr.startswith("0 passed")


def test_rules_test_says_when_a_fixture_is_misnamed(tmp_path):
    fixture = next((ROOT / "rules" / "tests").rglob("*.case.json"))
    (tmp_path / "mine.json").write_text(fixture.read_text("utf-8"), "utf-8")
    result = runner.invoke(app, ["rules", "test", str(tmp_path)])
    assert result.exit_code == 1
    assert "mine.json is not read: fixture files must be named *.case.json" in result.stderr
    assert result.stderr.startswith(f"prereview: 未读取 {tmp_path / 'mine.json'}：fixture 文件名")
    assert "no *.case.json fixtures" in result.stderr


EXPIRED = json.loads(
    (ROOT / "rules" / "tests" / "id-verification" / "expired.case.json").read_text("utf-8")
)

# A fixture mistake -> what `rules test` must say of it (Chinese first) and the key it is on.
FIXTURE_MISTAKES = {
    "misspelt key": (
        lambda f: f.update(expect=f.pop("expected")),
        "$.expect: 未知的键 'expect' (unknown key 'expect')  (您是否要写 'expected'？",
        '"expect"',
    ),
    "string for a list": (
        lambda f: f["expected"].update(rules="none"),
        '$.expected.rules: 应为列表，实为字符串 "none" (expected a list',
        '"rules": "none"',
    ),
    "date that does not exist": (
        lambda f: f.update(today="2026-02-30"),
        "$.today: today '2026-02-30' 不是存在的日期 (today '2026-02-30' is not a date)",
        '"today"',
    ),
    "date in another form": (
        lambda f: f.update(today="24/11/2026"),
        '$.today: "24/11/2026" 格式不对：日期应写作 YYYY-MM-DD',
        '"today"',
    ),
    "unknown document type": (
        lambda f: f["documents"][0].update(type="passport"),
        '$.documents[0].type: 未知的材料类型 "passport" (unknown document type "passport")',
        '"type": "passport"',
    ),
    "unknown field of a known type": (
        lambda f: f["documents"][0]["fields"].update(nickname="小明"),
        "$.documents[0].fields.nickname: 未知的字段 'nickname' (unknown field 'nickname')",
        '"nickname"',
    ),
    "number given as text": (
        lambda f: f["documents"][0].update(confidence="high"),
        '$.documents[0].confidence: 应为数字，实为字符串 "high"',
        '"confidence"',
    ),
    "unknown registry column": (
        lambda f: f["registry"]["persons"][0].update(nmae="王小明"),
        "$.registry.persons[0].nmae: 未知的列 'nmae' (unknown column 'nmae')  (您是否要写 'name'？",
        '"nmae"',
    ),
    "unknown verdict": (
        lambda f: f["expected"].update(verdict="passed"),
        "$.expected.verdict: \"passed\" 不是可选值 (not an allowed value)  (您是否要写 'pass'？",
        '"verdict"',
    ),
}


@pytest.mark.parametrize("mistake", sorted(FIXTURE_MISTAKES))
def test_rules_test_checks_each_fixture_against_the_fixture_schema(tmp_path, mistake):
    change, expected, key = FIXTURE_MISTAKES[mistake]
    fixture = json.loads(json.dumps(EXPIRED))
    change(fixture)
    path = tmp_path / "mine.case.json"
    text = json.dumps(fixture, ensure_ascii=False, indent=2)
    path.write_text(text, "utf-8")
    result = runner.invoke(app, ["rules", "test", str(tmp_path)])
    assert result.exit_code == 5, result.stdout
    problems = [line for line in result.stdout.splitlines() if line.startswith(str(path))]
    assert len(problems) == 1 and expected in problems[0]
    problem = problems[0]
    line = int(problem[len(str(path)) + 1 :].split(":")[0])
    assert key in text.splitlines()[line - 1]
    assert "INVALID" in result.stdout and "(1 invalid)" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_rules_test_hints_rules_when_a_fixture_names_an_unknown_matter(tmp_path):
    fixture = json.loads(json.dumps(EXPIRED))
    fixture["matter"] = "licence-renewal"
    (tmp_path / "renewal.case.json").write_text(json.dumps(fixture, ensure_ascii=False), "utf-8")
    result = runner.invoke(app, ["rules", "test", str(tmp_path)])
    assert result.exit_code == 5
    assert "$.matter: 未知事项 'licence-renewal'" in result.stdout
    assert "--rules" in result.stdout


def test_the_published_fixture_schema_knows_every_document_type_and_field():
    from prereview.fixture_schema import fixture_validator
    from prereview.records import DOCUMENT_TYPES, FIELDS_BY_TYPE

    schema = fixture_validator().schema
    types = schema["$defs"]["document"]["properties"]["type"]["enum"]
    assert set(DOCUMENT_TYPES) <= set(types)
    for doc_type in DOCUMENT_TYPES:
        fields = schema["$defs"][f"{doc_type}_fields"]["properties"]
        assert tuple(fields) == FIELDS_BY_TYPE[doc_type]
    for path in (ROOT / "rules" / "tests").rglob("*.case.json"):
        assert not list(fixture_validator().iter_errors(json.loads(path.read_text("utf-8"))))


def test_rules_test_piped_never_cuts_rule_ids(tmp_path):
    # A real pipe (not the test runner): rich sizes its tables for a file, not a terminal.
    import subprocess
    import sys

    command = [sys.executable, "-m", "prereview.cli.app", "rules", "test"]
    result = subprocess.run(command, capture_output=True, text=True, check=False, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "…" not in result.stdout
    for rule in ("consistency.declared_name", "registry.enterprise_status", "declared.required"):
        assert rule in result.stdout


def test_lint_prints_no_re2_start_up_warning(tmp_path):
    import subprocess
    import sys

    pack = json.loads(json.dumps(PACK))
    pack["field_schemas"]["id_card_front"] = {
        "type": "object",
        "properties": {"name": {"type": "string", "pattern": "(?<=王)小明"}},
    }
    path = tmp_path / "lookbehind.json"
    path.write_text(json.dumps(pack, ensure_ascii=False), "utf-8")
    command = [sys.executable, "-m", "prereview.cli.app", "rules", "lint", str(path)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 5
    assert "is not supported" in result.stdout
    assert result.stderr.strip() == "1 pack(s), 1 problem(s)"


@pytest.mark.parametrize("command", [["rules", "list"], ["rules", "lint"], ["rules", "test"]])
def test_a_missing_rules_folder_exits_4_as_the_docs_say(tmp_path, command):
    missing = tmp_path / "my-packs"
    result = runner.invoke(app, [*command, "--rules", str(missing)])
    assert result.exit_code == 4
    line = result.stderr.strip()
    assert line.startswith(f"prereview: 找不到规则包文件夹 {missing}：--rules")
    assert f"(rules folder not found: {missing}" in line


def test_a_missing_fixture_folder_exits_4(tmp_path):
    result = runner.invoke(app, ["rules", "test", str(tmp_path / "tests")])
    assert result.exit_code == 4
    assert result.stderr.startswith(f"prereview: 找不到 fixture 文件夹 {tmp_path / 'tests'}")


def test_rules_test_says_every_fixture_mistake_in_one_run(tmp_path):
    """A date that does not exist is said beside the schema's findings, not after they are fixed;
    a number where the date or matter should be is a wrong type, never an internal error."""
    fixture = json.loads(json.dumps(EXPIRED))
    fixture.update(expect=fixture.pop("expected"), today="2026-13-01")
    (tmp_path / "a.case.json").write_text(json.dumps(fixture, ensure_ascii=False), "utf-8")
    numbers = json.loads(json.dumps(EXPIRED))
    numbers.update(today=20261124, matter=7)
    (tmp_path / "b.case.json").write_text(json.dumps(numbers, ensure_ascii=False), "utf-8")
    result = runner.invoke(app, ["rules", "test", str(tmp_path)])
    assert result.exit_code == 5, result.stdout + result.stderr
    assert "$.expect: 未知的键" in result.stdout
    assert "$.today: today '2026-13-01' 不是存在的日期" in result.stdout
    assert "$.today: 应为字符串，实为整数 20261124" in result.stdout
    assert "$.matter: 应为字符串，实为整数 7" in result.stdout
    assert "(2 invalid)" in result.stderr and "内部错误" not in result.stderr
