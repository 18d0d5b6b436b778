"""Report metadata read from the text itself: title, organ, year, dates, place.

Used when a source has no manifest entry, and to cross-check the manifest when it
has one. What cannot be read is left empty with a note, never guessed: the Yilaxi
report prints its date as "2015112日", which is kept raw and reported.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..readers.document import Document
from .dates import DATE, ISO, YEAR, parse_year, to_date
from .normalize import nfkc
from .region import Place, level, locate, slug

HEAD_ROWS = 25  # the title and the page's date stand in the first rows
_ORGAN = r"[\u4e00-\u9fff（）()]{2,40}?"
TITLE = re.compile(
    rf"(?P<organ>{_ORGAN})\s*(?P<year>{YEAR})\s*年\s*度?\s*(?:政府)?(?:信息公开|政务公开)(?:工作)?\s*(?:年度)?\s*(?:报告|年报)"
)
WORK_PHRASE = re.compile(rf"(?P<organ>{_ORGAN})\s*(?P<year>{YEAR})\s*年\s*度?\s*(?:政府)?信息公开工作")
PAGE_DATES = (  # "发布日期:2016-01-29", or a line that starts with the posting time
    re.compile(rf"(?:发布(?:日期|时间)|日期)\s*[:：]\s*{ISO}"),
    re.compile(rf"^\s*{ISO}(?:\s+\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?(?:\s|$)"),
)
SIGNATURE = re.compile(rf"(?:^|[。\s])[^，。,；;:：\d]{{0,40}}?{DATE}\s*[)）]?\s*$")
BROKEN_DATE = re.compile(r"^[(（]?\s*(?:19|20)\d{2}\d*\s*[年月]?\s*\d*\s*日\s*[)）]?$")
GOVERNMENT = re.compile(r"(?:人民政府|政府|管委会|管理委员会|办事处)$")
BARE_PLACE = re.compile(r"(?:省|市|县|区|旗|镇|乡)$")


@dataclass
class Metadata:
    title: str = ""
    organ: str = ""
    year: int | None = None
    published: dt.date | None = None
    signed: dt.date | None = None
    place: Place = field(default_factory=Place)
    admin_level: str = ""
    organ_kind: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def report_id(self) -> str:
        """ASCII id from province, place, organ and year: stable and readable."""
        place = self.place
        parts = [place.province[:2] and slug(re.sub(r"(省|市|(壮族|回族|维吾尔)?自治区)$", "", place.province))]
        local = place.county or place.prefecture
        parts.append(slug(local))
        organ = self.organ
        for name in (place.province, place.prefecture, place.county):
            organ = organ.replace(name, "") if name else organ
        township = re.match(r"^(.{1,8}?(?:镇|乡|街道))", organ)
        if township:
            parts.append(slug(township.group(1)))
            organ = organ[township.end():]
        parts.append("gov" if self.organ_kind == "government" else slug(organ))
        parts.append(str(self.year or "unknown"))
        return "-".join(p for p in parts if p)


def normalise_organ(organ: str) -> str:
    """A bare place name issues as its people's government (叶集区 → 叶集区人民政府)."""
    organ = organ.strip()
    if organ.endswith("街道"):
        return organ + "办事处"
    return organ + "人民政府" if BARE_PLACE.search(organ) else organ


def organ_kind(organ: str) -> str:
    return "government" if GOVERNMENT.search(organ) else "department"


def _head_cells(doc: Document) -> list[str]:
    return [nfkc(c.text) for row in doc.rows[:HEAD_ROWS] for c in row.filled]


def _trim_to_place(candidate: str, place: Place) -> str:
    """Cut leading words ("组织开展") off an organ found inside a sentence."""
    for name in (place.province, place.prefecture, place.county):
        if name and name in candidate:
            return candidate[candidate.index(name):]
    return candidate


def detect(doc: Document) -> Metadata:
    meta = Metadata()
    text = nfkc(doc.text)
    title = next((m for cell in _head_cells(doc) for m in [TITLE.search(cell)] if m), None)
    phrase = title or WORK_PHRASE.search(text)
    if title:
        meta.title = re.sub(r"\s+", "", title.group(0))
    else:
        meta.notes.append("no title line found in the text")
    if phrase:
        meta.year = parse_year(phrase["year"])
        organ = re.split(r"[，。、；：:,（(《》)）\s]", phrase["organ"])[-1]
        place = locate(organ, text)
        meta.organ = normalise_organ(_trim_to_place(organ, place))
        meta.place = place
    else:
        meta.place = locate("", text)
    meta.organ_kind = organ_kind(meta.organ) if meta.organ else ""
    meta.admin_level = level(meta.organ, meta.place)
    _read_dates(doc, meta)
    return meta


def _read_dates(doc: Document, meta: Metadata) -> None:
    for cell in _head_cells(doc):
        match = PAGE_DATES[0].search(cell) or PAGE_DATES[1].search(cell)
        if match and (day := to_date(match)):
            meta.published = day
            break
    signatures = []
    for row in doc.rows:
        for cell in row.filled:
            body = nfkc(cell.text).strip().rstrip("|").strip()
            match = SIGNATURE.search(body)
            if match and (day := to_date(match)):
                signatures.append(day)
            elif BROKEN_DATE.match(body):
                meta.notes.append(f"date unreadable, kept raw: '{body}' (line {cell.line})")
    if signatures:
        meta.signed = signatures[0]
    meta.published = meta.published or meta.signed
