"""Writing the package's files: the schemas' template, Parquet from the CSV, file stats.

The schemas in the repository's ``datapackage.json`` are the one source of truth for
columns and types. Rows are rendered to CSV text report by report (``render``), so a
build streams and never holds the whole dataset; the Parquet twin is then converted from
the CSV in batches. Output is byte-stable: fixed row order, fixed number formatting, no
timestamps.
"""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path
from typing import Any

from ..paths import TEMPLATE
from .render import INERT

BLOCK = 1 << 22  # bytes of CSV per Parquet batch: bounded memory, and fixed so output is stable


def load_template(path: Path = TEMPLATE) -> dict[str, Any]:
    """The descriptor every build starts from (the repository's ``datapackage.json``), whose
    schemas are the one source of truth for columns and types."""
    return json.loads(path.read_text(encoding="utf-8"))


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
        count = self.handle.readinto(memoryview(buffer)[: min(len(buffer), self.left)])
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

    types = {
        "string": pa.string(),
        "integer": pa.int64(),
        "number": pa.float64(),
        "boolean": pa.bool_(),
        "date": pa.date32(),
    }
    fields = schema["fields"]
    arrow = pa.schema([(f["name"], types[f["type"]]) for f in fields])
    options = pacsv.ConvertOptions(
        column_types={f["name"]: types[f["type"]] for f in fields},
        null_values=[""],
        strings_can_be_null=True,
        true_values=["true"],
        false_values=["false"],
    )
    with pq.ParquetWriter(parquet_path, arrow, compression="zstd") as writer:
        if start == end:
            return  # no rows: the file holds the schema alone
        with io.BufferedReader(_Span(csv_path, start, end), BLOCK) as span:
            reader = pacsv.open_csv(
                span,
                read_options=pacsv.ReadOptions(block_size=BLOCK, column_names=arrow.names),
                parse_options=pacsv.ParseOptions(newlines_in_values=True),  # texts span lines
                convert_options=options,
            )
            texts = [k for k, f in enumerate(fields) if f["type"] == "string"]
            for batch in reader:
                writer.write_batch(_as_printed(batch, texts))


def _as_printed(batch: Any, texts: list[int]) -> Any:
    """The batch with its text columns as the reports print them: the quote that makes a
    would-be formula inert in the CSV (render.inert) comes off."""
    import pyarrow as pa
    import pyarrow.compute as pc

    columns = list(batch.columns)
    for k in texts:
        column = columns[k]
        marked = pc.match_substring_regex(column, INERT.pattern)
        if pc.any(marked).as_py():
            columns[k] = pc.if_else(marked, pc.utf8_slice_codeunits(column, 1), column)
    return pa.RecordBatch.from_arrays(columns, schema=batch.schema)


def file_stats(path: Path) -> dict[str, Any]:
    """A file's size and ``sha256:`` hash as the descriptor lists them (``bytes``, ``hash``),
    read in blocks so that a large CSV is never held whole."""
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return {"bytes": path.stat().st_size, "hash": "sha256:" + sha.hexdigest()}
