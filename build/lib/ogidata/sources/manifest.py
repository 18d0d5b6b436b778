"""``sources/manifest.csv``: the reviewed metadata of every report file.

Where the manifest has an entry it wins over what the text says; the build still
reads the text and reports every disagreement, so a wrong entry gets noticed.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

FIELDS = (
    "report_id", "file", "title", "organ", "province", "prefecture", "county", "region_code",
    "admin_level", "organ_kind", "year", "published", "original_name", "sha256",
)
# Where a fetched file came from (empty for files added by hand).
PROVENANCE = ("url", "final_url", "retrieved", "http_status", "content_type", "charset_header", "charset_page",
              "part_of")
NAME = "manifest.csv"


class ManifestError(ValueError):
    """The manifest itself is unusable (missing columns, duplicate ids or files)."""


def entry_problems(entry: dict[str, str]) -> list[str]:
    """What is wrong with a hand-edited entry (empty fields are allowed: unknown)."""
    problems = []
    if entry["year"] and not re.fullmatch(r"(19|20)\d{2}", entry["year"]):
        problems.append(f"year '{entry['year']}' is not a four-digit year")
    if entry["published"]:
        try:
            dt.date.fromisoformat(entry["published"])
        except ValueError:
            problems.append(f"published '{entry['published']}' is not a date written YYYY-MM-DD")
    if entry["region_code"] and not re.fullmatch(r"\d{6}", entry["region_code"]):
        problems.append(f"region_code '{entry['region_code']}' is not six digits")
    if not re.fullmatch(r"[a-z0-9-]+", entry["report_id"]):
        problems.append(f"report_id '{entry['report_id']}' is not lowercase ASCII letters, digits and dashes")
    return problems


def read_manifest(sources: Path) -> dict[str, dict[str, str]]:
    """Manifest entries keyed by file path relative to ``sources``; {} when there is none."""
    path = sources / NAME
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = set(FIELDS) - set(reader.fieldnames or ())
        if missing:
            raise ManifestError(f"{path}: missing columns {', '.join(sorted(missing))}")
        entries = list(reader)
    by_file: dict[str, dict[str, str]] = {}
    for number, entry in enumerate(entries, start=2):
        if entry["file"] in by_file:
            raise ManifestError(f"{path}:{number}: the file {entry['file']} is described twice")
        by_file[entry["file"]] = entry
    return by_file


def shared_ids(manifest: dict[str, dict[str, str]]) -> dict[str, str]:
    """Files whose manifest id another file also has (file → the other file)."""
    first: dict[str, str] = {}
    shared: dict[str, str] = {}
    for name in sorted(manifest):
        rid = manifest[name]["report_id"]
        if rid in first:
            shared[name] = first[rid]
        else:
            first[rid] = name
    return shared


def write_manifest(sources: Path, entries: list[dict[str, str]]) -> None:
    """Write entries sorted by report id, so the file diffs cleanly under review."""
    fields = FIELDS + PROVENANCE if any(any(e.get(k) for k in PROVENANCE) for e in entries) else FIELDS
    with (sources / NAME).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n", extrasaction="ignore", restval="")
        writer.writeheader()
        writer.writerows(sorted(entries, key=lambda e: e["report_id"]))
