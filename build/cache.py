"""The extraction cache: one entry per (source content, manifest entry, code version).

Extraction is a pure function of a file's bytes, its manifest entry and the code, so
its result can be reused whenever those three are unchanged. Entries live in the
user's cache directory (``OGIDATA_CACHE`` overrides it) and are safe to delete. An
entry is never trusted blindly: its index line carries the SHA-256 of its bytes, and one
that does not match, or does not load, is forgotten and the report extracted again.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import threading
import time
from dataclasses import fields
from functools import cache
from importlib import metadata
from operator import attrgetter
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

import zstandard
from platformdirs import user_cache_dir

from .extraction.checks import Check
from .extraction.extract import Extraction
from .extraction.model import Fact
from .extraction.sections import Section
from .limits import build_limits
from .modules import AROUND_THE_BUILD, PACKAGE
from .readers.doc import converter
from .signing import authentic, tag

RenderedRows = dict[str, tuple[Any, Any]]  # resource → (UTF-8 CSV, row count); "meta" → (report id, schema hash)


# Libraries whose version changes what is read from a file.
READING_LIBRARIES = (
    "pdfplumber",
    "pdfminer.six",
    "pypdfium2",
    "rapidocr-onnxruntime",
    "lxml",
    "opencc",
    "cpca",
    "charset-normalizer",
    "cn2an",
    "pypinyin",
)


def versioned_files() -> list[Path]:
    """The code and data files whose content is part of the code version."""
    return [
        path
        for path in sorted(PACKAGE.rglob("*"))
        if path.suffix in (".py", ".csv")
        and "__pycache__" not in path.parts
        and not path.relative_to(PACKAGE).as_posix().startswith(AROUND_THE_BUILD)
    ]


@cache
def code_version() -> str:
    """A hash of the code, data and reading libraries the extraction depends on: any
    change invalidates every entry."""
    sha = hashlib.sha256()
    for path in versioned_files():
        sha.update(path.relative_to(PACKAGE).as_posix().encode())
        sha.update(path.read_bytes())
    for library in READING_LIBRARIES:
        try:
            sha.update(f"{library}={metadata.version(library)}".encode())
        except metadata.PackageNotFoundError:
            sha.update(f"{library}=absent".encode())
    return sha.hexdigest()[:16]


def cache_root() -> Path:
    """The folder of the entries: ``extractions`` in ``OGIDATA_CACHE``, else in the user's cache
    directory (the builds' records are kept beside it, see state.state_path)."""
    return Path(os.environ.get("OGIDATA_CACHE") or user_cache_dir("ogidata")) / "extractions"


def entry_key(content_sha256: str, entry: dict[str, str] | None, name: str) -> str:
    """The key of one extraction: file content, file name (it is recorded), manifest entry,
    code — and for a Word 97 file the converter this machine has, since it shapes the text."""
    manifest = json.dumps(entry, sort_keys=True, ensure_ascii=False) if entry else "{}"
    tool = converter() if name.lower().endswith(".doc") else ""
    return hashlib.sha256(f"{content_sha256}|{name}|{manifest}|{code_version()}|{tool}".encode()).hexdigest()


class Location(NamedTuple):
    """Where an entry lies: its pack, the offset and length of its body, how much of the
    body is the extraction (the rest is its rows), and the SHA-256 of the body."""

    pack: str
    offset: int
    size: int
    extraction: int
    digest: str
    stored: int  # when (ns): of two entries of a key, the later one is read, whichever pack holds it


class _Pack:
    """This process's pack for one cache folder: entries are appended to it, and a line
    per entry to the index file beside it, after the entry (a reader that sees the line
    finds the whole entry). Opened on the first entry a process stores."""

    def __init__(self, root: Path) -> None:
        root.mkdir(parents=True, exist_ok=True)
        # Named for the code that stores into it (see _refresh), and for when and by whom it
        # was begun: unique to this process and this moment.
        self.name = f"{code_version()}-{time.time_ns():020d}-{os.getpid()}"
        self.data = open(root / f"{self.name}{PACK}", "ab")
        self.index = open(root / f"{self.name}{INDEX}", "ab")
        self.index.write(ExtractionCache.MAGIC + b"\n")
        self.lock = threading.Lock()

    def lost(self) -> bool:
        """Whether the pack was deleted since it was begun (with the cache folder, say)."""
        return os.fstat(self.data.fileno()).st_nlink == 0

    def append(self, key: str, extraction: bytes, rows: bytes) -> Location:
        body = extraction + rows
        with self.lock:
            offset = self.data.tell()
            self.data.write(body)
            self.data.flush()
            where = Location(self.name, offset, len(body), len(extraction), tag(body), time.time_ns())
            self.index.write(
                f"{key} {where.offset} {where.size} {where.extraction} {where.digest} {where.stored}\n".encode()
            )
            self.index.flush()
        return where


_packs: dict[tuple[int, Path], _Pack] = {}  # by process and folder: a forked worker begins a pack of its own
PACK, INDEX = ".pack", ".index"
MAX_ENTRY = 1 << 30  # bytes: a larger entry is a damaged index line, not a report
OPEN_PACKS = 64  # packs a reader keeps open at once (a cache used for years holds hundreds)


class ExtractionCache:
    """Entries in pack files: each holds a report's extraction and its rows rendered as
    CSV, each a pickle compressed with Zstandard; an index line per entry gives its place
    and the HMAC of its bytes under the user's key (see signing): an entry someone else
    wrote into the cache is never unpickled.

    Appending to a few files, one per process that writes: creating a file per entry cost
    too much kernel time (docs/performance.md).
    The rows can be read without unpickling the extraction. An entry that fails its checksum
    or does not load is forgotten and its report extracted again; the fresh entry, stored
    later, is the one found from then on. Deleting the folder, or any pack, only
    costs the time to extract again."""

    # 7: SHA-256 in place of the signature; 6: an extraction pickled whole; 5: compressed by
    # pyarrow, the size before each frame; 4: index lines without the time stored
    MAGIC = b"ogidata-cache-8"

    def __init__(self, root: Path | None = None) -> None:
        self.root = Path(root) if root else cache_root()
        self._where: dict[str, Location] = {}
        self._read: dict[str, int] = {}  # each index file: bytes read so far
        self._files: dict[str, BinaryIO] = {}  # each pack open for reading (closed with the cache)

    def __getstate__(self) -> dict[str, Any]:  # sent to other processes: the folder alone
        return {"root": self.root}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["root"])  # type: ignore[misc]

    def keys(self) -> set[str]:
        """The keys of every entry present, from the index files read afresh (a build asks
        once: whatever was deleted since the last build is then forgotten)."""
        self._close()
        self._where.clear()
        self._read.clear()
        self._refresh()
        return set(self._where)

    def locate(self, key: str) -> Location | None:
        """Where the entry of ``key`` lies (the index is read again when it is not known:
        other processes may have stored it since)."""
        if key not in self._where:
            self._refresh()
        return self._where.get(key)

    def _refresh(self) -> None:
        """Read what the index files gained since the last look: a line is counted once
        it is whole, and a file that is not an index of this cache is passed over. Only
        the packs of this code's version are read: no key of this code is in the others, and
        every old version's packs would add to the time to read (docs/performance.md)."""
        mine = f"{code_version()}-"
        try:
            names = sorted(n for n in os.listdir(self.root) if n.startswith(mine) and n.endswith(INDEX))
        except OSError:  # no cache yet, or none that can be read
            return
        for name in names:
            done = self._read.get(name, 0)
            try:
                with open(os.path.join(self.root, name), "rb") as handle:
                    handle.seek(done)
                    text = handle.read()
            except OSError:
                continue
            end = text.rfind(b"\n") + 1
            if not end:
                continue
            lines = text[:end].split(b"\n")[:-1]
            if not done:
                if lines[0] != self.MAGIC:
                    self._read[name] = 1 << 62  # another version's or damaged: never read
                    continue
                lines = lines[1:]
            self._read[name] = done + end
            pack = name[: -len(INDEX)]
            for line in lines:
                try:
                    key, offset, size, extraction, digest, stored = line.decode("ascii").split(" ")
                    where = Location(pack, int(offset), int(size), int(extraction), digest, int(stored))
                except ValueError:  # a damaged line: its entry is not found, and made again
                    continue
                if not 0 <= where.extraction <= where.size <= MAX_ENTRY or where.offset < 0:
                    continue
                if key not in self._where or self._where[key].stored <= where.stored:
                    self._where[key] = where

    def get(self, key: str) -> Extraction | None:
        """The extraction stored under ``key``, or None when there is none or it does not load
        (it is then forgotten, so the report is extracted again)."""
        parts = self._parts(key)
        value = _unpacked(_unpickled(parts[0])) if parts else None
        if parts and value is None:
            self._where.pop(key, None)
        return value

    def get_rows(self, key: str) -> RenderedRows | None:
        """The report's rows already rendered as UTF-8 CSV (resource → (bytes, row count))."""
        parts = self._parts(key)
        value = _unpickled(parts[1]) if parts and parts[1] else None
        return value if isinstance(value, dict) else None

    def put(self, key: str, extraction: Extraction, rows: RenderedRows | None = None) -> None:
        """Store ``extraction`` under ``key``, with its rendered rows when given, in this
        process's pack (a later entry of the same key wins over an earlier one)."""
        self._store(key, _pickled(_packed(extraction)), _pickled(rows) if rows is not None else b"")

    def put_rows(self, key: str, rows: RenderedRows) -> None:
        """Replace the rows of an entry, keeping its extraction (nothing is stored without one)."""
        parts = self._parts(key)
        if parts:
            self._store(key, parts[0], _pickled(rows))

    def _parts(self, key: str) -> tuple[bytes, bytes] | None:
        """The entry's two payloads, or None when it is missing; one that cannot be read or
        fails its checksum is forgotten (its report is then extracted again)."""
        where = self.locate(key)
        if where is None:
            return None
        try:
            if where.pack not in self._files:
                if len(self._files) >= OPEN_PACKS:
                    self._close()
                self._files[where.pack] = open(os.path.join(self.root, where.pack + PACK), "rb")
            body = os.pread(self._files[where.pack].fileno(), where.size, where.offset)  # short past the end
        except (OSError, OverflowError):  # OverflowError: an offset no file has
            body = b""
        if len(body) != where.size or not authentic(body, where.digest):  # never unpickled unless this user's
            del self._where[key]
            return None
        return body[: where.extraction], body[where.extraction :]

    def _close(self) -> None:
        for handle in self._files.values():
            handle.close()
        self._files.clear()

    def _store(self, key: str, extraction: bytes, rows: bytes) -> None:
        slot = (os.getpid(), self.root)
        if slot not in _packs or _packs[slot].lost():
            _packs[slot] = _Pack(self.root)
        self._where[key] = _packs[slot].append(key, extraction, rows)


FAILURE = b"ogidata-failure\0"  # signed before a reason, so that no reason's signature is ever an entry's


class Failures:
    """Why files could not be extracted, remembered by extraction key and the limits in force,
    so that a rebuild does not pay again for a file that failed for good (over a limit, an
    OCR time-out, a damaged PDF) until the file, the code or a limit changes. One small
    file per failure in the cache folder's ``failures/``: the reason and its HMAC (signing),
    so a reason someone else wrote is not believed."""

    MOST = 1 << 16  # bytes of one entry: a reason is a line

    def __init__(self, root: Path) -> None:
        self.folder = root / "failures"

    def _path(self, key: str) -> Path:
        return self.folder / hashlib.sha256(f"{key}|{build_limits()}".encode()).hexdigest()[:32]

    def get(self, key: str) -> str | None:
        """The reason the file of ``key`` failed, or None when it has not (or it cannot be told)."""
        try:
            with open(self._path(key), "rb") as handle:
                reason, _, digest = handle.read(self.MOST).rpartition(b"\n")
            return reason.decode("utf-8") if authentic(FAILURE + reason, digest.decode("ascii")) else None
        except (OSError, UnicodeDecodeError):
            return None

    def put(self, key: str, reason: str) -> None:
        """Remember a failure (written whole under a temporary name, then moved into place)."""
        body = reason[: self.MOST // 8].encode("utf-8")  # a UTF-8 character is at most 4 bytes
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self._path(key)
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        temporary.write_bytes(body + b"\n" + tag(FAILURE + body).encode("ascii"))
        os.replace(temporary, path)


class _Codec(threading.local):
    """A Zstandard compressor and decompressor per thread, made once and reused: making
    them for every entry (as ``pyarrow.compress`` does) was costly, and so was importing
    pyarrow (with numpy) in every worker (docs/performance.md)."""

    def __init__(self) -> None:
        self.compressor = zstandard.ZstdCompressor(level=1)
        self.decompressor = zstandard.ZstdDecompressor()


_codec = _Codec()


# An extraction is stored as plain tuples: pickling its hundreds of named tuples and
# dataclasses one by one (each through its own __reduce_ex__) took twice as long.
_SECTION = attrgetter(*(f.name for f in fields(Section)))
_CHECK = attrgetter(*(f.name for f in fields(Check)))


def _packed(x: Extraction) -> tuple[Any, ...]:
    return (
        x.report,
        [tuple(f) for f in x.facts],
        [_SECTION(s) for s in x.sections],
        [_CHECK(c) for c in x.checks],
        x.warnings,
    )


def _unpacked(value: Any) -> Extraction | None:
    """The extraction ``_packed`` stored, or None for anything else (an entry of other code)."""
    try:
        report, facts, sections, checks, warnings = value
        return Extraction(
            report,
            [Fact._make(f) for f in facts],
            [Section(*s) for s in sections],
            [Check(*c) for c in checks],
            warnings,
        )
    except (TypeError, ValueError):
        return None


def _pickled(value: Any) -> bytes:
    return _codec.compressor.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def _unpickled(payload: bytes) -> Any:
    try:  # the frame records the pickle's size
        return pickle.loads(_codec.decompressor.decompress(payload))
    except Exception:  # written by other code (its checksum holds): treat as absent
        return None
