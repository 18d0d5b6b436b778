"""The one intermediate representation every reader produces.

A :class:`Document` is the decoded text of a report cut into rows of cells. Each cell
keeps its character span in the decoded text and its 1-based line, so every fact
extracted from it can be traced back to the exact place in the source file. Text,
HTML, PDF and Word readers all end here, and extraction never knows which it was.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import cached_property


@dataclass(frozen=True)
class Cell:
    """One table cell (or one whole line of prose), with its place in the source."""

    text: str
    line: int
    start: int
    end: int


@dataclass(frozen=True)
class Row:
    """The cells of one source row, empty cells included so positions stay meaningful."""

    cells: tuple[Cell, ...]
    line: int

    @property
    def is_prose(self) -> bool:
        """A row printed as one cell: a paragraph, a heading, or a cell-per-line table."""
        return len(self.cells) == 1

    @property
    def filled(self) -> list[Cell]:
        return [c for c in self.cells if c.text.strip()]


@dataclass
class Document:
    """A decoded source: its full text and its rows in reading order."""

    text: str
    rows: list[Row] = field(default_factory=list)
    encoding: str = "utf-8"

    @cached_property
    def _row_starts(self) -> list[int]:
        return [row.cells[0].start for row in self.rows]

    def line_of(self, offset: int) -> int:
        """Source line of a character offset into ``text``: the line of the row holding it."""
        index = bisect.bisect_right(self._row_starts, offset) - 1
        return self.rows[max(index, 0)].line if self.rows else 0
