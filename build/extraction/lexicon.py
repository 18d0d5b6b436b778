"""The label crosswalks, loaded from the reviewable CSV files in ``ogidata/data``.

Which printed label means which indicator is data, not code: the codebook's own
Chinese labels, an alias table for variants, a table of prose patterns, and the
accounting identities. Adding a provincial variant is a one-line change to a CSV.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from .normalize import label_key

APPLICANTS = (
    "natural_person",
    "commercial_enterprise",
    "research_institution",
    "public_interest_org",
    "legal_service_org",
    "other_org",
    "total",
)
APPLICANTS_WITH_SUBTOTAL = APPLICANTS[:6] + ("org_subtotal", "total")


def read_data(name: str) -> list[dict[str, str]]:
    """Rows of one of the package's data CSV files; a row with more fields than the header (a comma
    left unquoted in a pattern or a note) is an error, not a silently shortened row."""
    with files("ogidata").joinpath("data", name).open(encoding="utf-8", newline="") as handle:  # type: ignore[call-overload]
        rows = list(csv.DictReader(handle))
    for number, row in enumerate(rows, start=2):
        if None in row:
            raise ValueError(
                f"data/{name} line {number}: more fields than its header has; quote the field with a comma"
            )
    return rows


@dataclass(frozen=True)
class Indicator:
    """One row of the codebook (``data/indicators.csv``): an id such as ``active.rules.new_made``,
    the layouts that print it, its labels (规章 · 本年新制作数量) and its unit."""

    id: str
    layouts: tuple[str, ...]
    section: str
    label_zh: str
    label_en: str
    unit: str
    parent: str
    description: str


@dataclass(frozen=True)
class ProsePattern:
    """One row of ``data/prose_patterns.csv``: a pattern for the clause before a number, the
    topic an outcome word needs (review or litigation), and the indicator it means per layout."""

    pattern: re.Pattern[str]
    topic: str
    legacy: str
    gb: str
    rank: int  # a lower rank states the statistic more plainly and wins over a higher one
    exclude: re.Pattern[str] | None  # labels that look alike but mean a part (经费, 采购 …)

    def matches(self, label: str, topic: str) -> bool:
        """Whether a clause states this statistic under ``topic``, and is not a look-alike ``exclude`` names."""
        return (
            (not self.topic or self.topic == topic)
            and bool(self.pattern.search(label))
            and not (self.exclude and self.exclude.search(label))
        )

    def indicator(self, layout: str) -> str:
        """The id for a report of ``layout``; '' where that layout has no such indicator; PASS where
        the layout has no row for it and the patterns after this one decide (a reason the 2021
        form lists that the legacy table does not: "因涉及过程性信息不予公开2件" is then 不予公开's)."""
        if layout == "legacy" or not self.gb:
            return self.legacy
        return "" if self.gb == "-" else self.gb


PASS = ">"  # in a layout's column of data/prose_patterns.csv: see ProsePattern.indicator


@dataclass(frozen=True)
class Identity:
    """One accounting identity of ``data/identities.csv``, total = sum of parts: checked for each
    applicant (``per_applicant``), along each requests row (``per_row``) or once (``sum``)."""

    rule: str
    layouts: tuple[str, ...]
    kind: str
    total: tuple[str, ...]
    parts: tuple[str, ...]
    description: str


@cache
def codebook() -> dict[str, Indicator]:
    """Every indicator of ``data/indicators.csv`` by id, read once: what the readers map labels to."""
    return {
        row["indicator"]: Indicator(
            row["indicator"],
            tuple(row["layouts"].split()),
            row["section"],
            row["label_zh"],
            row["label_en"],
            row["unit"],
            row["parent"],
            row["description"],
        )
        for row in read_data("indicators.csv")
    }


def _labels(prefix: str) -> dict[str, list[str]]:
    """Normalised label → indicator ids, from the codebook and the alias table."""
    keys: dict[str, list[str]] = {}

    def add(label: str, indicator: str) -> None:
        for variant in label.split(" / "):
            ids = keys.setdefault(label_key(variant.split(" · ")[-1]), [])
            if indicator not in ids:
                ids.append(indicator)

    for indicator in codebook().values():
        if indicator.id.startswith(prefix):
            add(indicator.label_zh, indicator.id)
    for row in read_data("label_aliases.csv"):
        if row["indicator"].startswith(prefix):
            add(row["label"], row["indicator"])
    return keys


@cache
def legacy_labels() -> dict[str, list[str]]:
    """Legacy table rows are matched on the whole label: 采纳意见数 is not 不予采纳意见数."""
    return _labels("legacy.")


@cache
def request_labels() -> dict[str, list[str]]:
    """Section-three row labels of the 2019/2021 forms (予以公开 …) → ``requests.*`` ids; their
    presence also tells those forms from the legacy table (see layout)."""
    return _labels("requests.")


@cache
def request_orders() -> tuple[tuple[str, ...], ...]:
    """The orders in which a section-three table can print its rows: each layout's rows as
    the form lists them, with the subtotal rows of （三）…（六） and without (most organs leave
    them out). The form's fixed order places a row whose label was lost (see table_gb)."""
    orders = []
    for layout in ("gb2019", "gb2021"):
        ids = [i.id for i in codebook().values() if i.id.startswith("requests.") and layout in i.layouts]
        orders.append(tuple(ids))
        orders.append(tuple(i for i in ids if not any(j.startswith(i + ".") for j in ids)))
    return tuple(orders)


@cache
def active_axes() -> tuple[dict[str, str], dict[str, str]]:
    """Row and column keys of the 2019/2021 section-two grid, read off the codebook.

    ``active.rules.new_made`` is labelled 规章 · 本年新制作数量, so the row key 规章 is
    ``rules`` and the column key 本年新制作数量 is ``new_made``.
    """
    rows: dict[str, str] = {}
    columns: dict[str, str] = {}
    for indicator in codebook().values():
        if indicator.section == "active" and not indicator.id.startswith("legacy."):
            _, row, column = indicator.id.split(".")
            row_label, column_label = indicator.label_zh.split(" · ")
            rows[label_key(row_label)] = row
            columns[label_key(column_label)] = column
    return rows, columns


@cache
def prose_patterns() -> tuple[ProsePattern, ...]:
    """The patterns of ``data/prose_patterns.csv``, compiled once and in file order, which matters:
    the first that matches a clause decides it (a channel such as 政府公报 before the total)."""
    return tuple(
        ProsePattern(
            re.compile(row["pattern"]),
            row["topic"],
            row["legacy"],
            row["gb"],
            int(row["rank"] or 1),
            re.compile(row["exclude"]) if row["exclude"] else None,
        )
        for row in read_data("prose_patterns.csv")
    )


@cache
def identities() -> tuple[Identity, ...]:
    """The identities of ``data/identities.csv``, read once: the checks evaluate them, and the
    table readers use them to choose how glued digits split."""
    return tuple(
        Identity(
            row["rule"],
            tuple(row["layouts"].split()),
            row["kind"],
            tuple(row["total"].split()),
            tuple(row["parts"].split()),
            row["description"],
        )
        for row in read_data("identities.csv")
    )


_LOOKUPS: dict[tuple[str, int, str], str | None] = {}
REMEMBERED = 1 << 16  # look-ups kept at most; labels repeat across reports, paragraphs do not


def _remembered(
    kind: str, key: str, keys: dict[str, Any], find: Callable[[str, dict[str, Any]], str | None]
) -> str | None:
    """``find(key, keys)``, remembered for short labels (the lexicons are built once, so
    their identity is stable); forgotten all at once when too many are held."""
    if len(key) > 80:
        return find(key, keys)
    memo = (kind, id(keys), key)
    if memo not in _LOOKUPS:
        if len(_LOOKUPS) >= REMEMBERED:
            _LOOKUPS.clear()
        _LOOKUPS[memo] = find(key, keys)
    return _LOOKUPS[memo]


def best_key(key: str, keys: dict[str, Any]) -> str | None:
    """The lexicon key a label means: itself, else the longest key it contains.

    Containment lets "部分公开（区分处理的……）" and "本年处理决定数量" match; keys of
    two characters or fewer ("其他", "总计") must match exactly, since they occur
    inside longer labels that mean something else.
    """
    return key if key in keys else _remembered("best", key, keys, _longest_inside)


def _longest_inside(key: str, keys: dict[str, Any]) -> str | None:
    found = [k for k in keys if len(k) > 2 and k in key]
    return max(found, key=len) if found else None


TRUNCATED = 5  # characters of a label's start that must survive a cut (a wrapped or OCR'd cell)


def cut_key(key: str, keys: dict[str, Any]) -> str | None:
    """The one lexicon key whose beginning ``key`` ends with: a label cut by a line wrap
    ("2.其他法律行政法规禁止" / "公开") still names its row when the cut is unambiguous."""
    return None if len(key) < TRUNCATED else _remembered("cut", key, keys, _cut)


def _cut(key: str, keys: dict[str, Any]) -> str | None:
    found = {k for k in keys if any(key.endswith(k[:n]) for n in range(TRUNCATED, len(k)))}
    found |= {k for k in keys if k.startswith(key) and k != key}
    return found.pop() if len(found) == 1 else None
