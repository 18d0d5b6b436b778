"""Untrusted sources (issue 23): nothing outside the sources folder is read, odd entries and
files over a limit are reported by name and reason, a failure is paid for once, and the
rest builds as if they were not there. Hostile servers are in test_hostile_servers.py,
hostile release archives in test_release.py."""

from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path

import pytest
from ogidata.cache import ExtractionCache
from ogidata.pipeline import build

from .conftest import SOURCES


def _sources(tmp_path: Path) -> Path:
    folder = tmp_path / "sources"
    shutil.copytree(SOURCES, folder)
    return folder


def _published(out: Path) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in (out / "data").glob("*.csv"))


def test_links_and_odd_entries_are_reported_and_never_followed(tmp_path: Path) -> None:
    folder = _sources(tmp_path)
    reports = folder / "reports"
    secret = tmp_path / "outside.txt"  # a file outside the sources, written like a report
    secret.write_text("平潭县某局2019年政府信息公开工作年度报告\n机密内容 root:x:0:0\n", encoding="utf-8")
    os.symlink(secret, reports / "linked.txt")
    os.symlink("/etc/passwd", reports / "passwd.txt")
    os.symlink(reports / "loop-a.txt", reports / "loop-b.txt")
    os.symlink(reports / "loop-b.txt", reports / "loop-a.txt")
    os.symlink(tmp_path / "missing.txt", reports / "dangling.txt")
    os.symlink(tmp_path, reports / "outside-folder")
    (reports / "a-folder.txt").mkdir()  # a folder with a report's name: entered, empty
    os.mkfifo(reports / "pipe.txt")
    bad = os.fsencode(str(reports)) + b"/bad-\xff-name.txt"
    with open(bad, "wb") as handle:
        handle.write((SOURCES / "reports" / "henan-luyixian-gov-2019.txt").read_bytes())
    result = build(folder, tmp_path / "out", cache=ExtractionCache(tmp_path / "cache"))
    errors = dict(result.errors)
    for name in ("linked.txt", "passwd.txt", "loop-a.txt", "loop-b.txt", "dangling.txt", "outside-folder"):
        assert errors[f"reports/{name}"].startswith("a symbolic link: not followed"), name
    assert errors["reports/pipe.txt"] == "not a regular file"
    assert errors["reports/bad-\\xff-name.txt"] == "its name is not valid UTF-8: rename it"
    published = _published(tmp_path / "out")
    assert "root:x:0:0" not in published and "机密内容" not in published
    with (tmp_path / "out" / "data" / "reports.csv").open(encoding="utf-8", newline="") as handle:
        assert len(list(csv.DictReader(handle))) == 5  # the seeds build as ever


def test_a_file_swapped_for_a_link_after_listing_is_not_read(tmp_path: Path) -> None:
    from ogidata.executors import read_regular_file

    target = tmp_path / "report.txt"
    os.symlink("/etc/passwd", target)
    with pytest.raises(OSError):
        read_regular_file(str(target))


class _Runs:
    """An object whose unpickling runs code: it leaves a file behind."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (Path.write_text, (self.marker, "ran"))


def test_a_crafted_record_or_cache_entry_is_never_unpickled(tmp_path: Path) -> None:
    """The build's record and the cache's entries are pickles: one written by someone else
    (without the user's key) is not read — the build is made again, and no code runs."""
    import hashlib
    import pickle

    from ogidata.state import HEAD_LENGTH, MAGIC, state_path

    folder = _sources(tmp_path)
    cache = ExtractionCache(tmp_path / "cache")
    build(folder, tmp_path / "out", cache=cache)
    first = _published(tmp_path / "out")
    marker = tmp_path / "ran.txt"
    evil = pickle.dumps(_Runs(marker))
    record = state_path(cache.root, tmp_path / "out")
    fake_signature = b"0" * 64
    record.write_bytes(MAGIC + fake_signature + f"{len(evil):0{HEAD_LENGTH}d}".encode() + evil)
    for index in (tmp_path / "cache").glob("*.index"):  # every entry now points to a pickle that runs code
        pack = index.with_suffix(".pack")
        lines = index.read_bytes().split(b"\n")
        body = pickle.dumps(_Runs(marker))
        offset = pack.stat().st_size
        with pack.open("ab") as handle:
            handle.write(body)
        forged = (
            [lines[0]]
            + [
                b" ".join(
                    [
                        line.split(b" ")[0],
                        str(offset).encode(),
                        str(len(body)).encode(),
                        str(len(body)).encode(),
                        hashlib.sha256(body).hexdigest().encode(),
                        b"9" * 19,
                    ]
                )  # a checksum anyone can compute; no signature
                for line in lines[1:]
                if line
            ]
        )
        index.write_bytes(b"\n".join(forged) + b"\n")
    again = build(folder, tmp_path / "out", cache=ExtractionCache(tmp_path / "cache"))
    assert not marker.exists()
    assert again.extracted == 5 and _published(tmp_path / "out") == first


def test_one_build_per_output_folder(tmp_path: Path) -> None:
    """While a build writes into a folder, a second into the same folder stops at once with
    a message naming the folder and the process that holds it; another folder builds."""
    import subprocess
    import sys

    from ogidata.pipeline import BuildBusy
    from ogidata.state import state_path

    folder = _sources(tmp_path)
    cache = ExtractionCache(tmp_path / "cache")
    lock = state_path(cache.root, tmp_path / "out").with_suffix(".lock")
    lock.parent.mkdir(parents=True, exist_ok=True)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import fcntl, sys, time\n"
                f"h = open({str(lock)!r}, 'a+'); fcntl.flock(h, fcntl.LOCK_EX); h.write('process 4242'); h.flush()\n"
                "print('held', flush=True); time.sleep(30)"
            ),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(BuildBusy, match=rf"another build is writing into {tmp_path / 'out'} \(process 4242\)"):
            build(folder, tmp_path / "out", cache=cache)
        assert not (tmp_path / "out").exists()
        build(folder, tmp_path / "elsewhere", cache=cache)  # another folder is free
    finally:
        holder.kill()
        holder.wait()
    build(folder, tmp_path / "out", cache=cache)  # the lock went with its process
    assert (tmp_path / "out" / "datapackage.json").exists()


def _docx(document_xml: bytes, path: Path) -> bytes:
    import zipfile

    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", document_xml)
    return path.read_bytes()


W_NS = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def test_a_cell_spanning_thirty_million_columns_is_capped(tmp_path: Path) -> None:
    """A 1 KB Word file whose one cell claims gridSpan=30000000 (6.5 GB and 48 s before)."""
    import time

    from ogidata.limits import MAX_SPAN
    from ogidata.readers.docx import read_docx

    xml = (
        b"<w:document " + W_NS + b"><w:body><w:p><w:r><w:t>\xe6\x8a\xa5\xe5\x91\x8a</w:t></w:r></w:p>"
        b'<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="30000000"/></w:tcPr><w:p><w:r><w:t>1</w:t></w:r></w:p>'
        b"</w:tc></w:tr></w:tbl></w:body></w:document>"
    )
    data = _docx(xml, tmp_path / "span.docx")
    started = time.perf_counter()
    doc = read_docx(data)
    assert time.perf_counter() - started < 2 and len(data) < 2000
    assert max(len(row.cells) for row in doc.rows) == MAX_SPAN


def test_a_word_file_that_unpacks_too_far_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A zip bomb: 8 MB of zeros in a 10 KB file, against a limit of 1 MB (256 MB by default)."""
    from ogidata.readers import docx
    from ogidata.readers.text import UnreadableSource

    monkeypatch.setattr(docx, "MAX_UNPACKED", 1 << 20)
    data = _docx(b"<w:document " + W_NS + b">" + b" " * (8 << 20) + b"</w:document>", tmp_path / "bomb.docx")
    assert len(data) < 20_000
    with pytest.raises(UnreadableSource, match=r"unpacks to over 1 MB \(OGIDATA_MAX_UNPACKED_MB\)"):
        docx.read_docx(data)


def test_a_file_over_the_size_limit_is_left_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ogidata import executors

    monkeypatch.setattr(executors, "MAX_FILE", 10_000)  # bytes; 64 MB by default
    folder = _sources(tmp_path)
    result = build(folder, tmp_path / "out", cache=ExtractionCache(tmp_path / "cache"))
    errors = dict(result.errors)
    assert (
        errors["reports/henan-luyixian-gov-2019.txt"] == "the file is 14,287 bytes, over the limit of 10,000 "
        "bytes (0.00953674 MB: OGIDATA_MAX_FILE_MB)"
    )
    assert "reports/jilin-yongjixian-yilaxizhen-gov-2014.txt" not in errors  # 6,110 bytes: built


def test_a_section_too_long_is_cut_with_a_note(tmp_path: Path) -> None:
    """With a limit of 2,000 characters, the Luyi report's long sections are cut, and said so."""
    import subprocess
    import sys

    script = (
        "from ogidata.extraction.extract import extract_report\n"
        "x = extract_report('luyi.txt', "
        f"open({str(SOURCES / 'reports' / 'henan-luyixian-gov-2019.txt')!r}, 'rb').read())\n"
        "print(max(len(s.text) for s in x.sections)); print(x.report['notes'])"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "OGIDATA_MAX_SECTION_CHARS": "2000"},
    )
    longest, notes = done.stdout.split("\n", 1)
    assert int(longest) == 2000
    assert "characters long: its first 2000 are kept (OGIDATA_MAX_SECTION_CHARS)" in notes


def _dies_on_the_killer(outcome):  # type: ignore[no-untyped-def]
    """Runs in the worker after each extraction: the one of killer.txt dies as the OOM killer does it."""
    import signal

    if outcome.task.name == "killer.txt":
        os.kill(os.getpid(), signal.SIGKILL)
    return outcome


def test_a_killed_worker_costs_only_its_file(tmp_path: Path) -> None:
    """A worker killed while extracting: the other files come out, in order; the killer is
    retried once alone, dies again, and is reported."""
    from ogidata.executors import Task, execute

    names = []
    for k, seed in enumerate(sorted((SOURCES / "reports").glob("*.txt"))):
        for name in (f"{k}-a.txt", f"{k}-b.txt") if k != 2 else ("killer.txt",):
            shutil.copy(seed, tmp_path / name)
            names.append(name)
    tasks = [Task(name, str(tmp_path / name), None, name) for name in names]
    outcomes = list(execute(tasks, jobs=2, keep=_dies_on_the_killer))
    assert [o.task.name for o in outcomes] == names
    assert [o.task.name for o in outcomes if o.extraction is None] == ["killer.txt"]
    killer = next(o for o in outcomes if o.task.name == "killer.txt")
    assert killer.error.startswith("its extraction's process died, twice")


def test_workers_never_outlive_their_build(tmp_path: Path) -> None:
    """A build's parent killed (SIGKILL, as an impatient user or the OOM killer does it):
    its warm workers go with it."""
    import signal
    import subprocess
    import sys
    import time

    parent = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import time\nfrom ogidata.executors import warm_pool\npool = warm_pool(2)\ntime.sleep(1)\n"
                "print(' '.join(str(p) for p in pool._processes), flush=True)\ntime.sleep(60)"
            ),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert parent.stdout is not None
    workers = [int(p) for p in parent.stdout.readline().split()]
    assert len(workers) == 2
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(
        Path(f"/proc/{pid}").exists() and "Z" not in Path(f"/proc/{pid}/stat").read_text().split()[2] for pid in workers
    ):
        time.sleep(0.1)
    alive = [
        pid
        for pid in workers
        if Path(f"/proc/{pid}").exists() and "Z" not in Path(f"/proc/{pid}/stat").read_text().split()[2]
    ]
    assert alive == []


def test_cells_a_spreadsheet_would_run_are_inert_in_the_csv_and_as_printed_elsewhere(tmp_path: Path) -> None:
    """Labels that open with =, +, -, @ (a crafted report's row labels): the CSV holds them
    after a quote, which spreadsheets read as text; the Parquet twin and ogidata.load give
    them as printed; plain numbers and a lone dash stay as they are."""
    import pyarrow.parquet as pq
    from ogidata.package.load import load_resource

    folder = tmp_path / "s"
    folder.mkdir()
    luyi = (SOURCES / "reports" / "henan-luyixian-gov-2019.txt").read_text(encoding="utf-8")
    crafted = luyi.replace("行政许可\t13428", '=HYPERLINK("http://x")行政许可\t13428').replace(
        "规范性文件\t2", "@SUM(A1)规范性文件\t2"
    )
    assert crafted != luyi
    (folder / "luyi.txt").write_text(crafted, encoding="utf-8")
    build(folder, tmp_path / "out", cache=ExtractionCache(tmp_path / "cache"))
    text = (tmp_path / "out" / "data" / "facts.csv").read_text(encoding="utf-8")
    sections = (tmp_path / "out" / "data" / "sections.csv").read_text(encoding="utf-8")
    printed = [
        c for c in pq.read_table(tmp_path / "out" / "data" / "facts.parquet").column("raw_label").to_pylist() if c
    ]
    loaded = load_resource(tmp_path / "out", "facts")["raw_label"].dropna().tolist()
    for label in ('=HYPERLINK(""http://x"")行政许可', "@SUM(A1)规范性文件"):
        assert f",'{label}" in text or f",\"'{label}" in text, label
    assert any(c.startswith('=HYPERLINK("http://x")') for c in printed) and any(
        c.startswith("@SUM(A1)") for c in printed
    )
    assert printed == loaded
    assert "\n=" not in text and ",=" not in text and ",@" not in text and ",=" not in sections


def test_a_table_too_large_to_place_is_refused(tmp_path: Path) -> None:
    """One HTML cell with rowspan=65534 colspan=1000 in a table of 2,000 rows (2 billion grid
    positions), a Word table of 2,000 rows each spanning 1,000 columns, and ten Word or two
    HTML tables just under the limit each: all over the limit of 1,000,000 cells a file,
    refused at once."""
    import time

    from ogidata.readers.docx import read_docx
    from ogidata.readers.html import read_html
    from ogidata.readers.text import UnreadableSource

    rows = "<tr><td>1</td></tr>" * 2000
    page = (
        f'<html><body><p>报告</p><table><tr><td rowspan="65534" colspan="1000">x</td></tr>{rows}</table></body></html>'
    )
    started = time.perf_counter()
    with pytest.raises(UnreadableSource, match=r"its tables have over 1,000,000 cells \(OGIDATA_MAX_TABLE_CELLS\)"):
        read_html(page.encode())
    row = b'<w:tr><w:tc><w:tcPr><w:gridSpan w:val="1000"/></w:tcPr><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc></w:tr>'
    word = _docx(
        b"<w:document " + W_NS + b"><w:body><w:tbl>" + row * 2000 + b"</w:tbl></w:body></w:document>",
        tmp_path / "rows.docx",
    )
    with pytest.raises(UnreadableSource, match=r"its tables have over 1,000,000 cells \(OGIDATA_MAX_TABLE_CELLS\)"):
        read_docx(word)
    assert time.perf_counter() - started < 5
    # The limit is the file's, not each table's: ten tables of 999 rows of 1,000 columns (2 GB before).
    tables = b"<w:tbl>" + row * 999 + b"</w:tbl>"
    word = _docx(b"<w:document " + W_NS + b"><w:body>" + tables * 10 + b"</w:body></w:document>", tmp_path / "ten.docx")
    assert len(word) < 10_000
    page = "<html><body>" + ("<table>" + '<tr><td colspan="1000">1</td></tr>' * 999 + "</table>") * 2 + "</body></html>"
    with pytest.raises(UnreadableSource, match=r"its tables have over"):
        read_html(page.encode())
    with pytest.raises(UnreadableSource, match=r"its tables have over 1,000,000 cells \(OGIDATA_MAX_TABLE_CELLS\)"):
        read_docx(word)
    # A row span past the table's end stops there, as in a browser: a 3-row table stays 3 rows.
    doc = read_html(
        '<html><body><table><tr><td rowspan="9">甲</td><td>1</td></tr><tr><td>2</td></tr>'
        "<tr><td>3</td></tr></table></body></html>".encode()
    )
    assert [[c.text for c in r.cells] for r in doc.rows] == [["甲", "1"], ["", "2"], ["", "3"]]


def _blank_pdf(pages: int) -> bytes:
    import io

    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    for _ in range(pages):
        pdf.new_page(595, 842)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


class _Counted:
    """extract_report, counting the files it is asked to read."""

    def __init__(self, real) -> None:  # type: ignore[no-untyped-def]
        self.real, self.names = real, []  # type: ignore[var-annotated]

    def __call__(self, name, data, entry):  # type: ignore[no-untyped-def]
        self.names.append(name)
        return self.real(name, data, entry)


def test_a_blank_scan_costs_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A blank 40-page PDF (22 s of OCR on every rebuild before): blank pages are seen to be
    blank without OCR, the file is reported, and its failure remembered — a rebuild does not
    read it again until a limit (or the file, or the code) changes."""
    import time

    from ogidata import executors, limits

    folder = _sources(tmp_path)
    (folder / "blank.pdf").write_bytes(_blank_pdf(40))
    counted = _Counted(executors.extract_report)
    monkeypatch.setattr(executors, "extract_report", counted)
    cache = ExtractionCache(tmp_path / "cache")
    started = time.perf_counter()
    first = build(folder, tmp_path / "out", cache=cache)
    assert time.perf_counter() - started < 15
    assert ("blank.pdf", "the PDF holds no text") in first.errors and "blank.pdf" in counted.names
    counted.names.clear()
    (folder / "reports" / "henan-luyixian-gov-2019.txt").touch()  # the folder changed: it is looked at again
    again = build(folder, tmp_path / "out", cache=cache)
    assert again.errors == first.errors and counted.names == []
    monkeypatch.setattr(limits, "MAX_OCR_SECONDS", limits.MAX_OCR_SECONDS + 1)  # another limit: tried again
    (folder / "reports" / "henan-luyixian-gov-2019.txt").touch()
    assert build(folder, tmp_path / "out", cache=cache).errors == first.errors and counted.names == ["blank.pdf"]


def test_ocr_stops_at_its_page_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    from ogidata.readers import pdf
    from ogidata.readers.text import UnreadableSource

    monkeypatch.setattr(pdf, "MAX_OCR_PAGES", 3)  # 100 by default
    ocr = pytest.importorskip("ogidata.readers.ocr")
    monkeypatch.setattr(ocr, "page_lines", lambda data, number: pytest.fail("OCR ran"))  # counted before any OCR
    with pytest.raises(
        UnreadableSource, match=r"5 scanned pages, over the 3 OCR reads in one file \(OGIDATA_MAX_OCR_PAGES\)"
    ):
        pdf.read_pdf(_blank_pdf(5))


def test_ocr_stops_at_its_time_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """With no time for OCR at all, the first page is read and the file refused at the second."""
    from ogidata.readers import pdf
    from ogidata.readers.text import UnreadableSource

    monkeypatch.setattr(pdf, "MAX_OCR_SECONDS", 0)  # 600 s by default
    with pytest.raises(UnreadableSource, match=r"OCR took over 0 s before page 2 \(OGIDATA_MAX_OCR_SECONDS\)"):
        pdf.read_pdf(_blank_pdf(3))


def test_an_extraction_past_its_time_is_stopped_and_remembered(monkeypatch: pytest.MonkeyPatch) -> None:
    """A file whose extraction would take a minute, against a limit of half a second."""
    import time

    from ogidata import executors

    monkeypatch.setattr(executors, "MAX_FILE_SECONDS", 0.5)  # 900 s by default
    monkeypatch.setattr(executors, "extract_report", lambda name, data, entry: time.sleep(60))
    started = time.perf_counter()
    outcome = executors.run(executors.Task("slow.txt", "", None, ""), b"slow")
    assert time.perf_counter() - started < 2
    assert outcome.error == "its extraction took over 0.5 s (OGIDATA_MAX_FILE_SECONDS)" and outcome.lasting


def test_the_seeds_build_the_same_beside_every_hostile_file(tmp_path: Path) -> None:
    """The issue's check: the seeds beside a link to /etc/passwd, a FIFO, a name that is not
    UTF-8, a Word zip bomb (1 GiB of zeros), a 30,000,000-column span, an HTML table of
    billions of cells, a blank 40-page scan and a 9 MB section — the build finishes in
    one process under 1 GB, reports each, and the seeds' facts are those of a clean build."""
    import subprocess
    import sys
    import zipfile

    clean = tmp_path / "clean"
    build(_sources(tmp_path / "a"), clean, cache=ExtractionCache(tmp_path / "cache-a"))
    folder = _sources(tmp_path / "b")
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    os.mkfifo(folder / "pipe.txt")
    (folder / os.fsdecode(b"bad-\xff.txt")).write_bytes(b"x")
    with zipfile.ZipFile(folder / "bomb.docx", "w", compression=zipfile.ZIP_DEFLATED) as package:
        with package.open("word/document.xml", "w", force_zip64=True) as member:
            for _ in range(1024):
                member.write(bytes(1 << 20))
    _docx(
        b"<w:document " + W_NS + b'><w:body><w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="30000000"/></w:tcPr>'
        b"<w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>",
        folder / "span.docx",
    )
    (folder / "table.html").write_text(
        '<html><body><table><tr><td rowspan="65534" colspan="1000">x</td></tr>'
        + "<tr><td>1</td></tr>" * 2000
        + "</table></body></html>",
        encoding="utf-8",
    )
    (folder / "blank.pdf").write_bytes(_blank_pdf(40))
    (folder / "long.txt").write_text(
        "某县人民政府2019年政府信息公开工作年度报告\n一、总体情况\n" + "公开" * 1_500_000, encoding="utf-8"
    )
    assert (folder / "bomb.docx").stat().st_size < 2 << 20
    # The peak is the process's own (VmHWM): getrusage's ru_maxrss would also count pytest's,
    # which a child inherits across exec.
    script = (
        "import re, sys\nfrom pathlib import Path\nfrom ogidata.pipeline import build\n"
        "from ogidata.cache import ExtractionCache\n"
        "r = build(Path(sys.argv[1]), Path(sys.argv[2]), cache=ExtractionCache(Path(sys.argv[3])))\n"
        "print(re.search(r'VmHWM:\\s*(\\d+) kB', open('/proc/self/status').read()).group(1))\n"
        "print('\\n'.join(f'{n}: {e}' for n, e in r.errors))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(folder), str(tmp_path / "out"), str(tmp_path / "cache-b")],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    peak_kb, *errors = done.stdout.splitlines()
    assert int(peak_kb) < 1 << 20, f"{int(peak_kb) >> 10} MB"
    said = "\n".join(errors)
    for name in ("passwd.txt", "pipe.txt", "bomb.docx", "table.html", "blank.pdf"):
        assert f"{name}: " in said
    assert "root:x:0:0" not in _published(tmp_path / "out")
    seeds = {row["report_id"] for row in csv.DictReader((clean / "data" / "reports.csv").open(encoding="utf-8"))}
    facts = list(csv.DictReader((tmp_path / "out" / "data" / "facts.csv").open(encoding="utf-8")))
    assert [f for f in facts if f["report_id"] in seeds] == list(
        csv.DictReader((clean / "data" / "facts.csv").open(encoding="utf-8"))
    )


def test_a_file_that_could_not_be_opened_is_tried_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An error of the moment (here an I/O error on the first read) is not remembered like a
    file over a limit: the next build reads the file again, and builds it."""
    from ogidata import executors

    real, failed = executors.read_regular_file, []

    def flaky(path: str) -> bytes:
        if path.endswith("henan-luyixian-gov-2019.txt") and not failed:
            failed.append(path)
            raise OSError(5, "Input/output error")
        return real(path)

    monkeypatch.setattr(executors, "read_regular_file", flaky)
    folder, cache = _sources(tmp_path), ExtractionCache(tmp_path / "cache")
    first = build(folder, tmp_path / "out", cache=cache)
    assert first.errors == [("reports/henan-luyixian-gov-2019.txt", "[Errno 5] Input/output error")]
    again = build(folder, tmp_path / "out", cache=cache)
    assert again.errors == [] and again.extracted == 1
    assert "henan-luyixian-gov-2019" in _published(tmp_path / "out")
