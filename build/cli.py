"""The ``ogidata`` command."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import typer

from .compiled import CHANGED

# Each command imports what it needs when it runs: a package installed without the build's
# extras (pip install ogidata: download and load releases) still answers every --help.

app = typer.Typer(help="Build the ogidata dataset from report texts.", no_args_is_help=True, add_completion=False)


@app.callback()
def main() -> None:
    """ogidata: the open dataset of Chinese government information disclosure annual reports."""
    from .stopping import end_on_sigterm

    signal.signal(signal.SIGTERM, end_on_sigterm)  # a partial download or unpack is removed on the way out


@app.command()
def build(
    sources: Path = typer.Option(
        Path("sources"), "--sources", help="Folder of report files (with an optional manifest.csv)."
    ),
    out: Path = typer.Option(Path("dist"), "--out", help="Folder to write the data package into."),
    strict: bool = typer.Option(False, "--strict", help="Exit with status 1 when any source file could not be read."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Extract on this many local cores."),
    executor: str = typer.Option("local", "--executor", help="'local' (cores of this machine) or 'dask'."),
    scheduler: str = typer.Option(
        None, "--scheduler", help="Address of an existing Dask scheduler (with --executor dask)."
    ),
    timings: Path = typer.Option(
        None,
        "--timings",
        help="Also write the seconds each phase took (index, extract, write) and the reports extracted, "
        "as JSON, to this file.",
    ),
    each_file: bool = typer.Option(
        False,
        "--each-file",
        help="Make every file a report of its own, not joining the renderings of one report "
        "(to score each form's reader with `ogidata evaluate`).",
    ),
) -> None:
    """Extract every report in SOURCES and write the data package to OUT.

    Extractions are cached by content and code version: a rebuild re-extracts only
    what changed, and does nothing at all when nothing did."""
    from .pipeline import BuildBusy
    from .pipeline import build as run_build

    if not sources.is_dir():
        raise typer.BadParameter(f"'{sources}' is not a folder", param_hint="--sources")
    if executor not in ("local", "dask"):
        raise typer.BadParameter("choose 'local' or 'dask'", param_hint="--executor")
    if CHANGED:
        typer.echo(
            f"note: {CHANGED[0]} changed since the extraction was compiled: it runs as plain Python "
            "(slower) until `make` compiles it again",
            err=True,
        )
    try:
        result = run_build(sources, out, jobs=jobs, executor=executor, scheduler=scheduler, each_file=each_file)
    except BuildBusy as busy:
        typer.echo(f"error: {busy}", err=True)
        raise typer.Exit(1) from None
    rows = {r["name"]: r["rows"] for r in json.loads(result.descriptor.read_text(encoding="utf-8"))["resources"]}
    if result.unchanged:
        typer.echo(f"nothing changed: {result.descriptor} is current ({rows['reports']} reports)")
    else:
        typer.echo(
            f"built {rows['reports']} reports ({result.extracted} extracted, the rest from the cache), "
            f"{rows['facts']} facts, {rows['checks']} checks → {result.descriptor}"
        )
    if timings:
        timings.write_text(
            json.dumps({"extracted": result.extracted, "seconds": result.seconds}, indent=2) + "\n", encoding="utf-8"
        )
    for warning in result.warnings:
        typer.echo(f"warning: {warning}", err=True)
    for name, reason in result.errors:
        typer.echo(f"error: {sources / name}: {reason} (left out of the package)", err=True)
    if result.errors and strict:
        raise typer.Exit(1)


@app.command()
def evaluate(
    build_dir: Path = typer.Argument(Path("dist"), help="A built package folder (holding data/facts.csv)."),
    expected: Path = typer.Option(
        Path("tests/fixtures/corpus"),
        "--expected",
        help="Folder of hand-checked expectations (facts.csv, meta.csv, same_as.csv).",
    ),
    json_out: Path = typer.Option(None, "--json", help="Also write the scores and misses as JSON here."),
    min_precision: float = typer.Option(0.0, help="Exit with status 1 below this precision (0-1)."),
    min_recall: float = typer.Option(0.0, help="Exit with status 1 below this recall (0-1)."),
) -> None:
    """Score a build against expected facts and metadata: precision, recall, every miss."""
    from .evaluate import evaluate as run_evaluate
    from .evaluate import render, write_json

    score = run_evaluate(build_dir, expected)
    typer.echo(render(score))
    if json_out:
        write_json(score, json_out)
    if score.precision < min_precision or score.recall < min_recall:
        raise typer.Exit(1)


@app.command()
def add(
    files: list[Path] = typer.Argument(..., exists=True, dir_okay=False, help="Report files to add."),
    sources: Path = typer.Option(Path("sources"), "--sources", help="The sources folder to add them to."),
) -> None:
    """Copy report files into SOURCES under a proposed id and append their detected
    metadata to the manifest, for a person to review before committing."""
    from .sources.add import add_files

    for added in add_files(files, sources):
        if added.entry is None:
            typer.echo(f"skipped {added.source}: {added.reason}", err=True)
            continue
        entry = added.entry
        typer.echo(
            f"added {added.source} as {entry['file']}: {entry['organ'] or '(organ not found)'}, "
            f"{entry['year'] or '(year not found)'}, region {entry['region_code'] or '?'} — review the manifest row"
        )
        if added.rendering_of:
            typer.echo(
                f"  same organ and year as {added.rendering_of}: added as another rendering of it; if it is a "
                "distinct report, give it its own report_id and an edition (2, 3 …) with a note"
            )


@app.command()
def validate(
    package: Path = typer.Argument(Path("dist"), help="A built package folder."),
    out: Path = typer.Option(
        None, "--out", help="Where to write result.json and the HTML Data Docs (default: PACKAGE/validation)."
    ),
) -> None:
    """Validate a package: Frictionless schema checks and the Great Expectations suites in
    validation/. Exits with status 1 when a critical expectation fails."""
    from .validate import validate as run_validate

    if not (package / "datapackage.json").exists():
        raise typer.BadParameter(
            f"no datapackage.json in '{package}' — run 'ogidata build' first", param_hint="PACKAGE"
        )
    target = out or package / "validation"
    result = run_validate(package, target)
    typer.echo(result.summary())
    typer.echo(f"details: {target / 'result.json'}; report: {target / 'docs' / 'index.html'}")
    if not result.ok:
        raise typer.Exit(1)


@app.command()
def release(
    sources: Path = typer.Option(Path("sources"), "--sources", help="Folder of report files with their manifest."),
    dist: Path = typer.Option(Path("dist"), "--dist", help="Where the archive is written."),
    previous: Path = typer.Option(
        None, "--previous", help="The previous release (archive or folder), for the changelog."
    ),
) -> None:
    """Build, validate and pack dist/ogidata-VERSION.zip with its docs, changelog and checksums."""
    from .release.archive import ReleaseError
    from .release.archive import release as make_release
    from .release.version import VersionMismatch

    try:
        made = make_release(sources, dist, previous)
    except (ReleaseError, VersionMismatch) as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1) from error
    typer.echo(f"released {made.archive} (sha256 {made.sha256})")


@app.command()
def diff(
    old: Path = typer.Argument(..., exists=True, help="The older release: archive or package folder."),
    new: Path = typer.Argument(..., exists=True, help="The newer release: archive or package folder."),
) -> None:
    """List what changed between two releases: reports, fact values, indicators."""
    from .release.diff import diff as run_diff
    from .release.unpack import UnpackError

    try:
        changes = run_diff(old, new)
    except UnpackError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1) from error
    typer.echo(changes.markdown(f"{old.name} → {new.name}"))


@app.command()
def download(
    version: str = typer.Argument(None, help="Release version, e.g. 0.1.0 (default: this program's version)."),
    url: str = typer.Option(None, "--url", help="Where releases are published (default: OGIDATA_RELEASES_URL)."),
) -> None:
    """Fetch a published release, verify its SHA-256 and keep it in the user's cache."""
    from . import __version__
    from .release.download import DownloadError
    from .release.download import download as fetch

    try:
        path = fetch(version or __version__, url)
    except DownloadError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1) from error
    typer.echo(f"verified {path}")


@app.command()
def bench(
    reports: int = typer.Option(
        10_000, "--reports", min=1, help="How many synthetic reports to build (100000 for the large run)."
    ),
    jobs: int = typer.Option(os.cpu_count() or 1, "--jobs", "-j", min=1, help="Cores to extract on."),
    out: Path = typer.Option(Path("dist/bench"), "--out", help="Work folder; results-N.json is written here."),
    forms: bool = typer.Option(
        False, "--forms", help="Only time reading PDFs (text layer) and scans (OCR), in pages per second."
    ),
    extraction: bool = typer.Option(
        False, "--extraction", help="Only time the extraction alone on one core, compiled and as plain Python."
    ),
) -> None:
    """Benchmark a build of a synthetic collection made from the real reports: full build,
    validation, no-op rebuild, one changed report, rate per core, peak memory, and a
    read-and-write baseline timed in the same run."""
    from .bench import bench as run_bench
    from .bench import extraction_speed, reading_speed, table

    if extraction:
        speeds = extraction_speed()
        typer.echo(
            "extraction alone, one core, ms per report (text and web page reports of sources/ and the "
            "corpus): " + ", ".join(f"{kind} {ms}" for kind, ms in speeds.items())
        )
        return
    if forms:
        speeds = reading_speed()
        typer.echo(f"PDF text layer: {speeds['pdf']} pages/s; OCR of scans: {speeds['ocr']} pages/s (one core)")
        return
    figures = run_bench(reports, jobs, out)
    typer.echo(table(figures))
    typer.echo(f"(also in {out / f'results-{reports}.json'})")


@app.command()
def compile(  # noqa: A001 - the command's name
    if_stale: bool = typer.Option(False, "--if-stale", help="Only when a source changed since it was compiled."),
) -> None:
    """Compile the per-report extraction to C with mypyc (about 1.25× faster, same outputs);
    `make` runs it. Where it cannot (no C compiler), the extraction stays plain Python."""
    from .compiled import MODULES, RECORD, compile_modules, stale

    if if_stale and RECORD.exists() and not stale(json.loads(RECORD.read_text(encoding="utf-8"))):
        typer.echo("the compiled extraction is current")
        return
    failed = compile_modules()
    if failed:
        typer.echo(f"note: the extraction was not compiled ({failed}); it runs as plain Python", err=True)
    else:
        typer.echo(f"compiled {len(MODULES)} extraction modules with mypyc")


@app.command()
def reference(
    out: Path = typer.Option(Path("docs/indicators.md"), "--out", help="Where to write it."),
) -> None:
    """Write the reference of indicators, printed labels, prose patterns and identities, from build/data."""
    from .release.docs import reference as render

    out.write_text(render(), encoding="utf-8")
    typer.echo(f"wrote {out}")


@app.command()
def fetch(
    urls: list[str] = typer.Argument(None, help="Report page or attachment URLs."),
    from_file: Path = typer.Option(None, "--from", exists=True, dir_okay=False, help="A file with one URL per line."),
    sources: Path = typer.Option(Path("sources"), "--sources", help="The sources folder to store them in."),
    interval: float = typer.Option(1.0, "--interval", min=0, help="Seconds between two requests to one host."),
    refresh: bool = typer.Option(
        False, "--refresh", help="Fetch URLs already in the manifest again, to see whether they changed."
    ),
) -> None:
    """Download report pages (and the PDF/DOC/DOCX/XLS files they link) into SOURCES,
    recording where each came from in the manifest. Polite, resumable, and never
    overwrites a source whose content changed."""
    from .sources.fetch import Fetcher

    wanted = list(urls or [])
    if from_file:
        wanted += [line.strip() for line in from_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not wanted:
        raise typer.BadParameter("give URLs or --from FILE")
    fetcher = Fetcher(sources, interval=interval)
    failed = 0
    for url in wanted:
        done = fetcher.fetch(url, refresh=refresh)
        if done.error:
            failed += 1
            typer.echo(f"error: {done.error}", err=True)
        else:
            typer.echo(f"fetched {url} → {sources / done.file}" + (f" ({done.note})" if done.note else ""))
            for attachment in done.attachments:
                typer.echo(f"  attachment → {attachment}")
    if failed:
        raise typer.Exit(1)


if __name__ == "__main__":
    app()
