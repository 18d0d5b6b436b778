"""A CSV file written and hashed by a thread of its own.

A rebuild after one change copies most of each CSV from the package in place, and the
build would wait while it is copied in the kernel and hashed (docs/performance.md).
Handed to a thread per file, the copying and hashing (both without the GIL) go
on while the build walks the rest of the reports; the build waits only for what is left
when it closes the file. Jobs are done in the order they were handed over, so the file
is the same bytes whichever thread wrote it.
"""

from __future__ import annotations

import hashlib
import os
import queue
import threading
from pathlib import Path
from typing import NamedTuple, Union

BUFFER = 1 << 20  # bytes of rendered rows gathered before they are handed over
QUEUED = 16  # jobs waiting at most: memory stays bounded whatever the rows' size
COPY_BLOCK = 1 << 23  # bytes copied and hashed at a time from the file in place


class _Copy(NamedTuple):
    """Bytes ``start`` to ``end`` of the open file ``source`` (named ``name`` in errors)."""

    source: int
    start: int
    end: int
    name: str


_Job = Union[bytes, _Copy, None]  # None: no more jobs


def _copied(source: int, target: int, offset: int, size: int) -> bool:
    """Append ``size`` bytes of ``source`` from ``offset`` to ``target`` without reading them
    into Python; False where the system cannot (then nothing was copied)."""
    copy = getattr(os, "copy_file_range", None)  # Linux only
    if copy is None:
        return False
    done = 0
    try:
        while done < size:
            step = copy(source, target, size - done, offset + done)
            if step == 0:
                raise OSError(f"copied {done} of {size} bytes: the file in place ended early")
            done += step
    except OSError:
        if done:  # half a range is in the new file: it cannot be finished another way
            raise
        return False
    return True


class CsvSink:
    """Append rendered rows and ranges of another open file; ``close`` waits for the
    writing thread and returns the file's ``sha256:`` hash. A failure in the thread is
    raised by ``close`` (the jobs after it are dropped, never left to block the build)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.handed = 0  # bytes the file will hold once the jobs handed over are done
        self._sha = hashlib.sha256()
        self._buffer: list[bytes] = []
        self._buffered = 0
        self._jobs: queue.Queue[_Job] = queue.Queue(maxsize=QUEUED)
        self._error: BaseException | None = None
        self._file = path.open("wb")
        self._thread = threading.Thread(target=self._run, name=f"writing {path.name}", daemon=True)
        self._thread.start()

    def write(self, data: bytes) -> None:
        """Append rendered rows; they are gathered up to BUFFER bytes before they are handed
        over, so the queue holds a few large jobs however small each report's rows are."""
        self._buffer.append(data)
        self._buffered += len(data)
        self.handed += len(data)
        if self._buffered >= BUFFER:
            self._hand_over()

    def copy(self, source: int, start: int, end: int, name: str) -> None:
        """Append bytes ``start`` to ``end`` of ``source``, an open file that stays open
        until this sink is closed."""
        self._hand_over()
        self._jobs.put(_Copy(source, start, end, name))
        self.handed += end - start

    def close(self) -> str:
        """Wait for the thread to write everything handed over and return the file's
        ``sha256:`` hash; an error in the thread is raised here."""
        self._hand_over()
        self._finish()
        if self._error is not None:
            raise self._error
        return "sha256:" + self._sha.hexdigest()

    def abandon(self) -> None:
        """Stop the thread and close the file, whatever is still to write (a build that
        failed); a sink closed already is left as it is."""
        self._buffer.clear()
        if self._error is None:
            self._error = OSError(f"{self.path}: abandoned")  # the thread drops what is left
        self._finish()

    def _finish(self) -> None:
        if self._thread.is_alive():
            self._jobs.put(None)
            self._thread.join()
        self._file.close()

    def _hand_over(self) -> None:
        if self._buffer:
            self._jobs.put(b"".join(self._buffer))
            self._buffer.clear()
            self._buffered = 0

    def _run(self) -> None:
        """The writing thread: do the jobs in order until None; after a failure the rest are
        taken and dropped, so that the build never blocks on a full queue."""
        while (job := self._jobs.get()) is not None:
            if self._error is not None:
                continue  # drained, so that the build never blocks on a full queue
            try:
                if isinstance(job, _Copy):
                    self._copy(*job)
                else:
                    self._file.write(job)
                    self._sha.update(job)
            except BaseException as error:  # noqa: BLE001 - raised again by close
                self._error = error

    def _copy(self, source: int, start: int, end: int, name: str) -> None:
        """Copy in the kernel where it can, rather than writing the bytes back from Python
        (docs/performance.md); they are read here only to be hashed."""
        self._file.flush()
        target = self._file.fileno()
        while start < end:
            block = os.pread(source, min(COPY_BLOCK, end - start), start)
            if not block:
                raise OSError(f"{name} is shorter than the last build left it")
            self._sha.update(block)
            if not _copied(source, target, start, len(block)):
                self._file.write(block)
                self._file.flush()
            start += len(block)
