"""Splitting runs of glued digits into the cells they were printed as.

A crawler that drops cell boundaries turns the row 规范性文件 | 89 | 89 | 89 into
"规范性文件898989". Given the number of cells the layout has for the row, every way
of cutting the runs into that many numbers is a candidate (no number but 0 itself
starts with 0; a decimal point stays inside one number). The caller keeps the
candidates its accounting identities allow; one left is the reading, several left
is an ambiguity that is reported, never resolved by guessing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache

MAX_CANDIDATES = 50_000  # beyond this a run is reported ambiguous without enumerating


_NUMBER = re.compile(r"-?(?:0|[1-9]\d*|[1-9]\d{0,2}(?:,\d{3})+)(?:\.\d+)?")


RUN = re.compile(r"-?\d[\d,]*(?:\.\d+)?")  # the digits of a (possibly glued) value cell


@lru_cache(maxsize=1 << 16)
def valid_number(part: str) -> bool:
    """Whether a cut of a run can be a printed number: no leading zero but 0 itself,
    one decimal point inside, thousands groups of three."""
    return bool(_NUMBER.fullmatch(part))


def value_of(part: str) -> float:
    """The value of one cut of a run, its thousands separators dropped ("1,234" is 1234)."""
    return float(part.replace(",", ""))


@lru_cache(maxsize=1 << 14)
def _cuts(run: str, parts: int) -> tuple[tuple[tuple[int, int], ...], ...]:
    """Every way to cut ``run`` into ``parts`` valid numbers, as (start, end) pairs
    (memoised: the same runs recur in every row and every report)."""
    if parts == 1:
        return (((0, len(run)),),) if valid_number(run) else ()
    if len(run) == parts:  # one digit each: the only way
        return (tuple((i, i + 1) for i in range(parts)),) if all(valid_number(c) for c in run) else ()
    found = []
    for cut in range(1, len(run) - parts + 2):
        if not valid_number(run[:cut]):
            continue
        found += [((0, cut),) + tuple((s + cut, e + cut) for s, e in rest) for rest in _cuts(run[cut:], parts - 1)]
    return tuple(found)


def _count(runs: list[str], k: int) -> int:
    """An upper bound of the number of candidates, to refuse hopeless enumerations."""
    from math import comb

    slots = sum(len(r) for r in runs) - len(runs)
    return comb(slots, max(k - len(runs), 0)) if k >= len(runs) else 0


def candidates(runs: list[str], k: int) -> Iterator[list[tuple[int, int, int]]]:
    """Readings of ``runs`` as ``k`` numbers: lists of (run index, start, end)."""
    if k < len(runs) or _count(runs, k) > MAX_CANDIDATES:
        return

    def walk(i: int, left: int) -> Iterator[list[tuple[int, int, int]]]:
        if i == len(runs):
            if left == 0:
                yield []
            return
        remaining = len(runs) - i - 1
        for parts in range(1, min(left - remaining, len(runs[i])) + 1):
            for cut in _cuts(runs[i], parts):
                for rest in walk(i + 1, left - parts):
                    yield [(i, s, e) for s, e in cut] + rest

    yield from walk(0, k)


def resolve(
    runs: list[str], k: int, accept: Callable[[list[float]], bool] | None = None
) -> tuple[list[tuple[int, int, int]] | None, str, int]:
    """The single reading that ``accept`` allows, its quality, and how many readings there were.

    Quality is ``exact`` when the digits allow one reading only, ``inferred`` when
    the identities picked it among several; (None, "ambiguous", n) otherwise.
    """
    seen, kept = 0, []
    for reading in candidates(runs, k):
        seen += 1
        values = [value_of(runs[i][s:e]) for i, s, e in reading]
        if accept is None or accept(values):
            kept.append(reading)
            if len(kept) > 1:
                break
    if len(kept) == 1:
        return kept[0], "exact" if seen == 1 else "inferred", seen
    return None, "ambiguous", seen


def readings(
    runs: list[str], k: int, accept: Callable[[list[float]], bool] | None = None, limit: int = 64
) -> list[list[tuple[int, int, int]]]:
    """Up to ``limit`` readings that ``accept`` allows (more than ``limit``: an empty list,
    since so open a row cannot be settled by other rows either)."""
    kept = []
    for reading in candidates(runs, k):
        values = [value_of(runs[i][s:e]) for i, s, e in reading]
        if accept is None or accept(values):
            kept.append(reading)
            if len(kept) > limit:
                return []
    return kept
