"""`prereview check` on bad cases and bad configuration: findings and exit codes."""

import json
import shutil

from typer.testing import CliRunner

from prereview.cli.app import app

from ..conftest import ROOT

runner = CliRunner()
CASES = ROOT / "sample_docs" / "cases"


def check(*args):
    return runner.invoke(app, ["check", *map(str, args), "--today", "2026-11-24", "-q"])


def test_empty_case_folder_is_a_finding_not_a_crash(tmp_path):
    case = tmp_path / "case-empty"
    case.mkdir()
    result = check(case, "--out", tmp_path / "out", "--matter", "id-verification")
    assert result.exit_code == 1
    report = json.loads((tmp_path / "out" / "case-empty" / "report.json").read_text("utf-8"))
    assert report["verdict"] == "fail"
    assert {f["rule"] for f in report["findings"]} >= {"case.empty", "case.missing_document"}


def test_bad_application_json_is_a_finding(tmp_path):
    case = tmp_path / "case-bad-app"
    case.mkdir()
    (case / "application.json").write_bytes(b"\xff\xfe{not json")
    (case / "scan.jpg").write_bytes(b"")
    result = check(case, "--out", tmp_path / "out")
    assert result.exit_code == 1
    report = json.loads((tmp_path / "out" / "case-bad-app" / "report.json").read_text("utf-8"))
    rules = {f["rule"] for f in report["findings"]}
    assert {"case.bad_application", "case.unreadable_document", "case.unknown_matter"} <= rules
    assert report["verdict"] == "review"


def test_missing_registry_gives_review(tmp_path):
    result = check(CASES / "id-verification-ok", "--out", tmp_path)
    assert result.exit_code == 1
    report = json.loads((tmp_path / "id-verification-ok" / "report.json").read_text("utf-8"))
    assert report["verdict"] == "review"
    assert [f["rule"] for f in report["findings"]] == ["case.no_registry"]


def test_registry_path_that_does_not_exist_exits_4(tmp_path):
    result = check(CASES / "no-matter", "--registry", tmp_path / "nope.db", "--out", tmp_path)
    assert result.exit_code == 4 and "no such registry" in result.stderr


def test_missing_case_folder_exits_4(tmp_path):
    result = check(tmp_path / "nowhere", "--out", tmp_path)
    assert result.exit_code == 4


def test_broken_rule_pack_names_file_and_json_path(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    pack = json.loads((ROOT / "rules" / "id-verification.json").read_text("utf-8"))
    pack["consistency"][0]["compare"] = "roughly"
    (rules / "id-verification.json").write_text(json.dumps(pack, ensure_ascii=False), "utf-8")
    result = check(CASES / "no-matter", "--rules", rules, "--out", tmp_path)
    assert result.exit_code == 5
    assert "id-verification.json" in result.stderr and "$.consistency[0].compare" in result.stderr


def test_ref_outside_the_pack_folder_is_refused(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    pack = json.loads((rules / "id-verification.json").read_text("utf-8"))
    pack["field_schemas"]["id_card_front"] = {"$ref": "../secret.json"}
    (tmp_path / "secret.json").write_text("{}", "utf-8")
    (rules / "id-verification.json").write_text(json.dumps(pack, ensure_ascii=False), "utf-8")
    result = check(CASES / "no-matter", "--rules", rules, "--out", tmp_path)
    assert result.exit_code == 5 and "refused" in result.stderr


def test_unknown_matter_option_is_a_usage_error(tmp_path):
    result = check(CASES / "no-matter", "--matter", "dog-licence", "--out", tmp_path)
    assert result.exit_code == 2 and "unknown matter 'dog-licence'" in result.stderr


def test_new_matter_from_a_rules_folder_needs_no_code(tmp_path, monkeypatch):
    rules = tmp_path / "rules"
    rules.mkdir()
    pack = {
        "matter": "id-front-only",
        "title": "只核对人像面 front only",
        "documents": {
            "id_card_front": {"label": "人像面", "missing": "请补充身份证人像面。 Add the front."}
        },
    }
    (rules / "id-front-only.json").write_text(json.dumps(pack, ensure_ascii=False), "utf-8")
    monkeypatch.setenv("PREREVIEW_RULES", str(rules))
    result = check(CASES / "id-missing-back", "--matter", "id-front-only", "--out", tmp_path)
    assert result.exit_code == 0, result.stdout
    report = json.loads((tmp_path / "id-missing-back" / "report.json").read_text("utf-8"))
    assert report["verdict"] == "pass" and report["matter"] == "id-front-only"


def test_thresholds_upside_down_stop_the_run(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    pack = json.loads((rules / "id-verification.json").read_text("utf-8"))
    pack["thresholds"].update(name_accept=50, name_reject=80)
    (rules / "id-verification.json").write_text(json.dumps(pack, ensure_ascii=False), "utf-8")
    result = check(CASES / "no-matter", "--rules", rules, "--out", tmp_path)
    assert result.exit_code == 5 and "$.thresholds" in result.stderr


def test_bad_rows_of_a_csv_registry_are_named_not_dropped_silently(tmp_path):
    registry = tmp_path / "registry"
    shutil.copytree(ROOT / "sample_docs" / "registry", registry)
    with (registry / "persons.csv").open("a", encoding="utf-8") as handle:
        handle.write("12345,某某\n")
    lines = len((registry / "persons.csv").read_text("utf-8").splitlines())
    result = check(CASES / "no-matter", "--registry", registry, "--out", tmp_path)
    assert result.exit_code == 1
    assert f"registry row left out: persons.csv:{lines}:" in result.stderr


def test_a_folder_of_case_folders_among_several_arguments_is_refused(tmp_path):
    case = tmp_path / "case"
    case.mkdir()
    root = tmp_path / "root"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "application.json").write_text('{"matter": "id-verification"}')
    result = CliRunner().invoke(app, ["check", str(case), str(root), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2, result.output
    assert result.output.index("上传目录") < result.output.index("prereview batch")
    assert not (tmp_path / "o" / "case" / "notice.html").exists()
