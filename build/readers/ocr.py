"""Scanned reports: image-only PDFs read by OCR that runs offline.

Each page is rendered at 150 dpi (pypdfium2) and read by RapidOCR (the
``rapidocr-onnxruntime`` wheel carries the Chinese PP-OCR models, so nothing is
downloaded at run time). Text boxes are grouped into lines by their vertical
centres; each box of a line is a cell, so table rows come out as label and value
cells. Box positions in an OCR line say nothing reliable about columns, so rows are
not positional: a row with blanks is right-aligned, the layout's rule. Every cell
carries the recogniser's confidence; facts read from it are marked ``ocr``.
"""

from __future__ import annotations

import io
from functools import cache

from .document import Cell, Document, Row
from .pdf import PAGE_NUMBER
from .text import UnreadableSource

DPI = 150
POINTS = 72  # PDF units per inch: boxes are given in points, like text-layer PDFs
LINE_TOLERANCE = 0.6  # share of a box's height within which two boxes are on one line


@cache
def _engine() -> object:
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR()


def _lines(boxes: list[tuple[float, float, float, float, str, float]]) -> list[list[tuple[float, float, float, float, str, float]]]:
    """Boxes (x0, top, x1, bottom, text, score) grouped into lines, top to bottom, left to right."""
    lines: list[list[tuple[float, float, float, float, str, float]]] = []
    for box in sorted(boxes, key=lambda b: (b[1] + b[3]) / 2):
        centre, height = (box[1] + box[3]) / 2, box[3] - box[1]
        if lines:
            last = lines[-1]
            last_centre = sum((b[1] + b[3]) / 2 for b in last) / len(last)
            if abs(centre - last_centre) <= LINE_TOLERANCE * height:
                last.append(box)
                continue
        lines.append([box])
    return [sorted(line, key=lambda b: b[0]) for line in lines]


def read_scan(data: bytes) -> Document:
    """Reader entry point for image-only PDFs."""
    try:
        import pypdfium2 as pdfium
    except ImportError as error:  # pragma: no cover - a dependency of the project
        raise UnreadableSource("reading scans needs pypdfium2 and rapidocr-onnxruntime") from error
    try:
        pdf = pdfium.PdfDocument(io.BytesIO(data))
    except Exception as error:  # pdfium raises its own error types
        raise UnreadableSource(f"the scanned PDF could not be opened: {error}") from error
    parts: list[str] = []
    rows: list[Row] = []
    length = 0
    scale = DPI / POINTS
    for number in range(len(pdf)):
        image = pdf[number].render(scale=scale).to_pil()
        found, _ = _engine()(image)  # type: ignore[operator]
        boxes = [(min(p[0] for p in quad) / scale, min(p[1] for p in quad) / scale, max(p[0] for p in quad) / scale,
                  max(p[1] for p in quad) / scale, text, float(score)) for quad, text, score in found or []]
        for line in _lines(boxes):
            if len(line) == 1 and PAGE_NUMBER.match(line[0][4]):
                continue
            if parts:
                parts.append("\n")
                length += 1
            cells = []
            for k, (x0, top, x1, bottom, text, score) in enumerate(line):
                if k:
                    parts.append("\t")
                    length += 1
                cells.append(Cell(text, len(rows) + 1, length, length + len(text), 1, number + 1,
                                  (x0, top, x1, bottom), score))
                parts.append(text)
                length += len(text)
            rows.append(Row(tuple(cells), len(rows) + 1, positional=False))
    if not rows:
        raise UnreadableSource("OCR found no text in the scanned PDF")
    return Document(text="".join(parts), rows=rows, encoding="ocr")
