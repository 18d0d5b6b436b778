"""Choosing a reader by file type."""

from __future__ import annotations

from pathlib import PurePath

from .doc import read_doc
from .document import Document
from .docx import read_docx
from .html import read_html
from .pdf import read_pdf
from .text import UnreadableSource, read_text

READERS = {
    ".txt": read_text,
    ".md": read_text,  # markdown, as PDF-to-markdown tools write it: its tables are read as pipes
    ".html": read_html,
    ".htm": read_html,
    ".pdf": read_pdf,
    ".docx": read_docx,
    ".doc": read_doc,
}


def read_document(name: str, data: bytes) -> Document:
    """The Document of a source file; UnreadableSource says why it cannot be read."""
    reader = READERS.get(PurePath(name).suffix.lower())
    if reader is None:
        raise UnreadableSource(f"no reader for '{PurePath(name).suffix}' files (readable: {', '.join(READERS)})")
    return reader(data)
