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
        "平潭综合实验区管委会", "2019", "350128", "2020-01-20")
    assert (sources / html["file"]).read_bytes() == (CORPUS / "html_07.html").read_bytes()
    assert rows["excerpt_13.txt"]["organ"] == "黑龙江省商务厅"
    assert rows["excerpt_13.txt"]["admin_level"] == "provincial"
    assert len(rows) == 7  # the five seeds are still there


def test_add_refuses_a_file_already_present(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    shutil.copytree(SOURCES, sources)
    (result,) = add_files([SOURCES / "reports" / "henan-luyixian-gov-2019.txt"], sources)
    assert result.entry is None and "already in the sources as henan-luyixian-gov-2019" in result.reason
