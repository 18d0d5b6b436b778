"""Reading a built package back into pandas with the types its schema declares.

Used by validation (which must check the files as written, not the frames that were
written) and by users. Blanks stay missing (nullable Int64/Float64/boolean), dates
are dates, and a text the CSV made inert for spreadsheets (a quote before =, +, -, @) is as
the report printed it, as in the Parquet twin. A cell that does not fit its declared type becomes missing and is listed
in ``TypeProblems`` rather than silently coerced.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .render import INERT

DESCRIPTOR = "datapackage.json"


@dataclass
class TypeProblems:
    """Cells that do not parse as their column's type: (resource, column, row number, text)."""

    cells: list[tuple[str, str, int, str]] = field(default_factory=list)


def read_descriptor(package: Path) -> dict[str, Any]:
    """A package's descriptor, given the package's folder or the descriptor file itself
    (load_resource takes either too)."""
    path = package / DESCRIPTOR if package.is_dir() else package
    return json.loads(path.read_text(encoding="utf-8"))


def _typed(raw: pd.Series, kind: str) -> pd.Series:
    """A column of CSV text as its declared type: a cell that does not parse becomes missing
    (load_resource lists it), and a text made inert in the CSV is as the report printed it."""
    if kind == "integer":
        number = pd.to_numeric(raw, errors="coerce").astype("Float64")
        return number.where(number == number.round()).astype("Int64")  # 2016.5 is no integer
    if kind == "number":
        return pd.to_numeric(raw, errors="coerce").astype("Float64")
    if kind == "boolean":
        return raw.map({"true": True, "false": False}).astype("boolean")
    if kind == "date":
        return pd.to_datetime(raw, format="%Y-%m-%d", errors="coerce")
    text = raw.astype("string")
    marked = text.str.match(INERT.pattern, na=False)  # made inert in the CSV (render.inert): as printed
    return text.where(~marked, text.str.slice(1)) if marked.any() else text


def load_resource(package: Path, name: str, problems: TypeProblems | None = None) -> pd.DataFrame:
    """One resource of a package folder as a typed DataFrame (row index = CSV row - 2)."""
    descriptor = read_descriptor(package)
    resource = next((r for r in descriptor["resources"] if r["name"] == name), None)
    if resource is None:
        raise KeyError(
            f"no resource '{name}' in {package} (resources: {', '.join(r['name'] for r in descriptor['resources'])})"
        )
    base = package if package.is_dir() else package.parent
    raw = pd.read_csv(base / resource["path"], dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    data = pd.DataFrame(index=raw.index)
    for column in raw.columns:
        declared = next((f for f in resource["schema"]["fields"] if f["name"] == column), {"type": "string"})
        data[column] = _typed(raw[column], declared["type"])
        if problems is not None:
            bad = raw[column].notna() & data[column].isna()
            problems.cells += [(name, column, int(i) + 2, str(raw.at[i, column])) for i in raw.index[bad]]
    return data
