"""A document's non-empty cells as one stream, the common ground of every table rule.

Whether a table was printed one row per line (tabs, pipes) or one cell per line,
its filled cells come in the same reading order. Table rules walk this stream,
and look at row/position only to confirm an alignment, never to find a cell.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from ..readers.document import Cell, Document
from .model import TableResult
from .normalize import label_key
from .numbers import Number, UNITS, parse_cell

PROSE_LENGTH = 60  # a cell longer than this is a paragraph, not a table cell


@dataclass(frozen=True)
class Token:
    """A filled cell with its row index and its position within that row."""

    row: int
    pos: int
    cell: Cell

    @cached_property
    def key(self) -> str:
        return label_key(self.cell.text)

    @cached_property
    def number(self) -> Number | None:
        return parse_cell(self.cell.text)

    @property
    def is_unit(self) -> bool:
        return self.cell.text.strip() in UNITS

    @property
    def is_prose(self) -> bool:
        return len(self.cell.text.strip()) > PROSE_LENGTH


def tokens(doc: Document) -> list[Token]:
    return [
        Token(r, p, cell)
        for r, row in enumerate(doc.rows)
        for p, cell in enumerate(row.cells)
        if cell.text.strip()
    ]


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
