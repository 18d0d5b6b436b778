"""Shared fixtures: the seed build is made once per test session."""

from __future__ import annotations

import csv
import http.server
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from ogidata.bench import SEED_REPORTS
from ogidata.pipeline import BuildResult, build
from ogidata.sources.manifest import FIELDS

# Each test session extracts afresh into its own cache, never the user's.
os.environ["OGIDATA_CACHE"] = tempfile.mkdtemp(prefix="ogidata-test-cache-")

REPO = Path(__file__).resolve().parents[1]
COLLECTION = REPO / "sources"  # the whole collection: the seeds and the reports of the archives
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED_IDS = SEED_REPORTS  # the five reports the project started from (shared/seeds), in the collection


def _seed_folder() -> Path:
    """A sources folder of the five seeds alone, with their manifest rows: the small build
    most tests need (the whole collection has its own fixture)."""
    folder = Path(tempfile.mkdtemp(prefix="ogidata-seeds-"))
    (folder / "reports").mkdir()
    with (COLLECTION / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["report_id"] in SEED_IDS]
    assert len(rows) == len(SEED_IDS)
    for row in rows:
        shutil.copyfile(COLLECTION / row["file"], folder / row["file"])
    with (folder / "manifest.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(FIELDS), extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return folder


SOURCES = _seed_folder()


@pytest.fixture(scope="session")
def real_lines() -> list[str]:
    """Every line of the text and web page reports among the sources and the corpus."""
    from ogidata.readers.dispatch import read_document

    files = [
        p
        for folder in (COLLECTION / "reports", FIXTURES / "corpus" / "reports")
        for p in sorted(folder.iterdir())
        if p.suffix in (".txt", ".html")
    ]
    return [line for p in files for line in read_document(p.name, p.read_bytes()).text.split("\n")]


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build(SOURCES, tmp_path_factory.mktemp("dist"))


@pytest.fixture(scope="session")
def collection_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build(COLLECTION, tmp_path_factory.mktemp("collection"), jobs=2)


@pytest.fixture(scope="session")
def expected_facts() -> list[dict[str, str]]:
    """Facts of the five seeds as a careful reader takes them from the texts (hand-checked)."""
    with (FIXTURES / "seeds_expected.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up on an endless body is what the tests want, not an error to print."""


@contextmanager
def serving(handler: Callable[..., Any]) -> Iterator[str]:
    """A web server on 127.0.0.1 answering with ``handler`` in threads; its base URL."""
    httpd = _QuietServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True  # a handler still sending an endless body does not hold the test
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
