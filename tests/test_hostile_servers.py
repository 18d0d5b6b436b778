"""`fetch` and `download` against servers on 127.0.0.1 that never end a body, send a gzip
bomb or trickle one byte at a time (issue 23): each is refused within its limit, with a
message naming the limit, and nothing of it is kept — also when the download is stopped
by SIGTERM or killed outright."""

from __future__ import annotations

import gzip
import hashlib
import http.server
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from ogidata.release.download import DownloadError, download
from ogidata.sources.fetch import Fetcher

from .conftest import serving

BOMB = gzip.compress(b"\0" * (128 << 20), compresslevel=9)  # 128 MB of zeros in 128 KB
ARCHIVE = b"PK" + bytes(range(256)) * 40  # stands for a release: only its checksum is looked at
ARCHIVE_SHA = hashlib.sha256(ARCHIVE).hexdigest()


class Hostile(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"  # a body ends when the connection closes: it may never end

    def log_message(self, *args: object) -> None:
        pass

    def _head(self, kind: str, **headers: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()

    def do_GET(self) -> None:  # noqa: N802 (the http.server name)
        try:
            if self.path == "/robots.txt":
                self._head("text/plain", Content_Length="0")
            elif self.path in ("/endless.html", "/ogidata-9.0.0.zip"):  # a body that never ends
                self._head("application/octet-stream")
                while True:
                    self.wfile.write(b"x" * 65536)
            elif self.path == "/bomb.html":
                self._head("text/html", Content_Encoding="gzip", Content_Length=str(len(BOMB)))
                self.wfile.write(BOMB)
            elif self.path in ("/trickle.html", "/ogidata-9.0.1.zip"):  # a byte every tenth of a second
                self._head("text/html")
                while True:
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.1)
            elif self.path == "/redirect-to-endless":  # a redirect whose own body never ends
                self.send_response(302)
                self.send_header("Location", "/page.html")
                self.end_headers()
                while True:
                    self.wfile.write(b"x" * 65536)
            elif self.path == "/slow-headers.html":  # headers a byte at a time: no body ever begins
                self.wfile.write(b"HTTP/1.0 200 OK\r\n")
                while True:
                    self.wfile.write(b"X")
                    self.wfile.flush()
                    time.sleep(0.1)
            elif self.path == "/announced.html":  # a length announced over the limit
                self._head("text/html", Content_Length=str(1 << 40))
                self.wfile.write(b"<html></html>")
            elif self.path == "/page.html":
                self._head("text/html", Content_Length="13")
                self.wfile.write(b"<html></html>")
            elif self.path == "/ogidata-9.0.2.zip":
                self._head("application/zip", Content_Length=str(len(ARCHIVE)))
                self.wfile.write(ARCHIVE)
            elif self.path.startswith("/ogidata-9.0.") and self.path.endswith(".zip.sha256"):
                body = f"{ARCHIVE_SHA}  {self.path[1:-7]}\n".encode()
                self._head("text/plain", Content_Length=str(len(body)))
                self.wfile.write(body)
            else:
                self.send_error(404)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up, as it should
            pass


@pytest.fixture
def hostile() -> Iterator[str]:
    with serving(Hostile) as url:
        yield url


def _kept(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def _fetch(url: str, sources: Path) -> tuple[str, float]:
    started = time.monotonic()
    done = Fetcher(sources, interval=0, retries=1).fetch(url)
    return done.error, time.monotonic() - started


def test_fetch_refuses_an_endless_body(hostile: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OGIDATA_MAX_BODY_MB", "2")  # 64 MB by default
    error, seconds = _fetch(f"{hostile}/endless.html", tmp_path / "sources")
    assert (
        error == f"{hostile}/endless.html: the body is over the limit of 2 MB (OGIDATA_MAX_BODY_MB); nothing was kept"
    )
    assert seconds < 10 and _kept(tmp_path / "sources") == []


def test_fetch_refuses_a_gzip_bomb(hostile: str, tmp_path: Path) -> None:
    """128 KB on the wire, 128 MB decoded: over the default limit of 64 MB once decoded."""
    error, _ = _fetch(f"{hostile}/bomb.html", tmp_path / "sources")
    assert error.endswith("the body decodes to over 64 MB (OGIDATA_MAX_DECODED_MB); nothing was kept")
    assert _kept(tmp_path / "sources") == []


def test_fetch_gives_up_on_a_trickle_at_its_total_time(
    hostile: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A byte every 0.1 s never trips the 30 s between bytes; the total time (here 1 s) does."""
    monkeypatch.setenv("OGIDATA_MAX_FETCH_SECONDS", "1")
    error, seconds = _fetch(f"{hostile}/trickle.html", tmp_path / "sources")
    assert error.endswith("the answer took over 1 s (OGIDATA_MAX_FETCH_SECONDS); nothing was kept")
    assert 1 <= seconds < 3 and _kept(tmp_path / "sources") == []


def test_fetch_never_reads_a_redirect_body(hostile: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A 302 whose body never ends: requests would read it whole before following it (12.8 GB
    in 70 s). The redirect is closed unread and the page behind it fetched."""
    monkeypatch.setenv("OGIDATA_MAX_FETCH_SECONDS", "5")
    started = time.monotonic()
    done = Fetcher(tmp_path / "sources", interval=0, retries=1).fetch(f"{hostile}/redirect-to-endless")
    assert done.error == "" and (tmp_path / "sources" / done.file).read_bytes() == b"<html></html>"
    assert time.monotonic() - started < 5


def test_fetch_gives_up_on_headers_that_trickle(hostile: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Headers a byte every 0.1 s: no body ever begins, and the total time (1 s) still holds."""
    monkeypatch.setenv("OGIDATA_MAX_FETCH_SECONDS", "1")
    error, seconds = _fetch(f"{hostile}/slow-headers.html", tmp_path / "sources")
    assert error.endswith("the answer took over 1 s (OGIDATA_MAX_FETCH_SECONDS); nothing was kept")
    assert seconds < 3 and _kept(tmp_path / "sources") == []


def test_fetch_refuses_a_body_announced_over_the_limit(hostile: str, tmp_path: Path) -> None:
    error, _ = _fetch(f"{hostile}/announced.html", tmp_path / "sources")
    assert error.endswith(
        "the server announces 1,099,511,627,776 bytes, over the limit of 64 MB (OGIDATA_MAX_BODY_MB); nothing was kept"
    )


def test_download_of_an_endless_archive_is_refused_and_removed(
    hostile: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OGIDATA_MAX_BODY_MB", "4")  # 4 GB by default for a release
    with pytest.raises(
        DownloadError,
        match=r"ogidata-9\.0\.0\.zip from .*: the body is over the limit of 4 MB "
        r"\(OGIDATA_MAX_BODY_MB\); the file was not kept",
    ):
        download("9.0.0", hostile, tmp_path / "cache")
    assert _kept(tmp_path / "cache") == []


def _downloading(version: str, url: str, cache: Path) -> subprocess.Popen[bytes]:
    """`ogidata download` in a process of its own, once its partial file exists."""
    command = [str(Path(sys.executable).with_name("ogidata")), "download", version, "--url", url]
    process = subprocess.Popen(
        command, env={**os.environ, "OGIDATA_CACHE": str(cache)}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 30
    while not any(p.name.startswith(".partial-") for p in cache.glob("*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _kept(cache), "the download never began"
    return process


def test_a_download_stopped_by_sigterm_leaves_nothing(hostile: str, tmp_path: Path) -> None:
    process = _downloading("9.0.1", hostile, tmp_path / "cache")
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) == 128 + signal.SIGTERM
    assert _kept(tmp_path / "cache") == []


def test_a_download_killed_outright_is_cleaned_by_the_next(hostile: str, tmp_path: Path) -> None:
    """SIGKILL leaves no time to clean up: the next download removes the partial file, then
    fetches and verifies its own."""
    cache = tmp_path / "cache"
    process = _downloading("9.0.1", hostile, cache)
    process.kill()
    process.wait(timeout=30)
    assert [p.name.startswith(".partial-ogidata-9.0.1.zip.") for p in cache.iterdir()] == [True]
    got = download("9.0.2", hostile, cache)
    assert got.read_bytes() == ARCHIVE and _kept(cache) == ["ogidata-9.0.2.zip"]
