"""ogidata: the open dataset of Chinese government information disclosure annual reports.

The pipeline runs one way, one sub-package per stage:
``sources`` (files + manifest) → ``readers`` (file → Document) → ``extraction``
(Document → report record, facts, sections) → ``tables`` (facts → checks, data frames)
→ ``package`` (Frictionless descriptor, CSV and Parquet files).
"""

__version__ = "0.1.0"
