"""Unpacking a release archive into the user's cache: bounded, verified and atomic.

An archive is unpacked into a temporary folder only after its names and sizes pass: one
release folder holding every member, each listed in its ``SHA256SUMS`` (read first), no
link, within limits on members, total size and compression ratio, of each member and of the
whole (a zip bomb is refused before a byte of it is written). Every file must then have the
hash ``SHA256SUMS`` gives, and a marker, written last, records each file's size and time; only
then is the folder renamed into place. (``SHA256SUMS`` travels in the archive: it proves the
archive whole, not who made it — a downloaded archive is checked against the published
checksum first.) A folder without the marker, or whose files no longer
have the size and time the marker records, is removed and unpacked again — so a load
killed mid-unpack, or a file deleted or edited since, is never trusted. Stopped by SIGTERM,
a load removes its partial folder before it ends.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from ..limits import MiB, release_unpacking
from ..stopping import clean_on_sigterm
from .download import file_sha256, locked

MARKER = ".ogidata-complete"  # written last into a folder whose every file was verified
PARTIAL = ".partial-"  # folders still being unpacked
BLOCK = 1 << 20
MAX_SUMS = 16 * (1 << 20)  # bytes of a SHA256SUMS: 100,000 files take 10 MB


class UnpackError(RuntimeError):
    """An archive that is not a whole, verifiable release, or over a limit: nothing is kept."""


def unpacked(archive: Path, cache: Path) -> Path:
    """The package folder (holding datapackage.json) of ``archive``, unpacked under ``cache``
    once per content and used only while it is whole."""
    digest = file_sha256(archive)[:16]
    cache.mkdir(parents=True, exist_ok=True)
    target = cache / digest
    with locked(cache), clean_on_sigterm():
        if _whole(target):
            return _package_root(target)
        shutil.rmtree(target, ignore_errors=True)
        for left in cache.glob(f"{PARTIAL}*"):  # an unpacking killed before it could clean up (none runs now)
            shutil.rmtree(left, ignore_errors=True)
        temporary = Path(tempfile.mkdtemp(prefix=f"{PARTIAL}{digest}.", dir=cache))
        try:
            _verify(*_extract(archive, temporary))
            files = {
                p.relative_to(temporary).as_posix(): _stamp(p) for p in sorted(temporary.rglob("*")) if p.is_file()
            }
            (temporary / MARKER).write_text(json.dumps(files, sort_keys=True), encoding="utf-8")
            os.rename(temporary, target)
        finally:
            shutil.rmtree(temporary, ignore_errors=True)
    return _package_root(target)


def _stamp(path: Path) -> list[int]:
    info = path.stat()
    return [info.st_size, info.st_mtime_ns]


def _whole(folder: Path) -> bool:
    """Whether ``folder`` carries the marker and every file it lists, unchanged, and no other."""
    try:
        recorded = json.loads((folder / MARKER).read_text(encoding="utf-8"))
        present = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()} - {MARKER}
        return (
            isinstance(recorded, dict)
            and present == set(recorded)
            and all(_stamp(folder / name) == recorded[name] for name in present)
        )
    except (OSError, ValueError):
        return False


def _safe_name(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if "\\" in name or path.is_absolute() or ".." in path.parts or not path.parts:
        raise UnpackError(f"the archive holds a member named '{name}', outside its folder: refused")
    return path


def _listed(zipped: zipfile.ZipFile, top: str) -> dict[str, str]:
    """The release's SHA256SUMS, read before anything is written: file (in the release
    folder) → SHA-256."""
    try:
        with zipped.open(f"{top}/SHA256SUMS") as member:
            text = member.read(MAX_SUMS + 1)
    except KeyError as error:
        raise UnpackError("the archive has no SHA256SUMS: not a release") from error
    if len(text) > MAX_SUMS:
        raise UnpackError("the archive's SHA256SUMS is over 16 MB: not a release")
    listed: dict[str, str] = {}
    for line in filter(None, text.decode("utf-8", "replace").splitlines()):
        digest, _, name = line.partition("  ")
        listed[_safe_name(name).as_posix()] = digest
    return listed


def _extract(archive: Path, into: Path) -> tuple[Path, dict[str, str]]:
    """The release folder of ``archive`` written under ``into``, and its SHA256SUMS. Every
    check on names and sizes is made before a byte is written: one release folder, every
    member in it and listed in its SHA256SUMS, no link; at most so many members and bytes,
    and no more packed than the ratio allows, member by member and in all."""
    most_entries, most_bytes, most_ratio = release_unpacking()
    try:
        with zipfile.ZipFile(archive) as zipped:
            members = [m for m in zipped.infolist() if not m.is_dir()]
            if len(members) > most_entries:
                raise UnpackError(
                    f"the archive holds {len(members):,} files, over the limit of {most_entries:,} "
                    "(OGIDATA_MAX_RELEASE_ENTRIES)"
                )
            paths = [_safe_name(m.filename) for m in members]
            tops = {path.parts[0] for path in paths}
            top = tops.pop() if len(tops) == 1 else ""
            if not top or f"{top}/datapackage.json" not in zipped.NameToInfo:
                raise UnpackError("the archive does not hold one release folder with a datapackage.json")
            listed = _listed(zipped, top)
            inside = {PurePosixPath(*path.parts[1:]).as_posix() for path in paths if len(path.parts) > 1}
            if len(inside) != len(members) or inside - {"SHA256SUMS"} != set(listed):
                strays = sorted((inside - {"SHA256SUMS"}) ^ set(listed))[:5]
                raise UnpackError(
                    f"the archive's files are not the ones SHA256SUMS lists ({', '.join(strays)}): refused"
                )
            declared, packed = sum(m.file_size for m in members), sum(m.compress_size for m in members)
            if declared > most_bytes:
                raise UnpackError(
                    f"the archive would unpack to {declared:,} bytes, over the limit of "
                    f"{most_bytes / MiB:g} MB (OGIDATA_MAX_RELEASE_UNPACKED_MB)"
                )
            for name, size, size_packed in [
                *((m.filename, m.file_size, m.compress_size) for m in members),
                ("the archive", declared, packed),
            ]:
                if size > MiB and size > most_ratio * max(size_packed, 1):
                    raise UnpackError(
                        f"{name} unpacks {size / max(size_packed, 1):,.0f} times larger than it is "
                        f"packed, over the limit of {most_ratio:g} (OGIDATA_MAX_RELEASE_RATIO): "
                        "a zip bomb, not a release"
                    )
            if any(stat.S_ISLNK(m.external_attr >> 16) for m in members):
                raise UnpackError("the archive holds a symbolic link: a release holds none")
            for member, path in zip(members, paths):
                target = into.joinpath(*path.parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                written = 0
                with zipped.open(member) as source, open(target, "xb") as out:
                    for block in iter(lambda: source.read(BLOCK), b""):
                        written += len(block)
                        if written > member.file_size:  # never more than the header said
                            raise UnpackError(f"{member.filename} holds more than its header says: refused")
                        out.write(block)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, FileExistsError, OSError) as error:
        raise UnpackError(f"{archive.name} is not a whole zip archive ({type(error).__name__}: {error})") from error
    return into / top, listed


def _package_root(folder: Path) -> Path:
    found = sorted(p.parent for p in folder.glob("*/datapackage.json"))
    if len(found) != 1:
        raise UnpackError("the unpacked folder does not hold one release folder with a datapackage.json")
    return found[0]


def _verify(root: Path, listed: dict[str, str]) -> None:
    """Every file of the release has the hash its SHA256SUMS gives."""
    for name, digest in sorted(listed.items()):
        if file_sha256(root / name) != digest:
            raise UnpackError(f"{name} does not match its SHA-256 in SHA256SUMS: the archive is damaged or altered")
