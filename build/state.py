"""The last build's record: what each source file was and what the build made of it.

A rebuild compares every file's size and times with it to skip hashing files that did
not change, and stops at once when nothing changed and the outputs are in place. It is
kept beside the cache (the package folder holds only the package), one per output
folder, and like the cache it is safe to delete: a missing or unreadable record only
makes the next build look at every file again.

It holds two pickles, each signed with the user's key (see signing: neither is unpickled
unless its signature holds). The first is a head small enough to read on every build: the
code version, the sources folder, the package files written (their sizes and times),
the signature of the second pickle (a damaged record is not used), and
a digest of the folder's listing (every file's name, size and times, the manifest's
bytes), so that a build that changes nothing stops after listing the folder, without
reading the rest. The second holds the files, stored by column (numbers as arrays) and
pickled rather than written as JSON: at 100,000 reports, small nested objects and JSON
were slow to read and write (docs/performance.md). Like the cache, it is read only from
the user's own cache folder, and only if this user's ogidata wrote it. What each report
took in each CSV lets the next build copy the rows of unchanged reports from the package
in place (see package.splice).
"""

from __future__ import annotations

import hashlib
import json
import pickle
from array import array
from itertools import chain
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

from .package.writer import DESCRIPTOR
from .signing import authentic, tag


class Record(NamedTuple):
    """One source file as the last build saw it (the last four fields once it was written)."""

    stamp: tuple[int, int, int]  # size, modification and change time (ns)
    sha256: str
    key: str  # its cache entry
    report_id: str = ""
    own_id: str = ""
    copies: str = "[]"  # copy keys, as JSON
    glued: bool = False
    part_of: str = ""  # the report it is an attachment of (from its manifest entry)
    depends: str = ""  # the copies and attachments its rows were made with (package.splice)
    written: tuple[int, ...] = ()  # bytes, then rows, it wrote to each resource; () for an attachment


_COLUMNS = ("sha256", "key", "report_id", "own_id", "copies", "glued", "part_of", "depends")


class Head(NamedTuple):
    """The record's first part, small enough to read on every build: when no file was touched,
    it alone tells that nothing changed, without every file's Record being read."""

    version: str
    sources: str
    descriptor: str  # SHA-256 of the descriptor written
    listing: str  # digest of the sources folder's listing; "" when the next build must look again
    errors: list[tuple[str, str]]  # what the build reported (a build that changes nothing says it again)
    outputs: dict[str, list[int]]  # each package file's size, modification and change time (ns)


class State(NamedTuple):
    """A whole record: its head and every source file's Record, by path in the sources folder."""

    head: Head
    files: dict[str, Record]


def state_path(cache_root: Path, out: Path) -> Path:
    """Where the record of builds into ``out`` is kept: beside the cache, named by a hash of
    the output folder's absolute path, so that each output folder has its own."""
    return cache_root.parent / "builds" / f"{hashlib.sha256(str(out.resolve()).encode()).hexdigest()[:16]}.pickle"


FORMAT = "ogidata-record-4"  # 3: a SHA-256 of the files, the head unsigned; 2: no digest of the files; 1: JSON
MAGIC = b"ogidata-record\n"
HEAD_LENGTH = 16  # digits of the head's length, after its signature


def _head(document: Any) -> Head:
    """The Head of an unpickled head document; ValueError when it is of another record format
    (such a record is not used)."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ValueError("not a record of this version")
    return Head(
        document["version"],
        document["sources"],
        document["descriptor"],
        document["listing"],
        [tuple(e) for e in document["errors"]],
        document["outputs"],
    )


# Reading a damaged or foreign record may raise anything unpickling and checking it can
# raise (EOFError, UnpicklingError, KeyError, ValueError, MemoryError …): all of them only
# mean there is no record to use.
def _signed_head(handle: BinaryIO) -> dict[str, Any]:
    """The record's head, unpickled only once its signature holds (see signing): a record
    someone else wrote could run code when unpickled."""
    if handle.read(len(MAGIC)) != MAGIC:
        raise ValueError("not a record of this version")
    signature = handle.read(64).decode("ascii")
    length = int(handle.read(HEAD_LENGTH))
    blob = handle.read(length)
    if len(blob) != length or not authentic(blob, signature):
        raise ValueError("the record's head is not signed by this user's key")
    document = pickle.loads(blob)
    if not isinstance(document, dict):
        raise ValueError("not a record")
    return document


def read_head(path: Path) -> Head | None:
    """The head of the record at ``path``, or None when there is none or it cannot be read."""
    try:
        with path.open("rb") as handle:
            return _head(_signed_head(handle))
    except Exception:  # noqa: BLE001 - see above
        return None


def read_state(path: Path) -> State | None:
    """The whole record at ``path``, or None when there is none or it cannot be read."""
    try:
        with path.open("rb") as handle:
            document = _signed_head(handle)
            head, blob = _head(document), handle.read()
        if not authentic(blob, document["files"]):
            return None  # damaged, or not this user's: a wrong offset would copy another report's rows
        files = pickle.loads(blob)
        stamps, written, width = files["stamp"], files["written"], files["width"]
        blank = (0,) * width
        layouts = (
            [() if w == blank else w for w in zip(*[iter(written)] * width)] if width else [()] * len(files["name"])
        )
        rows = zip(zip(stamps[0::3], stamps[1::3], stamps[2::3]), *(files[c] for c in _COLUMNS), layouts, strict=True)
        return State(head, dict(zip(files["name"], map(Record._make, rows), strict=True)))
    except Exception:  # noqa: BLE001 - see read_head
        return None


def write_state(path: Path, state: State) -> None:
    """Write the record whole or not at all: a build stopped midway leaves the last one."""
    names = list(state.files)
    columns = dict(zip(Record._fields, zip(*state.files.values()))) if names else dict.fromkeys(Record._fields, ())
    width = max(map(len, columns["written"]), default=0)
    blank = (0,) * width
    files: dict[str, Any] = {
        "name": names,
        "stamp": array("q", chain.from_iterable(columns["stamp"])),
        "width": width,
        "written": array("q", chain.from_iterable(w or blank for w in columns["written"])),
    }
    files.update({c: list(columns[c]) for c in _COLUMNS})
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    blob = pickle.dumps(files, protocol=pickle.HIGHEST_PROTOCOL)
    head = pickle.dumps(
        {"format": FORMAT, **state.head._asdict(), "files": tag(blob)}, protocol=pickle.HIGHEST_PROTOCOL
    )
    with temporary.open("wb") as handle:
        handle.write(MAGIC + tag(head).encode("ascii") + f"{len(head):0{HEAD_LENGTH}d}".encode("ascii") + head)
        handle.write(blob)
    temporary.replace(path)
    path.with_suffix(".json").unlink(missing_ok=True)  # the record as builds before 2026-12-04 wrote it


def output_stamps(out: Path) -> dict[str, list[int]]:
    """Each file of the package in ``out`` (as its descriptor lists them) by its path:
    its size and modification and change times, which no edit can leave as they were."""
    package = json.loads((out / DESCRIPTOR).read_text(encoding="utf-8"))
    stamps = {}
    for relative in (
        path for r in package["resources"] for path in (r["path"], *(p["path"] for p in r["parquet"]["parts"]))
    ):
        stat = (out / relative).stat()
        stamps[relative] = [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns]
    return stamps


def outputs_in_place(out: Path, head: Head) -> bool:
    """Whether the package the record describes is still in ``out`` as it was written."""
    try:
        with (out / DESCRIPTOR).open("rb") as handle:
            if head.descriptor != hashlib.sha256(handle.read()).hexdigest():
                return False
        return output_stamps(out) == head.outputs
    except (OSError, ValueError, KeyError, TypeError):  # no package there, or a descriptor edited by hand
        return False
