"""Validating a built package: Frictionless for the schema, Great Expectations for the rest.

Frictionless checks what the descriptor declares (types, primary and foreign keys).
The Great Expectations suites in ``validation/`` (reviewable JSON, one per resource)
check values, coverage and plausibility; each expectation's meta says why it exists
and whether it is critical. Validation reads the files as written, through the same
loader users call. Three derived columns are added before the suites run:
``reports.year_end`` (31 December of the report year), ``checks.failed`` (1.0 when
the identity fails) and ``panel.facts_missing`` (how many of a panel row's ``fact_ids`` the
facts table lacks), and the suites' ``$PARAMETER`` values come from the package itself
(report ids, indicator ids), the code table (region codes) and the clock (current year).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import warnings
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .package.files import file_stats
from .package.load import TypeProblems, load_resource, read_descriptor
from .paths import SUITES

EXAMPLES = 5  # rows quoted per failed expectation
# Expectations on an aggregate of the rows a row_condition selects: with no such rows
# there is nothing to judge (a package of pre-2019 reports has no request-table checks),
# so they are reported as not applicable instead of failing on the mean of nothing.
AGGREGATES = ("expect_column_mean_to_be_between", "expect_column_proportion_of_non_null_values_to_be_between")


@dataclass
class Failure:
    """One failed expectation: where, why it exists, whether it is critical, how many rows
    failed and a few of them."""

    resource: str
    expectation: str
    column: str
    why: str
    critical: bool
    count: int | None
    rows: list[str] = field(default_factory=list)


@dataclass
class Validation:
    """The outcome of validating a package: schema errors, failed expectations, and every
    expectation's outcome for result.json."""

    failures: list[Failure] = field(default_factory=list)
    schema_errors: list[str] = field(default_factory=list)  # from Frictionless
    evaluated: int = 0
    records: list[dict[str, Any]] = field(default_factory=list)  # every expectation's outcome, for result.json
    not_applicable: list[dict[str, Any]] = field(default_factory=list)  # aggregates over no rows, not run

    @property
    def ok(self) -> bool:
        """Whether the package passes: no schema error and no critical failure (the others are
        warnings)."""
        return not self.schema_errors and not any(f.critical for f in self.failures)

    def summary(self) -> str:
        """The verdict for a person: the counts, the first 50 schema errors, then every failure
        with why its expectation exists and the rows it quotes."""
        lines = [
            f"{self.evaluated} expectations evaluated, {len(self.failures)} failed "
            f"({sum(f.critical for f in self.failures)} critical); {len(self.schema_errors)} schema errors"
            + (f"; {len(self.not_applicable)} not applicable (no rows to judge)" if self.not_applicable else "")
        ]
        lines += [f"schema: {e}" for e in self.schema_errors[:50]]
        for f in self.failures:
            label = "CRITICAL" if f.critical else "warning"
            count = f" — {f.count} rows" if f.count else ""
            lines.append(f"{label} {f.resource}.{f.column or '*'}: {f.expectation}{count}. Why: {f.why}")
            lines += [f"    {row}" for row in f.rows]
        return "\n".join(lines)


def _frictionless_errors(package: Path) -> list[str]:
    from frictionless import Package

    report = Package(str(package / "datapackage.json")).validate()
    errors = []
    for task in report.tasks:
        for error in task.errors:
            where = f"row {getattr(error, 'row_number', '?')}" if hasattr(error, "row_number") else ""
            errors.append(f"{task.name} {where}: {error.message}".replace("  ", " "))
    errors += [f"package: {e.message}" for e in report.errors]
    return errors


def _frames(package: Path, problems: TypeProblems) -> dict[str, pd.DataFrame]:
    """Every resource as users load it (cells not of their type noted in ``problems``), with
    the columns the suites check that the package does not hold: reports.year_end,
    checks.failed and panel.facts_missing."""
    frames = {r["name"]: load_resource(package, r["name"], problems) for r in read_descriptor(package)["resources"]}
    reports, checks = frames.get("reports"), frames.get("checks")
    if reports is not None and "year" in reports:
        reports["year_end"] = pd.to_datetime(reports["year"].astype("string") + "-12-31", errors="coerce")
    if checks is not None and "passed" in checks:
        checks["failed"] = (~checks["passed"].fillna(True)).astype(float)
    panel, facts = frames.get("panel"), frames.get("facts")
    if panel is not None and "fact_ids" in panel:  # without a facts table every fact is missing
        known = set(facts["fact_id"].dropna()) if facts is not None and "fact_id" in facts else set()
        panel["facts_missing"] = [
            sum(i not in known for i in ids.split()) if isinstance(ids, str) else 0 for ids in panel["fact_ids"]
        ]
    return frames


def _parameters(frames: dict[str, pd.DataFrame]) -> dict[str, Any]:
    """The values of the suites' ``$PARAMETER`` placeholders: the current year, the code table's
    region codes, and the ids the package itself holds."""
    from .extraction.region import all_codes

    def ids(resource: str, column: str) -> list[str]:
        frame = frames.get(resource)
        return sorted(frame[column].dropna().unique().tolist()) if frame is not None and column in frame else []

    return {
        "current_year": dt.date.today().year,
        "region_codes": sorted(all_codes()),
        "report_ids": ids("reports", "report_id"),
        "indicator_ids": ids("indicators", "indicator"),
        "organ_ids": ids("organs", "organ_id"),
        "measure_ids": ids("crosswalk", "measure"),
    }


def _where(frame: pd.DataFrame, index: int) -> str:
    parts = [f"row {index + 2}"]
    for column in ("report_id", "fact_id", "check_id", "line"):
        if column in frame.columns and pd.notna(frame.at[index, column]):
            parts.append(f"{column}={frame.at[index, column]}")
    return ", ".join(parts)


def _file_problems(package: Path) -> list[str]:
    """What keeps the package from being read at all, each naming the file: a descriptor
    that is not JSON or not a package, a CSV missing, empty or not as described (bytes,
    SHA-256), a Parquet part missing, not as described, or holding other than the CSV's rows.
    When there are any, nothing else is checked: the rest would only fail on the same files.
    Files are hashed a block at a time: a CSV of a million reports is never held whole."""
    import pyarrow.parquet as pq

    try:
        descriptor = read_descriptor(package)
        resources = descriptor["resources"]
        assert isinstance(resources, list) and all(isinstance(r, dict) and "path" in r for r in resources)
    except (OSError, ValueError, KeyError, TypeError, AssertionError) as error:
        return [f"{package / 'datapackage.json'}: not a data package descriptor ({type(error).__name__}: {error})"]
    problems = []
    for resource in resources:
        csv = package / resource["path"]
        try:
            stats = file_stats(csv)
            with csv.open("rb") as handle:
                empty = not handle.read(4096).strip()
        except OSError as error:
            problems.append(f"{csv}: cannot be read ({error.strerror or error})")
            continue
        if empty:
            problems.append(f"{csv}: empty (not even the header)")
        elif resource.get("bytes") is not None and (stats["bytes"], stats["hash"]) != (
            resource["bytes"],
            resource.get("hash"),
        ):
            problems.append(f"{csv}: not the file the descriptor describes (bytes or SHA-256 differ)")
        rows, parts_ok = 0, True
        for part in (resource.get("parquet") or {}).get("parts", []):
            path = package / part["path"]
            try:
                stats = file_stats(path)
            except OSError as error:
                problems.append(f"{path}: Parquet part cannot be read ({error.strerror or error})")
                parts_ok = False
                continue
            if (stats["bytes"], stats["hash"]) != (part.get("bytes"), part.get("hash")):
                problems.append(f"{path}: not the Parquet part the descriptor describes (bytes or SHA-256 differ)")
                parts_ok = False
                continue
            try:
                rows += pq.ParquetFile(path).metadata.num_rows
            except Exception as error:  # noqa: BLE001 - any reading failure is the file's problem
                problems.append(f"{path}: not a readable Parquet file ({error})")
                parts_ok = False
        if parts_ok and resource.get("parquet") and resource.get("rows") is not None and rows != resource["rows"]:
            problems.append(f"{package / resource['parquet']['path']}: holds {rows} rows, the CSV {resource['rows']}")
    return problems


def _non_finite(frames: dict[str, pd.DataFrame], package: Path) -> list[str]:
    """Numbers that are no numbers (inf, -inf, nan printed in a CSV): never a count or a sum."""
    found = []
    for resource in read_descriptor(package)["resources"]:
        frame = frames.get(resource["name"])
        for spec in resource["schema"]["fields"]:
            if spec["type"] == "number" and frame is not None and spec["name"] in frame:
                values = frame[spec["name"]].astype("float64")
                bad = values.notna() & ~values.between(-float("inf"), float("inf"), inclusive="neither")
                found += [
                    f"{resource['name']} row {int(i) + 2} column {spec['name']}: '{values[i]}' is not a finite number"
                    for i in frame.index[bad][:EXAMPLES]
                ]
    return found


def validate(package: Path, out: Path | None = None, suites: Path = SUITES) -> Validation:
    """Validate the package folder ``package``; write result.json and Data Docs into ``out``.
    A package that cannot be read is reported file by file, never with a traceback."""
    problems = _file_problems(package)
    if problems:
        result = Validation(schema_errors=problems)
        _write_result(result, out)
        return result
    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    # The suites keep GX 1.x string row conditions, readable in JSON; GX 2 is not allowed by the dependencies.
    warnings.filterwarnings("ignore", message=".*(row_condition|condition_parser).*", category=DeprecationWarning)
    # Frictionless reads every row in Python; it runs in a process of its own while the
    # suites run here, so validation takes about as long as the slower of the two.
    with ProcessPoolExecutor(max_workers=1) as pool:
        schema = pool.submit(_frictionless_errors, package)
        try:
            result = _run_suites(package, out, suites)
        except Exception as error:  # noqa: BLE001 - a malformed package gets a message, not a traceback
            result = Validation(
                schema_errors=[f"{package}: the package could not be checked ({type(error).__name__}: {error})"]
            )
        try:
            result.schema_errors[:0] = schema.result()
        except Exception as error:  # noqa: BLE001 - likewise for Frictionless
            result.schema_errors.insert(
                0, f"{package}: Frictionless could not check it ({type(error).__name__}: {error})"
            )
    _write_result(result, out)
    return result


def _write_result(result: Validation, out: Path | None) -> None:
    """Write result.json into ``out`` (nothing when it is None): the verdict, the counts, the
    schema errors, the failures and every expectation's outcome."""
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        document = {
            "ok": result.ok,
            "evaluated": result.evaluated,
            "schema_errors": result.schema_errors,
            "failures": [asdict(f) for f in result.failures],
            "expectations": result.records,
            "not_applicable": result.not_applicable,
        }
        (out / "result.json").write_text(
            json.dumps(document, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8"
        )


def _selects_nothing(expectation: dict[str, Any], frame: pd.DataFrame) -> bool:
    """Whether an aggregate expectation has no rows to aggregate (filtered as GX filters them)."""
    if expectation["type"] not in AGGREGATES:
        return False
    kwargs = expectation["kwargs"]
    condition = kwargs.get("row_condition")
    selected = frame.query(condition, parser=kwargs.get("condition_parser", "pandas")) if condition else frame
    return selected.empty


def _run_suites(package: Path, out: Path | None, suites: Path) -> Validation:
    """Load the package and run every suite in ``suites`` on it (Data Docs into ``out`` when
    given); cells of the wrong type and numbers that are not finite count as schema errors, and
    an aggregate over no rows is set aside as not applicable."""
    import great_expectations as gx
    from great_expectations.checkpoint import UpdateDataDocsAction

    result = Validation()
    problems = TypeProblems()
    frames = _frames(package, problems)
    result.schema_errors += [
        f"{r} row {n} column {c}: '{v}' is not of the declared type" for r, c, n, v in problems.cells
    ]
    result.schema_errors += _non_finite(frames, package)
    parameters = _parameters(frames)
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    if out is not None:
        context.add_data_docs_site(
            "ogidata",
            {
                "class_name": "SiteBuilder",
                "store_backend": {
                    "class_name": "TupleFilesystemStoreBackend",
                    "base_directory": str((out / "docs").resolve()),
                },
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            },
        )  # GX's default, named for the type
    source = context.data_sources.add_pandas("ogidata")
    for path in sorted(suites.glob("*.json")):
        spec = json.loads(path.read_text(encoding="utf-8"))
        name = spec["meta"]["resource"]
        if name not in frames:
            result.schema_errors.append(f"resource '{name}' is missing from the package")
            continue
        expectations = []
        for expectation in spec["expectations"]:
            if _selects_nothing(expectation, frames[name]):
                result.not_applicable.append(
                    {
                        "resource": name,
                        "expectation": expectation["type"],
                        **expectation["kwargs"],
                        "meta": expectation.get("meta", {}),
                    }
                )
            else:
                expectations.append(expectation)
        suite = context.suites.add(gx.ExpectationSuite(name=spec["name"], expectations=expectations, meta=spec["meta"]))
        batch = source.add_dataframe_asset(name).add_batch_definition_whole_dataframe("all")
        definition = context.validation_definitions.add(gx.ValidationDefinition(name=name, data=batch, suite=suite))
        checkpoint = context.checkpoints.add(
            gx.Checkpoint(
                name=f"check_{name}",
                validation_definitions=[definition],
                result_format="COMPLETE",
                actions=[UpdateDataDocsAction(name="docs")] if out is not None else [],
            )
        )
        run = checkpoint.run(batch_parameters={"dataframe": frames[name]}, expectation_parameters=parameters)
        for outcome in next(iter(run.run_results.values())).results:
            config = outcome.expectation_config
            if config is None:  # GX types it optional; a result always carries its expectation
                continue
            kwargs = config.kwargs
            column = kwargs.get("column") or kwargs.get("column_A") or ",".join(kwargs.get("column_list", [])[:3])
            result.records.append(
                {
                    "resource": name,
                    "expectation": config.type,
                    "column": column,
                    "success": bool(outcome.success),
                    "meta": config.meta or {},
                    "unexpected_count": outcome.result.get("unexpected_count"),
                }
            )
            result.evaluated += 1
            if outcome.success:
                continue
            index = outcome.result.get("unexpected_index_list") or []
            detail = outcome.exception_info.get("exception_message") if outcome.exception_info else None
            rows = [_where(frames[name], i) for i in index[:EXAMPLES] if isinstance(i, int)]
            if not rows and outcome.result.get("observed_value") is not None:
                rows = [f"observed: {outcome.result['observed_value']}"]
            if detail:
                rows.append(f"error: {detail}")
            result.failures.append(
                Failure(
                    name,
                    config.type,
                    column,
                    (config.meta or {}).get("why", ""),
                    bool((config.meta or {}).get("critical", True)),
                    outcome.result.get("unexpected_count"),
                    rows,
                )
            )
    return result
