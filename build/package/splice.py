"""Reusing the package in place: where each report's rows lie in the CSVs the last build wrote.

A report's rows are a pure function of the id the build gave it, its cache entry and the
entries of the copies and attachments it was written with. When all of these are what
they were at the last build, its rows are the bytes that build wrote for it, so a
rebuild after one change copies the CSVs around the changed report instead of reading
every cache entry back (docs/performance.md).

The build's record keeps, per report, the bytes and rows it took in each resource; the
offsets follow from the order reports are written in (report id) and the header.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

Signature = tuple[str, str, str]  # report id, cache key, what else it was made with


def signature(item: Any, consulted: Iterable[Any]) -> Signature:
    """What a report's rows are made from (``consulted``: its copies, renderings and
    attachments, each by file, cache entry and the id the build gave it, which an
    attachment's rows carry; and the edition the build gave it and the rendering it is named by)."""
    made = " ".join(f"{o.name}={o.key}={o.report_id}" for o in consulted)
    extra = f" edition={item.edition} named={item.named_by}" if item.edition or item.named_by else ""
    return item.report_id, item.key, made + extra


class Placed(NamedTuple):
    """A report's rows in the CSVs in place: per resource, where they start, their bytes and rows."""

    offsets: tuple[int, ...]
    sizes: tuple[int, ...]
    rows: tuple[int, ...]


def placements(written: Iterable[tuple[Signature, Sequence[int]]], headers: Sequence[int]) -> dict[Signature, Placed]:
    """Each report of the last build by its signature, placed in the files it wrote.

    ``written`` gives each report's signature and its bytes then rows per resource (the
    record's ``written``); ``headers`` the bytes of each resource's header line."""
    found: dict[Signature, Placed] = {}
    offsets = list(headers)
    count = len(headers)
    for sig, layout in sorted(written, key=lambda pair: pair[0][0]):  # the write order: report id
        sizes = tuple(layout[:count])
        found[sig] = Placed(tuple(offsets), sizes, tuple(layout[count:]))
        offsets = [o + s for o, s in zip(offsets, sizes)]
    return found
