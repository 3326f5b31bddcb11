"""The reference registry: CSV import, lookups by key, fuzzy names, and `registry import`."""

from __future__ import annotations

import sqlite3

import pytest
import typer
from typer.testing import CliRunner

from prereview.cli.registry import app
from prereview.errors import InputNotFound, InvalidConfiguration
from prereview.registry import (
    EnterpriseRecord,
    ImportReport,
    PersonRecord,
    PropertyRecord,
    Registry,
    import_csv,
    match_grade,
    name_similarity,
)

# Synthetic people and enterprises; check digits valid (stdnum.cn.ric / stdnum.cn.uscc).
ID_A = "110105199003071238"
ID_B = "110105198501010008"
ID_C = "110105200002299994"
CODE_A = "91110000MA0000001L"
CODE_B = "91110000MA0000002P"
CODE_C = "91110000MA0000003T"
UNIT_A = "110105001001GB00001F00010001"
UNIT_B = "110105001001GB00001F00010002"
CERT_A = "京（2021）朝阳区不动产权第0000001号"
CERT_B = "京（2021）朝阳区不动产权第0000002号"

PERSONS = f"id_number,name\n{ID_A},王小明\n{ID_B},王晓明\n{ID_C},测试甲\n"
ENTERPRISES = (
    "credit_code,name,legal_representative,status\n"
    f"{CODE_A},示例科技有限公司,王小明,active\n"
    f"{CODE_B},示例科技发展有限公司,王晓明,revoked\n"
    f"{CODE_C},样本贸易有限公司,测试甲,cancelled\n"
)
PROPERTIES = (
    "certificate_number,unit_number,owner,location,status\n"
    f"{CERT_A},{UNIT_A},王小明、测试甲,示例市示例路1号,seized\n"
    f"{CERT_B},{UNIT_B},王晓明,示例市示例路2号,normal\n"
)


def write_registry(folder, persons=PERSONS, enterprises=ENTERPRISES, properties=PROPERTIES):
    """A registry CSV folder; a table given as None is left out."""
    folder.mkdir(exist_ok=True)
    for name, text in (
        ("persons", persons),
        ("enterprises", enterprises),
        ("properties", properties),
    ):
        if text is not None:
            (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def csv_dir(tmp_path):
    return write_registry(tmp_path / "csv")


@pytest.fixture
def registry(csv_dir, tmp_path):
    db = tmp_path / "registry.sqlite"
    import_csv(csv_dir, db)
    with Registry.open(db) as opened:
        yield opened


# --- import -------------------------------------------------------------------------------


def test_import_counts_rows_and_writes_tables_with_indexes(csv_dir, tmp_path):
    db = tmp_path / "registry.sqlite"
    report = import_csv(csv_dir, db)
    assert report == ImportReport(
        persons=3,
        enterprises=3,
        properties=2,
        files=("persons.csv", "enterprises.csv", "properties.csv"),
    )
    assert report.complete
    with sqlite3.connect(db) as connection:
        indexes = {row[0] for row in connection.execute("SELECT sql FROM sqlite_master")}
    joined = "\n".join(sql or "" for sql in indexes)
    for column in ("unit_number", "name_folded", "owner_folded", "legal_representative_folded"):
        assert f"({column})" in joined
    assert list(tmp_path.glob(".registry.sqlite.*")) == []


def test_lookups_by_key(registry):
    assert registry.person(ID_A) == PersonRecord(ID_A, "王小明")
    assert registry.enterprise(CODE_B) == EnterpriseRecord(
        CODE_B, "示例科技发展有限公司", "王晓明", "revoked"
    )
    deed = registry.property_by_certificate(CERT_A)
    assert isinstance(deed, PropertyRecord)
    assert deed.owners == ("王小明", "测试甲")
    assert deed.status == "seized"
    assert registry.property_by_unit(UNIT_B).owners == ("王晓明",)
    assert registry.person("110105199003071230") is None
    assert registry.enterprise("") is None
    assert registry.property_by_unit("nothing") is None


def test_lookup_keys_are_folded_and_upper_cased(registry):
    assert registry.person(" 11010519900307123８ ").id_number == ID_A
    assert registry.enterprise(CODE_A.lower()).name == "示例科技有限公司"
    # ASCII brackets as OCR returns them find the deed printed with full-width ones.
    printed = CERT_A.replace("（", "(").replace("）", ")")
    assert registry.property_by_certificate(printed).unit_number == UNIT_A
    assert registry.property_by_unit(UNIT_A.lower()).owners == ("王小明", "测试甲")


def test_bad_rows_are_reported_with_file_and_line(tmp_path):
    persons = (
        "id_number,name\n"
        f"{ID_A},王小明\n"  # line 2
        f"{ID_B}\n"  # 3: one column
        ",无号码\n"  # 4: empty key
        "12345,太短\n"  # 5: not 18 characters
        "\n"  # 6: blank lines are skipped, not reported
        f"{ID_A.lower()},重复\n"  # 7: duplicate of line 2
    )
    enterprises = f"credit_code,name,legal_representative,status\n{CODE_A},示例公司,王小明,closed\n"
    properties = (
        "certificate_number,unit_number,owner,location,status\n"
        f"{CERT_A},{UNIT_A},王小明,示例路,normal\n"
        f"{CERT_B},{UNIT_A},王晓明,示例路,normal\n"
    )
    folder = write_registry(tmp_path / "csv", persons, enterprises, properties)
    report = import_csv(folder, tmp_path / "registry.sqlite")
    assert (report.persons, report.enterprises, report.properties) == (1, 0, 1)
    assert [str(row) for row in report.bad_rows] == [
        "persons.csv:3: expected 2 columns, found 1",
        "persons.csv:4: empty id_number",
        "persons.csv:5: id_number has 5 characters, expected 18",
        "persons.csv:7: duplicate id_number (first on line 2)",
        "enterprises.csv:2: status 'closed' is not one of active, revoked, cancelled",
        "properties.csv:3: duplicate unit_number (first on line 2)",
    ]
    assert not report.complete
    with Registry.open(tmp_path / "registry.sqlite") as opened:
        assert opened.person(ID_A).name == "王小明"


def test_line_numbers_count_physical_lines_of_quoted_multiline_cells(tmp_path):
    enterprises = (
        "credit_code,name,legal_representative,status\n"
        f'{CODE_A},"示例\n公司",王小明,active\n'  # lines 2-3
        f"{CODE_B},示例公司,王晓明,\n"  # line 4
    )
    folder = write_registry(tmp_path / "csv", None, enterprises, None)
    report = import_csv(folder, tmp_path / "registry.sqlite")
    assert [str(row) for row in report.bad_rows] == [
        "enterprises.csv:4: status (empty) is not one of active, revoked, cancelled"
    ]


def test_utf8_bom_is_accepted(tmp_path):
    folder = tmp_path / "csv"
    folder.mkdir()
    (folder / "persons.csv").write_bytes(PERSONS.encode("utf-8-sig"))
    report = import_csv(folder, tmp_path / "registry.sqlite")
    assert report.persons == 3 and report.complete
    assert report.files == ("persons.csv",)


def test_wrong_header_names_the_file_and_the_expected_columns(tmp_path):
    folder = write_registry(tmp_path / "csv", persons="身份证号,姓名\n" + f"{ID_A},王小明\n")
    with pytest.raises(InvalidConfiguration, match=r"persons\.csv.*id_number,name"):
        import_csv(folder, tmp_path / "registry.sqlite")
    assert list(tmp_path.glob("*.sqlite*")) + list(tmp_path.glob(".registry*")) == []


def test_failed_import_keeps_the_previous_registry(csv_dir, tmp_path):
    db = tmp_path / "registry.sqlite"
    import_csv(csv_dir, db)
    before = db.read_bytes()
    (csv_dir / "properties.csv").write_text("certificate_number,owner\n", encoding="utf-8")
    with pytest.raises(InvalidConfiguration, match="properties.csv"):
        import_csv(csv_dir, db)
    assert db.read_bytes() == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["csv", "registry.sqlite"]


def test_empty_file_and_non_utf8_are_invalid(tmp_path):
    folder = write_registry(tmp_path / "csv", persons="")
    with pytest.raises(InvalidConfiguration, match="empty file"):
        import_csv(folder, tmp_path / "a.sqlite")
    (folder / "persons.csv").write_bytes(PERSONS.encode("gbk"))
    with pytest.raises(InvalidConfiguration, match="not UTF-8"):
        import_csv(folder, tmp_path / "a.sqlite")


def test_missing_tables_are_empty_but_no_table_at_all_is_invalid(tmp_path):
    folder = write_registry(tmp_path / "csv", PERSONS, None, None)
    report = import_csv(folder, tmp_path / "registry.sqlite")
    assert (report.persons, report.enterprises, report.properties) == (3, 0, 0)
    with Registry.open(tmp_path / "registry.sqlite") as opened:
        assert opened.enterprise(CODE_A) is None
        assert opened.enterprises_named("示例") == []
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InvalidConfiguration, match="none of the registry files"):
        import_csv(empty, tmp_path / "other.sqlite")
    with pytest.raises(InputNotFound):
        import_csv(tmp_path / "missing", tmp_path / "other.sqlite")


# --- opening ------------------------------------------------------------------------------


def test_open_csv_folder_keeps_bad_rows_for_the_caller(tmp_path):
    folder = write_registry(tmp_path / "csv", persons=PERSONS + "12345,太短\n")
    with Registry.open(folder) as opened:
        assert opened.source == str(folder)
        assert opened.person(ID_B).name == "王晓明"
        assert opened.property_by_unit(UNIT_A).status == "seized"
        assert [str(row) for row in opened.import_report.bad_rows] == [
            "persons.csv:5: id_number has 5 characters, expected 18"
        ]
    # Opening the folder writes nothing into it.
    assert sorted(path.name for path in folder.iterdir()) == [
        "enterprises.csv",
        "persons.csv",
        "properties.csv",
    ]


def test_open_db_file(registry, tmp_path):
    assert registry.source == str(tmp_path / "registry.sqlite")
    assert registry.import_report is None
    assert len(registry.sha256) == 64


def test_open_rejects_what_is_not_a_registry(tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("hello", encoding="utf-8")
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE persons (id_number TEXT, name TEXT)")
    for path in (text, other):
        with pytest.raises(InvalidConfiguration, match="not a prereview registry"):
            Registry.open(path)
    with pytest.raises(InputNotFound):
        Registry.open(tmp_path / "missing.sqlite")


def test_sha256_is_stable_and_follows_the_content(tmp_path):
    first = write_registry(tmp_path / "one")
    same = write_registry(tmp_path / "two")
    changed = write_registry(tmp_path / "three", persons=PERSONS.replace("测试甲", "测试乙"))
    digests = {}
    for folder in (first, same, changed):
        with Registry.open(folder) as opened:
            digests[folder.name] = opened.sha256
        db = tmp_path / f"{folder.name}.sqlite"
        import_csv(folder, db)
        with Registry.open(db) as opened:
            digests[db.name] = opened.sha256
    assert digests["one"] == digests["two"] != digests["three"]
    assert digests["one.sqlite"] == digests["two.sqlite"] != digests["three.sqlite"]


# --- names --------------------------------------------------------------------------------


def test_name_similarity_folds_before_comparing():
    assert name_similarity("王小明", " 王小明 ") == 100.0
    assert name_similarity("示例（北京）有限公司", "示例(北京)有限公司") == 100.0
    assert 0 < name_similarity("王小明", "王晓明") < 100
    assert name_similarity("王小明", "测试甲") == 0.0


def test_match_grade_thresholds():
    assert match_grade(100, accept=90, reject=60) == "match"
    assert match_grade(90, accept=90, reject=60) == "match"
    assert match_grade(89.9, accept=90, reject=60) == "grey"
    assert match_grade(60, accept=90, reject=60) == "grey"
    assert match_grade(59.9, accept=90, reject=60) == "mismatch"
    with pytest.raises(InvalidConfiguration):
        match_grade(50, accept=60, reject=90)


def test_fuzzy_lookups_best_first(registry):
    found = registry.persons_named("王小明")
    assert [(record.id_number, score) for record, score in found][:1] == [(ID_A, 100.0)]
    assert found[1][0].id_number == ID_B
    assert found[0][1] > found[1][1] >= found[2][1]
    assert len(registry.persons_named("王小明", limit=1)) == 1
    enterprises = registry.enterprises_named("示例科技有限公司", limit=2)
    assert [record.credit_code for record, _ in enterprises] == [CODE_A, CODE_B]


def test_the_key_decides_the_record_between_one_character_neighbours(registry):
    # 王小明 and 王晓明 differ by one character; a declared 王晓明 with ID_A's number is ID_A's
    # record with a name that does not fully agree, never ID_B's record.
    record = registry.person(ID_A)
    assert record.name == "王小明"
    score = name_similarity("王晓明", record.name)
    assert match_grade(score, accept=95, reject=50) == "grey"
    assert match_grade(name_similarity("王晓明", registry.person(ID_B).name), 95, 50) == "match"


# --- command line -------------------------------------------------------------------------


def run(*args):
    root = typer.Typer()
    root.add_typer(app, name="registry")
    return CliRunner().invoke(root, ["registry", *map(str, args)])


def test_cli_imports_and_exits_0(csv_dir, tmp_path):
    db = tmp_path / "out" / "registry.sqlite"
    result = run("import", csv_dir, "--db", db)
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        f"imported 3 persons, 3 enterprises, 2 properties into {db}; 0 bad rows"
    ]
    assert result.stdout == ""
    with Registry.open(db) as opened:
        assert opened.person(ID_C).name == "测试甲"


def test_cli_lists_bad_rows_and_exits_1(tmp_path):
    folder = write_registry(tmp_path / "csv", persons=PERSONS + ",无号码\n")
    db = tmp_path / "registry.sqlite"
    result = run("import", folder, "--db", db)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"imported 3 persons, 3 enterprises, 2 properties into {db}; 1 bad row",
        "  persons.csv:5: empty id_number",
    ]
    assert db.is_file()


def test_cli_missing_folder_exits_4(tmp_path):
    result = run("import", tmp_path / "missing", "--db", tmp_path / "registry.sqlite")
    assert result.exit_code == 4
    assert "no such registry folder" in result.stderr


def test_cli_wrong_header_or_no_csv_exits_5(tmp_path):
    folder = write_registry(tmp_path / "csv", enterprises="code,name\n")
    result = run("import", folder, "--db", tmp_path / "registry.sqlite")
    assert result.exit_code == 5
    assert "enterprises.csv" in result.stderr
    assert "credit_code,name,legal_representative,status" in result.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run("import", empty, "--db", tmp_path / "registry.sqlite")
    assert result.exit_code == 5
    assert not (tmp_path / "registry.sqlite").exists()


def test_cli_help_has_an_example():
    result = run("import", "--help")
    assert result.exit_code == 0
    assert "prereview registry import" in result.stdout
