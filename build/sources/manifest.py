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
    "report_id",
    "file",
    "title",
    "organ",
    "province",
    "prefecture",
    "county",
    "region_code",
    "admin_level",
    "organ_kind",
    "year",
    "published",
    "original_name",
    "sha256",
)
# Where a file came from: a fetched page (url … charset_page), a file retrieved from a public
# archive (repository, commit and archive_path of the file there, url of the government page
# it saved), how its copy was checked; part_of names the report of which a file is an attachment.
PROVENANCE = (
    "url",
    "final_url",
    "retrieved",
    "http_status",
    "content_type",
    "charset_header",
    "charset_page",
    "part_of",
    "repository",
    "commit",
    "archive_path",
    "checked",
)
# A reviewer's decisions: ``edition`` 2, 3 … marks a later, distinct report of the same organ
# and year (a second version, a correction; blank or 1: the first); ``note`` says why.
REVIEW = ("edition", "note")
NAME = "manifest.csv"
LEFT_OUT = "left_out.csv"  # files of the collection's inventory not brought in, each with the reason


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
    if entry.get("edition") and not re.fullmatch(r"[1-9]\d?", entry["edition"]):
        problems.append(f"edition '{entry['edition']}' is not a number from 1 to 99")
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


def edition_conflicts(manifest: dict[str, dict[str, str]]) -> dict[str, str]:
    """Files that share a report id (renderings of one report) but not its edition: a
    distinct report needs an id of its own (file → what is wrong)."""
    first: dict[str, dict[str, str]] = {}
    problems = {}
    for name in sorted(manifest):
        entry = manifest[name]
        other = first.setdefault(entry["report_id"], entry)
        if (other.get("edition") or "1") != (entry.get("edition") or "1"):
            problems[name] = (
                f"it shares report_id {entry['report_id']} with {other['file']} but not its edition: "
                "a distinct report needs a report_id of its own"
            )
    return problems


def write_manifest(sources: Path, entries: list[dict[str, str]]) -> None:
    """Write entries sorted by report id, so the file diffs cleanly under review."""
    fields = FIELDS + tuple(
        k for group in (PROVENANCE, REVIEW) if any(e.get(k) for e in entries for k in group) for k in group
    )
    with (sources / NAME).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n", extrasaction="ignore", restval="")
        writer.writeheader()
        writer.writerows(sorted(entries, key=lambda e: e["report_id"]))
