"""The five seed reports, cell by cell, against hand-checked expectations."""

from __future__ import annotations

from collections import Counter

import pytest
from ogidata.pipeline import BuildResult

from .conftest import SOURCES, read_csv

SEEDS = {
    "guizhou-xifengxian-minzhengju-2018",
    "jilin-yongjixian-yilaxizhen-gov-2014",
    "henan-luyixian-gov-2019",
    "anhui-yejiqu-gov-2016",
    "qinghai-delinghashi-zhengwufuwujianduguanliju-2020",
}


def _key(report_id: str, indicator: str, applicant: str, value: float, source: str, line: int) -> tuple:
    return (report_id, indicator, applicant, round(float(value), 4), source, int(line))


@pytest.fixture(scope="module")
def facts(seed_build: BuildResult) -> list[dict[str, str]]:
    return read_csv(seed_build.descriptor.parent / "data" / "facts.csv")


@pytest.fixture(scope="module")
def reports(seed_build: BuildResult) -> dict[str, dict[str, str]]:
    return {r["report_id"]: r for r in read_csv(seed_build.descriptor.parent / "data" / "reports.csv")}


@pytest.fixture(scope="module")
def checks(seed_build: BuildResult) -> list[dict[str, str]]:
    return read_csv(seed_build.descriptor.parent / "data" / "checks.csv")


def test_every_seed_is_built(reports: dict[str, dict[str, str]]) -> None:
    assert set(reports) == SEEDS


@pytest.mark.parametrize("report_id", sorted(SEEDS))
def test_mapped_facts_match_hand_reading(report_id: str, facts: list, expected_facts: list) -> None:
    built = Counter(
        _key(f["report_id"], f["indicator"], f["applicant"], float(f["value"]), f["source"], int(f["line"]))
        for f in facts
        if f["report_id"] == report_id and f["indicator"]
    )
    expected = Counter(
        _key(e["report_id"], e["indicator"], e["applicant"], float(e["value"]), e["source"], int(e["line"]))
        for e in expected_facts
        if e["report_id"] == report_id and e["indicator"]
    )
    assert built - expected == Counter(), "facts the build invented or misplaced"
    assert expected - built == Counter(), "facts the build missed"


def test_unmapped_numbers_are_kept_with_their_label(facts: list, expected_facts: list) -> None:
    unmapped = {
        (f["report_id"], float(f["value"]), int(f["line"])): f["raw_label"] for f in facts if not f["indicator"]
    }
    for e in expected_facts:
        if not e["indicator"]:
            assert (e["report_id"], float(e["value"]), int(e["line"])) in unmapped, e
    # the supervisors block of the Xifeng table is not in the codebook and keeps its label
    assert unmapped[("guizhou-xifengxian-minzhengju-2018", 4.0, 255)] == "2.开展政务公开监督次数"


def test_blank_cells_stay_missing(facts: list) -> None:
    """Luyi prints 予以公开 only in the 总计 column: the applicant columns are missing, not 0."""
    granted = {
        f["applicant"]: f["value"]
        for f in facts
        if f["report_id"] == "henan-luyixian-gov-2019" and f["indicator"] == "requests.granted"
    }
    assert granted == {"total": "196"}
    fees = {
        f["indicator"]
        for f in facts
        if f["report_id"] == "henan-luyixian-gov-2019" and f["indicator"].startswith("active.fees")
    }
    assert fees == {"active.fees.prev_items", "active.fees.change"}


def test_values_and_units(facts: list) -> None:
    by_id = {(f["report_id"], f["indicator"], f["source"]): f for f in facts}
    money = by_id[("henan-luyixian-gov-2019", "active.procurement.amount", "table")]
    assert (money["value"], money["unit"]) == ("180000.17", "万元")
    funds = by_id[("guizhou-xifengxian-minzhengju-2018", "legacy.capacity.funds", "table")]
    assert (funds["value"], funds["unit"], funds["line"]) == ("1.4", "万元", "264")
    yeji = by_id[("anhui-yejiqu-gov-2016", "legacy.response.press_conferences", "text")]
    assert (yeji["value"], yeji["unit"], yeji["raw_value"]) == ("9", "次", "9场")


def test_spans_point_at_the_printed_number(facts: list) -> None:
    texts: dict[str, str] = {}
    for f in facts:
        rid = f["report_id"]
        if rid not in texts:
            texts[rid] = (SOURCES / "reports" / f"{rid}.txt").read_text(encoding="utf-8")
        printed = texts[rid][int(f["char_start"]) : int(f["char_end"])]
        assert f["raw_value"] in printed or printed.strip() == f["raw_value"], (f["fact_id"], printed)
        line = texts[rid][: int(f["char_start"])].count("\n") + 1
        assert line == int(f["line"]), f["fact_id"]


def test_reports_without_tables_say_so(reports: dict) -> None:
    for rid in ("qinghai-delinghashi-zhengwufuwujianduguanliju-2020", "anhui-yejiqu-gov-2016"):
        assert reports[rid]["tables_present"] == "false"
        assert "no statistics table" in reports[rid]["notes"]
    assert reports["henan-luyixian-gov-2019"]["tables_present"] == "true"


def test_layouts(reports: dict) -> None:
    assert {rid: r["layout"] for rid, r in reports.items()} == {
        "guizhou-xifengxian-minzhengju-2018": "legacy",
        "jilin-yongjixian-yilaxizhen-gov-2014": "legacy",
        "henan-luyixian-gov-2019": "gb2019",
        "anhui-yejiqu-gov-2016": "legacy",
        "qinghai-delinghashi-zhengwufuwujianduguanliju-2020": "gb2019",
    }


def test_luyi_review_disagreement_is_recorded(checks: list) -> None:
    luyi = {c["rule"]: c for c in checks if c["report_id"] == "henan-luyixian-gov-2019"}
    review = luyi["prose_vs_table:review.total"]
    assert (review["expected"], review["actual"], review["passed"]) == ("8", "7", "false")
    assert luyi["prose_vs_table:review.upheld"]["passed"] == "false"  # prose 6, table 7
    assert luyi["prose_vs_table:review.other"]["passed"] == "true"
    assert luyi["review.sum"]["passed"] == "true"  # 7 + 0 + 1 + 0 = 8 in the table itself


def test_identities_that_hold_pass(checks: list) -> None:
    failed = [(c["report_id"], c["rule"]) for c in checks if c["passed"] == "false"]
    assert failed == [
        ("henan-luyixian-gov-2019", "prose_vs_table:review.total"),
        ("henan-luyixian-gov-2019", "prose_vs_table:review.upheld"),
    ]
    rules = {(c["report_id"], c["rule"], c["applicant"]) for c in checks}
    assert ("guizhou-xifengxian-minzhengju-2018", "legacy.capacity.staff", "") in rules
    assert ("henan-luyixian-gov-2019", "requests.balance", "natural_person") in rules
    # the per-applicant outcome sum needs the granted cells Luyi left blank: not evaluated
    assert ("henan-luyixian-gov-2019", "requests.outcomes", "natural_person") not in rules
    assert ("henan-luyixian-gov-2019", "requests.outcomes", "total") in rules
