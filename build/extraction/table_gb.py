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

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from itertools import combinations, product
from math import prod

from ..readers.document import Cell, Document, make_cell
from .cells import Token, Value, claim, numbers_after, read_values, run_lengths, value_options
from .lexicon import (
    APPLICANTS,
    APPLICANTS_WITH_SUBTOTAL,
    active_axes,
    best_key,
    codebook,
    cut_key,
    identities,
    read_data,
    request_labels,
    request_orders,
)
from .model import Fact, TableResult, make_fact
from .normalize import nfkc
from .numbers import CN_DIGITS, convert_unit

REVIEW_COLUMNS = tuple(
    f"{group}.{outcome}"
    for group in ("review", "litigation.direct", "litigation.after_review")
    for outcome in ("upheld", "corrected", "other", "pending", "total")
)
# The words of the review table's header: a cell made of these alone heads columns, it is no row's or section's.
REVIEW_HEADER_CHARACTERS = frozenset("行政复议诉讼未经直接起后结果维持纠正其他尚未审总计")
# Tokens between 行政复议 and its numbers: a header printed one character a cell (结/果/维/持) takes about 80.
HEADER_SPAN = 150
MAX_ROWS = 40  # a requests table has at most 26 rows: a longer run of whole rows is no table's
FULL_ROW = 5  # a requests label followed by this many numbers starts the table even without its header
# A scan's value columns (scanned_columns): numbers whose centres lie this close (points) are one
# column, if the numbers of this many rows stand in it.
GRID_WIDTH, GRID_ROWS = 8.0, 3


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


def _joined(stream: list[Token], i: int, keys: dict[str, str], parts: int = 4) -> tuple[str | None, int]:
    """A label printed over several cells ("本年新" / "制作数量", a crawl's "本年" / "制" / "发件" / "数"):
    the lexicon key that one to four consecutive label cells spell, and how many cells it took."""
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
    """The unit a money column is printed in, read from its header text (folded: 萬元 is 万元)."""
    header = nfkc(header)
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
        if header and header[0][0].row != header[-1][0].row:  # a header over several lines: its text's order
            for standard in _standard_columns(row).values():  # is not its columns'; the form's is
                if len(standard) == len(named) == count and sorted(standard) == sorted(n or "" for n in named):
                    return list(standard), "inferred" if list(standard) != named else "exact"
        return named, "exact"
    for standard in _standard_columns(row).values():
        if len(standard) == len(named) == count and all(n in (None, s) for n, s in zip(named, standard)):
            return list(standard), "inferred"
    return named, "exact"


def _stacked(
    header: list[tuple[Token, str | None]], above: list[Token], columns: dict[str, str]
) -> list[tuple[Token, str | None]]:
    """Header cells printed over two lines with the 信息内容 row between ("本年新" above it,
    "制作数量" below): the cells that name nothing, completed in order by the cells that named
    nothing on the line above, where each pair so joined names a column; else as they are."""
    unnamed = [n for n, (_, column) in enumerate(header) if column is None]
    if not unnamed or not above:
        return header
    if len(above) == len(unnamed):
        names = [columns.get(top.key + header[n][0].key) for top, n in zip(above, unnamed)]
    else:  # the line above spaced out or run together ("本   年   新 本   年   新"): the one cut that names
        names = list(_cut_above("".join(top.key for top in above), tuple(header[n][0].key for n in unnamed)))
    if not names or None in names:
        return header
    completed = list(header)
    for n, name in zip(unnamed, names):
        completed[n] = (header[n][0], name)
    return completed


@cache  # asked again for every row under the same header
def _cut_above(text: str, below: tuple[str, ...]) -> tuple[str | None, ...]:
    """The column each header cell of ``below`` names with its piece of ``text`` (the line above,
    its cells run together) before it, for the one way of cutting ``text`` into as many pieces,
    in order, where every piece so joined names a column; empty when none or several do."""
    if len(below) > 4 or len(text) > 24:  # a header's few cells; past that, no header line
        return ()
    columns = active_axes()[1]
    found = []
    for cuts in combinations(range(1, len(text)), len(below) - 1):
        pieces = [text[a:b] for a, b in zip((0, *cuts), (*cuts, len(text)))]
        names = tuple(columns.get(piece + key) for piece, key in zip(pieces, below))
        if None not in names:
            found.append(names)
    return found[0] if len(found) == 1 else ()


def _scanned_header(header: list[tuple[Token, str | None]], columns: dict[str, str]) -> list[tuple[Token, str | None]]:
    """A scanned header read by columns: the OCR gives it line by line, so cells come out of
    order and a cell wrapped over two lines as two ("本年新" over "制作数量"); cells standing one
    above the other (left edges within GRID_WIDTH) are one, read left to right. Headers not
    read by OCR, or holding a box that names several columns, are returned as they are."""
    if not header or not all(t.cell.bbox and t.cell.confidence is not None for t, _ in header):
        return header
    if len({t.cell.start for t, _ in header}) < len(header):  # one box printing several columns' labels
        return header
    stacks: list[list[tuple[Token, str | None]]] = []
    for entry in sorted(header, key=lambda h: _left(h[0])):
        if stacks and _left(entry[0]) - _left(stacks[-1][0][0]) <= GRID_WIDTH:
            stacks[-1].append(entry)
        else:
            stacks.append([entry])
    read = []
    for stack in stacks:
        stack.sort(key=lambda h: h[0].row)
        names = _all_columns("".join(t.key for t, _ in stack), columns) if len(stack) > 1 else []
        named = columns[names[0]] if len(names) == 1 and names[0] else next((c for _, c in stack if c), None)
        read.append((stack[0][0], named))
    return read


def _left(token: Token) -> float:
    return token.cell.bbox[0] if token.cell.bbox else 0.0


def _spanned(
    header: list[tuple[Token, str | None]], values: list[Token]
) -> tuple[list[tuple[Token, str | None]], list[Token], bool]:
    """A header cell spanning several grid columns, which a markdown conversion repeats in each
    ("本年增/减|本年增/减" over "0|0"), is one column: its repeats go, and so do the same
    value's repeats under it. Where the values under a repeated header differ, which one is
    the column's is unknowable: the third item says so, and the row stays unmapped."""
    if len(values) != len(header) or any(v.glued for v in values):
        return header, values, False

    def repeat(n: int) -> bool:  # the same printed header cell as the one before it, naming a column
        (token, column), (before, column_before) = header[n], header[n - 1]
        return column is not None and column == column_before and token.cell.text == before.cell.text

    repeats = [n for n in range(1, len(header)) if repeat(n)]
    if any(values[n].number != values[n - 1].number for n in repeats):
        return header, values, True
    keep = [n for n in range(len(header)) if n not in repeats]
    return [header[n] for n in keep], [values[n] for n in keep], False


def _cells_a_line(doc: Document, label: Token, values: list[Token], count: int) -> list[int] | None:
    """The columns of a row printed a cell a line whose blank cells print as a line holding only
    their bar ("0 |", "|", "0 |": a page's table as the excerpts' store keeps it): each line after
    the label's is one cell, so a value's column is the number of lines before it. None unless
    the lines from the label's to the last value's are one cell each, hold nothing but the values
    and at least one bar alone, and make exactly the row's cells."""
    if any(v.glued or v.row <= label.row for v in values):
        return None
    span = range(label.row + 1, values[-1].row + 1)
    rows = {v.row for v in values}
    if len(span) != count or len(rows) != len(values):
        return None
    slots = []
    for k, at in enumerate(span):
        cells = doc.rows[at].cells
        if len(cells) != 1 or (at not in rows and cells[0].text.strip()):
            return None
        if at in rows:
            slots.append(k)
    return slots if len(slots) < count else None


def read_active_table(doc: Document, stream: list[Token]) -> TableResult:
    """Section 二's grid: each row's numbers under the column labels of the header block above,
    by cell position where row and header align; numbers that fit several ways or none stay unmapped."""
    rows, columns = active_axes()
    book = codebook()
    result = TableResult()
    header: list[tuple[Token, str | None]] = []
    in_header = False
    loose: list[Token] = []  # cells before a header that name nothing: "本年新" of a header cell over two lines
    above: list[Token] = []
    first = last = None
    i = 0
    while i < len(stream):
        token = stream[i]
        if token.is_prose:
            header, in_header, loose = [], False, []
            i += 1
            continue
        column, width = _joined(stream, i, columns)
        row = (best_key(token.key, rows) or cut_key(token.key, rows)) if not column else None
        if token.key == "信息内容" or (column and not in_header):
            header, in_header = [], True
            above = [t for t in loose if t.row == loose[-1].row] if loose and token.key == "信息内容" else []
            loose = []
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
            if token.number is None and token.key and not column and not row:
                loose.append(token)
            i += 1
            continue
        in_header, loose = False, []
        glued = any(v.glued for v in values)
        row_header, values, conflicting = _spanned(_scanned_header(_stacked(header, above, columns), columns), values)
        read, split_quality = read_values(values, len(row_header))
        same_row = (
            not glued
            and row_header[0][0].row == row_header[-1][0].row
            and all(v.row == token.row for v in values)
            and len(doc.rows[row_header[0][0].row].cells) == len(doc.rows[token.row].cells)
            and (doc.rows[token.row].positional or len(doc.rows[token.row].cells) == len(row_header) + 1)
        )
        by_line = (
            _cells_a_line(doc, token, values, len(row_header))
            if not glued and not same_row and len(values) != len(row_header)
            else None
        )
        # A row read whole (or by its lines) has every column: its header's order is mended as a full row's.
        named, quality = _columns_for(row_header, rows[row], len(row_header) if glued or by_line else len(values))
        unplaceable = ""
        if conflicting:
            unplaceable = "different numbers under one header cell repeated over its span"
        elif split_quality == "ambiguous":
            unplaceable = f"{len(row_header)} cells glued together that split in several ways"
        elif not glued and not same_row and len(values) != len(row_header) and by_line is None:  # whose: unknowable
            unplaceable = f"{len(values)} numbers under {len(row_header)} columns"
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
                next((n for n, (h, _) in enumerate(row_header) if source and h.pos == source.pos), None)
                if same_row
                else by_line[k]
                if by_line
                else k
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
            head = next((h for h, c in row_header if c == named[slot]), row_header[slot][0])  # a reordered header's
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


_SUB_ROW = re.compile(r"^\s*\d{1,2}\s*[.、．]")  # "2.其他法律…": a sub-row of （三）…（六）
_GROUP = re.compile(r"^\s*[(（]\s*[一二三四五六七八九]\s*[)）]")  # "（六）其他处理": a row or group of rows
_NUMBERED = re.compile(r"\d{1,2}\s*[.、．]")  # a sub-row's number anywhere ("（四）无 1.本机关不掌握…")


def _names(token: Token, key: str, keys: dict[str, list[str]]) -> bool:
    """Whether a label cell can name the row ``key`` stands for: a cell numbered as a row or
    group ("（六）其他", the group label cut by a wrap) never names a numbered sub-row ("3.其他"),
    unless it prints the sub-row's number too ("（四）无 1.本机关不掌握…", group and row in one cell)."""
    text = token.cell.text
    return not (_GROUP.match(text) and not _NUMBERED.search(text) and keys[key][0].count(".") > 1)


@cache
def _header_words() -> frozenset[str]:
    """The words of section 三's header (申请人情况, the applicant columns, 总计): printed before the
    first row, they never name it ("其他" is also row 3.其他's key)."""
    notes = ("applicant", "section-three header", "total column")
    return frozenset(row["word"] for row in read_data("table_words.csv") if row["note"].startswith(notes))


def _after_header(labels: list[Token]) -> list[Token]:
    """The label cells of the table's first row: those after the last header word."""
    last = max((n for n, t in enumerate(labels) if t.key in _header_words()), default=-1)
    return labels[last + 1 :]


def _request_row(labels: list[Token], keys: dict[str, list[str]]) -> tuple[str, Token] | None:
    """The outcome a row's label cells name: the most specific (last) one that matches, else the
    last two read as one ("一、本年新收政府信息公开申请" over "数量": a label wrapped onto a second
    line), else the last one as the unambiguous beginning of a label cut by a wrap (before any
    earlier cell: a header word, 其他 or 总计, must not name the table's first row), else the
    last earlier cell that matches or begins a label (see _names). A numbered sub-row label that names nothing
    (misprinted: "2.其他法律行政止公开") leaves the row unnamed, never its group's (the group
    cell a conversion repeats beside it)."""
    last = labels[-1] if labels else None
    if last and _SUB_ROW.match(last.cell.text) and not best_key(last.key, keys) and not cut_key(last.key, keys):
        return None
    if last and not best_key(last.key, keys):
        both = labels[-2].key + last.key if len(labels) > 1 else ""  # wrapped onto a second line
        joined = best_key(both, keys) or (
            cut_key(both, keys) if both and _SUB_ROW.match(labels[-2].cell.text) else None
        )
        if joined:
            return keys[joined][0], labels[-2]
        cut = cut_key(last.key, keys)
        if cut:
            return keys[cut][0], last
    for match in (best_key, cut_key):
        for token in reversed(labels):
            key = match(token.key, keys)
            if key and _names(token, key, keys):
                return keys[key][0], token
    return None


def _nearest(labels: list[Token], keys: dict[str, list[str]]) -> list[Token]:
    """The label cells printed below a row that are its own: up to the first that names or begins
    a row's label and the cells after it that name nothing (the rest of its wrapped text); the
    cells after those are the next rows' or a group's (（三）不予公开 printed below its sub-rows)."""
    first = next((n for n, token in enumerate(labels) if _begins_a_label(token, keys)), None)
    if first is None:
        return labels
    end = first + 1
    while end < len(labels) and not _begins_a_label(labels[end], keys):
        end += 1
    return labels[:end]


def _begins_a_label(token: Token, keys: dict[str, list[str]]) -> bool:
    """Whether the cell names a requests row, or begins the name of one."""
    return bool(best_key(token.key, keys) or cut_key(token.key, keys))


def _centre(token: Token) -> float:
    x0, _, x1, _ = token.cell.bbox or (0.0, 0.0, 0.0, 0.0)
    return (x0 + x1) / 2


def scanned_columns(values: list[Token], k: int, members: int = GRID_ROWS) -> tuple[float, ...] | None:
    """The x-centres of a scanned table's ``k`` value columns, from where the OCR found its
    numbers: centres each within GRID_WIDTH of the one before are one column (a column's "0" and
    "64" stand apart by the width of a digit), and a column holds numbers
    of ``members`` rows at least (a stray number, a label's "2.", is none); None unless exactly
    ``k`` such columns stand out, and for text the OCR did not read (its rows carry no
    positions: see readers/ocr)."""
    centres = sorted(_centre(v) for v in values if v.cell.bbox and v.cell.confidence is not None)
    groups: list[list[float]] = []
    for centre in centres:
        if groups and centre - groups[-1][-1] <= GRID_WIDTH:
            groups[-1].append(centre)
        else:
            groups.append([centre])
    columns = [sum(group) / len(group) for group in groups if len(group) >= members]
    return tuple(columns) if len(columns) == k else None


def _edge_spacing(grid: tuple[float, ...], column: int) -> float:
    """The spacing between an edge column of the grid and its one neighbour."""
    return grid[1] - grid[0] if column == 0 else grid[-1] - grid[-2]


def _by_grid(values: list[Token], grid: tuple[float, ...]) -> list[int] | None:
    """Each value's column on a scanned table's grid (see scanned_columns): the nearest column
    centre, within a third of the narrowest spacing; None when a value is off the grid or two
    share a column."""
    reach = min(b - a for a, b in zip(grid, grid[1:])) / 3
    slots = []
    for value in values:
        centre = _centre(value)
        nearest = min(range(len(grid)), key=lambda c: abs(grid[c] - centre))
        outside = centre - grid[-1] if nearest == len(grid) - 1 else grid[0] - centre if nearest == 0 else 0.0
        if abs(grid[nearest] - centre) >= reach and not 0 < outside < _edge_spacing(grid, nearest):
            return None
        slots.append(nearest)
    return slots if slots == sorted(set(slots)) else None


def _place(
    doc: Document, label: Token, values: list[Token], columns: tuple[str, ...], grid: tuple[float, ...] | None = None
) -> tuple[tuple[str, ...], str]:
    """The applicant column of each value.

    A full row is read in order. A row with blanks is read by the position of each
    value after its label where positions mean columns: cells split by separators, or
    split by spaces with every blank printed as a mark ("—", "/"), so that the row has
    one cell per column. Where positions do not fit (a merged label cell shifts them)
    or say nothing, the row is right-aligned: its numbers are the rightmost columns,
    the layout's own rule, and the placement is marked inferred. A short row printed a
    cell a line, none on its label's line, is another matter: such text prints cells in the
    order the PDF draws them, the label's neighbour first, and the rest of the row anywhere. A
    lone number there is the first column's; several are not placed.
    """
    if len(values) == len(columns):
        return columns, "exact"
    if grid is not None:  # a scan: placed by where its numbers stand, or not at all
        slots = _by_grid(values, grid)
        return (tuple(columns[k] for k in slots), "inferred") if slots is not None else ((), "ambiguous")
    row = doc.rows[label.row]
    if not row.positional and 1 < len(values) < len(columns) and all(v.row == label.row for v in values):
        return (), "ambiguous"  # a row read without positions that lost some cells: which, is unknowable
    if by_line := _cells_a_line(doc, label, values, len(columns)):
        return tuple(columns[k] for k in by_line), "inferred"  # a cell a line, blanks printed as bars alone
    if label is not values[0] and all(v.row != label.row and len(doc.rows[v.row].cells) == 1 for v in values):
        return (columns[:1], "inferred") if len(values) == 1 else ((), "ambiguous")  # a cell a line (plain pdftotext)
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
    by_order: bool = False  # named by the form's row order, its own label lost (see _by_order)


def _identity_results(rows: list[_RequestRow], choice: dict[int, list[Value]], columns: tuple[str, ...]) -> list[bool]:
    """Whether each per-column identity holds with the chosen readings, for every identity and
    column whose cells the table has all read."""
    layout = "gb2021" if any(r.indicator.startswith("requests.other.") for r in rows) else "gb2019"
    table: dict[tuple[str, str], float] = {}
    for n, row in enumerate(rows):
        read = choice.get(n, row.read) or []
        for applicant, value in zip(row.placed or columns, read):
            if value.value is not None and row.indicator:
                table[(row.indicator, applicant)] = value.value
    results = []
    for rule in identities():
        if rule.kind != "per_applicant" or layout not in rule.layouts:
            continue
        for applicant in columns:
            need = [(i, applicant) for i in rule.total + rule.parts]
            if all(k in table for k in need):
                total = sum((table[(i, applicant)] for i in rule.total), 0.0)  # 0.0: floats (compiled)
                results.append(abs(total - sum((table[(i, applicant)] for i in rule.parts), 0.0)) < 1e-6)
    return results


def _columns_add_up(rows: list[_RequestRow], choice: dict[int, list[Value]], columns: tuple[str, ...]) -> bool:
    """Whether the table's per-column identities hold with the chosen readings."""
    return all(_identity_results(rows, choice, columns))


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


def _by_order(rows: list[_RequestRow]) -> None:
    """Name the rows whose label was lost (a conversion printed the label lines away from the
    numbers, or cut it too short to read) by the form's fixed row order: a run of such rows
    between two named rows takes the rows the form has between them, when every order the
    named rows fit with that many rows between them gives the same answer (a form that prints
    its group rows, （三）不予公开, has one more; a group row itself is never named so); otherwise
    they stay unnamed."""
    named = [r.indicator for r in rows if r.indicator]
    fitting = [
        order
        for order in request_orders()
        if all(i in order for i in named) and [order.index(i) for i in named] == sorted({order.index(i) for i in named})
    ]
    n = 0
    while n < len(rows):
        if rows[n].indicator:
            n += 1
            continue
        end = n
        while end < len(rows) and not rows[end].indicator:
            end += 1
        before = rows[n - 1].indicator if n else None
        after = rows[end].indicator if end < len(rows) else None
        answers: set[tuple[str, ...]] = set()
        for order in fitting:  # an order with another number of rows between them is not this table's
            low = order.index(before) + 1 if before else 0
            high = order.index(after) if after else len(order)
            between = order[low:high]
            groups = any(o.startswith(i + ".") for i in between for o in order)  # group rows: never by order
            if high - low == end - n and (before or after) and not groups:
                answers.add(between)
        if len(answers) == 1:
            answer = answers.pop()
            for row, indicator in zip(rows[n:end], answer):
                row.indicator, row.quality, row.by_order = indicator, "inferred", True
        n = end


def _segments(stream: list[Token], start: int) -> tuple[list[tuple[list[Token], list[Token]]], list[Token], int]:
    """The runs of numbers from ``start`` to the first paragraph, each with the label cells
    printed before it; the label cells after the last run; and where the walk ended. A run
    over several lines of two or more numbers each is a row a line (a conversion that lost
    the labels between them), cut there."""
    segments: list[tuple[list[Token], list[Token]]] = []
    labels: list[Token] = []
    i = start
    while i < len(stream) and not stream[i].is_prose:
        if stream[i].number is None or _numeral_piece(stream, i):
            labels.append(stream[i])
            i += 1
            continue
        values = numbers_after(stream, i)
        i += len(values)
        lines: dict[int, list[Token]] = {}
        for v in values:
            lines.setdefault(v.row, []).append(v)
        if len(lines) > 1 and all(len(line) >= 2 for line in lines.values()):
            segments += [(labels if n == 0 else [], line) for n, line in enumerate(lines.values())]
        else:
            segments.append((labels, values))
        labels = []
    return segments, labels, i


def _group_or_leaf(rows: list[_RequestRow]) -> list[str]:
    """Unname each row named by a group's label (（四）无法提供) while the table names all of the
    group's sub-rows but one: a conversion that printed the group's merged cell in its first
    sub-row's line makes that sub-row look like the group's subtotal, and which of the two it is
    only the table's identities could say. Returns the warnings."""
    named = {r.indicator for r in rows if r.indicator}
    form_rows = {o for order in request_orders() for o in order}
    warnings = []
    for row in rows:
        own = sorted(o for o in form_rows if o.startswith(row.indicator + ".")) if row.indicator else []
        missing = [o for o in own if o not in named]
        if len(missing) == 1 and len(own) > 1:
            warnings.append(
                f"line {row.values[0].cell.line}: row '{row.label.cell.text.strip()}' is named by its group, whose "
                f"sub-rows the table prints but for {missing[0]}: the group's subtotal or that sub-row; kept unmapped"
            )
            row.indicator = ""
    return warnings


def _numeral_piece(stream: list[Token], i: int) -> bool:
    """Whether the cell is a Chinese numeral alone on its line, between label cells: a piece of
    the group label "三、本年度办理结果" printed a character a line, not a count (the table prints
    its counts in digits)."""
    token = stream[i]
    alone = (i == 0 or stream[i - 1].row != token.row) and (i + 1 == len(stream) or stream[i + 1].row != token.row)
    numeral = token.cell.text.strip()  # not a zero (〇, ○): a table may print its zeros so
    return alone and len(numeral) == 1 and numeral in CN_DIGITS.lstrip("零〇○") + "十"


def _read_row(
    doc: Document,
    found: tuple[str, Token],
    values: list[Token],
    columns: tuple[str, ...],
    grid: tuple[float, ...] | None,
) -> _RequestRow:
    """A section-三 row: its numbers read (glued runs split) and placed in the applicant columns."""
    row = _RequestRow(found[0], found[1], values)
    glued = any(v.glued for v in values)
    read, quality = read_values(values, len(columns), _row_adds_up(columns))
    if quality == "ambiguous":
        row.options = value_options(values, len(columns), _row_adds_up(columns))
    elif glued or len(values) <= len(columns):
        row.placed, row.quality = (
            (columns, quality) if glued and len(read) == len(columns) else _place(doc, row.label, values, columns, grid)
        )
        row.read = read if row.quality != "ambiguous" else None
        row.how = "its row identity (total = the six columns)" if glued and quality == "inferred" else ""
    elif len(values) == len(columns) + 1 and (rejoined := _rejoined(values, columns)) is not None:
        row.read, row.placed, row.quality = rejoined, columns, "inferred"
        row.how = "its row identity (a number a crawl printed over two lines, 1 / 62, read as one)"
    elif len(values) == len(columns) + 1 and (dropped := _one_too_many(values, columns)):
        if len(dropped) == 1:
            row.read, row.placed, row.quality = dropped[0], columns, "inferred"
            row.how = "its row identity (one number too many, from a column the header printed and the rows did not)"
        else:
            row.options = dropped  # settled by the table's column identities, if they can (see _settle)
    return row


def _one_too_many(values: list[Token], columns: tuple[str, ...]) -> list[list[Value]]:
    """A row printed with one number more than its columns (a conversion that gave the rows a
    column only the header has: 64 | 0 | 0 | 0 | 2 | 0 | 4 | 70): each different reading, one
    number left out, that makes the row add up. The number left out stays unmapped."""
    numbers = _plain_numbers(values)
    if numbers is None:
        return []
    adds_up = _row_adds_up(columns)
    placed = [Value(v.cell, n, None) for v, n in zip(values, numbers)]
    readings: dict[tuple[float, ...], list[Value]] = {}
    for k in range(len(values)):
        kept = numbers[:k] + numbers[k + 1 :]
        if adds_up(kept):
            readings.setdefault(tuple(kept), placed[:k] + placed[k + 1 :])
    return list(readings.values())


def _plain_numbers(values: list[Token]) -> list[float] | None:
    """The values of a row's number cells, or None if any cell is glued or holds no value."""
    numbers = [v.number.value for v in values if v.number is not None and v.number.value is not None]
    return numbers if len(numbers) == len(values) else None


def _rejoined(values: list[Token], columns: tuple[str, ...]) -> list[Value] | None:
    """A row printed a cell a line with one number too many, where a crawl broke one number over
    two lines (1 / 62 for 162): the one pair of neighbouring lines that, read as one number, makes
    the row add up; None when no pair or several do."""
    numbers = _plain_numbers(values)
    if numbers is None:
        return None
    adds_up = _row_adds_up(columns)
    placed = [Value(v.cell, n, None) for v, n in zip(values, numbers)]
    readings = []
    for k in range(len(values) - 1):
        first, second = values[k], values[k + 1]
        digits = first.cell.text.strip() + second.cell.text.strip()
        if first.row == second.row or not digits.isdecimal() or digits.startswith("0"):
            continue
        if adds_up([*numbers[:k], float(digits), *numbers[k + 2 :]]):
            cell = make_cell(digits, first.cell.line, first.cell.start, second.cell.end)
            readings.append([*placed[:k], Value(cell, float(digits), None), *placed[k + 2 :]])
    return readings[0] if len(readings) == 1 else None


def _whole_rows(values: list[Token], columns: tuple[str, ...]) -> tuple[list[list[Token]], int] | None:
    """A run of numbers that is several whole rows printed one after another (a conversion that
    printed a cell a line and the rows' labels apart from them): its rows, when every one adds up
    (total = the six columns), and how many of them were printed across; None otherwise.

    Plain ``pdftotext`` prints some runs a row at a time and others, after a few rows, column by
    column (each column's cells of the remaining rows, then the next column's). A run whose rows
    read across do not all add up is tried as its first rows read across and the rest read down,
    and cut so only where one such reading adds up."""
    width = len(columns)
    numbers = _plain_numbers(values)
    if numbers is None or len(values) < 2 * width or len(values) % width or len(values) > MAX_ROWS * width:
        return None
    adds_up = _row_adds_up(columns)
    count = len(values) // width
    readings: dict[tuple[float, ...], tuple[list[list[Token]], int]] = {}
    for across in range(count, -1, -1):
        down = count - across
        order = [list(range(k * width, (k + 1) * width)) for k in range(across)]
        order += [list(range(across * width + k, len(values), down)) for k in range(down)]
        if all(adds_up([numbers[i] for i in row]) for row in order):
            read = tuple(numbers[i] for row in order for i in row)
            # the same numbers from another split (zeros): which rows the label's run starts with is unknown
            first = readings[read][1] if read in readings else across
            readings[read] = ([[values[i] for i in row] for row in order], across if first == across else 0)
            if across == count:
                break  # read across, as almost every conversion prints it
    return next(iter(readings.values())) if len(readings) == 1 else None


def _better(cut: list[_RequestRow], rows: list[_RequestRow], columns: tuple[str, ...]) -> bool:
    """Whether the rows read with runs cut into whole rows (see _whole_rows) name more cells than
    the rows read without, each row once, with every column identity the table can check holding."""

    def named(some: list[_RequestRow]) -> int:
        return sum(len(r.read or ()) for r in some if r.indicator)

    indicators = [r.indicator for r in cut if r.indicator]
    checked = _identity_results(cut, {}, columns)
    return named(cut) > named(rows) and len(set(indicators)) == len(indicators) and bool(checked) and all(checked)


def _request_rows(
    doc: Document,
    segments: list[tuple[list[Token], list[Token]]],
    trailing: list[Token],
    keys: dict[str, list[str]],
    columns: tuple[str, ...],
    labels_from: str,
    grid: tuple[float, ...] | None = None,
    stacked: bool = False,
) -> list[_RequestRow]:
    """The table's rows, each run of numbers named by the label cells before it (``labels_from``
    "before"); by those after it ("after": a conversion that printed each label below its numbers);
    or by a label on its own line, else the lines after it ("inline": a markdown conversion that
    kept some labels in their rows and printed the others below them). Up to 结转下年度继续办理,
    rows without a readable label are placed by the form's row order. With ``stacked``, a run that
    is several whole rows (see _whole_rows) is cut into them: the first named by the labels, the
    others by the row order."""
    rows = []
    for k, (before, values) in enumerate(segments):
        after = segments[k + 1][0] if k + 1 < len(segments) else trailing
        if labels_from == "inline":
            own = [t for t in before if t.row == values[0].row]
            below = [t for t in after if k + 1 == len(segments) or t.row != segments[k + 1][1][0].row]
            labels = own or _nearest(below, keys)
        else:
            labels = _nearest(after, keys) if labels_from == "after" else before
        if k == 0 and labels_from == "before":
            labels = _after_header(labels)
        found = _request_row(labels, keys) or ("", labels[-1] if labels else values[0])
        parts, across = (_whole_rows(values, columns) if stacked else None) or ([values], 1)
        if not across:  # rows read down: the label printed before them may be any one's
            found = ("", parts[0][0])
        rows.append(_read_row(doc, found, parts[0], columns, grid))
        rows += [_read_row(doc, ("", part[0]), part, columns, grid) for part in parts[1:]]
        if found[0] == "requests.carry_forward" or (found[0] == "requests.total" and len(parts) == 2):
            break  # the row after 总计 is 结转下年度继续办理, in every form
    _by_order(rows)
    _settle(rows, columns)
    return rows


def read_requests_table(doc: Document, stream: list[Token]) -> TableResult:
    """Section 三: from its header (申请人情况) or first full row to 结转下年度继续办理, each row's
    numbers in the applicant columns; a row that fits them several ways or none stays unmapped.

    Rows are named by the labels printed before their numbers; where that reading breaks the
    table's column identities, or leaves rows unnamed, by the labels printed after them, or by a
    row's own label and else the nearest below it: whichever first keeps every identity and
    checks more of them."""
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
    segments, trailing, end = _segments(stream, start)
    if not segments:
        return result
    close = next((k for k in range(start, end) if "结转下年度继续办理" in stream[k].key), end)
    columns = APPLICANTS_WITH_SUBTOTAL if any(t.key == "小计" for t in stream[start:close]) else APPLICANTS
    grid = scanned_columns([v for _, values in segments for v in values], len(columns))
    rows = _request_rows(doc, segments, trailing, keys, columns, "before", grid=grid)
    checked = _identity_results(rows, {}, columns)
    cut = _request_rows(doc, segments, trailing, keys, columns, "before", grid=grid, stacked=True)
    if _better(cut, rows, columns):
        rows, checked = cut, _identity_results(cut, {}, columns)
        result.warnings.append(
            f"line {rows[0].values[0].cell.line}: the requests table prints several rows' numbers in one "
            "run; cut into whole rows and named by the form's row order (the table's column identities hold so)"
        )
    if not checked or not all(checked) or any(not r.indicator for r in rows):
        for labels_from, how in (
            ("after", "each row's label after its numbers"),
            ("inline", "some rows' labels after their numbers, the others' in their own line"),
        ):
            after = _request_rows(doc, segments, trailing, keys, columns, labels_from, grid=grid)
            kept = _identity_results(after, {}, columns)
            more = not all(checked) or len(kept) > len(checked)  # it checks more of the table, or this fails
            if kept and all(kept) and more and any(r.indicator == "requests.new" for r in after):
                rows = after
                result.warnings.append(
                    f"line {rows[0].values[0].cell.line}: the requests table prints {how}; rows named "
                    "so (the table's column identities hold, and more of them are checked)"
                )
                break
    result.warnings += _group_or_leaf(rows)
    for row in rows:
        if row.indicator:
            result.labels.append(row.label.key)
    tail = rows[-1]
    last = stream.index(tail.values[-1])
    if tail.label is not tail.values[0]:
        last = max(last, stream.index(tail.label))
    for row in rows:
        text = row.label.cell.text if row.label is not row.values[0] else "(row without label)"
        if not row.indicator:
            result.facts += [_unmapped(v, text) for v in row.values]
            continue
        if row.read is None:
            result.facts += [_unmapped(v, text) for v in row.values]
            result.warnings.append(
                f"line {row.label.cell.line}: the numbers of row '{text.strip()}' do not "
                f"fit its {len(columns)} columns in one way only; kept unmapped"
            )
            continue
        if row.by_order:
            result.warnings.append(
                f"line {row.values[0].cell.line}: numbers without a readable label taken as row "
                f"{row.indicator} by the form's row order"
            )
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
        read = [(value.cell.start, value.cell.end) for value in row.read]
        result.facts += [  # a number a reading left out (see _one_too_many): kept with its row's words
            _unmapped(v, f"{text} · a number too many")
            for v in row.values
            if not any(begin < v.cell.end and v.cell.start < end for begin, end in read)
        ]
    claim(result, stream, start, last)
    return result


def _review_adds_up(values: list[float]) -> bool:
    """upheld + corrected + other + pending = total, for each of the three groups."""
    return all(abs(sum(values[g : g + 4], 0.0) - values[g + 4]) < 1e-6 for g in (0, 5, 10))


def _review_fact(cell: Cell, value: float | None, indicator: str, quality: str) -> Fact:
    """A number of the review table, labelled as the form labels its column."""
    return make_fact(
        cell,
        value,
        indicator=indicator,
        unit="件",
        source="table",
        raw_label=codebook()[indicator].label_zh,
        quality=quality,
    )


def _review_grid(header: list[Token]) -> tuple[float, ...] | None:
    """The x-centres of a scanned review table's fifteen columns, from its header printed a
    character a cell (结/果/维/持 stacked over each column); None unless fifteen stand out."""
    stacked = [t for t in header if len(t.key) == 1 and t.number is None]
    return scanned_columns(stacked, len(REVIEW_COLUMNS), members=2)  # 总/计: two characters


def _header_word(token: Token) -> bool:
    """Whether the cell is a word of the review table's header (总计, 结果维持 …), no row's or section's."""
    return not token.is_prose and bool(token.key) and all(c in REVIEW_HEADER_CHARACTERS for c in token.key)


def _across_header_words(stream: list[Token], i: int) -> list[Token]:
    """The review table's numbers from ``stream[i]`` on, over the header words printed between
    them (plain ``pdftotext`` prints each group's 总计 just before its total: 1 1 0 0 总计 2), up to
    the fifteenth number or the first other cell."""
    found: list[Token] = []
    while i < len(stream) and len(found) < len(REVIEW_COLUMNS):
        if stream[i].number is not None:
            found.append(stream[i])
        elif not _header_word(stream[i]):
            break
        i += 1
    return found


def read_review_table(doc: Document, stream: list[Token]) -> TableResult:
    """Section 四: the fifteen numbers after the 行政复议 header, in order (by cell position where
    a row of fifteen cells prints some blank); unmapped when they fit several ways or none."""
    result = TableResult()
    runs = run_lengths(stream)
    reach = run_lengths(stream, over=_header_word)  # what _across_header_words finds, for every start
    start = next(
        (
            i
            for i, t in enumerate(stream)
            if "行政复议" in t.key
            and not t.is_prose
            and "。" not in t.cell.text  # a sentence's end: prose a crawl cut short, not the header
            and (
                any(
                    s.key == "结果维持"
                    or runs[i + 1 + k] == len(REVIEW_COLUMNS)
                    or (s.number is not None and reach[i + 1 + k] >= len(REVIEW_COLUMNS))
                    for k, s in enumerate(stream[i + 1 : i + HEADER_SPAN])
                )
                or _review_grid(stream[i + 1 : i + HEADER_SPAN]) is not None  # a scan that lost some zeros
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
    row_cells = doc.rows[values[0].row].cells
    positional = (
        not values[0].glued
        and len(values) < len(REVIEW_COLUMNS)
        and len(row_cells) == len(REVIEW_COLUMNS)
        and all(v.row == values[0].row for v in values)
    )
    read, quality = read_values(values, len(REVIEW_COLUMNS), _review_adds_up)
    grid = _review_grid(stream[start:i]) if len(read) < len(REVIEW_COLUMNS) else None
    if grid is not None:  # a scan whose OCR missed cells: each number it read goes to its column
        scanned = [t for t in stream[i:] if t.row == values[0].row and t.number is not None and not t.glued]
        slots = _by_grid(scanned, grid)
        if slots is not None:
            result.facts += [
                _review_fact(t.cell, t.number.value, REVIEW_COLUMNS[k], "inferred")
                for t, k in zip(scanned, slots)
                if t.number is not None
            ]
            claim(result, stream, start, stream.index(scanned[-1]))
            return result
    spread = _across_header_words(stream, i) if len(read) < len(REVIEW_COLUMNS) and not positional else []
    numbers = _plain_numbers(spread)
    if len(spread) == len(REVIEW_COLUMNS) and numbers is not None and _review_adds_up(numbers):
        result.facts += [
            _review_fact(t.cell, n, column, "inferred") for t, n, column in zip(spread, numbers, REVIEW_COLUMNS)
        ]
        result.warnings.append(
            f"line {values[0].cell.line}: the review/litigation table prints header words between its numbers; "
            "its fifteen numbers read in order over them (each group adds up so)"
        )
        claim(result, stream, start, stream.index(spread[-1]))
        return result
    if quality != "ambiguous" and (len(read) == len(REVIEW_COLUMNS) or positional):
        for k, (token, value) in enumerate(zip(values if positional else [None] * len(read), read)):
            result.facts.append(
                _review_fact(value.cell, value.value, REVIEW_COLUMNS[token.pos if token else k], quality)
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
