"""The legacy 政府信息公开情况统计表: rows of label · unit · value.

Rows are matched by label, never by position, because provinces added and dropped
rows over the years. A label that is not in the codebook still yields a fact, with
an empty indicator and the printed label, so nothing published is lost.
"""

from __future__ import annotations

from .cells import Token, claim, tokens
from .lexicon import codebook, legacy_labels
from .model import TableResult, make_fact
from .numbers import convert_unit
from ..readers.document import Document

ANCHORS = ("统计指标", "指标名称")


def _family(indicator: str) -> str:
    return ".".join(indicator.split(".")[:2])


def _choose(candidates: list[str], last_family: str) -> str:
    """被依法纠错数 and 其他情形数 occur under both review and litigation: the
    row belongs to the group the table is in."""
    for indicator in candidates:
        if _family(indicator) == last_family:
            return indicator
    return candidates[0]


def read_legacy_table(doc: Document) -> TableResult:
    stream = tokens(doc)
    start = next((i for i, t in enumerate(stream) if t.key in ANCHORS), None)
    result = TableResult()
    if start is None:
        return result
    result.labels.append("统计指标")
    labels, book = legacy_labels(), codebook()
    last_family, last_used, i = "", start, start + 1
    while i < len(stream) and not stream[i].is_prose:
        token = stream[i]
        if token.number is not None or token.is_unit:
            i += 1
            continue
        j = i + 1
        unit_token: Token | None = None
        if j < len(stream) and stream[j].is_unit:
            unit_token, j = stream[j], j + 1
        candidates = labels.get(token.key, [])
        if candidates:
            indicator = _choose(candidates, last_family)
            last_family = _family(indicator)
            result.labels.append(token.key)
        else:
            indicator = ""
        value = stream[j] if j < len(stream) else None
        if value is None or value.number is None:
            i += 1
            continue
        printed_unit = unit_token.cell.text.strip() if unit_token else value.number.unit
        unit = book[indicator].unit if indicator else (printed_unit or "")
        result.facts.append(
            make_fact(
                value.cell,
                convert_unit(value.number.value, printed_unit, unit),
                indicator=indicator,
                unit=unit,
                source="table",
                raw_label=token.cell.text,
            )
        )
        last_used, i = j, j + 1
    claim(result, stream, start, last_used)
    return result
