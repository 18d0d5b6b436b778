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


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # every Word 97 file starts so


def converter() -> str:
    """The converter this machine offers ('' when none): part of a .doc's cache key."""
    return shutil.which("soffice") or shutil.which("libreoffice") or shutil.which("antiword") or ""


def read_doc(data: bytes) -> Document:
    """Reader entry point for .doc sources."""
    if not data.startswith(OLE):
        raise UnreadableSource("the file is not a Word 97 document (no OLE header)")
    tool = converter()
    if not tool:
        raise UnreadableSource(f"reading Word 97 (.doc) files needs a converter: {INSTALL}")
    return _with_antiword(data) if tool.endswith("antiword") else _with_office(tool, data)


def _with_office(office: str, data: bytes) -> Document:
    """The file converted to .docx by LibreOffice in a scratch folder, with a profile of its
    own so that conversions can run in parallel, then read with its real tables."""
    with tempfile.TemporaryDirectory(prefix="ogidata-doc-") as work:
        source = Path(work) / "report.doc"
        source.write_bytes(data)
        profile = Path(work) / "profile"  # a profile of its own: conversions may run in parallel
        try:
            subprocess.run(
                [
                    office,
                    f"-env:UserInstallation=file://{profile}",
                    "--headless",
                    "--convert-to",
                    "docx",
                    "--outdir",
                    work,
                    str(source),
                ],
                check=True,
                capture_output=True,
                timeout=TIMEOUT,
                env={**os.environ, "HOME": work},
            )
            converted = (Path(work) / "report.docx").read_bytes()
        except (subprocess.SubprocessError, OSError) as error:
            raise UnreadableSource(f"LibreOffice could not convert the .doc file: {error}") from error
    return read_docx(converted)


def _with_antiword(data: bytes) -> Document:
    """The file's text as antiword prints it (tables flattened to pipes), read as a text
    report: the fallback where LibreOffice is not installed."""
    with tempfile.NamedTemporaryFile(suffix=".doc") as handle:
        handle.write(data)
        handle.flush()
        try:
            done = subprocess.run(
                ["antiword", "-w", "0", "-m", "UTF-8.txt", handle.name],
                check=True,
                capture_output=True,
                timeout=TIMEOUT,
            )
        except (subprocess.SubprocessError, OSError) as error:
            raise UnreadableSource(f"antiword could not read the .doc file: {error}") from error
    return read_text(done.stdout)
