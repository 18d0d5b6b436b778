"""Plain-text reports: decode the bytes, then cut lines into cells.

Reports saved as text flatten their tables with tabs, pipes or one cell per line.
Tabs and pipes are cell separators here; empty cells are kept, because their
position is what tells a right-aligned row from a left-aligned one.
"""

from __future__ import annotations

import re

from charset_normalizer import from_bytes

from .document import Cell, Document, Row

_SEPARATOR = re.compile(r"\t|\|")


class UnreadableSource(ValueError):
    """A source file that cannot become a report: empty, binary or undecodable."""


def decode(data: bytes) -> tuple[str, str]:
    """Decode report bytes, preferring UTF-8 and detecting GB18030 / Big5 otherwise."""
    if not data.strip():
        raise UnreadableSource("the file is empty")
    if b"\x00" in data[:4096]:
        raise UnreadableSource("the file is binary (NUL bytes), not a text report")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data, cp_isolation=["gb18030", "big5", "utf_16"]).best()
    if best is None:
        raise UnreadableSource("the text encoding could not be detected (not UTF-8, GB18030 or Big5)")
    return str(best), best.encoding


def _cells(line: str, number: int, offset: int) -> tuple[Cell, ...]:
    cells, start = [], 0
    for match in _SEPARATOR.finditer(line):
        cells.append(Cell(line[start : match.start()], number, offset + start, offset + match.start()))
        start = match.end()
    cells.append(Cell(line[start:], number, offset + start, offset + len(line)))
    if len(cells) > 1 and not cells[-1].text.strip():
        cells.pop()  # "统计数 |" and "...\t" end with a separator, not a cell
    return tuple(cells)


def document_from_text(text: str, encoding: str = "utf-8") -> Document:
    """Cut decoded text into rows: one per non-blank line."""
    rows, offset = [], 0
    # Only "\n" ends a line: that is how editors and `sed -n` number the file.
    for number, line in enumerate(text.split("\n"), start=1):
        body = line.rstrip("\r")
        if body.strip():
            rows.append(Row(_cells(body, number, offset), number))
        offset += len(line) + 1
    return Document(text=text, rows=rows, encoding=encoding)


def read_text(data: bytes) -> Document:
    """Reader entry point for .txt sources."""
    text, encoding = decode(data)
    if not text.strip():
        raise UnreadableSource("the file holds only white space")
    return document_from_text(text, encoding)
