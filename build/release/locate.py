"""Finding a package folder from what a user has: a build, a release archive, a version."""

from __future__ import annotations

import re
from pathlib import Path

from .download import cache_dir, download
from .unpack import unpacked

VERSION = re.compile(r"^\d+\.\d+\.\d+$")


def _unpacked(archive: Path) -> Path:
    """The folder the archive unpacks to in the cache: once per content, verified, atomic."""
    return unpacked(archive, cache_dir() / "unpacked")


def package_folder(source: str | Path | None = None, url: str | None = None) -> Path:
    """The folder holding datapackage.json for ``source``:

    None → ./dist if it holds a build, else the release of this version (downloaded);
    "X.Y.Z" → that release (downloaded and verified, cached);
    a folder, a datapackage.json or a .zip path → that.
    """
    if source is None:
        local = Path("dist")
        if (local / "datapackage.json").exists():
            return local
        from .. import __version__

        source = __version__
    if isinstance(source, str) and VERSION.match(source):
        return _unpacked(download(source, url))
    path = Path(source)
    if path.is_dir() and (path / "datapackage.json").exists():
        return path
    if path.name == "datapackage.json" and path.exists():
        return path.parent
    if path.suffix == ".zip" and path.exists():
        return _unpacked(path)
    raise FileNotFoundError(
        f"'{source}' is neither a release version, a package folder, a datapackage.json nor a release archive"
    )
