"""The collection in sources/: every inventory row brought in or left out with its reason,
each file traceable to where it was obtained, one report per organ and year, organs that
keep their identity. Values asserted here were read by hand from the files named."""

from __future__ import annotations

import csv
import hashlib
from collections import Counter
from pathlib import Path

import pytest
from ogidata.extraction.lexicon import APPLICANTS
from ogidata.pipeline import BuildResult

from .conftest import COLLECTION, REPO

INVENTORY = REPO.parent / "shared" / "collection" / "inventory.csv"  # beside the repository, where CI has it
ARCHIVE = "changwu/pingtan-gov-zwgk-archive"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def manifest() -> list[dict[str, str]]:
    return _rows(COLLECTION / "manifest.csv")


@pytest.fixture(scope="module")
def package(collection_build: BuildResult) -> dict[str, list[dict[str, str]]]:
    data = collection_build.descriptor.parent / "data"
    return {name: _rows(data / f"{name}.csv") for name in ("reports", "facts", "checks", "organs", "report_files")}


def test_every_inventory_row_is_in_the_sources_or_left_out_with_a_reason(manifest: list[dict[str, str]]) -> None:
    if not INVENTORY.exists():
        pytest.skip(f"the collection's inventory is not beside the repository ({INVENTORY})")
    inventory = _rows(INVENTORY)
    brought = {(e["repository"], e["archive_path"]) for e in manifest if e.get("archive_path")}
    left = {(r["repository"], r["archive_path"]): r["reason"] for r in _rows(COLLECTION / "left_out.csv")}
    for row in inventory:
        key = (row["repo"], row["path"])
        assert (key in brought) != (key in left), key  # one or the other, never both
        assert key in brought or len(left[key]) > 20
    assert len(inventory) == 347 and len(brought) == 259 and len(left) == 88
    assert not brought - {(r["repo"], r["path"]) for r in inventory}  # nothing else from those archives


def test_every_file_is_as_committed_and_says_where_it_came_from(manifest: list[dict[str, str]]) -> None:
    for entry in manifest:
        data = (COLLECTION / entry["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["file"]
        if entry["report_id"].startswith(("fujian-pingtan", "jiangsu-")):
            assert entry["repository"] and len(entry["commit"]) == 40 and entry["archive_path"], entry["file"]
            assert entry["retrieved"] == "2026-12-06" and entry["checked"], entry["file"]
    crawled = [e for e in manifest if e["repository"] == ARCHIVE]
    assert all(e["url"].startswith("https://www.pingtan.gov.cn/") for e in crawled)
    # The zone's 2025 page as the crawler saved it: its header names the page it came from.
    text = (COLLECTION / "reports" / "fujian-pingtan-gov-2025.txt").read_text(encoding="utf-8")
    assert (
        text.splitlines()[5] == "原文链接: https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/202603/t20260313_105587.htm"
    )


def test_one_report_per_organ_and_year(package: dict[str, list[dict[str, str]]]) -> None:
    reports = package["reports"]
    assert len(reports) == 255  # 264 files: 9 pages are renderings of a crawled text's report
    assert len(package["report_files"]) == 264
    keys = Counter((r["organ_id"], r["year"], r["edition"]) for r in reports)
    assert max(keys.values()) == 1
    twice = Counter((r["organ_id"], r["year"]) for r in reports)
    assert [k for k, n in twice.items() if n > 1] == [("fujian-pingtanxian-zhiliangjishujianduju", "2010")]
    second = next(r for r in reports if r["report_id"] == "fujian-pingtanxian-zhiliangjishujianduju-2010-2")
    assert second["edition"] == "2" and "a second, distinct 2010 report" in second["notes"]
    for report in reports:
        assert report["organ_id"] and report["region_code"], report["report_id"]
        assert not report["report_id"].split("-")[0].isdigit() and "unknown" not in report["report_id"]


def test_a_sum_over_a_province_counts_each_report_once(package: dict[str, list[dict[str, str]]]) -> None:
    """The zone's 2019 report is in sources twice (the crawled text and the page): it adds
    23 requests received to Fujian's 2019 sum once."""
    rows = [
        f
        for f in package["facts"]
        if f["report_id"] == "fujian-pingtan-gov-2019"
        and f["indicator"] == "requests.new"
        and f["applicant"] == "total"
        and f["source"] == "table"
    ]
    assert [f["value"] for f in rows] == ["23"] and rows[0]["source_file"] == "reports/fujian-pingtan-gov-2019.html"
    files = [f for f in package["report_files"] if f["report_id"] == "fujian-pingtan-gov-2019"]
    assert [(f["file"], f["role"]) for f in files] == [
        ("reports/fujian-pingtan-gov-2019.html", "primary"),
        ("reports/fujian-pingtan-gov-2019.txt", "rendering"),
    ]
    agree = next(
        c for c in package["checks"] if c["report_id"] == "fujian-pingtan-gov-2019" and c["rule"] == "rendering[2]"
    )
    assert agree["passed"] == "true" and float(agree["expected"]) > 150


def test_the_zone_administration_is_one_organ_across_its_years(package: dict[str, list[dict[str, str]]]) -> None:
    zone = [r for r in package["reports"] if r["organ_id"] == "fujian-pingtan-gov"]
    assert sorted(int(r["year"]) for r in zone) == [2011, 2012, 2013, 2015, 2017, 2019, 2021, 2023, 2025]
    organs = {o["organ_id"]: o for o in package["organs"]}
    assert (organs["fujian-pingtan-gov"]["first_year"], organs["fujian-pingtan-gov"]["last_year"]) == ("2011", "2025")
    police = organs["fujian-pingtan-gonganju"]
    assert police["names"] == "平潭县公安局 | 平潭综合实验区公安局" and police["first_year"] == "2009"
    assert police["n_reports"] == "12"  # 2009, 2010, 2013-2016, 2018-2022, 2024 (its 2017 page is a cover letter)
    hongze = organs["jiangsu-hongzequ-gov"]
    assert hongze["names"] == "洪泽区人民政府 | 淮安市洪泽区人民政府"
    assert hongze["region_codes"] == "320829 | 320813" and hongze["region"] == "洪泽区"
    # Bureaus merged into another keep their own identity: their reports of one year stand side by side.
    assert {
        "fujian-pingtanxian-zhiliangjishujianduju",
        "fujian-pingtanxian-gongshangju",
        "fujian-pingtan-shichangjianduguanliju",
    } <= organs.keys()
    assert all(r["organ_id"] in organs for r in package["reports"])


def test_the_zone_2025_report_as_printed(package: dict[str, list[dict[str, str]]]) -> None:
    """reports/fujian-pingtan-gov-2025.txt: 本年新收 151 3 0 0 0 0 154; 行政复议 25 3 8 0 36;
    直接起诉 3 3 0 0 6; 复议后起诉 3 0 0 0 3 (read from the page, whose cells are apart)."""
    facts = {
        (f["indicator"], f["applicant"]): f["value"]
        for f in package["facts"]
        if f["report_id"] == "fujian-pingtan-gov-2025" and f["source"] == "table"
    }
    assert facts[("requests.new", "natural_person")] == "151" and facts[("requests.new", "total")] == "154"
    assert facts[("requests.total", "total")] == "148" and facts[("requests.carry_forward", "total")] == "6"
    assert [facts[(f"review.{k}", "")] for k in ("upheld", "corrected", "other", "pending", "total")] == [
        "25",
        "3",
        "8",
        "0",
        "36",
    ]
    assert facts[("litigation.direct.total", "")] == "6" and facts[("litigation.after_review.total", "")] == "3"


def test_a_misprinted_row_label_is_named_by_the_forms_order(package: dict[str, list[dict[str, str]]]) -> None:
    """reports/jiangsu-hongzequ-gov-2023.pdf, page 3: the row '2.其他法律行政止公开' (法规禁 left out
    by the organ) prints 0 in every column between 1.属于国家秘密 and 3.危及“三安全一稳定”."""
    report = next(
        r["report_id"] for r in package["reports"] if r["source_file"].endswith("jiangsu-hongzequ-gov-2023.pdf")
    )
    facts = [f for f in package["facts"] if f["report_id"] == report and f["indicator"] == "requests.denied.other_law"]
    assert sorted((f["applicant"], f["value"], f["quality"]) for f in facts) == sorted(
        (a, "0", "inferred") for a in APPLICANTS
    )
    assert not [f for f in package["facts"] if f["report_id"] == report and f["indicator"] == "requests.denied"]
