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
