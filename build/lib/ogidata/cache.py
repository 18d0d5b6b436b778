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
import tempfile
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


@cache
def code_version() -> str:
    """A hash of the code, data and reading libraries the extraction depends on: any
    change invalidates every entry."""
    sha = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in (".py", ".csv") and "__pycache__" not in path.parts:
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
    manifest = json.dumps(entry or {}, sort_keys=True, ensure_ascii=False)
    tool = converter() if name.lower().endswith(".doc") else ""
    return hashlib.sha256(f"{content_sha256}|{name}|{manifest}|{code_version()}|{tool}".encode()).hexdigest()


class ExtractionCache:
    def __init__(self, root: Path | None = None) -> None:
        self.root = root or cache_root()

    def _path(self, key: str, kind: str = "pickle") -> Path:
        return self.root / key[:2] / f"{key}.{kind}"

    def has(self, key: str) -> bool:
        return self._path(key).exists()

    def get(self, key: str) -> Extraction | None:
        value = self._load(self._path(key))
        return value if isinstance(value, Extraction) else None

    def get_rows(self, key: str) -> dict[str, tuple[str, int]] | None:
        """The report's rows already rendered as CSV text (resource → (text, row count))."""
        value = self._load(self._path(key, "rows"))
        return value if isinstance(value, dict) else None

    def put(self, key: str, extraction: Extraction) -> None:
        self._store(self._path(key), extraction)

    def put_rows(self, key: str, rows: dict[str, tuple[str, int]]) -> None:
        self._store(self._path(key, "rows"), rows)

    @staticmethod
    def _load(path: Path) -> Any:
        try:
            blob = path.read_bytes()
        except OSError:
            return None
        digest, _, payload = blob.partition(b"\n")
        try:
            if digest.decode() != hashlib.sha256(payload).hexdigest():
                raise ValueError("checksum mismatch")
            return pickle.loads(payload)
        except Exception:  # a corrupt or foreign entry: drop it, extract again
            path.unlink(missing_ok=True)
            return None

    @staticmethod
    def _store(path: Path, value: Any) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(handle, "wb") as out:
            out.write(hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)
        os.replace(temporary, path)  # readers never see half an entry
