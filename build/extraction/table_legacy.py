"""The legacy 政府信息公开情况统计表: rows of label · unit · value(s).

Rows are matched by label, never by position, because provinces added and dropped
rows over the years. A label that is not in the codebook still yields a fact, with
an empty indicator and the printed label, so nothing published is lost. Some
provinces print a second value column (历年累计, cumulative): the first column is the
report year's and is mapped; the others are kept with the column's name.
"""

from __future__ import annotations

import re

from ..readers.document import Document
from .cells import Token, claim, numbers_after, read_values
from .lexicon import codebook, legacy_labels
from .model import TableResult, make_fact
from .normalize import label_key, nfkc
from .numbers import UNITS, convert_unit

ANCHORS = ("统计指标", "指标名称")
VALUE_COLUMN = re.compile(r"年度|统计数|累计|合计")
WRAPPED_END = 4  # the most characters of a label's end wrapped below its row's numbers ("数", "复数")
# "主动公开信息数 条": a row's label and its unit cell run together with one space between.
UNIT_AFTER = re.compile(rf"\S[ \u3000]+({'|'.join(UNITS)})[ \u3000]*$")
# What else a header cell run into the anchor's may hold: the unit's and the value columns' names.
HEADER_PIECE = re.compile(
    rf"(?:计量)?单位|计量|\d{{1,4}}|\S*(?:{VALUE_COLUMN.pattern})"
)  # "201" / "7 年度": a year cut
# Header words run into a value column's cell by a conversion ("指标名称 历年累计", "单位 年度").
HEADER_WORDS = re.compile(r"^(?:指标名称|统计指标|计量|单位)\s*")


def _family(indicator: str) -> str:
    return ".".join(indicator.split(".")[:2])


def _choose(candidates: list[str], last_family: str) -> str:
    """被依法纠错数 and 其他情形数 occur under both review and litigation: the
    row belongs to the group the table is in."""
    for indicator in candidates:
        if _family(indicator) == last_family:
            return indicator
    return candidates[0]


def _is_anchor(token: Token) -> bool:
    """Whether the cell is the table's anchor (统计指标, 指标名称), alone or with the header's other
    cells run into it by a conversion ("指标名称 计量单位 2015年度 历年累计"), and nothing else."""
    if token.key in ANCHORS:
        return True
    first, *rest = token.cell.text.split() or [""]
    return bool(rest) and label_key(first) in ANCHORS and all(HEADER_PIECE.fullmatch(nfkc(piece)) for piece in rest)


def _label_and_unit(token: Token, labels: dict[str, list[str]]) -> tuple[str, str | None]:
    """A row label's key, and the unit printed in the same cell after one space ("主动公开信息数 条",
    a conversion that ran the label and unit cells together), where the label without it is a row's."""
    joined = UNIT_AFTER.search(token.cell.text) if token.key not in labels else None
    key = label_key(token.cell.text[: joined.start(1)]) if joined else ""
    return (key, joined[1]) if joined and key in labels else (token.key, None)


def _wrapped(
    stream: list[Token], i: int, last_used: int, after: int, labels: dict[str, list[str]]
) -> tuple[str, str, int | None]:
    """The key of a row label wrapped onto a second line of its cell, where only the two pieces
    read as one name a row: the piece before ``stream[i]`` (PyMuPDF prints "其中：1、政府网站公开" / "数"
    / "条 2122"), else the short piece just after the row's numbers (pdfplumber prints "…政府网站公开"
    / "条 2122 10037" / "数"); with the two pieces' text, and the index of the piece after the numbers,
    the row's last token."""
    before = stream[i - 1] if i - 1 > last_used else None
    if before is not None and before.number is None and not before.is_unit and before.key not in labels:
        text = before.cell.text.strip() + stream[i].cell.text.strip()
        if (key := label_key(text)) in labels:
            return key, text, None
    tail = stream[after] if after < len(stream) else None
    if tail is not None and tail.number is None and not tail.is_unit and len(tail.key) <= WRAPPED_END:
        text = stream[i].cell.text.strip() + tail.cell.text.strip()
        if (key := label_key(text)) in labels and tail.key not in labels:
            return key, text, after
    return "", "", None


def _value_columns(stream: list[Token], start: int) -> tuple[list[str], int]:
    """Names of the value columns in the header after the anchor, and where rows begin."""
    # "指标名称 计量单位 2015年度 历年累计": the header's other cells run into the anchor's
    names = [piece for piece in stream[start].cell.text.split()[1:] if VALUE_COLUMN.search(piece)]
    i = start + 1
    labels = legacy_labels()
    while i < len(stream) and len(names) < 4 and stream[i].number is None:
        if _label_and_unit(stream[i], labels)[0] in labels:
            break
        if VALUE_COLUMN.search(stream[i].key):
            names.append(stream[i].cell.text.strip())
        i += 1
    names = [HEADER_WORDS.sub("", name).strip() or name for name in names]
    names.sort(key=lambda name: "累计" in name)  # the year's column first, as the form prints it
    return names or ["统计数"], i


def read_legacy_table(doc: Document, stream: list[Token]) -> TableResult:
    """The legacy table from its anchor (统计指标, 指标名称): each label's numbers, after its unit cell if
    any, under the header's value columns; only the first column's number is mapped."""
    start = next((i for i, t in enumerate(stream) if _is_anchor(t)), None)
    result = TableResult()
    if start is None:
        return result
    result.labels.append("统计指标")
    labels, book = legacy_labels(), codebook()
    columns, i = _value_columns(stream, start)
    last_family, last_used = "", start
    while i < len(stream) and not stream[i].is_prose:
        token = stream[i]
        if token.number is not None or token.is_unit:
            i += 1
            continue
        j = i + 1
        unit_token: Token | None = None
        if j < len(stream) and stream[j].is_unit:
            unit_token, j = stream[j], j + 1
        values = numbers_after(stream, j)
        if not values:
            i += 1
            continue
        key, printed_unit = (
            (token.key, nfkc(unit_token.cell.text).strip()) if unit_token else _label_and_unit(token, labels)
        )
        wrapped, text, end = (
            _wrapped(stream, i, last_used, j + len(values), labels) if key not in labels else ("", "", None)
        )
        key, text = wrapped or key, text or token.cell.text
        candidates = labels.get(key, [])
        indicator = _choose(candidates, last_family) if candidates else ""
        if indicator:
            last_family = _family(indicator)
            result.labels.append(key)
        read, quality = read_values(values, len(columns))
        if quality != "ambiguous" and len(read) < len(columns):
            quality = "inferred"  # fewer numbers than columns: read left to right
        for k, value in enumerate(read):
            name = columns[k] if k < len(columns) else "?"
            mapped = indicator if k == 0 and quality != "ambiguous" else ""
            unit = book[mapped].unit if mapped else (printed_unit or value.unit or "")
            raw = text if k == 0 else f"{text} · {name}"
            number = convert_unit(value.value, printed_unit or value.unit, unit) if value.value is not None else None
            glued_as = (
                (f"{indicator}|",) + ("",) * (len(columns) - 1)
                if quality == "ambiguous" and indicator and len(values) == 1
                else ()
            )
            result.facts.append(
                make_fact(
                    value.cell,
                    number,
                    indicator=mapped,
                    unit=unit,
                    source="table",
                    raw_label=raw,
                    quality=quality,
                    glued_as=glued_as,
                )
            )
        if quality == "ambiguous":
            result.warnings.append(
                f"line {token.cell.line}: row '{token.cell.text.strip()}' prints "
                f"{len(columns)} cells glued together that split in several ways; kept unmapped"
            )
        last_used = end if end is not None else j + len(values) - 1
        i = last_used + 1
    claim(result, stream, start, last_used)
    return result
