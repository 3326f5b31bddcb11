"""docs/operations.md's cron line and systemd units, run as far as a test can: the cron
command and the service's ExecStart are run by a shell in a stand-in /srv/prereview, and the
unit files are checked by `systemd-analyze verify` where it is installed."""

import json
import re
import shutil
import subprocess
from datetime import date, timedelta

import pytest

from ..conftest import ROOT

DOC = (ROOT / "docs" / "operations.md").read_text("utf-8")
pytestmark = pytest.mark.engines


def blocks(language):
    """The fenced code blocks of the page in one language."""
    return re.findall(rf"```{language}\n(.*?)```", DOC, re.DOTALL)


@pytest.fixture
def install(tmp_path):
    """A stand-in for /srv/prereview: the venv, a registry and yesterday's upload folder
    holding one case (an application without scans: quick, and `fail`)."""
    home = tmp_path / "srv"
    home.mkdir()
    (home / ".venv").symlink_to(ROOT / ".venv")
    subprocess.run(
        [
            str(ROOT / ".venv/bin/prereview"),
            "registry",
            "import",
            str(ROOT / "sample_docs/registry"),
        ]
        + ["--db", str(home / "registry.db")],
        check=True,
        capture_output=True,
    )
    day = (date.today() - timedelta(days=1)).isoformat()
    case = home / "uploads" / day / "case001"
    case.mkdir(parents=True)
    (case / "application.json").write_text('{"matter": "id-verification"}', "utf-8")
    return home, day


def test_the_cron_line_runs(install):
    home, day = install
    [block] = blocks("cron")
    line = block.strip()
    fields = line.split(None, 5)
    assert fields[:5] == ["30", "1", "*", "*", "*"] and "--fail-on error" in fields[5]
    command = fields[5].replace("\\%", "%").replace("/srv/prereview", str(home))
    completed = subprocess.run(["/bin/sh", "-c", command], capture_output=True, timeout=600)
    assert completed.returncode == 0, completed.stderr
    report = json.loads((home / "reports" / day / "case001" / "report.json").read_text())
    assert report["verdict"] == "fail"  # no documents: a definite defect, still exit 0
    assert list((home / "reports" / day / "logs").glob("batch-*.jsonl"))
    # The stderr lines went to the log file, each with its timestamp.
    lines = (home / "reports" / "cron.log").read_text().splitlines()
    assert lines == [] or all(re.match(r"\d{4}-\d\d-\d\dT", line) for line in lines)


def test_the_systemd_units_verify_and_the_service_command_runs(install, tmp_path):
    home, day = install
    units = {}
    for block in blocks("ini"):
        name = re.match(r"# /etc/systemd/system/(\S+)", block).group(1)
        units[name] = block
    assert set(units) == {"prereview-batch.service", "prereview-batch.timer"}
    assert "--fail-on error" in units["prereview-batch.service"]
    [exec_start] = re.findall(
        r"^ExecStart=/bin/sh -c '(.*)'$", units["prereview-batch.service"], re.M
    )
    command = exec_start.replace("%%", "%").replace("/srv/prereview", str(home))
    completed = subprocess.run(
        ["/bin/sh", "-c", command], capture_output=True, timeout=600, cwd=home
    )
    assert completed.returncode == 0, completed.stderr
    assert (home / "reports" / day / "case001" / "report.json").is_file()
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed: the unit files were not verified")
    folder = tmp_path / "units"
    folder.mkdir()
    for name, text in units.items():
        # The test machine has no `prereview` user: verify the units as the current one.
        (folder / name).write_text(text.replace("User=prereview\n", ""), "utf-8")
    verified = subprocess.run(
        [analyze, "verify", *(str(folder / name) for name in sorted(units))],
        capture_output=True,
        text=True,
    )
    assert verified.returncode == 0, verified.stderr
    assert "prereview-batch" not in verified.stderr, verified.stderr
