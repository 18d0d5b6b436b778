"""Small pieces on real cells and labels from the seeds."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from ogidata.extraction.dates import DATE, to_date
from ogidata.extraction.normalize import label_key
from ogidata.extraction.numbers import convert_unit, is_blank, parse_cell


@pytest.mark.parametrize(
    ("printed", "key"),
    [
        ("(一)主动公开政府信息数 (不同渠道和方式公开相同信息计1条)", "主动公开政府信息数"),
        ("危及国家安全、公共安全、经济安全和社 会稳定", "危及国家安全、公共安全、经济安全和社会稳定"),
        ("(二) 部分公开（区分处理的，只计这一情形，不计其他情形）", "部分公开"),
        ("其中:涉及国家秘密", "涉及国家秘密"),
        ("()主动公开政府信息数", "主动公开政府信息数"),
    ],
)
def test_label_key(printed: str, key: str) -> None:
    assert label_key(printed) == key


@pytest.mark.parametrize(
    ("cell", "value", "unit"),
    [("395 ", 395, None), ("1.4", 1.4, None), ("180000.17", 180000.17, None), ("１２条", 12, "条"),
     ("二十三件", 23, "件"), ("-3", -3, None), ("1,234", 1234, None)],
)
def test_parse_cell(cell: str, value: float, unit: str | None) -> None:
    number = parse_cell(cell)
    assert number is not None and (number.value, number.unit) == (value, unit)


@pytest.mark.parametrize("cell", ["", "统计数", "2015112日)", "0851——87721339"])
def test_not_a_number(cell: str) -> None:
    assert parse_cell(cell) is None


def test_blank_marks_and_money() -> None:
    assert is_blank("——") and is_blank(" ") and not is_blank("0")
    assert convert_unit(116000, "元", "万元") == 11.6


@pytest.mark.parametrize(
    ("printed", "day"),
    [("二○一二年二月二十日", dt.date(2012, 2, 20)), ("二〇一三年一月十日", dt.date(2013, 1, 10)),
     ("2019年1月30日", dt.date(2019, 1, 30))],
)
def test_dates(printed: str, day: dt.date) -> None:
    match = re.search(DATE, printed)
    assert match and to_date(match) == day


def _real_lines() -> list[str]:
    """Every line of the text and web page reports among the seeds and the corpus."""
    from pathlib import Path

    from ogidata.readers.dispatch import read_document

    root = Path(__file__).resolve().parent
    files = [p for folder in (root.parent / "sources" / "reports", root / "fixtures" / "corpus" / "reports")
             for p in sorted(folder.iterdir()) if p.suffix in (".txt", ".html")]
    return [line for p in files for line in read_document(p.name, p.read_bytes()).text.split("\n")]


def test_the_prose_patterns_shortcuts_find_what_the_patterns_alone_find() -> None:
    """COUNTED names the characters a number can start with, and BARE_END is searched only
    where a line ends with a digit: both only to skip work, never a match."""
    from ogidata.extraction.prose import BARE_END, COUNTED, _ends_with_digit

    plain = re.compile(COUNTED.pattern.removeprefix(COUNTED.pattern[:COUNTED.pattern.index("(?<!")]))
    assert plain.pattern != COUNTED.pattern
    lines = _real_lines()
    spans = [[m.span("num") for m in COUNTED.finditer(line)] for line in lines]
    assert spans == [[m.span("num") for m in plain.finditer(line)] for line in lines]
    assert sum(map(len, spans)) > 500  # 695 numbers with a unit in the reports' counts, "主动公开政府信息17829条" among them
    ended = [line for line in lines if BARE_END.search(line)]
    assert len(ended) > 20 and all(_ends_with_digit(line) for line in ended)
    assert _ends_with_digit("从事政府信息公开工作人员数。 7 。 ") and not _ends_with_digit("共7件。另")


def test_rows_flattened_to_spaces_are_looked_for_only_in_lines_with_a_space() -> None:
    from ogidata.readers.text import _SPACE, _SPACED_ROW

    spaced = [line for line in _real_lines() if _SPACED_ROW.match(line)]
    assert len(spaced) > 20 and all(_SPACE.search(line) for line in spaced)
