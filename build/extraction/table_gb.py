"""The three statistics tables of the 2019 and 2021 layouts.

* section 二: a grid of row (规章, 行政许可 …) × column (本年新制作数量 …) blocks,
  each block with its own header row;
* section 三: one row per outcome, one column per applicant type. A row that prints
  fewer numbers than there are columns is right-aligned: its numbers belong to the
  rightmost columns (many organs print only the 总计 of a row);
* section 四: fifteen numbers under a two-level header (review, litigation direct,
  litigation after review × upheld, corrected, other, pending, total).
"""

from __future__ import annotations

from ..readers.document import Document
from .cells import Token, claim, numbers_after, tokens
from .lexicon import (
    APPLICANTS,
    APPLICANTS_WITH_SUBTOTAL,
    active_axes,
    best_key,
    codebook,
    request_labels,
)
from .model import Fact, TableResult, make_fact
from .numbers import convert_unit

REVIEW_COLUMNS = tuple(
    f"{group}.{outcome}"
    for group in ("review", "litigation.direct", "litigation.after_review")
    for outcome in ("upheld", "corrected", "other", "pending", "total")
)
HEADER_SPAN = 40  # tokens between 行政复议 and its first 结果维持 in a real header


def _unmapped(token: Token, label: str, quality: str = "ambiguous") -> Fact:
    assert token.number is not None
    return make_fact(token.cell, token.number.value, indicator="", unit=token.number.unit or "",
                     source="table", raw_label=label, quality=quality)


def _money_unit(header: str, unit: str) -> str:
    """The unit a money column is printed in, read from its header text."""
    if unit == "万元" and "元" in header and "万元" not in header:
        return "元"
    return unit


def read_active_table(doc: Document) -> TableResult:
    rows, columns = active_axes()
    book = codebook()
    stream = tokens(doc)
    result = TableResult()
    header: list[tuple[Token, str]] = []
    header_used = False  # a data row has been read under the current header
    first = last = None
    i = 0
    while i < len(stream):
        token = stream[i]
        if token.is_prose:
            header = []
            i += 1
            continue
        column = best_key(token.key, columns)
        if token.key == "信息内容" or column:
            if token.key == "信息内容" or header_used:
                header, header_used = [], False
            if column:
                header.append((token, columns[column]))
                result.labels.append(column)
            first = i if first is None else first
            i += 1
            continue
        row = best_key(token.key, rows)
        values = numbers_after(stream, i + 1)
        if not (row and header and values):
            i += 1
            continue
        same_row = header[0][0].row == header[-1][0].row and all(v.row == token.row for v in values)
        for k, value in enumerate(values):
            if same_row:
                match = [h for h in header if h[0].pos == value.pos]
            else:
                match = [header[k]] if k < len(header) else []
            if not match:
                result.facts.append(_unmapped(value, f"{token.cell.text} · (no column)"))
                continue
            head, column_id = match[0]
            indicator = f"active.{rows[row]}.{column_id}"
            indicator = indicator if indicator in book else ""
            unit = book[indicator].unit if indicator else ""
            assert value.number is not None
            printed = value.number.unit or _money_unit(head.cell.text, unit)
            result.facts.append(
                make_fact(value.cell, convert_unit(value.number.value, printed, unit), indicator=indicator,
                          unit=unit, source="table", raw_label=f"{token.cell.text} · {head.cell.text}",
                          quality="exact" if same_row else "inferred")
            )
        header_used = True
        last = i + len(values)
        i = last + 1
    if first is not None and last is not None:
        result.claimed_rows = claim(stream, first, last)
    return result


def _request_row(labels: list[Token], keys: dict[str, list[str]]) -> tuple[str, Token] | None:
    """The outcome a row's label cells name: the most specific (last) one that matches."""
    for token in reversed(labels):
        key = best_key(token.key, keys)
        if key:
            return keys[key][0], token
    return None


def read_requests_table(doc: Document) -> TableResult:
    keys = request_labels()
    stream = tokens(doc)
    result = TableResult()
    start = next((i for i, t in enumerate(stream) if t.key in ("申请人情况", "自然人")
                  or t.key.startswith("本年新收政府信息公开申请")), None)
    if start is None:
        return result
    columns = APPLICANTS
    labels: list[Token] = []
    last = start
    i = start
    while i < len(stream) and not stream[i].is_prose:
        token = stream[i]
        if token.key == "小计":
            columns = APPLICANTS_WITH_SUBTOTAL
        if token.number is None:
            labels.append(token)
            i += 1
            continue
        values = numbers_after(stream, i)
        found = _request_row(labels, keys)
        labels = []
        i += len(values)
        last = i - 1
        if found is None:
            result.facts += [_unmapped(v, "(row without label)") for v in values]
            continue
        indicator, label = found
        result.labels.append(label.key)
        if len(values) > len(columns):
            result.facts += [_unmapped(v, label.cell.text) for v in values]
            result.warnings.append(
                f"line {label.cell.line}: {len(values)} numbers for {len(columns)} columns in row "
                f"'{label.cell.text.strip()}'; kept unmapped"
            )
            continue
        placed = columns[len(columns) - len(values):]
        quality = "exact" if all(v.row == label.row for v in values) or len(values) == len(columns) else "inferred"
        for applicant, value in zip(placed, values):
            assert value.number is not None
            result.facts.append(
                make_fact(value.cell, value.number.value, indicator=indicator, applicant=applicant,
                          unit="件", source="table", raw_label=label.cell.text, quality=quality)
            )
        if indicator == "requests.carry_forward":
            break
    result.claimed_rows = claim(stream, start, last)
    return result


def read_review_table(doc: Document) -> TableResult:
    stream = tokens(doc)
    result = TableResult()
    start = next(
        (i for i, t in enumerate(stream) if "行政复议" in t.key and not t.is_prose
         and any(s.key == "结果维持" for s in stream[i + 1 : i + HEADER_SPAN])),
        None,
    )
    if start is None:
        return result
    i = start
    while i < len(stream) and stream[i].number is None and not stream[i].is_prose:
        i += 1
    values = numbers_after(stream, i)
    if not values:
        return result
    result.labels.append("结果维持")
    book = codebook()
    row_cells = doc.rows[values[0].row].cells
    positional = len(values) < len(REVIEW_COLUMNS) and len(row_cells) == len(REVIEW_COLUMNS) \
        and all(v.row == values[0].row for v in values)
    if len(values) == len(REVIEW_COLUMNS) or positional:
        for k, value in enumerate(values):
            indicator = REVIEW_COLUMNS[value.pos if positional else k]
            assert value.number is not None
            result.facts.append(make_fact(value.cell, value.number.value, indicator=indicator, unit="件",
                                          source="table", raw_label=book[indicator].label_zh))
    else:
        result.facts += [_unmapped(v, "行政复议/行政诉讼 (cell not placeable)") for v in values]
        result.warnings.append(
            f"line {values[0].cell.line}: review/litigation table prints {len(values)} numbers for "
            f"{len(REVIEW_COLUMNS)} cells; kept unmapped"
        )
    result.claimed_rows = claim(stream, start, i + len(values) - 1)
    return result


def read_gb_tables(doc: Document) -> TableResult:
    result = TableResult()
    for reader in (read_active_table, read_requests_table, read_review_table):
        result.merge(reader(doc))
    return result
