"""Where an organ sits: province, prefecture, county and its GB/T 2260 code.

The code table is the one the ``cpca`` package ships. The place is read from the
organ's own name first (息烽县民政局 → 息烽县), never from the first place name that
happens to occur in the text; only an organ whose name carries no county (a
township such as 一拉溪镇) is placed by the county its report names most often.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files
from typing import Any

# Compiled once: re.search(pattern, …) looks its pattern up in re's cache on every call.
TOWNSHIP_WORD = re.compile(r"[镇乡]|街道")
TOWNSHIP_ORGAN = re.compile(r"[镇乡](?:人民政府|政府)?$|街道")
TOWNSHIP_OFFICE = re.compile(r"[镇乡]\S*[办所站]$")
NOT_ID = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Place:
    """Province, prefecture and county by name, '' where a level is not known or does not apply."""

    province: str = ""
    prefecture: str = ""
    county: str = ""
    code: str = ""  # 6-digit GB/T 2260 code of the most specific level known


@cache
def _names() -> dict[str, str]:
    """6-digit code → name, from cpca's table."""
    with files("cpca").joinpath("resources", "adcodes.csv").open(encoding="utf-8") as handle:
        return {row["adcode"][:6]: row["name"] for row in csv.DictReader(handle)}


@cache
def _counties() -> dict[str, str]:
    """County-level name → code, for names unique in the country."""
    seen: dict[str, list[str]] = {}
    for code, name in _names().items():
        if code[4:] != "00" and name != "市辖区":
            seen.setdefault(name, []).append(code)
    return {name: codes[0] for name, codes in seen.items() if len(codes) == 1}


@cache
def _county_matcher() -> Any:
    """All unambiguous county names of three characters or more, matched in one pass."""
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for name in _counties():
        if len(name) > 2:
            automaton.add_word(name, name)
    automaton.make_automaton()
    return automaton


def all_codes() -> set[str]:
    """Every 6-digit code in the table, for validating region codes."""
    return set(_names())


def place_of_code(code: str) -> Place:
    """The levels a 6-digit code names, from cpca's table; a 市辖区 is no prefecture."""
    names = _names()
    province = names.get(code[:2] + "0000", "")
    prefecture = names.get(code[:4] + "00", "") if code[2:4] != "00" else ""
    county = names.get(code, "") if code[4:] != "00" else ""
    return Place(province, "" if prefecture == "市辖区" else prefecture, county, code)


@cache
def _zones() -> dict[str, str]:
    """Places the code table does not name (平潭综合实验区 …) → their county's code."""
    with files("ogidata").joinpath("data", "places.csv").open(encoding="utf-8") as handle:
        return {row["name"]: row["code"] for row in csv.DictReader(handle)}


def _adcode(name: str) -> str | None:
    """cpca's code for a name. Its one-name look-up, not ``cpca.transform``: transform only
    wraps the same records in a pandas DataFrame, which cost more than the look-up itself."""
    import cpca  # imported on first use: loading its table is not needed by a no-op rebuild

    return cpca._get_one_addr(name, False, {})["adcode"]


def locate(organ: str, text: Callable[[], str]) -> Place:
    """The place of ``organ``; a township's county is the one the text names most often.
    An organ the text does not name gets no place: guessing one from a passing mention
    of some district would be inventing it."""
    if not organ:
        return Place()
    zone = next((code for name, code in _zones().items() if name in organ), None)
    if zone:
        return place_of_code(zone)
    code = _adcode(organ)
    if isinstance(code, str) and code:
        place = place_of_code(code[:6])
        if place.county or not TOWNSHIP_WORD.search(organ):
            return place
    return most_named(text)  # folded only now: most organs are placed by their own name


def most_named(text: Callable[[], str]) -> Place:
    """The county the text names most often (the first named, on a tie); none if it names none."""
    counts: dict[str, int] = {}
    whole = text()
    for _, name in _county_matcher().iter(whole):
        counts[name] = counts.get(name, 0) + 1
    if counts:
        best = max(counts, key=lambda name: (counts[name], -whole.index(name)))
        return place_of_code(_counties()[best])
    return Place()


def level(organ: str, place: Place) -> str:
    """Administrative level of the organ: national, provincial, prefecture, county, township."""
    if TOWNSHIP_ORGAN.search(organ) or TOWNSHIP_OFFICE.search(organ):
        return "township"
    if place.county:
        return "county"
    if place.prefecture:
        return "prefecture"
    if place.province:
        return "provincial"
    return "national" if organ else ""


@lru_cache(maxsize=1 << 14)
def slug(text: str) -> str:
    """ASCII id part: pinyin without tones, letters and digits only (remembered: the
    same place and organ names make the ids of many reports)."""
    from pypinyin import lazy_pinyin

    return NOT_ID.sub("", "".join(lazy_pinyin(text)).lower())
