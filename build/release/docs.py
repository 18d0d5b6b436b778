"""The documents of a release, generated from the package metadata: the codebook
(Markdown and HTML, Chinese and English labels), the README for data users and the
validation summary. One source of metadata, so they can never disagree."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
from markdown_it import MarkdownIt


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    clean = [[str(c).replace("|", "\\|").replace("\n", " ") for c in row] for row in rows]
    return ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)] + ["| " + " | ".join(r) + " |" for r in clean]


def _twin(resource: dict[str, Any]) -> str:
    parquet = resource["parquet"]
    folder = any(part["path"] != parquet["path"] for part in parquet["parts"])
    return f"Parquet twin `{parquet['path']}`" + (" (a folder of one file per province)" if folder else "")


def codebook(descriptor: dict[str, Any], indicators: pd.DataFrame, crosswalk: pd.DataFrame) -> str:
    """The codebook in Markdown: every resource and its columns, how each layout gives the
    panel's measures, and every indicator — all from the package's own metadata."""
    lines = [f"# {descriptor['title']}", "", f"Codebook of release {descriptor['version']}.", ""]
    for resource in descriptor["resources"]:
        lines += [
            f"## {resource['name']} — {resource['title']}",
            "",
            resource["description"],
            "",
            f"File `{resource['path']}` ({resource['rows']} rows); {_twin(resource)}. "
            f"Primary key: {', '.join(resource['schema']['primaryKey'])}.",
            "",
        ]
        lines += _table(
            ["column", "type", "description (English / 中文)"],
            [[f["name"], f["type"], f["description"]] for f in resource["schema"]["fields"]],
        )
        lines.append("")
    lines += [
        "## Measures of the panel / 可比指标",
        "",
        "Each measure, then how each layout gives it: the indicators it is taken from (alternatives in order "
        "of preference, separated by |; a sum needs every part) and where its concept differs. / "
        "每个统一指标及其在各格式中的取数方式与口径差异。",
        "",
    ]
    for measure, ways in crosswalk.groupby("measure", sort=False):
        first = ways.iloc[0]
        lines += [
            f"### `{measure}` — {first['label_zh']} / {first['label_en']} ({first['unit']})",
            "",
            str(first["description"]),
            "",
        ]
        lines += _table(
            ["layout", "formula", "comparable", "note"],
            [
                [
                    w["layout"],
                    f"`{w['formula']}`" if isinstance(w["formula"], str) else "(not given)",
                    "yes" if w["comparable"] else "no",
                    w["note"] if isinstance(w["note"], str) else "",
                ]
                for _, w in ways.iterrows()
            ],
        )
        lines.append("")
    lines += ["## Indicators / 指标", ""]
    lines += _table(
        ["indicator", "layouts", "中文", "English", "unit", "parent"],
        indicators[["indicator", "layouts", "label_zh", "label_en", "unit", "parent"]].fillna("").values.tolist(),
    )
    return "\n".join(lines) + "\n"


def reference() -> str:
    """docs/indicators.md: every indicator with the labels it is printed under, the prose
    patterns, the identities and the panel's measures, from build/data (`ogidata reference`
    writes it; a test keeps the committed copy current, so it cannot drift)."""
    from ..extraction.lexicon import read_data

    aliases: dict[str, list[str]] = {}
    for row in read_data("label_aliases.csv"):
        aliases.setdefault(row["indicator"], []).append(row["label"])
    lines = [
        "# Indicators, printed labels, prose patterns and identities",
        "",
        "Generated from `build/data/` by `ogidata reference`; do not edit by hand. Indicator ids are",
        "stable: once released, an id is never renamed or reused.",
        "",
        "## Indicators",
        "",
    ]
    lines += _table(
        ["indicator", "layouts", "中文 (as the layout prints it)", "English", "unit", "parent", "also printed as"],
        [
            [
                r["indicator"],
                r["layouts"],
                r["label_zh"],
                r["label_en"],
                r["unit"],
                r["parent"],
                " · ".join(aliases.get(r["indicator"], [])),
            ]
            for r in read_data("indicators.csv")
        ],
    )
    lines += [
        "",
        "## Statistics in prose",
        "",
        "A clause before a number is matched against these patterns in order (`build/data/prose_patterns.csv`); "
        "`topic` is a word named earlier in the sentence; `-` means the layout has no such indicator.",
        "",
    ]
    lines += _table(
        ["pattern", "topic", "legacy", "2019/2021", "rank", "not when", "note"],
        [
            [
                f"`{r['pattern']}`",
                r["topic"],
                r["legacy"],
                r["gb"],
                r["rank"],
                f"`{r['exclude']}`" if r["exclude"] else "",
                r["note"],
            ]
            for r in read_data("prose_patterns.csv")
        ],
    )
    lines += ["", "## Identities (勾稽关系)", "", "Evaluated on every report; each is a row of `checks`.", ""]
    lines += _table(
        ["rule", "layouts", "evaluated", "total", "parts", "in words"],
        [
            [r["rule"], r["layouts"], r["kind"], r["total"], r["parts"], r["description"]]
            for r in read_data("identities.csv")
        ],
    )
    return "\n".join(lines) + "\n"


def html(markdown: str, title: str) -> str:
    """``markdown`` as a self-contained HTML page (its style inline), so that the codebook reads
    in a browser with no other file."""
    body = MarkdownIt("commonmark").enable("table").render(markdown)
    style = (
        "body{font-family:sans-serif;max-width:60em;margin:2em auto}table{border-collapse:collapse}"
        "td,th{border:1px solid #ccc;padding:2px 6px}"
    )
    head = f'<meta charset="utf-8"><title>{title}</title><style>{style}</style>'
    return f'<!doctype html>\n<html lang="zh"><head>{head}</head><body>\n{body}</body></html>\n'


def data_readme(descriptor: dict[str, Any], reports: pd.DataFrame, facts: pd.DataFrame, figures: list[Path]) -> str:
    """The README of a release, for data users: what it holds, its files, how to load them in
    Python and R, the conventions a reader must know, and the figures."""
    version = descriptor["version"]
    mapped = facts["indicator"].notna().sum()
    organs = reports["organ_id"].nunique() if "organ_id" in reports else None
    lines = [
        f"# ogidata {version}",
        "",
        descriptor["description"],
        "",
        f"{len(reports)} reports"
        + (f" of {organs} organs" if organs is not None else "")
        + f", {len(facts)} facts ({mapped} mapped to an indicator).",
        "",
        "## Files",
        "",
        "- `datapackage.json` — Frictionless Data Package (v1) describing every CSV file: types, descriptions in "
        "English and Chinese, keys, row counts, sizes and SHA-256.",
        "- `data/*.csv` (UTF-8) and their Parquet twins `data/*.parquet` — the tables: "
        + ", ".join(r["name"] for r in descriptor["resources"])
        + ". A table with rows per report has a folder of "
        "Parquet files, one per province (what the report id starts with), which Arrow, pandas, DuckDB and Polars "
        "read as one table.",
        "- `CODEBOOK.md` / `CODEBOOK.html` — every column and every indicator.",
        "- `validation/` — the validation result of this release.",
        "- `SHA256SUMS` — checksums of every file.",
        "",
        "## Load",
        "",
        "```python",
        "import pandas as pd",
        'facts = pd.read_parquet("data/facts.parquet")',
        "```",
        "",
        "```r",
        'facts <- readr::read_csv("data/facts.csv", na = "")',
        "```",
        "",
        "Requests received and the share granted in full, by organ and year, in every layout (`panel_wide`: one row "
        "per organ and year, one column per measure; `panel` says where each number came from and whether the "
        "measure is comparable across layouts; `crosswalk` how each is made):",
        "",
        "```python",
        'wide = pd.read_parquet("data/panel_wide.parquet")',
        'wide["share_granted"] = wide["requests_granted"] / wide["requests_handled"]',
        'wide[["organ", "year", "layout", "requests_received", "share_granted"]]',
        "```",
        "",
        "```r",
        'wide <- readr::read_csv("data/panel_wide.csv", na = "")',
        "wide$share_granted <- wide$requests_granted / wide$requests_handled",
        "```",
        "",
        "In R the `frictionless` package reads integers as doubles and ignores primary and foreign keys.",
        "Excel opens UTF-8 CSV files correctly only through Data → From Text/CSV.",
        "",
        "## Conventions",
        "",
        "A blank is missing, never zero. Numbers are as published; `checks` records where they do not add up. "
        "`facts.quality` is `exact`, `inferred` (placed by a layout rule, an identity or another copy), "
        "`ocr` (read from a scan; see `confidence`) or `ambiguous` (kept unmapped, never guessed).",
        "",
        "One row of `reports` per organ and year: the renderings of one report (a page and its crawled text, "
        "PDF and Word copies) are one report, read from the best one; every file is in `report_files`, with where "
        "it came from, and numbers a rendering prints differently are failed checks `rendering[k]:…`. A distinct "
        "second report of an organ and year has `edition` 2. `organ_id` (the `organs` table) stays the same "
        "across years and renamings.",
        "",
        "## What is inside",
        "",
    ]
    lines += [f"![{p.stem.replace('_', ' ')}](figures/{p.name})" for p in figures]
    return "\n".join(lines) + "\n"


def validation_summary(text: str) -> str:
    """The validation summary as a Markdown page, the text kept as it is in a code block."""
    return "# Validation of this release\n\n```text\n" + text + "\n```\n"
