"""The release descriptor: the repository's ``datapackage.json`` plus file statistics.

Only CSV resources are listed (the R client reads every resource as delimited text);
each points to its Parquet twin with the custom ``parquet`` property and carries its
row count in ``rows``. The descriptor stays within Data Package v1, which both the
Python and the R frictionless clients read without warnings.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pandas as pd

from .write import file_stats, frame, load_template, write_csv, write_parquet

DESCRIPTOR = "datapackage.json"


def write_package(tables: dict[str, list[dict[str, Any]]], out: Path, template: dict[str, Any] | None = None) -> Path:
    """Write every resource of the template from ``tables`` and the descriptor beside them."""
    package = copy.deepcopy(template or load_template())
    (out / "data").mkdir(parents=True, exist_ok=True)
    for resource in package["resources"]:
        name = resource["name"]
        data: pd.DataFrame = frame(tables[name], resource["schema"])
        csv_path = out / resource["path"]
        parquet_path = csv_path.with_suffix(".parquet")
        write_csv(data, csv_path)
        write_parquet(data, parquet_path)
        resource.update(file_stats(csv_path))
        resource["rows"] = len(data)
        resource["parquet"] = {"path": parquet_path.relative_to(out).as_posix(), **file_stats(parquet_path)}
    path = out / DESCRIPTOR
    path.write_text(json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path
