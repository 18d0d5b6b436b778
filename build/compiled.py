"""The extraction compiled to C by mypyc, used only while it matches its sources.

The extraction is plain Python and runs anywhere. `make` also compiles its modules with
mypyc (the same code, type-checked and translated to C), which extracts faster
(docs/performance.md); the outputs are the same, byte for byte (tested). The
compiled modules are C extensions beside the .py files, and Python imports an extension
in preference to its source — so a module edited after compiling would silently run its
old code. Compiling therefore records the SHA-256 of every source it compiled, and on
import (``ogidata/__init__``) the package checks them: when any differs, or
``OGIDATA_PURE_PYTHON=1`` is set, every compiled module is loaded from its source
instead (they call each other directly in C, so it is all of them or none). A machine
without a C compiler, or where compiling fails, keeps the plain modules.

    ogidata compile          # what `make` runs
"""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from .modules import COMPILED, PACKAGE

MODULES = COMPILED  # the per-report extraction (modules.py)
RECORD = PACKAGE / ".compiled.json"  # {module path: SHA-256 of the source compiled}
GROUP = "ogidata.extraction"  # mypyc's shared library: ogidata/extraction__mypyc.*.so
PURE = "OGIDATA_PURE_PYTHON"
CHANGED: list[str] = []  # compiled modules whose source changed since (`ogidata build` says so)


def module_name(path: str) -> str:
    """The import name of the module at ``path`` in the package (``extraction/x.py`` →
    ``ogidata.extraction.x``): the name _Sources is asked to find."""
    return "ogidata." + path.removesuffix(".py").removesuffix("/__init__").replace("/", ".")


def _digest(path: str) -> str:
    return hashlib.sha256((PACKAGE / path).read_bytes()).hexdigest()


def stale(record: dict[str, str]) -> list[str]:
    """The modules whose source is not what was compiled (all of them when nothing was)."""
    return [path for path in MODULES if not record or record.get(path) != _digest(path)]


def _record() -> dict[str, str]:
    try:
        found = json.loads(RECORD.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def extensions() -> list[Path]:
    """The compiled modules' files (and their shared library) now beside the sources."""
    suffixes = importlib.machinery.EXTENSION_SUFFIXES
    found = [PACKAGE / path.removesuffix(".py") for path in MODULES] + [PACKAGE / "extraction__mypyc"]
    return [p.with_name(p.name + s) for p in found for s in suffixes if p.with_name(p.name + s).exists()]


class _Sources(importlib.abc.MetaPathFinder):
    """Finds the compiled modules' .py files ahead of their extensions."""

    def __init__(self, names: dict[str, Path]) -> None:
        self.names = names

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        source = self.names.get(fullname)
        if source is None:
            return None
        return importlib.util.spec_from_file_location(
            fullname, source, submodule_search_locations=[str(source.parent)] if source.name == "__init__.py" else None
        )


def in_use() -> bool:
    """Whether the compiled modules are loaded; else their sources are made to load instead."""
    if not extensions():
        return False
    changed = stale(_record())
    if not changed and os.environ.get(PURE) != "1":
        return True
    if changed:
        CHANGED.extend(changed)
    if not any(isinstance(finder, _Sources) for finder in sys.meta_path):
        sys.meta_path.insert(0, _Sources({module_name(p): PACKAGE / p for p in MODULES}))
    return False


def compile_modules() -> str | None:
    """Compile MODULES in place with mypyc, then record their sources' hashes; the reason
    when it could not (the modules then stay plain Python).

    mypyc names a module by its folder, and the package's folder is ``build/``: it is
    compiled through a link named ``ogidata`` in a scratch folder, which also keeps
    setuptools' and mypyc's own scratch out of ``build/``."""
    from mypyc.build import mypycify  # a development dependency: only needed here
    from setuptools import setup

    RECORD.unlink(missing_ok=True)  # a half-done compile must not be trusted
    for old in extensions():
        old.unlink()
    sources = {path: _digest(path) for path in MODULES}
    here = os.getcwd()
    with tempfile.TemporaryDirectory(prefix="ogidata-mypyc-") as scratch:
        os.symlink(PACKAGE, Path(scratch) / "ogidata")
        os.chdir(scratch)
        try:
            modules = mypycify(
                ["--ignore-missing-imports", "--follow-imports=silent", *(f"ogidata/{p}" for p in MODULES)],
                group_name=GROUP,
                target_dir="c",
            )
            setup(
                name="ogidata-compiled",
                ext_modules=modules,
                script_args=["--quiet", "build_ext", "--inplace", "--build-temp", "temp", "--build-lib", "lib"],
            )
        except (Exception, SystemExit) as error:  # setuptools reports a compiler failure as SystemExit
            for partial in extensions():
                partial.unlink()
            return str(error) or type(error).__name__
        finally:
            os.chdir(here)
    if stale(sources):
        return "a source changed while it was compiled"
    RECORD.write_text(json.dumps(sources, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return None
