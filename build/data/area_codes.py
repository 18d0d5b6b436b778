"""Write ``area_codes.csv``: each landline area code of mainland China (0818, 0728 …) and the codes
of the prefectures (or a municipality's province code, or a county-level city's own code) it
serves, from the geocoding data libphonenumber's Python port ships (``phonenumbers``,
Apache-2.0). Run by a maintainer when that data is updated, not by the build:

    pip install phonenumbers && python build/data/area_codes.py

A report's contact telephone tells which prefecture a township or county of a shared name is in.
"""

from __future__ import annotations

import argparse
import csv
import re
from importlib.resources import files
from pathlib import Path

SUFFIX = re.compile(r"(?:省|市|地区|(?:壮族|回族|维吾尔)?自治区)$")


def _cpca_rows() -> list[tuple[str, str]]:
    """cpca's (6-digit code, name) rows: the codes the build places reports with."""
    with files("cpca").joinpath("resources", "adcodes.csv").open(encoding="utf-8") as handle:
        return [(row["adcode"][:6], row["name"]) for row in csv.DictReader(handle)]


def _province(description: str, rows: list[tuple[str, str]]) -> tuple[str, str]:
    """The province a description opens with ("辽宁省…", "新疆…", "内蒙古…") as (its two code
    digits, the rest of the description); ('', '') if none."""
    for code, name in rows:
        if code[2:] == "0000":
            for form in (name, SUFFIX.sub("", name)):
                if description.startswith(form):
                    return code[:2], description[len(form) :]
    return "", ""


def _code_of(place: str, digits: str, rows: list[tuple[str, str]]) -> str:
    """The code of the prefecture (or county-level city) a description names, as printed or for
    short (呼伦贝尔 → 呼伦贝尔市, 黔南 → 黔南布依族苗族自治州, 铜仁地区 → 铜仁市), within the province
    of ``digits``; the province's own code for a municipality; '' if unknown."""
    if not place:
        return digits + "0000"
    stem = SUFFIX.sub("", place)
    below = [(code, name) for code, name in rows if code.startswith(digits) and code[2:] != "0000"]
    prefectures = [code for code, name in below if code[4:] == "00" and name.startswith(stem)]
    cities = [code for code, name in below if name == place]
    return (prefectures or cities or [""])[0]


def area_codes() -> dict[str, list[str]]:
    """Area code (with its leading 0) → the codes of the places it serves."""
    from phonenumbers.geodata import GEOCODE_DATA

    rows = _cpca_rows()
    found: dict[str, list[str]] = {}
    for prefix, names in GEOCODE_DATA.items():
        # 86 + an area code without its 0: two digits (10, 20–29) or three (310–999); mobile prefixes start 861
        if not prefix.startswith("86") or prefix.startswith("861") and prefix != "8610" or len(prefix) not in (4, 5):
            continue
        digits, rest = _province(names.get("zh", ""), rows)
        if not digits:
            continue
        codes = [code for place in rest.split("、") if (code := _code_of(place, digits, rows))]
        if codes:
            found["0" + prefix[2:]] = sorted(set(codes))
    return dict(sorted(found.items()))


def main() -> None:
    """Write the table (see --help)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("area_codes.csv"), help="where to write")
    args = parser.parse_args()
    with args.out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["area_code", "codes"])
        for area, codes in area_codes().items():
            writer.writerow([area, " ".join(codes)])


if __name__ == "__main__":
    main()
