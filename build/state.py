"""The last build's record: what each source file was and what the build made of it.

A rebuild compares every file's size and times with it to skip hashing files that did
not change, and stops at once when nothing changed and the outputs are in place. It is
kept beside the cache (the package folder holds only the package), one per output
folder, and like the cache it is safe to delete: a missing or unreadable record only
makes the next build look at every file again.

It is stored by column, with each report's copy keys as a JSON string: at 100,000
reports, parsing 100,000 small nested objects took longer than all the rest of a no-op
rebuild.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, NamedTuple

from .package.descriptor import DESCRIPTOR


class Record(NamedTuple):
    """One source file as the last build saw it (the last four fields once it was written)."""

    stamp: tuple[int, int, int]  # size, modification and change time (ns)
    sha256: str
    key: str  # its cache entry
    report_id: str = ""
    own_id: str = ""
    copies: str = "[]"  # copy keys, as JSON
    glued: bool = False


_COLUMNS = ("sha256", "key", "report_id", "own_id", "copies", "glued")


class State(NamedTuple):
    version: str
    sources: str
    descriptor: str  # SHA-256 of the descriptor written
    files: dict[str, Record]


def state_path(cache_root: Path, out: Path) -> Path:
    return cache_root.parent / "builds" / f"{hashlib.sha256(str(out.resolve()).encode()).hexdigest()[:16]}.json"


def read_state(path: Path) -> State | None:
    """The record at ``path``, or None when there is none or it cannot be read."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        files = document["files"]
        stamps = files["stamp"]
        rows = zip(zip(stamps[0::3], stamps[1::3], stamps[2::3]), *(files[c] for c in _COLUMNS), strict=True)
        records = dict(zip(files["name"], map(Record._make, rows), strict=True))
        return State(document["version"], document["sources"], document["descriptor"], records)
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None


def write_state(path: Path, state: State) -> None:
    names = list(state.files)
    records = list(state.files.values())
    files: dict[str, Any] = {"name": names, "stamp": [n for r in records for n in r.stamp]}
    files.update({c: [getattr(r, c) for r in records] for c in _COLUMNS})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"version": state.version, "sources": state.sources, "descriptor": state.descriptor,
                                "files": files}, ensure_ascii=False), encoding="utf-8")


def outputs_in_place(out: Path, state: State) -> bool:
    """Whether the package the record describes is still in ``out`` as it was written."""
    descriptor = out / DESCRIPTOR
    if not descriptor.exists() or state.descriptor != hashlib.sha256(descriptor.read_bytes()).hexdigest():
        return False
    package = json.loads(descriptor.read_text(encoding="utf-8"))
    return all((out / r["path"]).exists() and (out / r["path"]).stat().st_size == r["bytes"]
               and (out / r["parquet"]["path"]).exists() for r in package["resources"])
