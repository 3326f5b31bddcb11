"""docs/cli.md is the commands' own help: regenerate it with `make cli-doc` after a change."""

from prereview.cli.reference import command_paths, reference

from ..conftest import ROOT


def test_cli_doc_is_the_commands_own_help():
    page = (ROOT / "docs" / "cli.md").read_text("utf-8")
    assert page == reference(), "docs/cli.md is stale: run `make cli-doc`"


def test_cli_doc_has_every_command_and_sub_command():
    page = (ROOT / "docs" / "cli.md").read_text("utf-8")
    titles = [" ".join(["prereview", *path]) for path in command_paths()]
    assert {"prereview rules test", "prereview registry import", "prereview check"} <= set(titles)
    for title in titles:
        assert f"## `{title}`" in page
    # Help that reads as help: no Python types as metavars.
    for python in ("<list[Path]>", "<bool>", "<path>", "{case_dirs}"):
        assert python not in page
