"""Editing a CSV of the package in place: the rows of a few changed reports replaced,
the rest of the file moved up or down by the difference.

A rebuild after one change writes a file that is the one in place but for a few rows.
Writing it anew means copying the whole file into fresh pages, the largest part of such
a rebuild; moving the part after the change within the file's own pages costs much less
(docs/performance.md). The file is then read once to be hashed.

The file is changed where it lies, so the package in place is not whole while it is
edited: a build stopped then leaves a CSV that fails its descriptor's hash, and the next
build, which finds the file not as it was written, writes it anew. A file with other
links (a copy made with ``cp -l``, say) is never edited: it is written anew.
"""

from __future__ import annotations

import os
from pathlib import Path

from .files import file_stats

BLOCK = 1 << 23  # bytes moved at a time


def can_edit(path: Path) -> bool:
    """Whether ``path`` can be edited in place: a regular file with no other link, on a
    system with positioned writes."""
    try:
        stat = path.stat()
    except OSError:
        return False
    return hasattr(os, "pwrite") and stat.st_nlink == 1 and os.access(path, os.W_OK)


def edit(path: Path, start: int, end: int, middle: bytes) -> str:
    """Replace bytes ``start`` to ``end`` of the file at ``path`` with ``middle``, moving
    what follows; return the SHA-256 of the file as edited (``sha256:`` and hex digits)."""
    with path.open("r+b") as handle:
        fd = handle.fileno()
        size = os.fstat(fd).st_size
        if not 0 <= start <= end <= size:
            raise ValueError(f"{path}: cannot replace bytes {start} to {end} of a file of {size}")
        shift = len(middle) - (end - start)
        if shift > 0:  # the tail moves down: from its end backwards, so no byte is overwritten unread
            done = size
            while done > end:
                begin = max(end, done - BLOCK)
                _write_all(fd, os.pread(fd, done - begin, begin), begin + shift)
                done = begin
        elif shift < 0:  # up: from its start forwards
            done = end
            while done < size:
                block = os.pread(fd, min(BLOCK, size - done), done)
                if not block:
                    raise OSError(f"{path} became shorter while it was edited")
                _write_all(fd, block, done + shift)
                done += len(block)
            os.ftruncate(fd, size + shift)
        _write_all(fd, middle, start)
    return str(file_stats(path)["hash"])


def _write_all(fd: int, data: bytes, offset: int) -> None:
    view = memoryview(data)
    while view:
        written = os.pwrite(fd, view, offset)
        view = view[written:]
        offset += written
