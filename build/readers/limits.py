"""Bounds on what an untrusted file may make the build do, each adjustable by an
environment variable (docs/untrusted-input.md): a file over one is reported and left out,
or (a section's text) cut with a note, never a crash or a machine out of memory."""

from __future__ import annotations

import os


def _number(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        return default


MiB = 1 << 20
MAX_FILE = int(_number("OGIDATA_MAX_FILE_MB", 64) * MiB)  # a report file's bytes
MAX_UNPACKED = int(_number("OGIDATA_MAX_UNPACKED_MB", 256) * MiB)  # a Word file's XML, unzipped
MAX_ZIP_ENTRIES = int(_number("OGIDATA_MAX_ZIP_ENTRIES", 10_000))  # files in a Word file's zip
MAX_SPAN = 1000  # columns one table cell may span (HTML's own limit; a larger span is a broken file)
MAX_SECTION = int(_number("OGIDATA_MAX_SECTION_CHARS", 1_000_000))  # characters of one section's text
