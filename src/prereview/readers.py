"""A case's files read on several cores: worker processes that each load the OCR model once.

Threads in one process were measured slower than one reader (the Python around the engine
holds the GIL), so a case's files are shared between the calling process, with the engine it
has loaded, and worker processes with engines of their own. Each reader takes the next file
when it is free, largest first; the results come back in file order.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from pathlib import Path
from typing import Any

from pebble import ProcessExpired, ProcessPool

from .ocr import OcrEngine, create_engine
from .ocr.base import engine_created, threads_from_env

# What reads one part of a case (a file, a page): (case folder, part, engine) -> its result.
ReadFile = Callable[[Path, Any, OcrEngine], Any]
# A guess of a part's reading time: (case folder, part) -> any number, larger for longer.
Cost = Callable[[Path, Any], float]
# Builds an engine in a worker: picklable (a module-level callable or a functools.partial).
EngineFactory = Callable[[], OcrEngine]

_worker_engine: OcrEngine | None = None
_worker_error: Exception | None = None


def _load_engine(factory: EngineFactory) -> None:
    """Worker start: the model is loaded once, here. An error is kept for `_loaded` to
    raise: a failing initializer would make the pool start worker after worker."""
    global _worker_engine, _worker_error
    try:
        _worker_engine = factory()
    except Exception as exc:  # noqa: BLE001 - reported through the first task
        _worker_error = exc


def _loaded() -> int:
    if _worker_error is not None:
        raise _worker_error
    return os.getpid()


def _read_here(read: ReadFile, folder: Path, part: Any) -> Any:
    if _worker_engine is None:
        raise RuntimeError("worker has no engine")
    return read(folder, part, _worker_engine)


class FileKilledReader(RuntimeError):
    """A file whose reading ended the worker process (a crash in a decoder or an engine)."""


def _context(fork: bool) -> multiprocessing.context.BaseContext:
    """Fork where it is safe: asked for, and this process has one Python thread and has
    created no OCR engine (whose runtime holds threads and locks a child would inherit
    half-taken: a forked worker deadlocked inside a test run that had). The worker then skips
    the imports and only loads its model. Else spawn."""
    safe = fork and threading.active_count() == 1 and not engine_created()
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if safe and "fork" in methods else "spawn")


class ProcessReader:
    """One worker process with an engine of its own. The process starts at once, so that its
    model loads while the caller's loads or reads. A worker that died is not replaced: its
    replacement would be forked from a process whose engine now runs threads."""

    def __init__(self, factory: EngineFactory, fork: bool = False) -> None:
        self._pool = ProcessPool(
            max_workers=1, context=_context(fork), initializer=_load_engine, initargs=(factory,)
        )
        self._started = self._pool.schedule(_loaded)
        self._reading: Future | None = None
        self._closed = False
        self.parts_read = 0

    def ready(self) -> bool:
        """Whether the worker loaded its engine (waits for it); False if it could not."""
        if self._closed:
            return False
        try:
            self._started.result()
        except Exception:  # noqa: BLE001 - a worker that cannot start leaves its files to others
            return False
        return True

    def read(self, read: ReadFile, folder: Path, part: Any) -> Any:
        """The part's result; a file that kills the worker raises FileKilledReader (the case
        gets `case.error`; the other readers read the next cases)."""
        self._reading = self._pool.schedule(_read_here, (read, folder, part))
        try:
            result = self._reading.result()
        except ProcessExpired as exc:
            self.close()
            name = getattr(part, "name", part)
            raise FileKilledReader(f"reading {name} stopped its worker ({exc})") from None
        self.parts_read += 1
        return result

    def close(self) -> None:
        """Stop the worker, also in the middle of a file (an interrupted check): whoever
        waits for that file gets CancelledError."""
        if self._closed:
            return
        self._closed = True
        for future in (self._started, self._reading):
            if future is not None:
                future.cancel()
        self._pool.stop()
        self._pool.join()


def cores_available() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


# More readers than this rarely find a case with files left for them, and each holds a model.
MOST_DEFAULT_READERS = 3
# The peak resident memory of one process reading a case with an OCR engine of its own,
# measured with OpenVINO, the heavier backend (docs/benchmarks.md, "Worker memory"): a default
# never starts more of them than the free memory holds.
READER_PEAK_BYTES = 2_000_000_000


def memory_available() -> int | None:
    """Bytes of memory free for new processes (MemAvailable), or None where unknown."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def processes_memory_holds() -> int:
    """How many OCR processes the free memory holds (at least one)."""
    free = memory_available()
    return max(1, free // READER_PEAK_BYTES) if free is not None else cores_available()


def default_processes(most: int | None = None) -> int:
    """OCR processes by default: one per core, no more than the free memory holds, at most
    `most`."""
    count = min(cores_available(), processes_memory_holds())
    return min(count, most) if most else count


def readers_for(workers: int | None) -> int:
    """How many files of a case are read at once: `workers`, else one per core (at most
    MOST_DEFAULT_READERS) as far as the free memory holds them."""
    return workers or default_processes(MOST_DEFAULT_READERS)


def threads_per_reader(readers: int) -> int | None:
    """OCR threads of each reader: PREREVIEW_THREADS, else the cores shared out (None: the
    engine's own default, for a lone reader)."""
    if threads_from_env():
        return threads_from_env()
    return max(1, cores_available() // readers) if readers > 1 else None


def start_workers(engine_name: str, readers: int) -> tuple[ProcessReader, ...]:
    """The worker processes beside the caller's engine for `readers` readers in all, started
    now so that their models load while the caller's loads. Call it before this process loads
    an engine: the workers are then forked."""
    factory = partial(create_engine, engine_name, threads_per_reader(readers))
    return tuple(ProcessReader(factory, fork=True) for _ in range(readers - 1))


def read_all(
    folder: Path,
    files: Sequence[Any],
    read: ReadFile,
    engine: OcrEngine,
    workers: Sequence[ProcessReader],
    cost: Cost | None = None,
) -> list[Any]:
    """`read` applied to each part of a case (file names, or pages), by `engine` here and by
    the worker processes, each taking the next part when free, the costliest first (by `cost`,
    else by file size); in their order. A worker that fails to start or dies leaves its part
    to the others."""
    cost = cost or _size
    pending: queue.SimpleQueue[int] = queue.SimpleQueue()
    for index in sorted(range(len(files)), key=lambda i: -cost(folder, files[i])):
        pending.put(index)
    results: list[Any] = [None] * len(files)
    stop = threading.Event()

    def take() -> int | None:
        try:
            return None if stop.is_set() else pending.get_nowait()
        except queue.Empty:
            return None

    def there(worker: ProcessReader) -> None:
        if not worker.ready():
            return
        while (index := take()) is not None:
            try:
                results[index] = worker.read(read, folder, files[index])
            except BrokenProcessPool:
                pending.put(index)
                return

    with ThreadPoolExecutor(max_workers=max(1, len(workers))) as pool:
        running = [pool.submit(there, worker) for worker in workers]
        try:
            # Here on the calling thread, so that Ctrl-C stops this file at once.
            while (index := take()) is not None:
                results[index] = read(folder, files[index], engine)
            for future in running:
                future.result()
        except BaseException as exc:
            stop.set()
            if isinstance(exc, KeyboardInterrupt):
                for worker in workers:
                    worker.close()  # no waiting for their files: the run is stopping
            raise
    # A file a dying worker put back after the others had finished.
    while (index := take()) is not None:
        results[index] = read(folder, files[index], engine)
    return results


def _size(folder: Path, file_name: str) -> int:
    """Bytes of a file, the cheap guess of its reading time (0 if it cannot be seen)."""
    try:
        return (folder / file_name).stat().st_size
    except OSError:
        return 0
