"""The CJK type faces installed on this machine, found with fontconfig, for the wild family.

Real uploads are printed in many faces; the fixed sample set uses Noto only. `FACES` lists
the Simplified Chinese faces the Makefile installs; `installed_face(name)` finds one with
`fc-list` and returns None when it is missing, so that a machine without it still generates
(with the Noto face instead, recorded in the truth file).
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache

from PIL import ImageFont

from prereview.samples.render import font

# Family names as fontconfig reports them, with the Debian package that ships each.
FACES: tuple[tuple[str, str], ...] = (
    ("Noto Sans CJK SC", "fonts-noto-cjk"),
    ("Noto Serif CJK SC", "fonts-noto-cjk"),
    ("WenQuanYi Zen Hei", "fonts-wqy-zenhei"),
    ("WenQuanYi Micro Hei", "fonts-wqy-microhei"),
    ("AR PL UMing CN", "fonts-arphic-uming"),
    ("AR PL UKai CN", "fonts-arphic-ukai"),
)
FALLBACK = "Noto Sans CJK SC"
# A code point no font maps (the last private-use one): its mask is the .notdef box.
UNMAPPED = "\U0010fffd"


@dataclass(frozen=True)
class Face:
    """A font file and the index of the wanted face inside it (collections hold several)."""

    family: str
    path: str
    index: int


@lru_cache
def fontconfig_faces() -> dict[str, Face]:
    """Every installed face with Chinese coverage, by family name (empty without fc-list)."""
    if shutil.which("fc-list") is None:
        return {}
    listing = subprocess.run(
        ["fc-list", ":lang=zh", "--format", "%{family[0]}\t%{file}\t%{index}\t%{style[0]}\n"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    rows = [(line.split("\t") + ["", "", ""])[:4] for line in listing.splitlines()]
    # Documents print in the regular weight: a bold file only when it is all there is.
    rows.sort(key=lambda row: (row[0], "Bold" in row[3], row[1], row[2]))
    faces = {}
    for family, path, index, _ in rows:
        if family and path and index.isdigit():
            faces.setdefault(family, Face(family, path, int(index)))
    return faces


def installed_face(family: str) -> Face | None:
    """The installed face of that family, or None."""
    return fontconfig_faces().get(family)


def available_family(family: str) -> str:
    """`family` if installed, else the Noto fallback the generator always has."""
    return family if installed_face(family) is not None else FALLBACK


@lru_cache(maxsize=256)
def face_font(family: str, size: int) -> ImageFont.FreeTypeFont:
    """A PIL font of `family` at `size` px; the Noto Sans face if that family is missing."""
    face = installed_face(family)
    if face is None or family == FALLBACK:
        return font(size)
    return ImageFont.truetype(face.path, size, index=face.index)


@lru_cache(maxsize=4096)
def has_glyph(family: str, char: str) -> bool:
    """Whether `family` draws `char` itself rather than its empty-glyph box."""
    probe = face_font(family, 24)
    mask = probe.getmask(char)
    return bool(mask.getbbox()) and bytes(mask) != bytes(probe.getmask(UNMAPPED))


def covers(family: str, text: str) -> bool:
    """Whether `family` has a glyph for every non-space character of `text`."""
    return all(has_glyph(family, char) for char in set(text) if not char.isspace())
