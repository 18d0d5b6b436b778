"""Adding report files to the sources folder, with their detected metadata for review.

The file is copied byte for byte under a proposed report id; the manifest gets a row
with what the text says (title, organ, place, level, year, date). A person reviews the
row before it is committed: that review is what makes the manifest worth trusting.
A file whose organ and year are those of a report already there is proposed as another
rendering of it (the same report id, the file named after it): the reviewer gives it an
id and an edition of its own if it is a distinct report.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

from ..extraction.extract import extract_report
from .manifest import read_manifest, write_manifest

REPORTS = "reports"


@dataclass(frozen=True)
class Added:
    """One file given to `ogidata add`: its manifest entry once added, else (entry None) the
    reason it was skipped."""

    source: Path
    entry: dict[str, str] | None
    reason: str = ""  # why it was not added
    rendering_of: str = ""  # the report it was proposed as another rendering of


def detected_entry(name: str, data: bytes) -> dict[str, str]:
    """A manifest entry with the metadata the text states, for a person to review."""
    record = extract_report(name, data).report
    published = record["published"]
    return {
        "report_id": str(record["report_id"]),
        "file": name,
        "title": str(record["title"] or ""),
        "organ": str(record["organ"] or ""),
        "province": str(record["province"] or ""),
        "prefecture": str(record["prefecture"] or ""),
        "county": str(record["county"] or ""),
        "region_code": str(record["region_code"] or ""),
        "admin_level": str(record["admin_level"] or ""),
        "organ_kind": str(record["organ_kind"] or ""),
        "year": str(record["year"] or ""),
        "published": published.isoformat() if isinstance(published, dt.date) else "",
        "original_name": name,
        "sha256": hashlib.sha256(data).hexdigest(),
    }


def add_files(files: list[Path], sources: Path) -> list[Added]:
    """Copy ``files`` into ``sources/reports`` and append their entries to the manifest."""
    manifest = read_manifest(sources)
    entries = list(manifest.values())
    known_hashes = {e["sha256"]: e["report_id"] for e in entries}
    known_ids = {e["report_id"] for e in entries}
    by_organ = {(e["organ"], e["year"]): e["report_id"] for e in entries if e["organ"] and e["year"]}
    taken = {e["file"] for e in entries}
    results: list[Added] = []
    for path in files:
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if digest in known_hashes:
            results.append(Added(path, None, f"already in the sources as {known_hashes[digest]}"))
            continue
        try:
            entry = detected_entry(path.name, data)
        except ValueError as error:
            results.append(Added(path, None, str(error)))
            continue
        same = by_organ.get((entry["organ"], entry["year"])) if entry["organ"] and entry["year"] else None
        report_id, n = same or entry["report_id"], 2
        while report_id in known_ids and not same:
            report_id, n = f"{entry['report_id']}-{n}", n + 1
        stem, n = report_id, 2
        while f"{REPORTS}/{stem}{path.suffix.lower()}" in taken:  # a rendering of the same form is named -2 …
            stem, n = f"{report_id}-{n}", n + 1
        target = Path(REPORTS) / f"{stem}{path.suffix.lower()}"
        (sources / REPORTS).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, sources / target)
        entry.update(report_id=report_id, file=target.as_posix())
        entries.append(entry)
        known_hashes[digest] = report_id
        known_ids.add(report_id)
        taken.add(target.as_posix())
        by_organ.setdefault((entry["organ"], entry["year"]), report_id)
        results.append(Added(path, entry, rendering_of=same or ""))
    write_manifest(sources, entries)
    return results
