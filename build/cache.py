"""The extraction cache: one entry per (source content, manifest entry, code version).

Extraction is a pure function of a file's bytes, its manifest entry and the code, so
its result can be reused whenever those three are unchanged. Entries live in the
user's cache directory (``OGIDATA_CACHE`` overrides it) and are safe to delete. An
entry is never trusted blindly: it carries the SHA-256 of its payload, and one that
does not match, or does not load, is removed and the report extracted again.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import struct
import threading
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from platformdirs import user_cache_dir

from .extraction.extract import Extraction
from .readers.doc import converter

PACKAGE = Path(__file__).resolve().parent


# Libraries whose version changes what is read from a file.
READING_LIBRARIES = ("pdfplumber", "pdfminer.six", "pypdfium2", "rapidocr-onnxruntime", "lxml", "opencc", "cpca",
                     "charset-normalizer", "cn2an", "pypinyin")


# Modules that only run around a build (commands, benchmark, validation, releases,
# fetching sources), never inside the extraction or the rows it caches: editing them
# keeps the cache. Everything else, including any module added later, is versioned.
UNVERSIONED = ("cli.py", "compiled.py", "bench.py", "validate.py", "evaluate.py", "progress.py", "release/", "sources/add.py",
               "sources/fetch.py")


def versioned_files() -> list[Path]:
    """The code and data files whose content is part of the code version."""
    return [path for path in sorted(PACKAGE.rglob("*"))
            if path.suffix in (".py", ".csv") and "__pycache__" not in path.parts
            and not path.relative_to(PACKAGE).as_posix().startswith(UNVERSIONED)]


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
    return Path(os.environ.get("OGIDATA_CACHE") or user_cache_dir("ogidata")) / "extractions"


def entry_key(content_sha256: str, entry: dict[str, str] | None, name: str) -> str:
    """The key of one extraction: file content, file name (it is recorded), manifest entry,
    code — and for a Word 97 file the converter this machine has, since it shapes the text."""
    manifest = json.dumps(entry, sort_keys=True, ensure_ascii=False) if entry else "{}"
    tool = converter() if name.lower().endswith(".doc") else ""
    return hashlib.sha256(f"{content_sha256}|{name}|{manifest}|{code_version()}|{tool}".encode()).hexdigest()


class ExtractionCache:
    """One file per report: its extraction and its rows rendered as CSV, each a pickle
    compressed with Zstandard, behind a header with the SHA-256 of both. One file, and a
    fifth of the bytes, since writing the cache is what a cold build spends most on after
    the extraction itself; the rows can be read without unpickling the extraction."""

    MAGIC = b"ogidata-cache-3"

    def __init__(self, root: Path | None = None) -> None:
        self.root = root or cache_root()

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.pickle"

    def keys(self) -> set[str]:
        """The keys of every entry present, from one listing of the cache's folders:
        asking for 100,000 entries one at a time took over a second."""
        found: set[str] = set()
        try:
            folders = [entry.path for entry in os.scandir(self.root) if entry.is_dir()]
        except OSError:  # no cache yet, or none that can be read
            return found
        for folder in folders:
            try:  # a folder that cannot be listed hides its entries only: the build then asks for each
                with os.scandir(folder) as entries:
                    found.update(e.name[:-7] for e in entries if e.name.endswith(".pickle") and e.name[0] != ".")
            except OSError:
                continue
        return found

    def get(self, key: str) -> Extraction | None:
        parts = self._parts(key)
        value = _unpickled(parts[0]) if parts else None
        return value if isinstance(value, Extraction) else None

    def get_rows(self, key: str) -> dict[str, tuple[bytes, int]] | None:
        """The report's rows already rendered as UTF-8 CSV (resource → (bytes, row count))."""
        parts = self._parts(key)
        value = _unpickled(parts[1]) if parts and parts[1] else None
        return value if isinstance(value, dict) else None

    def put(self, key: str, extraction: Extraction, rows: dict[str, tuple[bytes, int]] | None = None) -> None:
        self._store(key, _pickled(extraction), _pickled(rows) if rows is not None else b"")

    def put_rows(self, key: str, rows: dict[str, tuple[bytes, int]]) -> None:
        """Replace the rows of an entry, keeping its extraction (nothing is stored without one)."""
        parts = self._parts(key)
        if parts:
            self._store(key, parts[0], _pickled(rows))

    def _parts(self, key: str) -> tuple[bytes, bytes] | None:
        """The entry's two payloads, or None when it is missing; a corrupt or foreign
        entry is removed (its report is then extracted again)."""
        path = self._path(key)
        try:
            blob = path.read_bytes()
        except OSError:
            return None
        head, _, body = blob.partition(b"\n")
        try:
            magic, digest, length = head.split(b" ")
            size = int(length)
            if magic != self.MAGIC or digest.decode() != hashlib.sha256(body).hexdigest() or size > len(body):
                raise ValueError("not an entry of this cache, or damaged")
        except ValueError:
            path.unlink(missing_ok=True)
            return None
        return body[:size], body[size:]

    def _store(self, key: str, extraction: bytes, rows: bytes) -> None:
        path = self._path(key)
        body = extraction + rows
        # Named for the writing process and thread, so two writers of one entry never share
        # a temporary file; its folder is made only when opening fails (once per folder).
        temporary = path.with_name(f".tmp-{os.getpid()}-{threading.get_ident()}-{path.name}")
        try:
            out = open(temporary, "wb")
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
            out = open(temporary, "wb")
        with out:
            out.write(b"%s %s %d\n" % (self.MAGIC, hashlib.sha256(body).hexdigest().encode(), len(extraction)))
            out.write(body)
        os.replace(temporary, path)  # readers never see half an entry


_SIZE = struct.Struct("<Q")  # the pickle's length, which decompressing needs


def _pickled(value: Any) -> bytes:
    import pyarrow as pa  # its Zstandard codec; imported on first use (a no-op rebuild never needs it)

    raw = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return _SIZE.pack(len(raw)) + pa.compress(raw, codec="zstd", asbytes=True)


def _unpickled(payload: bytes) -> Any:
    import pyarrow as pa

    try:
        (size,) = _SIZE.unpack_from(payload)
        return pickle.loads(pa.decompress(payload[_SIZE.size:], decompressed_size=size, codec="zstd", asbytes=True))
    except Exception:  # written by other code (its checksum holds): treat as absent
        return None
