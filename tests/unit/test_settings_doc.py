"""docs/settings.md is the settings file's reference: its example is a valid settings file,
and every key the code knows is documented there."""

import re
import tomllib
from dataclasses import fields
from pathlib import Path

import pytest

from prereview.errors import UsageError
from prereview.settings import _DEFAULT_KEYS, Office, settings_from

DOC = Path(__file__).resolve().parents[2] / "docs" / "settings.md"


def _example() -> str:
    (toml,) = re.findall(r"```toml\n(.*?)```", DOC.read_text("utf-8"), re.DOTALL)
    return toml


def test_the_example_is_a_valid_settings_file(tmp_path):
    settings = settings_from(tomllib.loads(_example()), tmp_path / "prereview.toml")
    assert all(getattr(settings.office, key.name) is not None for key in fields(Office))
    assert settings.workers == 2 and settings.rules == tmp_path / "rulepacks"


def test_every_key_the_code_knows_is_documented():
    documented = set(re.findall(r"^\| `(\w+)` \|", DOC.read_text("utf-8"), re.MULTILINE))
    known = {key.name for key in fields(Office)} | set(_DEFAULT_KEYS)
    assert known <= documented, sorted(known - documented)
    assert documented <= known, sorted(documented - known)


def test_the_documented_error_is_the_one_the_code_gives(tmp_path):
    with pytest.raises(UsageError) as raised:
        settings_from({"office": {"deadline_days": 0}}, tmp_path / "prereview.toml")
    line = str(raised.value).replace(
        str(tmp_path / "prereview.toml"), "/srv/prereview/prereview.toml"
    )
    assert line in DOC.read_text("utf-8")
