"""Each report's rows as the package prints them: settled by its copies, joined by its
attachments, rendered as CSV text under the id the build gave it.

A report's own rows are rendered where it was extracted and cached beside it, so most
reports only need their text read back. The others — those whose copies may settle
glued cells, pages with attachments, and reports whose id the build had to change —
are prepared here, in worker processes when the build has them, so the writing step
is not one process doing Python work for the whole collection.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..cache import ExtractionCache
from ..executors import Task, run
from ..extraction.extract import Extraction
from ..extraction.organs import UNIDENTIFIED
from ..tables.assemble import report_rows
from ..tables.attachments import merge
from ..tables.copies import Copies
from ..tables.renderings import best_first
from ..tables.renderings import merge as merge_renderings
from .render import Columns, render_resources

Rows = dict[str, Any]  # "meta": (report id, schema hash); resource → (UTF-8 CSV, row count)


@dataclass
class RowMaker:
    """What making a report's rows needs: the cache, each report's copies, attachments and
    renderings, and the schemas; handed once to each worker process (see executors)."""

    cache: ExtractionCache
    copies_of: Copies
    attachments: dict[str, list[Any]]  # page report id → its attachments' index items
    renderings: dict[str, list[Any]]  # report id → the index items of its other renderings, best first
    tasks: dict[str, Task]  # to read a file again when the cache lost its entry
    fields: dict[str, Columns]
    template_hash: str

    def consulted(self, item: Any) -> list[Any]:
        """The other files a report's rows are made from: its copies, its other renderings,
        then its attachments."""
        return [
            *self.copies_of.copies(item),
            *self.renderings.get(item.report_id, ()),
            *sorted(self.attachments.get(item.report_id, ()), key=lambda a: a.name),
        ]

    def needs_work(self, item: Any) -> bool:
        """Whether the report's cached rows cannot be used as they are."""
        return (
            item.report_id != item.own_id
            or item.report_id in self.attachments
            or item.report_id in self.renderings
            or bool(self.copies_of.copies(item))
            or item.edition > 1
        )

    def load(self, item: Any) -> Extraction:
        """A file's extraction, extracted again from the file where the cache lost it (see
        load_extraction); copies and renderings are loaded through it too."""
        return load_extraction(self.cache, self.tasks, item)

    def extraction(self, item: Any) -> tuple[Extraction, bool]:
        """The report under the id the build gave it, and whether copies settled any of its cells."""
        x = self.load(item)
        settled = self.copies_of.settle(item, x, self.load)
        return with_build_id(x, item.report_id, taken=not item.named_by), settled

    def rows(self, item: Any) -> Rows:
        """The report's rows; its own (not settled, no attachments) are cached for the next build."""
        stamp = (item.report_id, self.template_hash)
        parts = self.attachments.get(item.report_id)
        others = self.renderings.get(item.report_id)
        # A report with copies is settled first: its cached rows serve when no copy changed it.
        x, settled = self.extraction(item) if parts or others or self.copies_of.copies(item) else (None, False)
        own = not parts and not others and not settled and item.edition <= 1
        rows = self.cache.get_rows(item.key) if own else None
        if rows is None or rows.get("meta") != stamp:
            if x is None:
                x, settled = self.extraction(item)
            if others:
                loaded = {o.name: self.load(o) for o in others}
                x = merge_renderings(x, best_first(list(loaded.values())), loaded.get(item.named_by))
            if parts:
                x = merge(x, [self.extraction(a)[0] for a in sorted(parts, key=lambda a: a.name)])
            if item.edition > 1:
                x.report["edition"] = item.edition
                x.report["notes"] = "; ".join(
                    filter(
                        None,
                        [
                            str(x.report["notes"]),
                            (
                                "another report of the same organ and year prints other statistics: "
                                f"a distinct report, edition {item.edition}"
                            ),
                        ],
                    )
                )
            rows = {"meta": stamp, **render_resources(report_rows(x), self.fields)}
            if own:
                self.cache.put_rows(item.key, rows)
        return rows


def load_extraction(cache: ExtractionCache, tasks: dict[str, Task], item: Any) -> Extraction:
    """A file's extraction as extracted: from the cache, or, where the cache lost it or
    it failed its checksum, read from the file again (and stored)."""
    x = cache.get(item.key)
    if x is None:
        outcome = run(tasks[item.name])
        if outcome.extraction is None:
            raise RuntimeError(f"{item.name} could be read once but not again: {outcome.error}")
        cache.put(item.key, outcome.extraction)
        x = outcome.extraction
    return x


def with_build_id(x: Extraction, report_id: str, taken: bool = True) -> Extraction:
    """The extraction under the id the build gave it: another file may have had its id
    (``taken``: said in its notes), or it takes the id of another rendering that names the
    report. An organ that could not be read is the report's own, under its new id too."""
    if x.report["report_id"] != report_id:
        if taken:
            x.report["notes"] = "; ".join(
                filter(None, [str(x.report["notes"]), f"id {x.report['report_id']} already taken by another file"])
            )
        if str(x.report.get("organ_id", "")).startswith(UNIDENTIFIED):
            x.report["organ_id"] = UNIDENTIFIED + report_id
        x.report["report_id"] = report_id
    return x
