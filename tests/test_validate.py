"""The validation suites bite: a good build passes; each kind of corruption fails, named."""

from __future__ import annotations

import csv
import json
import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from ogidata.package.files import file_stats
from ogidata.pipeline import BuildResult
from ogidata.validate import Validation, validate

pytestmark = pytest.mark.slow


def _restat(package: Path) -> None:
    """Recompute bytes and hashes, as a build that wrote bad data consistently would."""
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        resource.update(file_stats(package / resource["path"]))
    (package / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")


def _edit(
    package: Path, name: str, change: Callable[[list[dict[str, str]]], list[dict[str, str]]], drop: str | None = None
) -> None:
    path = package / "data" / f"{name}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields = [f for f in (reader.fieldnames or []) if f != drop]
        rows = change(list(reader))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    _restat(package)


@pytest.fixture
def package(seed_build: BuildResult, tmp_path: Path) -> Path:
    copy = tmp_path / "dist"
    shutil.copytree(seed_build.descriptor.parent, copy)
    return copy


def _first(rows: list[dict[str, str]], **where: str) -> dict[str, str]:
    return next(r for r in rows if all(r[k] == v for k, v in where.items()))


def test_a_good_build_passes_and_writes_its_report(package: Path) -> None:
    result = validate(package, package / "validation")
    assert result.ok, result.summary()
    assert result.evaluated >= 50
    document = json.loads((package / "validation" / "result.json").read_text(encoding="utf-8"))
    assert document["ok"] is True and len(document["expectations"]) == result.evaluated
    assert (package / "validation" / "docs" / "index.html").exists()


def _failed(result: Validation, resource: str, column: str, expectation: str) -> str:
    assert not result.ok, "a corrupted package passed validation"
    lines = result.summary()
    assert any(
        f.resource == resource and f.column.startswith(column) and f.expectation == expectation and f.critical
        for f in result.failures
    ), lines
    return lines


def test_duplicate_report_id(package: Path) -> None:
    _edit(package, "reports", lambda rows: rows + [rows[0]])
    summary = _failed(validate(package), "reports", "report_id", "expect_column_values_to_be_unique")
    assert "row 7, report_id=anhui-yejiqu-gov-2016" in summary


def test_negative_count(package: Path) -> None:
    def change(rows: list[dict[str, str]]) -> list[dict[str, str]]:
        _first(rows, fact_id="henan-luyixian-gov-2019/0040")["value"] = "-5"
        return rows

    _edit(package, "facts", change)
    summary = _failed(validate(package), "facts", "value", "expect_column_values_to_be_between")
    assert "fact_id=henan-luyixian-gov-2019/0040" in summary


def test_unknown_indicator(package: Path) -> None:
    def change(rows: list[dict[str, str]]) -> list[dict[str, str]]:
        _first(rows, indicator="legacy.capacity.staff", source="table")["indicator"] = "legacy.capacity.staf"
        return rows

    _edit(package, "facts", change)
    summary = _failed(validate(package), "facts", "indicator", "expect_column_values_to_be_in_set")
    assert "report_id=guizhou-xifengxian-minzhengju-2018" in summary and "line=241" in summary


def test_dangling_report_id(package: Path) -> None:
    def change(rows: list[dict[str, str]]) -> list[dict[str, str]]:
        rows[0]["report_id"] = "nowhere-2020"
        return rows

    _edit(package, "facts", change)
    result = validate(package)
    summary = _failed(result, "facts", "report_id", "expect_column_values_to_be_in_set")
    assert "row 2, report_id=nowhere-2020" in summary
    assert any("foreign" in e.lower() for e in result.schema_errors)


def test_missing_column(package: Path) -> None:
    _edit(package, "facts", lambda rows: rows, drop="unit")
    result = validate(package)
    _failed(result, "facts", "fact_id", "expect_table_columns_to_match_ordered_list")


def test_wrong_type(package: Path) -> None:
    def change(rows: list[dict[str, str]]) -> list[dict[str, str]]:
        rows[3]["line"] = "twelve"
        return rows

    _edit(package, "facts", change)
    result = validate(package)
    assert not result.ok
    assert "facts row 5 column line: 'twelve' is not of the declared type" in result.schema_errors


def test_jump_in_identity_failures(package: Path) -> None:
    def change(rows: list[dict[str, str]]) -> list[dict[str, str]]:
        for row in rows:
            if row["rule"].startswith("requests.balance"):
                row["passed"] = "false"
        return rows

    _edit(package, "checks", change)
    summary = _failed(validate(package), "checks", "failed", "expect_column_mean_to_be_between")
    assert "requests.balance" in summary


def test_a_glued_run_no_copy_settles_is_blank_and_valid(tmp_path: Path) -> None:
    """Pingtan 2015 (a crawl) glues the 条 column of 主动公开文件数 and 政府网站公开数 into
    "294981916"; alone, with no copy printing the cells apart, both facts keep the digits
    and no value, and the package still conforms to its schema (a blank value is allowed)."""
    from ogidata.cache import ExtractionCache
    from ogidata.pipeline import build

    folder = tmp_path / "s"
    folder.mkdir()
    shutil.copy(Path(__file__).parent / "fixtures" / "corpus" / "reports" / "full_05.txt", folder)
    build(folder, tmp_path / "out", cache=ExtractionCache(tmp_path / "cache"))
    with (tmp_path / "out" / "data" / "facts.csv").open(encoding="utf-8", newline="") as handle:
        blank = [r for r in csv.DictReader(handle) if r["value"] == ""]
    assert [(r["raw_label"], r["raw_value"], r["quality"], r["indicator"]) for r in blank] == [
        ("主动公开文件数", "294981916", "ambiguous", ""),
        ("政府网站公开数", "294981916", "ambiguous", ""),
    ]
    result = validate(tmp_path / "out")
    assert result.schema_errors == [], result.schema_errors
    assert not any(f.column == "value" for f in result.failures)


def test_a_package_of_one_legacy_report_is_valid(tmp_path: Path) -> None:
    """Yeji district 2016 (a seed, legacy layout, 8 facts) yields no identity checks and no
    report of the later layouts: the failure-rate plausibility expectations and the panel's
    coverage of the later layouts have no rows to judge and are reported as not applicable,
    instead of failing the package on the mean of nothing."""
    from ogidata.cache import ExtractionCache
    from ogidata.pipeline import build

    folder = tmp_path / "s"
    folder.mkdir()
    shutil.copy(Path(__file__).parents[1] / "sources" / "reports" / "anhui-yejiqu-gov-2016.txt", folder)
    build(folder, tmp_path / "out", cache=ExtractionCache(tmp_path / "cache"))
    result = validate(tmp_path / "out", tmp_path / "out" / "validation")
    assert result.ok, result.summary()
    skipped = [e.get("row_condition", "") for e in result.not_applicable]
    assert sorted(Counter((e["resource"], e["expectation"]) for e in result.not_applicable).items()) == [
        (("checks", "expect_column_mean_to_be_between"), 7),
        (("panel_wide", "expect_column_proportion_of_non_null_values_to_be_between"), 5),
    ]
    assert 'rule.str.startswith("requests.balance") == True' in skipped and 'layout != "legacy"' in skipped
    assert "12 not applicable" in result.summary()
    document = json.loads((tmp_path / "out" / "validation" / "result.json").read_text(encoding="utf-8"))
    assert len(document["not_applicable"]) == 12 and document["ok"] is True


def _schema_errors(package: Path) -> list[str]:
    result = validate(package)
    assert not result.ok
    return result.schema_errors


def test_a_descriptor_that_is_not_json_is_named(package: Path) -> None:
    (package / "datapackage.json").write_text("{not json", encoding="utf-8")
    (error,) = _schema_errors(package)
    assert error.startswith(f"{package / 'datapackage.json'}: not a data package descriptor (JSONDecodeError")


def test_a_missing_or_empty_csv_is_named(package: Path) -> None:
    (package / "data" / "sections.csv").unlink()
    (package / "data" / "checks.csv").write_bytes(b"")
    errors = _schema_errors(package)
    assert f"{package / 'data' / 'sections.csv'}: cannot be read (No such file or directory)" in errors
    assert f"{package / 'data' / 'checks.csv'}: empty (not even the header)" in errors


def test_parquet_twins_are_checked(package: Path) -> None:
    """A part deleted, and another swapped for a third's bytes: each named."""
    parts = package / "data" / "facts.parquet"
    (parts / "henan.parquet").unlink()
    shutil.copyfile(parts / "anhui.parquet", parts / "jilin.parquet")
    errors = _schema_errors(package)
    assert f"{parts / 'henan.parquet'}: Parquet part cannot be read (No such file or directory)" in errors
    assert (
        f"{parts / 'jilin.parquet'}: not the Parquet part the descriptor describes (bytes or SHA-256 differ)" in errors
    )


def test_a_csv_edited_behind_the_descriptor_is_named(package: Path) -> None:
    path = package / "data" / "reports.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("\n", ",extra\n", 2), encoding="utf-8")
    assert _schema_errors(package) == [f"{path}: not the file the descriptor describes (bytes or SHA-256 differ)"]


def test_an_extra_cell_in_one_row_is_a_message_not_a_traceback(package: Path) -> None:
    path = package / "data" / "reports.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[3] += ",surplus"
    path.write_text("\n".join(lines), encoding="utf-8")
    _restat(package)
    errors = _schema_errors(package)
    assert any("reports" in e and "row 4" in e for e in errors), errors


def test_a_number_that_is_no_number_fails(package: Path) -> None:
    _edit(package, "facts", lambda rows: [{**r, "value": "inf"} if r is rows[0] else r for r in rows])
    errors = _schema_errors(package)
    assert "facts row 2 column value: 'inf' is not a finite number" in errors


def test_a_panel_value_that_traces_to_no_fact_fails(package: Path) -> None:
    def change(rows: list[dict[str, str]]) -> list[dict[str, str]]:
        _first(rows, report_id="henan-luyixian-gov-2019", measure="reviews_total")["fact_ids"] = (
            "henan-luyixian-gov-2019/9999"
        )
        return rows

    _edit(package, "panel", change)
    summary = _failed(validate(package), "panel", "facts_missing", "expect_column_values_to_be_between")
    assert "report_id=henan-luyixian-gov-2019" in summary


def test_a_blank_panel_value_made_up_from_facts_fails(package: Path) -> None:
    """A blank is missing: a row without a value names no facts (a zero filled in would)."""

    def change(rows: list[dict[str, str]]) -> list[dict[str, str]]:
        _first(rows, report_id="henan-luyixian-gov-2019", measure="reviews_total")["value"] = ""
        return rows

    _edit(package, "panel", change)
    _failed(validate(package), "panel", "fact_ids", "expect_column_values_to_be_null")


def test_a_panel_row_twice_or_negative_fails(package: Path) -> None:
    def change(rows: list[dict[str, str]]) -> list[dict[str, str]]:
        _first(rows, report_id="henan-luyixian-gov-2019", measure="requests_granted")["value"] = "-196"
        return rows + [rows[0]]

    _edit(package, "panel", change)
    result = validate(package)
    _failed(result, "panel", "report_id", "expect_compound_columns_to_be_unique")
    _failed(result, "panel", "value", "expect_column_values_to_be_between")


def test_more_granted_than_answered_is_a_warning(package: Path) -> None:
    """An organ's own table may say so (its numbers are kept as printed): reported, not critical,
    unless it is more than one report in twenty."""

    def change(rows: list[dict[str, str]]) -> list[dict[str, str]]:
        _first(rows, report_id="henan-luyixian-gov-2019")["requests_granted"] = "500"
        return rows

    _edit(package, "panel_wide", change)
    result = validate(package)
    failure = next(f for f in result.failures if f.resource == "panel_wide" and f.column.startswith("requests_handled"))
    assert not failure.critical and failure.expectation == "expect_column_pair_values_a_to_be_greater_than_b"
