"""Scanned pages: read by OCR that runs offline.

A page without a text layer is rendered at 150 dpi (pypdfium2) and read by RapidOCR
(the ``rapidocr-onnxruntime`` wheel carries the Chinese PP-OCR models, so nothing is
downloaded at run time). Text boxes are grouped into lines by their vertical centres;
each box of a line is a cell, so table rows come out as label and value cells. A box's
place in its line says nothing reliable about its column (the OCR misses cells, a lone
0 most often), so rows are not positional; the requests table places a short row's
numbers by their x-centres on the columns the numbers of all its rows mark out, the
review table on those its stacked header characters mark out (extraction/table_gb.
scanned_columns). A page with a table of numbers (a line holding three) is read a second time at twice the
resolution, where a lone "0" in a small cell is found that the first reading missed: a
number the second reading finds where the first found nothing is added, and of a number the
two read differently the likelier reading is kept at half its confidence, so that the
accounting identities decide whether it is taken (extraction/checks.misread); an "o", "O"
or "Q" among a row's numbers is read as the 0 it stands for, at half its confidence. A page
scanned askew (its text lines sloping by a third of a degree or more) is turned level by that
slope and read again: at 1.5° a table's rows run into each other's lines. Every cell
carries the recogniser's confidence; facts read from it are marked ``ocr``. The PDF
reader sends each page without text here, so a file of scanned and typed pages reads whole.
"""

from __future__ import annotations

import io
import math
import re
from functools import cache
from typing import Any

from .document import Part
from .text import PAGE_NUMBER, UnreadableSource

DPI = 150
DETAIL_DPI = 300  # the second reading of a page with a table
TABLE_ROW = 3  # numbers on one line from which a page is taken to hold a table
NUMBER = re.compile(r"\d+(?:\.\d+)?")
ZERO_LIKE = frozenset("oOQ")  # what the recogniser reads for a lone 0 in a small cell
POINTS = 72  # PDF units per inch: boxes are given in points, like text-layer PDFs
BLANK = 16  # grey levels: a page whose lightest and darkest pixels differ by no more is blank
LINE_TOLERANCE = 0.6  # share of a box's height within which two boxes are on one line
SKEW = 0.3  # degrees: a page whose text lines slope by more is turned level and read again
TEXT_LINE = 3  # a box this many times wider than high is a line of text, whose slope is the page's


@cache
def _engine() -> Any:
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError as error:
        raise UnreadableSource(
            "reading scanned pages needs the OCR engine: pip install rapidocr-onnxruntime"
        ) from error
    return RapidOCR()


def _lines(
    boxes: list[tuple[float, float, float, float, str, float]],
) -> list[list[tuple[float, float, float, float, str, float]]]:
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


Box = tuple[float, float, float, float, str, float]


def _read(page: Any, dpi: int) -> list[Box]:
    """The boxes (x0, top, x1, bottom in points, text, score) the recogniser finds on a page
    rendered at ``dpi``; none on a blank page."""
    scale = dpi / POINTS
    image = page.render(scale=scale).to_pil()
    darkest, lightest = image.convert("L").getextrema()
    if lightest - darkest <= BLANK:  # nothing on the page: the recogniser would spend half a second finding that
        return []
    found, _ = _engine()(image)
    skew = _slope(found or [])
    if abs(skew) >= SKEW:
        from PIL import Image

        image = image.rotate(skew, resample=Image.Resampling.BICUBIC, fillcolor="white")
        found, _ = _engine()(image)
    return [
        (
            min(p[0] for p in quad) / scale,
            min(p[1] for p in quad) / scale,
            max(p[0] for p in quad) / scale,
            max(p[1] for p in quad) / scale,
            text,
            float(score),
        )
        for quad, text, score in found or []
    ]


def _slope(found: list[Any]) -> float:
    """The page's skew in degrees: the median slope of the top edges of its text lines (the
    recogniser's quadrilaterals follow a sloping line), 0 with no line long enough to tell."""
    slopes = sorted(
        math.degrees(math.atan2(quad[1][1] - quad[0][1], quad[1][0] - quad[0][0]))
        for quad, _, _ in found
        if math.dist(quad[0], quad[1]) > TEXT_LINE * math.dist(quad[0], quad[3])
    )
    return slopes[len(slopes) // 2] if slopes else 0.0


def _under(box: Box, boxes: list[Box]) -> Box | None:
    """The box of ``boxes`` that holds ``box``'s centre, if any."""
    x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return next((b for b in boxes if b[0] <= x <= b[2] and b[1] <= y <= b[3]), None)


def merged(first: list[Box], detail: list[Box]) -> list[Box]:
    """The first reading's boxes with the numbers only the detailed reading found added; where
    the two read a number differently, the likelier reading at half its confidence."""
    differing = {
        id(under): box
        for box in detail
        if NUMBER.fullmatch(box[4])
        and (under := _under(box, first)) is not None
        and (NUMBER.fullmatch(under[4]) or under[4] in ZERO_LIKE)
        and under[4] != box[4]
    }
    kept = []
    for box in first:
        other = differing.get(id(box))
        if other is not None:  # a letter read for a digit is never the likelier reading
            likelier = box if box[5] >= other[5] and box[4] not in ZERO_LIKE else other
            box = box[:4] + (likelier[4], likelier[5] / 2)
        kept.append(box)
    return kept + [box for box in detail if NUMBER.fullmatch(box[4]) and _under(box, first) is None]


def _numbers(line: list[Box]) -> int:
    return sum(bool(NUMBER.fullmatch(box[4])) for box in line)


def _zeros(line: list[Box]) -> list[Box]:
    """A table row's letters that stand for a lone 0 ("o", "O", "Q" among its numbers), read as
    0 at half their confidence; a line with fewer than two numbers is left as it is."""
    if _numbers(line) < 2:
        return line
    return [box[:4] + ("0", box[5] / 2) if box[4] in ZERO_LIKE else box for box in line]


def page_lines(data: bytes, number: int) -> list[list[Part]]:
    """The OCR'd lines of page ``number`` (1-based), each box a cell with its confidence."""
    import pypdfium2 as pdfium

    page = pdfium.PdfDocument(io.BytesIO(data))[number - 1]
    boxes = _read(page, DPI)
    lines = _lines(boxes)
    if any(_numbers(line) >= TABLE_ROW for line in lines):
        lines = _lines(merged(boxes, _read(page, DETAIL_DPI)))
    return [
        [
            Part(text, page=number, bbox=(x0, top, x1, bottom), confidence=score)
            for x0, top, x1, bottom, text, score in _zeros(line)
        ]
        for line in lines
        if not (len(line) == 1 and PAGE_NUMBER.match(line[0][4]))
    ]
