"""Renderings of one report become one report.

The same report circulates as several files: the page and its crawled text, a PDF and a
Word file of it, a mirror. Counted as several, one organ's year would weigh twice in every
sum. Files are renderings of one report when the manifest gives them the same report id,
or — for files the manifest does not describe — when their text names the same organ and
year and their statistics agree (two organs of one county, one organ's two years, or a
report and a correction of it that prints other numbers stay apart).

The report's facts are taken from its best rendering, in this order (``FORMS``): HTML,
then Word (DOCX, DOC), then a PDF's text layer, then plain text, then OCR of a scan — the
order in which table cells reach the reader intact. The other renderings are listed in
``report_files`` with their role, and every number they print differently is a failed
check (``rendering[k]:INDICATOR``); one check per rendering counts how many agree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ..extraction.extract import Extraction
from ..tables.checks import Check

# Best first: where cell boundaries survive best. Files of any other kind come after these.
FORMS = ("html", "docx", "doc", "pdf", "text", "ocr")
AGREEING = 0.9  # share of the numbers two unlisted files both print that must agree for one report


def form(x: Extraction) -> str:
    """The kind of rendering a file is: its format, and OCR for a scanned PDF."""
    name = str(x.report["source_file"]).lower()
    if x.report.get("encoding") == "ocr":
        return "ocr"
    for suffix, kind in ((".html", "html"), (".htm", "html"), (".docx", "docx"), (".doc", "doc"), (".pdf", "pdf")):
        if name.endswith(suffix):
            return kind
    return "text"


def rank(x: Extraction) -> tuple[int, str]:
    """Sort key putting the best rendering first (then by file name, for a stable choice)."""
    kind = form(x)
    return (FORMS.index(kind) if kind in FORMS else len(FORMS)), str(x.report["source_file"])


def numbers(x: Extraction) -> dict[tuple[str, str, str], Any]:
    """The mapped numbers a file prints, by (indicator, applicant, table or text): the first of each."""
    found: dict[tuple[str, str, str], Any] = {}
    for fact in x.facts:
        if fact.indicator and fact.value is not None:
            found.setdefault((fact.indicator, fact.applicant, fact.source), fact)
    return found


def same_statistics(a: Extraction, b: Extraction) -> bool:
    """Whether two files print the same statistics: at least AGREEING of the numbers both
    print are equal (files that print none in common are taken to agree)."""
    mine, theirs = numbers(a), numbers(b)
    common = mine.keys() & theirs.keys()
    agreeing = sum(1 for key in common if mine[key].value == theirs[key].value)
    return not common or agreeing >= AGREEING * len(common)


def group(items: Iterable[Any], manifest_id: Callable[[Any], str | None], load: Callable[[Any], Extraction]
          ) -> list[list[Any]]:
    """The index items that are renderings of one report, in groups of two or more, best
    rendering first. ``manifest_id`` gives the id the manifest gives a file (None when the
    manifest does not describe it); ``load`` a file's extraction. A file whose organ cannot
    be read joins the one report that prints the same largest numbers (copy key "numbers")
    and the same statistics."""
    by_id: dict[str, list[Any]] = {}
    by_organ: dict[tuple[str, int], list[Any]] = {}
    unnamed: list[Any] = []  # neither in the manifest nor with an organ read from the text
    for item in items:
        if item.part_of:
            continue  # an attachment is part of its page's report, not a rendering of it
        listed = manifest_id(item)
        if listed is not None:
            by_id.setdefault(listed, []).append(item)
            continue
        key = _key(item, "organ")
        if key is None:
            unnamed.append(item)
        else:
            by_organ.setdefault((key[1], key[2]), []).append(item)
    clusters: list[list[Any]] = []
    for members in by_organ.values():
        found: list[list[tuple[Any, Extraction]]] = []
        for item in sorted(members, key=lambda i: i.name):
            x = load(item) if len(members) > 1 else None  # one file alone needs no comparing
            home = next((c for c in found if x is not None and all(same_statistics(x, y) for _, y in c)), None)
            if home is None:
                found.append([(item, x)])
            else:
                home.append((item, x))
        clusters += [[i for i, _ in c] for c in found]
    by_numbers: dict[tuple[Any, ...], list[list[Any]]] = {}
    for cluster in clusters:
        for key in {tuple(k) for i in cluster if (k := _key(i, "numbers")) is not None}:
            by_numbers.setdefault(key, []).append(cluster)
    for item in sorted(unnamed, key=lambda i: i.name):
        key = _key(item, "numbers")
        fits = by_numbers.get(tuple(key), []) if key is not None else []
        # Two reports printing the same largest numbers (a near-copy of another organ's): neither.
        if len(fits) == 1 and same_statistics(load(item), load(fits[0][0])):
            fits[0].append(item)
        else:
            clusters.append([item])
            if key is not None:
                by_numbers.setdefault(tuple(key), []).append(clusters[-1])
    groups = [m for m in by_id.values() if len(m) > 1] + [c for c in clusters if len(c) > 1]
    return [sorted(g, key=lambda i: rank(load(i))) for g in groups]


def _key(item: Any, kind: str) -> list[Any] | None:
    return next((k for k in item.copies if k[0] == kind), None)


def file_row(x: Extraction, role: str) -> dict[str, Any]:
    """A file's row in ``report_files``: what it is to the report and where it came from."""
    origin = x.report.get("provenance") or {}
    assert isinstance(origin, dict)
    return {"file": x.report["source_file"], "role": role, "form": form(x), "sha256": x.report["sha256"],
            **{key: origin.get(key, "") for key in ("url", "repository", "commit", "archive_path", "retrieved",
                                                   "checked")}}


def _compare(primary: Extraction, other: Extraction, k: int) -> list[Check]:
    """How the numbers of rendering ``k`` agree with the primary's: one check counting the
    agreeing ones, one failed check for each that differs."""
    mine, theirs = numbers(primary), numbers(other)
    common = sorted(mine.keys() & theirs.keys())
    disagreeing = [key for key in common if mine[key].value != theirs[key].value]
    name, main = other.report["source_file"], primary.report["source_file"]
    only = len(theirs.keys() - mine.keys())
    checks = [Check(f"rendering[{k}]", "", 0, float(len(common)), float(len(common) - len(disagreeing)),
                    f"numbers printed in both {main} and its rendering {name} that agree"
                    + (f"; {only} more printed only in {name}" if only else ""))]
    for indicator, applicant, source in disagreeing:
        ours, their = mine[(indicator, applicant, source)], theirs[(indicator, applicant, source)]
        checks.append(Check(f"rendering[{k}]:{indicator}", applicant, their.line, float(ours.value), float(their.value),
                            f"{name} (line {their.line}, {source}) prints {their.raw_value!r} where {main} "
                            f"(line {ours.line}) prints {ours.raw_value!r}"))
    return checks


def merge(primary: Extraction, others: list[Extraction]) -> Extraction:
    """The report as its best rendering reads it, with the other renderings listed and
    every number they print differently recorded as a failed check."""
    report = dict(primary.report)
    files = list(report.get("files") or [file_row(primary, "primary")])
    checks = list(primary.checks)
    for k, other in enumerate(others, start=2):
        files.append(file_row(other, "rendering"))
        checks += _compare(primary, other, k)
    report["files"] = files
    names = ", ".join(str(o.report["source_file"]) for o in others)
    report["notes"] = "; ".join(filter(None, [str(report["notes"]),
                                              f"one report in {len(others) + 1} renderings: facts from "
                                              f"{report['source_file']} ({form(primary)}), also {names}"]))
    return Extraction(report, primary.facts, primary.sections, checks, primary.warnings)
