"""What extraction produces for one report."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..readers.document import Cell


@dataclass(frozen=True)
class Fact:
    """One published number and where it stands in the source.

    ``quality`` says how its cell was placed: ``exact`` (one reading only),
    ``inferred`` (placed by a layout rule such as right-alignment) or ``ambiguous``
    (the source allows several readings; kept unmapped rather than guessed).
    """

    indicator: str
    applicant: str
    value: float
    unit: str
    source: str  # "table" or "text"
    quality: str
    raw_label: str
    raw_value: str
    line: int
    start: int
    end: int


def make_fact(
    cell: Cell,
    value: float,
    *,
    indicator: str,
    unit: str,
    source: str,
    raw_label: str,
    applicant: str = "",
    quality: str = "exact",
    raw_value: str | None = None,
) -> Fact:
    return Fact(
        indicator=indicator,
        applicant=applicant,
        value=value,
        unit=unit,
        source=source,
        quality=quality,
        raw_label=" ".join(raw_label.split()),
        raw_value=(cell.text if raw_value is None else raw_value).strip(),
        line=cell.line,
        start=cell.start,
        end=cell.end,
    )


@dataclass
class TableResult:
    """Facts read from statistics tables, and which rows the tables occupied."""

    facts: list[Fact] = field(default_factory=list)
    claimed_rows: set[int] = field(default_factory=set)  # indexes into Document.rows
    labels: list[str] = field(default_factory=list)  # label keys seen, for layout detection
    warnings: list[str] = field(default_factory=list)

    def merge(self, other: TableResult) -> None:
        self.facts += other.facts
        self.claimed_rows |= other.claimed_rows
        self.labels += other.labels
        self.warnings += other.warnings
