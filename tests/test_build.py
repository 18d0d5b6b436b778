"""The build as a user runs it: manifest or not, broken files, a valid package."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from frictionless import Package
from ogidata.pipeline import BuildResult, build

from .conftest import SOURCES, read_csv


def _facts_by_file(result: BuildResult) -> dict[str, set[tuple]]:
    return {
        Path(str(x.report["source_file"])).name: {
            (f.indicator, f.applicant, f.value, f.source, f.line) for f in x.facts
        }
        for x in result.extractions
    }


def test_plain_folder_without_manifest_builds_the_same_facts(seed_build: BuildResult, tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    shutil.copytree(SOURCES / "reports", plain)
    result = build(plain, tmp_path / "out")
    assert not result.errors
    assert _facts_by_file(result) == _facts_by_file(seed_build)
    assert {x.report["report_id"] for x in result.extractions} == {
        x.report["report_id"] for x in seed_build.extractions
    }


def test_manifest_disagreement_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "sources"
    shutil.copytree(SOURCES, folder)
    manifest = (folder / "manifest.csv").read_text(encoding="utf-8").replace(",2019,,002_", ",2018,,002_")
    (folder / "manifest.csv").write_text(manifest, encoding="utf-8")
    result = build(folder, tmp_path / "out")
    luyi = next(x for x in result.extractions if x.report["report_id"] == "henan-luyixian-gov-2019")
    assert luyi.report["year"] == 2018  # the manifest wins …
    assert "manifest year '2018' differs from the text's '2019'" in str(luyi.report["notes"])  # … and is questioned


def test_broken_files_are_reported_and_the_rest_builds(tmp_path: Path) -> None:
    folder = tmp_path / "sources"
    shutil.copytree(SOURCES / "reports", folder)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    (folder / "scan.tiff").write_bytes(b"II*\x00")
    result = build(folder, tmp_path / "out")
    errors = dict(result.errors)
    assert errors["empty.txt"] == "the file is empty"
    assert "binary" in errors["binary.txt"]
    assert "no reader for '.tiff'" in errors["scan.tiff"]
    assert len(result.extractions) == 5
    assert len(read_csv(tmp_path / "out" / "data" / "reports.csv")) == 5


def test_gbk_text_is_decoded(seed_build: BuildResult, tmp_path: Path) -> None:
    folder = tmp_path / "sources"
    folder.mkdir()
    text = (SOURCES / "reports" / "henan-luyixian-gov-2019.txt").read_text(encoding="utf-8")
    (folder / "henan-luyixian-gov-2019.txt").write_bytes(text.encode("gb18030"))
    result = build(folder, tmp_path / "out")
    (x,) = result.extractions
    assert x.report["encoding"] == "gb18030"
    assert (
        _facts_by_file(result)["henan-luyixian-gov-2019.txt"]
        == _facts_by_file(seed_build)["henan-luyixian-gov-2019.txt"]
    )


@pytest.mark.slow
def test_package_is_valid_for_frictionless(seed_build: BuildResult) -> None:
    report = Package(str(seed_build.descriptor)).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    descriptor = Package.validate_descriptor(str(seed_build.descriptor))
    assert descriptor.valid and not descriptor.warnings


def test_descriptor_is_v1_csv_only_with_parquet_twins(seed_build: BuildResult) -> None:
    descriptor = json.loads(seed_build.descriptor.read_text(encoding="utf-8"))
    assert descriptor["profile"] == "tabular-data-package" and "$schema" not in descriptor
    out = seed_build.descriptor.parent
    for resource in descriptor["resources"]:
        assert resource["profile"] == "tabular-data-resource"
        assert resource["path"].endswith(".csv") and resource["format"] == "csv"
        assert (out / resource["parquet"]["path"]).exists()
        assert resource["rows"] == len(read_csv(out / resource["path"]))
        header = (out / resource["path"]).read_text(encoding="utf-8").splitlines()[0].split(",")
        assert header == [f["name"] for f in resource["schema"]["fields"]]


def test_same_sources_give_identical_bytes(tmp_path: Path) -> None:
    first, second = build(SOURCES, tmp_path / "a"), build(SOURCES, tmp_path / "b")
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert files
    for name in files:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    assert first.descriptor.read_bytes() == second.descriptor.read_bytes()


def test_cli_help_and_build(tmp_path: Path) -> None:
    ogidata = Path(sys.executable).parent / "ogidata"
    for args in ([], ["build", "--help"]):
        shown = subprocess.run(
            [str(ogidata), *args, "--help"] if not args else [str(ogidata), *args], capture_output=True, text=True
        )
        assert "build" in shown.stdout.lower()
    timings = tmp_path / "timings.json"
    done = subprocess.run(
        [str(ogidata), "build", "--sources", str(SOURCES), "--out", str(tmp_path / "out"), "--timings", str(timings)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "built 5 reports" in done.stdout
    written = json.loads(timings.read_text(encoding="utf-8"))  # what `ogidata bench` reads
    assert set(written["seconds"]) == {"index", "extract", "write"} and min(written["seconds"].values()) > 0
    assert f"({written['extracted']} extracted" in done.stdout


def test_big5_mirror_is_decoded(tmp_path: Path) -> None:
    """A Traditional Chinese mirror saved in Big5 reads as the same report."""
    corpus = Path(__file__).resolve().parent / "fixtures" / "corpus" / "reports"
    text = (corpus / "excerpt_12.txt").read_text(encoding="utf-8")
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "excerpt_12.txt").write_bytes(text.encode("big5", errors="replace"))  # 谘 has no Big5 code
    (x,) = build(folder, tmp_path / "out").extractions
    assert x.report["encoding"] == "big5"
    assert {(f.indicator, f.value) for f in x.facts if f.indicator} >= {("legacy.active.total", 175.0)}


def test_truncated_copy_says_so(tmp_path: Path) -> None:
    corpus = Path(__file__).resolve().parent / "fixtures" / "corpus" / "reports"
    folder = tmp_path / "sources"
    folder.mkdir()
    shutil.copy(corpus / "excerpt_27.txt", folder)
    (x,) = build(folder, tmp_path / "out").extractions
    assert "sections 四、五、六 of the six not found: the text may be truncated" in str(x.report["notes"])


def test_wrong_manifest_entry_and_odd_prose_do_not_stop_the_build(tmp_path: Path) -> None:
    folder = tmp_path / "sources"
    shutil.copytree(SOURCES, folder)
    manifest = (folder / "manifest.csv").read_text(encoding="utf-8").replace(",2016,2017-03-24,", ",2016年,2017-03-24,")
    (folder / "manifest.csv").write_text(manifest, encoding="utf-8")
    (folder / "reports" / "ranges.txt").write_text(
        "某县2019年政府信息公开工作年度报告\n本年度行政复议两三件，主动公开政府信息三四十条。\n", encoding="utf-8"
    )
    result = build(folder, tmp_path / "out")
    errors = dict(result.errors)
    assert (
        errors["reports/anhui-yejiqu-gov-2016.txt"]
        == "its manifest entry is wrong: year '2016年' is not a four-digit year"
    )
    assert len(result.extractions) == 5  # four seeds and the file with numeral ranges


def test_missing_doc_converter_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = Path(__file__).resolve().parent / "fixtures" / "corpus" / "reports"
    folder = tmp_path / "sources"
    folder.mkdir()
    shutil.copy(corpus / "doc_03.doc", folder)
    shutil.copy(corpus / "excerpt_13.txt", folder)
    monkeypatch.setattr("shutil.which", lambda name: None)
    result = build(folder, tmp_path / "out")
    assert dict(result.errors) == {
        "doc_03.doc": "reading Word 97 (.doc) files needs a converter: install LibreOffice "
        "(Debian/Ubuntu: apt-get install libreoffice-writer-nogui) or antiword"
    }
    assert len(result.extractions) == 1


def test_damaged_pdf_is_reported(tmp_path: Path) -> None:
    corpus = Path(__file__).resolve().parent / "fixtures" / "corpus" / "reports"
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "broken.pdf").write_bytes((corpus / "pdf_04.pdf").read_bytes()[:2000])
    shutil.copy(corpus / "excerpt_13.txt", folder)
    result = build(folder, tmp_path / "out")
    assert list(dict(result.errors)) == ["broken.pdf"] and len(result.extractions) == 1
