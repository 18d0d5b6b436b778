"""Figures drawn at release time so a reader sees what is inside before loading it.

SVG with a fixed hash salt and no date, so the same data gives the same bytes.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (the backend must be chosen first)
import pandas as pd  # noqa: E402

OUTCOMES = {  # panel measures → the figure's legend, in the order stacked
    "requests_granted": "granted",
    "requests_partial": "partly granted",
    "requests_denied": "denied",
    "requests_unable": "unable to provide",
    "requests_not_processed": "not processed",
    "requests_other": "other",
}


def _save(figure: plt.Figure, axis: plt.Axes, path: Path, title: str, xlabel: str, ylabel: str | None = None) -> Path:
    """Label and write one chart (no date or creator in the SVG, so releases are reproducible)."""
    axis.set_title(title)
    axis.set_xlabel(xlabel)
    if ylabel is not None:  # else keep the axis label pandas drew
        axis.set_ylabel(ylabel)
    figure.tight_layout()
    figure.savefig(path, format="svg", metadata={"Date": None, "Creator": None})
    plt.close(figure)
    return path


def draw(reports: pd.DataFrame, panel: pd.DataFrame, folder: Path) -> list[Path]:
    """Reports by year and layout, by level, and requests by outcome over the years (from the panel)."""
    plt.rcParams["svg.hashsalt"] = "ogidata"
    folder.mkdir(parents=True, exist_ok=True)

    figure, axis = plt.subplots(figsize=(7, 3.2))
    counts = reports.dropna(subset=["year"]).groupby(["year", "layout"]).size().unstack(fill_value=0)
    if not counts.empty:
        counts.plot.bar(stacked=True, ax=axis, width=0.8)
    by_year = _save(
        figure, axis, folder / "reports_by_year.svg", "Reports by year and layout", "report year", "reports"
    )

    figure, axis = plt.subplots(figsize=(5, 3))
    reports["admin_level"].fillna("unknown").value_counts().sort_index().plot.barh(ax=axis)
    by_level = _save(figure, axis, folder / "reports_by_level.svg", "Reports by administrative level", "reports")

    figure, axis = plt.subplots(figsize=(7, 3.2))
    # The panel's outcome measures in the 2019 and 2021 layouts (the legacy table's outcomes are
    # other categories: see the crosswalk), once per organ and year: a second distinct report of
    # a year is left out.
    rows = panel[
        panel["measure"].isin(list(OUTCOMES)) & (panel["layout"] != "legacy") & (panel["edition"] == 1)
    ].dropna(subset=["value", "year"])
    table = rows.assign(outcome=rows["measure"].map(OUTCOMES)).pivot_table(
        index="year", columns="outcome", values="value", aggfunc="sum", fill_value=0
    )
    table = table[[name for name in OUTCOMES.values() if name in table.columns]]
    if not table.empty:
        table.plot.bar(stacked=True, ax=axis, width=0.8)
    by_outcome = _save(
        figure,
        axis,
        folder / "requests_by_outcome.svg",
        "Requests by outcome (2019/2021 layouts, once per organ and year)",
        "report year",
        "requests",
    )
    return [by_year, by_level, by_outcome]
