"""The exception tree and the exit codes of docs/report-format.md, in one place."""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum

# What makes `batch` and `check` exit non-zero (`--fail-on`); `review` is the historic default.
FAIL_ON = ("error", "review", "fail")


class ExitCode(IntEnum):
    """Exit status as fixed by docs/report-format.md."""

    OK = 0
    NOT_ALL_PASSED = 1
    USAGE = 2
    MISSING_DEPENDENCY = 3
    INPUT_NOT_FOUND = 4
    INVALID_CONFIG = 5
    CASES_ERRORED = 6  # --fail-on error|fail: some case crashed or timed out (no verdict)
    INTERNAL = 123
    INTERRUPTED = 130
    TERMINATED = 143


def run_exit_code(verdicts: Iterable[str], errors: int, fail_on: str = "review") -> ExitCode:
    """The exit status of a run of many cases under `--fail-on`.

    `review` (default): 1 unless every case passed, errors included (as before). `fail`: 6
    when a case errored, else 1 when one failed, else 0. `error`: 6 when a case errored,
    else 0, however many cases got `review` or `fail` (a normal night for cron and systemd).
    """
    verdicts = list(verdicts)
    if fail_on == "review":
        passed = errors == 0 and all(verdict == "pass" for verdict in verdicts)
        return ExitCode.OK if passed else ExitCode.NOT_ALL_PASSED
    if errors:
        return ExitCode.CASES_ERRORED
    if fail_on == "fail" and "fail" in verdicts:
        return ExitCode.NOT_ALL_PASSED
    return ExitCode.OK


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
