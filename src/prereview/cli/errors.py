"""The one function that turns exceptions into one line on stderr and an exit code."""

from __future__ import annotations

import functools
import sys
import traceback
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import typer

from ..errors import ExitCode, PrereviewError

P = ParamSpec("P")
R = TypeVar("R")

VERBOSE = {"on": False}


def exits_cleanly(command: Callable[P, R]) -> Callable[P, R]:
    """Wrap a command: known errors become `prereview: message` and their exit code;
    anything else is an internal error (123), with the traceback only under --verbose."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except typer.Exit:
            raise
        except PrereviewError as exc:
            _say(exc.message)
            raise typer.Exit(int(exc.exit_code)) from None
        except KeyboardInterrupt:
            _say("已中断 (interrupted)")
            raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
        except Exception as exc:  # noqa: BLE001 - the last line of defence
            if VERBOSE["on"]:
                traceback.print_exc()
            _say(
                f"内部错误：{type(exc).__name__}: {exc}；加 --verbose 重新运行可看到详情 "
                "(internal error: run again with --verbose for the traceback)"
            )
            raise typer.Exit(int(ExitCode.INTERNAL)) from None

    return wrapper


def _say(message: str) -> None:
    # Messages may quote file names and values: never a raw control character or an ID number.
    from ..normalize import mask_text
    from ..report.escape import terminal_text

    print(f"prereview: {terminal_text(mask_text(message))}", file=sys.stderr)
