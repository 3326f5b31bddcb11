"""Every example in docs/rule-packs.md stays valid: the worked pack lints clean, every key's
example fits into it, the fixture passes, and every command the guide shows exists."""

import json
import re

from typer.testing import CliRunner

from prereview.cli.app import app

from ..conftest import ROOT

GUIDE = (ROOT / "docs" / "rule-packs.md").read_text("utf-8")
BLOCKS = [json.loads(block) for block in re.findall(r"```json\n(.*?)```", GUIDE, flags=re.S)]
runner = CliRunner()


def worked_pack():
    (pack,) = [
        block
        for block in BLOCKS
        if "documents" in block and "matter" in block and "today" not in block
    ]
    return pack


def lint(tmp_path, pack, name="pack.json"):
    path = tmp_path / name
    path.write_text(json.dumps(pack, ensure_ascii=False), "utf-8")
    return runner.invoke(app, ["rules", "lint", str(path)])


def test_the_worked_example_lints_clean(tmp_path):
    result = lint(tmp_path, worked_pack())
    assert result.exit_code == 0, result.stdout


def test_every_reference_example_fits_a_pack(tmp_path):
    fragments = [block for block in BLOCKS if "today" not in block and block is not worked_pack()]
    assert len(fragments) >= 6
    for fragment in fragments:
        pack = {**worked_pack(), **fragment}
        if (
            "documents" in fragment
        ):  # a documents example replaces the list: keep the rules' documents
            pack["documents"] = {**worked_pack()["documents"], **fragment["documents"]}
        result = lint(tmp_path, pack)
        assert result.exit_code == 0, (fragment, result.stdout)


def test_the_fixture_passes_against_the_worked_pack(tmp_path):
    packs, tests = tmp_path / "packs", tmp_path / "packs" / "tests"
    tests.mkdir(parents=True)
    (packs / "licence-renewal.json").write_text(
        json.dumps(worked_pack(), ensure_ascii=False), "utf-8"
    )
    (fixture,) = [block for block in BLOCKS if "expected" in block]
    (tests / "revoked.case.json").write_text(json.dumps(fixture, ensure_ascii=False), "utf-8")
    result = runner.invoke(app, ["rules", "test", str(tests), "--rules", str(packs)])
    assert result.exit_code == 0, result.stdout


def test_every_command_in_the_guide_exists():
    for command in set(re.findall(r"prereview (rules \w+|check)", GUIDE)):
        result = runner.invoke(app, [*command.split(), "--help"])
        assert result.exit_code == 0, command
