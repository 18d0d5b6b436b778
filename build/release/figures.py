"""Figures drawn at release time so a reader sees what is inside before loading it.

SVG with a fixed hash salt and no date, so the same data gives the same bytes.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (the backend must be chosen first)
import pandas as pd  # noqa: E402

OUTCOMES = {
    "requests.granted": "granted", "requests.partial": "partly granted", "requests.denied.": "denied",
    "requests.unable.": "unable to provide", "requests.not_processed.": "not processed", "requests.other.": "other",
}


def _outcome(indicator: str, layout: str) -> str | None:
    """The outcome group of a leaf row (subtotal rows are left out, never counted twice);
    其他处理 is itself a leaf in the 2019 layout."""
    if indicator == "requests.other" and layout == "gb2019":
        return "other"
    return next((name for prefix, name in OUTCOMES.items()
                 if indicator == prefix or (prefix.endswith(".") and indicator.startswith(prefix))), None)


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


def draw(reports: pd.DataFrame, facts: pd.DataFrame, folder: Path) -> list[Path]:
    """Reports by year and layout, by level, and requests by outcome over the years."""
    plt.rcParams["svg.hashsalt"] = "ogidata"
    folder.mkdir(parents=True, exist_ok=True)

    figure, axis = plt.subplots(figsize=(7, 3.2))
    counts = reports.dropna(subset=["year"]).groupby(["year", "layout"]).size().unstack(fill_value=0)
    if not counts.empty:
        counts.plot.bar(stacked=True, ax=axis, width=0.8)
    by_year = _save(figure, axis, folder / "reports_by_year.svg", "Reports by year and layout", "report year", "reports")

    figure, axis = plt.subplots(figsize=(5, 3))
    reports["admin_level"].fillna("unknown").value_counts().sort_index().plot.barh(ax=axis)
    by_level = _save(figure, axis, folder / "reports_by_level.svg", "Reports by administrative level", "reports")

    figure, axis = plt.subplots(figsize=(7, 3.2))
    rows = facts[(facts["source"] == "table") & (facts["applicant"] == "total")]
    rows = rows.merge(reports[["report_id", "year", "layout"]], on="report_id")
    rows = rows.assign(outcome=[_outcome(i, l) for i, l in zip(rows["indicator"], rows["layout"])])
    rows = rows.dropna(subset=["outcome"])
    table = rows.groupby(["year", "outcome"])["value"].sum().unstack(fill_value=0)
    if not table.empty:
        table.plot.bar(stacked=True, ax=axis, width=0.8)
    by_outcome = _save(figure, axis, folder / "requests_by_outcome.svg",
                       "Requests by outcome (2019/2021 layouts, totals column)", "report year", "requests")
    return [by_year, by_level, by_outcome]
