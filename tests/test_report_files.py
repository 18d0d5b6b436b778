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

from .conftest import COLLECTION, FIXTURES, SOURCES

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
    files = [
        (f["file"], f["role"], f["form"])
        for f in _rows(joined, "report_files")
        if f["report_id"] == "fujian-pingtanxian-gov-2023"
    ]
    assert files == [
        ("html_09.html", "primary", "html"),
        ("docx_09.docx", "rendering", "docx"),
        ("pdf_09.pdf", "rendering", "pdf"),
        ("full_09.txt", "rendering", "text"),
        ("scan_09.pdf", "rendering", "ocr"),
    ]
    report = next(r for r in reports if r["report_id"] == "fujian-pingtanxian-gov-2023")
    assert report["source_file"] == "html_09.html"
    assert {f["source_file"] for f in _rows(joined, "facts") if f["report_id"] == report["report_id"]} == {
        "html_09.html"
    }


def test_a_renderings_misread_settled_is_no_difference(joined: Path) -> None:
    """The page's row 属于行政执法案卷 prints 1 (natural person) and 1 in all (the crawl:
    "属于行政执法案卷10000018", 1 0 0 0 0 0 1 before row 8); the first OCR reading of the scan took
    the total for a 7 (confidence 0.52), the second, at twice the resolution, reads 1 (1.00): the
    1 is kept, so the scan, like the Word, PDF and crawled copies, agrees with the page on every
    number it maps (a number that does differ is a failed check: see
    test_an_attachment_keeps_the_comparisons_of_renderings)."""
    checks = {c["rule"]: c for c in _rows(joined, "checks") if c["report_id"] == "fujian-pingtanxian-gov-2023"}
    assert "rendering[5]:requests.denied.enforcement_file" not in checks
    assert "scan_09.pdf" in checks["rendering[5]"]["description"]
    assert all(checks[f"rendering[{k}]"]["passed"] == "true" for k in (2, 3, 4, 5))


def test_a_file_whose_organ_cannot_be_read_joins_the_report_it_copies(joined: Path) -> None:
    """docx_01 and pdf_01 print the zone's 2011 report without its title ("…编制，现公布2011年度
    …" names no organ); they print its numbers (425, 1516, 418 …), so they are renderings of it."""
    files = {f["file"]: f["report_id"] for f in _rows(joined, "report_files")}
    assert files["docx_01.docx"] == files["pdf_01.pdf"] == files["html_01.html"] == "fujian-pingtanxian-gov-2011"


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
        "fujian-pingtanxian-gov-2019",
        "fujian-pingtanxian-gov-2019-2",
    ]


def _build(folder: Path, out: Path, cache: Path) -> list[dict[str, str]]:
    build(folder, out, cache=ExtractionCache(cache))
    return _rows(out, "reports")


LUYI = SOURCES / "reports" / "henan-luyixian-gov-2019.txt"


def test_renderings_under_two_names_of_one_organ_are_one_report(tmp_path: Path) -> None:
    """The 市场监督管理局's 2016 page is titled 平潭市场监督管理局; the same text titled with its
    full name is the same organ (organ_names.csv), the same year and the same numbers."""
    page = COLLECTION / "reports" / "fujian-pingtan-shichangjianduguanliju-2016.txt"
    folder = tmp_path / "s"
    folder.mkdir()
    shutil.copy(page, folder / "a.txt")
    text = page.read_text(encoding="utf-8")
    (folder / "b.txt").write_text(
        text.replace("标题: 平潭市场监督管理局", "标题: 平潭综合实验区市场监督管理局", 1), encoding="utf-8"
    )
    reports = _build(folder, tmp_path / "out", tmp_path / "cache")
    assert [(r["organ_id"], r["year"], r["edition"]) for r in reports] == [
        ("fujian-pingtan-shichangjianduguanliju", "2016", "1")
    ]


def test_a_file_the_manifest_omits_joins_the_report_it_renders(tmp_path: Path) -> None:
    """The zone's 2017 page, not in the manifest, beside its crawled text, which is: one
    report, under the manifest's id and metadata, read from the page."""
    folder = tmp_path / "s"
    (folder / "reports").mkdir(parents=True)
    for suffix in ("txt", "html"):
        shutil.copy(COLLECTION / "reports" / f"fujian-pingtan-gov-2017.{suffix}", folder / "reports")
    with (COLLECTION / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["file"] == "reports/fujian-pingtan-gov-2017.txt"]
    with (folder / "manifest.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    (report,) = _build(folder, tmp_path / "out", tmp_path / "cache")
    assert (report["report_id"], report["organ_id"], report["published"]) == (
        "fujian-pingtan-gov-2017",
        "fujian-pingtan-gov",
        "2018-01-23",
    )
    assert report["source_file"] == "reports/fujian-pingtan-gov-2017.html"


def test_a_stub_page_never_hides_the_report(tmp_path: Path) -> None:
    """A page that prints the Luyi report's title and nothing else ranks above the text as a
    form, but the text prints the numbers: the report is read from the text."""
    folder = tmp_path / "s"
    folder.mkdir()
    shutil.copy(LUYI, folder / "luyi.txt")
    (folder / "a.html").write_text(
        "<html><head><title>鹿邑县人民政府2019年政府信息公开工作年度报告</title></head>"
        "<body><p>鹿邑县人民政府2019年政府信息公开工作年度报告</p><p>暂无。</p></body></html>",
        encoding="utf-8",
    )
    (report,) = _build(folder, tmp_path / "out", tmp_path / "cache")
    assert report["source_file"] == "luyi.txt" and int(report["n_facts"]) > 150
    assert [(f["file"], f["role"]) for f in _rows(tmp_path / "out", "report_files")] == [
        ("luyi.txt", "primary"),
        ("a.html", "rendering"),
    ]


def test_the_report_is_named_by_a_rendering_whose_organ_was_read(tmp_path: Path) -> None:
    """docx_01 prints the zone's 2011 report without its title, full_01 with it: the facts
    come from the Word file, what the report is from the crawled text."""
    folder = tmp_path / "s"
    folder.mkdir()
    for name in ("docx_01.docx", "full_01.txt"):
        shutil.copy(CORPUS / name, folder / name)
    (report,) = _build(folder, tmp_path / "out", tmp_path / "cache")
    assert (report["report_id"], report["organ"], report["organ_id"], report["source_file"]) == (
        "fujian-pingtanxian-gov-2011",
        "平潭综合实验区管委会",
        "fujian-pingtan-gov",
        "docx_01.docx",
    )
    assert "already taken" not in report["notes"]


def test_copies_of_one_form_that_differ_are_two_reports(tmp_path: Path) -> None:
    """Two text files of the Luyi report, one number apart (行政许可 13428 / 13429): copies of
    one form do not differ, so the second is a distinct report (a correction), edition 2."""
    folder = tmp_path / "s"
    folder.mkdir()
    shutil.copy(LUYI, folder / "a.txt")
    text = LUYI.read_text(encoding="utf-8")
    (folder / "b.txt").write_text(text.replace("行政许可\t13428", "行政许可\t13429"), encoding="utf-8")
    reports = _build(folder, tmp_path / "out", tmp_path / "cache")
    assert [(r["source_file"], r["edition"]) for r in reports] == [("a.txt", "1"), ("b.txt", "2")]


def test_an_edition_set_later_rebuilds_as_a_clean_build_does(tmp_path: Path) -> None:
    """An edition the build assigned changes when the manifest later names the other file's:
    the rebuild writes what a clean build of the same folder writes."""
    folder = tmp_path / "s"
    folder.mkdir()
    shutil.copy(LUYI, folder / "a.txt")
    (folder / "b.txt").write_text(LUYI.read_text(encoding="utf-8").replace("\t0", "\t1"), encoding="utf-8")
    cache = ExtractionCache(tmp_path / "cache")
    build(folder, tmp_path / "out", cache=cache)
    with (SOURCES / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        luyi = next(r for r in csv.DictReader(handle) if r["report_id"] == "henan-luyixian-gov-2019")
    with (folder / "manifest.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, [*luyi, "edition"], lineterminator="\n")
        writer.writeheader()
        writer.writerow({**luyi, "file": "a.txt", "edition": "2"})
    build(folder, tmp_path / "out", cache=cache)
    build(folder, tmp_path / "clean", cache=ExtractionCache(tmp_path / "fresh"))
    for name in ("reports", "organs"):
        assert _rows(tmp_path / "out", name) == _rows(tmp_path / "clean", name)
    assert sorted((r["source_file"], r["edition"]) for r in _rows(tmp_path / "out", "reports")) == [
        ("a.txt", "2"),
        ("b.txt", "1"),
    ]


def test_an_attachment_keeps_the_comparisons_of_renderings(tmp_path: Path) -> None:
    """The zone's 2023 page with its crawled text (one fee changed to 5948.088667) and an
    attachment: the identities are evaluated on the whole, the failed comparison stays."""
    folder = tmp_path / "s"
    folder.mkdir()
    shutil.copy(CORPUS / "html_09.html", folder / "html_09.html")
    text = (CORPUS / "full_09.txt").read_text(encoding="utf-8")
    assert "行政事业性收费5949.088667" in text
    (folder / "full_09.txt").write_text(
        text.replace("行政事业性收费5949.088667", "行政事业性收费5948.088667"), encoding="utf-8"
    )
    shutil.copy(CORPUS / "excerpt_30.txt", folder / "att.txt")
    (folder / "manifest.csv").write_text(
        "report_id,file,title,organ,province,prefecture,county,region_code,admin_level,organ_kind,year,published,"
        "original_name,sha256,part_of\natt-2023,att.txt,附件,,,,,,,,2023,,att.txt,,fujian-pingtanxian-gov-2023\n",
        encoding="utf-8",
    )
    build(folder, tmp_path / "out", cache=ExtractionCache(tmp_path / "cache"))
    failed = [
        c["rule"]
        for c in _rows(tmp_path / "out", "checks")
        if c["rule"].startswith("rendering") and c["passed"] == "false"
    ]
    assert failed == ["rendering[2]", "rendering[2]:active.fees.amount"]


def test_organs_of_unreadable_reports_and_of_later_editions() -> None:
    from ogidata.extraction.organs import organ_id

    assert organ_id("鹿邑县人民政府", "henan-luyixian-gov-2019-2") == "henan-luyixian-gov"
    assert organ_id("", "excerpt-01") == "unidentified-excerpt-01"
    assert organ_id("平潭县公安局", "fujian-pingtanxian-gov-2010") == "fujian-pingtan-gonganju"  # a name listed


def test_two_unreadable_organs_are_two_organs(tmp_path: Path) -> None:
    """Two excerpts that name neither organ nor year, both saved as page.txt in folders of their own:
    two reports, each its own organ, under the ids the build gave them. (excerpt_24 was one of them
    until its organ, "2011年度,兰州市共…", was read.)"""
    folder = tmp_path / "s"
    for sub, name in (("a", "excerpt_01.txt"), ("b", "excerpt_18.txt")):
        (folder / sub).mkdir(parents=True)
        shutil.copy(CORPUS / name, folder / sub / "page.txt")
    reports = _build(folder, tmp_path / "out", tmp_path / "cache")
    assert len({r["organ_id"] for r in reports}) == 2
    assert all(r["organ_id"] == f"unidentified-{r['report_id']}" for r in reports)
    assert {o["organ_id"] for o in _rows(tmp_path / "out", "organs")} == {r["organ_id"] for r in reports}
