"""Writing tables as CSV and Parquet, typed and ordered by the package's schemas.

The schemas in the repository's ``datapackage.json`` are the one source of truth for
columns and types: rows are ordered and typed from them, and a column missing from a
row is an error here rather than a silent blank in the release. Output is byte-stable:
fixed row order, fixed number formatting, no timestamps.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

DTYPES = {"string": "string", "integer": "Int64", "number": "Float64", "boolean": "boolean"}
REPO_ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = REPO_ROOT / "datapackage.json"


def load_template(path: Path = TEMPLATE) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def frame(rows: list[dict[str, Any]], schema: dict[str, Any]) -> pd.DataFrame:
    """Rows as a DataFrame with exactly the schema's columns, in its order and types."""
    names = [f["name"] for f in schema["fields"]]
    for row in rows[:1]:
        if set(row) != set(names):
            raise KeyError(f"columns {sorted(set(row) ^ set(names))} do not match the schema")
    data = pd.DataFrame.from_records(rows, columns=names)
    for field in schema["fields"]:
        column = field["name"]
        if field["type"] == "date":  # kept as datetime.date objects: Parquet date32, ISO in CSV
            data[column] = pd.Series([v if isinstance(v, dt.date) else None for v in data[column]], dtype=object)
        else:
            data[column] = data[column].astype(DTYPES[field["type"]])
    return data


def _csv_cell(value: Any) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""  # missing stays blank, never 0
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def write_csv(data: pd.DataFrame, path: Path) -> None:
    """UTF-8 CSV with integral numbers printed without '.0' and blanks for missing."""
    text = data.map(_csv_cell) if len(data) else data.astype("string")
    text.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")


def write_parquet(data: pd.DataFrame, path: Path) -> None:
    table = pa.Table.from_pandas(data, preserve_index=False)
    pq.write_table(table, path, compression="zstd")


def file_stats(path: Path) -> dict[str, Any]:
    return {"bytes": path.stat().st_size, "hash": "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()}
