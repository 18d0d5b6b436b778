"""What extraction produces for one report."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from ..readers.document import Cell, new_tuple


class Fact(NamedTuple):
    """One published number and where it stands in the source: a named tuple, since reports
    hold hundreds and a tuple is cheaper to make and pickle than a dataclass (docs/performance.md).

    ``quality`` says how its cell was placed: ``exact`` (one reading only),
    ``inferred`` (placed by a layout rule such as right-alignment, an identity, another
    copy of the report, or printed as approximate: "17829余条") or ``ambiguous`` (the
    source allows several readings: kept unmapped rather than guessed, and without a
    value when it is a glued run of digits that splits several ways).
    """

    indicator: str
    applicant: str
    value: float | None  # None only for a glued run that splits in several ways
    unit: str
    source: str  # "table" or "text"
    quality: str
    raw_label: str
    raw_value: str
    line: int
    start: int
    end: int
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    confidence: float | None = None  # OCR only
    file: str = ""  # another source file than the report's own (an attachment read with it)
    # For a glued run kept unsplit: the "indicator|applicant" of each cell it spans, in
    # order ("" where a cell has no indicator), so that another copy of the report can
    # settle the split later. Not published.
    glued_as: tuple[str, ...] = ()


def make_fact(
    cell: Cell,
    value: float | None,
    *,
    indicator: str,
    unit: str,
    source: str,
    raw_label: str,
    applicant: str = "",
    quality: str = "exact",
    raw_value: str | None = None,
    glued_as: tuple[str, ...] = (),
) -> Fact:
    """The one way the extraction makes a Fact: from the cell (or the span of prose, as a
    cell) it was read from, which gives its position, raw value and OCR confidence."""
    read_by_ocr = cell.confidence is not None and quality != "ambiguous"
    # Made as the tuple it is: a named tuple's __new__ is a Python function, and taking
    # fifteen keywords there cost four times as much (reports make a hundred facts each).
    return new_tuple(
        Fact,
        (
            indicator,
            applicant,
            value,
            unit,
            source,
            "ocr" if read_by_ocr else quality,
            " ".join(raw_label.split()),
            (cell.text if raw_value is None else raw_value).strip(),
            cell.line,
            cell.start,
            cell.end,
            cell.page,
            cell.bbox,
            cell.confidence,
            "",
            glued_as,
        ),
    )


@dataclass
class Claimed:
    """Character spans of the document that statistics tables occupy.

    Spans, not rows: a crawled page can hold a whole report, prose and tables, on one
    line, and the prose around a table must still be read.
    """

    spans: list[tuple[int, int]] = field(default_factory=list)

    def add(self, start: int, end: int) -> None:
        """Claim [start, end); the spans are kept sorted, as :meth:`free` needs."""
        self.spans = sorted(self.spans + [(start, end)])

    def covers(self, offset: int) -> bool:
        """Whether ``offset`` lies inside a table, where a numbered heading is not a section's."""
        return any(start <= offset < end for start, end in self.spans)

    def free(self, start: int, end: int) -> list[tuple[int, int]]:
        """The parts of [start, end) outside every claimed span."""
        parts, cursor = [], start
        for s, e in self.spans:
            if e <= cursor or s >= end:
                continue
            if s > cursor:
                parts.append((cursor, s))
            cursor = max(cursor, e)
        if cursor < end:
            parts.append((cursor, end))
        return parts


@dataclass
class TableResult:
    """Facts read from statistics tables, and the spans the tables occupied."""

    facts: list[Fact] = field(default_factory=list)
    claimed: Claimed = field(default_factory=Claimed)
    labels: list[str] = field(default_factory=list)  # label keys seen, for layout detection
    warnings: list[str] = field(default_factory=list)

    def merge(self, other: TableResult) -> None:
        """Add another table reader's facts, spans, labels and warnings to these."""
        self.facts += other.facts
        for span in other.claimed.spans:
            self.claimed.add(*span)
        self.labels += other.labels
        self.warnings += other.warnings
