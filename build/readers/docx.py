"""Word 2007+ reports: paragraphs and real tables read from the document XML.

A cell spanning columns (``w:gridSpan``) is placed once at its first grid column and
the columns it covers are blank; a cell continuing a vertical merge (``w:vMerge``
without ``restart``) is blank, so every row keeps the table's grid. Lines are the
document's blocks in order (a paragraph, or a table row), numbered from 1.
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from .document import Cell, Document, Row
from .text import UnreadableSource

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _text(element: etree._Element) -> str:
    """The text of a paragraph or cell; wrapped lines of a cell are joined without a space."""
    parts = [node.text or "" if node.tag == f"{W}t" else " " for node in element.iter(f"{W}t", f"{W}tab")]
    return " ".join("".join(parts).split())


def _blocks(container: etree._Element | None) -> list[etree._Element]:
    """Paragraphs and tables in order, including those inside content controls (w:sdt)."""
    found: list[etree._Element] = []
    for child in container if container is not None else ():
        if child.tag == f"{W}sdt":
            found += _blocks(child.find(f"{W}sdtContent"))
        elif child.tag in (f"{W}p", f"{W}tbl"):
            found.append(child)
    return found


def _row_cells(tr: etree._Element) -> list[tuple[str, int]]:
    cells: list[tuple[str, int]] = []
    for tc in tr.findall(f"{W}tc"):
        props = tc.find(f"{W}tcPr")
        span_node = props.find(f"{W}gridSpan") if props is not None else None
        merge = props.find(f"{W}vMerge") if props is not None else None
        span = int(span_node.get(f"{W}val", "1")) if span_node is not None else 1
        continued = merge is not None and merge.get(f"{W}val", "continue") != "restart"
        cells.append(("" if continued else _text(tc), span))
        cells += [("", 1)] * (span - 1)
    return cells


def read_docx(data: bytes) -> Document:
    """Reader entry point for .docx sources."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            body = etree.fromstring(package.read("word/document.xml")).find(f"{W}body")
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError) as error:
        raise UnreadableSource(f"the Word file could not be opened: {error}") from error
    parts: list[str] = []
    rows: list[Row] = []
    length = 0

    def emit(cells: list[tuple[str, int]]) -> None:
        nonlocal length
        if not any(text for text, _ in cells):
            return
        if parts:
            parts.append("\n")
            length += 1
        line = len(rows) + 1
        built = []
        for k, (text, span) in enumerate(cells):
            if k:
                parts.append("\t")
                length += 1
            built.append(Cell(text, line, length, length + len(text), span))
            parts.append(text)
            length += len(text)
        rows.append(Row(tuple(built), line))

    for block in _blocks(body):
        if block.tag == f"{W}p":
            emit([(_text(block), 1)])
        elif block.tag == f"{W}tbl":
            for tr in block.iter(f"{W}tr"):
                emit(_row_cells(tr))
    if not rows:
        raise UnreadableSource("the Word file holds no text")
    return Document(text="".join(parts), rows=rows, encoding="docx")
