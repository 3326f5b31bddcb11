"""Where a JSON path sits in the text of a JSON file, so a problem can name its line."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from json_source_map import calculate


@dataclass(frozen=True)
class JsonProblem:
    """A mistake in a JSON file (a rule pack or a fixture): where (a JSON path and its line,
    from 1, when known), what, and how to mend it."""

    json_path: str
    message: str
    hint: str = ""
    line: int | None = None


def source_lines(text: str) -> dict[str, int]:
    """JSON pointer -> line (from 1) of the key or value it names."""
    try:
        entries = calculate(text)
    except Exception:  # noqa: BLE001 - a source map is a courtesy; the problems still print
        return {}
    return {
        pointer: (entry.key_start or entry.value_start).line + 1
        for pointer, entry in entries.items()
    }


def line_of(json_path: str, lines: dict[str, int]) -> int | None:
    """The line of `$.a.b[0].c`, or of its nearest parent the map knows."""
    parts = [part for part in re.split(r"\.|\[|\]", json_path.lstrip("$")) if part]
    return line_at(parts, lines)


def line_at(parts: Sequence[str | int], lines: dict[str, int]) -> int | None:
    """The line of the value reached by these keys and indexes, or of its nearest parent."""
    parts = [str(part) for part in parts]
    while parts:
        pointer = "/" + "/".join(part.replace("~", "~0").replace("/", "~1") for part in parts)
        if pointer in lines:
            return lines[pointer]
        parts.pop()
    return lines.get("")
