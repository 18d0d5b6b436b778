"""Statistics restated in sentences: "主动公开政府信息17829条", "行政复议7件".

Each number printed with a count unit is read with the clause before it as its label;
the label is matched against ``data/prose_patterns.csv``. Outcome words (维持, 纠正,
其他情形) take the topic (行政复议 or 行政诉讼) named earlier in the same sentence.
A number alone at the end of a line ("（三）从事……人员数。\\n7") takes the clause
before it as its label. Arabic numbers that match no pattern are kept unmapped with
their label; Chinese numerals are kept only when they match, since "一次性" or
"一个新台阶" are words, not statistics. A count that is approximate ("约3万条", "150余场"),
counted since the organ began (历年累计), dated before the year's end, or one of several
given "respectively" (分别…N条和M条) is no value of its
indicator: it is kept unmapped with its words (docs/dev/rules.md).
"""

from __future__ import annotations

import bisect
import re

from ..readers.document import Document, make_cell
from .lexicon import PASS, codebook, prose_patterns
from .model import Claimed, Fact, make_fact
from .normalize import BLANKS, fold, remembered_when_short
from .numbers import UNSIGNED, convert_unit, parse_numeral
from .patterns import COUNTED

_ARABIC = UNSIGNED  # a sign in prose is a dash, not a minus
BARE_END = re.compile(rf"(?:^|(?<=。))\s*(?P<num>{_ARABIC})\s*。?\s*$")
# Where a clause ends: punctuation, and in a crawl that ran a heading into its first sentence
# ("…提起行政诉讼的情况2017年度我局有1起…") the heading's closing 情况 before a year.
DELIMITERS = re.compile(r"[，。；;,、：:！？!?()（）\n]|情况(?=\s*(?:19|20)\d{2}年)")
# A count since the organ began: 历年累计, 自…以来. 累计 in a sentence dated 截止/截至 may be either
# ("截止2016年12月31日，我局…累计主动公开1224条", against 207 that year; "截至2024年12月31日，…累计主动公开
# 政府信息达301条", the sum of that year's channels): the year's only where the report states no other
# (see _first_statement_wins). 累计 alone in a sentence about the year ("2020年，…公众号累计发送了460条")
# is the year's sum.
# "历年", "…以来", "近3年我局共收到2件": not the report year's count.
CUMULATIVE = re.compile(r"历年|(?<!今年)(?<!本年)(?<!年初)以来(?!信)|近\s*(?:\d+|[两二三四五六七八九十])\s*年")
THE_YEAR = re.compile(r"本年|全年|年度")
SUMMED = re.compile(r"累计")
AS_OF_WORD = re.compile(r"截至|截止")
# A span's first day: "自2008年5月1日至…", "2015年1月1日至12月31日".
SPAN_START = re.compile(r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日\s*起?\s*(?:至|到)")
# A count to this day: "截至目前共发布592条信息，2019年公开政府信息60条" (not the year's).
# Not "截至今年12月31日", nor "今年至今" (this year so far: the year's count in a report on it).
TO_DATE = re.compile(r"(?:截至|截止)\s*(?:目前|现在|今(?!年))|(?<!今年)(?<!本年)至今(?!年)")
# …to the year's end: "截至2024年12月31日", "截止到2023年底", "截止20101231日", "本镇到2009年底累计…"; not
# the period the report covers ("2015年1月1日至12月31日，我县累计…").
AS_OF_YEAR_END = re.compile(
    r"(?:截至|截止|(?<![日起])(?:至|到))\s*(?:到|至)?\s*(?:(?:19|20)\d{2}\s*年?)?\s*(?:12\s*月?\s*31\s*日|年?底|年末)"
)
# "…累计主动公开政府信息1568条，…，其中2018年度我局共主动公开政府信息181条": one year's share follows.
ONE_YEARS_SHARE = re.compile(r"[^。！？]{0,30}?其中\s*(?:19|20)\d{2}\s*年")
# A breakdown opened in the sentence before a clause: "…1330条，其中，政务动态类信息302条，…".
AMONG_OPENED = re.compile(r"[，,]\s*其中\s*[，,：:]")
# A list's closing 等 right before the noun the count is of: "人事、办事程序、服务新政等政府信息".
LIST_CLOSED = re.compile(r"等[^、，。]{0,8}信息$")
# A noun after a count that names no kind of information ("政府信息", "各类信息"), unlike "涉农补贴信息"
# (see _a_kind_after, _channel_after).
ANY_INFORMATION = re.compile(r"(?:各类|各种)?(?:原创)?(?:政府|政务|公众号|微信|微博)?(?:公开)?信息")
# "微博、微信分别发布…495条和632条": which number is whose the patterns cannot say (when another count
# follows: "分别在安全生产、…等领域主动公开政府信息71条" is one count, in each field).
RESPECTIVELY = re.compile(r"分别")
# Words between a label and its number that say nothing of what is counted: "…公开政府信息共计128条",
# "共公开信息计239条" (not 统计, 设计, 会计).
FILLER_AT_END = re.compile(r"(?:共计|总计|合计|共|(?<![统设会审估])计|为|达|有)+$")
# A count as of a day before the year's end ("截至12月14日，…共发布微博1288条") is not the year's.
AS_OF = re.compile(r"(?:截至|截止)(?:\s*\d{4}\s*年)?\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
# The 2019/2021 review table's headers for suits brought directly and after a review.
SUITS_APART = re.compile(r"未经复议直接起诉|复议后起诉")
# A 2021-form statistic stated in a 2019-form report: what that form's table calls it; the 2021
# form's others (废止, 现行有效) it has none of.
GB_ID = ("active.", "requests.", "review.", "litigation.")  # the 2019/2021 forms' ids (not legacy.*)
IN_GB2019 = {"active.normative.issued": "active.normative.new_made", "active.rules.issued": "active.rules.new_made"}
SENTENCE_END = re.compile(r"[。！？!?]")
ASIDE = 12  # the longest aside in brackets read through within a label, brackets included
ENUMERATOR = re.compile(r"\s*[一二三四五六七八九十\d]{1,3}\s*")
ASIDE_DROPPED = re.compile(r"\d")  # an aside that counts ("（1个）"); one that qualifies ("（含转发）") stays
MAINLY = re.compile(r"主要(?:通过|依托|利用|在)")
CHANNEL_OPENS = re.compile(r"\s*[^，。,]{0,12}?(?:网站|门户网|公众号|微信|微博)(?:公开|发布|更新|推送)")
MEANS = re.compile(
    r"(?:通过|依托|利用|借助|经由)[^，。,]{0,16}(?:网站|门户网|信息网|政府网|公开网|公报|政报|微博|微信|公众号)"
)
CHANNELS = (  # the words that name a channel of publication (see _channel_before)
    (
        "legacy.active.via_website",
        re.compile(r"网站|门户网|信息网|政府网|公开网|官网|信息公开专栏|信息公开平台"),
    ),  # 莆田水利信息网
    ("legacy.active.via_gazette", re.compile(r"政府公报|政报|公报》")),
    ("legacy.active.via_wechat", re.compile(r"微信|公众号")),
    ("legacy.active.via_weibo", re.compile(r"微博")),
    ("legacy.active.via_app", re.compile(r"客户端|APP|App")),  # 爱清水APP
)
# Channels listed together ("通过市政府网站、单位网站…"): a count through them all is the total.
_CHANNEL_WORDS = (
    r"(网站|门户网|官网|公报|政报|微博|微信|公众号|客户端|APP|App|新媒体|融媒体"
    r"|公开栏|公示栏|公开专区|服务大厅|电子屏|显示屏)"
)
LISTED_CHANNELS = re.compile(rf"{_CHANNEL_WORDS}[^，。]{{0,8}}(和|与|及(?!时)|、)[^，。、]{{0,6}}{_CHANNEL_WORDS}")
ARABIC_ONLY = re.compile(_ARABIC)
# A number a page printed without its unit, after words naming requests ("我局共受理政府信息公开申请0",
# "共收到和办理依申请公开2，"): read for the requests' statistics only.
# Only right after the words for requests, and short: not "受理…申请电话3221456", "邮编441000", "窗口编号为8".
UNITLESS = re.compile(r"(?:(?<=申请)|(?<=公开)|(?<=事项))(?P<num>\d{1,5})(?=\s*(?:[，。；,;]|$))")
REQUEST_IDS = ("requests.", "legacy.requests.")
# A rank after every pattern's: a statement taken only where the report makes no other of its statistic.
FALLBACK = 99
# A clause about one column of a website ("在市政府门户网站财政资金招投标栏目共发布信息148条": one kind of
# item) or about requests ("通过政府门户网站回应依申请公开信息1条": an answer): no channel's count.
COLUMN_OR_REQUEST = re.compile(r"栏目|专栏|专题|申请")
# The next item of a list of counts: "主动公开医疗服务信息1份、药品价格信息5份".
NEXT_ITEM = re.compile(rf"、(?P<label>[^，。；、\d]{{1,20}}?)\s*(?:{_ARABIC})\s*(?P<unit>[条件篇份个项])")
# The noun a publishing verb takes, up to the count: "主动公开医疗服务信息" → 医疗服务信息.
PUBLISHED_NOUN = re.compile(r"(?:公开|公布|发布)(?P<noun>[^，。、]*)$")
# 按时办结 in a 2019/2021-form report is section 三's 总计 ("依法按时办结1件") unless it is one of two
# parts: "其中按时办结5件", "按期办结3件，延期办结2件".
ON_TIME = re.compile(r"按时|按期|如期|(?:法定|规定)(?:期限|时限)内")
ON_TIME_PART = re.compile(r"延期|逾期|超期")
# A clause that states a count of its own, in figures or in words ("专职工作人员两名、兼职工作人员5名").
COUNT_IN = re.compile(r"(?:\d|[一二两三四五六七八九十百千]+)\s*[条件篇份个项次人名起场期]")
# The noun after a count that the clause before it completes ("共发布58条政府信息"); a kind of
# information ("51条疫情防控相关信息") is no total.
GENERIC_NOUN = re.compile(r"(各类)?(政府|政务)?信息$")
# A request named after its count, which the clause before completes: "共收到1条政府信息公开申请",
# "我局收到12起政府信息依申请公开".
REQUEST_NOUN = re.compile(r"(?:政府)?信息(?:公开申请|依申请公开)$")
# A verb of publishing, for a clause that says where the items it follows were published.
PUBLISHED = re.compile(r"公开|公布|发布")
# A count of a named series or document ("发布104篇《…》系列文章"): that series', no channel's total.
NAMED_AFTER = re.compile(r"\s*《")
# What a sentence is about, for outcome words: the last of these named before the number.
# 申请 and 答复 name an information request unless they are a review's or a lawsuit's
# ("行政复议申请") or a kind of information ("依申请公开信息数0条"): "不予公开的1件" answers a
# request, "不予公开，共563条" is not one.
# 依申请 names a kind of information (依申请公开的信息), except as what is received or handled, or
# as what is counted in 件 or 次 ("依申请公开政府信息共4件，其中，予以公开2件"; not "办结依申请公开81件，其中：
# …不予公开5件", which restates the table's answers by group).
TOPIC = re.compile(
    r"行政复议|行政诉讼|(?:受理|办理|收到)[^，。,]{0,8}?依申请(?:公开事项)?|(?<!复议)(?<!诉讼)(?<!依)(?:申请|答复)"
    r"|(?<!办结)(?<!办理)依申请公开(?:政府信息)?(?:共|累计)?\s*\d+\s*[件次]"
)
TOPICS = {
    "行政复议": "review",
    "行政诉讼": "litigation",
    "申请": "request",
    "答复": "request",
}
TERMINAL = tuple("。！？；：!?;:")
# A sentence that opens by pointing back to the one before: "其中…", "已办结件中予以公开的9件", "上述…".
REFERS_BACK = re.compile(r"\s*(?:其中|已办结|办结的|上述|以上)")
# The units a sentence may print for an indicator's unit: "重要工作会议22条" is 22 items
# about meetings, not 22 meetings (次).
COMPATIBLE = {
    "条": {"条", "件", "份", "篇"},  # "微信公众号平台发布信息448篇（条）": a post is an item
    "件": {"件", "条", "份", "起", "项", "次"},  # 收到依申请公开16项; 受理政府信息公开申请36次
    "篇": {"篇", "条", "份", "项", "次"},  # "印发解读文件6份", "政策解读54项", "政策解读10次"
    "次": {"次", "场", "期", "件"},  # 在线访谈36期; 收到…舆情1件
    "个": {"个"},
    "人": {"人", "名"},
    "人次": {"人次", "人"},
    "万元": {"万元", "元"},
}
# Two things named together and a count for each: "专职和兼职工作人员各1名", "网络和信函申请各3件".
EACH_OF_TWO = re.compile(r"(?P<left>[^和与及]+)(?:和|与|及)(?P<right>[^和与及]+?)\s*各$")
# A sentence that gives an example ("如：三明市工商局…发布2篇…解读文章"): one unit's count, not the report's.
EXAMPLE = re.compile(r"\s*(?:如|例如|比如|譬如)\s*[：:，,]")
# "在…公开的425条政府信息中，…": a reference, not a statement ("…63条（其中，…" breaks the count down)
AMONG = re.compile(r"^(?!\s*[（(]?\s*其中)[^，。；,;]{0,8}中[，,]")
A_YEAR = re.compile(r"(?:19|20)\d{2}")  # a bare 2011 under a heading is a year, not a count
A_YEAR_OF = re.compile(r"(?:19|20)\d{2}\s*年度?")  # "2016年…": a date in a list's first item, not a count
LIST_LABEL = re.compile(r"数量?[。.:：\s]*$")  # "（三）从事……人员数。" then the number alone
SHORT_LINE = 30  # a row this short without a full stop is a heading, not a broken sentence
# ... unless a crawl cut the sentence where the page set a number apart ("2020年，我局主动公开政府
# 信息" / "33" / "条，其中：部门文件类" / "9"): the next row is a bare number or opens with a unit or
# punctuation no sentence opens with. Two numbers on rows of their own stay apart (ENDS_IN_NUMBER).
CARRIES_ON = re.compile(r"^\s*(?:[\d.]+\s*%?\s*$|[条件人次个篇份项场期名万元年月日%，。、；：）)])")
ENDS_IN_NUMBER = re.compile(r"\d\s*$")
CLAUSE_INSIDE = re.compile(r"[，,]")  # a short row with a comma in it is a sentence wrapped, not a heading
HEADING_START = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}\s?、|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}\s*[.、．](?!\d))"
)
# Words that make a count approximate, before it ("约3万条", "近千名", "超过2000条") or after
# its unit ("100条以上", "50人左右"); 余 and 多 between number and unit are in COUNT_UNIT.
# A bound is no count either: "每月公开不少于5条", "至少3名"; nor a range's end ("每年进行1-2次的业务培训").
APPROXIMATE_BEFORE = re.compile(
    r"(?:约|大约|(?<![最附临])近|超过|超|逾|不少于|不低于|至少|不超过|少于|多于|\d\s*[-－~～至])\s*$"
)
APPROXIMATE_AFTER = re.compile(r"^\s*(?:以上|左右|上下|有余)")


class Paragraph:
    """Prose cells joined across line breaks that fall inside a sentence, folded for
    matching; ``offsets`` maps each character back to the source text. A compiled class:
    its attributes are read in C, for every number a paragraph states."""

    def __init__(self, text: str, offsets: list[int]) -> None:
        self.text = text
        self.offsets = offsets
        self._cuts: list[int] | None = None
        self._sentence_ends: list[int] | None = None

    # Worked out on first use, once the paragraph is whole (it grows while lines are
    # joined), and only for a paragraph that states a number.
    @property
    def cuts(self) -> list[int]:
        """Where each clause starts: the end of each delimiter."""
        if self._cuts is None:
            self._cuts = [m.end() for m in DELIMITERS.finditer(self.text)]
        return self._cuts

    @property
    def sentence_ends(self) -> list[int]:
        """Where each sentence ends: an outcome word (维持) takes the topic named earlier in its sentence."""
        if self._sentence_ends is None:
            self._sentence_ends = [m.end() for m in SENTENCE_END.finditer(self.text)]
        return self._sentence_ends

    def sentence_start(self, position: int) -> int:
        """Where the sentence holding ``position`` starts."""
        k = bisect.bisect_right(self.sentence_ends, position) - 1
        return self.sentence_ends[k] if k >= 0 else 0

    def sentence_end(self, position: int) -> int:
        """Where the sentence holding ``position`` ends: its full stop, or the paragraph's end."""
        k = bisect.bisect_right(self.sentence_ends, position)
        return self.sentence_ends[k] - 1 if k < len(self.sentence_ends) else len(self.text)

    def last_clause(self) -> str | None:
        """The last clause with more than 共/计 in it (what a bare number on the next line
        takes as its label), stripped; None when there is none."""
        starts, ends = [0, *self.cuts], [c - 1 for c in self.cuts] + [len(self.text)]
        for start, end in zip(reversed(starts), reversed(ends)):
            clause = self.text[start:end]
            if clause.strip(" 共计"):
                return clause.strip()
        return None


def paragraphs(doc: Document, claimed: Claimed) -> list[Paragraph]:
    """The prose outside the tables, folded: a prose row is joined to the one before when that
    one ends without a full stop and is long (a sentence wrapped across lines), or is cut off
    (see CARRIES_ON) — then the sentence is joined up to its full stop, never across a heading."""
    result: list[Paragraph] = []
    open_ended = broken = False  # the last paragraph: a prose row without a full stop; cut mid-sentence
    for row in doc.rows:
        for cell in row.filled:
            parts = claimed.free(cell.start, cell.end)
            whole = parts == [(cell.start, cell.end)]
            for start, end in parts:
                text, offsets = fold(doc.text[start:end].rstrip(), start)
                last = result[-1] if result else None
                carries_on = CARRIES_ON.match(text) is not None
                if (
                    last
                    and open_ended
                    and whole
                    and row.is_prose
                    and not HEADING_START.match(text)
                    and not (ENDS_IN_NUMBER.search(last.text) and text[:1].isdecimal())  # two values, not one
                    and (len(last.text) > SHORT_LINE or broken or carries_on)
                ):
                    broken = broken or carries_on
                    last.text += text
                    last.offsets += offsets
                else:
                    broken = False
                    result.append(Paragraph(text, offsets))
            open_ended = whole and row.is_prose and not result[-1].text.endswith(TERMINAL)
            broken = broken or (open_ended and CLAUSE_INSIDE.search(result[-1].text) is not None)
    return result


def _label(text: str, cuts: list[int], position: int) -> tuple[str, int, int]:
    """The clause before ``position`` and where it starts, the clause before that if empty;
    then where the list it ends starts, when items joined by 、 lead to it (see _Reader.one_phrase).
    ``cuts`` are the ends of the paragraph's delimiters, found once per paragraph."""
    k = bisect.bisect_right(cuts, position) - 1
    start = cuts[k] if k >= 0 else 0
    label = text[start:position].strip()
    # A short aside in brackets is no cut: "微信公众账号（1个）发布信息149条" is labelled by the words
    # around it; words ("专（兼）职工作人员共991人", "微信（含转发）851条") stay in the label.
    while k >= 0 and text[start - 1 : start] in ("）", ")"):
        opening = max(text.rfind("（", 0, start - 1), text.rfind("(", 0, start - 1))
        if (
            opening < 0
            or start - opening > ASIDE
            or SENTENCE_END.search(text, opening, start)
            or not label.strip(" 等共计")  # "12330（知识产权投诉举报热线）等11条热线": the aside is no label
            or ENUMERATOR.fullmatch(text, opening + 1, start - 1)  # "…情况（一）主动公开…": a heading's number
        ):
            break
        aside = text[opening + 1 : start - 1]
        k = bisect.bisect_right(cuts, opening) - 1
        start = cuts[k] if k >= 0 else 0
        label = text[start:opening].strip() + ("" if ASIDE_DROPPED.search(aside) else aside) + label
    # A count right after an aside is labelled by the words before it (with a short aside's words), not
    # by the aside's last words: "其他情况(如所申请的信息不存在、非本部门掌握)7件", "微信（含转发）851条".
    if not label.strip(" 共计") and text[start - 1 : start] in ("）", ")"):
        opening = max(text.rfind("（", 0, start - 1), text.rfind("(", 0, start - 1))
        if opening > 0 and not SENTENCE_END.search(text, opening, start):
            aside = text[opening + 1 : start - 1]
            k = bisect.bisect_right(cuts, opening) - 1
            start = cuts[k] if k >= 0 else 0
            short = len(aside) + 2 <= ASIDE and not ASIDE_DROPPED.search(aside)
            label = text[start:opening].strip() + (aside if short else "")
    while not label.strip(" 共计") and k >= 1:
        if COUNT_IN.search(text, cuts[k - 1], cuts[k] - 1):
            break  # "办结69件，1件结转下年度继续办理": the clause before is another count's; the noun after names it
        start = cuts[k - 1]
        label = text[start : cuts[k] - 1].strip()
        k -= 1
    # The items before it, none holding a number ("…信息40条、规范性文件1条" are two statements).
    list_start = start
    while k >= 0 and text[list_start - 1 : list_start] == "、":
        before = cuts[k - 1] if k >= 1 else 0
        item = A_YEAR_OF.sub("", text[before : list_start - 1])  # "2016年政务网站、微信、微博共发布…"
        if not item.strip() or any(char.isdecimal() for char in item) or COUNT_IN.search(item):
            break
        list_start, k = before, k - 1
    return label, start, list_start


def _topic(para: Paragraph, position: int) -> str:
    """What the sentence is about up to ``position``: the last topic word named in it; a
    sentence opening with 其中 (已办结件中, 上述) breaks down the one before, and is about what that one is."""
    start = para.sentence_start(position)
    topics = TOPIC.findall(para.text, start, position)
    if not topics and REFERS_BACK.match(para.text, start):
        topics = TOPIC.findall(para.text, para.sentence_start(max(0, start - 1)), start)
    return _topic_of(topics[-1]) if topics else ""


def _each_of_two(label: str, topic: str, layout: str, unit: str) -> tuple[str, str] | None:
    """The indicators of two things named together that a count is given for each of ("专职和兼职
    工作人员各1名": full-time staff 1 and part-time staff 1; "网络和信函申请各3件"): the second named
    whole, the first with the words the two share (网络 and 信函申请 make 网络申请). None unless both
    name an indicator, different ones, counted alike."""
    joined = EACH_OF_TWO.search(label)
    if joined is None:
        return None
    right = joined["right"]
    second = _indicator(right, topic, layout, unit)[0]
    if not second:
        return None
    for shared in range(1, len(right) + 1):
        first = _indicator(joined["left"] + right[shared:], topic, layout, unit)[0]
        if first:
            book = codebook()
            alike = first != second and book[first].unit == book[second].unit
            return (first, second) if alike else None
    return None


def _topic_of(word: str) -> str:
    """The topic a topic word names: "受理政府信息依申请公开事项46件，办结44件" is about requests (not
    "编制依申请公开事项目录，梳理不予公开事项15项", which receives none)."""
    return "request" if "依申请" in word else TOPICS.get(word, "")


def _channel_before(para: Paragraph, clause_start: int, unit: str) -> str:
    """The one channel the clause just before names, in the same sentence, for a count the
    generic words "发布政府信息" label ("全年刊发《…公报》6期，发布政府信息31条"); '' if it names
    none or more than one (门户网站、微信公众号等), or names it as the main one only ("主要通过…网站…，
    主动公开政府信息共计32条": the total, most of it there)."""
    if clause_start == 0 or para.text[clause_start - 1] not in "，,":
        return ""
    # The clauses before it in its sentence back to one holding a number: "依托实验区政府网站，依法及时
    # 向社会主动公开我局政府信息，全年累计主动公开…等政府信息135条".
    sentence = para.sentence_start(clause_start - 1)
    k = bisect.bisect_left(para.cuts, clause_start) - 1
    start = para.cuts[k] if k >= 0 else 0
    nearest = start
    while (
        k >= 1
        and para.cuts[k - 1] >= sentence
        and para.text[start - 1] in "，,、"
        and not any(char.isdecimal() for char in para.text[para.cuts[k - 1] : clause_start])
    ):
        start, k = para.cuts[k - 1], k - 1
    # A channel further back counts where the sentence says the items went through it ("依托…网站") or
    # opens with what it published ("鱼峰区里雍镇公众号公开内容…，…，2025年度累计发布信息331篇"), not where
    # it names one in passing ("进一步加强门户网站建设，…，全年主动公开政府信息135条").
    if not (MEANS.search(para.text, start, nearest) or (start == sentence and CHANNEL_OPENS.match(para.text, start))):
        start = nearest
    before = para.text[start : clause_start - 1]
    named = {indicator for indicator, words in CHANNELS if words.search(before)}
    if len(named) != 1 or MAINLY.search(before) or LISTED_CHANNELS.search(before):
        return ""
    # "通过…门户网站公开政务要闻812条，主动公开政府信息779条": the channel is that count's
    return "" if unit and _ends_with_count(before, unit) else named.pop()


def _a_part(para: Paragraph, clause_start: int, unit: str) -> bool:
    """Whether a clause breaks down a count stated before it: it or the clause before it opens
    with 其中, or it follows a counted item of a list ("…招聘信息118条、…基层政务公开信息173条").
    Only for the generic words (发布…信息): "…政府信息总数1873条，其中主动公开政府信息425条" names
    the total, a part of what the organ made."""
    k = bisect.bisect_left(para.cuts, clause_start) - 1
    before = para.cuts[k] if k >= 0 else 0
    if para.text.startswith("其中", clause_start) or (
        clause_start > 0
        and para.text[clause_start - 1] in "，,：:"
        and para.text[before:clause_start].startswith("其中")
    ):
        return True
    # a later item of a breakdown opened by 其中 in the sentence: "其中，政务动态类信息302条，…，信息公开目录信息71条"
    start = max(para.sentence_start(clause_start), para.text.rfind("；", 0, clause_start) + 1)
    if AMONG_OPENED.search(para.text, start, clause_start):
        return True
    # an item counted in the same unit: "…招聘信息118条、…" (not "印发规范性文件3件、公开政府信息150条")
    item = para.text[before : clause_start - 1].rstrip()
    return clause_start > 0 and para.text[clause_start - 1] == "、" and bool(unit) and _ends_with_count(item, unit)


def _ends_with_count(text: str, unit: str) -> bool:
    """Whether ``text`` ends with a number in figures and ``unit`` ("…招聘信息118条" in 条)."""
    end = text.rstrip()
    if not end.endswith(unit):
        return False
    return end[: -len(unit)].rstrip()[-1:].isdecimal()


def _a_kind_after(text: str, end: int) -> bool:
    """Whether the noun right after a count names one kind of information ("55条涉农补贴信息")."""
    noun = DELIMITERS.split(text[end : end + 40], maxsplit=1)[0].strip()
    return noun.endswith("信息") and ANY_INFORMATION.fullmatch(noun) is None


def _channel_after(para: Paragraph, end: int) -> str:
    """The one channel the next clause says the counted items were published through, for a
    count of information with no label of its own ("共清理出52条政府公开信息，目前已在“中国平潭”门户网站
    上公开公布"); '' if the noun is a kind of information, or the next clause, in the same sentence,
    names no channel, more than one, or a number of its own."""
    cut = DELIMITERS.search(para.text, end)
    if cut is None or cut.group(0) not in "，,":
        return ""
    following = DELIMITERS.search(para.text, cut.end())
    clause = para.text[cut.end() : following.start() if following else len(para.text)]
    noun = para.text[end : cut.start()].strip()
    if ANY_INFORMATION.fullmatch(noun) is None or any(char.isdecimal() for char in clause):
        return ""
    named = {indicator for indicator, words in CHANNELS if words.search(clause)}
    return named.pop() if len(named) == 1 and PUBLISHED.search(clause) else ""


def _years_by_name(label: str, year: int | None) -> str:
    """``label`` with the years before and after the report's said as such: in the report on 2024,
    "2023年结转132件" is 上年结转 and "结转2025年183件" is 结转下年度."""
    if year is None or str(year - 1) not in label and str(year + 1) not in label:
        return label
    label = re.sub(rf"{year - 1}\s*年度?\s*(结转|转结)", r"上年\1", label)
    return re.sub(rf"(结转|转结)\s*(至|到)?\s*{year + 1}\s*年度?", r"\1下年度", label)


def _since_the_start(label: str, year: int | None) -> bool:
    """Whether a count is the organ's total since it began rather than the report year's ("2021年以来"
    in the report on 2021 is since that year began)."""
    if CUMULATIVE.search(label) is None:
        return False
    return year is None or CUMULATIVE.search(re.sub(rf"{year}\s*年度?\s*以来", "", label)) is not None


def _summed_to_a_date(label: str, para: Paragraph, position: int, year: int | None) -> str:
    """How a count summed (累计) to a date reads: "year's end" where the date ends the year without
    saying from when ("截至2024年12月31日，…累计主动公开政府信息达301条": the year's, or since the organ
    began), "after" where it is another day or the sum began before the year ("截止2025年1月22日，累计发送
    1315条信息", "自2008年5月1日至2015年12月31日，我县累计…5000条": not the year's); '' if the count is
    not such a sum, or is summed over the year ("2015年1月1日至12月31日，我县累计…1200条")."""
    if THE_YEAR.search(label) or not SUMMED.search(label):  # "截至2021年12月31日，我局本年度累计…"
        return ""
    start = para.sentence_start(position)
    if span := SPAN_START.search(para.text, start, position):
        began = (int(span["y"]), int(span["m"]), int(span["d"]))
        return "" if year is None or began == (year, 1, 1) else "after"
    if AS_OF_YEAR_END.search(para.text, start, position):
        return "year's end"
    return "after" if AS_OF_WORD.search(para.text, start, position) else ""


def _channel_named(label: str) -> str:
    """The one channel a clause the patterns left unread names, where it ends by publishing
    information of no particular kind ("在…信息公开网上及时完善内容、规范发布信息总计"); else ''."""
    noun = PUBLISHED_NOUN.search(FILLER_AT_END.sub("", label))
    if noun is None or ANY_INFORMATION.fullmatch(noun["noun"]) is None:
        return ""
    if LISTED_CHANNELS.search(label) or COLUMN_OR_REQUEST.search(label):
        return ""
    named = {indicator for indicator, words in CHANNELS if words.search(label)}
    return named.pop() if len(named) == 1 else ""


def _one_kind_of_a_list(para: Paragraph, label: str, end: int, unit: str, topic: str, layout: str) -> bool:
    """Whether a count is the first of a list of counts of kinds of information ("主动公开医疗服务信息1份、
    药品价格信息5份"): its noun names a kind, and the next item, counted in the same unit, names no
    other statistic."""
    noun = PUBLISHED_NOUN.search(label)
    if noun is None or not noun["noun"].endswith("信息") or ANY_INFORMATION.fullmatch(noun["noun"]):
        return False
    item = NEXT_ITEM.match(para.text, end)
    return (
        item is not None
        and item["unit"] == unit
        and _indicator(item["label"], topic, layout, unit)[0] in ("", "legacy.active.total")
    )


def _respectively(para: Paragraph, label: str, match: re.Match[str]) -> bool:
    """Whether a count is one of several given "respectively" (分别…2件和10件): 分别 in its label and
    another count after 分别 in the sentence, before or after it ("分别在…等领域主动公开政府信息71条" is one)."""
    if RESPECTIVELY.search(label) is None:
        return False
    said = para.text.find("分别", para.sentence_start(match.start()), match.start())
    before = COUNT_IN.search(para.text, said, match.start()) if said >= 0 else None
    return before is not None or COUNT_IN.search(para.text, match.end(), para.sentence_end(match.end())) is not None


def _counted_to_date(para: Paragraph, position: int) -> bool:
    """Whether the sentence dates the count before ``position`` to this day ("截至目前共发布592条信息"),
    and names no year after that ("截至目前，…累计…1770条，其中2019年度…共主动公开政府信息202条")."""
    to_date = TO_DATE.search(para.text, para.sentence_start(position), position)
    if to_date is None:
        return False
    # "网站自2008年开通至今运行良好，全年共主动公开政府信息350条": the year named after it
    return not (
        A_YEAR_OF.search(para.text, to_date.end(), position) or THE_YEAR.search(para.text, to_date.end(), position)
    )


def _as_of_a_day_in_the_year(para: Paragraph, position: int) -> bool:
    """Whether the sentence before ``position`` dates its count to a day before 31 December."""
    # From June on, and not the 31st of December: "截至2022年1月15日，共受理2021年度…" is after the year.
    dates = AS_OF.finditer(para.text, para.sentence_start(position), position)
    return any(int(m[1]) >= 6 and (m[1], m[2]) != ("12", "31") for m in dates)


def _indicator(label: str, topic: str, layout: str, unit: str) -> tuple[str, int]:
    """The indicator a clause states, and the rank of the pattern that says so."""
    compact = FILLER_AT_END.sub("", BLANKS.sub("", label))
    return _match_patterns(compact, topic, layout, unit)


@remembered_when_short(1 << 14)  # clauses repeat across reports ("主动公开政府信息")
def _match_patterns(compact: str, topic: str, layout: str, unit: str) -> tuple[str, int]:
    """The first pattern that matches and whose indicator can be counted in ``unit`` (a
    number printed without one fits any): "网站设置…查阅点数18个" is reading points, not
    items on the website."""
    book = codebook()
    for pattern in prose_patterns():
        if pattern.matches(compact, topic):
            indicator = pattern.indicator(layout)
            if indicator == PASS:
                continue
            if indicator.startswith(GB_ID) and layout in ("gb2019", "gb2021") and layout not in book[indicator].layouts:
                indicator = IN_GB2019.get(indicator, "") if layout == "gb2019" else ""
            if indicator and unit and unit not in COMPATIBLE.get(book[indicator].unit, {unit}):
                continue
            return indicator, pattern.rank
    return "", 0


class _Reader:
    """Reads a report's paragraphs in order, keeping the last clause (the label of a number
    alone on the next line) and the rank of the pattern behind each fact."""

    def __init__(self, doc: Document, layout: str, year: int | None = None, suits_apart: bool = False) -> None:
        self.doc = doc
        self.layout = layout
        self.year = year
        self.suits_apart = suits_apart  # the report's tables count suits apart (see read_prose)
        self.text_end = len(doc.text.rstrip())  # where an excerpt's last words end
        self.book = codebook()
        self.previous_label = ""
        self.ranks: dict[int, int] = {}
        self.twins: dict[int, Fact] = {}  # a fact's twin from the same count ("…各1名"), until it is read

    def one_phrase(self, words: str, topic: str, unit: str | None) -> bool:
        """Whether items joined by 、 before a count make one phrase: a list of kinds closed by
        等…信息 ("共公开人事、办事程序、服务新政等政府信息207条"); a list closed by 等 of which one item
        at most names a statistic ("局门户网站发布信息、文件、通知等1506条"); items before the last
        that name nothing on their own ("受理公民、法人和其他组织提出的…申请2件") or only parts of what
        the whole names ("涉及国家秘密、商业秘密、个人隐私不予公开3件"). Otherwise they are
        several statistics summed ("非政府信息、政府信息不存在、非本机关政府信息的件数为8件", "…行政复议
        行政诉讼情况、…其他需要报告的事项等6项"): no one indicator's value."""
        if LIST_CLOSED.search(words):
            return True
        *items, last = words.split("、")
        whole = _indicator(words, topic, self.layout, unit or "")[0]
        # the reasons of one answer, named together with it: "涉及国家秘密、商业秘密、个人隐私不予公开3件";
        # the channels of the total: "全年厅门户网站、微信、微博发布政府信息共有3343条"
        named = [
            bool(part)
            and not (whole and part.startswith(whole + "."))
            and not (whole == "legacy.active.total" and part.startswith("legacy.active.via_"))
            for part in (_indicator(item, topic, self.layout, unit or "")[0] for item in items)
        ]
        if words.endswith("等"):
            return sum(named) + bool(_indicator(last, topic, self.layout, unit or "")[0]) < 2
        return not any(named)

    def fact(self, para: Paragraph, match: re.Match[str], unit: str | None) -> Fact | None:
        """The fact a number states, labelled by the clause before it (or the noun after it:
        "收到1份行政复议申请"); None for a range ("两三件"), and for a number that matches no
        pattern unless it is Arabic with a unit ("一个新台阶" is words, not a statistic)."""
        label, clause_start, list_start = _label(para.text, para.cuts, match.start())
        topic = _topic(para, match.start())  # the label's own words too: "不予公开答复2件"
        summed = False  # a count over items that each name a statistic of their own
        if list_start < clause_start:
            listed_label = (para.text[list_start:clause_start] + label).strip()
            summed = not self.one_phrase(listed_label, topic, unit)
            label, clause_start = listed_label, list_start
        if not label:
            label = self.previous_label
        clause = label  # the words before the number, whatever noun after it names the fact
        # An item of a list ("配备了１名专职人员、2名兼职工作人员", "2名专职工作人员和3名兼职工作人员") is named by
        # its noun, not by the item before.
        listed = bool(unit) and para.text.endswith(("、", "和", "及", "与"), 0, match.start())
        indicator, rank = (
            ("", 0) if listed else _indicator(_years_by_name(label, self.year), topic, self.layout, unit or "")
        )
        if not indicator and unit:  # the noun follows the count: "收到1份行政复议申请", "共发布58条政府信息"
            after = DELIMITERS.split(para.text[match.end() :], maxsplit=1)[0]
            completed = GENERIC_NOUN.match(after) or REQUEST_NOUN.match(after)
            for words in (after, label + after) if completed and not listed else (after,):
                indicator, rank = _indicator(words, topic, self.layout, unit)
                if indicator:
                    label = words
                    break
        if indicator == "legacy.active.total" and rank > 1 and _a_part(para, clause_start, unit or ""):
            indicator = ""  # "…发布各类信息8632条，其中，发布政府信息公开信息共399条": a part, not the total
        if indicator == "legacy.active.total" and _one_kind_of_a_list(
            para, label, match.end(), unit or "", topic, self.layout
        ):
            indicator = ""
        if indicator == "requests.total" and ON_TIME.search(label):
            sentence = para.text[para.sentence_start(match.start()) : para.sentence_end(match.end())]
            if "其中" in label or ON_TIME_PART.search(sentence):
                indicator = ""  # "按期办结3件，延期办结2件": two parts of the 总计
        if not indicator and unit and (channel := _channel_named(label)):
            indicator, rank = channel, 2  # "在…信息公开网上及时完善内容、规范发布信息总计22条"
        if indicator.startswith("legacy.active.via_") and topic == "request" and "信息" not in label:
            indicator = ""  # "全年办理政府信息公开申请7件，…，已通过网站对外公开1件": an answer to a request
        if indicator == "legacy.active.total" and (channel := _channel_before(para, clause_start, unit or "")):
            indicator = channel  # "…通过政府门户网站主动公开…，全年公开政府信息共228条": the website's
        # A count whose own clause publishes nothing ("共清理出") is the channel's the next clause names.
        if indicator in ("", "legacy.active.total") and unit and not PUBLISHED.search(clause):
            if channel := _channel_after(para, match.end()):  # "共清理出52条政府公开信息，目前已在…门户网站上公开公布"
                indicator, rank = channel, 2
        if NAMED_AFTER.match(para.text, match.end()) or (
            self.suits_apart and indicator.startswith("legacy.litigation.")
        ):
            indicator = ""
        # An approximate count is no value of its indicator: kept, unmapped, with its words.
        approximate = bool(
            match.groupdict().get("approx")
            or APPROXIMATE_BEFORE.search(para.text, max(0, match.start() - 3), match.start())
            or APPROXIMATE_AFTER.match(para.text, match.end())
            or (match.groupdict().get("mag") and unit not in ("元", "万元"))  # 3.53万条次: a count rounded
        )
        summed_to = _summed_to_a_date(label, para, match.start(), self.year)
        not_the_years = (
            _as_of_a_day_in_the_year(para, match.start())
            or _counted_to_date(para, match.start())
            or _since_the_start(label, self.year)
            or summed_to == "after"
            or ONE_YEARS_SHARE.match(para.text, match.end()) is not None
        )
        if summed_to == "year's end":
            rank = FALLBACK  # the year's only if the report says nothing else of it
        if indicator.startswith("legacy.active.") and unit and _a_kind_after(para.text, match.end()):
            indicator = ""  # "…政府门户网站及时发布55条涉农补贴信息": one kind of information, not the channel's all
        example = EXAMPLE.match(para.text, para.sentence_start(match.start())) is not None
        twin = ""  # the second of two things the count is given for each of
        if (
            AMONG.match(para.text[match.end() :])
            or approximate
            or not_the_years
            or example
            or _respectively(para, label, match)
            or summed
        ):
            indicator = ""
        elif unit and (each := _each_of_two(label, topic, self.layout, unit)):
            indicator, twin = each
        arabic = ARABIC_ONLY.fullmatch(match["num"]) is not None
        if unit == "起" and not arabic:  # 一起 is "together"
            return None
        if not indicator and not (arabic and unit):
            return None
        magnitude = match.groupdict().get("mag") or ""
        try:
            value = parse_numeral(match["num"]) * {"万": 10_000, "亿": 100_000_000}.get(magnitude, 1)
        except ValueError:  # "两三件", "三四十条": a range, not a number
            return None
        wanted = self.book[indicator].unit if indicator else (unit or "")
        start, end = para.offsets[match.start("num")], para.offsets[match.end() - 1] + 1
        applicant = "total" if indicator.startswith("requests.") else ""
        row = self.doc.row_at(start)
        cell = row.cells[0] if row else None
        where = make_cell(
            self.doc.text[start:end],
            row.line if row else 0,
            start,
            end,
            page=cell.page if cell else None,
            bbox=cell.bbox if cell else None,
            confidence=cell.confidence if cell else None,
        )
        fact = make_fact(
            where,
            convert_unit(value, unit, wanted),
            indicator=indicator,
            unit=wanted,
            source="text",
            raw_label=label,
            applicant=applicant,
            quality="inferred" if approximate else "exact",
        )
        self.ranks[id(fact)] = rank
        if twin:
            self.twins[id(fact)] = fact._replace(indicator=twin)
            self.ranks[id(self.twins[id(fact)])] = rank
        return fact

    def read(self, para: Paragraph) -> list[Fact]:
        """The facts of one paragraph: each number with a count unit, then a number alone at its
        end where the label before it (…人员数。, perhaps on the line before) asks for one."""
        found = []
        for match in COUNTED.finditer(para.text):
            fact = self.fact(para, match, match["unit"])
            if fact:
                found.append(fact)
                if id(fact) in self.twins:
                    found.append(self.twins.pop(id(fact)))
        bare = BARE_END.search(para.text) if _ends_with_digit(para.text) else None
        if (
            bare
            and not A_YEAR.fullmatch(bare["num"])
            and LIST_LABEL.search(self.previous_label if bare.start() == 0 else para.text[: bare.start()])
            and not any(f.start <= para.offsets[bare.start("num")] < f.end for f in found)
        ):
            fact = self.fact(para, bare, None)
            if fact and fact.indicator:
                found.append(fact)
        for unitless in UNITLESS.finditer(para.text):
            at = para.offsets[unitless.start("num")]
            if A_YEAR.fullmatch(unitless["num"]) or any(f.start <= at < f.end for f in found):
                continue
            if para.offsets[unitless.end("num") - 1] + 1 >= self.text_end:
                continue  # "…不予公开2" where an excerpt ends: its unit, or more digits, may be cut off
            fact = self.fact(para, unitless, None)
            if fact and fact.indicator.startswith(REQUEST_IDS):
                found.append(fact)
        clause = para.last_clause()
        if clause is not None:
            self.previous_label = clause
        return sorted(found, key=lambda fact: fact.start)


def _ends_with_digit(text: str) -> bool:
    """Whether ``text`` can end as BARE_END requires (a number, then at most a full stop
    and blanks): searching the pattern through every paragraph cost more than reading it."""
    end = text.rstrip()
    end = end[:-1].rstrip() if end.endswith("。") else end
    return end[-1:].isdecimal()  # what \d matches in a str pattern


def _first_statement_wins(facts: list[Fact], ranks: dict[int, int]) -> list[Fact]:
    """A report states each statistic once; another number under the same indicator is
    a breakdown (各乡镇…122条, 区经济发展局…291条) and is kept unmapped. The statement
    is the first one made in the plainest words (lowest pattern rank)."""
    chosen: dict[tuple[str, str], Fact] = {}
    for fact in facts:
        key = (fact.indicator, fact.applicant)
        if fact.indicator and (key not in chosen or ranks[id(fact)] < ranks[id(chosen[key])]):
            chosen[key] = fact
    return [
        fact
        if not fact.indicator or chosen[(fact.indicator, fact.applicant)].value == fact.value
        else fact._replace(indicator="", applicant="")
        for fact in facts
    ]


def read_prose(
    doc: Document, claimed: Claimed, layout: str, year: int | None = None, tabled: frozenset[str] = frozenset()
) -> list[Fact]:
    """The statistics the prose outside the tables states; one stated twice is mapped once
    (see _first_statement_wins). ``tabled``: the indicators the report's tables give."""
    # All suits (行政诉讼46件) in a 2019/2021 report whose tables count them apart, directly and after a
    # review (read, or printed with their headers where a conversion scattered the cells), only sum the
    # tables' statistic: kept unmapped. Without the tables the sentence is the report's only count.
    suits_apart = any(indicator.startswith("litigation.") for indicator in tabled) or bool(SUITS_APART.search(doc.text))
    reader = _Reader(doc, layout, year, suits_apart)
    facts: list[Fact] = []
    for para in paragraphs(doc, claimed):
        facts += reader.read(para)
    return _first_statement_wins(facts, reader.ranks)
