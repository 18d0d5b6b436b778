"""Scanned reports: image-only PDFs read by OCR (placeholder until an OCR engine is wired)."""

from __future__ import annotations

from .document import Document
from .text import UnreadableSource


def read_scan(data: bytes) -> Document:
    raise UnreadableSource("the PDF is a scan (image only, no text layer); reading scans by OCR is not available yet")
