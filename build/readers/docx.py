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

from ..limits import MAX_SPAN, MAX_TABLE_CELLS, MAX_UNPACKED, MAX_ZIP_ENTRIES
from .document import Document, DocumentBuilder, Part
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


def _row_cells(tr: etree._Element, room: int) -> list[Part]:
    """The row's cells, a spanned cell followed by empty ones; UnreadableSource when the
    file's tables would pass ``room`` cells (MAX_TABLE_CELLS in all)."""
    cells: list[Part] = []
    for tc in tr.findall(f"{W}tc"):
        props = tc.find(f"{W}tcPr")
        span_node = props.find(f"{W}gridSpan") if props is not None else None
        merge = props.find(f"{W}vMerge") if props is not None else None
        span = min(max(_int(span_node.get(f"{W}val", "1")), 1), MAX_SPAN) if span_node is not None else 1
        continued = merge is not None and merge.get(f"{W}val", "continue") != "restart"
        if len(cells) + span > room:
            raise UnreadableSource(f"its tables have over {MAX_TABLE_CELLS:,} cells (OGIDATA_MAX_TABLE_CELLS)")
        cells.append(Part("" if continued else _text(tc), span=span))
        cells += [Part("")] * (span - 1)
    return cells


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        return 1


def _document_xml(package: zipfile.ZipFile) -> bytes:
    """word/document.xml, read no further than MAX_UNPACKED bytes whatever its header claims
    (a zip bomb declares a small size or none)."""
    if len(package.infolist()) > MAX_ZIP_ENTRIES:
        raise UnreadableSource(f"the Word file holds over {MAX_ZIP_ENTRIES} files (OGIDATA_MAX_ZIP_ENTRIES)")
    with package.open("word/document.xml") as member:
        data = member.read(MAX_UNPACKED + 1)
    if len(data) > MAX_UNPACKED:
        raise UnreadableSource(
            f"the Word file's text unpacks to over {MAX_UNPACKED >> 20} MB (OGIDATA_MAX_UNPACKED_MB)"
        )
    return data


def read_docx(data: bytes) -> Document:
    """Reader entry point for .docx sources."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            body = etree.fromstring(_document_xml(package)).find(f"{W}body")
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError) as error:
        raise UnreadableSource(f"the Word file could not be opened: {error}") from error
    builder = DocumentBuilder()
    room = MAX_TABLE_CELLS  # for all the file's tables together
    for block in _blocks(body):
        if block.tag == f"{W}p":
            builder.emit([Part(_text(block))])
        elif block.tag == f"{W}tbl":
            for tr in block.iter(f"{W}tr"):
                row = _row_cells(tr, room)
                room -= len(row)
                builder.emit(row)
    if not builder.rows:
        raise UnreadableSource("the Word file holds no text")
    return builder.document("docx")
