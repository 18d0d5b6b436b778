"""Metadata detected from the texts alone, checked against what the seeds print."""

from __future__ import annotations

import datetime as dt

import pytest

from ogidata.extraction.metadata import detect
from ogidata.readers.text import read_text

from .conftest import SOURCES

EXPECTED = {
    # report id: (organ, region code, level, kind, year, published)
    "guizhou-xifengxian-minzhengju-2018": ("息烽县民政局", "520122", "county", "department", 2018, dt.date(2019, 1, 30)),
    "jilin-yongjixian-yilaxizhen-gov-2014": ("一拉溪镇人民政府", "220221", "township", "government", 2014, dt.date(2016, 1, 29)),
    "henan-luyixian-gov-2019": ("鹿邑县人民政府", "411628", "county", "government", 2019, None),
    "anhui-yejiqu-gov-2016": ("叶集区人民政府", "341504", "county", "government", 2016, dt.date(2017, 3, 24)),
    "qinghai-delinghashi-zhengwufuwujianduguanliju-2020": (
        "德令哈市政务服务监督管理局", "632802", "county", "department", 2020, dt.date(2021, 1, 20)),
}


@pytest.mark.parametrize("report_id", sorted(EXPECTED))
def test_metadata_from_text(report_id: str) -> None:
    meta = detect(read_text((SOURCES / "reports" / f"{report_id}.txt").read_bytes()))
    organ, code, level, kind, year, published = EXPECTED[report_id]
    assert meta.report_id == report_id
    assert (meta.organ, meta.place.code, meta.admin_level, meta.organ_kind, meta.year, meta.published) == (
        organ, code, level, kind, year, published)


def test_unreadable_date_is_kept_raw_not_guessed() -> None:
    meta = detect(read_text((SOURCES / "reports" / "jilin-yongjixian-yilaxizhen-gov-2014.txt").read_bytes()))
    assert meta.signed is None
    assert any("2015112日" in note and "line 11" in note for note in meta.notes)


def test_title_and_township_county() -> None:
    meta = detect(read_text((SOURCES / "reports" / "jilin-yongjixian-yilaxizhen-gov-2014.txt").read_bytes()))
    assert meta.title == "一拉溪镇2014年政府信息公开工作年度报告"
    assert (meta.place.province, meta.place.prefecture, meta.place.county) == ("吉林省", "吉林市", "永吉县")
