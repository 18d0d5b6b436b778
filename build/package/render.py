"""A report's rows as UTF-8 CSV, in the schema's column order.

Rendered where the report is extracted (a worker process), once: the build then only
copies bytes. Compiled with the extraction (build/compiled.py). Output is byte-stable:
fixed number formatting, missing values blank, never 0.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from mypy_extensions import mypyc_attr


def _number_text(value: float) -> str:
    if value != value:
        return ""  # NaN: missing stays blank, never 0
    return str(int(value)) if value.is_integer() else repr(value)


_TEXT_OF: dict[type, Any] = {  # by exact type: one look-up per cell instead of a chain of tests
    str: str,
    int: str,
    float: _number_text,
    bool: lambda v: "true" if v else "false",
    type(None): lambda v: "",
    dt.date: dt.date.isoformat,
}


def cell_text(value: Any) -> str:
    """A value as the CSV prints it: missing stays blank, never 0."""
    text_of = _TEXT_OF.get(type(value))
    if text_of is None:  # a subclass (numpy scalars, datetime): the general rules
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, float):  # numpy's float64, say: printed as the float it is, compiled or not
            return _number_text(float(value))
        if isinstance(value, dt.date):
            return value.isoformat()
        return str(value)
    return text_of(value)


# A cell a spreadsheet would run as a formula: =, +, -, @, a tab or a carriage return first
# (after any quotes, so that the rule can be undone). Such a cell is written with a quote
# before it, as spreadsheets read text; a plain number (-5, +3.2) or one character alone is
# no formula and stays as it is. The Parquet twin keeps the text as printed (see live).
FORMULA_START = frozenset("=+-@\t\r'")
FORMULA = re.compile(r"'*[=+\-@\t\r]")
PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")
INERT = re.compile(r"^'+[=+\-@\t\r]")  # what inert prefixed: one quote comes off in the Parquet twin


def inert(text: str) -> str:
    """``text`` as a spreadsheet will not run it (see FORMULA)."""
    if len(text) > 1 and FORMULA.match(text) and not PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def _number_cell(value: Any) -> str:
    return _number_text(value) if type(value) is float else cell_text(value)


# Columns whose values the csv module would print otherwise than cell_text does (floats
# as "3.0", booleans as "True"); strings, integers, dates (str() is ISO 8601) and blanks
# (None is written empty) it prints as they are, at C speed.
_CONVERTED = {"number": _number_cell, "boolean": cell_text}


@mypyc_attr(native_class=False)  # compiled, a plain class still: it is pickled to the workers
@dataclass(frozen=True)
class Columns:
    """A resource's column names in the schema's order, and the positions to convert."""

    names: tuple[str, ...]
    converted: tuple[tuple[int, Callable[[Any], str]], ...]

    @classmethod
    def of(cls, schema: dict[str, Any]) -> Columns:
        """The columns of a resource's schema, with the number and boolean ones to convert,
        since ``str()`` prints them otherwise than cell_text does ("3.0", "True")."""
        fields = schema["fields"]
        return cls(
            tuple(f["name"] for f in fields),
            tuple((k, _CONVERTED[f["type"]]) for k, f in enumerate(fields) if f["type"] in _CONVERTED),
        )


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
    commas = len(columns.names) - 1
    text = []
    for line in lines:
        fields = [
            ""
            if value is None
            else (inert(value) if value[:1] in FORMULA_START else value)
            if isinstance(value, str)
            else str(value)
            for value in line
        ]
        joined = ",".join(fields)
        if (
            joined.count(",") == commas
            and '"' not in joined
            and "\n" not in joined
            and "\r" not in joined
            and (joined or commas)
        ):
            text.append(joined + "\n")  # no field to quote
        else:
            text.append(_quoted_line(fields))
    return "".join(text).encode("utf-8")


def _quoted_line(fields: Any) -> str:
    """A row with a field to quote (a report's sections, some labels), as the csv module
    writes it with QUOTE_MINIMAL and "\\r\\n" as the line end, then "\\n": a field holding a
    comma, a quote, a line feed or a carriage return (csv readers end a row at a lone "\\r") in
    quotes, its quotes doubled; a row of one empty field as "". The csv module checked every
    character of a section's text in a function call of its own (docs/performance.md); a test
    compares the two on tricky rows."""
    if len(fields) == 1 and not fields[0]:
        return '""\n'
    return (
        ",".join(
            '"' + f.replace('"', '""') + '"' if "," in f or '"' in f or "\n" in f or "\r" in f else f for f in fields
        )
        + "\n"
    )


def schema_fields(package: dict[str, Any]) -> dict[str, Columns]:
    """Each resource's columns, in the schema's order."""
    return {r["name"]: Columns.of(r["schema"]) for r in package["resources"]}


def render_resources(rows: dict[str, list[dict[str, Any]]], fields: dict[str, Columns]) -> dict[str, tuple[bytes, int]]:
    """One report's rows as UTF-8 CSV per resource, with their count: what the build
    writes and caches."""
    return {name: (render(part, fields[name]), len(part)) for name, part in rows.items()}


def header(columns: Columns) -> bytes:
    """A resource's CSV header line in UTF-8, quoted as rows are; its length is where the rows
    start, which the Parquet conversion counts on."""
    return _quoted_line(columns.names).encode("utf-8")
