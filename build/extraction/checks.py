"""The accounting identities (勾稽关系) of INDICATORS.md, evaluated per report.

They check what the organ published, not the extraction: a report whose numbers do
not add up keeps its numbers, and the failed identity is recorded here. An identity
is evaluated only where every number it needs was printed; a blank never counts as 0.
Prose that restates a table number is compared with it too.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from mypy_extensions import mypyc_attr

from .lexicon import APPLICANTS_WITH_SUBTOTAL, Identity, identities
from .model import Fact

TOLERANCE = 1e-6
OCR_FLOOR = 0.8  # an OCR confidence under this, where an identity fails, marks a misread (see misread)


@mypyc_attr(native_class=False)  # compiled, a frozen dataclass does not unpickle (the cache)
@dataclass(frozen=True)
class Check:
    """One identity evaluated on one report: the printed total (``expected``) against the sum of
    its parts (``actual``), or a table's number against the prose that restates it."""

    rule: str
    applicant: str
    line: int
    expected: float
    actual: float
    description: str

    @property
    def passed(self) -> bool:
        """Whether both sides agree, up to TOLERANCE: sums of decimal amounts are not failed for float rounding."""
        return abs(self.expected - self.actual) < TOLERANCE


def _sum(values: dict[tuple[str, str], Fact], keys: list[tuple[str, str]]) -> tuple[float, Fact] | None:
    facts = [values.get(k) for k in keys]
    numbers = [f.value for f in facts if f is not None and f.value is not None]
    if not facts or len(numbers) < len(facts) or facts[0] is None:
        return None
    return sum(numbers, 0.0), facts[0]


@cache
def _fixed_groups(rule: Identity) -> list[tuple[list[tuple[str, str]], list[tuple[str, str]], str]]:
    """The (total, parts, scope) key groups of a rule that does not depend on the report."""
    if rule.kind == "per_applicant":
        return [([(t, a) for t in rule.total], [(p, a) for p in rule.parts], a) for a in APPLICANTS_WITH_SUBTOTAL]
    return [([(t, "") for t in rule.total], [(p, "") for p in rule.parts], "")]


def _groups(
    rule: Identity, values: dict[tuple[str, str], Fact]
) -> list[tuple[list[tuple[str, str]], list[tuple[str, str]], str]]:
    """The (total, parts, scope) key groups of one identity: a ``per_row`` rule along every
    requests row the table printed, the others on their fixed key groups."""
    if rule.kind == "per_row":
        return [
            ([(ind, a) for a in rule.total], [(ind, a) for a in rule.parts], ind)
            for ind in sorted({ind for ind, _ in values if ind.startswith("requests.")})
        ]
    return _fixed_groups(rule)


def _table(facts: list[Fact]) -> dict[tuple[str, str], Fact]:
    """The first table fact of each indicator and applicant: what the identities add up."""
    table: dict[tuple[str, str], Fact] = {}
    for fact in facts:
        if fact.source == "table" and fact.indicator:
            table.setdefault((fact.indicator, fact.applicant), fact)
    return table


def misread(facts: list[Fact], layout: str) -> set[tuple[str, str]]:
    """The OCR'd numbers read with a confidence under OCR_FLOOR in a group whose identity fails:
    far likelier a misread digit (a 1 read as 7) than the organ's own slip, so not taken as read."""
    table = _table(facts)
    doubtful: set[tuple[str, str]] = set()
    for rule in identities():
        if layout not in rule.layouts:
            continue
        for total_keys, part_keys, _ in _groups(rule, table):
            total, parts = _sum(table, total_keys), _sum(table, part_keys)
            if total and parts and abs(total[0] - parts[0]) >= TOLERANCE:
                doubtful |= {
                    key
                    for key in total_keys + part_keys
                    if (fact := table[key]).confidence is not None and fact.confidence < OCR_FLOOR
                }
    return doubtful


def _evaluate(rule: Identity, values: dict[tuple[str, str], Fact]) -> list[Check]:
    """The checks of one identity (see _groups); a group missing any number is skipped, not failed."""
    checks = []
    for total_keys, part_keys, scope in _groups(rule, values):
        total, parts = _sum(values, total_keys), _sum(values, part_keys)
        if total and parts:
            rule_id = f"{rule.rule}[{scope}]" if rule.kind == "per_row" else rule.rule
            applicant = "" if rule.kind == "per_row" else scope
            checks.append(Check(rule_id, applicant, total[1].line, total[0], parts[0], rule.description))
    return checks


def evaluate(facts: list[Fact], layout: str) -> list[Check]:
    """Every identity of ``layout`` on the report's table facts (the first of each indicator and
    applicant), then each mapped prose number against the table's number for it."""
    table = _table(facts)
    checks = [c for rule in identities() if layout in rule.layouts for c in _evaluate(rule, table)]
    for fact in facts:
        match = table.get((fact.indicator, fact.applicant)) if fact.source == "text" else None
        if match and match.value is not None and fact.value is not None:
            checks.append(
                Check(
                    f"prose_vs_table:{fact.indicator}",
                    fact.applicant,
                    fact.line,
                    match.value,
                    fact.value,
                    f"the number in the prose (line {fact.line}) equals the table's (line {match.line})",
                )
            )
    return checks
