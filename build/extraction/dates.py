"""Dates as reports print them: 2019-01-30, 2019年1月30日, 二〇一三年一月二十日."""

from __future__ import annotations

import datetime as dt
import re

from .numbers import parse_numeral
from .patterns import CN, YEAR

_YEAR_DIGITS = str.maketrans("〇○零一二三四五六七八九", "000123456789")
DATE = rf"(?P<y>{YEAR})\s*年\s*(?P<m>\d{{1,2}}|[{CN}]{{1,3}})\s*月\s*(?P<d>\d{{1,2}}|[{CN}]{{1,3}})\s*日"
ISO = r"(?P<y>(?:19|20)\d{2})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})"


def parse_year(text: str) -> int:
    """A year in Arabic digits or digit-by-digit Chinese (二〇一三)."""
    return int(text.translate(_YEAR_DIGITS))


def to_date(match: re.Match[str]) -> dt.date | None:
    """The date a DATE or ISO match spells, or None when it is not a real date."""
    try:
        return dt.date(parse_year(match["y"]), int(parse_numeral(match["m"])), int(parse_numeral(match["d"])))
    except ValueError:
        return None
