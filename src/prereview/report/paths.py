"""Where a case's reports go: always a real folder inside OUT.

A case's name comes from a folder name an applicant or a clerk chose: it may be `..`,
absolute, hold separators, control characters, bytes that are not UTF-8, or be longer than
the file system allows. The folder it names is derived safely from it, and links already
under OUT are replaced by real folders, never followed.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import tempfile
from pathlib import Path

from ..errors import UsageError
from ..intake import display_name

# Bytes of one path component (most file systems allow 255) and of a whole relative name.
MAX_COMPONENT_BYTES = 200
MAX_NAME_BYTES = 1000
UNSAFE_CHARACTERS = re.compile(r"[\x00-\x1f\x7f\\/:]")
# Temporaries of write_atomically (`.report.json.k3j2x9`) left by a killed run.
STALE_TEMPORARY = re.compile(r"^\.(report\.json|report\.html|notice\.html|summary\.(csv|html))\..+")
FALLBACK_NAME = "case"


def safe_case_name(name: str) -> str:
    """A relative path of safe components: never empty, `.`, `..`, absolute or too long.
    `/` stays a separator (batch names are paths relative to the upload root)."""
    parts = [_safe_component(part) for part in display_name(name).split("/")]
    parts = [part for part in parts if part] or [FALLBACK_NAME]
    joined = "/".join(parts)
    if len(joined.encode("utf-8")) > MAX_NAME_BYTES:
        joined = _shortened(joined.replace("/", "_"))
    return joined


def _safe_component(part: str) -> str:
    part = UNSAFE_CHARACTERS.sub("_", part).strip()
    if part in ("", ".", ".."):
        return ""
    return _shortened(part) if len(part.encode("utf-8")) > MAX_COMPONENT_BYTES else part


def _shortened(text: str) -> str:
    """A long name cut to fit, with a hash of the whole so that two long names differ."""
    digest = hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()[:12]
    head = text.encode("utf-8")[: MAX_COMPONENT_BYTES - 20].decode("utf-8", "ignore")
    return f"{head}-{digest}"


def prepare_out(out: Path) -> None:
    """Create OUT and prove it writable, or stop the run with a clear message (exit 2)."""
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out} is a file, not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out):
            pass
        remove_stale_temporaries(out)
    except OSError as exc:
        raise UsageError(f"--out {out}: cannot write reports there ({exc.strerror})") from None


def report_folder(out: Path, name: str) -> Path:
    """OUT/<safe name>/, created as real folders: a link found on the way is replaced."""
    folder = out
    for part in safe_case_name(name).split("/"):
        folder = folder / part
        _real_folder(folder)
    remove_stale_temporaries(folder)
    return folder


def _real_folder(path: Path) -> None:
    try:
        info = path.lstat()
    except FileNotFoundError:
        path.mkdir()
        return
    if stat.S_ISDIR(info.st_mode):
        return
    # A link or a file where a report folder belongs: never write through it.
    path.unlink()
    path.mkdir()


def remove_stale_temporaries(folder: Path) -> None:
    """Delete the temporaries of a run killed while writing (`kill -9`)."""
    for entry in os.scandir(folder):
        if STALE_TEMPORARY.match(entry.name) and entry.is_file(follow_symlinks=False):
            Path(entry.path).unlink(missing_ok=True)
