"""`ogidata download`: fetch a published release, verify it, cache it.

Releases are published as ``{URL}/ogidata-{VERSION}.zip`` beside
``{URL}/ogidata-{VERSION}.zip.sha256``. The location is set in one place:
``RELEASES_URL`` below, or the environment variable ``OGIDATA_RELEASES_URL``.
A download goes to a temporary file in the cache and is renamed into place only after
its SHA-256 matches the published one, so the cache never holds a partial or tampered
archive.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from pathlib import Path

import requests
from platformdirs import user_cache_dir
from tqdm import tqdm

RELEASES_URL = ""  # set when the project publishes its first release
TIMEOUT = 30
CHUNK = 1 << 16


class DownloadError(RuntimeError):
    """A release could not be fetched or did not match its published checksum."""


def cache_dir() -> Path:
    return Path(os.environ.get("OGIDATA_CACHE") or user_cache_dir("ogidata"))


def releases_url(url: str | None = None) -> str:
    found = url or os.environ.get("OGIDATA_RELEASES_URL") or RELEASES_URL
    if not found:
        raise DownloadError("no release location: pass --url or set OGIDATA_RELEASES_URL")
    return found.rstrip("/")


def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(CHUNK), b""):
            sha.update(block)
    return sha.hexdigest()


def download(version: str, url: str | None = None, cache: Path | None = None) -> Path:
    """The verified archive of ``version`` in the cache, fetched if it is not there."""
    base, folder = releases_url(url), cache or cache_dir()
    name = f"ogidata-{version}.zip"
    try:
        published = requests.get(f"{base}/{name}.sha256", timeout=TIMEOUT)
        published.raise_for_status()
    except requests.RequestException as error:
        raise DownloadError(f"could not fetch the checksum of {name} from {base}: {error}") from error
    expected = published.text.split()[0].lower() if published.text.split() else ""
    target = folder / name
    if target.exists() and _digest(target) == expected:
        return target
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{name}.", dir=folder)
    try:
        with os.fdopen(handle, "wb") as out, requests.get(f"{base}/{name}", stream=True, timeout=TIMEOUT) as response:
            response.raise_for_status()
            total = int(response.headers.get("content-length") or 0) or None
            with tqdm(total=total, unit="B", unit_scale=True, desc=name, disable=None, file=sys.stderr) as bar:
                for block in response.iter_content(CHUNK):
                    out.write(block)
                    bar.update(len(block))
        actual = _digest(Path(temporary))
        if actual != expected:
            raise DownloadError(f"{name}: SHA-256 {actual} does not match the published {expected}; "
                                "the file was not kept")
        os.replace(temporary, target)
        return target
    except requests.RequestException as error:
        raise DownloadError(f"could not download {name} from {base}: {error}") from error
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)
