"""Per-report extraction results → the rows of the package's resources.

Rows are made one report at a time, so a build of any size streams."""

from __future__ import annotations

from typing import Any

from ..extraction.extract import Extraction
from ..extraction.lexicon import codebook
from .panel import panel_rows, wide_row
from .renderings import file_row

Rows = list[dict[str, Any]]


def _report_row(x: Extraction) -> dict[str, Any]:
    """The report's row in ``reports``: what the report is and where it came from, with
    counts of its facts and checks (unmapped facts and failed checks apart)."""
    return {
        **{
            k: x.report[k]
            for k in (
                "report_id",
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
                "signed",
                "layout",
                "tables_present",
                "source_file",
                "sha256",
                "encoding",
            )
        },
        "n_facts": len(x.facts),
        "n_facts_unmapped": sum(1 for f in x.facts if not f.indicator),
        "n_checks": len(x.checks),
        "n_checks_failed": sum(1 for c in x.checks if not c.passed),
        "notes": x.report["notes"],
    }


def _fact_rows(report_id: str, x: Extraction) -> Rows:
    """The report's rows in ``facts``, numbered in the order read (``report/0001``); a fact
    read from an attachment names that file, not the page's."""
    return [
        {
            "fact_id": f"{report_id}/{str(k).zfill(4)}",  # as {k:04d}, without parsing a format spec per fact
            "report_id": report_id,
            "indicator": f.indicator,
            "applicant": f.applicant,
            "value": f.value,
            "unit": f.unit,
            "source": f.source,
            "quality": f.quality,
            "raw_label": f.raw_label,
            "raw_value": f.raw_value,
            "line": f.line,
            "char_start": f.start,
            "char_end": f.end,
            "page": f.page,
            "bbox": " ".join(f"{v:.1f}" for v in f.bbox) if f.bbox else None,
            "confidence": round(f.confidence, 4) if f.confidence is not None else None,
            "source_file": f.file or x.report["source_file"],
        }
        for k, f in enumerate(x.facts, start=1)
    ]


def _check_ids(report_id: str, x: Extraction) -> list[str]:
    """report/rule/applicant/line, and /2, /3 … for a rule evaluated again on the same line
    (a crawled report is one line: its prose restates a number more than once there)."""
    seen: dict[str, int] = {}
    ids = []
    for c in x.checks:
        base = f"{report_id}/{c.rule}/{c.applicant or '-'}/{c.line}"
        seen[base] = seen.get(base, 0) + 1
        ids.append(base if seen[base] == 1 else f"{base}/{seen[base]}")
    return ids


def _check_rows(report_id: str, x: Extraction) -> Rows:
    """The report's rows in ``checks``, each under an id of its own (see _check_ids)."""
    return [
        {
            "check_id": check_id,
            "report_id": report_id,
            "rule": c.rule,
            "applicant": c.applicant,
            "line": c.line,
            "expected": c.expected,
            "actual": c.actual,
            "passed": c.passed,
            "description": c.description,
        }
        for c, check_id in zip(x.checks, _check_ids(report_id, x))
    ]


def _section_rows(report_id: str, x: Extraction) -> Rows:
    return [
        {"report_id": report_id, "section": s.order, "heading": s.heading, "line": s.line, "text": s.text}
        for s in x.sections
    ]


def _file_rows(report_id: str, x: Extraction) -> Rows:
    """The files the report was read from: the one its facts come from, then its other
    renderings and its attachments (see renderings)."""
    files = x.report.get("files") or [file_row(x, "primary")]
    assert isinstance(files, list)
    return [{"report_id": report_id, **f} for f in files]


def indicator_rows() -> Rows:
    """The ``indicators`` resource, the codebook: a row per indicator, written once per build
    rather than per report."""
    return [
        {
            "indicator": i.id,
            "layouts": " ".join(i.layouts),
            "section": i.section,
            "label_zh": i.label_zh,
            "label_en": i.label_en,
            "unit": i.unit,
            "parent": i.parent,
            "description": i.description,
        }
        for i in codebook().values()
    ]


def report_rows(x: Extraction) -> dict[str, Rows]:
    """The rows one report contributes to each resource (all but the codebook)."""
    report_id = str(x.report["report_id"])
    report, facts = _report_row(x), _fact_rows(report_id, x)
    panel = panel_rows(report, facts)
    return {
        "reports": [report],
        "facts": facts,
        "checks": _check_rows(report_id, x),
        "sections": _section_rows(report_id, x),
        "report_files": _file_rows(report_id, x),
        "panel": panel,
        "panel_wide": [wide_row(report, panel)],
    }
