"""The one intermediate representation every reader produces.

A :class:`Document` is the decoded text of a report cut into rows of cells. Each cell
keeps its character span in the decoded text and its 1-based line, so every fact
extracted from it can be traced back to the exact place in the source file. Text,
HTML, PDF and Word readers all end here, and extraction never knows which it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field


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

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, for messages that quote the source."""
        lines = self.text.splitlines()
        return lines[line - 1] if 0 < line <= len(lines) else ""
