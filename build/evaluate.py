"""Scoring a build against hand-checked expectations.

Expectations live in a folder with ``facts.csv`` (file, indicator, applicant, value,
source, note), ``meta.csv`` (file, title, organ, year, layout, region_code,
admin_level, organ_kind, published; ``?`` = not knowable from the file) and optionally
``same_as.csv`` (file, same_as): a copy of a report in another form whose facts are
those of the named file. A fact is the tuple (report, indicator, applicant, value);
numbers kept without an indicator are not scored.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from .extraction.normalize import nfkc

META_FIELDS = ("year", "layout", "organ", "region_code", "published")
Key = tuple[str, str, float]


def _rows(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _key(indicator: str, applicant: str, value: str | float) -> Key:
    return indicator, applicant, round(float(value), 6)


@dataclass
class Score:
    """Counts and misses of one evaluation."""

    groups: dict[tuple[str, str], list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0, 0]))
    # The same counts by where the number is printed, over every layout and form: "table" or
    # "text" (prose). An expected fact counts under the source its expectation names; an extra
    # under the source that produced it.
    sources: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0, 0]))
    misses: list[str] = field(default_factory=list)
    meta: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))

    def totals(self) -> tuple[int, int, int]:
        """True positives, false positives and false negatives, summed over every layout and form."""
        tp = sum(g[0] for g in self.groups.values())
        fp = sum(g[1] for g in self.groups.values())
        fn = sum(g[2] for g in self.groups.values())
        return tp, fp, fn

    @staticmethod
    def ratio(a: int, b: int) -> float:
        """``a / b``, or 1.0 when ``b`` is 0: nothing found, or nothing to find, is no error."""
        return a / b if b else 1.0

    @property
    def precision(self) -> float:
        """The share of the facts built that were expected, over all groups."""
        tp, fp, _ = self.totals()
        return self.ratio(tp, tp + fp)

    @property
    def recall(self) -> float:
        """The share of the expected facts that were built, over all groups."""
        tp, _, fn = self.totals()
        return self.ratio(tp, tp + fn)

    def _counted(self, g: list[int]) -> dict[str, object]:
        """One group's counts and ratios, as the JSON gives them."""
        return {
            "true_positive": g[0],
            "false_positive": g[1],
            "false_negative": g[2],
            "precision": self.ratio(g[0], g[0] + g[1]),
            "recall": self.ratio(g[0], g[0] + g[2]),
        }

    def as_dict(self) -> dict[str, object]:
        """The scores, counts per layout and form, metadata accuracy and misses as plain values,
        ready for JSON (what ``--json`` writes)."""
        return {
            "precision": self.precision,
            "recall": self.recall,
            "groups": [
                {"layout": layout, "form": form, **self._counted(g)}
                for (layout, form), g in sorted(self.groups.items())
            ],
            "sources": [{"source": source, **self._counted(g)} for source, g in sorted(self.sources.items())],
            "metadata_accuracy": {k: self.ratio(v[0], v[1]) for k, v in sorted(self.meta.items())},
            "misses": self.misses,
        }


def _same(field_name: str, got: str, expected: str) -> bool:
    """Organs match across scripts and with or without the places above them
    (道里区经纬街道办事处 = 哈尔滨市道里区经纬街道办事处); other fields exactly."""
    if field_name != "organ":
        return got == expected
    got, expected = nfkc(got), nfkc(expected)
    return bool(got) and (got.endswith(expected) or expected.endswith(got))


def _form(name: str) -> str:
    return PurePath(name).suffix.lstrip(".").lower() or "text"


def evaluate(build: Path, expected: Path) -> Score:
    """Compare the package in ``build`` with the expectations in ``expected``."""
    reports = {r["source_file"]: r for r in _rows(build / "data" / "reports.csv")}
    built: dict[str, dict[Key, set[str]]] = defaultdict(lambda: defaultdict(set))  # key → its sources
    for fact in _rows(build / "data" / "facts.csv"):
        if fact["indicator"]:
            built[fact["report_id"]][_key(fact["indicator"], fact["applicant"], fact["value"])].add(fact["source"])
    wanted: dict[str, dict[Key, str]] = defaultdict(dict)  # key → the source its expectation names
    for fact in _rows(expected / "facts.csv"):
        wanted[fact["file"]][_key(fact["indicator"], fact["applicant"], fact["value"])] = fact["source"] or "table"
    twins = {row["file"]: row["same_as"] for row in _rows(expected / "same_as.csv")}
    meta = {row["file"]: row for row in _rows(expected / "meta.csv")}
    for name, twin in twins.items():  # a copy's own meta row (what its file shows) wins
        wanted[name] = wanted[twin]
        meta.setdefault(name, meta.get(twin, {}))

    score = Score()
    for name in sorted(meta):
        report = reports.get(name)
        truth = set(wanted.get(name, {}))
        layout = meta[name].get("layout", "?")
        form = "scan" if report is not None and "ocr" in str(report.get("encoding")) else _form(name)
        group = score.groups[(layout, form)]
        if report is None:
            group[2] += len(truth)
            for key in truth:
                score.sources[wanted[name][key]][2] += 1
            score.misses.append(f"{name}: not in the build (all {len(truth)} facts missed)")
            continue
        produced = built.get(report["report_id"], {})
        got = set(produced)
        group[0] += len(got & truth)
        group[1] += len(got - truth)
        group[2] += len(truth - got)
        for key in truth:
            score.sources[wanted[name][key]][0 if key in got else 2] += 1
        for key in got - truth:
            for source in produced[key]:
                score.sources[source][1] += 1
        for key in sorted(truth - got):
            score.misses.append(f"{name}: missed   {key[0]} {key[1]} {key[2]:g}")
        for key in sorted(got - truth):
            score.misses.append(f"{name}: extra    {key[0]} {key[1]} {key[2]:g}")
        for field_name in META_FIELDS:
            expected_value = meta[name].get(field_name, "?")
            if expected_value in ("?", None):
                continue
            score.meta[field_name][1] += 1
            if _same(field_name, str(report.get(field_name, "")), expected_value):
                score.meta[field_name][0] += 1
            else:
                score.misses.append(f"{name}: {field_name} '{report.get(field_name, '')}' should be '{expected_value}'")
    return score


def _row(score: Score, label: str, tp: int, fp: int, fn: int) -> str:
    """One line of the table: a label 15 wide, the counts, precision and recall."""
    return f"{label:15} {tp:6d} {fp:5d} {fn:5d} {score.ratio(tp, tp + fp):10.2%} {score.ratio(tp, tp + fn):8.2%}"


def render(score: Score) -> str:
    """A short table for people: per layout and form, then tables and prose apart (over all
    forms), then each metadata field, then every miss."""
    lines = [f"{'layout':8} {'form':6} {'tp':>6} {'fp':>5} {'fn':>5} {'precision':>10} {'recall':>8}"]
    lines += [_row(score, f"{layout:8} {form:6}", *g) for (layout, form), g in sorted(score.groups.items())]
    lines += [_row(score, f"{'all':8} {'':6}", *score.totals()), ""]
    names = {"table": "tables", "text": "prose"}
    lines += [_row(score, names.get(source, source), *g) for source, g in sorted(score.sources.items())]
    lines.append("")
    lines += [f"metadata {k:12} {score.ratio(*v):7.2%} ({v[0]}/{v[1]})" for k, v in sorted(score.meta.items())]
    if score.misses:
        lines += ["", f"{len(score.misses)} misses:"] + [f"  {m}" for m in score.misses]
    return "\n".join(lines)


def write_json(score: Score, path: Path) -> None:
    """Write the score to ``path`` as indented JSON (`ogidata evaluate --json`), Chinese left
    unescaped so that the misses stay readable."""
    path.write_text(json.dumps(score.as_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
