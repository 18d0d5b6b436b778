"""Which of the package's modules are the extraction — one place, read by the compiler
(compiled.py), the cache's code version (cache.py) and `make` (through `ogidata compile
--if-stale`)."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent

# The per-report extraction, compiled with mypyc: the modules each report runs through
# (paths relative to the package). Any other module runs as plain Python.
COMPILED = (
    *sorted(p.relative_to(PACKAGE).as_posix() for p in (PACKAGE / "extraction").glob("*.py")),
    "readers/dispatch.py",
    "readers/document.py",
    "readers/html.py",
    "readers/text.py",
    "tables/assemble.py",
    "package/render.py",
)

# Modules that only run around a build (commands, benchmark, validation, releases, fetching
# sources, this list), never inside the extraction or the rows it caches: editing them keeps
# the cache. Every other module and data file, including any added later, is part of the
# extraction's code version.
AROUND_THE_BUILD = (
    "cli.py",
    "compiled.py",
    "modules.py",
    "bench.py",
    "validate.py",
    "evaluate.py",
    "progress.py",
    "stopping.py",
    "release/",
    "sources/add.py",
    "sources/fetch.py",
)
