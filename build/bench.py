"""`ogidata bench`: measure a build of a large synthetic collection, as ratios to a baseline.

The collection varies the real reports in sources/ and tests/fixtures/corpus (every
layout and rendering, real sizes): each copy moves a template to another county and
another year, so ids differ and every file is extracted afresh. A template that names
no county (most of them: excerpts, zones, provincial organs) is given a title line
naming a county organ, since otherwise its copies would all be one report under one id.
In the same run the
plainest possible baseline is timed — reading every file and writing CSV rows of its
lines, with no extraction — so the figures mean something on any machine.
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from .extraction.metadata import detect
from .extraction.region import _counties  # the code table's county names
from .paths import CORPUS as CORPUS_FIXTURES
from .paths import SOURCES
from .readers.dispatch import read_document

# The five reports the project started from, kept in sources/ under these ids: with the corpus,
# the fixed set the synthetic collection is made of (the collection grows; the benchmark must not).
SEED_REPORTS = (
    "anhui-yejiqu-gov-2016",
    "guizhou-xifengxian-minzhengju-2018",
    "henan-luyixian-gov-2019",
    "jilin-yongjixian-yilaxizhen-gov-2014",
    "qinghai-delinghashi-zhengwufuwujianduguanliju-2020",
)
CORPUS = CORPUS_FIXTURES / "reports"
TEMPLATES = (*(SOURCES / "reports" / f"{rid}.txt" for rid in SEED_REPORTS), *sorted(CORPUS.glob("*")))
A_YEAR_IN_TEXT = re.compile(r"(20[01]\d|202[0-5])(?=\s*年)")  # the years a template is moved by
PER_FOLDER = 1000
# Organs given to templates that name no county, one per template, so that two templates
# moved to the same county are still two organs' reports.
DEPARTMENTS = (
    "人民政府",
    "人民政府办公室",
    "教育局",
    "民政局",
    "财政局",
    "卫生健康局",
    "自然资源局",
    "生态环境局",
    "交通运输局",
    "农业农村局",
    "市场监督管理局",
    "司法局",
    "审计局",
)
HTML_TITLE = re.compile(r"<title>.*?</title>", re.S | re.I)


@dataclass
class Figures:
    """One benchmark run's results, as results-N.json keeps them and ``table`` prints them: times in
    seconds, rates, peak memory, and the full build's ratio to the baseline timed in the same run."""

    reports: int
    cores: int
    baseline_s: float
    build_s: float
    extract_s: float  # the cold build's extraction phase (extracting and storing every report)
    validate_s: float
    noop_s: float
    one_resaved_s: float  # the first report saved again with a blank line added: its rows are as they were
    one_changed_s: float  # then one of its counts changed
    reports_per_s: float
    reports_per_s_per_core: float
    extracted_per_s: float  # reports / extract_s: the rate of the extraction phase alone
    build_vs_baseline: float
    peak_memory_mb: float


def _templates() -> list[tuple[str, str, str]]:
    """(suffix, text, county its organ is named after) for every real report; the county
    is empty where the organ's name holds none (a zone, a province, a text that names no organ)."""
    counties = sorted(_counties(), key=len, reverse=True)
    found = []
    for path in TEMPLATES:
        if path.suffix not in (".txt", ".html"):
            continue
        text = path.read_text(encoding="utf-8")
        organ = detect(read_document(path.name, path.read_bytes())).organ
        county = next((c for c in counties if c in organ and c in text), "")
        found.append((path.suffix, text, county))
    return found


def _named(suffix: str, text: str, organ: str) -> str:
    """The template with a title line naming ``organ`` (the page title of a web page)."""
    year = A_YEAR_IN_TEXT.search(text)
    title = f"{organ}{year.group(1) + '年' if year else ''}政府信息公开工作年度报告"
    if suffix != ".html":
        return f"{title}\n{text}"
    if HTML_TITLE.search(text):
        return HTML_TITLE.sub(lambda _: f"<title>{title}</title>", text, count=1)
    return f"<title>{title}</title>{text}"


def generate(folder: Path, n: int) -> None:
    """Write ``n`` synthetic reports (deterministic: the same n gives the same files)."""
    templates = _templates()
    counties = sorted(_counties())
    shutil.rmtree(folder, ignore_errors=True)
    for i in range(n):
        k = i % len(templates)
        suffix, text, county = templates[k]
        place = counties[(i * 7919) % len(counties)]
        shift = (i // len(counties)) % 2  # a year earlier at most: the layout era stays the template's
        text = A_YEAR_IN_TEXT.sub(lambda m: str(max(int(m.group(1)) - shift, 2008)), text)
        text = (
            text.replace(county, place) if county else _named(suffix, text, place + DEPARTMENTS[k % len(DEPARTMENTS)])
        )
        target = folder / f"{i // PER_FOLDER:04d}" / f"bench-{i:07d}{suffix}"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def baseline(sources: Path, out: Path) -> float:
    """Read every file and write one CSV row per line: the floor any build stands on."""
    started = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    with (out / "lines.csv").open("w", encoding="utf-8") as handle:
        for path in sorted(sources.rglob("*.*")):
            for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
                handle.write(f'{path.name},{number},"{line.replace(chr(34), chr(34) * 2)}"\n')
    return time.perf_counter() - started


def _timed(args: list[str], env: dict[str, str], check: bool = True) -> tuple[float, float]:
    """Wall time of an ogidata command and the peak memory (MB) of its largest process.

    The command starts with nothing left to write back from the step before (the generated
    files, the baseline's CSV, the last build's package): hundreds of MB of writeback
    otherwise land on it and would be counted in its time (docs/performance.md)."""
    os.sync()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "ogidata.cli", *args],
        check=check,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before) / 1024


def run(n: int, jobs: int, work: Path) -> Figures:
    """Generate ``n`` reports in ``work`` and time, each command in a process of its own: the
    baseline, a cold build, validation, a no-op rebuild, then the two one-report rebuilds."""
    sources, out, cache = work / "sources", work / "package", work / "cache"
    generate(sources, n)
    shutil.rmtree(cache, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    env = {**os.environ, "OGIDATA_CACHE": str(cache)}
    os.sync()  # see _timed
    base = baseline(sources, work / "baseline")
    build = ["build", "--sources", str(sources), "--out", str(out), "--jobs", str(jobs)]
    timings = work / "timings-cold.json"
    build_s, peak = _timed([*build, "--timings", str(timings)], env)
    extract_s = json.loads(timings.read_text(encoding="utf-8"))["seconds"]["extract"]
    validate_s, _ = _timed(["validate", str(out)], env, check=False)  # its verdict is in out/validation
    noop_s, _ = _timed(build, env)
    first = next(iter(sorted(sources.rglob("*.txt"))))
    text = first.read_text(encoding="utf-8")
    first.write_text(text + "\n", encoding="utf-8")
    resaved_s, _ = _timed(build, env)
    first.write_text(_one_count_changed(text), encoding="utf-8")
    changed_s, _ = _timed(build, env)
    rate = n / build_s
    return Figures(
        n,
        jobs,
        round(base, 2),
        round(build_s, 2),
        round(extract_s, 2),
        round(validate_s, 2),
        round(noop_s, 2),
        round(resaved_s, 2),
        round(changed_s, 2),
        round(rate, 1),
        round(rate / jobs, 1),
        round(n / extract_s, 1),
        round(build_s / base, 1),
        round(peak, 1),
    )


COUNT = re.compile(r"\d+(?=\s*条)")


def _one_count_changed(text: str) -> str:
    """The report with its first count of items ("…公开政府信息1215条") one higher: a change
    of content, which rewrites the facts and every table that shows the number."""
    match = COUNT.search(text)
    if match is None:
        raise ValueError("the benchmark's first report states no count of items to change")
    return f"{text[: match.start()]}{int(match.group(0)) + 1}{text[match.end() :]}"


def table(figures: Figures) -> str:
    """The figures as two aligned columns of label and value, for `ogidata bench` to print."""
    rows = [
        ("reports", f"{figures.reports}"),
        ("cores used", f"{figures.cores}"),
        ("baseline: read + write CSV", f"{figures.baseline_s} s"),
        ("full build (cold cache)", f"{figures.build_s} s ({figures.build_vs_baseline}× baseline)"),
        ("  of which extraction", f"{figures.extract_s} s"),
        ("validation", f"{figures.validate_s} s"),
        ("no-op rebuild", f"{figures.noop_s} s"),
        ("rebuild after one report is saved again", f"{figures.one_resaved_s} s"),
        ("rebuild after one report's count changes", f"{figures.one_changed_s} s"),
        ("reports per second (build)", f"{figures.reports_per_s} ({figures.reports_per_s_per_core} per core)"),
        ("reports per second (extraction)", f"{figures.extracted_per_s}"),
        ("peak memory of the build", f"{figures.peak_memory_mb} MB"),
    ]
    width = max(len(k) for k, _ in rows)
    return "\n".join(f"{k:<{width}}  {v}" for k, v in rows)


def bench(n: int, jobs: int, work: Path) -> Figures:
    """Run the benchmark of ``n`` reports in ``work`` and keep its figures there as
    results-N.json, beside the table the command prints."""
    work.mkdir(parents=True, exist_ok=True)
    figures = run(n, jobs, work)
    (work / f"results-{n}.json").write_text(json.dumps(asdict(figures), indent=2) + "\n", encoding="utf-8")
    return figures


EXTRACTION_TIMER = """
import json, sys, time
from pathlib import Path
import ogidata
from ogidata.extraction.extract import extract_report
files = [(p.name, p.read_bytes()) for p in map(Path, sys.argv[2:])]
best = float("inf")
for _ in range(int(sys.argv[1])):
    started = time.perf_counter()
    for name, data in files:
        extract_report(name, data)
    best = min(best, time.perf_counter() - started)
print(json.dumps({"compiled": ogidata.COMPILED, "ms_per_report": round(best / len(files) * 1000, 3)}))
"""


def extraction_speed(passes: int = 5) -> dict[str, float]:
    """Milliseconds per report of the extraction alone on one core, over the text and web
    page reports the synthetic collection is made of (fastest of ``passes`` passes): as
    compiled (when it is) and as plain Python, each in a process of its own."""
    from .compiled import PURE

    files = [str(p) for p in TEMPLATES if p.suffix in (".txt", ".html")]
    found = {}
    for pure in ("0", "1"):
        done = subprocess.run(
            [sys.executable, "-c", EXTRACTION_TIMER, str(passes), *files],
            check=True,
            env={**os.environ, PURE: pure},
            capture_output=True,
            text=True,
        )
        result = json.loads(done.stdout)
        found["compiled" if result["compiled"] else "plain"] = result["ms_per_report"]
    return found


def reading_speed() -> dict[str, float]:
    """Pages per second of PDF text-layer reading and of OCR, on the corpus's PDFs."""
    import pypdfium2 as pdfium

    from .readers.pdf import read_pdf

    speeds = {}
    folder = CORPUS
    for kind, pattern in (("pdf", "pdf_*.pdf"), ("ocr", "scan_*.pdf")):
        pages, seconds = 0, 0.0
        for path in sorted(folder.glob(pattern)):
            data = path.read_bytes()
            pages += len(pdfium.PdfDocument(data))
            started = time.perf_counter()
            read_pdf(data)
            seconds += time.perf_counter() - started
        speeds[kind] = round(pages / seconds, 2) if seconds else 0.0
    return speeds
