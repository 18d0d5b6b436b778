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

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import product
from math import prod

from ..readers.document import Document
from .cells import Token, Value, claim, numbers_after, read_values, run_lengths, value_options
from .lexicon import (
    APPLICANTS,
    APPLICANTS_WITH_SUBTOTAL,
    active_axes,
    best_key,
    codebook,
    cut_key,
    identities,
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
FULL_ROW = 5  # a requests label followed by this many numbers starts the table even without its header


def _unmapped(token: Token, label: str, quality: str = "ambiguous", glued_as: tuple[str, ...] = ()) -> Fact:
    """A number kept with its label only. A glued run that cannot be split has no value:
    its digits stay in raw_value, and nothing is guessed."""
    number = None if token.glued else token.number
    return make_fact(
        token.cell,
        number.value if number else None,
        indicator="",
        unit=(number.unit or "") if number else "",
        source="table",
        raw_label=label,
        quality=quality,
        glued_as=glued_as if token.glued else (),
    )


def _joined(stream: list[Token], i: int, keys: dict[str, str], parts: int = 3) -> tuple[str | None, int]:
    """A label printed over several cells ("本年新" / "制作数量"): the lexicon key that
    one, two or three consecutive label cells spell, and how many cells it took."""
    joined = ""
    for width in range(1, parts + 1):
        if i + width > len(stream) or stream[i + width - 1].number is not None:
            break
        joined += stream[i + width - 1].key
        key = joined if width > 1 and joined in keys else best_key(joined, keys) if width == 1 else None
        if key:
            return key, width
    return None, 0


def _all_columns(key: str, columns: dict[str, str]) -> list[str | None]:
    """Every column label printed in one header cell, in order ("本年制发件数本年废止件数…"
    read as one box); the cell itself when it names one column or none."""
    found: list[str | None] = []
    i = 0
    while i < len(key):
        name = max((k for k in columns if key.startswith(k, i)), key=len, default=None)
        if name:
            found.append(name)
            i += len(name)
        else:
            i += 1
    return found if len(found) > 1 else [best_key(key, columns)]


def _money_unit(header: str, unit: str) -> str:
    """The unit a money column is printed in, read from its header text."""
    if unit == "万元" and "元" in header and "万元" not in header:
        return "元"
    return unit


def _standard_columns(row: str) -> dict[str, list[str]]:
    """Column ids of a section-two row in each layout, in the form's order (from the codebook)."""
    found: dict[str, list[str]] = {}
    for indicator in codebook().values():
        parts = indicator.id.split(".")
        if parts[0] == "active" and parts[1] == row:
            for layout in indicator.layouts:
                found.setdefault(layout, []).append(parts[2])
    return found


def _columns_for(header: list[tuple[Token, str | None]], row: str, count: int) -> tuple[list[str | None], str]:
    """The column id of each of ``count`` values under ``header``.

    Read from the header's own labels; where a header label is cut or garbled (None),
    the form's standard columns for this row fill it, provided they agree with every
    label that was read.
    """
    named = [column for _, column in header]
    if None not in named:
        return named, "exact"
    for standard in _standard_columns(row).values():
        if len(standard) == len(named) == count and all(n in (None, s) for n, s in zip(named, standard)):
            return list(standard), "inferred"
    return named, "exact"


def read_active_table(doc: Document, stream: list[Token]) -> TableResult:
    """Section 二's grid: each row's numbers under the column labels of the header block above,
    by cell position where row and header align; numbers that fit several ways or none stay unmapped."""
    rows, columns = active_axes()
    book = codebook()
    result = TableResult()
    header: list[tuple[Token, str | None]] = []
    in_header = False
    first = last = None
    i = 0
    while i < len(stream):
        token = stream[i]
        if token.is_prose:
            header, in_header = [], False
            i += 1
            continue
        column, width = _joined(stream, i, columns)
        row = (best_key(token.key, rows) or cut_key(token.key, rows)) if not column else None
        if token.key == "信息内容" or (column and not in_header):
            header, in_header = [], True
            first = i if first is None else first
            if token.key == "信息内容":
                i += 1
                continue
        if in_header and not row and token.number is None:
            if not token.key:  # "（单位：万元）" belongs to the header cell before it
                i += 1
                continue
            for name in _all_columns(token.key, columns) if width <= 1 else [column]:
                header.append((token, columns[name] if name else None))
                if name:
                    result.labels.append(name)
            i += max(width, 1)
            continue
        values = numbers_after(stream, i + 1)
        if not (row and header and values):
            in_header = False
            i += 1
            continue
        in_header = False
        glued = any(v.glued for v in values)
        named, quality = _columns_for(header, rows[row], len(header) if glued else len(values))
        read, split_quality = read_values(values, len(header))
        same_row = (
            not glued
            and header[0][0].row == header[-1][0].row
            and all(v.row == token.row for v in values)
            and len(doc.rows[header[0][0].row].cells) == len(doc.rows[token.row].cells)
            and (doc.rows[token.row].positional or len(doc.rows[token.row].cells) == len(header) + 1)
        )
        unplaceable = ""
        if split_quality == "ambiguous":
            unplaceable = f"{len(header)} cells glued together that split in several ways"
        elif not glued and not same_row and len(values) > len(header):  # which numbers are the columns' is unknowable
            unplaceable = f"{len(values)} numbers under {len(header)} columns"
        if unplaceable:
            cells = (
                tuple(f"active.{rows[row]}.{c}|" if c and f"active.{rows[row]}.{c}" in book else "" for c in named)
                if glued and len(values) == 1
                else ()
            )
            result.facts += [_unmapped(v, f"{token.cell.text} · {unplaceable}", glued_as=cells) for v in values]
            result.warnings.append(
                f"line {token.cell.line}: row '{token.cell.text.strip()}' prints {unplaceable}; kept unmapped"
            )
            last = i + len(values)
            i = last + 1
            continue
        for k, (source, value) in enumerate(zip(values if not glued else [None] * len(read), read)):
            slot = (
                next((n for n, (h, _) in enumerate(header) if source and h.pos == source.pos), None) if same_row else k
            )
            if slot is None or slot >= len(named) or named[slot] is None or value.value is None:
                result.facts.append(
                    make_fact(
                        value.cell,
                        value.value,
                        indicator="",
                        unit=value.unit or "",
                        source="table",
                        raw_label=f"{token.cell.text} · (no column)",
                        quality="ambiguous",
                    )
                )
                continue
            head = header[slot][0]
            indicator = f"active.{rows[row]}.{named[slot]}"
            indicator = indicator if indicator in book else ""
            unit = book[indicator].unit if indicator else ""
            printed = value.unit or _money_unit(head.cell.text, unit)
            worst = "inferred" if "inferred" in (quality, split_quality) or not same_row else "exact"
            result.facts.append(
                make_fact(
                    value.cell,
                    convert_unit(value.value, printed, unit),
                    indicator=indicator,
                    unit=unit,
                    source="table",
                    raw_label=f"{token.cell.text} · {head.cell.text}",
                    quality=worst,
                )
            )
        last = i + len(values)
        i = last + 1
    if first is not None and last is not None:
        claim(result, stream, first, last)
    return result


def _row_adds_up(columns: tuple[str, ...]) -> Callable[[list[float]], bool]:
    """The identities a requests row satisfies: total = the six applicant columns
    (and org_subtotal = the five organisation columns, where printed)."""

    def check(values: list[float]) -> bool:
        row = dict(zip(columns, values))
        ok = abs(row["total"] - sum((row[c] for c in APPLICANTS[:6]), 0.0)) < 1e-6
        if "org_subtotal" in row:
            ok = ok and abs(row["org_subtotal"] - sum((row[c] for c in APPLICANTS[1:6]), 0.0)) < 1e-6
        return ok

    return check


def _request_row(labels: list[Token], keys: dict[str, list[str]]) -> tuple[str, Token] | None:
    """The outcome a row's label cells name: the most specific (last) one that matches,
    else the last one that is an unambiguous beginning of a label cut by a wrap."""
    for match in (best_key, cut_key):
        for token in reversed(labels):
            key = match(token.key, keys)
            if key:
                return keys[key][0], token
    return None


def _place(doc: Document, label: Token, values: list[Token], columns: tuple[str, ...]) -> tuple[tuple[str, ...], str]:
    """The applicant column of each value.

    A full row is read in order. A row with blanks is read by the position of each
    value after its label where positions mean columns: cells split by separators, or
    split by spaces with every blank printed as a mark ("—", "/"), so that the row has
    one cell per column. Where positions do not fit (a merged label cell shifts them)
    or say nothing, the row is right-aligned: its numbers are the rightmost columns,
    the layout's own rule, and the placement is marked inferred.
    """
    if len(values) == len(columns):
        return columns, "exact"
    row = doc.rows[label.row]
    if not row.positional and 1 < len(values) < len(columns) and all(v.row == label.row for v in values):
        return (), "ambiguous"  # a row read without positions that lost some cells: which, is unknowable
    first = label.pos + label.cell.span  # the column after the label (an HTML label may span several)
    cells_after = len(row.cells) - first
    if all(v.row == label.row and v.kind == "cell" for v in values) and (row.positional or cells_after == len(columns)):
        slots = [v.pos - first for v in values]
        if all(0 <= k < len(columns) for k in slots) and slots == sorted(set(slots)):
            return tuple(columns[k] for k in slots), "exact"
    return columns[len(columns) - len(values) :], "inferred"


@dataclass
class _RequestRow:
    """A section-三 row while the table is read; a glued row that splits several ways keeps its
    ``options`` until the table's column identities settle it (see _settle)."""

    indicator: str
    label: Token
    values: list[Token]
    read: list[Value] | None = None  # None while the row's glued numbers are unsettled
    placed: tuple[str, ...] = ()
    quality: str = "exact"
    options: list[list[Value]] = field(default_factory=list)
    how: str = ""  # how glued cells were split, for the report's notes


def _columns_add_up(rows: list[_RequestRow], choice: dict[int, list[Value]], columns: tuple[str, ...]) -> bool:
    """Whether the table's per-column identities hold with the chosen readings."""
    layout = "gb2021" if any(r.indicator.startswith("requests.other.") for r in rows) else "gb2019"
    table: dict[tuple[str, str], float] = {}
    for n, row in enumerate(rows):
        read = choice.get(n, row.read) or []
        for applicant, value in zip(row.placed or columns, read):
            if value.value is not None:
                table[(row.indicator, applicant)] = value.value
    for rule in identities():
        if rule.kind != "per_applicant" or layout not in rule.layouts:
            continue
        for applicant in columns:
            need = [(i, applicant) for i in rule.total + rule.parts]
            if all(k in table for k in need):
                total = sum(
                    (table[(i, applicant)] for i in rule.total), 0.0
                )  # 0.0: floats (compiled, sum starts as an int)
                if abs(total - sum((table[(i, applicant)] for i in rule.parts), 0.0)) > 1e-6:
                    return False
    return True


def _settle(rows: list[_RequestRow], columns: tuple[str, ...]) -> None:
    """Settle glued rows that split several ways by the table's column identities:
    a combination of readings that makes every identity hold, if it is the only one."""
    open_rows = [n for n, r in enumerate(rows) if r.read is None and r.options]
    if not open_rows or prod(len(rows[n].options) for n in open_rows) > 100_000:
        return
    found = []
    for combo in product(*(rows[n].options for n in open_rows)):
        choice = dict(zip(open_rows, combo))
        if _columns_add_up(rows, choice, columns):
            found.append(choice)
            if len(found) > 1:
                return
    if len(found) == 1:
        for n, read in found[0].items():
            rows[n].read, rows[n].placed, rows[n].quality = read, columns, "inferred"
            rows[n].how = "the table's column identities"


def read_requests_table(doc: Document, stream: list[Token]) -> TableResult:
    """Section 三: from its header (申请人情况) or first full row to 结转下年度继续办理, each row's
    numbers in the applicant columns; a row that fits them several ways or none stays unmapped."""
    keys = request_labels()
    result = TableResult()
    start = next(
        (
            i
            for i, t in enumerate(stream)
            if t.key in ("申请人情况", "自然人")
            or t.key.startswith("本年新收政府信息公开申请")
            or (best_key(t.key, keys) and len(numbers_after(stream, i + 1)) >= FULL_ROW)
        ),
        None,
    )
    if start is None:
        return result
    columns: tuple[str, ...] = APPLICANTS
    labels: list[Token] = []
    rows: list[_RequestRow] = []
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
        row = _RequestRow(found[0], found[1], values)
        rows.append(row)
        result.labels.append(row.label.key)
        glued = any(v.glued for v in values)
        read, quality = read_values(values, len(columns), _row_adds_up(columns))
        if quality == "ambiguous":
            row.options = value_options(values, len(columns), _row_adds_up(columns))
        elif glued or len(values) <= len(columns):
            row.placed, row.quality = (
                (columns, quality) if glued and len(read) == len(columns) else _place(doc, row.label, values, columns)
            )
            row.read = read if row.quality != "ambiguous" else None
            row.how = "its row identity (total = the six columns)" if glued and quality == "inferred" else ""
        if row.indicator == "requests.carry_forward":
            break
    _settle(rows, columns)
    for row in rows:
        text = row.label.cell.text
        if row.read is None:
            result.facts += [_unmapped(v, text) for v in row.values]
            result.warnings.append(
                f"line {row.label.cell.line}: the numbers of row '{text.strip()}' do not "
                f"fit its {len(columns)} columns in one way only; kept unmapped"
            )
            continue
        if row.how:
            result.warnings.append(
                f"line {row.label.cell.line}: glued cells of row '{text.strip()}' split by {row.how}"
            )
        for applicant, value in zip(row.placed, row.read):
            result.facts.append(
                make_fact(
                    value.cell,
                    value.value,
                    indicator=row.indicator,
                    applicant=applicant,
                    unit="件",
                    source="table",
                    raw_label=text,
                    quality=row.quality,
                )
            )
    claim(result, stream, start, last)
    return result


def _review_adds_up(values: list[float]) -> bool:
    """upheld + corrected + other + pending = total, for each of the three groups."""
    return all(abs(sum(values[g : g + 4], 0.0) - values[g + 4]) < 1e-6 for g in (0, 5, 10))


def read_review_table(doc: Document, stream: list[Token]) -> TableResult:
    """Section 四: the fifteen numbers after the 行政复议 header, in order (by cell position where
    a row of fifteen cells prints some blank); unmapped when they fit several ways or none."""
    result = TableResult()
    runs = run_lengths(stream)
    start = next(
        (
            i
            for i, t in enumerate(stream)
            if "行政复议" in t.key
            and not t.is_prose
            and any(
                s.key == "结果维持" or runs[i + 1 + k] == len(REVIEW_COLUMNS)
                for k, s in enumerate(stream[i + 1 : i + HEADER_SPAN])
            )
        ),
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
    positional = (
        not values[0].glued
        and len(values) < len(REVIEW_COLUMNS)
        and len(row_cells) == len(REVIEW_COLUMNS)
        and all(v.row == values[0].row for v in values)
    )
    read, quality = read_values(values, len(REVIEW_COLUMNS), _review_adds_up)
    if quality != "ambiguous" and (len(read) == len(REVIEW_COLUMNS) or positional):
        for k, (token, value) in enumerate(zip(values if positional else [None] * len(read), read)):
            indicator = REVIEW_COLUMNS[token.pos if token else k]
            result.facts.append(
                make_fact(
                    value.cell,
                    value.value,
                    indicator=indicator,
                    unit="件",
                    source="table",
                    raw_label=book[indicator].label_zh,
                    quality=quality,
                )
            )
    else:
        result.facts += [_unmapped(v, "行政复议/行政诉讼 (cell not placeable)") for v in values]
        result.warnings.append(
            f"line {values[0].cell.line}: the review/litigation table's numbers do not fit its "
            f"{len(REVIEW_COLUMNS)} cells in one way only; kept unmapped"
        )
    claim(result, stream, start, i + len(values) - 1)
    return result


def read_gb_tables(doc: Document, stream: list[Token]) -> TableResult:
    """All three 2019/2021 tables; run on every report, since its layout is decided afterwards
    from the labels they saw."""
    result = TableResult()
    for reader in (read_active_table, read_requests_table, read_review_table):
        result.merge(reader(doc, stream))
    return result
