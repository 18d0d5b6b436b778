"""What changed between two releases (archives or folders): the data changelog.

Facts are matched on what they are — report, indicator, applicant, source and line
(unmapped ones on their raw label and position) — not on fact_id, which numbers the
facts of a report in order and would shift when one is added.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from tempfile import TemporaryDirectory

import pandas as pd

from ..package.load import load_resource, read_descriptor
from ..package.render import cell_text
from .unpack import unpacked


@dataclass
class Changes:
    """What differs between two releases, as lists or counts: the data changelog's content."""

    reports_added: list[str] = field(default_factory=list)
    reports_removed: list[str] = field(default_factory=list)
    facts_added: int = 0
    facts_removed: int = 0
    values_changed: list[str] = field(default_factory=list)
    indicators_added: list[str] = field(default_factory=list)
    indicators_removed: list[str] = field(default_factory=list)
    resources_added: list[str] = field(default_factory=list)
    resources_removed: list[str] = field(default_factory=list)
    columns_added: list[str] = field(default_factory=list)  # resource.column
    columns_removed: list[str] = field(default_factory=list)

    def markdown(self, title: str) -> str:
        """The changes as a Markdown section under ``title``, long lists cut short, for the
        release's changelog and `ogidata diff`."""
        lines = [f"## {title}", ""]
        lines.append(
            f"- Reports added: {len(self.reports_added)}"
            + (
                f" ({', '.join(self.reports_added[:20])}{' …' if len(self.reports_added) > 20 else ''})"
                if self.reports_added
                else ""
            )
        )
        lines.append(
            f"- Reports removed: {len(self.reports_removed)}"
            + (f" ({', '.join(self.reports_removed[:20])})" if self.reports_removed else "")
        )
        lines.append(
            f"- Facts added: {self.facts_added}; removed: {self.facts_removed}; "
            f"values changed: {len(self.values_changed)}"
        )
        lines += [f"  - {change}" for change in self.values_changed[:50]]
        if len(self.values_changed) > 50:
            lines.append(f"  - … and {len(self.values_changed) - 50} more")
        lines.append(
            f"- Indicators added: {', '.join(self.indicators_added) or 'none'}; "
            f"removed (deprecated): {', '.join(self.indicators_removed) or 'none'}"
        )
        if self.resources_added or self.resources_removed or self.columns_added or self.columns_removed:
            lines.append(
                f"- Resources added: {', '.join(self.resources_added) or 'none'}; "
                f"removed: {', '.join(self.resources_removed) or 'none'}"
            )
            lines.append(
                f"- Columns added: {', '.join(self.columns_added) or 'none'}; "
                f"removed: {', '.join(self.columns_removed) or 'none'}"
            )
        return "\n".join(lines) + "\n"


def _keyed(facts: pd.DataFrame) -> dict[tuple[str, ...], str]:
    out: dict[tuple[str, ...], str] = {}
    for row in facts.itertuples(index=False):
        applicant = "" if pd.isna(row.applicant) else row.applicant
        what = (row.indicator, applicant) if pd.notna(row.indicator) else (row.raw_label, str(row.char_start))
        key = (row.report_id, *map(str, what), row.source, str(row.line))
        out[key] = "" if pd.isna(row.value) else cell_text(float(row.value))  # as the CSV prints it
    return out


def _tables(release: Path, work: Path) -> tuple[dict[str, pd.DataFrame], dict[str, list[str]]]:
    """The tables the changelog compares, and every resource's columns."""
    folder = unpacked(release, work) if release.suffix == ".zip" else release  # bounded and verified
    columns = {r["name"]: [f["name"] for f in r["schema"]["fields"]] for r in read_descriptor(folder)["resources"]}
    return {name: load_resource(folder, name) for name in ("reports", "facts", "indicators")}, columns


def diff(old: Path, new: Path) -> Changes:
    """What changed from ``old`` to ``new`` (each a release archive or a package folder): reports,
    facts, values, indicators, resources and columns; archives are unpacked in temporary folders."""
    with TemporaryDirectory() as a, TemporaryDirectory() as b:
        (before, old_columns), (after, new_columns) = _tables(old, Path(a)), _tables(new, Path(b))
    changes = Changes()
    changes.resources_added = sorted(new_columns.keys() - old_columns.keys())
    changes.resources_removed = sorted(old_columns.keys() - new_columns.keys())
    for name in sorted(old_columns.keys() & new_columns.keys()):
        changes.columns_added += [f"{name}.{c}" for c in new_columns[name] if c not in old_columns[name]]
        changes.columns_removed += [f"{name}.{c}" for c in old_columns[name] if c not in new_columns[name]]
    old_ids, new_ids = set(before["reports"]["report_id"]), set(after["reports"]["report_id"])
    changes.reports_added, changes.reports_removed = sorted(new_ids - old_ids), sorted(old_ids - new_ids)
    old_facts, new_facts = _keyed(before["facts"]), _keyed(after["facts"])
    changes.facts_added = len(new_facts.keys() - old_facts.keys())
    changes.facts_removed = len(old_facts.keys() - new_facts.keys())
    changes.values_changed = [
        f"{k[0]} {k[1]} {k[2]} (line {k[4]}): {old_facts[k]} → {new_facts[k]}"
        for k in sorted(old_facts.keys() & new_facts.keys())
        if old_facts[k] != new_facts[k]
    ]
    old_ind, new_ind = set(before["indicators"]["indicator"]), set(after["indicators"]["indicator"])
    changes.indicators_added, changes.indicators_removed = sorted(new_ind - old_ind), sorted(old_ind - new_ind)
    return changes
