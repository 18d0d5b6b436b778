"""PDF reports with a text layer: body lines and ruled tables from the page geometry.

pdfplumber (MIT) finds tables from their ruling lines; a merged cell is placed once,
the positions it covers are blank, so rows keep their grid. Text outside the tables
is read as lines. Lines and table rows of a page are put in reading order by their
position, and the pages one after another, so a table that runs over a page break
simply continues. Page numbers in the footer ("- 3 -") are never taken for content.
A fact from a PDF carries its page and box.

An image-only PDF (a scan) has no text layer: it is read by OCR (see ``ocr``).
"""

from __future__ import annotations

import io
import logging
import re
import time

from ..limits import MAX_OCR_PAGES, MAX_OCR_SECONDS
from .document import Document, DocumentBuilder, Part
from .text import PAGE_NUMBER, UnreadableSource

NUMBER = re.compile(r"^[-+]?[\d,.]+\s*(?:万元|元|件|条)?$")
Box = tuple[float, float, float, float]


def _inside(obj: dict, boxes: list[Box]) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)


def _statistical(rows: list[list[str | None]]) -> bool:
    """A ruled box is a table if it has rows, or is one row of values (a table that
    continues from the previous page); a frame drawn around a line of prose is not."""
    if len(rows) > 1:
        return True
    return all(not (text := (cell or "").strip()) or NUMBER.match(text) for cell in rows[0]) if rows else False


def _cell_text(text: str | None) -> str:
    """Join a cell's wrapped lines: Chinese wraps anywhere, so no space is added."""
    return re.sub(r"\s*\n\s*", "", text or "").strip()


def _page_items(page: object, number: int) -> list[tuple[float, list[Part]]]:
    """(top, cells) of every table row and every text line of one page."""
    items = []
    tables = [t for t in page.find_tables() if _statistical(t.extract())]  # type: ignore[attr-defined]
    boxes = [t.bbox for t in tables]
    for table in tables:
        for row, texts in zip(table.rows, table.extract()):  # extract() takes a char by its centre
            cells: list[Part] = []
            for k, (box, text) in enumerate(zip(row.cells, texts)):
                if box is None:
                    cells.append(Part("", page=number))
                    continue
                span = 1
                while k + span < len(row.cells) and row.cells[k + span] is None:
                    span += 1
                cells.append(Part(_cell_text(text), span=span, page=number, bbox=tuple(box)))
            items.append((row.bbox[1], cells))
    outside = page.filter(lambda obj: obj.get("object_type") != "char" or not _inside(obj, boxes))  # type: ignore[attr-defined]
    for line in outside.extract_text_lines(keep_blank_chars=False):
        text = line["text"].strip()
        if text and not PAGE_NUMBER.match(text):
            items.append(
                (line["top"], [Part(text, page=number, bbox=(line["x0"], line["top"], line["x1"], line["bottom"]))])
            )
    return sorted(items, key=lambda item: item[0])


def read_pdf(data: bytes) -> Document:
    """Reader entry point for .pdf sources with a text layer; scans go to OCR."""
    import pdfplumber

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # font-metric notes are not the reader's concern
    builder = DocumentBuilder()
    ocr_seconds = 0.0
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            scanned = sum(not page.chars for page in pdf.pages)  # counted first: no OCR for a file left out
            typed = len(pdf.pages) - scanned
            if scanned > MAX_OCR_PAGES:
                raise UnreadableSource(
                    f"{scanned} scanned pages, over the {MAX_OCR_PAGES} OCR reads in one file (OGIDATA_MAX_OCR_PAGES)"
                )
            for number, page in enumerate(pdf.pages, start=1):
                if page.chars:
                    for _, cells in _page_items(page, number):
                        builder.emit(cells)
                else:  # a scanned page, perhaps among pages with text
                    from .ocr import page_lines

                    if ocr_seconds > MAX_OCR_SECONDS:
                        raise UnreadableSource(
                            f"OCR took over {MAX_OCR_SECONDS:g} s before page {number} (OGIDATA_MAX_OCR_SECONDS)"
                        )
                    began = time.monotonic()
                    for cells in page_lines(data, number):
                        builder.emit(cells, positional=False)
                    ocr_seconds += time.monotonic() - began
    except UnreadableSource:
        raise
    except Exception as error:  # pdfminer and pdfium raise many kinds on damaged files
        raise UnreadableSource(f"the PDF is damaged or cannot be parsed ({type(error).__name__}: {error})") from error
    if not builder.rows:
        raise UnreadableSource("the PDF holds no text")
    # how the text was had: a text layer, OCR, or both (a scan with some typed pages)
    return builder.document("ocr" if not typed else "pdf+ocr" if scanned else "pdf")
