"""Every bound on what untrusted input may make ogidata do, in one place, each adjustable by
an environment variable (docs/untrusted-input.md). A report file over one is reported and
left out (or, a section's text, cut with a note); a body or archive over one is refused and
nothing of it kept — never a crash, a machine out of memory or a command that never ends."""

from __future__ import annotations

import os
from typing import NamedTuple


def env_number(name: str, default: float) -> float:
    """The number the environment variable ``name`` holds, else ``default``."""
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        return default


MiB = 1 << 20

# Report files, read by the build (fixed when the build starts; its workers inherit them).
MAX_FILE = int(env_number("OGIDATA_MAX_FILE_MB", 64) * MiB)  # a report file's bytes
MAX_UNPACKED = int(env_number("OGIDATA_MAX_UNPACKED_MB", 256) * MiB)  # a Word file's XML, unzipped
MAX_ZIP_ENTRIES = int(env_number("OGIDATA_MAX_ZIP_ENTRIES", 10_000))  # files in a Word file's zip
MAX_SPAN = int(env_number("OGIDATA_MAX_SPAN", 1000))  # columns one table cell may span (HTML's own limit)
MAX_TABLE_CELLS = int(env_number("OGIDATA_MAX_TABLE_CELLS", 1_000_000))  # grid positions of all of a file's tables
MAX_SECTION = int(env_number("OGIDATA_MAX_SECTION_CHARS", 1_000_000))  # characters of one section's text
MAX_OCR_PAGES = int(env_number("OGIDATA_MAX_OCR_PAGES", 100))  # scanned pages read by OCR in one file
MAX_OCR_SECONDS = env_number("OGIDATA_MAX_OCR_SECONDS", 600)  # OCR time for one file
MAX_FILE_SECONDS = env_number("OGIDATA_MAX_FILE_SECONDS", 900)  # extraction time for one file, OCR included


def build_limits() -> str:
    """The report-file limits in force, as text: a failure remembered under other limits is
    tried again (cache.Failures)."""
    return repr(
        (
            MAX_FILE,
            MAX_UNPACKED,
            MAX_ZIP_ENTRIES,
            MAX_SPAN,
            MAX_TABLE_CELLS,
            MAX_SECTION,
            MAX_OCR_PAGES,
            MAX_OCR_SECONDS,
            MAX_FILE_SECONDS,
        )
    )


class Transfer(NamedTuple):
    """Bounds on one HTTP body: bytes on the wire, bytes once decoded, seconds in all."""

    body: int
    decoded: int
    seconds: float


def _transfer(body_mb: float, seconds: float) -> Transfer:
    """Read when asked: a user (or a test) may change them between two commands."""
    return Transfer(
        int(env_number("OGIDATA_MAX_BODY_MB", body_mb) * MiB),
        int(env_number("OGIDATA_MAX_DECODED_MB", body_mb) * MiB),
        env_number("OGIDATA_MAX_FETCH_SECONDS", seconds),
    )


def report_transfer() -> Transfer:
    """`fetch`: a report page or attachment (no report file is larger than MAX_FILE)."""
    return _transfer(64, 300)


def release_transfer() -> Transfer:
    """`download`: a release archive, far larger, perhaps over a slow link."""
    return _transfer(4096, 3600)


class Unpacking(NamedTuple):
    """Bounds on unpacking a release archive."""

    entries: int
    unpacked: int
    ratio: float  # unpacked ÷ packed size of one member over 1 MB; zip bombs reach thousands


def release_unpacking() -> Unpacking:
    """The bounds on unpacking a release archive (release.unpack), read when asked: a user (or
    a test) may change them between two commands."""
    return Unpacking(
        int(env_number("OGIDATA_MAX_RELEASE_ENTRIES", 10_000)),
        int(env_number("OGIDATA_MAX_RELEASE_UNPACKED_MB", 8192) * MiB),
        env_number("OGIDATA_MAX_RELEASE_RATIO", 200),
    )
