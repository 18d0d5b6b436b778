"""The ``organs`` resource: each organ once, from the rows of ``reports`` as they are written.

It is gathered from the reports' rows (rendered, or copied from the package in place) so
that a rebuild that copies most reports needs no extraction to describe their organs.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from ..extraction.organs import organs
from ..extraction.region import place_of_code

NEEDED = ("organ_id", "organ", "year", "region_code", "province", "admin_level", "organ_kind")
SEPARATOR = " | "


@dataclass
class _Seen:
    names: dict[str, int] = field(default_factory=dict)  # name → first year (insertion: first seen)
    codes: dict[str, int] = field(default_factory=dict)
    years: list[int] = field(default_factory=list)
    latest: dict[str, str] = field(default_factory=dict)  # the row of its latest report
    latest_year: int = -1
    reports: int = 0


class OrganRows:
    """Collects the organs of the reports written, in any order; ``rows`` in id order."""

    def __init__(self, columns: list[str]) -> None:
        self.positions = [columns.index(name) for name in NEEDED]
        self.seen: dict[str, _Seen] = {}

    def add(self, rendered: bytes) -> None:
        """The rows of ``reports`` (UTF-8 CSV without a header) of the reports just written."""
        for row in csv.reader(io.StringIO(rendered.decode("utf-8"))):
            report = dict(zip(NEEDED, (row[p] for p in self.positions)))
            year = int(report["year"]) if report["year"] else 0
            seen = self.seen.setdefault(report["organ_id"], _Seen())
            seen.reports += 1
            if year:
                seen.years.append(year)
            for kept, value in ((seen.names, report["organ"]), (seen.codes, report["region_code"])):
                if value:
                    kept[value] = min(kept.get(value, year or 9999), year or 9999)
            if year >= seen.latest_year:
                seen.latest, seen.latest_year = report, year

    def rows(self) -> list[dict[str, Any]]:
        """Each organ once, in id order: its name, region and kind from ``data/organs.csv``
        where it is listed, else from its latest report, with the names, region codes and
        years of all its reports."""
        described = organs()
        found = []
        for organ_id in sorted(self.seen):
            seen, listed = self.seen[organ_id], described.get(organ_id)
            latest = seen.latest
            code = (listed.region_code if listed else "") or latest["region_code"]
            place = place_of_code(code) if code else None
            found.append(
                {
                    "organ_id": organ_id,
                    "organ": (listed.name if listed else "") or latest["organ"],
                    "names": SEPARATOR.join(sorted(seen.names, key=lambda n: (seen.names[n], n))),
                    "region_code": code,
                    "region_codes": SEPARATOR.join(
                        dict.fromkeys(
                            [
                                *(
                                    listed.former_region_codes.split(SEPARATOR)
                                    if listed and listed.former_region_codes
                                    else []
                                ),
                                *sorted(seen.codes, key=lambda c: (seen.codes[c], c)),
                            ]
                        )
                    ),
                    "region": (place.county or place.prefecture or place.province) if place else "",
                    "province": latest["province"] or (place.province if place else ""),
                    "admin_level": (listed.admin_level if listed else "") or latest["admin_level"],
                    "organ_kind": (listed.organ_kind if listed else "") or latest["organ_kind"],
                    "first_year": min(seen.years) if seen.years else None,
                    "last_year": max(seen.years) if seen.years else None,
                    "n_reports": seen.reports,
                    "note": listed.note if listed else "",
                }
            )
        return found
