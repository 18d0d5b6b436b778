"""`ogidata release`: build, validate, document and pack a versioned archive.

The archive is reproducible: files are written in a fixed order with fixed
timestamps and permissions, and nothing machine-specific goes in (the HTML Data Docs,
which carry run times, stay in dist/validation; the archive has the JSON result).
"""

from __future__ import annotations

import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..package.load import load_resource, read_descriptor
from ..paths import CHANGELOG, CITATION
from ..pipeline import build
from . import docs, figures
from .diff import diff
from .download import file_sha256
from .version import project_version

FIXED_TIME = (2000, 1, 1, 0, 0, 0)


class ReleaseError(RuntimeError):
    """A release that must not be made (version mismatch, existing archive, failed validation)."""


@dataclass
class Release:
    """A release made: the archive and its SHA-256 (also written beside it, as ``.sha256``)."""

    archive: Path
    sha256: str


def pack(folder: Path, archive: Path) -> str:
    """Zip ``folder`` deterministically under its own name; the archive's SHA-256."""
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zipped:
        for path in files:
            info = zipfile.ZipInfo(f"{folder.name}/{path.relative_to(folder).as_posix()}", FIXED_TIME)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zipped.writestr(info, path.read_bytes())
    return file_sha256(archive)


def _changelog(version: str, stage: Path, previous: Path | None, created: str) -> str:
    """The project's changelog with this version's section first (its diff from ``previous``,
    or a count of reports for a first release), replacing any section of the same version."""
    history = CHANGELOG.read_text(encoding="utf-8")
    title = f"{version} ({created[:10]})"
    if previous is None:
        reports = load_resource(stage, "reports")
        section = f"## {title}\n\nFirst release: {len(reports)} reports.\n"
    else:
        section = diff(previous, stage).markdown(title)
    head, _, rest = history.partition("\n## ")
    # The history in the repository may already hold this version's section (written at its
    # release): it is replaced, so that releasing the same sources again gives the same bytes.
    older = (
        [f"## {part}" for part in rest.split("\n## ") if part and not part.startswith(f"{version} (")] if rest else []
    )
    return f"{head.rstrip()}\n\n{section}\n" + "\n".join(o.rstrip() + "\n" for o in older)


def release(sources: Path, dist: Path, previous: Path | None = None) -> Release:
    """Make dist/ogidata-VERSION.zip (and its .sha256) from ``sources``."""
    from ..validate import validate

    version = project_version()
    archive = dist / f"ogidata-{version}.zip"
    if archive.exists():
        raise ReleaseError(f"{archive} already exists: a released version is never overwritten; bump the version")
    stage = dist / "release" / f"ogidata-{version}"
    shutil.rmtree(stage, ignore_errors=True)
    result = build(sources, stage)
    if result.errors:
        raise ReleaseError("; ".join(f"{name}: {reason}" for name, reason in result.errors))
    checked = validate(stage, dist / "validation")
    if not checked.ok:
        raise ReleaseError("validation failed:\n" + checked.summary())
    (stage / "validation").mkdir()
    shutil.copy(dist / "validation" / "result.json", stage / "validation" / "result.json")
    (stage / "validation" / "summary.md").write_text(docs.validation_summary(checked.summary()), encoding="utf-8")

    descriptor = read_descriptor(stage)
    reports, facts = load_resource(stage, "reports"), load_resource(stage, "facts")
    drawn = figures.draw(reports, load_resource(stage, "panel"), stage / "figures")
    codebook = docs.codebook(descriptor, load_resource(stage, "indicators"), load_resource(stage, "crosswalk"))
    codebook += "\n## Figures\n\n" + "\n".join(f"![{p.stem}](figures/{p.name})" for p in drawn) + "\n"
    (stage / "CODEBOOK.md").write_text(codebook, encoding="utf-8")
    (stage / "CODEBOOK.html").write_text(docs.html(codebook, f"ogidata {version} codebook"), encoding="utf-8")
    (stage / "README.md").write_text(docs.data_readme(descriptor, reports, facts, drawn), encoding="utf-8")
    (stage / "CHANGELOG.md").write_text(_changelog(version, stage, previous, descriptor["created"]), encoding="utf-8")
    shutil.copy(CITATION, stage / "CITATION.cff")
    sums = [f"{file_sha256(p)}  {p.relative_to(stage).as_posix()}" for p in sorted(stage.rglob("*")) if p.is_file()]
    (stage / "SHA256SUMS").write_text("\n".join(sums) + "\n", encoding="utf-8")

    digest = pack(stage, archive)
    (dist / f"{archive.name}.sha256").write_text(f"{digest}  {archive.name}\n", encoding="utf-8")
    return Release(archive, digest)
