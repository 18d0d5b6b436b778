"""A document's non-empty cells as one stream, the common ground of every table rule.

Whether a table was printed one row per line (tabs, pipes) or one cell per line,
its filled cells come in the same reading order. Table rules walk this stream,
and look at row/position only to confirm an alignment, never to find a cell.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ..readers.document import Cell, Document, make_cell
from .glued import relex
from .model import TableResult
from .normalize import label_key, nfkc
from .numbers import UNITS, Number, is_blank, parse_cell
from .split import RUN, readings, resolve, value_of

PROSE_LENGTH = 60  # a cell longer than this is a paragraph, not a table cell


class Token:
    """A filled cell with its row index and its position within that row.

    ``kind`` is ``cell`` for a cell as the source printed it; ``run`` for a run of
    digits cut out of a flattened table (it may hold several numbers, and its position
    in the row means nothing); ``label`` for the text between such runs.

    A compiled class: the table rules ask every token for its key and number, which are
    worked out on first use and kept, and read its attributes in C. Tokens compare by value.
    """

    def __init__(self, row: int, pos: int, cell: Cell, kind: str = "cell") -> None:
        self.row = row
        self.pos = pos
        self.cell = cell
        self.kind = kind
        self._key: str | None = None
        self._number: Number | None = None
        self._number_read = False

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Token) and (self.row, self.pos, self.cell, self.kind) == (
            other.row,
            other.pos,
            other.cell,
            other.kind,
        )

    def __hash__(self) -> int:
        return hash((self.row, self.pos, self.cell, self.kind))

    def __repr__(self) -> str:
        return f"Token(row={self.row!r}, pos={self.pos!r}, cell={self.cell!r}, kind={self.kind!r})"

    @property
    def glued(self) -> bool:
        """Whether this is a digit run cut out of a flattened table: it may hold several numbers."""
        return self.kind == "run"

    @property
    def key(self) -> str:
        """The cell's label key (see label_key), worked out on first use and kept."""
        if self._key is None:
            self._key = label_key(self.cell.text)
        return self._key

    @property
    def number(self) -> Number | None:
        """The number the cell holds, or None; never read for a ``label`` piece, whose digits
        (an enumerator, a year such as 2015年度) belong to its label."""
        if not self._number_read:
            self._number = None if self.kind == "label" else parse_cell(self.cell.text)
            self._number_read = True
        return self._number

    @property
    def is_unit(self) -> bool:
        """Whether the cell prints only a unit (条, 万元 …), as the legacy table does between label and value."""
        return nfkc(self.cell.text).strip() in UNITS  # folded: a Traditional copy prints 條, 萬元

    @property
    def is_prose(self) -> bool:
        """Whether the cell is a paragraph, not a table cell (over PROSE_LENGTH characters): a table ends there."""
        return len(self.cell.text.strip()) > PROSE_LENGTH


def tokens(doc: Document) -> list[Token]:
    """The filled cells in reading order; a flattened table inside a long cell is re-cut."""
    stream = []
    for r, row in enumerate(doc.rows):
        for p, cell in enumerate(row.cells):
            if is_blank(cell.text):  # empty, "—", "/", "无": a blank, never a value or a label
                continue
            pieces = relex(cell) if len(cell.text) > PROSE_LENGTH else None
            if pieces is None:
                stream.append(Token(r, p, cell))
            else:
                stream += [Token(r, p, piece, "run" if value else "label") for piece, value in pieces]
    return stream


@dataclass(frozen=True)
class Value:
    """One number placed in a cell: its source cell (a part of a glued run) and value."""

    cell: Cell
    value: float | None
    unit: str | None


def read_values(
    values: list[Token], k: int, accept: Callable[[list[float]], bool] | None = None
) -> tuple[list[Value], str]:
    """The numbers of a row of ``k`` cells, splitting glued runs where there are any.

    Returns the values in order and the quality of their placement; for a glued row
    that splits in several ways (or none), one value-less entry per run and "ambiguous".
    """
    if not any(t.glued for t in values):
        return [Value(t.cell, t.number.value, t.number.unit) for t in values if t.number], "exact"
    spans = [RUN.search(t.cell.text) for t in values]
    runs = [m.group(0) if m else "" for m in spans]
    reading, quality, seen = resolve(runs, k, accept)
    if reading is not None:
        return _placed(values, spans, runs, reading), quality
    if seen == 0 and len(runs) < k and all(t.number for t in values):
        # fewer runs than cells and no way to cut them into k: the row prints only some cells
        return [Value(t.cell, t.number.value, t.number.unit) for t in values if t.number], "inferred"
    return [Value(t.cell, None, None) for t in values], "ambiguous"


def _placed(
    values: list[Token], spans: list[re.Match[str] | None], runs: list[str], reading: list[tuple[int, int, int]]
) -> list[Value]:
    """The values of one reading of a glued row: each cut becomes a cell of its own, with its
    offsets in the source, and a unit printed after a run goes to the run's last number only."""
    placed = []
    for index, start, end in reading:
        token, base = values[index], spans[index].start()  # type: ignore[union-attr]
        cell = token.cell
        sub = make_cell(runs[index][start:end], cell.line, cell.start + base + start, cell.start + base + end)
        unit = token.number.unit if token.number and end == len(runs[index]) else None
        placed.append(Value(sub, value_of(runs[index][start:end]), unit))
    return placed


def value_options(
    values: list[Token], k: int, accept: Callable[[list[float]], bool] | None = None
) -> list[list[Value]]:
    """Every reading of a glued row that ``accept`` allows, for settling it with other rows."""
    spans = [RUN.search(t.cell.text) for t in values]
    runs = [m.group(0) if m else "" for m in spans]
    return [_placed(values, spans, runs, r) for r in readings(runs, k, accept)]


def run_lengths(stream: list[Token], over: Callable[[Token], bool] | None = None) -> list[int]:
    """For each position, how many value cells run from it, passing ``over`` the cells it
    accepts without counting them (one pass, for anchors that look ahead at every token)."""
    runs = [0] * (len(stream) + 1)
    for i in range(len(stream) - 1, -1, -1):
        if stream[i].number is not None:
            runs[i] = runs[i + 1] + 1
        elif over is not None and over(stream[i]):
            runs[i] = runs[i + 1]
    return runs


def numbers_after(stream: list[Token], i: int) -> list[Token]:
    """The run of value cells that starts at ``stream[i]``."""
    run = []
    while i < len(stream) and stream[i].number is not None:
        run.append(stream[i])
        i += 1
    return run


def claim(result: TableResult, stream: list[Token], first: int, last: int) -> None:
    """Record that a table runs from its first to its last token (inclusive)."""
    result.claimed.add(stream[first].cell.start, stream[last].cell.end)
