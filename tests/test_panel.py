"""The panel (issue 24): measures comparable across the three layouts, one row per report and
measure, every value traced to its facts; the wide table; the crosswalk as data."""

from __future__ import annotations

import csv
import json
import os
from collections import Counter
from pathlib import Path

import pytest
from ogidata.pipeline import BuildResult
from ogidata.tables.panel import crosswalk, measures, parse

from .conftest import FIXTURES, REPO, read_csv

LAYOUTS = ("legacy", "gb2019", "gb2021")


def _data(build: BuildResult, name: str) -> list[dict[str, str]]:
    return read_csv(build.descriptor.parent / "data" / f"{name}.csv")


def test_the_crosswalk_gives_every_measure_in_every_layout_once() -> None:
    rows = read_csv(REPO / "build" / "data" / "crosswalk.csv")
    assert Counter((r["measure"], r["layout"]) for r in rows) == Counter(
        (m, layout) for m in measures() for layout in LAYOUTS
    )
    ways = crosswalk()  # raises on an indicator the codebook does not know
    assert ways[("lawsuits_total", "gb2021")].alternatives == (
        ("litigation.direct.total", "litigation.after_review.total"),
    )
    assert ways[("requests_denied", "gb2019")].alternatives[0] == ("requests.denied",)  # the printed subtotal first
    assert len(ways[("requests_denied", "gb2019")].alternatives[1]) == 8  # then its eight reasons
    # A measure a layout does not give (comparable blank), or gives with another meaning, says why.
    assert all(r["note"] for r in rows if r["comparable"] != "true")
    assert {(r["measure"], r["layout"]) for r in rows if not r["formula"]} == {
        (r["measure"], r["layout"]) for r in rows if r["comparable"] == ""
    }
    assert parse("a | b + c") == (("a",), ("b", "c")) and parse("") == ()


def test_the_descriptor_lists_every_measure() -> None:
    descriptor = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in descriptor["resources"]}
    wide = [f["name"] for f in resources["panel_wide"]["schema"]["fields"]]
    assert wide[wide.index("layout") + 1 :] == list(measures())
    measure = next(f for f in resources["panel"]["schema"]["fields"] if f["name"] == "measure")
    assert measure["constraints"]["enum"] == list(measures())


def test_every_report_has_every_measure_and_every_value_traces_to_its_facts(collection_build: BuildResult) -> None:
    reports = _data(collection_build, "reports")
    panel = _data(collection_build, "panel")
    facts = {f["fact_id"]: f for f in _data(collection_build, "facts")}
    assert len(panel) == len(reports) * len(measures())
    assert len({(r["report_id"], r["measure"]) for r in panel}) == len(panel)
    by_id = {r["report_id"]: r for r in reports}
    given = 0
    for row in panel:
        report = by_id[row["report_id"]]
        assert (row["organ_id"], row["year"], row["layout"]) == (report["organ_id"], report["year"], report["layout"])
        if not row["value"]:
            assert row["fact_ids"] == row["source"] == row["quality"] == ""  # blank: no facts, never a zero
            continue
        given += 1
        used = [facts[i] for i in row["fact_ids"].split()]
        assert all(f["report_id"] == row["report_id"] and f["applicant"] in ("", "total") for f in used)
        assert float(row["value"]) == sum(float(f["value"]) for f in used)
        assert row["source"] == (used[0]["source"] if len(used) == 1 else "sum")
        way = crosswalk()[(row["measure"], row["layout"])]
        assert tuple(f["indicator"] for f in used) in way.alternatives
    assert given > 1500  # 1,565 values in the collection of 255 reports


def test_the_wide_table_is_the_panel_one_row_per_report(collection_build: BuildResult) -> None:
    wide = _data(collection_build, "panel_wide")
    panel = {(r["report_id"], r["measure"]): r["value"] for r in _data(collection_build, "panel")}
    assert len(wide) == len(_data(collection_build, "reports"))
    assert len({(r["organ_id"], r["year"], r["edition"]) for r in wide}) == len(wide)
    for row in wide:
        assert all(row[m] == panel[(row["report_id"], m)] for m in measures())


def test_a_table_is_taken_over_its_prose(seed_build: BuildResult) -> None:
    """Luyi: 8 administrative reviews in its table, "行政复议7件" in its prose (a failed check);
    the panel takes the table's 8."""
    panel = {(r["report_id"], r["measure"]): r for r in _data(seed_build, "panel")}
    reviews = panel[("henan-luyixian-gov-2019", "reviews_total")]
    facts = {f["fact_id"]: f for f in _data(seed_build, "facts")}
    assert reviews["value"] == "8" and reviews["source"] == "table"
    assert facts[reviews["fact_ids"]]["indicator"] == "review.total"
    prose = [
        f
        for f in facts.values()
        if f["report_id"] == "henan-luyixian-gov-2019" and f["indicator"] == "review.total" and f["source"] == "text"
    ]
    assert [f["value"] for f in prose] == ["7"]
    checks = _data(seed_build, "checks")
    assert any(
        c["report_id"] == "henan-luyixian-gov-2019"
        and c["rule"] == "prose_vs_table:review.total"
        and c["passed"] == "false"
        for c in checks
    )


EXPECTED = FIXTURES / "panel_expected.csv"


@pytest.mark.parametrize("report_id", sorted({r["report_id"] for r in read_csv(EXPECTED)}))
def test_panel_values_read_by_hand(collection_build: BuildResult, report_id: str) -> None:
    """Each measure of eight reports of the three layouts as two readers took them from the
    texts by the crosswalk's rules (tests/fixtures/panel_expected.csv, with the evidence)."""
    expected = {r["measure"]: (r["value"], r["source"]) for r in read_csv(EXPECTED) if r["report_id"] == report_id}
    got = {
        r["measure"]: (r["value"], r["source"]) for r in _data(collection_build, "panel") if r["report_id"] == report_id
    }
    assert {m: (_number(v), s) for m, (v, s) in got.items()} == {m: (_number(v), s) for m, (v, s) in expected.items()}


def _number(text: str) -> float | None:
    return float(text) if text else None


def _readme_block(language: str, after: str) -> str:
    """The README's first ``language`` code block after the line that starts with ``after``."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    rest = text[text.index(after) :]
    start = rest.index(f"```{language}\n") + len(language) + 4
    return rest[start : rest.index("```", start)]


QUESTION = "Requests received and the share granted in full, by organ and year"


def test_the_readme_answers_the_question_in_pandas_r_and_duckdb(seed_build: BuildResult, tmp_path: Path) -> None:
    """The README's lines, run as they are beside a dist/ of the seeds: Luyi 2019 received 234
    requests and granted 196 of its 234 answers in full; Yeji 2016 (legacy, prose) answered
    none that it says, so its share is blank."""
    import shutil
    import subprocess
    import sys

    shutil.copytree(seed_build.descriptor.parent, tmp_path / "dist")
    python = _readme_block("python", QUESTION) + "\nprint(wide.to_csv(index=False))\n"
    done = subprocess.run([sys.executable, "-c", python], cwd=tmp_path, capture_output=True, text=True, check=True)
    rows = list(csv.DictReader(done.stdout.splitlines()))
    luyi = next(r for r in rows if r["organ_id"] == "henan-luyixian-gov")
    assert (luyi["year"], luyi["requests_received"], float(luyi["share_granted"])) == ("2019", "234.0", 196 / 234)
    assert len(rows) == 5 and next(r for r in rows if r["organ_id"] == "anhui-yejiqu-gov")["share_granted"] == ""
    duckdb = pytest.importorskip("duckdb")  # a dev dependency: make test installs it
    cwd = Path.cwd()
    try:
        os.chdir(tmp_path)
        answer = duckdb.sql(_readme_block("sql", QUESTION)).fetchall()
    finally:
        os.chdir(cwd)
    assert ("henan-luyixian-gov", "鹿邑县人民政府", 2019, "gb2019", 234.0, pytest.approx(196 / 234)) in answer
    if shutil.which("Rscript") is None:
        pytest.skip("R is not installed (make test installs it as root)")
    r = _readme_block("r", QUESTION) + "\nwrite.csv(wide, stdout(), row.names = FALSE)\n"
    done = subprocess.run(["Rscript", "-e", r], cwd=tmp_path, capture_output=True, text=True, check=True)
    printed = done.stdout[done.stdout.rindex('"report_id"') :]  # after the table the README's last line prints
    rows = list(csv.DictReader(printed.splitlines()))
    luyi = next(r for r in rows if r["organ_id"] == "henan-luyixian-gov")
    assert luyi["requests_received"] == "234" and float(luyi["share_granted"]) == pytest.approx(196 / 234, abs=1e-12)
