"""Running the per-report extraction serially, on local cores, or on a Dask cluster.

Each task is independent and the result does not depend on where or in which order
it ran: the build orders everything by report id afterwards, so all executors give
byte-identical packages.
"""

from __future__ import annotations

import gc
import os
import signal
import stat
import threading
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from itertools import islice
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from .extraction.extract import Extraction, extract_report
from .limits import MAX_FILE, MAX_FILE_SECONDS, MiB
from .readers.text import UnreadableSource

IN_FLIGHT = 256  # files sent to a Dask cluster at a time
AHEAD = 64  # items prepared ahead of the one being consumed, in order_preserving_map

S = TypeVar("S")
T = TypeVar("T")
R = TypeVar("R")


class Task(NamedTuple):  # a named tuple: a build makes one per source file, 100,000 at a time
    """One source file to extract: its name in the sources folder, its path, its manifest
    entry (None without one) and its cache key."""

    name: str  # path relative to the sources folder
    path: str
    entry: dict[str, str] | None
    key: str


@dataclass(frozen=True)
class Outcome:
    """What became of one task: its extraction, or the reason it was left out, and what a
    ``keep`` step left of it (sent back to the build in place of the whole extraction)."""

    task: Task
    extraction: Extraction | None
    error: str = ""
    kept: Any = None  # what a ``keep`` step left of an extraction it stored
    lasting: bool = False  # the same bytes and code would fail the same way again: the failure is remembered


Keep = Callable[[Outcome], Outcome]


def _unchanged(outcome: Outcome) -> Outcome:
    return outcome


def _run_and_keep(keep: Keep, task: Task) -> Outcome:
    return keep(run(task))


def read_regular_file(path: str) -> bytes:
    """The bytes of the file at ``path``, never through a symbolic link (one put in the
    file's place after the folder was listed fails with ELOOP, reported as the reason)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)  # a FIFO must not block
    descriptor = os.open(path, flags)  # not Path(...): parsing the path cost more than opening it
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(f"{path} is not a regular file")
        if info.st_size > MAX_FILE:
            raise OSError(
                f"the file is {info.st_size:,} bytes, over the limit of {MAX_FILE:,} bytes "
                f"({MAX_FILE / MiB:g} MB: OGIDATA_MAX_FILE_MB)"
            )
        return handle.read(MAX_FILE + 1)


class _TooLong(UnreadableSource):
    """The file's extraction passed MAX_FILE_SECONDS."""


def _too_long(number: int, frame: Any) -> None:
    raise _TooLong(f"its extraction took over {MAX_FILE_SECONDS:g} s (OGIDATA_MAX_FILE_SECONDS)")


@contextmanager
def _time_limit() -> Iterator[None]:
    """MAX_FILE_SECONDS for what runs inside, by the interval timer: in a process's main
    thread, as every local worker and a serial build run; a Dask worker's thread runs unbounded
    (its cluster has its own time-outs)."""
    if threading.current_thread() is not threading.main_thread() or MAX_FILE_SECONDS <= 0:
        yield
        return
    previous = signal.signal(signal.SIGALRM, _too_long)
    signal.setitimer(signal.ITIMER_REAL, MAX_FILE_SECONDS)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run(task: Task, data: bytes | None = None) -> Outcome:
    """Extract one report; any failure becomes the reason it is left out."""
    try:
        if data is None:
            data = read_regular_file(task.path)
        with _time_limit():
            return Outcome(task, extract_report(task.name, data, task.entry))
    except UnreadableSource as error:
        return Outcome(task, None, str(error), lasting=True)
    except OSError as error:  # the file could not be read this time: perhaps it can the next
        return Outcome(task, None, str(error))
    except MemoryError:  # this machine, this time: perhaps not the next
        return Outcome(task, None, "its extraction ran out of memory")
    except Exception as error:  # a reader or rule failing on one odd file must not stop the build
        return Outcome(
            task, None, f"could not be read ({type(error).__name__}: {error}); please report this file", lasting=True
        )


# A report naming a county organ and a year, with a count in Chinese numerals: extracting it
# loads every table and library the rules use (cn2an took 0.12 s to import).
_WARM_UP = "某某县人民政府2019年政府信息公开工作年度报告\n一、总体情况\n本年度主动公开政府信息一百条。\n".encode()


def die_with_parent() -> None:
    """A worker's first step: ask the kernel to kill it when its parent dies (Linux), so
    that no worker outlives its build, however the build ends; elsewhere nothing."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the parent's clean-up handler (cli) is not the worker's
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the parent died before the request: go now
        os._exit(1)


def _warm() -> None:
    """Load every table the rules use, then set what was loaded aside from the cycle
    collector (gc.freeze): its full collections otherwise walk the region tables and
    dictionaries again and again (docs/performance.md). The collector is
    then on, whatever the parent had (a build forks its workers while it is paused):
    extraction leaves some cyclic garbage, about ten objects a report."""
    die_with_parent()
    run(Task("warm-up.txt", "", None, ""), _WARM_UP)
    gc.freeze()
    gc.enable()


def _ready() -> None:
    """Nothing: submitted once per worker so that all of them start (and warm up) at once."""


def warm_pool(jobs: int) -> ProcessPoolExecutor:
    """``jobs`` worker processes started now, each loading the region tables, pinyin
    dictionaries and rules (docs/performance.md) while the build lists and indexes the
    folder: a rebuild that extracts one file then does not wait for them. Shut it down
    when done."""
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_warm)
    for _ in range(jobs):
        pool.submit(_ready)
    return pool


def execute(
    tasks: list[Task],
    jobs: int = 1,
    executor: str = "local",
    scheduler: str | None = None,
    keep: Keep = _unchanged,
    pool: ProcessPoolExecutor | None = None,
) -> Iterator[Outcome]:
    """Outcomes of ``tasks`` (in task order locally, in completion order on Dask: the
    build orders everything itself), each passed through ``keep``.

    On this machine ``keep`` runs in the process that extracted the report, so a large
    extraction is stored where it was made and only what ``keep`` leaves travels back;
    on a Dask cluster, whose workers need not share this machine's disk, it runs here.
    Local workers are ``pool``'s when one is given (see warm_pool), even for one task."""
    if executor == "dask":
        yield from map(keep, _dask(tasks, scheduler))
    elif pool is not None:
        yield from _surviving(tasks, jobs, keep, pool)
    elif jobs <= 1 or len(tasks) < 2:
        yield from (keep(run(task)) for task in tasks)
    else:
        with ProcessPoolExecutor(max_workers=jobs, initializer=die_with_parent) as own:
            yield from _surviving(tasks, jobs, keep, own)


def _run_chunk(keep: Keep, tasks: list[Task]) -> list[Outcome]:
    return [keep(run(task)) for task in tasks]


def _surviving(tasks: list[Task], jobs: int, keep: Keep, pool: ProcessPoolExecutor) -> Iterator[Outcome]:
    """The outcomes in task order, from chunks of tasks sent to ``pool``: when a worker dies
    (killed, out of memory, a crash in a native reader) the pool breaks, and only the file
    that killed it is lost — the chunks in flight are run again one file at a time, each in
    a process of its own, and a file whose process dies again is reported; the rest goes on
    in a new pool (shut down before this returns)."""
    size = max(1, min(64, len(tasks) // (jobs * 8) or 1))
    chunks = [tasks[i : i + size] for i in range(0, len(tasks), size)]
    work = partial(_run_chunk, keep)
    own: ProcessPoolExecutor | None = None
    try:
        waiting: deque[tuple[list[Task], Any]] = deque()
        following = iter(chunks)
        while True:
            while len(waiting) < 2 * jobs and (chunk := next(following, None)) is not None:
                waiting.append((chunk, pool.submit(work, chunk)))
            if not waiting:
                return
            chunk, future = waiting.popleft()
            try:
                yield from future.result()
            except BrokenProcessPool:
                for suspect in [chunk, *(c for c, _ in waiting)]:
                    yield from (_alone(keep, task) for task in suspect)
                waiting.clear()
                own = pool = ProcessPoolExecutor(max_workers=jobs, initializer=_warm)
    finally:
        if own is not None:
            own.shutdown(wait=True, cancel_futures=True)


def _alone(keep: Keep, task: Task) -> Outcome:
    """One file in a process of its own: if that process dies too, the file is the cause."""
    with ProcessPoolExecutor(max_workers=1, initializer=die_with_parent) as single:
        try:
            return single.submit(_run_and_keep, keep, task).result()
        except BrokenProcessPool:
            return Outcome(
                task,
                None,
                "its extraction's process died, twice (killed, out of memory, or a crash "
                "in a reader): left out; please report this file",
            )


def _dask(tasks: Iterable[Task], scheduler: str | None) -> Iterator[Outcome]:
    """Ship each file's bytes with its task: cluster workers need not see the sources."""
    from distributed import Client, as_completed

    if not scheduler:
        raise ValueError("--executor dask needs --scheduler ADDRESS (e.g. tcp://127.0.0.1:8786)")
    with Client(scheduler) as client:
        queue = iter(tasks)
        running = as_completed(
            [client.submit(run, t, Path(t.path).read_bytes(), pure=False) for t in islice(queue, IN_FLIGHT)]
        )
        for future in running:  # keep a bounded number of files in flight: memory stays flat
            yield future.result()
            following = next(queue, None)
            if following is not None:
                running.add(client.submit(run, following, Path(following.path).read_bytes(), pure=False))


_worker_state: Any = None


def _install(function: Callable[[Any, Any], Any], state: Any) -> None:
    """A worker's set-up: its state, and the cycle collector on (it is forked from a build
    that pauses it; a report extracted again on the spot leaves cyclic garbage)."""
    global _worker_state
    die_with_parent()
    _worker_state = (function, state)
    gc.enable()


def _call(item: Any) -> Any:
    function, state = _worker_state
    return function(state, item)


def order_preserving_map(
    function: Callable[[S, T], R], state: S, items: list[T], remote: list[bool], jobs: int
) -> Generator[R, None, None]:
    """``function(state, item)`` for each item, in order: those marked ``remote`` are
    computed by ``jobs`` worker processes (each given ``state`` once), the rest here.
    At most AHEAD results wait to be consumed, so memory stays flat however many items."""
    if jobs <= 1 or not any(remote):
        yield from (function(state, item) for item in items)
        return
    with ProcessPoolExecutor(max_workers=jobs, initializer=_install, initargs=(function, state)) as pool:
        waiting: deque[Any] = deque()
        chosen = iter([item for item, far in zip(items, remote) if far])

        def top_up() -> None:
            while len(waiting) < AHEAD and (following := next(chosen, None)) is not None:
                waiting.append(pool.submit(_call, following))

        top_up()
        for item, far in zip(items, remote):
            if far:
                result = waiting.popleft().result()
                top_up()
                yield result
            else:
                yield function(state, item)
