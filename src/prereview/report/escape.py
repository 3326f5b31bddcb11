"""Text from uploads, file and folder names, application.json and rule packs, made safe for
each place it is written: the terminal, CSV cells, HTML links. HTML text itself is escaped by
Jinja2's autoescape in every template.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from rich.markup import escape as rich_escape

# C0 and C1 control characters, DEL, and the bidirectional overrides that reorder what a
# terminal shows (a name can hide an ANSI escape sequence or look like another).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# OWASP CSV injection: a cell starting with these is a formula to a spreadsheet.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def terminal_text(text: str) -> str:
    """Control characters shown as escapes (`\\x1b`), so nothing reaches the terminal raw."""
    return CONTROL_CHARACTERS.sub(_escaped, text)


def _escaped(found: re.Match) -> str:
    code = ord(found.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def console_markup(text: str) -> str:
    """Text for a Rich markup string: control characters escaped, `[` markup made literal."""
    return rich_escape(terminal_text(text))


def csv_cell(value: object) -> object:
    """A cell a spreadsheet shows as text: formula prefixes neutralised with a leading `'`
    (OWASP), control characters escaped."""
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_PREFIXES):
        value = "'" + value
    return terminal_text(value)


def report_href(case: str, file: str = "report.html") -> str:
    """A relative, percent-encoded link to a case's report: `javascript:` stays a folder name."""
    parts = [quote(part, safe="") for part in case.split("/")]
    return "./" + "/".join([*parts, quote(file, safe="")])
