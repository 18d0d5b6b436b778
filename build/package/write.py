"""Writing the package's files: CSV rows rendered per report, Parquet from the CSV.

The schemas in the repository's ``datapackage.json`` are the one source of truth for
columns and types. Rows are rendered to CSV text report by report, so a build streams
and never holds the whole dataset; the Parquet twin is then converted from the CSV in
batches. Output is byte-stable: fixed row order, fixed number formatting, no timestamps.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = REPO_ROOT / "datapackage.json"
BLOCK = 1 << 22  # bytes of CSV per Parquet batch: bounded memory, and fixed so output is stable


def load_template(path: Path = TEMPLATE) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _number_text(value: float) -> str:
    if value != value:
        return ""  # NaN: missing stays blank, never 0
    return str(int(value)) if value.is_integer() else repr(value)


_TEXT_OF: dict[type, Any] = {  # by exact type: one look-up per cell instead of a chain of tests
    str: str, int: str, float: _number_text, bool: lambda v: "true" if v else "false",
    type(None): lambda v: "", dt.date: dt.date.isoformat,
}


def cell_text(value: Any) -> str:
    """A value as the CSV prints it: missing stays blank, never 0."""
    text_of = _TEXT_OF.get(type(value))
    if text_of is None:  # a subclass (numpy scalars, datetime): the general rules
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, float):
            return _number_text(value)
        if isinstance(value, dt.date):
            return value.isoformat()
        return str(value)
    return text_of(value)


def _number_cell(value: Any) -> str:
    return _number_text(value) if type(value) is float else cell_text(value)


# Columns whose values the csv module would print otherwise than cell_text does (floats
# as "3.0", booleans as "True"); strings, integers, dates (str() is ISO 8601) and blanks
# (None is written empty) it prints as they are, at C speed.
_CONVERTED = {"number": _number_cell, "boolean": cell_text}


@dataclass(frozen=True)
class Columns:
    """A resource's column names in the schema's order, and the positions to convert."""

    names: tuple[str, ...]
    converted: tuple[tuple[int, Callable[[Any], str]], ...]

    @classmethod
    def of(cls, schema: dict[str, Any]) -> Columns:
        fields = schema["fields"]
        return cls(tuple(f["name"] for f in fields),
                   tuple((k, _CONVERTED[f["type"]]) for k, f in enumerate(fields) if f["type"] in _CONVERTED))


def render(rows: list[dict[str, Any]], columns: Columns) -> bytes:
    """UTF-8 CSV of ``rows`` in the schema's column order (no header): encoded once, where
    the report is rendered, so writing the package only copies bytes."""
    if rows and set(rows[0]) != set(columns.names):
        raise KeyError(f"columns {sorted(set(rows[0]) ^ set(columns.names))} do not match the schema")
    pick = itemgetter(*columns.names)
    lines: list[Any] = [pick(row) for row in rows] if len(columns.names) > 1 else [(pick(row),) for row in rows]
    if columns.converted:
        lines = [list(line) for line in lines]
        for line in lines:
            for k, convert in columns.converted:
                line[k] = convert(line[k])
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(lines)
    return buffer.getvalue().encode("utf-8")


def schema_fields(package: dict[str, Any]) -> dict[str, Columns]:
    """Each resource's columns, in the schema's order."""
    return {r["name"]: Columns.of(r["schema"]) for r in package["resources"]}


def render_resources(rows: dict[str, list[dict[str, Any]]], fields: dict[str, Columns]) -> dict[str, tuple[bytes, int]]:
    """One report's rows as UTF-8 CSV per resource, with their count: what the build
    writes and caches."""
    return {name: (render(part, fields[name]), len(part)) for name, part in rows.items()}


def header(columns: Columns) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(columns.names)
    return buffer.getvalue().encode("utf-8")


class _Span(io.RawIOBase):
    """Bytes ``start`` to ``end`` of a file, read as a file of their own."""

    def __init__(self, path: Path, start: int, end: int) -> None:
        super().__init__()
        self.handle = path.open("rb")
        self.handle.seek(start)
        self.left = end - start

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        count = self.handle.readinto(memoryview(buffer)[:min(len(buffer), self.left)])
        self.left -= count
        return count

    def close(self) -> None:
        self.handle.close()
        super().close()


def csv_to_parquet(csv_path: Path, start: int, end: int, parquet_path: Path, schema: dict[str, Any]) -> None:
    """Convert the rows at bytes ``start`` to ``end`` of a written CSV (past its header)
    into a typed Parquet file, batch by batch."""
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    types = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "boolean": pa.bool_(),
             "date": pa.date32()}
    fields = schema["fields"]
    arrow = pa.schema([(f["name"], types[f["type"]]) for f in fields])
    options = pacsv.ConvertOptions(
        column_types={f["name"]: types[f["type"]] for f in fields}, null_values=[""],
        strings_can_be_null=True, true_values=["true"], false_values=["false"])
    with pq.ParquetWriter(parquet_path, arrow, compression="zstd") as writer:
        if start == end:
            return  # no rows: the file holds the schema alone
        with io.BufferedReader(_Span(csv_path, start, end), BLOCK) as span:
            reader = pacsv.open_csv(span, read_options=pacsv.ReadOptions(block_size=BLOCK, column_names=arrow.names),
                                    parse_options=pacsv.ParseOptions(newlines_in_values=True),  # texts span lines
                                    convert_options=options)
            for batch in reader:
                writer.write_batch(batch)


def file_stats(path: Path) -> dict[str, Any]:
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return {"bytes": path.stat().st_size, "hash": "sha256:" + sha.hexdigest()}
