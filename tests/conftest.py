"""Shared fixtures: the seed build is made once per test session."""

from __future__ import annotations

import csv
import os
import tempfile
from pathlib import Path

import pytest

from ogidata.pipeline import BuildResult, build

# Each test session extracts afresh into its own cache, never the user's.
os.environ["OGIDATA_CACHE"] = tempfile.mkdtemp(prefix="ogidata-test-cache-")

REPO = Path(__file__).resolve().parents[1]
SOURCES = REPO / "sources"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build(SOURCES, tmp_path_factory.mktemp("dist"))


@pytest.fixture(scope="session")
def expected_facts() -> list[dict[str, str]]:
    """Facts of the five seeds as a careful reader takes them from the texts (hand-checked)."""
    with (FIXTURES / "seeds_expected.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
