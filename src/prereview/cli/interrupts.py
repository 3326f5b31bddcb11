"""Ctrl-C and SIGTERM during a run of many cases: stop cleanly, keep what finished."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager

from ..errors import ExitCode


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the run is, so it unwinds like Ctrl-C (workers are stopped)."""


@contextmanager
def sigterm_interrupts() -> Iterator[None]:
    """While inside, SIGTERM raises Terminated instead of killing the process outright,
    so the cases already finished still get their summary."""

    def _raise(signum, frame):  # noqa: ARG001 - the signal handler's signature
        raise Terminated

    try:
        previous = signal.signal(signal.SIGTERM, _raise)
    except ValueError:  # not the main thread (an embedding program): leave SIGTERM alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def interrupted_code(exc: KeyboardInterrupt) -> int:
    """128 + the signal's number, as a shell reports it: 143 for SIGTERM, 130 for Ctrl-C."""
    return int(ExitCode.TERMINATED if isinstance(exc, Terminated) else ExitCode.INTERRUPTED)


def interrupted_message(done: int, total: int, resumable: bool) -> str:
    """What the clerk is told when the run stopped early; only `batch` skips finished cases."""
    if resumable:
        return (
            f"prereview: 已中断，完成 {done}/{total} 个案件；再次运行同一命令即可继续 "
            f"interrupted: {done} of {total} done; run the same command again to continue"
        )
    return (
        f"prereview: 已中断，完成 {done}/{total} 个案件，其报告已写出 "
        f"interrupted: {done} of {total} done, their reports are written"
    )
