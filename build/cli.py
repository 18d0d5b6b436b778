"""The ``ogidata`` command."""

from __future__ import annotations

from pathlib import Path

import typer

from .pipeline import build as run_build

app = typer.Typer(help="Build the ogidata dataset from report texts.", no_args_is_help=True, add_completion=False)


@app.callback()
def main() -> None:
    """ogidata: the open dataset of Chinese government information disclosure annual reports."""


@app.command()
def build(
    sources: Path = typer.Option(Path("sources"), "--sources", help="Folder of report files (with an optional manifest.csv)."),
    out: Path = typer.Option(Path("dist"), "--out", help="Folder to write the data package into."),
    strict: bool = typer.Option(False, "--strict", help="Exit with status 1 when any source file could not be read."),
) -> None:
    """Extract every report in SOURCES and write the data package to OUT."""
    if not sources.is_dir():
        raise typer.BadParameter(f"'{sources}' is not a folder", param_hint="--sources")
    result = run_build(sources, out)
    facts = sum(len(x.facts) for x in result.extractions)
    failed = sum(1 for x in result.extractions for c in x.checks if not c.passed)
    typer.echo(f"built {len(result.extractions)} reports, {facts} facts, {failed} failed checks → {result.descriptor}")
    for name, reason in result.errors:
        typer.echo(f"error: {sources / name}: {reason} (left out of the package)", err=True)
    if result.errors and strict:
        raise typer.Exit(1)
