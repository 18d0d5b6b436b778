"""Re-cutting tables that a crawler flattened into one run of text.

"规章000规范性文件898989第二十条第（五）项信息内容上一年项目数量…" is a whole
section-two table with no cell boundaries left. From the first table anchor on, such
a text is cut into label cells (known labels by longest match, other text between
them) and digit runs. A run may hold several glued numbers: the table readers split
it with :mod:`.split`, knowing how many cells the row has. Years (2015年度),
enumerators glued to a value ("00000002.其他…": the last 2 is the enumerator) and
units glued to a label ("主动公开文件数条") are recognised here, once for every form.
"""

from __future__ import annotations

import re
from functools import cache

from ..readers.document import Cell, make_cell
from .lexicon import active_axes, legacy_labels, read_data, request_labels
from .normalize import fold, nfkc

TABLE_START = re.compile(r"第二十条\s*第|指标名称|统计指标|申请人情况|信息内容\s*(?:本年|上一年|采购)")
_PIECE = re.compile(
    r"(?P<num>(?<!\d)-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<!\d)-?\d+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"|(?P<paren>[(（][^()（）]{0,80}[)）])"
    r"|(?P<space>\s+)"
    r"|(?P<text>[^\d\s(（]+|[(（])"
)
_LABEL_SUFFIX = re.compile(r"\s*[年月日号%％]")
_MONEY_AFTER = re.compile(r"万元|元")
_ENUMERATOR_AFTER = re.compile(r"[.、．][\u4e00-\u9fff]")
_JOINED = re.compile(r"[\u4e00-\u9fff](?<![一二三四五六七八九十])")
_UNITS = ("万元", "人次", "条", "件", "次", "个", "人", "篇", "元")


@cache
def vocabulary() -> tuple[frozenset[str], dict[str, list[str]]]:
    """Known table words, and the same grouped by first character, longest first."""
    words = set(active_axes()[0]) | set(active_axes()[1]) | set(request_labels()) | set(legacy_labels())
    words |= {row["word"] for row in read_data("table_words.csv")}
    words = {w for w in words if len(w) > 1}
    by_first: dict[str, list[str]] = {}
    for word in words:
        by_first.setdefault(word[0], []).append(word)
    for group in by_first.values():
        group.sort(key=len, reverse=True)
    return frozenset(words), by_first


def _words(text: str, start: int) -> list[tuple[int, int]]:
    """Cut a label stretch into known words and the unknown text between them; a
    parenthesis ("（区分处理的，…不计其他情形）") is never searched for words."""
    _, by_first = vocabulary()
    spans, unknown, i = [], start, start
    while i < len(text):
        if text[i] in "(（":
            close = re.compile(r"[)）]").search(text, i, i + 82)
            if close:
                i = close.end()
                continue
        word = next((w for w in by_first.get(text[i], ()) if text.startswith(w, i)), None)
        if word and i - 2 >= unknown and text[i - 1] in "、和及与" and _JOINED.match(text[i - 2]):
            word = None  # "信函、传真申请数" is one row (mail and fax together), not 传真申请数
        if word:
            if unknown < i:
                spans.append((unknown, i))
            spans.append((i, i + len(word)))
            i += len(word)
            unknown = i
        else:
            i += 1
    if unknown < i:
        spans.append((unknown, i))
    return spans


def _pieces(folded: str, start: int) -> list[tuple[int, int, bool]]:
    """(start, end, is_value) pieces of the folded text from ``start`` on."""
    pieces: list[tuple[int, int, bool]] = []
    label_from = None
    skip = start  # text already taken by a value ("元" of "75394432.52元")
    for match in _PIECE.finditer(folded, start):
        kind = match.lastgroup
        s, e = max(match.start(), skip), match.end()
        if s >= e:
            continue
        if kind == "num":
            after = folded[e : e + 2]
            if _LABEL_SUFFIX.match(after):  # 2015年度: part of a label
                label_from = s if label_from is None else label_from
                continue
            if _ENUMERATOR_AFTER.match(after):  # "00000002.其他…": the 2 numbers the next label
                if label_from is not None:
                    pieces += [(a, b, False) for a, b in _words(folded[:s], label_from)]
                    label_from = None
                if e - s > 1:
                    pieces.append((s, e - 1, True))
                label_from = e - 1
                continue
            if label_from is not None:
                pieces += _split_unit(folded, _words(folded[:s], label_from))
                label_from = None
            money = _MONEY_AFTER.match(folded, e)  # "75394432.52元": the cell carries its unit
            skip = money.end() if money else e
            pieces.append((s, skip, True))
        elif kind == "space":
            if label_from is not None:
                pieces += [(a, b, False) for a, b in _words(folded[:s], label_from)]
                label_from = None
        else:
            label_from = s if label_from is None else label_from
    if label_from is not None:
        pieces += [(a, b, False) for a, b in _words(folded, label_from)]
    return pieces


def _split_unit(folded: str, spans: list[tuple[int, int]]) -> list[tuple[int, int, bool]]:
    """A label glued to its unit right before a value ("主动公开文件数条294…") loses the unit."""
    out = [(a, b, False) for a, b in spans]
    if out and folded[out[-1][0] : out[-1][1]] not in vocabulary()[0]:
        a, b, _ = out[-1]
        unit = next((u for u in _UNITS if folded[a:b].endswith(u) and b - a > len(u)), None)
        if unit:
            out[-1:] = [(a, b - len(unit), False), (b - len(unit), b, False)]
    return out


def relex(cell: Cell) -> list[tuple[Cell, bool]] | None:
    """The cells a flattened table inside ``cell`` is cut into, each with whether it is a
    (possibly glued) value run; None when the cell holds no table."""
    anchor = TABLE_START.search(nfkc(cell.text))  # most long cells are prose: no offsets needed
    if anchor is None:
        return None
    folded, offsets = fold(cell.text)
    out: list[tuple[Cell, bool]] = []

    def emit(s: int, e: int, value: bool) -> None:
        raw_start, raw_end = offsets[s], offsets[e - 1] + 1
        text = cell.text[raw_start:raw_end]
        if text.strip():
            out.append((make_cell(text, cell.line, cell.start + raw_start, cell.start + raw_end), value))

    if anchor.start() > 0:
        emit(0, anchor.start(), False)
    for s, e, value in _pieces(folded, anchor.start()):
        emit(s, e, value)
    return out
