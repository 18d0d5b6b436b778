"""The panel: measures comparable across the three layouts, made from a report's facts.

Which indicators give a measure in each layout is data, not code: ``build/data/measures.csv``
names and describes each measure, ``build/data/crosswalk.csv`` says for each layout how it
is taken (``formula``) and where its concept differs (``comparable``, ``note``). A formula
lists alternatives in order of preference, separated by ``|``; each is one indicator or a
sum ``a + b`` whose every part must be printed — so the printed subtotal is taken over the
sum of its rows, and a sum with a missing part is missing, not a smaller number.

Of one indicator's facts, the panel takes the report-level one (the ``total`` applicant
column of the request rows; the others have no applicant column), a table cell over the
same number restated in prose, and of equals the first printed. Of the alternatives, the
first the tables give in full wins over one that needs prose. A disagreement between a
table and its prose is not settled here: it is a failed check in ``checks``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from ..extraction.lexicon import codebook, read_data

Row = dict[str, Any]

REPORT_LEVEL = ("", "total")  # applicant values of a report's own number (no column; the 总计 column)
SOURCE_RANK = {"table": 0, "text": 1}  # a table cell is preferred to prose
QUALITY_RANK = {"exact": 0, "ocr": 1, "inferred": 2}  # the panel value is as weak as its weakest fact
WIDE_REPORT_COLUMNS = (
    "report_id",
    "organ_id",
    "organ",
    "province",
    "prefecture",
    "county",
    "region_code",
    "admin_level",
    "organ_kind",
    "year",
    "edition",
    "layout",
)


@dataclass(frozen=True)
class Measure:
    """A panel measure as ``measures.csv`` describes it (id, labels, unit); how each layout
    gives it is in the crosswalk (Way)."""

    id: str
    label_zh: str
    label_en: str
    unit: str
    description: str


@dataclass(frozen=True)
class Way:
    """How one layout gives one measure."""

    formula: str  # as written in crosswalk.csv
    alternatives: tuple[tuple[str, ...], ...]  # parsed: each a sum of indicators
    comparable: bool | None  # None: the layout does not give the measure
    note: str


def parse(formula: str) -> tuple[tuple[str, ...], ...]:
    """'a | b + c' → (('a',), ('b', 'c'))."""
    return tuple(
        tuple(part.strip() for part in alternative.split("+"))
        for alternative in formula.split("|")
        if alternative.strip()
    )


@cache
def measures() -> dict[str, Measure]:
    """The measures, in the order of measures.csv (the panel's and the wide table's order)."""
    return {
        row["measure"]: Measure(row["measure"], row["label_zh"], row["label_en"], row["unit"], row["description"])
        for row in read_data("measures.csv")
    }


@cache
def crosswalk() -> dict[tuple[str, str], Way]:
    """(measure, layout) → how it is taken; every indicator named must be in the codebook."""
    known, found = codebook(), {}
    for row in read_data("crosswalk.csv"):
        alternatives = parse(row["formula"])
        unknown = sorted({i for sum_ in alternatives for i in sum_} - set(known))
        allowed = ("true", "false") if alternatives else ("",)  # blank where the layout does not give it
        if unknown or row["measure"] not in measures() or row["comparable"] not in allowed:
            raise ValueError(
                f"crosswalk.csv, {row['measure']} / {row['layout']}: an unknown indicator or measure, or "
                f"comparable not true/false (blank where the formula is) ({', '.join(unknown) or row['measure']})"
            )
        found[(row["measure"], row["layout"])] = Way(
            row["formula"], alternatives, {"true": True, "false": False}.get(row["comparable"]), row["note"]
        )
    return found


def crosswalk_rows() -> list[Row]:
    """The crosswalk resource: each measure in each layout, with its labels."""
    rows = []
    for (measure_id, layout), way in crosswalk().items():
        measure = measures()[measure_id]
        rows.append(
            {
                "measure": measure_id,
                "layout": layout,
                "label_zh": measure.label_zh,
                "label_en": measure.label_en,
                "unit": measure.unit,
                "description": measure.description,
                "formula": way.formula,
                "comparable": way.comparable,
                "note": way.note,
            }
        )
    return rows


def _chosen(facts: list[Row]) -> dict[str, Row]:
    """Each indicator's fact the panel takes: report-level, read (a value), a table cell over
    prose, then the first printed."""
    chosen: dict[str, Row] = {}
    for fact in facts:
        indicator = fact["indicator"]
        if not indicator or fact["value"] is None or fact["applicant"] not in REPORT_LEVEL:
            continue
        best = chosen.get(indicator)
        if best is None or SOURCE_RANK[fact["source"]] < SOURCE_RANK[best["source"]]:
            chosen[indicator] = fact
    return chosen


def _value(way: Way | None, chosen: dict[str, Row]) -> tuple[Any, str | None, str | None, str | None]:
    """Value, source, quality and fact ids of the first alternative whose parts the tables
    all give; failing that, of the first whose parts the report gives at all (prose too) —
    so a subtotal restated in prose never wins over the table's rows."""
    for tables_only in (True, False):
        for alternative in way.alternatives if way else ():
            parts = [chosen.get(indicator) for indicator in alternative]
            given = [part for part in parts if part is not None]
            if len(given) < len(parts) or (tables_only and any(p["source"] != "table" for p in given)):
                continue
            source = given[0]["source"] if len(given) == 1 else "sum"
            quality = max((part["quality"] for part in given), key=lambda q: QUALITY_RANK.get(q, len(QUALITY_RANK)))
            return sum(part["value"] for part in given), source, quality, " ".join(p["fact_id"] for p in given)
    return None, None, None, None


def panel_rows(report: Row, facts: list[Row]) -> list[Row]:
    """One row per measure for the report (its row in reports, its fact rows)."""
    chosen = _chosen(facts)
    rows = []
    for measure in measures().values():
        way = crosswalk().get((measure.id, report["layout"]))
        value, source, quality, fact_ids = _value(way, chosen)
        rows.append(
            {
                "report_id": report["report_id"],
                "organ_id": report["organ_id"],
                "year": report["year"],
                "edition": report["edition"],
                "layout": report["layout"],
                "measure": measure.id,
                "value": value,
                "unit": measure.unit,
                "source": source,
                "quality": quality,
                "comparable": way.comparable if way else None,
                "fact_ids": fact_ids,
            }
        )
    return rows


def wide_row(report: Row, panel: list[Row]) -> Row:
    """The report's panel as one row: who and when, then a column per measure."""
    return {
        **{column: report[column] for column in WIDE_REPORT_COLUMNS},
        **{row["measure"]: row["value"] for row in panel},
    }
