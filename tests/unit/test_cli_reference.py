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


def test_help_reads_as_help():
    """Every command in the root help, the matters under --matter, exit codes where they apply."""
    from prereview.cli.app import COMMANDS, EXIT_CODES_BY_COMMAND
    from prereview.cli.reference import help_text
    from prereview.rules import load_packs, title_zh

    root = help_text([])
    for name in COMMANDS:
        assert f"│ {name} " in root
    assert "test" in help_text(["rules"])
    check = " ".join(help_text(["check"]).split())
    for matter, pack in load_packs().items():
        assert matter in check and title_zh(pack) in check
    for command in EXIT_CODES_BY_COMMAND:
        assert "Exit codes 退出码" in help_text(command.split())
