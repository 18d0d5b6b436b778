"""One report however many files it came in: renderings joined, best one read, the others
listed and compared; distinct reports of one organ and year kept apart as editions."""

from __future__ import annotations

import csv
import shutil
from collections import Counter
from pathlib import Path

import pytest

from ogidata.cache import ExtractionCache
from ogidata.pipeline import BuildResult, build

from .conftest import FIXTURES, SOURCES

CORPUS = FIXTURES / "corpus" / "reports"


def _rows(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def joined(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus built as the dataset is: the ten 平潭 reports come in up to six forms each."""
    out = tmp_path_factory.mktemp("joined")
    result: BuildResult = build(CORPUS, out, jobs=2)
    assert {name for name, _ in result.errors} <= {"doc_03.doc", "doc_08.doc"}  # without a Word 97 converter
    return out


def test_each_report_once_read_from_its_best_rendering(joined: Path) -> None:
    reports = _rows(joined, "reports")
    assert max(Counter((r["organ_id"], r["year"], r["edition"]) for r in reports).values()) == 1
    files = [(f["file"], f["role"], f["form"]) for f in _rows(joined, "report_files")
             if f["report_id"] == "fujian-pingtanxian-gov-2023"]
    assert files == [("html_09.html", "primary", "html"), ("docx_09.docx", "rendering", "docx"),
                     ("pdf_09.pdf", "rendering", "pdf"), ("full_09.txt", "rendering", "text"),
                     ("scan_09.pdf", "rendering", "ocr")]
    report = next(r for r in reports if r["report_id"] == "fujian-pingtanxian-gov-2023")
    assert report["source_file"] == "html_09.html"
    assert {f["source_file"] for f in _rows(joined, "facts") if f["report_id"] == report["report_id"]} == {
        "html_09.html"}


def test_every_number_a_rendering_prints_differently_is_a_failed_check(joined: Path) -> None:
    """The page's row 属于行政执法案卷 prints 1 (natural person) and 1 in all (the crawl:
    "属于行政执法案卷10000018", 1 0 0 0 0 0 1 before row 8); OCR of the scan read the total as 7."""
    checks = {c["rule"]: c for c in _rows(joined, "checks") if c["report_id"] == "fujian-pingtanxian-gov-2023"}
    wrong = checks["rendering[5]:requests.denied.enforcement_file"]
    assert (wrong["applicant"], wrong["expected"], wrong["actual"], wrong["passed"]) == ("total", "1", "7", "false")
    assert "scan_09.pdf" in wrong["description"]
    assert all(checks[f"rendering[{k}]"]["passed"] == "true" for k in (2, 3, 4))  # Word, PDF text, the crawl agree


def test_a_file_whose_organ_cannot_be_read_joins_the_report_it_copies(joined: Path) -> None:
    """docx_01 and pdf_01 print the zone's 2011 report without its title ("…编制，现公布2011年度
    …" names no organ); they print its numbers (425, 1516, 418 …), so they are renderings of it."""
    files = {f["file"]: f["report_id"] for f in _rows(joined, "report_files")}
    assert files["docx_01.docx"] == files["pdf_01.pdf"] == files["html_01.html"] == \
        "fujian-pingtanxian-gov-2011"


def test_a_report_with_other_numbers_is_another_edition(tmp_path: Path) -> None:
    """Two files of the Luyi 2019 report, the second with its zeros printed as 1: the same
    organ and year, other statistics — two reports, the second marked as edition 2."""
    folder = tmp_path / "s"
    folder.mkdir()
    luyi = (SOURCES / "reports" / "henan-luyixian-gov-2019.txt").read_text(encoding="utf-8")
    (folder / "a.txt").write_text(luyi, encoding="utf-8")
    (folder / "b.txt").write_text(luyi.replace("\t0", "\t1"), encoding="utf-8")
    build(folder, tmp_path / "out", cache=ExtractionCache(tmp_path / "cache"))
    reports = {r["source_file"]: r for r in _rows(tmp_path / "out", "reports")}
    assert (reports["a.txt"]["report_id"], reports["a.txt"]["edition"]) == ("henan-luyixian-gov-2019", "1")
    assert (reports["b.txt"]["report_id"], reports["b.txt"]["edition"]) == ("henan-luyixian-gov-2019-2", "2")
    assert reports["a.txt"]["organ_id"] == reports["b.txt"]["organ_id"] == "henan-luyixian-gov"
    assert "another report of the same organ and year prints other statistics" in reports["b.txt"]["notes"]


def test_file_by_file_every_file_is_a_report(tmp_path: Path) -> None:
    folder = tmp_path / "s"
    folder.mkdir()
    for name in ("full_07.txt", "html_07.html"):
        shutil.copy(CORPUS / name, folder / name)
    build(folder, tmp_path / "joined", cache=ExtractionCache(tmp_path / "cache"))
    build(folder, tmp_path / "each", cache=ExtractionCache(tmp_path / "cache"), each_file=True)
    assert len(_rows(tmp_path / "joined", "reports")) == 1
    assert [r["report_id"] for r in _rows(tmp_path / "each", "reports")] == [
        "fujian-pingtanxian-gov-2019", "fujian-pingtanxian-gov-2019-2"]
