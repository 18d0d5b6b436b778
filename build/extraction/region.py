"""Where an organ sits: province, prefecture, county and its GB/T 2260 code.

The code table is the one the ``cpca`` package ships. The place is read from the
organ's own name first (息烽县民政局 → 息烽县), never from the first place name that
happens to occur in the text; only an organ whose name carries no county (a
township such as 一拉溪镇) is placed by the county its report names most often.
A county renamed or recoded since (永定县, a district since 2014) gets the code in force in
the report's year, from ``place_history.csv``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files
from typing import Any

# Compiled once: re.search(pattern, …) looks its pattern up in re's cache on every call.
# 乡 and 镇 in a department's name say nothing of a township: 住房和城乡建设局, 乡村振兴局, 乡镇企业局.
_TOWNSHIP = r"(?:乡(?!村|镇|建设|规划|统筹)|(?<!乡)镇)"
# A county, district, banner, town or street named in an organ's name (not 市场, 市政, 区域).
PLACE_BELOW = re.compile(r"[县旗镇乡]|区(?!域)|市(?!场|政|容|民)|街道")
TOWNSHIP_WORD = re.compile(rf"{_TOWNSHIP}|街道")
TOWNSHIP_ORGAN = re.compile(r"[镇乡](?:人民政府|政府)?$|街道")
TOWNSHIP_OFFICE = re.compile(rf"{_TOWNSHIP}\S*[办所站]$")  # 三河镇财政所; not 县乡村振兴办
# An ethnic township's peoples, which the gazetteer leaves out of its name: 二酉苗族乡 is listed as 二酉乡.
_PEOPLES = (
    "苗 土家 瑶 侗 彝 回 满 蒙古 藏 壮 布依 白 哈尼 傣 黎 傈僳 佤 畲 拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔"
    " 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔"
    " 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 朝鲜 哈萨克 维吾尔"
)
ETHNIC = re.compile(rf"(?:(?:{'|'.join(sorted(_PEOPLES.split(), key=len, reverse=True))})族)+(?=[乡镇]$)")
# An autonomous county's peoples, which its short name leaves out: 通道侗族自治县 is 通道县.
AUTONOMOUS = re.compile(rf"^(.+?)(?:(?:{'|'.join(sorted(_PEOPLES.split(), key=len, reverse=True))})族)+自治([县旗州])$")
ONE_PEOPLE = re.compile(r"^(.+?)族自治([县旗州])$")  # 东乡族自治县 is 东乡县: the people is the stem
# Names in the code table that group counties and are no place: 市辖区, Chongqing's 县, 省直辖县级行政区划.
PLACE_ENDINGS = frozenset("省市县区旗州盟")
NOT_A_PLACE = frozenset(("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"))
PLACE_SUFFIX = re.compile(r"(?:市|地区|盟|自治州|省|自治区|壮族自治区|回族自治区|维吾尔自治区|特别行政区)$")
NOT_ID = re.compile(r"[^a-z0-9]+")
AFTER_LAST_REVISION = 2019  # place_history.csv dates a change the gazetteer's snapshot shows (its year unknown)
# A landline number with its area code: "0818-2345678", "(0579)85819018", "0432－62345678".
PHONE = re.compile(r"(?<![\d-])(0\d{2,3})\s*[-－—–)）]\s*\d{7,8}(?!\d)")
COUNTY_KIND = re.compile(r"(?:自治县|自治旗|县|市|区|旗)$")  # 上虞市 and 上虞区 are one county renamed


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
    """County-level name → code, for names unique in the country: cpca's, and those its table is
    too old to hold (上党区, named so since 2018) where the place history gives one code still in force
    (not the names given up, 增城市 or 江都市, which ordinary words spell: 新增城市, 浙江都市圈)."""
    unique = {name: codes[0] for name, codes in _codes_named().items() if len(codes) == 1}
    for name, rows in _history().items():
        codes = {row.code for row in rows}
        current = any(row.last is None for row in rows)
        if name not in _codes_named() and len(codes) == 1 and current and rows[0].code[4:] != "00":
            unique[name] = rows[0].code
    return unique


def _matcher(names: Iterable[str]) -> Any:
    """The names of three characters or more, matched in one pass (shorter ones are words too)."""
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for name in names:
        if len(name) > 2:
            automaton.add_word(name, name)
    automaton.make_automaton()
    return automaton


@cache
def _county_matcher() -> Any:
    """All unambiguous county names, matched in one pass."""
    return _matcher(_counties())


@dataclass(frozen=True)
class Named:
    """A code a county or prefecture bore under one name, and the years it was in force."""

    code: str
    first: int
    last: int | None  # None: still in force in the last revision known

    def in_force(self, year: int | None) -> bool:
        """Whether the code was this name's in ``year`` (any year, when it is not known)."""
        return year is None or (self.first <= year and (self.last is None or year <= self.last))


@cache
def _history() -> dict[str, tuple[Named, ...]]:
    """Name → the codes it bore where they changed after 2002 (place_history.csv; see
    data/place_history.py)."""
    found: dict[str, list[Named]] = {}
    with files("ogidata").joinpath("data", "place_history.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            named = Named(row["code"], int(row["first"]), int(row["last"]) if row["last"] else None)
            found.setdefault(row["name"], []).append(named)
    return {name: tuple(codes) for name, codes in found.items()}


@cache
def _all_names() -> dict[str, str]:
    """6-digit code → name, cpca's table with the codes it no longer holds, each by the last name it
    bore (410307: 偃师区 since 2021, not the 洛龙区 it named before)."""
    names = dict(_names())
    latest: dict[str, tuple[float, str]] = {}
    for name, codes in _history().items():
        for named in codes:
            last = float("inf") if named.last is None else named.last
            if named.code not in latest or last > latest[named.code][0]:
                latest[named.code] = (last, name)
    for code, (_, name) in latest.items():
        names.setdefault(code, name)
    return names


@cache
def _history_matcher() -> Any:
    """Every name that a code bore after 2002, matched in one pass."""
    return _matcher(_history())


def all_codes() -> set[str]:
    """Every 6-digit code in the table or in force since 2002, for validating region codes."""
    return set(_all_names())


def place_of_code(code: str) -> Place:
    """The levels a 6-digit code names, from cpca's table and the codes since replaced; a 市辖区
    is no prefecture."""
    names = _all_names()
    province = names.get(code[:2] + "0000", "")
    prefecture = names.get(code[:4] + "00", "") if code[2:4] != "00" else ""
    county = names.get(code, "") if code[4:] != "00" else ""
    return Place(province, "" if prefecture in NOT_A_PLACE else prefecture, county, code)


@cache
def _codes_named() -> dict[str, tuple[str, ...]]:
    """County-level name → every code so named (鼓楼区: Nanjing's, Fuzhou's, Xuzhou's, Kaifeng's)."""
    seen: dict[str, list[str]] = {}
    for code, name in _names().items():
        if code[4:] != "00" and name not in NOT_A_PLACE:
            seen.setdefault(name, []).append(code)
    return {name: tuple(codes) for name, codes in seen.items()}


@cache
def _townships() -> dict[str, tuple[str, ...]]:
    """Township name → the codes of the counties that have one so named (townships.csv,
    from jionlp's gazetteer; see data/townships.py)."""
    with files("ogidata").joinpath("data", "townships.csv").open(encoding="utf-8") as handle:
        return {row["name"]: tuple(row["county_codes"].split()) for row in csv.DictReader(handle)}


@cache
def _confusables() -> dict[str, tuple[str, ...]]:
    """Character printed → the characters it may stand for in a place's name (confusables.csv)."""
    found: dict[str, list[str]] = {}
    with files("ogidata").joinpath("data", "confusables.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            found.setdefault(row["printed"], []).append(row["meant"])
    return {printed: tuple(meant) for printed, meant in found.items()}


@cache
def _place_names() -> frozenset[str]:
    """Every name in the code table, of any level."""
    return frozenset(name for name in _names().values() if name not in NOT_A_PLACE)


def is_place(name: str) -> bool:
    """Whether ``name`` is a place's full name in the code table (潍坊市, 崇明县), of any level, or
    an autonomous county's short name (通道县)."""
    return name in _place_names() or name in _autonomous_short()


def mend(organ: str) -> str:
    """``organ`` with a place name put right where one character of it was printed as a
    look-alike (沐阳县 for 沭阳县, see confusables.csv) and only one real name fits;
    else ``organ`` as it is."""
    names, confusables = _place_names(), _confusables()
    if not any(char in confusables for char in organ):
        return organ
    for end, char in enumerate(organ, 1):
        if char not in PLACE_ENDINGS:
            continue
        for start in range(max(0, end - 6), end - 1):  # the longest window first
            window = organ[start:end]
            if window in names:
                break
            fits = {
                window[:at] + meant + window[at + 1 :]
                for at, printed in enumerate(window)
                for meant in confusables.get(printed, ())
            } & names
            if len(fits) == 1:
                return organ[:start] + fits.pop() + organ[end:]
    return organ


def _short(name: str) -> str:
    """What a text calls a prefecture or province for short: 长春市 → 长春, 吉林省 → 吉林."""
    short = PLACE_SUFFIX.sub("", name)
    return short if 2 <= len(short) <= 4 else name


def _named_by_text(codes: tuple[str, ...], text: str) -> str | None:
    """Of counties sharing a name, the one the text points to: those whose own name, then
    prefecture's, then province's name the text names most (安乐乡 of Sichuan's three counties or
    Yunnan's one, in a report citing 《云南省…办法》), then those a telephone number it prints is in;
    None when nothing singles one out."""
    left = [place_of_code(code) for code in codes]
    for level_name in ("county", "prefecture", "province"):
        counts: dict[str, int] = {}
        for place in left:
            name = getattr(place, level_name)
            counts[name] = text.count(_short(name)) if name else 0
        best = max(counts.values())
        if best and list(counts.values()).count(best) == 1:
            left = [place for place in left if counts[getattr(place, level_name)] == best]
            if len(left) == 1:
                return left[0].code
    called = _called(text)
    by_phone = [place for place in left if any(place.code.startswith(served) for served in called)]
    return by_phone[0].code if len(by_phone) == 1 else None


@cache
def _area_codes() -> dict[str, tuple[str, ...]]:
    """Telephone area code → the places it serves, as code prefixes (0818 → 5117, Dazhou's; 010 →
    11), from area_codes.csv (see data/area_codes.py)."""
    with files("ogidata").joinpath("data", "area_codes.csv").open(encoding="utf-8") as handle:
        return {
            row["area_code"]: tuple(_prefix(code) for code in row["codes"].split()) for row in csv.DictReader(handle)
        }


def _prefix(code: str) -> str:
    """The digits a place's code shares with every code below it (510000 → 51, 511700 → 5117)."""
    return code[:2] if code[2:] == "0000" else code[:4] if code[4:] == "00" else code


def _called(text: str) -> set[str]:
    """The places served by the area codes of the telephone numbers the text prints ("0818-2345678",
    "（0579）85819018"), as code prefixes."""
    known = _area_codes()
    return {served for area in PHONE.findall(text) for served in known.get(area, ())}


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


@cache
def _autonomous_short() -> dict[str, tuple[Named, ...]]:
    """An autonomous county's or prefecture's short name (通道县, 东乡县, 黔南州) → the codes it has had,
    with their years where the place history knows them (see _history)."""
    found: dict[str, dict[str, Named]] = {}
    current = ((name, (Named(code, 0, None),)) for code, name in _names().items() if code[2:] != "0000")
    for name, rows in (*current, *_history().items()):
        match = AUTONOMOUS.match(name) or ONE_PEOPLE.match(name)
        if match:
            found.setdefault(match[1] + match[2], {}).update({row.code: row for row in rows})
    return {short: tuple(rows.values()) for short, rows in found.items()}


def _by_short_name(organ: str, year: int | None) -> Place | None:
    """The autonomous county or prefecture an organ names by its short name (通道县住建局 → 通道侗族自治县,
    not the 道县 its last characters spell; 大理州人民政府 → 大理白族自治州, not 大理市), unless a county of
    that very name was in force in ``year`` (东乡县 of Jiangxi until 2016) or, for a prefecture, the
    organ goes on to name a county; None where it names none, or the short name fits several."""
    for short, rows in _autonomous_short().items():
        if short in organ and not (short.endswith("州") and _names_a_county(organ[organ.index(short) + len(short) :])):
            own = _history().get(short)
            if any(row.in_force(year) for row in own) if own else short in _codes_named():
                return None
            codes = {row.code for row in rows if row.in_force(year)}
            if len(codes) != 1:
                return None
            place = place_of_code(codes.pop())
            return None if _names_another_province(organ, place) else place
    return None


def _names_a_county(words: str) -> bool:
    """Whether ``words`` name a place below the prefecture ("大理州|大理市人民政府", "阿坝州|茂县", "黔南州|上司镇":
    the county's or township's organ, not the prefecture's; "恩施州|民政局", "黔南州|市场监督管理局" name none)."""
    return PLACE_BELOW.search(words) is not None


def _names_another_province(organ: str, place: Place) -> bool:
    """Whether ``organ`` names a prefecture or province other than ``place``'s (抚州市东乡县…: Jiangxi's,
    not Gansu's 东乡族自治县), as cpca reads the name."""
    code = _adcode(organ)
    named = place_of_code(code[:6]) if isinstance(code, str) and code else Place()
    above = [name for name in (named.prefecture, named.province) if name and _short(name) in organ]
    return bool(above) and named.province != place.province


def _of_its_year(organ: str, place: Place, year: int | None) -> Place | None:
    """The place of a county or prefecture the organ names as it was named in ``year`` where
    that differs from ``place`` (read from the recent table): 永定县 (2009) is 350822, which the
    table no longer has; 庐江县 in 2010 was 341421, in Chaohu's prefecture. None when the
    organ names no such place, or its code in that year is not one."""
    matched = list(_history_matcher().iter(organ))
    if not matched:
        return None
    # The most specific place named, which a name puts last (巢湖市庐江县, 吐鲁番市高昌区); the longest there.
    name = max(matched, key=lambda found: (found[0], len(found[1])))[1]
    rows = _history()[name]
    if place.county == name and not any(row.code == place.code and not row.in_force(year) for row in rows):
        return None  # the table's code was this name's in that year (or the years are not known)
    if place.prefecture and place.county != name and place.county not in name:  # 平城区 holds cpca's 城区
        rows = tuple(row for row in rows if row.code[:2] == place.code[:2])  # 福州市长乐区: Fujian's
    codes = {row.code for row in rows if row.in_force(year)}
    return place_of_code(codes.pop()) if len(codes) == 1 else None


def _as_in(place: Place, year: int | None) -> Place:
    """A county placed under its recent name (上虞区, a district since 2013, where the gazetteer puts
    下管镇) as it was in ``year`` (上虞市, 330682, in 2009): the one county of the province whose
    name has the same stem and whose code was in force then. ``place`` as it is otherwise."""
    own = next((row for row in _history().get(place.county, ()) if row.code == place.code), None)
    if year is None or own is None or own.in_force(year) or own.last == AFTER_LAST_REVISION:
        return place  # a change after the last revision has no year the table knows: the code stays
    stem = COUNTY_KIND.sub("", place.county)
    then = {
        row.code
        for name, rows in _history().items()
        if COUNTY_KIND.sub("", name) == stem
        for row in rows
        if row.code[:2] == place.code[:2] and row.in_force(year)
    }
    return place_of_code(then.pop()) if len(then) == 1 else place


def locate(organ: str, text: Callable[[], str], year: int | None = None) -> Place:
    """The place of ``organ`` (see _placed), as it was named and coded in the report's ``year``."""
    return _as_in(_placed(organ, text, year), year)


def _placed(organ: str, text: Callable[[], str], year: int | None) -> Place:
    """The place of ``organ``, from its own name: a county whose name is shared (朝阳区 of
    Beijing or of Changchun) or a township (亭子坝镇, from the gazetteer) is the one the text
    points to by naming it, its prefecture or its province. A township the gazetteer does not
    know is placed in the county the text names most often. An organ the text does not name
    gets no place: guessing one from a passing mention of some district would be inventing it.
    A county or prefecture named as it was in ``year`` gets that year's code."""
    if not organ:
        return Place()
    zone = next((code for name, code in _zones().items() if name in organ), None)
    if zone:
        return place_of_code(zone)
    short = _by_short_name(organ, year)
    if short:
        return short
    code = _adcode(organ)
    place = place_of_code(code[:6]) if isinstance(code, str) and code else Place()
    if place.county and place.county not in organ and TOWNSHIP_ORGAN.search(organ):
        place = Place()  # 三河镇 is no part of 三河市: cpca matched the county's short name in the township's
    dated = _of_its_year(organ, place, year)
    if dated:
        return dated
    if place.county:
        shared = _codes_named().get(place.county, ())
        named_above = any(name and _short(name) in organ for name in (place.prefecture, place.province))
        if len(shared) < 2 or named_above:
            return place
        within = tuple(c for c in _township_counties(organ, Place()) if c in shared)  # 长安区砲里街道: Xi'an's
        chosen = within[0] if len(within) == 1 else _named_by_text(shared, text())
        return place_of_code(chosen) if chosen else Place()
    counties = _township_counties(organ, place)
    if not counties and place.prefecture and place.prefecture not in organ:
        counties = _township_counties(organ, Place())  # 朝阳乡 is no township of 朝阳市: cpca read its name's start
    if counties:
        chosen = counties[0] if len(counties) == 1 else _named_by_text(counties, text())
        return place_of_code(chosen) if chosen else Place()
    grouping = place.code[2:4] != "00" and not place.prefecture  # cpca matched 县 in 永定县 as Chongqing's 县
    if place.code and not grouping and not TOWNSHIP_WORD.search(organ):
        return place
    return most_named(text)  # folded only now: most organs are placed by their own name


def _township_counties(organ: str, above: Place) -> tuple[str, ...]:
    """The counties with a township of the organ's name (the longest name the gazetteer knows
    ending at its first 镇/乡/街道), within the prefecture or province it names."""
    if not (TOWNSHIP_ORGAN.search(organ) or TOWNSHIP_OFFICE.search(organ)):
        return ()
    end = TOWNSHIP_WORD.search(organ)
    if end is None:
        return ()
    gazetteer = _townships()
    for start in range(end.start()):
        name = organ[start : end.end()]
        counties = gazetteer.get(name) or gazetteer.get(ETHNIC.sub("", name))
        if counties:
            within = above.code[:2] if above.code[2:] == "0000" else above.code[:4]
            return tuple(c for c in counties if c.startswith(within))
    return ()


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
