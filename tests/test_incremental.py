"""Incremental, parallel and distributed builds give the same package, byte for byte."""

from __future__ import annotations

import csv
import gc
import hashlib
import json
import shutil
import threading
from pathlib import Path

import pytest
from ogidata.cache import PACKAGE, ExtractionCache, code_version, versioned_files
from ogidata.executors import order_preserving_map
from ogidata.package import edit as edit_module
from ogidata.package import sink as sink_module
from ogidata.package import writer as writer_module
from ogidata.package.rows import RowMaker
from ogidata.package.sink import CsvSink
from ogidata.pipeline import build, gc_paused
from ogidata.state import read_state, state_path

from .conftest import SEED_IDS, SOURCES

CORPUS = Path(__file__).resolve().parent / "fixtures" / "corpus" / "reports"


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    folder = tmp_path / "sources"
    shutil.copytree(SOURCES, folder)
    for name in ("full_07.txt", "html_07.html", "excerpt_27.txt"):
        shutil.copy(CORPUS / name, folder / "reports" / name)
    return folder


def test_rebuilds_extract_only_what_changed(sources: Path, tmp_path: Path) -> None:
    cache = ExtractionCache(tmp_path / "cache")
    first = build(sources, tmp_path / "out", cache=cache)
    assert first.extracted == 8 and not first.unchanged
    assert set(first.seconds) == {"index", "extract", "write"}
    again = build(sources, tmp_path / "out", cache=cache)
    assert again.unchanged and again.extracted == 0
    assert set(again.seconds) == {"index"}  # it stopped after listing the folder
    luyi = sources / "reports" / "henan-luyixian-gov-2019.txt"
    before = _files(tmp_path / "out")
    luyi.write_text(luyi.read_text(encoding="utf-8").replace("行政许可\t13428", "行政许可\t13429"), encoding="utf-8")
    changed = build(sources, tmp_path / "out", cache=cache)
    assert changed.extracted == 1 and not changed.unchanged
    after = _files(tmp_path / "out")
    assert before["data/indicators.csv"] == after["data/indicators.csv"]
    old_lines, new_lines = before["data/facts.csv"].splitlines(), after["data/facts.csv"].splitlines()
    differing = [(a, b) for a, b in zip(old_lines, new_lines) if a != b]
    assert len(old_lines) == len(new_lines) and len(differing) == 1
    assert differing[0][1].decode().startswith("henan-luyixian-gov-2019/") and ",13429," in differing[0][1].decode()


def _damage(cache: ExtractionCache, key: str) -> None:
    """Overwrite the last bytes of an entry in its pack, as a bad disk would."""
    where = cache.locate(key)
    assert where is not None
    with open(cache.root / f"{where.pack}.pack", "r+b") as pack:
        pack.seek(where.offset + where.size - 10)
        pack.write(b"corrupted!")


def test_a_corrupt_cache_entry_is_rebuilt(sources: Path, tmp_path: Path) -> None:
    cache = ExtractionCache(tmp_path / "cache")
    first = build(sources, tmp_path / "a", cache=cache)
    keys = sorted(item.key for item in first.index)
    _damage(cache, keys[0])
    (index,) = (tmp_path / "cache").glob("*.index")  # one build on one core: one pack
    lines = index.read_bytes().split(b"\n")
    # Lines cut short: the entry is not found (every line of the key: a report whose rows were
    # made again at writing has a second, later entry).
    lines = [line.rsplit(b" ", 1)[0] if line.startswith(keys[1].encode()) else line for line in lines]
    index.write_bytes(b"\n".join(lines))
    result = build(sources, tmp_path / "b", cache=ExtractionCache(tmp_path / "cache"))  # as a new process reads it
    assert result.extracted == 2
    assert _files(tmp_path / "a") == _files(tmp_path / "b")


def test_a_cached_extraction_reads_back_equal_and_an_entry_of_another_shape_as_absent(tmp_path: Path) -> None:
    from ogidata.cache import _pickled
    from ogidata.extraction.extract import extract_report

    cache = ExtractionCache(tmp_path / "cache")
    checked = 0
    for path in [*sorted((SOURCES / "reports").iterdir()), CORPUS / "html_07.html"]:
        x = extract_report(path.name, path.read_bytes(), None)
        assert x.facts and x.sections
        cache.put(path.name, x)
        again = ExtractionCache(tmp_path / "cache").get(path.name)
        assert (
            again == x and type(again.facts[0]) is type(x.facts[0]) and type(again.sections[0]) is type(x.sections[0])
        )
        checked += len(x.checks)
    assert checked > 50
    cache._store("odd", _pickled({"not": "an extraction"}), b"")
    cache._store("short", _pickled(({}, [], [])), b"")
    assert cache.get("odd") is None and cache.get("short") is None


def test_a_lost_pack_costs_its_entries_again_never_correctness(sources: Path, tmp_path: Path) -> None:
    """Entries live in packs, one per process that stored them: losing one (the folder
    is safe to delete, and so is any part of it) re-extracts what it held, nothing else."""
    cache = ExtractionCache(tmp_path / "cache")
    first = build(sources, tmp_path / "out", jobs=2, cache=cache)
    assert len(list((tmp_path / "cache").glob("*.pack"))) >= 2  # one per process that stored entries
    lost = cache.locate(first.index[0].key).pack
    held = [key for key in cache.keys() if cache.locate(key).pack == lost]  # the latest entry of a key is the one read
    (tmp_path / "cache" / f"{lost}.pack").unlink()
    again = build(sources, tmp_path / "again", cache=ExtractionCache(tmp_path / "cache"))
    assert 0 < len(held) < 8 and again.extracted == len(held) and not again.errors
    assert _files(tmp_path / "again") == _files(tmp_path / "out")


def test_the_entry_stored_last_is_read_and_a_damaged_index_line_is_passed_over(sources: Path, tmp_path: Path) -> None:
    """Of two entries of one report the later is read, whichever pack holds it (a pack
    begun earlier by a long-running process can hold the fresher one); an index line whose
    numbers are out of all bounds is passed over, never read from."""
    cache = ExtractionCache(tmp_path / "cache")
    build(sources, tmp_path / "a", cache=cache)
    (index,) = (tmp_path / "cache").glob("*.index")
    pack = index.with_suffix(".pack")
    stale = (
        tmp_path / "cache" / f"{code_version()}-99999999999999999999-1"
    )  # sorts after every pack, holds older entries
    pack_bytes = bytearray(pack.read_bytes())
    lines = index.read_bytes().split(b"\n")
    for line in lines[1:-1]:
        _, offset, size, *_ = line.split(b" ")
        pack_bytes[int(offset) + int(size) - 1] ^= 0xFF  # each entry's last byte damaged
    stale.with_suffix(".pack").write_bytes(bytes(pack_bytes))
    older = [b" ".join([*line.split(b" ")[:5], b"1"]) for line in lines[1:-1]]
    huge = [
        b" ".join([*line.split(b" ")[:1], b"0", b"99999999999999999999", b"0", b"0" * 64, b"9" * 20])
        for line in lines[1:2]
    ]
    stale.with_suffix(".index").write_bytes(b"\n".join([lines[0], *older, *huge, b""]))
    result = build(sources, tmp_path / "b", cache=ExtractionCache(tmp_path / "cache"))
    assert result.extracted == 0 and _files(tmp_path / "a") == _files(tmp_path / "b")


def test_parallel_and_serial_builds_are_identical(sources: Path, tmp_path: Path) -> None:
    serial = build(sources, tmp_path / "serial", cache=ExtractionCache(tmp_path / "c1"))
    parallel = build(sources, tmp_path / "parallel", jobs=4, cache=ExtractionCache(tmp_path / "c2"))
    assert serial.extracted == parallel.extracted == 8
    assert _files(tmp_path / "serial") == _files(tmp_path / "parallel")


@pytest.mark.slow
def test_dask_build_is_identical(sources: Path, tmp_path: Path) -> None:
    from distributed import LocalCluster

    serial = build(sources, tmp_path / "serial", cache=ExtractionCache(tmp_path / "c1"))
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        distributed = build(
            sources,
            tmp_path / "dask",
            executor="dask",
            scheduler=cluster.scheduler_address,
            cache=ExtractionCache(tmp_path / "c2"),
        )
    assert distributed.extracted == serial.extracted == 8
    assert _files(tmp_path / "serial") == _files(tmp_path / "dask")


def test_the_package_folder_holds_only_the_package(sources: Path, tmp_path: Path) -> None:
    build(sources, tmp_path / "out", cache=ExtractionCache(tmp_path / "cache"))
    # what the 7 reports' ids start with (full_07.txt and html_07.html are one report; excerpt_27
    # names no organ, so its id is its file's)
    parts = ["anhui", "excerpt", "fujian", "guizhou", "henan", "jilin", "qinghai"]
    per_report = ("checks", "facts", "panel", "panel_wide", "report_files", "reports", "sections")
    assert sorted(
        p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*") if p.is_file()
    ) == sorted(
        [
            "datapackage.json",
            "data/indicators.csv",
            "data/indicators.parquet",
            "data/organs.csv",
            "data/organs.parquet",
            "data/crosswalk.csv",
            "data/crosswalk.parquet",
        ]
        + [f"data/{table}.csv" for table in per_report]
        + [f"data/{table}.parquet/{part}.parquet" for table in per_report for part in parts]
    )


def test_rebuilds_never_serve_stale_output(sources: Path, tmp_path: Path) -> None:
    """Reverting an edit, or building another folder into the same place, rebuilds."""
    cache = ExtractionCache(tmp_path / "cache")
    luyi = sources / "reports" / "henan-luyixian-gov-2019.txt"
    original = luyi.read_bytes()
    build(sources, tmp_path / "out", cache=cache)
    first = _files(tmp_path / "out")
    luyi.write_bytes(original.replace("行政许可\t13428".encode(), "行政许可\t13429".encode()))
    build(sources, tmp_path / "out", cache=cache)
    luyi.write_bytes(original)
    reverted = build(sources, tmp_path / "out", cache=cache)
    assert not reverted.unchanged and _files(tmp_path / "out") == first
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(CORPUS / "excerpt_13.txt", other)
    elsewhere = build(other, tmp_path / "out", cache=cache)
    assert not elsewhere.unchanged and len(elsewhere.index) == 1


def test_two_files_never_share_an_id(tmp_path: Path) -> None:
    """Built file by file, three copies of the Luyi report are three reports, never one id."""
    folder = tmp_path / "s"
    folder.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        shutil.copy(SOURCES / "reports" / "henan-luyixian-gov-2019.txt", folder / name)
    (folder / "c.txt").write_text((folder / "c.txt").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    result = build(folder, tmp_path / "out", cache=ExtractionCache(tmp_path / "cache"), each_file=True)
    ids = [i.report_id for i in result.index]
    assert sorted(ids) == ["henan-luyixian-gov-2019", "henan-luyixian-gov-2019-2", "henan-luyixian-gov-2019-3"]


def test_copies_of_one_report_are_one_report(tmp_path: Path) -> None:
    """The same three copies, built as the dataset is: one report (read from the first file),
    the other two listed as its renderings, their numbers compared with its own."""
    folder = tmp_path / "s"
    folder.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        shutil.copy(SOURCES / "reports" / "henan-luyixian-gov-2019.txt", folder / name)
    (folder / "c.txt").write_text((folder / "c.txt").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    result = build(folder, tmp_path / "out", cache=ExtractionCache(tmp_path / "cache"))
    data = tmp_path / "out" / "data"
    reports = list(csv.DictReader((data / "reports.csv").open(encoding="utf-8")))
    assert [(r["report_id"], r["source_file"]) for r in reports] == [("henan-luyixian-gov-2019", "a.txt")]
    files = list(csv.DictReader((data / "report_files.csv").open(encoding="utf-8")))
    assert [(f["file"], f["role"], f["form"]) for f in files] == [
        ("a.txt", "primary", "text"),
        ("b.txt", "rendering", "text"),
        ("c.txt", "rendering", "text"),
    ]
    compared = [
        c for c in csv.DictReader((data / "checks.csv").open(encoding="utf-8")) if c["rule"].startswith("rendering")
    ]
    assert [(c["rule"], c["passed"]) for c in compared] == [("rendering[2]", "true"), ("rendering[3]", "true")]
    assert compared[0]["expected"] == compared[0]["actual"] and float(compared[0]["expected"]) > 100
    assert len(result.index) == 3


def test_ids_are_decided_afresh_when_a_duplicate_goes(tmp_path: Path) -> None:
    """After the file that held an id is removed, its copy takes the id back, exactly as
    a clean build of what is left would give it; with --jobs the renamed copies are
    prepared by worker processes, and the package is the same (built file by file)."""
    folder = tmp_path / "s"
    folder.mkdir()
    luyi = (SOURCES / "reports" / "henan-luyixian-gov-2019.txt").read_text(encoding="utf-8")
    for name, text in (("a.txt", luyi), ("b.txt", luyi + "\n"), ("c.txt", luyi + "\n\n")):
        (folder / name).write_text(text, encoding="utf-8")
    cache = ExtractionCache(tmp_path / "cache")
    first = build(folder, tmp_path / "out", jobs=2, cache=cache, each_file=True)
    assert [(i.name, i.report_id) for i in first.index] == [
        ("a.txt", "henan-luyixian-gov-2019"),
        ("b.txt", "henan-luyixian-gov-2019-2"),
        ("c.txt", "henan-luyixian-gov-2019-3"),
    ]
    reports = (tmp_path / "out" / "data" / "reports.csv").read_text(encoding="utf-8")
    assert "id henan-luyixian-gov-2019 already taken by another file" in reports.splitlines()[2]
    (folder / "a.txt").unlink()
    again = build(folder, tmp_path / "out", jobs=2, cache=cache, each_file=True)
    assert again.extracted == 0
    assert [(i.name, i.report_id) for i in again.index] == [
        ("b.txt", "henan-luyixian-gov-2019"),
        ("c.txt", "henan-luyixian-gov-2019-2"),
    ]
    build(folder, tmp_path / "clean", cache=ExtractionCache(tmp_path / "fresh"), each_file=True)
    assert _files(tmp_path / "out") == _files(tmp_path / "clean")


def test_a_lost_record_or_cache_costs_time_never_correctness(sources: Path, tmp_path: Path) -> None:
    """The build's record (beside the cache) and the cache are both safe to lose: an
    unreadable record makes the next build look at every file (taking the rest from the
    cache), and a lost cache is only needed again once something changes."""
    cache = ExtractionCache(tmp_path / "cache")
    build(sources, tmp_path / "out", cache=cache)
    first = _files(tmp_path / "out")
    (record,) = (tmp_path / "builds").glob("*.pickle")
    record.write_bytes(record.read_bytes()[40:])  # its start lost: nothing in it can be read
    again = build(sources, tmp_path / "out", cache=cache)
    assert not again.unchanged and again.extracted == 0 and _files(tmp_path / "out") == first
    shutil.rmtree(tmp_path / "cache")
    idle = build(sources, tmp_path / "out", cache=cache)
    assert idle.unchanged and len(idle.index) == 8
    assert [i.report_id for i in idle.index] == [i.report_id for i in again.index]
    (sources / "reports" / "full_07.txt").unlink()  # a rendering of the 2019 report read from html_07
    smaller = build(sources, tmp_path / "out", cache=cache)
    assert smaller.extracted == 7 and len(smaller.index) == 7
    now = _files(tmp_path / "out")
    assert now["data/facts.csv"] == first["data/facts.csv"]  # the facts come from the page
    assert now["data/report_files.csv"] != first["data/report_files.csv"]  # which lists one file fewer


def test_a_build_that_changes_nothing_says_so_and_repeats_its_errors(sources: Path, tmp_path: Path) -> None:
    """A rebuild whose folder listing is the last build's stops without reading files or
    the record; touching a file costs one hash, not a rebuild; a manifest edit always gets
    another look; a file that failed for good (empty) is remembered, not read again."""
    cache = ExtractionCache(tmp_path / "cache")
    (sources / "reports" / "empty.txt").write_bytes(b"")
    first = build(sources, tmp_path / "out", cache=cache)
    assert ("reports/empty.txt", "the file is empty") in first.errors and first.extracted == 8
    built = _files(tmp_path / "out")
    again = build(sources, tmp_path / "out", cache=cache)  # its failure is remembered: nothing to do
    assert again.unchanged and again.errors == first.errors and _files(tmp_path / "out") == built
    (sources / "reports" / "empty.txt").unlink()
    manifest = sources / "manifest.csv"
    listed = manifest.read_text(encoding="utf-8")
    manifest.write_text(listed.replace("reports/anhui-yejiqu-gov-2016.txt", "reports/gone.txt"), encoding="utf-8")
    wrong = build(sources, tmp_path / "out", cache=cache)
    assert ("reports/gone.txt", "listed in the manifest but not found in the sources folder") in wrong.errors
    idle = build(sources, tmp_path / "out", cache=cache)
    assert idle.unchanged and idle.indexed is None and idle.errors == wrong.errors  # said again, from the record
    assert [i.report_id for i in idle.index] == [i.report_id for i in wrong.index] and len(idle.index) == 8
    luyi = sources / "reports" / "henan-luyixian-gov-2019.txt"
    luyi.write_bytes(luyi.read_bytes())  # new times, same bytes
    touched = build(sources, tmp_path / "out", cache=cache)
    assert touched.unchanged and touched.indexed is not None and touched.extracted == 0
    assert build(sources, tmp_path / "out", cache=cache).indexed is None  # the record took the new times
    manifest.write_text(listed, encoding="utf-8")
    fixed = build(sources, tmp_path / "out", cache=cache)
    assert not fixed.unchanged and fixed.errors == [] and fixed.extracted == 0  # its entry, from the cache
    assert _files(tmp_path / "out") == built


def test_the_code_version_covers_the_extraction_not_the_commands_around_it() -> None:
    """Editing the validation, a command or the benchmark keeps the cache; editing any
    reader, rule, table or the build itself invalidates it."""
    versioned = {p.relative_to(PACKAGE).as_posix() for p in versioned_files()}
    assert {
        "pipeline.py",
        "cache.py",
        "state.py",
        "executors.py",
        "extraction/prose.py",
        "readers/html.py",
        "tables/assemble.py",
        "package/files.py",
        "sources/manifest.py",
        "data/indicators.csv",
    } <= versioned
    assert not {"cli.py", "validate.py", "bench.py", "release/archive.py", "sources/fetch.py"} & versioned


class _Counting(ExtractionCache):
    """A cache that notes whose rendered rows were read back."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.read: set[str] = set()

    def get_rows(self, key: str) -> dict[str, tuple[bytes, int]] | None:
        self.read.add(key)
        return super().get_rows(key)


def test_a_rebuild_copies_the_reports_a_change_does_not_touch(sources: Path, tmp_path: Path) -> None:
    """After one change, the reports it does not touch are copied from the package in
    place (their cached rows are not even read), and the package is the one a clean build
    makes; a report one of whose renderings changed is made again."""
    cache = _Counting(tmp_path / "cache")
    build(sources, tmp_path / "out", cache=cache)
    luyi = sources / "reports" / "henan-luyixian-gov-2019.txt"
    luyi.write_text(luyi.read_text(encoding="utf-8").replace("行政许可\t13428", "行政许可\t13429"), encoding="utf-8")
    cache.read.clear()
    changed = build(sources, tmp_path / "out", cache=cache)
    made = {i.name for i in changed.index if i.key in cache.read}
    assert made == {"reports/henan-luyixian-gov-2019.txt"}
    build(sources, tmp_path / "clean", cache=ExtractionCache(tmp_path / "clean-cache"))
    assert _files(tmp_path / "out") == _files(tmp_path / "clean")

    def joined(folder: Path) -> bool:
        with (folder / "data" / "report_files.csv").open(encoding="utf-8", newline="") as handle:
            roles = {r["file"]: (r["report_id"], r["role"]) for r in csv.DictReader(handle)}
        return roles["reports/full_07.txt"] == ("fujian-pingtanxian-gov-2019", "rendering") and roles[
            "reports/html_07.html"
        ] == ("fujian-pingtanxian-gov-2019", "primary")

    assert joined(tmp_path / "out")  # the crawled text and the page are one report, read from the page
    html = sources / "reports" / "html_07.html"
    html.write_text(
        html.read_text(encoding="utf-8").replace("2019", "2018"), encoding="utf-8"
    )  # no longer the same report
    cache.read.clear()
    again = build(sources, tmp_path / "out", cache=cache)
    assert {i.name for i in again.index if i.key in cache.read} == {"reports/full_07.txt", "reports/html_07.html"}
    build(sources, tmp_path / "clean", cache=ExtractionCache(tmp_path / "clean-cache"))
    assert _files(tmp_path / "out") == _files(tmp_path / "clean") and not joined(tmp_path / "out")


def test_a_file_saved_again_with_the_same_facts_keeps_the_csvs_it_does_not_change(
    sources: Path, tmp_path: Path
) -> None:
    """A source whose bytes change but whose rows do not (here a blank line added at its end)
    is extracted again; the CSVs it leaves as they were are then kept as they are, not
    written and hashed again (the reports table records the file's SHA-256: it is edited in
    place)."""
    cache = ExtractionCache(tmp_path / "cache")
    build(sources, tmp_path / "out", cache=cache)
    data = tmp_path / "out" / "data"

    def stamps() -> dict[str, tuple[int, int]]:
        return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in data.glob("*.csv")}

    before = stamps()
    luyi = sources / "reports" / "henan-luyixian-gov-2019.txt"
    luyi.write_text(luyi.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    again = build(sources, tmp_path / "out", cache=cache)
    assert again.extracted == 1
    now = stamps()
    assert {name for name in now if now[name] == before[name]} == {
        "facts.csv",
        "sections.csv",
        "checks.csv",
        "indicators.csv",
        "organs.csv",
        "panel.csv",
        "panel_wide.csv",
        "crosswalk.csv",
    }
    assert now["reports.csv"][0] == before["reports.csv"][0]  # edited where it lies
    build(sources, tmp_path / "clean", cache=ExtractionCache(tmp_path / "fresh"))
    assert _files(tmp_path / "out") == _files(tmp_path / "clean")
    assert build(sources, tmp_path / "out", cache=cache).unchanged


def test_a_package_edited_in_place_is_rewritten_not_copied_from(sources: Path, tmp_path: Path) -> None:
    cache = ExtractionCache(tmp_path / "cache")
    build(sources, tmp_path / "out", cache=cache)
    first = _files(tmp_path / "out")
    facts = tmp_path / "out" / "data" / "facts.csv"
    assert b",13428," in facts.read_bytes()  # 鹿邑县's 行政许可 count, same size either way
    facts.write_bytes(facts.read_bytes().replace(b",13428,", b",99999,"))
    again = build(sources, tmp_path / "out", cache=cache)
    assert not again.unchanged and _files(tmp_path / "out") == first


def test_parquet_twins_hold_the_csv_rows_in_order_and_one_change_converts_one_part(
    sources: Path, tmp_path: Path
) -> None:
    import pyarrow.parquet as pq

    cache = ExtractionCache(tmp_path / "cache")
    out = tmp_path / "out"
    result = build(sources, out, cache=cache)
    package = json.loads(result.descriptor.read_text(encoding="utf-8"))
    for resource in package["resources"]:
        table = pq.read_table(out / resource["parquet"]["path"])  # a folder of parts, or one file
        with (out / resource["path"]).open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        first = resource["schema"]["fields"][0]["name"]
        assert table.num_rows == len(rows) == resource["rows"] > 0
        assert table.column(first).to_pylist() == [row[first] for row in rows]  # the CSV's order
    facts = pq.read_table(out / "data" / "facts.parquet", filters=[("report_id", "=", "henan-luyixian-gov-2019")])
    assert 13428.0 in facts.column("value").to_pylist()  # 行政许可, typed

    before = {p.name: p.stat().st_ino for p in (out / "data" / "facts.parquet").iterdir()}
    luyi = sources / "reports" / "henan-luyixian-gov-2019.txt"
    luyi.write_text(luyi.read_text(encoding="utf-8").replace("行政许可\t13428", "行政许可\t13429"), encoding="utf-8")
    build(sources, out, cache=cache)
    after = {p.name: p.stat().st_ino for p in (out / "data" / "facts.parquet").iterdir()}
    assert before.keys() == after.keys() and {n for n in before if before[n] != after[n]} == {"henan.parquet"}
    facts = pq.read_table(out / "data" / "facts.parquet", filters=[("report_id", "=", "henan-luyixian-gov-2019")])
    assert 13429.0 in facts.column("value").to_pylist() and 13428.0 not in facts.column("value").to_pylist()


def test_a_changed_attachment_remakes_its_page_and_only_it(sources: Path, tmp_path: Path) -> None:
    """A page's rows carry its attachments': when an attachment changes, the page is made
    again (never copied), and the package is the one a clean build makes."""
    manifest = sources / "manifest.csv"
    with manifest.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    shutil.copy(CORPUS / "excerpt_13.txt", sources / "reports" / "attachment.txt")
    rows.append(
        {
            **dict.fromkeys(rows[0], ""),
            "file": "reports/attachment.txt",
            "report_id": "henan-luyixian-gov-2019-att",
            "part_of": "henan-luyixian-gov-2019",
        }
    )
    with manifest.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, [*rows[0], "part_of"])
        writer.writeheader()
        writer.writerows(rows)
    cache = _Counting(tmp_path / "cache")
    first = build(sources, tmp_path / "out", cache=cache)
    assert not first.errors
    reports = (tmp_path / "out" / "data" / "reports.csv").read_text(encoding="utf-8")
    assert "read with its attachment reports/attachment.txt" in reports
    attachment = sources / "reports" / "attachment.txt"
    attachment.write_text(
        attachment.read_text(encoding="utf-8") + "\n本年度主动公开政府信息4321条。\n", encoding="utf-8"
    )
    cache.read.clear()
    again = build(sources, tmp_path / "out", cache=cache)
    assert again.extracted == 1 and {i.name for i in again.index if i.key in cache.read} <= {
        "reports/henan-luyixian-gov-2019.txt",
        "reports/attachment.txt",
    }
    build(sources, tmp_path / "clean", cache=ExtractionCache(tmp_path / "clean-cache"))
    assert _files(tmp_path / "out") == _files(tmp_path / "clean")
    assert b"4321" in _files(tmp_path / "out")["data/facts.csv"]


def test_a_copy_whose_cache_entry_went_bad_still_settles_the_report(tmp_path: Path) -> None:
    """full_05.txt glues the cells of its 2015 table (主动公开文件数条294981916); its copy
    html_05.html prints them apart (2949 this year, 81916 in all). When the copy's entry is damaged and the
    report changes, the rebuild reads the copy again rather than leave the cells unsplit. (Built
    file by file: in a build that joins the renderings of a report, the page is read instead.)"""
    folder = tmp_path / "sources"
    folder.mkdir()
    for name in ("full_05.txt", "html_05.html"):
        shutil.copy(CORPUS / name, folder / name)
    cache = ExtractionCache(tmp_path / "cache")

    def settled(result_folder: Path) -> list[tuple[str, str]]:
        return [
            (f["indicator"], f["value"])
            for f in csv.DictReader((result_folder / "data" / "facts.csv").open(encoding="utf-8"))
            if f["source_file"] == "full_05.txt" and f["source"] == "table" and f["indicator"] == "legacy.active.total"
        ]

    first = build(folder, tmp_path / "out", cache=cache, each_file=True)
    assert settled(tmp_path / "out") == [("legacy.active.total", "2949")]
    copy = next(item for item in first.index if item.name == "html_05.html")
    _damage(cache, copy.key)
    report = folder / "full_05.txt"
    report.write_text(report.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    again = build(folder, tmp_path / "out", cache=cache, each_file=True)
    assert again.extracted == 1  # the report; its copy was read again while writing
    assert settled(tmp_path / "out") == [("legacy.active.total", "2949")]


def test_a_csv_sink_writes_in_order_and_reports_a_failure_of_its_thread(tmp_path: Path) -> None:
    text = (SOURCES / "reports" / "henan-luyixian-gov-2019.txt").read_bytes()
    source = tmp_path / "in-place.csv"
    source.write_bytes(text)
    with source.open("rb") as handle:
        sink = CsvSink(tmp_path / "written.csv")
        sink.write(b"header\n")
        sink.copy(handle.fileno(), 10, 2000, str(source))
        sink.write(text[:5])
        assert sink.handed == 7 + 1990 + 5
        digest = sink.close()
        assert (tmp_path / "written.csv").read_bytes() == b"header\n" + text[10:2000] + text[:5]
        assert digest == "sha256:" + hashlib.sha256(b"header\n" + text[10:2000] + text[:5]).hexdigest()

        broken = CsvSink(tmp_path / "broken.csv")
        broken.copy(handle.fileno(), len(text) - 100, len(text) + 100, str(source))  # the file in place is shorter
        for _ in range(3 * sink_module.QUEUED):  # jobs after the failure are dropped, never left to block
            broken.write(b"x" * sink_module.BUFFER)
        with pytest.raises(OSError, match="in-place.csv is shorter than the last build left it"):
            broken.close()


def test_one_change_edits_the_csvs_in_place_unless_they_cannot_be(
    sources: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A count changed in one report: facts.csv is the file in place edited where it lies
    (same inode), byte for byte the clean build's. A file that cannot be edited (one with
    another link, as a copy made with cp -l; one not writable) is written anew."""
    cache = ExtractionCache(tmp_path / "cache")
    build(sources, tmp_path / "out", cache=cache)
    facts = tmp_path / "out" / "data" / "facts.csv"
    inode = facts.stat().st_ino
    luyi = sources / "reports" / "henan-luyixian-gov-2019.txt"
    text = luyi.read_text(encoding="utf-8")
    luyi.write_text(text.replace("行政许可\t13428", "行政许可\t134280"), encoding="utf-8")  # one byte longer
    assert build(sources, tmp_path / "out", cache=cache).extracted == 1
    build(sources, tmp_path / "clean", cache=ExtractionCache(tmp_path / "clean-cache"))
    assert _files(tmp_path / "out") == _files(tmp_path / "clean") and facts.stat().st_ino == inode
    assert b",134280," in facts.read_bytes()

    assert edit_module.can_edit(facts)
    linked = tmp_path / "linked-facts.csv"
    linked.hardlink_to(facts)
    assert not edit_module.can_edit(facts)  # (making the link also changed the file's times: see below)
    linked.unlink()
    monkeypatch.setattr(writer_module, "can_edit", lambda path: False)
    luyi.write_text(text.replace("行政许可\t13428", "行政许可\t1342"), encoding="utf-8")  # one byte shorter
    build(sources, tmp_path / "out", cache=cache)
    build(sources, tmp_path / "clean", cache=ExtractionCache(tmp_path / "clean-cache"))
    assert _files(tmp_path / "out") == _files(tmp_path / "clean") and facts.stat().st_ino != inode
    assert b",1342," in facts.read_bytes()


def test_a_package_whose_files_were_linked_since_is_written_anew(sources: Path, tmp_path: Path) -> None:
    """Linking a CSV changes its times: the build no longer trusts the package in place,
    writes every file anew, and the copy keeps the rows it had."""
    cache = ExtractionCache(tmp_path / "cache")
    build(sources, tmp_path / "out", cache=cache)
    facts = tmp_path / "out" / "data" / "facts.csv"
    linked = tmp_path / "linked-facts.csv"
    linked.hardlink_to(facts)
    before = linked.read_bytes()
    luyi = sources / "reports" / "henan-luyixian-gov-2019.txt"
    luyi.write_text(luyi.read_text(encoding="utf-8").replace("行政许可\t13428", "行政许可\t1342"), encoding="utf-8")
    build(sources, tmp_path / "out", cache=cache)
    assert linked.read_bytes() == before and b",13428," in before and b",1342," in facts.read_bytes()
    assert facts.stat().st_ino != linked.stat().st_ino


@pytest.mark.parametrize("folder", ["fresh", "out"])  # writing every file anew; editing the package in place
def test_a_build_that_fails_while_writing_leaves_no_thread_and_a_rebuild_recovers(
    sources: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, folder: str
) -> None:
    cache = ExtractionCache(tmp_path / "cache")
    build(sources, tmp_path / "out", cache=cache)
    luyi = sources / "reports" / "henan-luyixian-gov-2019.txt"
    luyi.write_text(luyi.read_text(encoding="utf-8").replace("行政许可\t13428", "行政许可\t13429"), encoding="utf-8")

    def broken(*_: object) -> None:
        raise RuntimeError("the disk went away")

    monkeypatch.setattr(RowMaker, "rows", broken)
    with pytest.raises(RuntimeError, match="the disk went away"):
        build(sources, tmp_path / folder, cache=cache)
    assert not [t for t in threading.enumerate() if t.name.startswith("writing ")]
    assert not (tmp_path / folder / ".staging").exists()
    assert not state_path(cache.root, tmp_path / folder).exists()  # nothing vouches for a half-edited package
    monkeypatch.undo()
    build(sources, tmp_path / folder, cache=cache)
    build(sources, tmp_path / "clean", cache=ExtractionCache(tmp_path / "clean-cache"))
    assert _files(tmp_path / folder) == _files(tmp_path / "clean")


def test_a_record_in_the_old_json_form_is_replaced(sources: Path, tmp_path: Path) -> None:
    cache = ExtractionCache(tmp_path / "cache")
    legacy = state_path(cache.root, tmp_path / "out").with_suffix(".json")
    legacy.parent.mkdir(parents=True)
    legacy.write_text('{"version": "older"}\n{}\n', encoding="utf-8")
    build(sources, tmp_path / "out", cache=cache)
    assert state_path(cache.root, tmp_path / "out").exists() and not legacy.exists()


def test_a_damaged_record_is_not_used(sources: Path, tmp_path: Path) -> None:
    """The record's files are checked against the digest in its head: a damaged byte would
    otherwise place a report's rows at another's offset."""
    cache = ExtractionCache(tmp_path / "cache")
    build(sources, tmp_path / "out", cache=cache)
    (record,) = (tmp_path / "builds").glob("*.pickle")
    assert read_state(record) is not None
    damaged = bytearray(record.read_bytes())
    damaged[-20] ^= 0x01
    record.write_bytes(bytes(damaged))
    assert read_state(record) is None
    luyi = sources / "reports" / "henan-luyixian-gov-2019.txt"
    luyi.write_text(luyi.read_text(encoding="utf-8").replace("行政许可\t13428", "行政许可\t13429"), encoding="utf-8")
    build(sources, tmp_path / "out", cache=cache)
    build(sources, tmp_path / "clean", cache=ExtractionCache(tmp_path / "clean-cache"))
    assert _files(tmp_path / "out") == _files(tmp_path / "clean")


@pytest.mark.parametrize("middle", [b"", b"13429", b"134280000"])
def test_an_edit_in_place_moves_the_rest_of_the_file(
    tmp_path: Path, middle: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(edit_module, "BLOCK", 7)  # many blocks: each move in the right order
    text = (SOURCES / "reports" / "henan-luyixian-gov-2019.txt").read_bytes()
    start = text.index("13428".encode())
    path = tmp_path / "file.csv"
    path.write_bytes(text)
    expected = text[:start] + middle + text[start + 5 :]
    assert edit_module.edit(path, start, start + 5, middle) == "sha256:" + hashlib.sha256(expected).hexdigest()
    assert path.read_bytes() == expected


@pytest.mark.parametrize("kernel_copies", [True, False])
def test_csvs_written_anew_copy_the_rows_no_change_touched(
    sources: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kernel_copies: bool
) -> None:
    """Two reports changed with more than PLANNED bytes of rows between them (here any):
    the CSVs are written anew, the rows between and around the changes copied from the files
    in place, handed to the writing threads as they pass EAGER bytes (here at once). Where the
    kernel cannot copy (macOS, Windows), they are read and written. Either way the package
    is the clean build's."""
    monkeypatch.setattr(writer_module, "PLANNED", 0)
    monkeypatch.setattr(writer_module, "EAGER", 1)
    if not kernel_copies:
        monkeypatch.delattr("os.copy_file_range", raising=False)
    cache = ExtractionCache(tmp_path / "cache")
    build(sources, tmp_path / "out", cache=cache)
    inode = (tmp_path / "out" / "data" / "facts.csv").stat().st_ino
    luyi = sources / "reports" / "henan-luyixian-gov-2019.txt"
    luyi.write_text(luyi.read_text(encoding="utf-8").replace("行政许可\t13428", "行政许可\t13429"), encoding="utf-8")
    anhui = sources / "reports" / "anhui-yejiqu-gov-2016.txt"
    anhui.write_text(anhui.read_text(encoding="utf-8").replace("17829条", "17830条"), encoding="utf-8")
    assert build(sources, tmp_path / "out", cache=cache).extracted == 2
    build(sources, tmp_path / "clean", cache=ExtractionCache(tmp_path / "clean-cache"))
    assert _files(tmp_path / "out") == _files(tmp_path / "clean")
    assert (tmp_path / "out" / "data" / "facts.csv").stat().st_ino != inode


def test_a_cache_reads_only_the_packs_of_its_own_code(sources: Path, tmp_path: Path) -> None:
    """Entries stored by other code versions are never looked at: their keys cannot match."""
    cache = ExtractionCache(tmp_path / "cache")
    first = build(sources, tmp_path / "out", cache=cache)
    (index,) = (tmp_path / "cache").glob("*.index")
    assert index.name.startswith(f"{code_version()}-")
    other = index.with_name("0" * 16 + index.name[16:])
    index.rename(other)
    assert ExtractionCache(tmp_path / "cache").keys() == set()
    other.rename(index)
    assert ExtractionCache(tmp_path / "cache").keys() == {item.key for item in first.index}


def _collector_on(_: object, __: int) -> bool:
    return gc.isenabled()


def test_workers_preparing_rows_collect_cyclic_garbage_though_forked_while_the_build_pauses_it() -> None:
    try:
        with gc_paused():
            assert list(order_preserving_map(_collector_on, None, [1, 2, 3], [True] * 3, jobs=2)) == [True] * 3
    finally:
        gc.unfreeze()


# Run in a process of its own, whose modules are only those this needs.
_WARMED_WORKER = """
import sys
from pathlib import Path
from ogidata.executors import Task, _warm, run
from ogidata.pipeline import _Store
from ogidata.package.render import schema_fields
from ogidata.package.files import load_template
_warm()
before = set(sys.modules)
store = _Store(Path(sys.argv[1]), schema_fields(load_template()), "0" * 16)
for number, path in enumerate(sys.argv[2:]):
    assert store(run(Task(Path(path).name, path, None, str(number)))).kept is not None, path
print(" ".join(sorted(set(sys.modules) - before)))
"""


def test_a_warmed_up_worker_imports_nothing_more_to_extract_and_store_reports(tmp_path: Path) -> None:
    """Workers warm up while the build indexes the folder; a library first imported by the
    first report (cn2an, or pyarrow when it compressed the cache) is paid for in every worker."""
    import subprocess
    import sys

    files = [*sorted((SOURCES / "reports").glob("*.txt")), CORPUS / "html_07.html", CORPUS / "full_07.txt"]
    done = subprocess.run(
        [sys.executable, "-c", _WARMED_WORKER, str(tmp_path), *map(str, files)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.split() == []


_BUILD_COMMAND = """
import sys
from ogidata.cli import app
try:
    app(sys.argv[1:])
except SystemExit as end:
    assert not end.code, end.code
loaded = [m for m in sys.modules if m.split(".")[0] in ("requests", "urllib3", "great_expectations")]
print("loaded:", *sorted(loaded + [m for m in sys.modules if m.startswith("ogidata.release")]))
"""


def test_a_build_command_loads_neither_the_network_nor_the_release_code(tmp_path: Path) -> None:
    """Every command installs the SIGTERM handler (ogidata.stopping); when it lived beside the
    downloads, each build, a no-op rebuild too, imported requests and urllib3 first."""
    import subprocess
    import sys

    sources = tmp_path / "sources"
    (sources / "reports").mkdir(parents=True)
    shutil.copyfile(SOURCES / "reports" / f"{SEED_IDS[0]}.txt", sources / "reports" / f"{SEED_IDS[0]}.txt")
    args = ["build", "--sources", str(sources), "--out", str(tmp_path / "out")]
    done = subprocess.run([sys.executable, "-c", _BUILD_COMMAND, *args], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "loaded:" and (tmp_path / "out" / "datapackage.json").exists()
