"""`ogidata fetch`: download report pages and their attachments into the sources.

Polite: a user agent naming the project, robots.txt honoured, one request per host
per ``interval`` seconds, timeouts, and a few retries with growing pauses on server
errors and dropped connections. Safe: a body is written under a temporary name and
renamed into place only when complete (a body shorter than its Content-Length is an
error), so ``sources/`` never holds half a file; a source whose content changed is
never overwritten — the new version is kept beside the old one and the change is
reported. Bounded: an answer over the size, decoded-size or total-time limits of
``bounded_http`` (redirects included) is refused and nothing of it kept. Provenance goes
into the manifest: requested and final URL, retrieval time, HTTP status, content type,
the charset of the headers and of the page, SHA-256.
Attachments linked from a page (PDF, DOC, DOCX, XLS) are fetched too and recorded
as part of that page's report.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import tempfile
import time
import urllib.robotparser
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlparse

import requests

from .. import __version__
from ..bounded_http import BodyRefused, BoundedGet
from ..limits import report_transfer
from .add import detected_entry
from .manifest import FIELDS, read_manifest, write_manifest

USER_AGENT = f"ogidata/{__version__} (open dataset of government information disclosure reports)"
ATTACHMENT = re.compile(r"""href\s*=\s*["']([^"']+\.(?:pdf|docx?|xlsx?))["']""", re.I)
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.I)
SNIFF = ((b"%PDF", ".pdf"), (b"PK\x03\x04", ".docx"), (b"\xd0\xcf\x11\xe0", ".doc"))


class FetchError(RuntimeError):
    """A URL that could not be fetched into a complete source file."""


@dataclass
class Fetched:
    """What fetching one URL gave: the file stored (relative to the sources folder) and a note,
    or the error; and each attachment's file or error."""

    url: str
    file: str = ""
    note: str = ""
    error: str = ""
    attachments: list[str] = field(default_factory=list)


class Fetcher:
    """Fetches URLs into one sources folder, remembering each host's robots.txt and the time
    of its last request, so that two requests to one host are at least ``interval`` seconds apart."""

    def __init__(self, sources: Path, interval: float = 1.0, timeout: float = 30.0, retries: int = 3) -> None:
        self.sources, self.interval, self.timeout, self.retries = sources, interval, timeout, retries
        self.limits = report_transfer()
        self.last: dict[str, float] = {}
        self.robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}

    def _allowed(self, url: str) -> bool:
        """Whether the host's robots.txt lets USER_AGENT fetch ``url``; it is read once per host,
        and a host whose robots.txt cannot be fetched forbids nothing."""
        host = urlparse(url)
        base = f"{host.scheme}://{host.netloc}"
        if base not in self.robots:
            parser: urllib.robotparser.RobotFileParser | None = urllib.robotparser.RobotFileParser()
            try:
                response, body = self._get(f"{base}/robots.txt", check_robots=False)
                assert parser is not None
                parser.parse(body.decode("utf-8", "replace").splitlines() if response.status_code == 200 else [])
            except FetchError:
                parser = None  # no robots.txt to be had: nothing forbidden
            self.robots[base] = parser
        parser = self.robots[base]
        return parser is None or parser.can_fetch(USER_AGENT, url)

    def _wait(self, url: str) -> None:
        host = urlparse(url).netloc
        pause = self.last.get(host, 0) + self.interval - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        self.last[host] = time.monotonic()

    def _get(self, url: str, check_robots: bool = True) -> tuple[requests.Response, bytes]:
        """A complete response and its body, within the limits of bounded_http (a body over
        one is refused at once); server errors, dropped connections, time-outs and cut
        bodies are tried again a few times with growing pauses, then reported."""
        if check_robots and not self._allowed(url):
            raise FetchError(f"{url}: robots.txt does not allow fetching it")
        problem = ""
        for attempt in range(self.retries):
            if attempt:
                time.sleep(0.5 * 2 ** (attempt - 1))
            self._wait(url)
            try:
                with BoundedGet(url, self.limits, self.timeout, {"User-Agent": USER_AGENT}) as get:
                    response, body = get.response, b"".join(get.blocks())
            except BodyRefused as error:
                raise FetchError(f"{url}: {error}; nothing was kept") from error
            except requests.exceptions.ChunkedEncodingError as error:  # the connection closed mid-body
                problem = f"the body was cut off ({error})"
                continue
            except requests.RequestException as error:
                problem = "timed out" if isinstance(error, requests.Timeout) else str(error)
                continue
            expected = response.headers.get("Content-Length", "")
            if expected.isdigit() and int(expected) != len(body) and not response.headers.get("Content-Encoding"):
                problem = f"the body was cut off ({len(body)} of {expected} bytes)"
            elif response.status_code >= 500:
                problem = f"the server answered {response.status_code}"
            else:
                return response, body
        raise FetchError(f"{url}: {problem} (after {self.retries} tries)")

    def fetch(self, url: str, report_id: str | None = None, part_of: str = "", refresh: bool = False) -> Fetched:
        """Fetch ``url`` (and its attachments); a URL already in the manifest is skipped
        unless ``refresh``, so an interrupted list can simply be run again."""
        known = next((e for e in read_manifest(self.sources).values() if e.get("url") == url), None)
        if known and not refresh and (self.sources / known["file"]).exists():
            return Fetched(url, known["file"], "already fetched")
        try:
            response, body = self._get(url)
        except FetchError as error:
            return Fetched(url, error=str(error))
        if response.status_code != 200:
            return Fetched(url, error=f"{url}: the server answered {response.status_code}")
        content_type = response.headers.get("Content-Type", "")
        suffix = next((s for magic, s in SNIFF if body.startswith(magic)), None) or (
            ".html" if b"<html" in body[:2048].lower() or "html" in content_type else ".txt"
        )
        note = "" if _declared(content_type) in ("", suffix) else f"served as {content_type} but is {suffix[1:]}"
        original = Path(urlparse(response.url).path).name or "index"
        try:
            entry = detected_entry(f"{original}{'' if original.endswith(suffix) else suffix}", body)
        except ValueError as error:  # stored all the same: a person may know better than the reader
            entry = {key: "" for key in FIELDS} | {"sha256": hashlib.sha256(body).hexdigest()}
            note = "; ".join(filter(None, [note, f"not readable as a report: {error}"]))
        name = report_id or entry["report_id"] or hashlib.sha256(response.url.encode()).hexdigest()[:12]
        stored, change = self._store(f"fetched/{name}{suffix}", body)
        header_charset = requests.utils.get_encoding_from_headers(response.headers) if "charset" in content_type else ""
        page_charset = META_CHARSET.search(body[:4096])
        entry.update(
            report_id=Path(stored).stem.replace(".", "-"),
            file=stored,
            original_name=original,
            url=url,
            final_url=response.url,
            retrieved=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            http_status=str(response.status_code),
            content_type=content_type,
            charset_header=header_charset or "",
            charset_page=page_charset.group(1).decode() if page_charset else "",
            part_of=part_of,
        )
        self._record(entry)
        result = Fetched(url, stored, "; ".join(filter(None, [note, change])))
        if suffix == ".html" and not part_of:
            for n, link in enumerate(sorted(set(ATTACHMENT.findall(body.decode("latin-1")))), start=1):
                attached = self.fetch(urljoin(response.url, link), f"{name}-att{n}", part_of=entry["report_id"])
                result.attachments.append(attached.file or attached.error)
        return result

    def _store(self, relative: str, body: bytes) -> tuple[str, str]:
        """Write ``body`` under ``relative``; a different existing file is kept and the new
        one goes beside it. Returns the stored path and a note on any change."""
        target = self.sources / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        change = ""
        if target.exists() and target.read_bytes() != body:
            stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%d-%H%M%S")
            target = target.with_name(f"{target.stem}.{stamp}{target.suffix}")
            change = f"the source changed since it was fetched; the new version is {target.name}, the old one kept"
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".fetch-")
        with os.fdopen(handle, "wb") as out:
            out.write(body)
        os.replace(temporary, target)
        return target.relative_to(self.sources).as_posix(), change

    def _record(self, entry: dict[str, str]) -> None:
        """Add the entry; an id another file already has gets -2, -3 … (ids name one file)."""
        manifest = read_manifest(self.sources)
        taken = {e["report_id"] for f, e in manifest.items() if f != entry["file"]}
        base, n = entry["report_id"], 2
        while entry["report_id"] in taken:
            entry["report_id"], n = f"{base}-{n}", n + 1
        manifest[entry["file"]] = entry
        write_manifest(self.sources, list(manifest.values()))


def _declared(content_type: str) -> str:
    kind = content_type.split(";")[0].strip().lower()
    return {
        "application/pdf": ".pdf",
        "text/html": ".html",
        "text/plain": ".txt",
        "application/msword": ".doc",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    }.get(kind, "")
