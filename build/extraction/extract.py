"""The per-report extraction: a pure function of a file's bytes, name and manifest entry.

Nothing here touches the file system or global state, so a build can run it in any
order, in parallel or on a cluster, and cache its result by the content hash.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field, replace

from ..limits import MAX_SECTION
from ..readers.dispatch import read_document
from .cells import tokens
from .checks import Check, evaluate, misread
from .layout import detect_layout
from .metadata import Metadata, detect
from .model import Fact, TableResult
from .organs import organ_id
from .prose import read_prose
from .sections import Section, split_sections
from .table_gb import read_gb_tables
from .table_legacy import read_legacy_table

# Where a file came from, as its manifest entry says (see sources.manifest).
PROVENANCE = ("url", "repository", "commit", "archive_path", "retrieved", "checked")
COMPARED = ("title", "organ", "region_code", "year", "published")


@dataclass
class Extraction:
    """Everything read from one report: its record, facts, sections and checks, and its notes
    as a list (``warnings``; the record's ``notes`` holds the same, joined)."""

    report: dict[str, object]
    facts: list[Fact]
    sections: list[Section]
    checks: list[Check]
    warnings: list[str] = field(default_factory=list)


def _detected_record(meta: Metadata, name: str) -> dict[str, object]:
    """The report's record as its own text gives it: used without a manifest entry, and
    compared with the entry where there is one."""
    return {
        "report_id": meta.report_id(name),
        "title": meta.title,
        "organ": meta.organ,
        "province": meta.place.province,
        "prefecture": meta.place.prefecture,
        "county": meta.place.county,
        "region_code": meta.place.code,
        "admin_level": meta.admin_level,
        "organ_kind": meta.organ_kind,
        "year": meta.year,
        "published": meta.published,
        "edition": 1,
    }


def _from_manifest(entry: dict[str, str]) -> dict[str, object]:
    """The report's record as its manifest entry gives it, the entry's strings parsed (an empty
    year or date is None, a missing edition is 1)."""
    record: dict[str, object] = {
        k: entry[k]
        for k in (
            "report_id",
            "title",
            "organ",
            "province",
            "prefecture",
            "county",
            "region_code",
            "admin_level",
            "organ_kind",
        )
    }
    record["year"] = int(entry["year"]) if entry["year"] else None
    record["published"] = dt.date.fromisoformat(entry["published"]) if entry["published"] else None
    record["edition"] = int(entry.get("edition") or 1)
    return record


def _disagreements(manifest: dict[str, object], detected: dict[str, object]) -> list[str]:
    return [
        f"manifest {name} '{manifest[name]}' differs from the text's '{detected[name]}'"
        for name in COMPARED
        if detected[name] not in (None, "") and manifest[name] not in (None, "") and manifest[name] != detected[name]
    ]


GB_SECTIONS = "一二三四五六"  # the 2019 and 2021 forms have six numbered sections


def _missing_sections(sections: list[Section], layout: str) -> list[str]:
    """Where a 2019/2021 report lacks some of its six sections, the copy is likely cut off."""
    if layout not in ("gb2019", "gb2021"):
        return []
    found = {s.heading[0] for s in sections if s.heading}
    missing = [n for n in GB_SECTIONS if n not in found]
    return [f"sections {'、'.join(missing)} of the six not found: the text may be truncated"] if missing else []


def _unmap_misread(facts: list[Fact], layout: str, notes: list[str]) -> list[Fact]:
    """Scanned numbers the OCR barely read, where the table does not add up (see checks.misread):
    kept with their words, unmapped and ambiguous, and said in the notes."""
    doubtful = misread(facts, layout)
    if not doubtful:
        return facts
    kept = []
    for fact in facts:
        if fact.source == "table" and (fact.indicator, fact.applicant) in doubtful:
            doubtful.discard((fact.indicator, fact.applicant))  # the first of each, as the identities take it
            notes.append(
                f"line {fact.line}: OCR read '{fact.raw_value}' for {fact.indicator} {fact.applicant} with confidence "
                f"{fact.confidence:.2f}, and its row does not add up: not taken as read"
            )
            fact = fact._replace(indicator="", applicant="", quality="ambiguous")
        kept.append(fact)
    return kept


def extract_report(name: str, data: bytes, entry: dict[str, str] | None = None) -> Extraction:
    """Read one report file; raises UnreadableSource when it is not a report at all."""
    doc = read_document(name, data)
    meta = detect(doc)
    detected = _detected_record(meta, name)
    record = _from_manifest(entry) if entry else detected
    notes = list(meta.notes) + doc.notes
    notes += [f"reviewer's note: {entry['note']}"] if entry and entry.get("note") else []
    digest = hashlib.sha256(data).hexdigest()
    if entry:
        notes += _disagreements(record, detected)
        if entry["sha256"] and entry["sha256"] != digest:
            notes.append(f"file content changed since the manifest was written (sha256 {digest[:12]}…)")
        notes = [n for n in notes if not n.startswith("no title") or not record["title"]]

    stream = tokens(doc)
    tables = TableResult()
    tables.merge(read_legacy_table(doc, stream))
    tables.merge(read_gb_tables(doc, stream))
    year = record["year"] if isinstance(record["year"], int) else None
    layout = detect_layout(tables.labels, year)
    tabled = frozenset(fact.indicator for fact in tables.facts)
    facts = tables.facts + read_prose(doc, tables.claimed, layout, year, tabled)
    facts.sort(key=lambda f: (f.start, f.applicant))
    facts = _unmap_misread(facts, layout, notes)
    notes += tables.warnings
    tables_present = bool(tables.facts)
    if not tables_present:
        notes.append("no statistics table in the text; only numbers restated in prose were read")
    if not facts:
        notes.append("no statistics found in the text")
    sections = split_sections(doc, tables.claimed)
    notes += _missing_sections(sections, layout)
    for n, section in enumerate(sections):
        if len(section.text) > MAX_SECTION:  # past it a CSV row outgrows what the Parquet converter reads at once
            notes.append(
                f"section {section.order} is {len(section.text)} characters long: its first {MAX_SECTION} "
                "are kept (OGIDATA_MAX_SECTION_CHARS)"
            )
            sections[n] = replace(section, text=section.text[:MAX_SECTION])

    record.update(
        organ_id=organ_id(str(record["organ"] or ""), str(record["report_id"])),
        provenance={key: entry.get(key, "") for key in PROVENANCE} if entry else {},
        signed=meta.signed,
        layout=layout,
        tables_present=tables_present,
        source_file=name,
        sha256=digest,
        encoding=doc.encoding,
        notes="; ".join(notes),
    )
    return Extraction(record, facts, sections, evaluate(facts, layout), notes)
