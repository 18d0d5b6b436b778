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
from typing import NamedTuple

# A crawler's or a page's own times say when a copy was made, not when the report was published:
# a date labelled 日期/时间 counts only when none of these words stands before the label.
# (生成日期 is the publication field of many 政府信息公开目录 pages; 页面生成时间 is not.)
COPY_TIMES = ("采集", "抓取", "爬取", "更新", "访问", "打印", "浏览", "下载", "採集", "訪問", "瀏覽", "下載")
NOT_PUBLISHED = "".join(f"(?<!{word})" for word in COPY_TIMES)


class Cell(NamedTuple):
    """One table cell (or one whole line of prose), with its place in the source.

    A named tuple, not a dataclass: readers make one for every cell of every report,
    and a tuple is much cheaper to make (docs/performance.md)."""

    text: str
    line: int
    start: int
    end: int
    span: int = 1  # grid columns the cell covers (an HTML colspan)
    page: int | None = None  # PDF: the 1-based page
    bbox: tuple[float, float, float, float] | None = None  # PDF: x0, top, x1, bottom in points
    confidence: float | None = None  # OCR: the recogniser's confidence in the text


class Row(NamedTuple):
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
        """The cells with printed text, blanks left out: for reading prose and headings,
        where a blank grid position means nothing."""
        return [c for c in self.cells if c.text.strip()]


@dataclass
class Document:
    """A decoded source: its full text and its rows in reading order."""

    text: str
    rows: list[Row] = field(default_factory=list)
    encoding: str = "utf-8"
    notes: list[str] = field(default_factory=list)  # what the reader could not trust, for the report's notes

    @cached_property
    def _row_starts(self) -> list[int]:
        return [row.cells[0].start for row in self.rows]

    def row_at(self, offset: int) -> Row | None:
        """The row holding a character offset into ``text``."""
        index = bisect.bisect_right(self._row_starts, offset) - 1
        return self.rows[max(index, 0)] if self.rows else None


class Part(NamedTuple):
    """A cell as a reader found it, before it has a place in the document's text.
    ``line`` 0 means "the row's own number" (readers that rebuild a text)."""

    text: str
    line: int = 0
    span: int = 1
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    confidence: float | None = None


# Cells, rows and parts are made as the tuples they are: a named tuple's __new__ is a Python
# function, and readers make one for every cell of every report. The arguments are each
# class's fields in order (a test holds them to it).
new_tuple = tuple.__new__


def make_cell(
    text: str,
    line: int,
    start: int,
    end: int,
    span: int = 1,
    page: int | None = None,
    bbox: tuple[float, float, float, float] | None = None,
    confidence: float | None = None,
) -> Cell:
    """A Cell made by ``tuple.__new__`` (see new_tuple), skipping the named tuple's Python
    constructor, since readers make one for every cell."""
    return new_tuple(Cell, (text, line, start, end, span, page, bbox, confidence))


def make_row(cells: tuple[Cell, ...], line: int, positional: bool = True) -> Row:
    """A Row made by ``tuple.__new__`` (see new_tuple), skipping the named tuple's Python
    constructor as make_cell does."""
    return new_tuple(Row, (cells, line, positional))


def make_part(text: str, line: int = 0, span: int = 1) -> Part:
    """A Part made by ``tuple.__new__`` (see new_tuple), with no page, box or confidence:
    for the HTML reader, whose cells have none."""
    return new_tuple(Part, (text, line, span, None, None, None))


class DocumentBuilder:
    """Lays rows of cells out as one text (cells joined by tabs, rows by newlines),
    recording every cell's span in it: the one way readers make a Document."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.rows: list[Row] = []

    def emit(self, cells: list[Part], positional: bool = True) -> None:
        """Lay one row of cells out after the rows before it; a row with no printed text is
        left out, and a part with ``line`` 0 takes the row's own number."""
        if not any(part.text.strip() for part in cells):
            return
        if self.parts:
            self.parts.append("\n")
            self.length += 1
        number = len(self.rows) + 1
        built = []
        for k, part in enumerate(cells):
            if k:
                self.parts.append("\t")
                self.length += 1
            built.append(
                make_cell(
                    part.text,
                    part.line or number,
                    self.length,
                    self.length + len(part.text),
                    part.span,
                    part.page,
                    part.bbox,
                    part.confidence,
                )
            )
            self.parts.append(part.text)
            self.length += len(part.text)
        self.rows.append(make_row(tuple(built), built[0].line, positional))

    def document(self, encoding: str) -> Document:
        """The Document of the rows emitted so far, with ``encoding`` saying how its text was
        had (a charset, or "docx", "pdf", "ocr" …), which the report records."""
        return Document(text="".join(self.parts), rows=self.rows, encoding=encoding)
