"""ogidata: the open dataset of Chinese government information disclosure annual reports.

The pipeline runs one way, one sub-package per stage:
``sources`` (files + manifest) → ``readers`` (file → Document) → ``extraction``
(Document → report record, facts, sections) → ``tables`` (facts → checks, data frames)
→ ``package`` (Frictionless descriptor, CSV and Parquet files) → ``validate``
→ ``release`` (archives, docs, diffs, downloads).

For users: ``ogidata.load("facts")`` returns a typed pandas DataFrame.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .compiled import in_use

if TYPE_CHECKING:
    import pandas as pd

__version__ = "0.2.0"
COMPILED = in_use()  # whether the extraction runs compiled (see compiled.py); checked before it is imported


def load(resource: str, source: str | Path | None = None, url: str | None = None) -> "pd.DataFrame":
    """A resource (reports, organs, facts, panel, panel_wide, crosswalk, indicators, checks, sections,
    report_files) as a pandas DataFrame
    with the schema's types: nullable integers (blanks stay missing), dates as dates.

    ``source`` is a local build folder (default ``./dist``), a release archive, a
    ``datapackage.json``, or a release version such as "0.1.0" (downloaded, verified
    against its published SHA-256 and cached).
    """
    from .package.load import load_resource
    from .release.locate import package_folder

    return load_resource(package_folder(source, url), resource)
