"""Reading the numbers reports print: Arabic, full-width, Chinese numerals, units.

A cell is a value only when the whole cell is a number (optionally with a unit).
Anything else is a label, a blank, or unreadable, and the caller keeps the raw text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .normalize import nfkc, remembered_when_short

UNITS = ("万元", "人次", "元", "条", "件", "次", "场", "个", "人", "篇", "项")
_UNIT_RE = "|".join(UNITS)
# One number as printed: thousands groups (1,234 or 1，234 before folding), decimals, a sign.
UNSIGNED = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
ARABIC = rf"[+-]?(?:{UNSIGNED})"
CN_DIGITS = "零〇○一二两三四五六七八九"
PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")
CN_NUMERAL = rf"[{CN_DIGITS}十百千万亿]*[{CN_DIGITS}十][{CN_DIGITS}十百千万亿]*"
_CELL = re.compile(rf"^\s*(?P<num>{ARABIC}|{CN_NUMERAL})\s*(?P<mag>万|亿)?\s*(?P<unit>{_UNIT_RE})?\s*$")
BLANK_MARKS = {"", "-", "/", "—", "——", "－", "／", "无", "無", "空"}


@dataclass(frozen=True)
class Number:
    """A parsed value with the unit printed next to it (None when none was printed)."""

    value: float
    unit: str | None


@lru_cache(maxsize=1 << 14)
def parse_numeral(text: str) -> float:
    """Value of an Arabic or Chinese numeral string (raises ValueError if it is neither;
    remembered, since the same numbers recur in every report)."""
    text = nfkc(text).replace(",", "")
    if PLAIN_NUMBER.fullmatch(text):
        return float(text)
    import cn2an  # only Chinese numerals need it

    text = text.replace("〇", "零").replace("○", "零")
    return float(cn2an.cn2an(text, "strict"))


@remembered_when_short(1 << 15)
def parse_cell(text: str) -> Number | None:
    """The number a table cell holds, or None when the cell is not a number (remembered
    for short cells: a Number cannot be changed, so it is shared)."""
    match = _CELL.match(nfkc(text))
    if not match:
        return None
    try:
        value = parse_numeral(match["num"])
    except ValueError:
        return None
    if match["mag"] == "万":
        value *= 10_000
    elif match["mag"] == "亿":
        value *= 100_000_000
    return Number(value, match["unit"])


def is_blank(text: str) -> bool:
    """True for cells that print nothing (or only a dash, 无): missing, never zero."""
    return text.strip() in BLANK_MARKS


def convert_unit(value: float, printed: str | None, wanted: str) -> float:
    """Convert money printed in 元 into the 万元 the codebook uses; other units pass."""
    if printed == "元" and wanted == "万元":
        return value / 10_000
    if printed == "万元" and wanted == "元":
        return value * 10_000
    return value
