"""The extraction compiled by mypyc (`make`) gives the plain Python's rows, byte for byte.

mypyc enforces the annotations at run time and types some built-ins more narrowly (a
``sum`` of floats once raised "int object expected" on three corpus reports), so every
text and web page report of the seeds and the corpus is extracted both ways and its rows
compared; and a source edited after compiling must never run the stale compiled code.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import ogidata
import pytest
from ogidata import compiled

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted(
    p
    for folder in (ROOT / "sources" / "reports", ROOT / "tests" / "fixtures" / "corpus" / "reports")
    for p in folder.iterdir()
    if p.suffix != ".csv" and not p.name.startswith("scan_")
)  # not OCR: slow

# Prints, per file, a SHA-256 of its rendered rows (or the error it raised).
RENDER = """
import hashlib, json, pickle, sys
from pathlib import Path
import ogidata
from ogidata.extraction.extract import extract_report
from ogidata.package.render import render_resources, schema_fields
from ogidata.package.files import load_template
from ogidata.tables.assemble import report_rows
fields = schema_fields(load_template())
found = {"compiled": ogidata.COMPILED}
for path in sys.argv[1:]:
    try:
        x = pickle.loads(pickle.dumps(extract_report(Path(path).name, Path(path).read_bytes())))  # as cached
        rows = render_resources(report_rows(x), fields)
        found[Path(path).name] = hashlib.sha256(repr(sorted(rows.items())).encode()).hexdigest()
    except Exception as error:
        found[Path(path).name] = f"{type(error).__name__}: {error}"
print(json.dumps(found))
"""


def _rendered(pure: bool) -> dict[str, object]:
    env = {**os.environ, compiled.PURE: "1" if pure else "0"}
    done = subprocess.run(
        [sys.executable, "-c", RENDER, *map(str, FILES)], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


@pytest.mark.skipif(not ogidata.COMPILED, reason="the extraction is not compiled here (run `make`)")
def test_compiled_rows_are_the_plain_pythons() -> None:
    assert len(FILES) > 50
    fast, plain = _rendered(pure=False), _rendered(pure=True)
    assert (fast.pop("compiled"), plain.pop("compiled")) == (True, False)
    assert not [name for name, result in plain.items() if "Error" in str(result)]
    assert {name: fast[name] for name in plain if fast[name] != plain[name]} == {}


def test_a_changed_source_is_noticed() -> None:
    """The record of what was compiled is checked against the sources themselves."""
    record = {path: compiled._digest(path) for path in compiled.MODULES}
    assert compiled.stale(record) == []
    changed = dict(record, **{"extraction/prose.py": "0" * 64})
    assert compiled.stale(changed) == ["extraction/prose.py"]
    assert compiled.stale({}) == list(compiled.MODULES)


def test_make_compiles_only_what_changed() -> None:
    """`make` runs `ogidata compile --if-stale` whenever a module of the package changed: with
    the compiled modules' sources as they were compiled, it does nothing."""
    import subprocess
    import sys

    if not compiled.RECORD.exists() or compiled.stale(json.loads(compiled.RECORD.read_text(encoding="utf-8"))):
        pytest.skip("the extraction is not compiled here, or not from these sources (run `make`)")
    command = [str(Path(sys.executable).with_name("ogidata")), "compile", "--if-stale"]
    done = subprocess.run(command, capture_output=True, text=True, check=True, timeout=60)
    assert done.stdout == "the compiled extraction is current\n"


def test_plain_python_can_be_forced() -> None:
    """OGIDATA_PURE_PYTHON=1 (as a stale record does) loads every compiled module from its .py."""
    if not compiled.extensions():
        pytest.skip("the extraction is not compiled here (run `make`)")
    probe = (
        "import json, ogidata, ogidata.extraction.cells as c, ogidata.extraction as e;"
        "print(json.dumps([ogidata.COMPILED, c.__file__, e.__file__]))"
    )
    env = {**os.environ, compiled.PURE: "1"}
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    loaded, cells, package = json.loads(done.stdout)
    assert (loaded, Path(cells).name, Path(package).name) == (False, "cells.py", "__init__.py")
