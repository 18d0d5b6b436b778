"""`ogidata add`: new files land in the sources with their detected metadata."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from ogidata.sources.add import add_files

from .conftest import SOURCES

CORPUS = Path(__file__).resolve().parent / "fixtures" / "corpus" / "reports"


def test_add_copies_and_describes(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    shutil.copytree(SOURCES, sources)
    results = add_files([CORPUS / "html_07.html", CORPUS / "excerpt_13.txt"], sources)
    assert [r.reason for r in results] == ["", ""]
    rows = {r["original_name"]: r for r in csv.DictReader((sources / "manifest.csv").open(encoding="utf-8"))}
    html = rows["html_07.html"]
    assert (html["organ"], html["year"], html["region_code"], html["published"]) == (
        "平潭综合实验区管委会",
        "2019",
        "350128",
        "2020-01-20",
    )
    assert (sources / html["file"]).read_bytes() == (CORPUS / "html_07.html").read_bytes()
    assert rows["excerpt_13.txt"]["organ"] == "黑龙江省商务厅"
    assert rows["excerpt_13.txt"]["admin_level"] == "provincial"
    assert len(rows) == 7  # the five seeds are still there


def test_add_refuses_a_file_already_present(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    shutil.copytree(SOURCES, sources)
    (result,) = add_files([SOURCES / "reports" / "henan-luyixian-gov-2019.txt"], sources)
    assert result.entry is None and "already in the sources as henan-luyixian-gov-2019" in result.reason


def test_a_rendering_of_a_report_already_there_gets_its_id(tmp_path: Path) -> None:
    """The crawled text and the page of the zone's 2019 report: the second is proposed as a
    rendering of the first (one report id, files named apart), and builds as one report."""
    from ogidata.pipeline import build

    sources = tmp_path / "sources"
    shutil.copytree(SOURCES, sources)
    first, second = add_files([CORPUS / "full_07.txt", CORPUS / "html_07.html"], sources)
    assert first.entry and second.entry and not first.rendering_of
    assert second.rendering_of == first.entry["report_id"] == second.entry["report_id"] == "fujian-pingtanxian-gov-2019"
    assert (first.entry["file"], second.entry["file"]) == (
        "reports/fujian-pingtanxian-gov-2019.txt",
        "reports/fujian-pingtanxian-gov-2019.html",
    )
    build(sources, tmp_path / "out")
    with (tmp_path / "out" / "data" / "report_files.csv").open(encoding="utf-8", newline="") as handle:
        files = [(r["report_id"], r["file"], r["role"]) for r in csv.DictReader(handle) if "pingtan" in r["report_id"]]
    assert files == [
        ("fujian-pingtanxian-gov-2019", "reports/fujian-pingtanxian-gov-2019.html", "primary"),
        ("fujian-pingtanxian-gov-2019", "reports/fujian-pingtanxian-gov-2019.txt", "rendering"),
    ]
