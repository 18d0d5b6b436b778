"""`ogidata fetch` against a web server on 127.0.0.1 that misbehaves in every usual way."""

from __future__ import annotations

import csv
import http.server
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from ogidata.sources.fetch import Fetcher

from .conftest import serving

CORPUS = Path(__file__).resolve().parent / "fixtures" / "corpus" / "reports"
PAGE = (CORPUS / "excerpt_13.txt").read_text(encoding="utf-8")
HTML = (
    f'<html><head><meta charset="gbk"><title>报告</title></head><body><p>{PAGE}</p>'
    '<a href="/att/report.pdf">附件</a></body></html>'.encode("gbk")
)
PDF = (CORPUS / "pdf_08.pdf").read_bytes()


class Handler(http.server.BaseHTTPRequestHandler):
    version = {"count": 0}

    def log_message(self, *args: object) -> None:
        pass

    def _send(self, status: int, body: bytes, kind: str, length: int | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(length if length is not None else len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 (the http.server name)
        path = self.path
        if path == "/robots.txt":
            self._send(200, b"User-agent: *\nDisallow: /private\n", "text/plain")
        elif path == "/page.html":
            self._send(200, HTML, "text/html; charset=GBK")
        elif path == "/att/report.pdf":
            self._send(200, PDF, "application/pdf")
        elif path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/page.html")
            self.end_headers()
        elif path == "/missing":
            self._send(404, b"not here", "text/html")
        elif path == "/broken":
            self._send(500, b"oops", "text/html")
        elif path == "/slow":
            time.sleep(1.5)
            self._send(200, HTML, "text/html; charset=GBK")
        elif path == "/cut":
            self._send(200, HTML[:500], "text/html; charset=GBK", length=len(HTML))
        elif path == "/mislabelled":
            self._send(200, PDF, "text/html")
        elif path == "/changing.html":
            Handler.version["count"] += 1
            body = HTML.replace("报告".encode("gbk"), f"报告{Handler.version['count']}".encode("gbk"))
            self._send(200, body, "text/html; charset=GBK")
        elif path == "/private/page.html":
            self._send(200, HTML, "text/html")
        else:
            self._send(404, b"", "text/html")


@pytest.fixture
def server() -> Iterator[str]:
    with serving(Handler) as url:
        yield url


def _manifest(sources: Path) -> dict[str, dict[str, str]]:
    with (sources / "manifest.csv").open(encoding="utf-8") as handle:
        return {row["file"]: row for row in csv.DictReader(handle)}


def _no_partial_files(sources: Path) -> None:
    assert not [p for p in sources.rglob(".fetch-*")]


def test_page_with_attachment_and_provenance(server: str, tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    done = Fetcher(sources, interval=0, timeout=5).fetch(f"{server}/moved")
    assert not done.error and done.file.endswith(".html") and len(done.attachments) == 1
    rows = _manifest(sources)
    page = rows[done.file]
    assert (page["url"], page["final_url"], page["http_status"]) == (f"{server}/moved", f"{server}/page.html", "200")
    assert (page["charset_header"].lower(), page["charset_page"].lower(), page["content_type"]) == (
        "gbk",
        "gbk",
        "text/html; charset=GBK",
    )
    assert page["organ"] == "黑龙江省商务厅" and page["year"] == "2010"
    assert (sources / done.file).read_bytes() == HTML
    attachment = rows[done.attachments[0]]
    assert attachment["part_of"] == page["report_id"] and (sources / attachment["file"]).read_bytes() == PDF
    _no_partial_files(sources)


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/missing", "answered 404"),
        ("/broken", "answered 500"),
        ("/slow", "timed out"),
        ("/cut", "the body was cut off"),
        ("/private/page.html", "robots.txt does not allow"),
    ],
)
def test_broken_responses_store_nothing(server: str, tmp_path: Path, path: str, reason: str) -> None:
    sources = tmp_path / "sources"
    done = Fetcher(sources, interval=0, timeout=1, retries=2).fetch(f"{server}{path}")
    assert reason in done.error and not done.file
    assert not (sources / "fetched").exists() or not list((sources / "fetched").iterdir())
    _no_partial_files(sources)


def test_content_is_sniffed_not_trusted(server: str, tmp_path: Path) -> None:
    done = Fetcher(tmp_path, interval=0, timeout=5).fetch(f"{server}/mislabelled")
    assert done.file.endswith(".pdf") and "served as text/html but is pdf" in done.note


def test_a_changed_source_is_kept_beside_the_old_one(server: str, tmp_path: Path) -> None:
    fetcher = Fetcher(tmp_path, interval=0, timeout=5)
    first = fetcher.fetch(f"{server}/changing.html")
    again = fetcher.fetch(f"{server}/changing.html")
    assert again.note == "already fetched" and again.file == first.file  # resumable: not fetched twice
    changed = fetcher.fetch(f"{server}/changing.html", refresh=True)
    assert changed.file != first.file and "the old one kept" in changed.note
    assert (tmp_path / first.file).exists() and (tmp_path / changed.file).exists()


def test_a_page_and_its_attachment_build_as_one_report(server: str, tmp_path: Path) -> None:
    from ogidata.cache import ExtractionCache
    from ogidata.pipeline import build

    sources = tmp_path / "sources"
    done = Fetcher(sources, interval=0, timeout=5).fetch(f"{server}/page.html")
    result = build(sources, tmp_path / "out", cache=ExtractionCache(tmp_path / "cache"))
    assert not result.errors
    with (tmp_path / "out" / "data" / "reports.csv").open(encoding="utf-8") as handle:
        reports = list(csv.DictReader(handle))
    assert [r["source_file"] for r in reports] == [done.file]  # the attachment is no report of its own
    assert "read with its attachment " + done.attachments[0] in reports[0]["notes"]
    with (tmp_path / "out" / "data" / "facts.csv").open(encoding="utf-8") as handle:
        facts = list(csv.DictReader(handle))
    from_pdf = [f for f in facts if f["source_file"] == done.attachments[0]]
    assert {(f["indicator"], f["value"]) for f in from_pdf} >= {
        ("active.normative.issued", "69"),
        ("active.normative.in_force", "665"),
    }
    assert all(f["report_id"] == reports[0]["report_id"] and f["page"] for f in from_pdf)
    assert any(f["source_file"] == done.file for f in facts)  # the page's own prose too
