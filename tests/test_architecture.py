"""Imports run one way along the pipeline: readers → extraction → tables → package →
validation → release (with the modules that orchestrate a build between them). A module that
imports from a later stage fails here, naming the import."""

from __future__ import annotations

import ast

from .conftest import REPO

PACKAGE = REPO / "build"
# Each module's stage, by its first name; a later stage may import an earlier one, never the reverse.
STAGES = {
    "readers": 0,
    "extraction": 1,
    "sources": 1.5,  # the sources folder and its manifest: adding a file reads it with the extraction
    "tables": 2,
    "cache": 2.5,  # extractions and their rendered rows, kept between builds
    "executors": 2.5,
    "state": 3.5,  # the record of the last build into each output folder
    "package": 3,
    "pipeline": 3.5,  # a build: every stage up to the package
    "validate": 4,
    "evaluate": 4,
    "release": 5,
    "bench": 6,
    "cli": 6,
}
# Used by every stage, importing none: bounds, paths, signatures, the list of the extraction's
# modules, progress lines, bounded HTTP, the data tables (and the script that writes one).
ANYWHERE = {"limits", "paths", "signing", "modules", "compiled", "progress", "bounded_http", "stopping", "data"}


def _imports(path: object) -> list[tuple[str, int]]:
    """The package modules a file imports (by first name), with the line."""
    source = PACKAGE / str(path)
    here = source.relative_to(PACKAGE).with_suffix("").parts
    found = []
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = list(here[: len(here) - node.level]) if source.name != "__init__.py" else list(here[:-1])
            if source.name == "__init__.py" and node.level > 1:
                base = base[: len(base) - node.level + 1]
            target = [*base, *(node.module.split(".") if node.module else [])]
            if target:
                found.append((target[0], node.lineno))
    return found


def test_imports_run_one_way() -> None:
    against = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] in (".venv", "__pycache__") or relative.name == "__init__.py" and len(relative.parts) == 1:
            continue
        mine = relative.with_suffix("").parts[0]
        if mine in ANYWHERE:
            assert all(target in ANYWHERE for target, _ in _imports(relative)), relative
            continue
        for target, line in _imports(relative):
            if target in ANYWHERE or target == mine:
                continue
            if STAGES[target] > STAGES[mine]:
                against.append(f"{relative}:{line} imports {target}")
    assert against == []


def test_every_module_has_a_stage() -> None:
    tops = {p.relative_to(PACKAGE).with_suffix("").parts[0] for p in PACKAGE.rglob("*.py")} - {"__init__"}
    assert tops <= set(STAGES) | ANYWHERE, tops - set(STAGES) - ANYWHERE
