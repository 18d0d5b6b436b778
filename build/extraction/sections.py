"""A report's prose cut at its numbered headings (一、 二、 …), for readers of the text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from mypy_extensions import mypyc_attr

from ..readers.document import Document
from .model import Claimed
from .patterns import HEADING_NUMERAL, INLINE_HEADING

AT_START = re.compile(rf"^\s*{HEADING_NUMERAL}")
SHORT_HEADING = 40
_NOISE = re.compile(r"\|{2,}|\t+")


@mypyc_attr(native_class=False)  # compiled, a frozen dataclass does not unpickle (the cache)
@dataclass(frozen=True)
class Section:
    """One numbered part of the prose: its order, heading ("二、主动公开政府信息情况"; '' before the
    first), its text tidied for reading and its first line."""

    order: int
    heading: str
    text: str
    line: int


def _headings(doc: Document, claimed: Claimed) -> list[tuple[int, int, str]]:
    """(offset, line, heading) of every top-level heading outside the tables."""
    found = []
    for row in doc.rows:
        for cell in row.filled:
            text = cell.text
            if AT_START.match(text):
                heading = text.strip() if len(text.strip()) <= SHORT_HEADING else text.split()[0]
                found.append((cell.start + len(text) - len(text.lstrip()), cell.line, heading))
            for match in INLINE_HEADING.finditer(text) if "、" in text else ():  # most cells hold none
                if match.start() > 0:
                    found.append((cell.start + match.start(), cell.line, match.group(0).strip()))
    return sorted(h for h in found if not claimed.covers(h[0]))


def _clean(text: str) -> str:
    lines = (
        " ".join((_NOISE.sub(" ", line) if "|" in line or "\t" in line else line).split()) for line in text.splitlines()
    )
    return "\n".join(line for line in lines if line)


def split_sections(doc: Document, claimed: Claimed) -> list[Section]:
    """The text cut at every top-level heading outside the tables (a heading inside a table
    labels a row); what precedes the first heading is a section without a heading."""
    headings = _headings(doc, claimed)
    bounds = [(0, 1, "")] + headings + [(len(doc.text), 0, "")]
    sections: list[Section] = []
    for (start, line, heading), (end, _, _) in zip(bounds, bounds[1:]):
        text = _clean(doc.text[start:end])
        if text:
            sections.append(Section(len(sections) + 1, " ".join(heading.split()), text, line))
    return sections
