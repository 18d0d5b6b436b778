"""`ogidata download`: fetch a published release, verify it, cache it.

Releases are published as ``{URL}/ogidata-{VERSION}.zip`` beside
``{URL}/ogidata-{VERSION}.zip.sha256``. The location is set in one place:
``RELEASES_URL`` below, or the environment variable ``OGIDATA_RELEASES_URL``.
A download goes to a temporary file in the cache and is renamed into place only after
its SHA-256 matches the published one, so the cache never holds a partial or tampered
archive; its size and total time are bounded (bounded_http: OGIDATA_MAX_BODY_MB,
OGIDATA_MAX_DECODED_MB, OGIDATA_MAX_FETCH_SECONDS, defaults for a release 4 GB and an hour).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests
from platformdirs import user_cache_dir
from tqdm import tqdm

from ..bounded_http import BodyRefused, BoundedGet
from ..limits import MiB, Transfer, release_transfer
from ..stopping import clean_on_sigterm

RELEASES_URL = ""  # set when the project publishes its first release
TIMEOUT = 30
CHUNK = 1 << 16
SHA256 = re.compile(r"[0-9a-f]{64}")
PARTIAL = ".partial-"  # names of downloads not yet complete and verified


class DownloadError(RuntimeError):
    """A release could not be fetched or did not match its published checksum."""


def cache_dir() -> Path:
    """The user's ogidata cache folder (``OGIDATA_CACHE`` overrides it): releases are downloaded
    into it, and unpacked below it (see locate)."""
    return Path(os.environ.get("OGIDATA_CACHE") or user_cache_dir("ogidata"))


def releases_url(url: str | None = None) -> str:
    """Where releases are published: ``url``, else ``OGIDATA_RELEASES_URL``, else RELEASES_URL;
    a DownloadError when none is set (RELEASES_URL stays empty until a first release is published)."""
    found = url or os.environ.get("OGIDATA_RELEASES_URL") or RELEASES_URL
    if not found:
        raise DownloadError("no release location: pass --url or set OGIDATA_RELEASES_URL")
    return found.rstrip("/")


def file_sha256(path: Path) -> str:
    """The file's SHA-256, read a block at a time (a release may be gigabytes)."""
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(CHUNK), b""):
            sha.update(block)
    return sha.hexdigest()


def download(version: str, url: str | None = None, cache: Path | None = None) -> Path:
    """The verified archive of ``version`` in the cache, fetched if it is not there.

    One download into the cache at a time (its folder's lock); a partial file another
    process left (killed mid-download) is removed first. The body is bounded in size and total
    time (bounded_http), written under a temporary name, and moved into place only once
    its SHA-256 is the published one: whatever fails, nothing partial stays."""
    base, folder = releases_url(url), cache or cache_dir()
    name = f"ogidata-{version}.zip"
    try:
        with BoundedGet(f"{base}/{name}.sha256", Transfer(MiB, MiB, TIMEOUT), TIMEOUT) as get:
            get.response.raise_for_status()
            text = b"".join(get.blocks()).decode("ascii", "replace")
    except (requests.RequestException, BodyRefused) as error:
        raise DownloadError(f"could not fetch the checksum of {name} from {base}: {error}") from error
    expected = text.split()[0].lower() if text.split() else ""
    if not SHA256.fullmatch(expected):
        raise DownloadError(f"{base}/{name}.sha256 does not hold a SHA-256: nothing was downloaded")
    target = folder / name
    folder.mkdir(parents=True, exist_ok=True)
    with locked(folder), clean_on_sigterm():
        if target.exists() and file_sha256(target) == expected:  # here, or fetched by another process meanwhile
            return target
        for left in folder.glob(f"{PARTIAL}*"):  # a download killed before it could clean up (none runs now)
            left.unlink(missing_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f"{PARTIAL}{name}.", dir=folder)
        try:
            with os.fdopen(handle, "wb") as out, BoundedGet(f"{base}/{name}", release_transfer(), TIMEOUT) as get:
                get.response.raise_for_status()
                total = int(get.response.headers.get("content-length") or 0) or None
                with tqdm(total=total, unit="B", unit_scale=True, desc=name, disable=None, file=sys.stderr) as bar:
                    for block in get.blocks():
                        out.write(block)
                        bar.update(len(block))
            actual = file_sha256(Path(temporary))
            if actual != expected:
                raise DownloadError(
                    f"{name}: SHA-256 {actual} does not match the published {expected}; the file was not kept"
                )
            os.replace(temporary, target)
            return target
        except BodyRefused as error:
            raise DownloadError(f"{name} from {base}: {error}; the file was not kept") from error
        except requests.RequestException as error:
            raise DownloadError(f"could not download {name} from {base}: {error}") from error
        finally:
            if os.path.exists(temporary):
                os.remove(temporary)


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold ``folder``'s lock (waiting for another process's): one download or unpacking in
    a folder at a time, with no lock file left beside what it holds."""
    handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # the lock goes with it
