"""Settling glued cells with another copy of the same report.

A crawled text copy may glue "规范性文件 | 89 | 89 | 89" into "898989", which splits
in many ways; the HTML copy of the same report prints the cells apart. Copies are the
reports with the same organ and year, or the same year and the same requests table
(a copy whose page chrome, and with it the organ's name, was lost). A glued run is split the way a copy prints it
when the copy's numbers, written one after the other, spell exactly the run's digits;
the facts are then marked ``inferred`` and the report says which copy settled them.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from ..extraction.checks import evaluate
from ..extraction.extract import Extraction
from ..extraction.lexicon import codebook
from ..extraction.model import Fact
from ..extraction.numbers import convert_unit
from ..extraction.split import RUN, valid_number, value_of


def _printed(facts: list[Fact]) -> dict[tuple[str, str], str]:
    """The digits each settled (indicator, applicant) of a copy was printed with."""
    found: dict[tuple[str, str], str] = {}
    for fact in facts:
        match = RUN.search(fact.raw_value) if fact.indicator and fact.value is not None else None
        if match:
            found.setdefault((fact.indicator, fact.applicant), match.group(0))
    return found


def _split(fact: Fact, printed: dict[tuple[str, str], str]) -> list[Fact] | None:
    """The run of ``fact`` cut as ``printed`` spells it, or None when the copy disagrees."""
    run = RUN.search(fact.raw_value)
    if run is None:
        return None
    digits, cursor, cuts = run.group(0), 0, []
    for n, cell in enumerate(fact.glued_as):
        indicator, _, applicant = cell.partition("|")
        known = printed.get((indicator, applicant)) if indicator else None
        if known is None:
            if n != len(fact.glued_as) - 1 or not valid_number(digits[cursor:]):
                return None  # only the last cell may be read as "whatever is left"
            known = digits[cursor:]
        if not digits.startswith(known, cursor):
            return None
        cuts.append((indicator, applicant, cursor, cursor + len(known)))
        cursor += len(known)
    if cursor != len(digits):
        return None
    book = codebook()
    money = "元" if fact.raw_value.rstrip().endswith("元") and not fact.raw_value.rstrip().endswith("万元") else None
    split = []
    for indicator, applicant, s, e in cuts:
        unit = book[indicator].unit if indicator else ""
        printed_unit = money if e == len(digits) else None
        start = fact.start + run.start() + s
        split.append(
            fact._replace(
                indicator=indicator,
                applicant=applicant,
                quality="inferred",
                glued_as=(),
                value=convert_unit(value_of(digits[s:e]), printed_unit, unit),
                unit=unit or (printed_unit or ""),
                raw_value=digits[s:e],
                start=start,
                end=start + e - s,
                raw_label=fact.raw_label.split(" · ")[0]
                + (f" · {book[indicator].label_zh.split(' · ')[-1]}" if indicator else " · ?"),
            )
        )
    return split


FINGERPRINT_CELLS = 14  # a requests table this full identifies a report
SETTLING = ("organ", "requests")  # the keys of copies that settle glued runs ("numbers" only finds renderings)
# A report that prints so many non-zero numbers (table and prose) is known by its largest
# ones, whatever a reader missed of the rest: how a copy whose organ cannot be read finds the
# report it copies (many small organs print the same zeros; see renderings).
SHARED_NONZERO = 8
LARGEST = 5
MAX_COPIES = 3  # copies consulted per report: one that prints the cells apart is enough


def copy_keys(x: Extraction) -> list[list[Any]]:
    """The keys under which copies of this report meet (kept in the build's index)."""
    keys: list[list[Any]] = []
    if x.report.get("organ") and x.report.get("year"):
        keys.append(["organ", x.report["organ"], x.report["year"]])
    table = sorted(
        (f.indicator, f.applicant, f.value)
        for f in x.facts
        if f.source == "table" and f.indicator.startswith("requests.") and f.value is not None
    )
    if x.report.get("year") and len(table) >= FINGERPRINT_CELLS:
        digest = hashlib.sha256(repr(table).encode()).hexdigest()[:16]
        keys.append(["requests", x.report["year"], digest])
    printed = [f.value for f in x.facts if f.value]
    if x.report.get("year") and len(printed) >= SHARED_NONZERO:
        largest = sorted(set(printed), reverse=True)[:LARGEST]
        digest = hashlib.sha256(repr(largest).encode()).hexdigest()[:16]
        keys.append(["numbers", x.report["year"], digest])
    return keys


def copy_key(item: Any, kind: str) -> list[Any] | None:
    """An index item's copy key of one kind ("organ", "requests", "numbers"), if it has one."""
    return next((k for k in item.copies if k[0] == kind), None)


def has_glued(x: Extraction) -> bool:
    """Whether the report has glued runs that a copy could settle."""
    return any(f.glued_as and f.value is None for f in x.facts)


def _consulted_first(item: Any) -> tuple[bool, str]:
    """Copies that print their cells apart come first, then by file name."""
    return item.glued, item.name


class Copies:
    """The copies each report meets, to settle its glued runs when it is written.

    Settling one report at a time keeps memory flat: only the report being written and
    the cells its copies printed apart are held, never every settled report at once."""

    def __init__(self, index: list[Any]) -> None:
        wanted = {
            tuple(key) for item in index if item.glued for key in item.copies if key[0] in SETTLING
        }  # only they consult copies
        groups: dict[tuple[Any, ...], list[Any]] = defaultdict(list)
        for item in index:
            for key in item.copies:
                if (key := tuple(key)) in wanted:
                    groups[key].append(item)
        # Each group's first few in the order copies are consulted: a report's copies are
        # the first of its groups' together, and a group can hold thousands of reports.
        self.firsts = {key: sorted(group, key=_consulted_first)[: MAX_COPIES + 1] for key, group in groups.items()}
        self.printed_by: dict[str, tuple[str, dict[tuple[str, str], str]]] = {}

    def copies(self, item: Any) -> list[Any]:
        """The copies consulted for a report with unsettled runs (none for any other):
        those that print their cells apart first; a few are enough to settle a run."""
        if not item.glued:
            return []
        copies = {
            other.name: other
            for key in item.copies
            if key[0] in SETTLING
            for other in self.firsts[tuple(key)]
            if other.name != item.name
        }
        return sorted(copies.values(), key=_consulted_first)[:MAX_COPIES]

    def _printed(self, other: Any, load: Callable[[Any], Extraction]) -> tuple[str, dict[tuple[str, str], str]]:
        if other.name not in self.printed_by:
            twin = load(other)
            self.printed_by[other.name] = (str(twin.report["source_file"]), _printed(twin.facts))
        return self.printed_by[other.name]

    def settle(self, item: Any, x: Extraction, load: Callable[[Any], Extraction]) -> bool:
        """Split the glued runs of ``x`` (the report of ``item``) as its copies print them
        apart, re-evaluate its checks and note which copies did it; True if any did.
        ``load`` gives a copy's extraction (read again when the cache lost it: a copy
        missing would leave the report unsettled, and the build not deterministic)."""
        settled_by = set()
        for other in self.copies(item):
            source, cells = self._printed(other, load)
            facts = []
            for fact in x.facts:
                split = _split(fact, cells) if fact.glued_as and fact.value is None else None
                facts += split or [fact]
                if split:
                    settled_by.add(source)
            x.facts = facts
        if settled_by:
            x.checks = evaluate(x.facts, str(x.report["layout"]))
            note = f"glued table cells split as printed in {', '.join(sorted(settled_by))}"
            x.report["notes"] = "; ".join(filter(None, [str(x.report["notes"]), note]))
        return bool(settled_by)
