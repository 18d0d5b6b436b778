"""The legacy 政府信息公开情况统计表: rows of label · unit · value(s).

Rows are matched by label, never by position, because provinces added and dropped
rows over the years. A label that is not in the codebook still yields a fact, with
an empty indicator and the printed label, so nothing published is lost. Some
provinces print a second value column (历年累计, cumulative): the first column is the
report year's and is mapped; the others are kept with the column's name.
"""

from __future__ import annotations

import re

from ..readers.document import Document
from .cells import Token, claim, numbers_after, read_values
from .lexicon import codebook, legacy_labels
from .model import TableResult, make_fact
from .normalize import nfkc
from .numbers import convert_unit

ANCHORS = ("统计指标", "指标名称")
VALUE_COLUMN = re.compile(r"年度|统计数|累计|合计")


def _family(indicator: str) -> str:
    return ".".join(indicator.split(".")[:2])


def _choose(candidates: list[str], last_family: str) -> str:
    """被依法纠错数 and 其他情形数 occur under both review and litigation: the
    row belongs to the group the table is in."""
    for indicator in candidates:
        if _family(indicator) == last_family:
            return indicator
    return candidates[0]


def _value_columns(stream: list[Token], start: int) -> tuple[list[str], int]:
    """Names of the value columns in the header after the anchor, and where rows begin."""
    names: list[str] = []
    i = start + 1
    labels = legacy_labels()
    while i < len(stream) and stream[i].number is None and stream[i].key not in labels and len(names) < 4:
        if VALUE_COLUMN.search(stream[i].key):
            names.append(stream[i].cell.text.strip())
        i += 1
    return names or ["统计数"], i


def read_legacy_table(doc: Document, stream: list[Token]) -> TableResult:
    """The legacy table from its anchor (统计指标, 指标名称): each label's numbers, after its unit cell if
    any, under the header's value columns; only the first column's number is mapped."""
    start = next((i for i, t in enumerate(stream) if t.key in ANCHORS), None)
    result = TableResult()
    if start is None:
        return result
    result.labels.append("统计指标")
    labels, book = legacy_labels(), codebook()
    columns, i = _value_columns(stream, start)
    last_family, last_used = "", start
    while i < len(stream) and not stream[i].is_prose:
        token = stream[i]
        if token.number is not None or token.is_unit:
            i += 1
            continue
        j = i + 1
        unit_token: Token | None = None
        if j < len(stream) and stream[j].is_unit:
            unit_token, j = stream[j], j + 1
        values = numbers_after(stream, j)
        if not values:
            i += 1
            continue
        candidates = labels.get(token.key, [])
        indicator = _choose(candidates, last_family) if candidates else ""
        if indicator:
            last_family = _family(indicator)
            result.labels.append(token.key)
        read, quality = read_values(values, len(columns))
        if quality != "ambiguous" and len(read) < len(columns):
            quality = "inferred"  # fewer numbers than columns: read left to right
        printed_unit = nfkc(unit_token.cell.text).strip() if unit_token else None
        for k, value in enumerate(read):
            name = columns[k] if k < len(columns) else "?"
            mapped = indicator if k == 0 and quality != "ambiguous" else ""
            unit = book[mapped].unit if mapped else (printed_unit or value.unit or "")
            raw = token.cell.text if k == 0 else f"{token.cell.text} · {name}"
            number = convert_unit(value.value, printed_unit or value.unit, unit) if value.value is not None else None
            glued_as = (
                (f"{indicator}|",) + ("",) * (len(columns) - 1)
                if quality == "ambiguous" and indicator and len(values) == 1
                else ()
            )
            result.facts.append(
                make_fact(
                    value.cell,
                    number,
                    indicator=mapped,
                    unit=unit,
                    source="table",
                    raw_label=raw,
                    quality=quality,
                    glued_as=glued_as,
                )
            )
        if quality == "ambiguous":
            result.warnings.append(
                f"line {token.cell.line}: row '{token.cell.text.strip()}' prints "
                f"{len(columns)} cells glued together that split in several ways; kept unmapped"
            )
        last_used = j + len(values) - 1
        i = last_used + 1
    claim(result, stream, start, last_used)
    return result
