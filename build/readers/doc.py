"""Word 97 (.doc) reports, converted first by a tool from the system's packages.

LibreOffice (``soffice --headless``) turns the file into .docx, read with its real
tables; where only ``antiword`` is installed, its text (tables flattened to pipes) is
read instead. The tools are found at run time; with neither, the file gets a clear
error naming what to install, and the rest of the build goes on.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .document import Document
from .docx import read_docx
from .text import UnreadableSource, read_text

TIMEOUT = 120
INSTALL = "install LibreOffice (Debian/Ubuntu: apt-get install libreoffice-writer-nogui) or antiword"


def read_doc(data: bytes) -> Document:
    """Reader entry point for .doc sources."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office:
        return _with_office(office, data)
    if shutil.which("antiword"):
        return _with_antiword(data)
    raise UnreadableSource(f"reading Word 97 (.doc) files needs a converter: {INSTALL}")


def _with_office(office: str, data: bytes) -> Document:
    with tempfile.TemporaryDirectory(prefix="ogidata-doc-") as work:
        source = Path(work) / "report.doc"
        source.write_bytes(data)
        profile = Path(work) / "profile"  # a profile of its own: conversions may run in parallel
        try:
            subprocess.run([office, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "docx",
                            "--outdir", work, str(source)], check=True, capture_output=True, timeout=TIMEOUT,
                           env={**os.environ, "HOME": work})
            converted = (Path(work) / "report.docx").read_bytes()
        except (subprocess.SubprocessError, OSError) as error:
            raise UnreadableSource(f"LibreOffice could not convert the .doc file: {error}") from error
    return read_docx(converted)


def _with_antiword(data: bytes) -> Document:
    with tempfile.NamedTemporaryFile(suffix=".doc") as handle:
        handle.write(data)
        handle.flush()
        try:
            done = subprocess.run(["antiword", "-w", "0", "-m", "UTF-8.txt", handle.name], check=True,
                                  capture_output=True, timeout=TIMEOUT)
        except (subprocess.SubprocessError, OSError) as error:
            raise UnreadableSource(f"antiword could not read the .doc file: {error}") from error
    return read_text(done.stdout)
