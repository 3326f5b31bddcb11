"""docs/quickstart.md's shell commands, run as written in a fresh folder, reach a real verdict:
the real OCR engine reads the sample card, report.html is written, exit codes as the page says."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from ..conftest import ROOT

QUICKSTART = ROOT / "docs" / "quickstart.md"
BLOCK = re.compile(r"^```(?:sh|bash)\n(.*?)^```", re.MULTILINE | re.DOTALL)
# The venv the tests run in stands for the one `make install` builds in a clone.
VENV = Path(sys.prefix)


def shell_blocks(text: str) -> list[str]:
    """The ```sh and ```bash blocks of a page, in order."""
    return BLOCK.findall(text)


def expected_exit(block: str) -> int:
    """The exit status the page promises: the defect of step 5 exits 1, the rest 0."""
    return 1 if "prereview check sample_docs/cases/id-expired" in block else 0


def test_quickstart_commands_reach_a_real_verdict(tmp_path):
    blocks = shell_blocks(QUICKSTART.read_text("utf-8"))
    assert blocks[0].strip() == "make install"  # installs system packages: the venv stands in
    (tmp_path / "sample_docs").symlink_to(ROOT / "sample_docs")
    (tmp_path / ".venv").symlink_to(VENV)
    env = {
        **os.environ,
        "PATH": f"{VENV / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
        "OMP_NUM_THREADS": "1",
    }
    env.pop("PREREVIEW_RULES", None)
    env.pop("PREREVIEW_CONFIG", None)
    outputs = []
    for block in blocks[1:]:
        result = subprocess.run(
            ["bash", "-e", "-c", block],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == expected_exit(block), (block, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr
        outputs.append(result.stdout + result.stderr)
    reports = tmp_path / "prereview-reports"
    mine = json.loads((reports / "my-case" / "report.json").read_text("utf-8"))
    assert mine["verdict"] == "pass" and mine["matter"] == "id-verification"
    assert (reports / "my-case" / "report.html").stat().st_size > 0
    expired = json.loads((reports / "id-expired" / "report.json").read_text("utf-8"))
    assert expired["verdict"] == "fail"
    assert "id.expired" in {finding["rule"] for finding in expired["findings"]}
    assert (reports / "id-expired" / "notice.html").is_file()


def test_readme_quick_start_is_the_quickstart_page():
    """The README's short quick start runs the same commands the test above runs."""
    page = "\n".join(shell_blocks(QUICKSTART.read_text("utf-8")))
    blocks = shell_blocks((ROOT / "README.md").read_text("utf-8"))
    readme = next(block for block in blocks if "registry import" in block)
    commands = [line for line in readme.splitlines() if line.strip() and not line.startswith("#")]
    assert len(commands) >= 5
    for line in commands:
        assert line in page.splitlines(), line
