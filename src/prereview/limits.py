"""Every limit that keeps one hostile or broken upload from taking the machine, in one place.

Each limit has a default fit for real scans and an environment variable that changes it
(README, "Limits and safety"). A value that is not a positive number is ignored: a typo in
the environment never turns a limit off.
"""

from __future__ import annotations

import os


def _setting(name: str, default: float) -> float:
    """The environment's value of a limit, or its default when unset or not a positive number."""
    try:
        value = float(os.environ.get(name, ""))
    except ValueError:
        return default
    return value if value > 0 and value == value and value != float("inf") else default


def _whole(name: str, default: int) -> int:
    return int(_setting(name, default))


# One upload is read whole into memory: bounded. A 600 dpi A3 colour scan is ~25 MB.
MAX_UPLOAD_BYTES = _whole("PREREVIEW_MAX_UPLOAD_MB", 100) << 20
# application.json holds a few declared values; anything larger is not a form.
MAX_APPLICATION_BYTES = _whole("PREREVIEW_MAX_APPLICATION_KB", 256) << 10
# Uploads read per case; a case of thousands of files is a mistake or an attack.
MAX_UPLOADS_PER_CASE = _whole("PREREVIEW_MAX_UPLOADS", 100)
# Pages read from one PDF or multi-page TIFF.
MAX_PAGES = _whole("PREREVIEW_MAX_PAGES", 50)
# Frames read from one animated GIF or WEBP: a scan is one frame; more are rarely documents.
MAX_FRAMES = _whole("PREREVIEW_MAX_FRAMES", 5)
# A 600 dpi A3 scan is ~70 MP; anything far beyond is a decompression bomb, not a scan.
MAX_PIXELS = _whole("PREREVIEW_MAX_MEGAPIXELS", 80) * 1_000_000
# Smaller than this on its short side, no text can be read (and OpenCV resizes fail).
MIN_SIDE = _whole("PREREVIEW_MIN_SIDE_PX", 32)
# Long side over short side: a document photo is never a strip thinner than this.
MAX_ASPECT = _setting("PREREVIEW_MAX_ASPECT", 20.0)
# Nesting depth of application.json: the form is two levels deep.
MAX_JSON_DEPTH = _whole("PREREVIEW_MAX_JSON_DEPTH", 32)
# Seconds one registry query may run (a SQLite file can hold a recursive view).
REGISTRY_QUERY_SECONDS = _setting("PREREVIEW_REGISTRY_TIMEOUT", 10.0)
# A rule pack or field schema file: a few KB of JSON.
MAX_PACK_BYTES = _whole("PREREVIEW_MAX_PACK_KB", 1024) << 10
