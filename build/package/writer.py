"""Writing a package: each resource's CSV streamed report by report, its Parquet twin,
and the release descriptor — the repository's ``datapackage.json`` plus statistics.

Only CSV resources are listed (the R client reads every resource as delimited text);
each points to its Parquet twin with the custom ``parquet`` property and carries its
row count in ``rows``. The twin of a table with a row per report is a folder of Parquet
files, one per first part of the report id (the province, or what the id starts with
when it names none), in file-name order the CSV's row order: a rebuild after one change
converts one province again, not the whole table (docs/performance.md). The
descriptor stays within Data Package v1, which both the Python and the R frictionless
clients read without warnings.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
from collections.abc import Collection
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple, Union

from .edit import can_edit, edit
from .files import csv_to_parquet, file_stats, load_template
from .render import header, render, schema_fields
from .sink import CsvSink

DESCRIPTOR = "datapackage.json"
EAGER = 1 << 25  # bytes of a CSV in place pending before they are handed to its writing thread
PLANNED = 1 << 24  # bytes of new rows a CSV's plan holds at most (past them the file is written anew)


class Part(NamedTuple):
    """A Parquet file of a partitioned twin: its name, where its rows start in the CSV,
    and whether they are those of the same file in place (which is then kept)."""

    name: str
    start: int
    kept: bool


def part_name(report_id: str) -> str:
    """The Parquet file a report's rows go to: its id up to the first dash. Ids are
    lowercase letters, digits and dashes, and a dash sorts before both, so the reports
    of one part are consecutive in id order and the parts' names sort as their rows do."""
    return report_id.split("-", 1)[0] or "-"


Segment = Union[bytes, tuple[int, int]]  # rows rendered, or bytes start to end of the CSV in place


class PackageWriter:
    """Append rows resource by resource, rendered or copied from the package in place;
    ``close`` converts and describes. The ``partitioned`` resources (a row per report)
    get a folder of Parquet parts, begun in row order with ``begin_part``.

    Without ``edit``, each CSV is written anew in a staging folder by a thread of its own
    (see sink), and the package in place stays whole until the new one replaces it.
    With ``edit`` (a rebuild that copies most rows from the package in place), each CSV is
    first only planned: a file that comes out as the one in place is kept, one that
    differs by a few rows in one stretch is edited in place (see edit), and any other is
    written anew."""

    def __init__(
        self, out: Path, template: dict[str, Any] | None = None, partitioned: Collection[str] = (), edit: bool = False
    ) -> None:
        self.final = out
        self.out = out / ".staging"
        shutil.rmtree(self.out, ignore_errors=True)
        self.package = copy.deepcopy(template or load_template())
        (self.out / "data").mkdir(parents=True, exist_ok=True)
        self.fields = schema_fields(self.package)
        self.rows = dict.fromkeys(self.fields, 0)
        self.sinks: dict[str, CsvSink] = {}
        self._paths = {r["name"]: r["path"] for r in self.package["resources"]}
        self.pending: dict[str, tuple[int, int]] = {}  # per resource, a range of the CSV in place still to copy
        self.plans: dict[str, list[Segment]] = {name: [] for name in self.fields} if edit else {}
        self.planned = dict.fromkeys(self.plans, 0)  # bytes of rendered rows in each plan
        self.previous: dict[str, BinaryIO] = {}
        self.sizes = dict.fromkeys(self.fields, 0)  # bytes of each CSV so far, copies still pending included
        self.parts: dict[str, list[Part]] = {name: [] for name in partitioned}
        self.linked: set[str] = set()  # Parquet parts linked from the package in place
        for name in self.fields:
            self.add_rendered(name, header(self.fields[name]), 0)

    def __enter__(self) -> PackageWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: Any) -> None:
        if kind is not None:
            self.discard()

    def discard(self) -> None:
        """Stop every writing thread and remove what was staged: a build that failed
        leaves the package in place as it was (but for a CSV it was editing; see edit)."""
        for sink in self.sinks.values():
            sink.abandon()
        for handle in self.previous.values():
            handle.close()
        shutil.rmtree(self.out, ignore_errors=True)

    def add(self, resource: str, rows: list[dict[str, Any]]) -> None:
        """Append rows given as dicts, rendered here: the tables the build makes itself
        (indicators, organs, crosswalk), which no report's cached rows hold."""
        self.add_rendered(resource, render(rows, self.fields[resource]), len(rows))

    def add_rendered(self, resource: str, text: bytes, count: int) -> None:
        """Append rows already rendered as UTF-8 CSV (a cached report's)."""
        self._flush(resource)
        if resource in self.plans:
            self.plans[resource].append(text)
            self.planned[resource] += len(text)
            if self.planned[resource] > PLANNED:
                self._write_anew(resource)
        else:
            self._sink(resource).write(text)
        self.rows[resource] += count
        self.sizes[resource] += len(text)

    def begin_part(self, name: str, kept: bool) -> None:
        """The rows that follow, in every partitioned resource, go to the Parquet part
        ``name``; ``kept``: they are those of the part in place, which is kept as it is."""
        for resource, parts in self.parts.items():
            parts.append(Part(name, self.sizes[resource], kept))

    def add_copied(self, resource: str, offset: int, size: int, count: int) -> None:
        """Append the rows that the resource's CSV in place holds at ``offset`` (a report
        unchanged since the last build); a run of such reports is copied as one range,
        handed to the file's writing thread as it grows when the file is written anew."""
        start, end = self.pending.get(resource, (offset, offset))
        if end != offset:
            self._flush(resource)
            start = offset
        self.pending[resource] = (start, offset + size)
        self.rows[resource] += count
        self.sizes[resource] += size
        if resource not in self.plans and offset + size - start >= EAGER:
            self._flush(resource)

    def read_in_place(self, resource: str, offset: int, size: int) -> bytes:
        """``size`` bytes at ``offset`` of the resource's CSV in place (rows a report copies)."""
        data = os.pread(self._previous(resource).fileno(), size, offset)
        if len(data) != size:
            raise OSError(f"{self.final / self._paths[resource]} is shorter than the last build left it")
        return data

    def holds(self, resource: str, offset: int, text: bytes) -> bool:
        """Whether the resource's CSV in place holds ``text`` at ``offset``."""
        try:
            return os.pread(self._previous(resource).fileno(), len(text), offset) == text
        except OSError:
            return False

    def _previous(self, resource: str) -> BinaryIO:
        if resource not in self.previous:
            self.previous[resource] = (self.final / self._paths[resource]).open("rb")
        return self.previous[resource]

    def _sink(self, resource: str) -> CsvSink:
        if resource not in self.sinks:
            self.sinks[resource] = CsvSink(self.out / self._paths[resource])
        return self.sinks[resource]

    def _flush(self, resource: str) -> None:
        """Put the resource's pending range in its plan, or hand it to its writing thread."""
        start, end = self.pending.pop(resource, (0, 0))
        if start == end:
            return
        if resource in self.plans:
            self.plans[resource].append((start, end))
        else:
            self._copy(resource, start, end)

    def _copy(self, resource: str, start: int, end: int) -> None:
        self._sink(resource).copy(
            self._previous(resource).fileno(), start, end, str(self.final / self._paths[resource])
        )

    def _write_anew(self, resource: str) -> None:
        """Hand what the resource's plan holds to its writing thread: the file is written anew."""
        for segment in self.plans.pop(resource):
            if isinstance(segment, bytes):
                self._sink(resource).write(segment)
            else:
                self._copy(resource, *segment)

    def _described(self) -> dict[str, Any]:
        """What the descriptor in place says of each file it lists (bytes, hash), by path: a
        file kept from the package in place is as it says (the build checked the package is
        as it wrote it), so it is not hashed again. Empty when there is none to read."""
        try:
            package = json.loads((self.final / DESCRIPTOR).read_text(encoding="utf-8"))
            return {f["path"]: f for r in package["resources"] for f in (r, *r["parquet"]["parts"])}
        except (OSError, ValueError, KeyError, TypeError):
            return {}

    def _edit_of(self, resource: str) -> tuple[int, int, bytes] | None:
        """The plan of ``resource`` as one edit of the file in place: bytes ``start`` to
        ``end`` replaced by the returned bytes; None when it is not one (the header
        differs, or the stretch between the rows kept at each end holds too much)."""
        plan = self.plans[resource]
        path = self.final / self._paths[resource]
        try:
            size = os.fstat(self._previous(resource).fileno()).st_size
        except OSError:
            return None
        head = plan[0]
        if not (isinstance(head, bytes) and self.holds(resource, 0, head)):
            return None
        segments: list[Segment] = [(0, len(head))]
        for segment in plan[1:]:
            last = segments[-1]
            if isinstance(segment, tuple) and isinstance(last, tuple) and last[1] == segment[0]:
                segments[-1] = (last[0], segment[1])
            else:
                segments.append(segment)
        kept, last = segments[0], segments[-1]
        assert isinstance(kept, tuple)
        tail = last if len(segments) > 1 and isinstance(last, tuple) and last[1] == size else None
        inner = segments[1:-1] if tail else segments[1:]
        length = sum(len(s) if isinstance(s, bytes) else s[1] - s[0] for s in inner)
        if length > PLANNED:
            return None
        start, end = kept[1], tail[0] if tail else size
        if start > end or (start != end or inner) and not can_edit(path):  # a file kept as it is needs no edit
            return None
        fd = self._previous(resource).fileno()
        middle = b"".join(s if isinstance(s, bytes) else os.pread(fd, s[1] - s[0], s[0]) for s in inner)
        if len(middle) != length:
            raise OSError(f"{path} is shorter than the last build left it")
        if (
            end - start == len(middle) and os.pread(fd, len(middle), start) == middle
        ):  # remade as they were (the indicators)
            return size, size, b""
        return start, end, middle

    def _settle_plans(self, described: dict[str, Any]) -> dict[str, str]:
        """Keep or edit in place each CSV that the plans allow (two at a time: moving and
        hashing run without the GIL), write the others anew; the hash of each kept or
        edited file, by resource. A kept file is as the descriptor in place says."""
        edits = {}
        for name in list(self.plans):
            found = self._edit_of(name)
            if found is None:
                self._write_anew(name)
            else:
                edits[name] = found
        hashes = {}
        for name, (start, end, middle) in list(edits.items()):
            path = self._paths[name]
            if start == end and not middle and path in described:
                hashes[name] = described[path]["hash"]  # the file in place, as it was
                del edits[name]
        with ThreadPoolExecutor(max_workers=2) as pool:
            hashes.update(zip(edits, pool.map(lambda name: edit(self.final / self._paths[name], *edits[name]), edits)))
        for name in hashes:  # staged as the file in place (moving it there then changes nothing)
            _link(self.final / self._paths[name], self.out / self._paths[name])
        return hashes

    def close(self) -> Path:
        """Settle the planned CSVs, convert the Parquet twins, write the descriptor and move
        the files in place, the descriptor last since it vouches for them; return its path."""
        described = self._described()
        for name in list(self.pending):
            self._flush(name)
        settled = self._settle_plans(described) if self.plans else {}
        digests = {name: sink.close() for name, sink in self.sinks.items()}  # waits for what is still being written
        for handle in self.previous.values():
            handle.close()
        resources = self.package["resources"]
        twins = {r["name"]: self._twin(r) for r in resources}
        # pyarrow converts without the GIL, so two files are converted at a time: at
        # 100,000 reports 4.4 s instead of 6.4 s one by one, and 530 MB instead of 780 MB all at once.
        jobs = [
            (self.out / r["path"], start, end, self.out / target, r["schema"])
            for r in resources
            for target, start, end in twins[r["name"]]
        ]
        with ThreadPoolExecutor(max_workers=2) as pool:
            list(pool.map(lambda job: csv_to_parquet(*job), jobs))
        for resource in resources:
            name = resource["name"]
            twin = (self.out / resource["path"]).with_suffix(".parquet")
            files = sorted(twin.glob("*.parquet")) if name in self.parts else [twin]
            resource.update(bytes=(self.out / resource["path"]).stat().st_size, hash=settled.get(name) or digests[name])
            resource["rows"] = self.rows[name]
            resource["parquet"] = {
                "path": twin.relative_to(self.out).as_posix(),
                "parts": [self._part_stats(f.relative_to(self.out).as_posix(), described) for f in files],
            }
        (self.out / DESCRIPTOR).write_text(
            json.dumps(self.package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        (self.final / "data").mkdir(parents=True, exist_ok=True)
        moves = [relative for r in resources for relative in (r["path"], r["parquet"]["path"])]
        with ThreadPoolExecutor(max_workers=4) as pool:  # replacing a large file frees it: 0.2 s per GB
            list(pool.map(lambda relative: _put(self.out / relative, self.final / relative), moves))
        os.replace(self.out / DESCRIPTOR, self.final / DESCRIPTOR)  # last: it vouches for the files
        shutil.rmtree(self.out, ignore_errors=True)
        return self.final / DESCRIPTOR

    def _part_stats(self, path: str, described: dict[str, Any]) -> dict[str, Any]:
        """A Parquet part's path, bytes and hash: as described in place for a part linked from
        there (every province but the ones a rebuild converted), else read."""
        if path in self.linked and path in described:
            return {"path": path, "bytes": described[path]["bytes"], "hash": described[path]["hash"]}
        return {"path": path, **file_stats(self.out / path)}

    def _twin(self, resource: dict[str, Any]) -> list[tuple[str, int, int]]:
        """The Parquet files to convert for a resource, each with its range of the CSV
        (path relative to the package); kept parts are linked from the package in place."""
        name = resource["name"]
        twin = Path(resource["path"]).with_suffix(".parquet").as_posix()
        start = len(header(self.fields[name]))
        if name not in self.parts:
            return [(twin, start, self.sizes[name])]
        (self.out / twin).mkdir()
        parts = self.parts[name]
        ends = [part.start for part in parts[1:]] + [self.sizes[name]]
        converted = []
        for part, end in zip(parts, ends):
            target = f"{twin}/{part.name}.parquet"
            if part.kept:
                _link(self.final / target, self.out / target)
                self.linked.add(target)
            else:
                converted.append((target, part.start, end))
        return converted


def _link(existing: Path, new: Path) -> None:
    """``new`` holding the bytes of ``existing``: the same file where the system allows."""
    try:
        os.link(existing, new)
    except OSError:
        shutil.copyfile(existing, new)


def _put(staged: Path, final: Path) -> None:
    """Move a staged file or folder over what is in its place."""
    if final.is_dir() and not final.is_symlink():
        old = final.with_name(f".old-{final.name}")
        shutil.rmtree(old, ignore_errors=True)
        os.replace(final, old)
        os.replace(staged, final)
        shutil.rmtree(old)
    else:
        if staged.is_dir() and final.exists():
            final.unlink()
        os.replace(staged, final)
