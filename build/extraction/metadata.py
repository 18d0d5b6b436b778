"""Report metadata read from the text itself: title, organ, year, dates, place.

Used when a source has no manifest entry, and to cross-check the manifest when it
has one. What cannot be read is left empty with a note, never guessed: the Yilaxi
report prints its date as "2015112日", which is kept raw and reported.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from itertools import islice

from ..readers.document import NOT_PUBLISHED, Document
from .dates import DATE, ISO, parse_year, to_date
from .lexicon import read_data
from .normalize import BLANKS, nfkc
from .patterns import YEAR_OPENING
from .region import Place, is_place, level, locate, mend, most_named, slug

HEAD_ROWS = 25  # the title and the page's date stand in the first rows
TITLES_IN_TEXT = 3  # title-like phrases in the text tried for the organ
SIGNATURE_ROWS = 8  # the signature and its date stand in the last rows, before any page footer
ORGAN_LONGEST = 40
_ORGAN = rf"[\u4e00-\u9fff（）()]{{2,{ORGAN_LONGEST}}}?"
# "政府信息公开工作年度报告", "政务信息公开工作开展年度报告", "政府信息公开年度工作报告"
# A page may space the words out: "…政府信息公开工 作 年 度 报 告".
_REPORT = (  # "…信息公开的报告" too
    r"(?:政府|政务)?(?:信息公开|政务公开)\s*(?:工\s*作)?(?:开展)?\s*(?:年\s*度)?\s*(?:工\s*作)?\s*(?:的\s*)?"
    r"(?:报\s*告|年\s*报)"
)
# The year may go without its 年 ("东河区卫生健康委员会 2021政府信息公开工作年度报告").
_TITLE_TAIL = rf"(?P<year>{YEAR_OPENING})\s*(?:年\s*度?)?\s*{_REPORT}"
# Words between a title's organ and its year: "X局关于2017年…年度报告", "X局关于报送2020年度…年度报告的函"
_ABOUT = ("关于报送", "关于印发", "关于公布", "关于发布", "关于")
TITLE = re.compile(rf"(?P<organ>{_ORGAN})?\s*(?:{'|'.join(_ABOUT)})?\s*{_TITLE_TAIL}")
# "2012年泾县人民政府信息公开年度报告": the organ keeps its 政府 (not 泾县人民 + 政府信息公开);
# "汇总2021年度大东坝镇人民政府的政务公开年度报告".
YEAR_FIRST_TITLE = re.compile(
    rf"(?P<year>{YEAR_OPENING})\s*年\s*度?\s*(?P<organ>(?!政府|政务|信息){_ORGAN})(?<!人民)的?{_REPORT}"
)
# A title line that leaves the year out: "驼峰路街道办事处政府信息公开工作年度报告".
YEARLESS_TITLE = re.compile(
    rf"^\s*(?P<organ>(?!政府|政务|信息|人民){_ORGAN})(?<!人民)(?<!年)\s*(?:年\s*度)?\s*{_REPORT}\s*$"
)  # "兴海县人民政府年度政府信息公开工作报告": 年度 is no part of the name
LOOSE_TITLE = re.compile(
    rf"(?P<year>{YEAR_OPENING})\s*年\s*度?[^，。,]{{0,12}}?信息公开(?:工作)?\s*(?:年度)?\s*(?:报告|年报)"
)
_WORK_TAIL = rf"(?P<year>{YEAR_OPENING})\s*年\s*度?\s*(?:政府)?信息公开工作"
WORK_PHRASE = re.compile(rf"(?P<organ>{_ORGAN})\s*{_WORK_TAIL}")
# "…和2011年度湖南省参事室信息公开工作情况编制": the year before the organ.
YEAR_FIRST_WORK = re.compile(
    rf"(?P<year>{YEAR_OPENING})\s*年\s*度?\s*(?P<organ>(?!政府|政务|信息){_ORGAN})(?<!人民)(?:政府)?信息公开工作"
)
# Where a match of a pattern that opens with an organ can first start: no earlier than
# the organ's length before the first match of the rest (the year and the report words).
# Searching from there finds the same matches, without trying every earlier position.
_TAILS = {TITLE: re.compile(_TITLE_TAIL), WORK_PHRASE: re.compile(_WORK_TAIL)}
# "本报告由南平市人民政府信息公开工作领导小组办公室……编制", "汇总平潭综合实验区各有关单位……"
COMPILED_BY = re.compile(
    r"由(?P<organ>[\u4e00-\u9fff]{2,20}?(?:人民政府|政府|委员会|管委会))"
    # "本年度报告是根据…要求，由广西壮族自治区教育厅编制": what compiled the report, not any document
    r"|(?:报告|年报)[^。]{0,200}?由(?P<compiler>[\u4e00-\u9fff]{2,30}?)"
    # "由塘下镇人民政府结合有关统计数据编制"
    r"(?:(?:结合|根据|按照|依据)[^。，]{0,20}?)?(?:负责)?(?:编制|编写|汇总编制)"
    r"|汇总(?P<area>[\u4e00-\u9fff]{2,12}?(?:省|市|县|区|旗|镇|乡))(?:各|全)"
)
# "2025年，平潭综合实验区坚持以……", "本年度，兴发乡严格依照…", "2025年中仓街道积极推动…": the organ
# as the subject of the overview's first sentence.
SUBJECT = re.compile(
    r"(?:(?:19|20)\d{2}\s*年度?|本年度)\s*[，,]?\s*(?P<organ>[\u4e00-\u9fff]{2,24}?"
    r"(?:人民政府|政府|管委会|委员会|(?<![县市区镇乡党])委|办事处|局|厅|署|办公室|办公厅|实验区|新区|开发区|省|区|县|市|镇|乡|街道|(?<!大)街))"
    r"(?:(?:和|及|与|会同)[^，。,]{0,16}?)?"  # "白云街道办事处和各社区、委办局认真…"
    r"(?:坚持|认真|深入|始终|紧紧|紧扣|围绕|按照|根据|依据|贯彻|着力|继续|主动|全面|积极|高度|持续|进一步|严格|不断|扎实|切实|以|在|共"
    r"|(?<=[局委厅办室会府处])(?:政务公开|政府信息公开)工作)"  # "2023年，市发展和改革局政务公开工作在…"
)
# "绍兴市卫生健康委是主管全市医疗卫生健康事业的市政府职能部门": the organ says what it is.
WHAT_IT_IS = re.compile(
    r"(?:^|[。\n])\s*(?P<organ>[\u4e00-\u9fff]{2,24}?(?:局|委员会|委|厅|办公室|办|中心|院|署))"
    r"是[^。，,]{0,30}?(?:职能部门|工作部门|组成部门|直属机构|直属事业单位|派出机构)"
)
# A report that names itself only as 我局/我院 (or, a government's, 我县/我旗) and names its own website,
# account or disclosure guide: "在揚州市農業農村局網站首頁…設定政府信息公開專欄", "淮北市人民医院微信公众号",
# "建立了《铜仁市教育局网上信息公开审查制度》", "《兴海县人民政府信息公开指南》".
SELF_REFERENCE = re.compile(r"(?:我|本)(局|委|院|厅|办(?!法)|中心|单位|部门|县|市|区(?!域)|旗|镇|乡|街)")
DEPARTMENT_SELF = frozenset("局委院厅办中单部")
TOWNSHIP_SELF = frozenset("镇乡街")
# Only a county or banner: 我市 may be a prefecture's city naming its county-level cities, 我区 a zone or a region.
COUNTY_SELF = frozenset("县旗")
OWN_CHANNEL = re.compile(
    r"(?P<organ>[\u4e00-\u9fff]{2,24}?(?P<kind>局|委员会|委|院|厅|办公室|办|中心|(?<=[县市区旗镇乡])人民政府))"
    r"(?:(?:官方)?(?:网站|门户网站|官网|微信公众号|公众号|微博)"
    r"|[\u4e00-\u9fff]{0,8}?(?:政府|政务)?信息公开(?:指南|目录|[\u4e00-\u9fff]{0,4}(?:制度|办法|规定|细则))》)"
)
# "如对本报告有任何疑问，请与黄岛街道办事处政府信息公开领导小组办公室联系": the organ whose office answers.
CONTACT = re.compile(r"请与\s*(?P<organ>[\u4e00-\u9fff（）()\s]{2,40}?)[\s|]*联系")  # a line may break it, or a cell
# The office of an organ that answers for its disclosure, cut off to leave the organ:
# 四川省人民政府|信息公开办公室, 永定县|政府信息中心, 团结乡政府|办公室 (a township's office is the township's),
# 良庆区民族宗教事务局|政务公开政府信息公开工作领导小组办公室.
OFFICE_TAIL = re.compile(
    r"(?:政务公开)?(?:(?<!人民)政府)?(?:信息公开|政务公开|公开)(?:工作)?(?:领导小组|协调)?(?:办公室|办)$"
    r"|(?:(?<!人民)政府)?(?:信息|政务服务|政务公开)中心$"
    r"|(?:办公厅|办公室)?(?:政务公开|政府信息公开|信息公开)(?:处|科)$"  # 海关总署|办公厅政务公开处
    r"|(?:(?<=[乡镇]政府)|(?<=[乡镇]人民政府)|(?<=街道办事处))(?:党政)?(?:综合)?办(?:公室)?$"
    r"|(?<=[乡镇])党政(?:综合)?办(?:公室)?$"  # 三溪乡|党政办, 沙河店镇人民政府|党政综合办公室
    # 抚州市教育局|办公室, 发展和改革委员会|办公室 (but 机构编制委员会办公室 is an organ of its own)
    r"|(?<=[局厅])办公室$|(?<=委员会)(?<!编制委员会)办公室$|(?<=中心)办公室$"  # 安庆市招商中心|办公室
    r"|(?<=局)[\u4e00-\u9fff]{1,4}股$"  # 县工信局|秘书股: a county bureau's section
)
# Words a title phrase may catch before the organ: "现公开平潭综合实验区交通与建设局2019年…".
LEADING_VERB = re.compile(
    r"^(?:(?:现|特|兹|今|谨)(?:(?:将|向社会)(?:公开|公布|发布|印发|报送)?|公开|公布|发布|印发|报送|编制)|制作|编制(?!委员会|办))"
)  # "…第五十条规定，制作江门市住房和城乡建设局2023年…报告", "编制本局2018年度…报告"
# Words a title phrase may catch after the organ: "由北京市卫生局编制的2008年度…", "交通运输部公布2012年…".
TRAILING_VERB = re.compile(r"(?:编制|编写|制作|公布|发布|印发)(?:了|的|而成的)?$")
# The period the report covers, from its first day: "自2016年1月1日起至…", "自2015-1-1起至2015-12-31止".
PERIOD = re.compile(
    r"(?P<year>(?:19|20)\d{2})\s*(?:年\s*0?1\s*月?\s*0?1\s*日|([-./])\s*0?1\s*\2\s*0?1(?!\d))\s*(?:起)?\s*(?:至|到|-|—)"
)
# The period told by its end alone: "统计汇总期限截止到2008年12月31日".
PERIOD_END = re.compile(
    r"(?:期限|时间|期间)[^。，,]{0,12}?(?:截止|截至|至|到|止)\s*到?\s*(?P<year>(?:19|20)\d{2})\s*年\s*12\s*月\s*31\s*日"
)
ANY_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年(?!\d)")
# The field's colon may be left out ("公开类别 主动公开 发布时间 2010-02-28").
_PAGE_FIELD = rf"(?:发布(?:日期|时间)|发文日期|{NOT_PUBLISHED}(?:日期|(?<!生成)时间))(?:\s*[:：]\s*|\s+)"
PAGE_DATES = (  # "发布日期:2016-01-29", "发布时间: 2020年01月10日", or a line that starts with the posting time
    re.compile(rf"{_PAGE_FIELD}{ISO}"),
    re.compile(rf"{_PAGE_FIELD}{DATE}"),
    # a list item too ("- 时间:" over "- 2024-01-18"), not a site's clock; its time may be glued on ("2021-03-2918:26")
    re.compile(rf"^\s*(?:[-•·*]\s*)?{ISO}(?:\s*\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?(?!\s*星期)(?:\s|$)"),
    # the posting time before the source field: "中央政府门户网站 www.gov.cn 2014-03-25 10:21 来源: 外交部网站"
    re.compile(rf"{ISO}\s+\d{{1,2}}:\d{{2}}(?::\d{{2}})?\s+(?:信息)?来源\s*[:：]"),
    # a page whose 发布时间 field is left blank dates itself by its 更新时间
    re.compile(rf"更新(?:日期|时间)\s*[:：]\s*{ISO}\s*发布(?:日期|时间)\s*[:：]\s*(?:[|｜]|$)"),
)
# A page that prints no date of its own but its 更新日期, and no signed date: that (not a site's or a
# page's footer: 本站更新日期, 页面更新时间).
UPDATED = re.compile(rf"(?<!页面)(?<!本站)(?<!网站)更新(?:日期|时间)\s*[:：]\s*{ISO}")
ZONE = re.compile(r"(?:开发区|实验区|新区|示范区|高新区|保税区|园区|试验区)$")
# A date at a cell's end after words, not after 至/到/止 (the end of the period the report covers).
SIGNATURE = re.compile(rf"(?:^|。|(?<![至到止\s])\s)[^，。,；;:：\d至到止]{{0,40}}?{DATE}\s*[)）]?\s*$")
ATTACHMENTS = re.compile(r"\s*(?:附件下载|相关附件|附件)\s*[:：]?\s*$")
BROKEN_DATE = re.compile(r"^[(（]?\s*(?:19|20)\d{2}\d*\s*[年月]?\s*\d*\s*日\s*[)）]?$")
# 开发区管理委员会 governs its zone; 国有资产监督管理委员会 is a department of a government.
GOVERNMENT = re.compile(r"(?:人民政府|政府|管委会|(?<!监督)管理委员会|办事处)$")
# A date a crawl broke over lines at the report's end: "2014" / "年1" / "月9" / "日".
DATE_ALONE = re.compile(rf"^\s*{DATE}\s*[)）]?\s*$")
DATE_PIECES = 4
PUBLISHER_FIELDS = ("发布机构", "发文机关", "发布单位", "信息来源")
# The page's own field for who published it: "发布机构: 莆田市人民政府国有资产监督管理委员会", "信息来源:沙塘镇
# 人民政府" (perhaps after the date on its line), or an encyclopedia page's fact box ("• 单位:交通运输部").
PUBLISHER = re.compile(
    rf"(?:^|(?<=\s))(?:[-•·*]\s*)?(?:{'|'.join(PUBLISHER_FIELDS)}|编制单位|单位)\s*[:：]\s*"
    r"(?P<organ>[\u4e00-\u9fff（）()]{2,40})\s*$"
)
BARE_PLACE = re.compile(r"(?:省|市|县|区|旗|盟|镇|乡)$|(?<=[\u4e00-\u9fff]{2})州$")  # 黔南州; not 杭州
STREET = re.compile(r"^[\u4e00-\u9fff]{2,6}(?<!大)街$")
# The province's or city's own rules a report is written under: "《山东省政府信息公开办法》".
LOCAL_RULES = re.compile(
    r"《\s*(?P<place>[\u4e00-\u9fff]{2,8}?(?:省|市|自治区))(?:人民)?政府信息公开(?:工作)?(?:规定|办法|实施办法|暂行办法|条例|制度)》"
)
PLACE_GOVERNMENT = re.compile(r"(?<=[省市县区旗镇乡])政府$")  # 永定县政府: the short form of 永定县人民政府
# Compiled once, like the rest: re.sub(pattern, …) looks its pattern up in re's cache on every call.
PROVINCE_SUFFIX = re.compile(r"(省|市|(壮族|回族|维吾尔)?自治区)$")
TOWNSHIP = re.compile(r"^(.{1,8}?(?:镇|乡|街道))")
FILE_ID = re.compile(r"[^a-z0-9]+")
ORGAN_CUT = re.compile(r"[，。、；：:,（(《》)）\s]")
# "现公布阳山县人民政府办公室（以下简称县政府办公室）2016年…报告": the name before its short form.
SHORT_ASIDE = re.compile(r"[（(]\s*(?:以下)?简称[^（()）]{0,20}[)）]$")
# An organ's name ends with the word for what it is (a government, bureau, office, committee,
# place …); words a sentence has and a name never does ("现公布", "我局编制了", "特向社会公布",
# "工作人员在政府") mean the pattern caught part of a sentence, not a name.
ORGAN_ENDING = re.compile(
    r"(?:政府|管委会|委员会|办事处|局|厅|委|办|办公室|室|院|中心|处|所|站|队|部|署|会|馆|街道|(?<!大)街|乡|镇|区|县|市|省|旗|州|盟|社|团|司|科|行|庭|园)$"
)
NOT_AN_ORGAN = re.compile(
    r"^(?:现(?!代)|已|并|该|其|在|本(?:局|委|办|院|单位|机关|部门|市|县|区|镇|乡)|全(?:区|县|市|省|镇|乡))"
    r"|了|我|公布|报告|总结|同志|书记|分管|工作人员|在政府|向社会|根据|按照|主动|公开政府|[县市区镇乡党]委|牵头|负责|本局|本委|本机关"
)


# The second name of an organ that bears two (一个机构两块牌子), in brackets after the first; a zone's
# district that is one with it (乌鲁木齐高新区(新市区)).
SECOND_NAME = re.compile(r"[（(][\u4e00-\u9fff]{1,12}(?:局|委员会|委|厅|办公室|办|署|中心|区)[)）]$")
PLACE_ENDINGS = frozenset(("县", "区", "市", "省", "旗", "州", "盟", "乡", "镇"))
# "由广西壮族自治区北部湾经济区规划建设管理办公室（以下简称自治区北部湾办）编制": a name and its short form.
SHORT_FOR = re.compile(
    r"(?:(?<=由)|(?<=[，,。；;：:、）)》\s]))(?P<full>(?!由)[\u4e00-\u9fff]{2,40})\s*[（(]\s*(?:以下)?简称\s*[:：]?\s*[“\"「]?(?P<short>[\u4e00-\u9fff]{2,20})[”\"」]?\s*[)）]"
)
# "市发展和改革委员会编制了…": a department named by its level alone, its place left out.
LEVEL_ONLY = re.compile(r"^[省市县区旗州盟]")
PLACE_LONGEST = 7
# The last word of a short name, spelt on in the full one: 委 (委员会), 办 (办公室).
SPELT_ON = {"委": "员会", "办": "公室"}
JOINED = re.compile(r"[与和及]")  # 发展和改革局, 综合执法与应急管理局: one name of two parts


def plausible_organ(name: str) -> bool:
    """Whether a name read from the text can be an organ's (see ORGAN_ENDING): it must also say
    whose it is in two characters or more — "度政府" is the tail of "2019年度政府信息公开…". A second
    name in brackets is the organ's too, and judged by the first."""
    name = _names(name)[0]
    ending = ORGAN_ENDING.search(name)
    whose = 1 if ending is not None and ending.group() in PLACE_ENDINGS else 2  # 沛县, 单县: a place of one character
    return ending is not None and ending.start() >= whose and not NOT_AN_ORGAN.search(name)


@dataclass
class Metadata:
    """What a report's own text says about it: what it does not say stays empty, and ``notes``
    says why (an unreadable date, an organ read from a sentence rather than a title)."""

    title: str = ""
    organ: str = ""
    year: int | None = None
    published: dt.date | None = None
    signed: dt.date | None = None
    place: Place = field(default_factory=Place)
    admin_level: str = ""
    organ_kind: str = ""
    notes: list[str] = field(default_factory=list)

    def report_id(self, file_name: str = "") -> str:
        """ASCII id from province, place, organ and year: stable and readable. A report
        whose organ cannot be read is named by its file instead (never a bare year)."""
        place = self.place
        parts = [place.province[:2] and slug(PROVINCE_SUFFIX.sub("", place.province))]
        local = place.county or place.prefecture
        parts.append(slug(local))
        if not self.organ:
            stem = file_name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
            parts += [FILE_ID.sub("-", stem.lower()).strip("-") or slug(stem) or "file", str(self.year or "")]
            return "-".join(p for p in parts if p)
        organ = self.organ
        for name in (place.province, place.prefecture, place.county):
            organ = organ.replace(name, "") if name else organ
        township = TOWNSHIP.match(organ)
        if township:
            parts.append(slug(township.group(1)))
            organ = organ[township.end() :]
        parts.append("gov" if self.organ_kind == "government" else slug(organ))
        parts.append(str(self.year or "unknown"))
        return "-".join(p for p in parts if p)


def normalise_organ(organ: str) -> str:
    """A bare place name issues as its government: 叶集区 → 叶集区人民政府, a zone such as
    平潭综合实验区 → its 管委会, a 街道 → its 办事处; a place's 政府 is its 人民政府."""
    organ = PLACE_GOVERNMENT.sub("人民政府", organ.strip())
    if organ.endswith("街道"):
        return organ + "办事处"
    if STREET.search(organ):  # 白云街: what Guangzhou's streets call themselves
        return organ + "道办事处"
    if ZONE.search(organ):
        return organ + "管委会"
    return organ + "人民政府" if BARE_PLACE.search(organ) else organ


def organ_kind(organ: str) -> str:
    """The organ's kind: "government" for one named as such (…人民政府, 管委会, 办事处), else "department"."""
    return "government" if GOVERNMENT.search(organ) else "department"


def _head_cells(doc: Document) -> list[str]:
    return [nfkc(c.text) for row in doc.rows[:HEAD_ROWS] for c in row.filled]


def _all_outside_quotes(pattern: re.Pattern[str], text: str, titles: bool = False) -> Iterator[re.Match[str]]:
    """The matches that are not inside a cited title (《……关于做好2012年政府信息公开工作……》),
    and with ``titles`` those the quotes hold alone, a report's title ("现发布《X局2022年政府信息公开
    工作年度报告》"): its organ's, whether this year's report or the last's, which it may cite."""
    for match in pattern.finditer(text, _earliest_start(pattern, text)):
        opened = text.rfind("《", 0, match.start())
        if opened <= text.rfind("》", 0, match.start()) or (titles and text.startswith("》", match.end())):
            yield match


def _outside_quotes(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """The first match not inside a cited title (see _all_outside_quotes)."""
    return next(_all_outside_quotes(pattern, text), None)


def _earliest_start(pattern: re.Pattern[str], text: str) -> int:
    """Where a match of ``pattern`` can first start (see _TAILS): an organ's length before the
    first match of its tail; 0 for a pattern without a tail, the end when the tail never occurs."""
    tail = _TAILS.get(pattern)
    if tail is None:
        return 0
    first = tail.search(text)
    if first is None:
        return len(text)  # no match can exist
    start = first.start()
    while start > 0 and text[start - 1].isspace():  # the \s* between organ and year
        start -= 1
    about = next((words for words in _ABOUT if text.endswith(words, 0, start)), "")
    if about:  # TITLE's 关于 (报送…) between them, and its blanks
        start -= len(about)
        while start > 0 and text[start - 1].isspace():
            start -= 1
    return max(0, start - ORGAN_LONGEST)


def _year_from_text(text: str) -> int | None:
    """The year the text names most, for a text with no title, period sentence or work phrase."""
    years = [int(y) for y in ANY_YEAR.findall(text) if 2007 <= int(y) <= 2100]
    return max(set(years), key=lambda y: (years.count(y), -years.index(y))) if years else None


def _trim_to_place(candidate: str, place: Place) -> str:
    """Cut leading words ("组织开展") off an organ found inside a sentence: those before its place,
    where its first name holds it (not its second, 高新区(新市区))."""
    first = _names(candidate)[0]
    for name in (place.province, place.prefecture, place.county):
        if name and name in first:
            return candidate[first.index(name) :]
    return candidate


def _last_words(words: str) -> str:
    """The words a title phrase caught before its year, from the last break on (a sentence's
    words may come first), without the short form a name may be followed by, and with the second
    name in brackets an organ of two names bears (辽宁省新闻出版局(省著作权局), 自治区民委(宗教事务局))."""
    first, second = _names(SHORT_ASIDE.sub("", words))
    last = ORGAN_CUT.split(first)[-1]
    return last + second if last else last


def _names(name: str) -> tuple[str, str]:
    """A name and the second name in brackets after it, if it bears one (SECOND_NAME), else ''."""
    second = SECOND_NAME.search(name)
    return (name[: second.start()], second.group(0)) if second else (name, "")


def _organ_candidates(doc: Document, title: re.Match[str] | None, text: Callable[[], str]) -> Iterator[tuple[str, str]]:
    """Where an organ may be named, best first, each with the note it needs: the title, a
    phrase "X2019年政府信息公开工作", 由…编制 / 汇总…各单位, the subject of a sentence opening
    with the year, the signature, the office a reader is told to contact. Lazy: most reports
    name their organ in the title, and the rest needs the whole text folded."""
    if title and title.groupdict().get("organ"):
        yield _last_words(title["organ"]), ""
    yearless = next((m for cell in _head_cells(doc) if (m := YEARLESS_TITLE.match(cell))), None)
    if yearless:
        yield yearless["organ"], ""
    phrase = _outside_quotes(WORK_PHRASE, text())
    if phrase:
        yield _last_words(phrase["organ"]), ""
    # "现将统计局2021年政府信息公开年度报告…报告如下"; a cited notice's words may come first ("做好2023年…").
    for named in islice(_all_outside_quotes(TITLE, text(), titles=True), TITLES_IN_TEXT):
        if named["organ"]:
            yield _last_words(named["organ"]), ""
    compiled = COMPILED_BY.search(text())
    if compiled:
        # "由双牌县政务公开领导小组办公室编制": the office that answers for disclosure compiles its government's
        yield OFFICE_TAIL.sub("", compiled["organ"] or compiled["compiler"] or compiled["area"]), ""
    subject = SUBJECT.search(text())
    if subject:
        yield subject["organ"], f"organ read from the sentence '{subject.group(0)}', not from a title"
    said = WHAT_IT_IS.search(text())
    if said:
        yield said["organ"], f"organ read from the sentence '{said.group(0).strip()}', not from a title"
    signed = _signature_name(doc)
    if signed:
        yield signed, f"organ read from the signature '{signed}', not from a title"
    publisher = next((m for cell in _head_cells(doc) if (m := PUBLISHER.search(cell))), None)
    if publisher:
        yield publisher["organ"], f"organ read from the page's field '{publisher.group(0).strip()}', not from a title"
    published_by = _publisher_column(doc)
    if published_by:
        yield published_by, f"organ read from the page's 发布机构 column, '{published_by}', not from a title"
    contact = CONTACT.search(text())
    if contact:
        office = BLANKS.sub("", contact["organ"])
        yield OFFICE_TAIL.sub("", office), f"organ read from the office to contact '{office}', not from a title"
    own = _own_channel(text())
    if own:
        yield own, f"organ read from the website, account or guide of '{own}' a report calling itself 我局/我县 names"
    government = _own_government(text())
    if government:
        yield (
            government,
            f"organ read as the government of {government[:-4]}, the county named most by a report calling itself 我县",
        )
    # last: the organ a phrase puts after its year ("和2011年度湖南省参事室信息公开工作情况编制") may be a
    # sentence's words ("2025年中仓街道积极推动…政府信息公开工作")
    phrase = _outside_quotes(YEAR_FIRST_WORK, text())
    if phrase:
        yield phrase["organ"], f"organ read from the phrase '{phrase.group(0)}', not from a title"


def _own_channel(text: str) -> str:
    """The one organ whose website, account or disclosure guide the text names, where the report
    calls itself by the same kind of word (我局 and …局网站, 我院 and …医院微信公众号, 我县 and
    《…县人民政府信息公开指南》); '' if none or several. A report that calls itself a department
    too (我局 or 本单位 beside 我市) is a department's, one calling itself 我镇 too a township's: its county's
    portal is not its own."""
    kinds = set(SELF_REFERENCE.findall(text))
    if not kinds:
        return ""
    own = {kind[0] for kind in kinds}
    for narrower in (DEPARTMENT_SELF, TOWNSHIP_SELF):  # a department's or township's report, not its county's
        if own & narrower:
            own &= narrower
            break
    # from its place on ("在揚州市農業農村局網站" → 扬州市农业农村局); a kind of organ alone ("公路局网站",
    # "通过市人力资源和社会保障局网站") names no one organ
    names = {
        placed for m in OWN_CHANNEL.finditer(text) if _its_kind(m) in own and (placed := _from_its_place(m["organ"]))
    }
    return names.pop() if len(names) == 1 else ""


def _own_government(text: str) -> str:
    """The government of the county a report names most, where it calls itself by that county's kind
    (我旗 and 乌拉特前旗, 我县 and 兴海县) and never by a department's or a township's (本局, 我镇), nor as 我市
    or 我区, which a prefecture, a zone or a region may call itself; '' otherwise."""
    own = set(SELF_REFERENCE.findall(text))
    if not own or not own <= COUNTY_SELF:
        return ""
    county = most_named(lambda: text).county
    return county + "人民政府" if county and county[-1] in own else ""


def _its_kind(match: re.Match[str]) -> str:
    """The character a report calling itself by that kind uses: 局 of …局, 县 of …县人民政府."""
    kind = match["kind"]
    return match["organ"][-len(kind) - 1] if kind == "人民政府" else kind[0]


def _from_its_place(words: str) -> str:
    """``words`` from the first place name in them on ("同时运用淮北市人民医院" → 淮北市人民医院); '' if
    they name no place."""
    for start in range(len(words) - 1):
        if any(is_place(words[start : start + length]) for length in range(2, PLACE_LONGEST + 1)):
            return words[start:]
    return ""


def _publisher_column(doc: Document) -> str:
    """The page's 发布机构 printed as a table ("索引号 | 公开方式 | 发布机构" over "… | 主动公开 |
    凉州区张义镇人民政府"): the cell under it in the next row of as many cells; '' if there is none."""
    rows = doc.rows[:HEAD_ROWS]
    for above, below in zip(rows, rows[1:]):
        keys = [nfkc(cell.text).strip() for cell in above.cells]
        at = next((k for k, key in enumerate(keys) if key in PUBLISHER_FIELDS), None)
        if at is not None and len(below.cells) == len(above.cells):
            return nfkc(below.cells[at].text).strip()
    return ""


def _signature_name(doc: Document) -> str:
    """The name signed above or before the report's closing date ("亭子坝镇人民政府" over
    "2015年1月10日"), looked for among its last rows; '' if they hold no signed date."""
    cells = [_closing(c.text) for row in doc.rows[-SIGNATURE_ROWS:] for c in row.filled]
    for at in range(len(cells) - 1, -1, -1):
        body = cells[at]
        match = SIGNATURE.search(body) if _ends_with_day(body) else None
        if match is None:
            first = _date_pieces(cells, at) if _ends_with_day(body) else None
            if first is None:
                continue
            at, before = first, ""
        else:
            before = ORGAN_CUT.split(body[match.start() : match.start("y")].strip())[-1]
        if before:
            return before
        previous = cells[at - 1] if at else ""
        return previous if previous and not ORGAN_CUT.search(previous) else ""
    return ""


def _date_pieces(cells: list[str], last: int) -> int | None:
    """Where a date broken over the cells up to ``last`` begins ("2014" / "年1" / "月9" / "日"),
    or None when the cells before it do not make a whole date."""
    for first in range(last - 1, max(-1, last - DATE_PIECES), -1):
        if DATE_ALONE.match("".join(cells[first : last + 1])):
            return first
    return None


def _full_name(organ: str, text: str) -> str:
    """A department's full name where its title gives a short one the text also spells out
    (莆田市科技局 → 莆田市科学技术局, 平潭县工商局 → 平潭县工商行政管理局): a longer name with the
    same opening and ending holding the short name's characters in order. One such name, or the
    fullest of several that each spell out the shorter ones; else none.
    A name spelling out 人民政府 is no short form: 莆田市人民政府办公室 is not the 莆田市人民政府信息公开
    办公室 its contact sentence names (nor any other office of the government)."""
    if "人民政府" in organ:
        return organ
    # 山东省经济和信息化委 → …委员会, 兴国县政府办 → 兴国县人民政府办公室: the rest of the word its last one opens
    rest = SPELT_ON.get(organ[-1], "")
    shortest = len(organ) - 2 - bool(rest)
    longer = re.compile(  # 江西省发展改革委 → 江西省发展和改革委员会, not …改革委
        rf"{re.escape(organ[:2])}[\u4e00-\u9fff]{{{shortest},{ORGAN_LONGEST}}}?{re.escape(organ[-1])}"
        + (f"(?:{rest})?" if rest else "")
    )
    found = {
        name
        for name in longer.findall(text)
        # a name holding the short one whole is two names joined ("…门户网站和平潭综合实验区社会事业局")
        if len(name) > len(organ)
        and (organ not in name or bool(rest) and name == organ + rest)  # 山东省经济和信息化委 → …委员会
        and _in_order(organ, name)
        and plausible_organ(name)
    }
    # Each a fuller spelling of the one before (镜湖区卫生计生委, 镜湖区卫生和计划生育委员会): the fullest.
    fullest = max(found, key=len, default=organ)
    return fullest if all(_in_order(name, fullest) for name in found) else organ


def _in_full(organ: str, text: str) -> str:
    """The organ's full name where the text says the name it goes by is short for it ("Y（以下简称
    X）"); else ``organ`` as it is."""
    for match in SHORT_FOR.finditer(text):
        if match["short"] == organ and plausible_organ(match["full"]):
            return match["full"]
    return organ


def _with_its_place(organ: str, text: str) -> str:
    """A department named by its level alone (市发展和改革委员会) under the one name the text also
    gives it with its place before (潍坊市发展和改革委员会); else ``organ`` as it is."""
    if not LEVEL_ONLY.match(organ):
        return organ
    found = set()
    for match in re.finditer(re.escape(organ), text):
        level_at = match.start()  # the level's character ends the place's name: 潍坊|市
        for length in range(PLACE_LONGEST, 1, -1):  # the longest: 通道县, not the 道县 it ends with
            name = text[max(0, level_at + 1 - length) : level_at + 1]
            if len(name) == length and is_place(name):
                found.add(name + organ[1:])
                break
    return found.pop() if len(found) == 1 else organ


@cache
def _short_names() -> dict[str, str]:
    """A department's common short form → the full name every department of that kind bears."""
    return {row["short"]: row["full"] for row in read_data("short_names.csv")}


def _spelled_out(organ: str) -> str:
    """A department named by its common short form after its place (上海市科委) under its full name
    (上海市科学技术委员会), for a text that never spells it out; else ``organ`` as it is."""
    for short, full in _short_names().items():
        if organ.endswith(short) and len(organ) > len(short):
            return organ[: -len(short)] + full
    return organ


def _in_order(short: str, name: str) -> bool:
    """Whether every character of ``short`` is in ``name``, in the same order, and names both
    parts of a name joined by 与/和/及: 发改局 is 发展和改革局's, but 综合执法局 is not
    综合执法与应急管理局's (the bureau the renamed one merged into)."""
    rest = iter(name)
    if not all(char in rest for char in short):
        return False
    joined = JOINED.search(name)
    return joined is None or any(char in short[:-1] for char in name[joined.end() : -1])


def _organ_and_place(
    doc: Document, title: re.Match[str] | None, text: Callable[[], str], year: int | None, notes: list[str]
) -> tuple[str, Place]:
    """The first candidate that is a name once trimmed to its place (see plausible_organ),
    and its place as named in the report's ``year``. With no organ, the place is the county
    the text names most, said so."""
    for candidate, note in _organ_candidates(doc, title, text):
        led = LEADING_VERB.sub("", candidate)
        trimmed = TRAILING_VERB.sub("", led)
        # "由义亭镇编制的2009年…报告": 由 goes with the verb cut after the name (由旺镇 is a town's name)
        candidate = trimmed[1:] if trimmed.startswith("由") and trimmed != led else trimmed
        if (mended := mend(candidate)) != candidate:
            notes.append(f"'{candidate}' read as '{mended}': a place's name with a look-alike character")
            candidate = mended
        place = locate(candidate, text, year)
        organ = _trim_to_place(candidate, place)
        if plausible_organ(organ):
            notes += [note] if note else []
            if (named := normalise_organ(organ)) != organ and not place.code:
                place = locate(named, text, year)  # 佳荣里街 is the gazetteer's 佳荣里街道
            organ = named
            if (full := _in_full(organ, text())) != organ:
                notes.append(f"organ '{organ}' is short for '{full}', as the text says")
                organ, place = full, locate(full, text, year)
            if (placed := _with_its_place(organ, text())) != organ:
                notes.append(f"organ '{organ}' is named with its place as '{placed}' elsewhere in the text")
                organ, place = placed, locate(placed, text, year)
            if organ_kind(organ) == "department" and (full := _full_name(organ, text())) != organ:
                notes.append(f"organ '{organ}' is the short form of '{full}', which the text also names")
                organ = full
            if (spelled := _spelled_out(organ)) != organ:
                notes.append(f"organ '{organ}' is the common short form of '{spelled}' (short_names.csv)")
                organ = spelled
            return organ, place
        notes.append(f"'{organ}' is not an organ's name (part of a sentence); not taken as the organ")
    notes.append("organ not readable from the text")
    place = most_named(text)
    if place.code:
        notes.append(
            f"place {place.county or place.prefecture} read from the county the text names most, not from an organ"
        )
    elif rules := LOCAL_RULES.search(text()):
        place = locate(rules["place"], text, year)
        if place.code:
            cited = BLANKS.sub("", rules.group(0))
            notes.append(f"place {rules['place']} read from the rules the report cites, {cited}, not from an organ")
    return "", place


def detect(doc: Document) -> Metadata:
    """The metadata of ``doc``, read from its first rows where it can be (title, organ, year, page
    date), the whole text folded only for what they do not give."""
    meta = Metadata()
    # The whole text folded, only when a rule needs it: most reports are read from their title line alone.
    text = cache(lambda: nfkc(doc.text))

    head_cells = _head_cells(doc)
    head = " ".join(cell.strip().strip("|") for cell in head_cells)[:3000]  # a title is often split over lines
    found = [m for m in (_outside_quotes(p, head) for p in (TITLE, YEAR_FIRST_TITLE, LOOSE_TITLE)) if m]
    title = min(found, key=lambda m: (m.start(), not m.groupdict().get("organ"))) if found else None
    if title:
        meta.title = BLANKS.sub("", title.group(0))
    else:
        meta.notes.append("no title line found in the text")
    # The period sentence ("统计期限自2016年1月1日起") before a phrase "X2015年…信息公开工作", which may
    # name the year before ("进一步巩固2015年政府信息公开工作成果").
    year = title or PERIOD.search(text()) or _outside_quotes(WORK_PHRASE, text()) or PERIOD_END.search(text())
    meta.year = parse_year(year["year"]) if year else _year_from_text(text())
    meta.organ, meta.place = _organ_and_place(doc, title, text, meta.year, meta.notes)
    if meta.year and not (year and year.re in (TITLE, YEAR_FIRST_TITLE, LOOSE_TITLE, WORK_PHRASE)):
        meta.notes.append(f"report year {meta.year} read from the text, not from a title")
    meta.organ_kind = organ_kind(meta.organ) if meta.organ else ""
    meta.admin_level = level(meta.organ, meta.place)
    _read_dates(doc, head_cells, meta)
    return meta


def _closing(cell: str) -> str:
    """A cell's text as a signature is read from it: folded, without a table's bars or the page's
    link to its attachments after the date ("二○一三年三月十日 附件下载")."""
    return ATTACHMENTS.sub("", nfkc(cell).strip().strip("|").strip())


def _ends_with_day(body: str) -> bool:
    """Whether a stripped cell ends as SIGNATURE and BROKEN_DATE both require: 日, then at
    most blanks and one closing bracket."""
    end = body[:-1].rstrip() if body.endswith((")", "）")) else body
    return end.endswith("日")


def _read_dates(doc: Document, head_cells: list[str], meta: Metadata) -> None:
    """Set ``published`` from the page's date, else the signature's (the first date ending a cell);
    a date before the report year's end is noted and not kept, since the year must be over."""
    # A date the page labels as its own (发布时间) before a line that opens with one, which may be the
    # site's clock ("2018-05-22 星期二" over "发布时间: 2018-03-30").
    # A field and its value may stand in cells of one row: "发布时间: | 2012年02月17日 10:50 |".
    rows = [" ".join(nfkc(cell.text) for cell in row.filled) for row in doc.rows[:HEAD_ROWS]]
    found = (match for pattern in PAGE_DATES for cell in head_cells + rows if (match := pattern.search(cell)))
    for match in found:
        if day := to_date(match):
            if meta.year and day < dt.date(meta.year, 12, 31):
                meta.notes.append(f"page date {day} is before the end of the report year; not taken as published")
            else:
                meta.published = day
            break
    signatures = []
    for row in doc.rows:
        for filled in row.filled:
            body = _closing(filled.text)
            if not _ends_with_day(body):  # searching every cell that names a day cost 5% of a report
                continue
            match = SIGNATURE.search(body)
            if match and (day := to_date(match)):
                signatures.append(day)
            elif BROKEN_DATE.match(body):
                meta.notes.append(f"date unreadable, kept raw: '{body}' (line {filled.line})")
    if signatures:
        meta.signed = signatures[0]
    if meta.signed and meta.year and meta.signed < dt.date(meta.year, 12, 31):
        meta.notes.append(f"date {meta.signed} printed before the end of the report year; not taken as published")
        meta.signed = None
    updated = next((match for cell in head_cells if (match := UPDATED.search(cell))), None)
    day = to_date(updated) if updated and not (meta.published or meta.signed) else None
    if day and not (meta.year and day < dt.date(meta.year, 12, 31)):
        meta.published = day
    meta.published = meta.published or meta.signed
