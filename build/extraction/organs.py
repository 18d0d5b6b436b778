"""Organs with a stable identity: one ``organ_id`` for every name an organ published under.

An organ keeps its id across years while its reports' ids carry the year and the name it
used then. Renamings and mergers (平潭县质量技术监督局 → 平潭综合实验区市场监督管理局),
the forms of one name (平潭综合实验区 and 平潭综合实验区管委会), and slips are data:
``data/organs.csv`` (one row per organ that needs one, with its note) and
``data/organ_names.csv`` (every name mapped there, each with the note that decided it).
A name there is matched wherever it is printed, so it must be the organ's full name, place
included (公安局 alone would claim every county's police bureau).
An organ that is in neither gets an id made from its place and name, as report ids are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .lexicon import read_data

YEAR_SUFFIX = re.compile(r"-(?:19|20)\d{2}(?:-\d{1,2})?$")  # the year, and an edition's -2 where there is one
UNIDENTIFIED = "unidentified-"  # the organ of a report whose organ cannot be read: one per report


@dataclass(frozen=True)
class Organ:
    """One row of ``data/organs.csv``: an organ whose id must hold across renamings or mergers,
    with the name and place it has now."""

    organ_id: str
    name: str  # the name it publishes under now (or last did)
    region_code: str
    former_region_codes: str  # codes its region had before (a county that became a district), ' | '-separated
    admin_level: str
    organ_kind: str
    note: str


@cache
def organs() -> dict[str, Organ]:
    """The organs described in ``data/organs.csv``, by id."""
    return {
        row["organ_id"]: Organ(
            row["organ_id"],
            row["name"],
            row["region_code"],
            row["former_region_codes"],
            row["admin_level"],
            row["organ_kind"],
            row["note"],
        )
        for row in read_data("organs.csv")
    }


@cache
def names() -> dict[str, str]:
    """Every name listed in ``data/organ_names.csv`` → its organ's id (checked: the id exists)."""
    known = organs()
    found = {}
    for row in read_data("organ_names.csv"):
        if row["organ_id"] not in known:
            raise ValueError(
                f"organ_names.csv: '{row['name']}' names organ {row['organ_id']}, which organs.csv does not describe"
            )
        found[row["name"]] = row["organ_id"]
    for organ in known.values():
        found.setdefault(organ.name, organ.organ_id)
    return found


def organ_id(organ: str, report_id: str) -> str:
    """The organ's id: as listed, else its report id without the year (place and name)."""
    if not organ:
        return UNIDENTIFIED + report_id
    listed = names().get(organ)
    return listed if listed else YEAR_SUFFIX.sub("", report_id)
