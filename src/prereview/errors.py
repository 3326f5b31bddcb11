"""The exception tree and the exit codes of docs/report-format.md, in one place."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Exit status as fixed by docs/report-format.md."""

    OK = 0
    NOT_ALL_PASSED = 1
    USAGE = 2
    MISSING_DEPENDENCY = 3
    INPUT_NOT_FOUND = 4
    INVALID_CONFIG = 5
    INTERNAL = 123
    INTERRUPTED = 130
    TERMINATED = 143


class PrereviewError(Exception):
    """Base of every error prereview reports to the user as one line."""

    exit_code: ExitCode = ExitCode.INTERNAL

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(PrereviewError):
    """A command-line option with a value prereview does not know."""

    exit_code = ExitCode.USAGE


class MissingDependency(PrereviewError):
    """An OCR engine, binary or language pack is not installed."""

    exit_code = ExitCode.MISSING_DEPENDENCY


class InputNotFound(PrereviewError):
    """An input path does not exist or cannot be read."""

    exit_code = ExitCode.INPUT_NOT_FOUND


class InvalidConfiguration(PrereviewError):
    """A rule pack, configuration or registry is invalid."""

    exit_code = ExitCode.INVALID_CONFIG


class UnreadableInput(PrereviewError):
    """A file that exists but cannot be decoded as an image or PDF.

    Never stops a run: it becomes an `unknown` document with an error.
    """

    exit_code = ExitCode.NOT_ALL_PASSED
