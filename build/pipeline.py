"""The build: sources folder in, data package out.

Each source file is extracted on its own; a file that cannot be read is reported
with its path and reason and left out, and the rest of the build goes on.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from .extraction.extract import Extraction, extract_report
from .package.descriptor import write_package
from .readers.text import UnreadableSource
from .sources.manifest import NAME as MANIFEST, ManifestError, entry_problems, read_manifest
from .tables.assemble import assemble
from .tables.twins import settle_by_twins

SKIPPED = {MANIFEST, "README.md", "README"}


@dataclass
class BuildResult:
    descriptor: Path
    extractions: list[Extraction]
    errors: list[tuple[str, str]] = field(default_factory=list)  # (source file, reason)
    warnings: list[str] = field(default_factory=list)


def source_files(sources: Path) -> list[Path]:
    """Every report file below ``sources``, in a fixed order."""
    return sorted(
        p for p in sources.rglob("*")
        if p.is_file() and p.name not in SKIPPED and not any(part.startswith(".") for part in p.relative_to(sources).parts)
    )


def _unique_ids(extractions: list[Extraction]) -> None:
    """Two files that detect the same id (no manifest) get -2, -3 … in file order."""
    seen: dict[str, int] = {}
    for x in extractions:
        rid = str(x.report["report_id"])
        seen[rid] = seen.get(rid, 0) + 1
        if seen[rid] > 1:
            x.report["report_id"] = f"{rid}-{seen[rid]}"
            x.report["notes"] = "; ".join(filter(None, [str(x.report["notes"]), f"id {rid} already taken by another file"]))


def build(sources: Path, out: Path) -> BuildResult:
    warnings: list[str] = []
    try:
        manifest = read_manifest(sources)
    except ManifestError as error:
        manifest = {}
        warnings.append(f"{error}; building from the texts alone")
    files = source_files(sources)
    extractions: list[Extraction] = []
    errors: list[tuple[str, str]] = []
    for path in tqdm(files, desc="extracting", unit="report", disable=None, file=sys.stderr):
        name = path.relative_to(sources).as_posix()
        entry = manifest.get(name)
        problems = entry_problems(entry) if entry else []
        if problems:
            errors.append((name, f"its manifest entry is wrong: {'; '.join(problems)}"))
            continue
        try:
            extractions.append(extract_report(name, path.read_bytes(), entry))
        except (UnreadableSource, OSError) as error:
            errors.append((name, str(error)))
        except Exception as error:  # a reader or rule failing on one odd file must not stop the build
            errors.append((name, f"could not be read ({type(error).__name__}: {error}); please report this file"))
    missing = sorted(set(manifest) - {p.relative_to(sources).as_posix() for p in files})
    errors += [(name, "listed in the manifest but not found in the sources folder") for name in missing]
    _unique_ids(extractions)
    settle_by_twins(extractions)
    descriptor = write_package(assemble(extractions), out)
    return BuildResult(descriptor, extractions, errors, warnings)
