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


def chinese_first(stderr: str, chinese: str, english: str) -> bool:
    """The message says `chinese`, then (later on the same line) `english`."""
    line = next(line for line in stderr.splitlines() if chinese in line)
    return line.startswith("prereview: ") and line.index(chinese) < line.index(english)


def test_registry_path_that_does_not_exist_says_how_to_build_one(tmp_path):
    db = tmp_path / "nope.db"
    result = check(CASES / "no-matter", "--registry", db, "--out", tmp_path)
    assert result.exit_code == 4
    assert chinese_first(result.stderr, f"找不到登记库 {db}", "no such registry")
    assert f"prereview registry import CSV_DIR --db {db}" in result.stderr


def test_a_csv_file_given_as_registry_says_to_give_its_folder(tmp_path):
    csv_file = tmp_path / "persons.csv"
    shutil.copy(ROOT / "sample_docs" / "registry" / "persons.csv", csv_file)
    result = check(CASES / "no-matter", "--registry", csv_file, "--out", tmp_path / "o")
    assert result.exit_code == 5
    assert chinese_first(
        result.stderr, "是 CSV 文件，不是登记库", "a CSV file, not a prereview registry"
    )
    assert f"pass the folder that holds the CSV files, e.g. {tmp_path}" in result.stderr


def test_a_scan_given_to_check_says_to_put_the_scans_in_a_folder(tmp_path):
    scan = CASES / "no-matter" / "IMG_20241120_0171.jpg"
    result = check(scan, "--out", tmp_path)
    assert result.exit_code == 4
    assert chinese_first(result.stderr, "是文件，不是案件文件夹", "a file, not a case folder")
    assert "no such case folder" not in result.stderr


def test_misspelt_matter_suggests_the_closest_and_lists_them(tmp_path):
    result = check(CASES / "no-matter", "--matter", "id-verifcation", "--out", tmp_path)
    assert result.exit_code == 2
    assert chinese_first(
        result.stderr,
        "未知事项 'id-verifcation'，您是否要找 'id-verification'？",
        "did you mean 'id-verification'?",
    )
    for title in ("居民身份核验", "企业补贴申请", "住房公积金提取", "经营场所核验"):
        assert title in result.stderr
    assert not list(tmp_path.iterdir())


def test_matter_is_accepted_by_its_chinese_title(tmp_path):
    result = check(CASES / "no-matter", "--matter", "居民身份核验", "--out", tmp_path)
    assert result.exit_code in (0, 1), result.stderr
    report = json.loads((tmp_path / "no-matter" / "report.json").read_text("utf-8"))
    assert report["matter"] == "id-verification"


def test_verbose_works_after_the_sub_command(tmp_path):
    result = check(tmp_path / "nowhere", "--verbose", "--out", tmp_path)
    assert result.exit_code == 4, result.output
    assert "No such option" not in result.output
    assert chinese_first(result.stderr, "找不到案件文件夹", "no such case folder")


def test_a_folder_of_case_folders_alone_is_refused_with_batch(tmp_path):
    result = check(CASES, "--out", tmp_path)
    assert result.exit_code == 2
    assert chinese_first(result.stderr, "是多个案件的上传目录", f"use `prereview batch {CASES}`")
    assert not list(tmp_path.iterdir())


def test_a_bad_review_date_says_the_form(tmp_path):
    args = ["check", str(CASES / "no-matter"), "--today", "2026-13-01", "--out", str(tmp_path)]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert chinese_first(result.stderr, "--today 应为 YYYY-MM-DD", "--today must be a date")


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
    assert chinese_first(
        result.stderr, "规则包有误，运行 prereview rules lint", "invalid rule pack"
    )


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


def test_a_missing_rules_folder_exits_4(tmp_path):
    result = check(CASES / "no-matter", "--rules", tmp_path / "my-packs", "--out", tmp_path / "o")
    assert result.exit_code == 4
    assert chinese_first(result.stderr, "找不到规则包文件夹", "rules folder not found")
