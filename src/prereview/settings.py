"""The settings file, `prereview.toml`: the office that issues the notices, and defaults for
the options a nightly run repeats.

Found as `--config FILE`, else $PREREVIEW_CONFIG, else `prereview.toml` in the working
folder; none is fine (the notices then print marked blanks). Read once with tomllib and
checked here, at the boundary: an unknown key or a value of the wrong kind stops the run
with exit 2 naming the key. Options on the command line win over these defaults.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields
from functools import cache
from pathlib import Path

from .errors import UsageError

SETTINGS_FILE = "prereview.toml"
CONFIG_ENV = "PREREVIEW_CONFIG"


@dataclass(frozen=True)
class Office:
    """The authority that issues the notices; None where the settings leave a value unset,
    which the notice prints as a blank to fill by hand, never as an invented value."""

    name: str | None = None  # 机关名称
    seal: str | None = None  # 印章文字
    short_name: str | None = None  # 文号前缀 (机关简称), as in 某某〔2026〕12号
    address: str | None = None  # 受理地点
    telephone: str | None = None  # 联系电话
    hours: str | None = None  # 办公时间
    deadline_days: int | None = None  # 补正期限, working days
    reconsideration_body: str | None = None  # 行政复议机关


@dataclass(frozen=True)
class Settings:
    """Everything prereview.toml holds; empty when there is no settings file."""

    office: Office = field(default_factory=Office)
    registry: Path | None = None
    rules: Path | None = None
    out: Path | None = None
    workers: int | None = None
    source: Path | None = None  # the file these came from


_OFFICE_KEYS = {f.name: f for f in fields(Office)}
_DEFAULT_KEYS = {"registry": Path, "rules": Path, "out": Path, "workers": int}


def settings_path(explicit: Path | None = None) -> Path | None:
    """The settings file in force: the option, then $PREREVIEW_CONFIG, then ./prereview.toml
    when it exists; None when there is none."""
    if explicit is not None:
        return explicit
    named = os.environ.get(CONFIG_ENV)
    if named:
        return Path(named)
    local = Path.cwd() / SETTINGS_FILE
    return local if local.is_file() else None


def load_settings(explicit: Path | None = None) -> Settings:
    """The settings in force, checked; a missing named file or a bad key is a usage error."""
    path = settings_path(explicit)
    if path is None:
        return Settings()
    return _cached(path.resolve())


@cache
def _cached(path: Path) -> Settings:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"设置文件不存在 no such settings file: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"设置文件无法读取 cannot read settings file {path}: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(
            f"设置文件不是有效的 TOML settings file {path} is not TOML: {exc}"
        ) from None
    return settings_from(data, path)


def settings_from(data: dict, path: Path) -> Settings:
    """Settings from a parsed TOML document; the first bad key is a usage error naming it."""
    office: dict = {}
    defaults: dict = {}
    for key, value in data.items():
        if key == "office":
            if not isinstance(value, dict):
                raise _bad(path, "office", "must be a table [office]")
            office = _office(value, path)
        elif key in _DEFAULT_KEYS:
            defaults[key] = _default(key, value, path)
        else:
            raise _bad(path, key, f"unknown key (known: office, {', '.join(_DEFAULT_KEYS)})")
    return Settings(office=Office(**office), source=path, **defaults)


def _office(table: dict, path: Path) -> dict:
    values = {}
    for key, value in table.items():
        if key not in _OFFICE_KEYS:
            raise _bad(path, f"office.{key}", f"unknown key (known: {', '.join(_OFFICE_KEYS)})")
        if key == "deadline_days":
            if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 60:
                raise _bad(
                    path, "office.deadline_days", "must be a whole number of working days, 1-60"
                )
        elif not isinstance(value, str) or not value.strip():
            raise _bad(path, f"office.{key}", "must be a non-empty string")
        values[key] = value.strip() if isinstance(value, str) else value
    return values


def _default(key: str, value: object, path: Path) -> object:
    if _DEFAULT_KEYS[key] is int:
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise _bad(path, key, "must be a whole number, 1 or more")
        return value
    if not isinstance(value, str) or not value.strip():
        raise _bad(path, key, "must be a path (a string)")
    found = Path(value).expanduser()
    # A relative path is read from the settings file's folder, wherever the run starts.
    return found if found.is_absolute() else path.parent / found


def _bad(path: Path, key: str, why: str) -> UsageError:
    return UsageError(f"设置文件 {path} 的“{key}”有误 bad settings key '{key}': {why}")
