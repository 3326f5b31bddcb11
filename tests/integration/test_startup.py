"""The light commands start without the OCR stack: which modules they import, not how fast."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from prereview.cli.app import COMMANDS, load_command

HEAVY = ("onnxruntime", "rapidocr", "cv2", "openvino")

# Runs the CLI in-process, then prints which heavy modules ended up imported.
PROBE = """
import json, sys
from prereview.cli.app import app
sys.argv = ["prereview", *sys.argv[1:]]
try:
    app()
except SystemExit:
    pass
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules} & set(%r))), file=sys.stderr)
"""


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["rules", "list"],
        ["registry", "--help"],
        ["decide", "--help"],
        ["audit", "--help"],
        ["queue", "--help"],
    ],
)
def test_light_commands_import_no_ocr_engine(args: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE % (HEAVY,), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    imported = json.loads(done.stderr.strip().splitlines()[-1])
    assert imported == [], f"`prereview {' '.join(args)}` imported {imported}"
    assert done.stdout, "the command printed nothing"


def test_a_command_that_reads_imports_its_engine() -> None:
    """The probe can see an engine import: `extract --help` loads the OCR module."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE % (HEAVY,), "extract", "--help"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "cv2" in json.loads(done.stderr.strip().splitlines()[-1])


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_root_help_line_matches_the_command(name: str) -> None:
    """The line `prereview --help` shows without importing a command is that command's own."""
    command = load_command(name)
    assert command.name == name
    own = " ".join((command.help or "").split("\n\n")[0].split())
    assert own == " ".join(COMMANDS[name].help.split())
