"""Which of the three official layouts a report uses.

Decided by the labels its tables print; a report without tables falls back on its
year (the 2019 form applied to the reports on 2019 and 2020, the 2021 form after).
"""

from __future__ import annotations

from .lexicon import request_labels

GB2021 = {"本年制发件数", "本年废止件数", "现行有效件数", "本年收费金额"}
GB2019 = {
    "本年新制作数量",
    "本年新公开数量",
    "对外公开总数量",
    "上一年项目数量",
    "本年增/减",
    "采购项目数量",
    "采购总金额",
}
GB2021_ROWS = {key for key, ids in request_labels().items() if any(i.startswith("requests.other.") for i in ids)}
GB_ANY = {"结果维持"} | set(request_labels())


def by_year(year: int | None) -> str:
    """The layout the form in force in ``year`` prescribes, for a report whose tables do not
    tell; '' when the year is unknown too."""
    if year is None:
        return ""
    return "legacy" if year < 2019 else "gb2019" if year < 2021 else "gb2021"


def detect_layout(labels: list[str], year: int | None) -> str:
    """The layout (legacy, gb2019, gb2021) from the label keys the table readers saw: a label only
    one form prints decides; one the 2019 and 2021 forms share, or none, leaves it to the year."""
    seen = set(labels)
    if seen & GB2021 or seen & GB2021_ROWS:
        return "gb2021"
    if seen & GB2019:
        return "gb2019"
    if "统计指标" in seen:
        return "legacy"
    if seen & GB_ANY:
        return "gb2021" if year and year >= 2021 else "gb2019"
    return by_year(year)
