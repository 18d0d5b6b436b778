"""The one intermediate representation every reader produces.

A :class:`Document` is the text of a report cut into rows of cells. Each cell keeps
its character span in ``Document.text`` and its 1-based line in the source file, so
every fact can be traced back. For a text file ``Document.text`` is the decoded file
itself; for HTML it is the text the reader rebuilt from the markup (cells joined by
tabs, rows by newlines), and the line is the HTML source line of the element. Every
reader ends here, and extraction never knows which it was.
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
    span: int = 1  # grid columns the cell covers (an HTML colspan)
    page: int | None = None  # PDF: the 1-based page
    bbox: tuple[float, float, float, float] | None = None  # PDF: x0, top, x1, bottom in points
    confidence: float | None = None  # OCR: the recogniser's confidence in the text


@dataclass(frozen=True)
class Row:
    """The cells of one source row, empty cells included so positions stay meaningful.

    ``positional`` is False for a row whose cells were told apart only by spaces: a
    cell left empty there leaves no trace, so positions say nothing about columns.
    """

    cells: tuple[Cell, ...]
    line: int
    positional: bool = True

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

    def row_at(self, offset: int) -> Row | None:
        """The row holding a character offset into ``text``."""
        index = bisect.bisect_right(self._row_starts, offset) - 1
        return self.rows[max(index, 0)] if self.rows else None

    def line_of(self, offset: int) -> int:
        """Source line of a character offset into ``text``: the line of the row holding it."""
        row = self.row_at(offset)
        return row.line if row else 0
