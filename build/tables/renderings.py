"""Renderings of one report become one report.

The same report circulates as several files: the page and its crawled text, a PDF and a
Word file of it, a mirror. Counted as several, one organ's year would weigh twice in every
sum. Files are renderings of one report when the manifest gives them the same report id,
or — for files the manifest does not describe — when their text names the same organ and
year and their statistics agree (two organs of one county, one organ's two years, or a
report and a correction of it stay apart: copies of one form must agree on every number,
renderings of different forms on nine in ten, and a title that says 更正/修订 is a correction).

The report's facts are taken from its best rendering, in this order (``FORMS``): HTML,
then Word (DOCX, DOC), then a PDF's text layer, then plain text, then OCR of a scan — the
order in which table cells reach the reader intact — among the renderings that print at
least half as many numbers as the fullest (a stub page never hides the report). What the
report is (organ, place, year, dates) comes from a rendering the manifest describes, else
from one whose organ could be read. The other renderings are listed in ``report_files``
with their role, and every number they print differently is a failed check
(``rendering[k]:INDICATOR``); one check per rendering counts how many agree.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any, cast

from ..extraction.checks import Check
from ..extraction.extract import Extraction
from .copies import copy_key

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


CORRECTION = re.compile(r"更正|修订|修正")  # a title that says so is a correction of a report, not a rendering


def same_statistics(a: Extraction, b: Extraction) -> bool:
    """Whether two files print the same statistics (files that print none in common are taken
    to agree): every number both print, for two files of one form (copies of one file do
    not differ), else at least AGREEING of them (readers of different forms slip). A file
    whose title says it corrects the report is never the same statistics."""
    if any(CORRECTION.search(str(x.report.get("title") or "")) for x in (a, b)):
        return False
    mine, theirs = numbers(a), numbers(b)
    common = mine.keys() & theirs.keys()
    agreeing = sum(1 for key in common if mine[key].value == theirs[key].value)
    needed = 1.0 if form(a) == form(b) != "ocr" else AGREEING
    return not common or agreeing >= needed * len(common)


def best_first(renderings: list[Extraction]) -> list[Extraction]:
    """The renderings of a report, the one to read first: the best form (FORMS) among those
    that print at least half as many numbers as the fullest, so that a stub page or a cut
    excerpt in a better form never hides the report's numbers; then the rest by form."""
    fullest = max((len(numbers(x)) for x in renderings), default=0)
    return sorted(renderings, key=lambda x: (2 * len(numbers(x)) < fullest, *rank(x)))


def group(
    items: Iterable[Any],
    manifest_id: Callable[[Any], str | None],
    organ: Callable[[Any], Any],
    load: Callable[[Any], Extraction],
) -> list[list[Any]]:
    """The index items that are renderings of one report, in groups of two or more, best
    rendering first (best_first). ``manifest_id`` gives the id the manifest gives a file (None
    when the manifest does not describe it), ``organ`` the (organ id, year) of a file whose
    organ is known (else None), ``load`` a file's extraction.

    Files the manifest gives one id are one report. Any other file joins the report of its
    organ and year whose files print the same statistics; a file whose organ cannot be read
    joins the one report that prints its largest numbers (copy key "numbers") and the same
    statistics. Two reports that fit (a near-copy of another organ's report): neither."""
    items = list(items)
    extractions: dict[str, Extraction] = {}

    def load_once(item: Any) -> Extraction:  # each file is read from the cache once, however often compared
        if item.name not in extractions:
            extractions[item.name] = load(item)
        return extractions[item.name]

    listed: dict[str, list[Any]] = {}
    unlisted: list[Any] = []
    organs = {item.name: organ(item) for item in items}  # asked once: it looks the organ's id up
    for item in sorted(items, key=lambda i: i.name):
        if item.part_of:
            continue  # an attachment is part of its page's report, not a rendering of it
        report_id = manifest_id(item)
        if report_id is None:
            unlisted.append(item)
        else:
            listed.setdefault(report_id, []).append(item)
    clusters = list(listed.values())
    by_organ: dict[Any, list[list[Any]]] = {}
    by_numbers: dict[tuple[Any, ...], list[list[Any]]] = {}

    def index(cluster: list[Any], item: Any) -> None:
        for found, key in ((by_organ, organs[item.name]), (by_numbers, copy_key(item, "numbers"))):
            if key is not None:
                clusters_of = found.setdefault(tuple(key), [])
                if all(c is not cluster for c in clusters_of):  # by identity: comparing lists compares items
                    clusters_of.append(cluster)

    for cluster in clusters:
        for item in cluster:
            index(cluster, item)
    for item in unlisted:  # those whose organ is known first: an unnamed file joins what they make
        key = organs[item.name]
        if key is None:
            continue
        candidates = by_organ.get(tuple(key), [])
        home = (
            next((c for c in candidates if all(same_statistics(load_once(item), load_once(i)) for i in c)), None)
            if candidates
            else None
        )
        if home is None:
            home = [item]
            clusters.append(home)
        else:
            home.append(item)
        index(home, item)
    for item in unlisted:
        if organs[item.name] is not None:
            continue
        numbers_key = copy_key(item, "numbers")
        fits = by_numbers.get(tuple(numbers_key), []) if numbers_key is not None else []
        if len(fits) == 1 and all(same_statistics(load_once(item), load_once(i)) for i in fits[0]):
            fits[0].append(item)
        else:
            clusters.append([item])
            index(clusters[-1], item)
    ordered = []
    for members in (c for c in clusters if len(c) > 1):
        by_file = {str(load_once(i).report["source_file"]): i for i in members}
        ordered.append([by_file[str(x.report["source_file"])] for x in best_first([load_once(i) for i in members])])
    return ordered


def file_row(x: Extraction, role: str) -> dict[str, Any]:
    """A file's row in ``report_files``: what it is to the report and where it came from."""
    origin = x.report.get("provenance") or {}
    assert isinstance(origin, dict)
    return {
        "file": x.report["source_file"],
        "role": role,
        "form": form(x),
        "sha256": x.report["sha256"],
        **{key: origin.get(key, "") for key in ("url", "repository", "commit", "archive_path", "retrieved", "checked")},
    }


def _compare(primary: Extraction, other: Extraction, k: int) -> list[Check]:
    """How the numbers of rendering ``k`` agree with the primary's: one check counting the
    agreeing ones, one failed check for each that differs."""
    mine, theirs = numbers(primary), numbers(other)
    common = sorted(mine.keys() & theirs.keys())
    disagreeing = [key for key in common if mine[key].value != theirs[key].value]
    name, main = other.report["source_file"], primary.report["source_file"]
    only = len(theirs.keys() - mine.keys())
    checks = [
        Check(
            f"rendering[{k}]",
            "",
            0,
            float(len(common)),
            float(len(common) - len(disagreeing)),
            f"numbers printed in both {main} and its rendering {name} that agree"
            + (f"; {only} more printed only in {name}" if only else ""),
        )
    ]
    for indicator, applicant, source in disagreeing:
        ours, their = mine[(indicator, applicant, source)], theirs[(indicator, applicant, source)]
        checks.append(
            Check(
                f"rendering[{k}]:{indicator}",
                applicant,
                their.line,
                float(ours.value),
                float(their.value),
                f"{name} (line {their.line}, {source}) prints {their.raw_value!r} where {main} "
                f"(line {ours.line}) prints {ours.raw_value!r}",
            )
        )
    return checks


# What a report says of itself, taken from the rendering that names it (see merge).
METADATA = (
    "title",
    "organ",
    "organ_id",
    "province",
    "prefecture",
    "county",
    "region_code",
    "admin_level",
    "organ_kind",
    "year",
    "edition",
    "published",
)


def merge(primary: Extraction, others: list[Extraction], named: Extraction | None = None) -> Extraction:
    """The report as its best rendering reads it, with the other renderings listed and
    every number they print differently recorded as a failed check. ``named``: the rendering
    whose metadata the report takes (one the manifest describes, or whose organ could be
    read) where it is not the primary."""
    report = dict(primary.report)
    files = list(cast(list[dict[str, Any]], report.get("files")) or [file_row(primary, "primary")])
    checks = list(primary.checks)
    for k, other in enumerate(others, start=2):
        files.append(file_row(other, "rendering"))
        checks += _compare(primary, other, k)
    report["files"] = files
    names = ", ".join(str(o.report["source_file"]) for o in others)
    notes = [
        str(report["notes"]),
        f"one report in {len(others) + 1} renderings: facts from "
        f"{report['source_file']} ({form(primary)}), also {names}",
    ]
    if named is not None and named is not primary:
        report.update({key: named.report[key] for key in METADATA if key in named.report})
        notes.append(f"what the report is (organ, place, year, dates) from {named.report['source_file']}")
    report["notes"] = "; ".join(filter(None, notes))
    return Extraction(report, primary.facts, primary.sections, checks, primary.warnings)
