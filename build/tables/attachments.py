"""Attachments read as part of their page's report.

A report page often only links its real content, a PDF or Word file. ``ogidata fetch``
stores the attachments beside the page with ``part_of`` naming the page's report in the
manifest; the build extracts every file on its own (so each is cached by its content)
and then writes the attachments' facts and sections under the page's report, each fact
naming the file it was read from. The identities are evaluated on the whole, so prose on
the page is checked against a table in its attachment.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, cast

from ..extraction.checks import evaluate
from ..extraction.extract import Extraction
from .renderings import file_row


def merge(page: Extraction, attachments: list[Extraction]) -> Extraction:
    """The page's report with its attachments' facts and sections added."""
    facts = list(page.facts)
    sections = list(page.sections)
    notes = [str(page.report["notes"])] if page.report["notes"] else []
    report = dict(page.report)
    report["files"] = [
        *(cast(list[dict[str, Any]], report.get("files")) or [file_row(page, "primary")]),
        *(file_row(a, "attachment") for a in attachments),
    ]
    for attachment in attachments:
        source = str(attachment.report["source_file"])
        facts += [f._replace(file=source) for f in attachment.facts]
        sections += [replace(s, order=len(sections) + k) for k, s in enumerate(attachment.sections, start=1)]
        notes.append(f"read with its attachment {source}")
        if attachment.report["tables_present"] and not report["tables_present"]:
            report["tables_present"] = True
            report["layout"] = attachment.report["layout"]  # the attachment prints the tables
    report["notes"] = "; ".join(notes)
    # The identities are evaluated anew on the whole; the page's comparisons with its other
    # renderings (see renderings) stand as they were made.
    compared = [c for c in page.checks if c.rule.startswith("rendering[")]
    return Extraction(report, facts, sections, evaluate(facts, str(report["layout"])) + compared, page.warnings)
