"""The record of one `batch` run: OUT/logs/batch-<UTC time>.jsonl, one JSON object a line.

A `start` event (version, options, registry and pack hashes, engine, workers), one `case`
event per case (checked, skipped or pending at an interrupt) and an `end` event (counts by
verdict, errors, duration). The log is for people and dashboards reading a night
afterwards; nothing ever reads it to resume (the reports themselves say what is done).
Lines for stderr carry a UTC timestamp when stderr is not a terminal (cron mail, journald).
"""

from __future__ import annotations

import json
import logging
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from . import __version__
from .normalize import mask_text

LOG_FOLDER = "logs"
ERROR_RULES = ("case.error", "case.timeout")


class JsonLineFormatter(logging.Formatter):
    """A record as one line of JSON: its time (ISO 8601 UTC), its event and the event's fields."""

    def format(self, record: logging.LogRecord) -> str:  # noqa: D102 - logging's interface
        time = datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")
        fields = getattr(record, "fields", {})
        return json.dumps({"time": time, "event": record.getMessage(), **fields}, default=str)


def run_log_path(out: Path, started: datetime) -> Path:
    """Where the log of a run started at `started` goes (one file per run, sortable by name)."""
    stamp = started.astimezone(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    return out / LOG_FOLDER / f"batch-{stamp}.jsonl"


def error_kind(rules: tuple[str, ...]) -> str | None:
    """`error` or `timeout` for a case that could not be checked, None otherwise."""
    return next((rule.split(".")[1] for rule in rules if rule in ERROR_RULES), None)


class RunLog:
    """The JSON-lines log of one batch run, written and flushed line by line."""

    def __init__(self, path: Path, mask: bool = True) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.mask = mask
        self.started = datetime.now(UTC)
        # A logger of its own per run: two runs in one process (tests) never share a file.
        self._logger = logging.getLogger(f"prereview.runlog.{id(self)}")
        self._logger.propagate = False
        self._logger.setLevel(logging.INFO)
        self._handler = logging.FileHandler(path, encoding="utf-8")
        self._handler.setFormatter(JsonLineFormatter())
        self._logger.addHandler(self._handler)

    @classmethod
    def open(cls, out: Path, mask: bool = True) -> RunLog:
        """A new log under OUT/logs/, named after the time it starts; case names masked
        unless `mask` is off (--no-mask)."""
        return cls(run_log_path(out, datetime.now(UTC)), mask)

    def event(self, name: str, **fields) -> None:
        """One line: the event's name and its fields."""
        self._logger.info(name, extra={"fields": fields})

    def start(
        self,
        options: dict,
        registry_sha256: str | None,
        packs: dict,
        engine: str,
        workers: int | str,
        cases: int,
        to_check: int,
    ) -> None:
        """The `start` event: what this run is made of."""
        self.event(
            "start",
            version=__version__,
            options=options,
            registry_sha256=registry_sha256,
            packs=packs,
            engine=engine,
            workers=workers,
            cases=cases,
            to_check=to_check,
        )

    def case(self, outcome) -> None:
        """A `case` event from a batch Outcome."""
        self.event(
            "case",
            case=mask_text(outcome.name, self.mask),
            matter=outcome.matter,
            verdict=outcome.verdict,
            rules=list(outcome.rules),
            seconds=round(outcome.seconds, 3),
            status=outcome.status,
            error=error_kind(outcome.rules),
            worker=outcome.worker,
            worker_rss=outcome.worker_rss,
        )

    def end(self, outcomes: list, seconds: float, exit_code: int, interrupted: bool) -> None:
        """The `end` event: counts by verdict and status, errors, duration, exit code."""
        self.event(
            "end",
            cases=len(outcomes),
            verdicts=dict(Counter(item.verdict for item in outcomes)),
            statuses=dict(Counter(item.status for item in outcomes)),
            errors=sum(error_kind(item.rules) is not None for item in outcomes),
            seconds=round(seconds, 3),
            exit_code=exit_code,
            interrupted=interrupted,
        )

    def close(self) -> None:
        """Flush and close the file."""
        self._logger.removeHandler(self._handler)
        self._handler.close()


def stderr_line(text: str) -> None:
    """A message line on stderr, with a UTC timestamp in front when stderr is not a terminal."""
    if not sys.stderr.isatty():
        text = f"{datetime.now(UTC).isoformat(timespec='seconds')} {text}"
    print(text, file=sys.stderr, flush=True)
