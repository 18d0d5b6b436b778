"""Saved web pages: the report body, its paragraphs and its tables as grids.

A government page wraps the report in navigation, breadcrumbs and footers. The body
is the smallest element that still holds most of the page's non-link text. Tables
are read from the markup: ``rowspan``/``colspan`` place each cell on the grid once
(a spanned position is an empty cell, so a value is never counted twice), ``<br>``
inside a cell is a space, ``&nbsp;`` is blank. Outside the body only the page title
and the posting date are kept, as the first rows, for the metadata.
"""

from __future__ import annotations

import codecs
import re
from typing import Any

from lxml import etree
from lxml.etree import _Comment, _Element, _ProcessingInstruction

from ..limits import MAX_SPAN, MAX_TABLE_CELLS
from .document import NOT_PUBLISHED, Document, DocumentBuilder, Part, make_part
from .text import UnreadableSource, decode

BLOCK = {
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "dd",
    "div",
    "dl",
    "dt",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "tr",
    "ul",
    "br",
}
CONTAINERS = {"div", "td", "article", "section", "main"}  # elements that may hold a page's body
SKIP = ("script", "style", "noscript", "head", "iframe", "select", "button")
NOT_CJK = re.compile(r"[^\u4e00-\u9fff0-9]+")  # what is left after removing it is counted
BODY_SHARE = 0.7  # the body holds at least this share of the page's non-link text
PAGE_DATE = re.compile(  # not a crawler's 采集时间 (NOT_PUBLISHED)
    rf"(?:发布(?:日期|时间)|發佈(?:日期|時間)|发文日期|{NOT_PUBLISHED}(?:日期|时间|時間))\s*[:：]\s*\d{{4}}[-/.年]\d{{1,2}}[-/.月]\d{{1,2}}"
)
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.I)
LAYOUT_CELL = 200  # a table cell longer than this is page layout, not statistics
MAX_COLSPAN, MAX_ROWSPAN = MAX_SPAN, 65534  # the HTML limits: a larger span is a broken page
# lxml's plain elements, not lxml.html's: its element classes are looked up in Python for
# every element touched, which cost more than parsing the page.
_PARSER = etree.HTMLParser()
_UTF8_PARSER = etree.HTMLParser(encoding="utf-8")
_text_content = etree.XPath("string()")  # what lxml.html's text_content() computes
# Compiled once: element.xpath(...) compiles its expression on every call.
# Page layout: a table holding another table or a cell longer than LAYOUT_CELL characters,
# asked in one XPath (the cells' texts one by one took 30% longer).
_LAYOUT_CELLS = "./tr/td|./tbody/tr/td|./thead/tr/td|./tr/th|./tbody/tr/th"
_IS_LAYOUT = etree.XPath(f"boolean(.//table | ({_LAYOUT_CELLS})[string-length(.) > {LAYOUT_CELL}])")
_TABLE_ROWS = etree.XPath("./tr|./tbody/tr|./thead/tr|./tfoot/tr")
_ROW_CELLS = etree.XPath("./td|./th")
_SCRIPTS = etree.XPath("//script|//style|//noscript")


def _drop(element: _Element) -> None:
    """Remove an element and its content, keeping the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is None:
            parent.text = (parent.text or "") + element.tail
        else:
            previous.tail = (previous.tail or "") + element.tail
    parent.remove(element)


def _decode_html(data: bytes) -> tuple[str, str]:
    """The page's text and encoding: decoded with the charset its ``<meta>`` declares where
    that works (GB2312 and GBK read as GB18030, their superset), else as a text report is."""
    declared = META_CHARSET.search(data[:4096])
    if declared:
        name = declared.group(1).decode("ascii").lower()
        name = "gb18030" if name in {"gb2312", "gbk"} else name
        try:
            return data.decode(name), name
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(data)


def _parsed_as_bytes(data: bytes, encoding: str) -> bool:
    """Whether libxml2 may read the page's UTF-8 bytes as they are. Given the decoded text,
    lxml hands it a UTF-16 copy to convert back (docs/performance.md). Not when the bytes
    could read otherwise than the text: a byte-order mark, NUL bytes, or a page that
    declares another charset than the one it is in; nor a page opening with an XML
    declaration, which lxml refuses in a decoded text (such a page stays unreadable, in
    whatever encoding it was saved)."""
    if encoding not in ("utf-8", "utf8") or data.startswith((codecs.BOM_UTF8, b"<?xml")) or b"\x00" in data:
        return False
    declared = META_CHARSET.search(data[:4096])
    return declared is None or declared.group(1).lower() in (b"utf-8", b"utf8")


def main_content(root: _Element) -> _Element:
    """The smallest block that holds most of the page's non-link text.

    Counts are made in one pass over the tree (an element's count is its own text
    plus its children's), so a large page costs no more than reading it once."""
    body = root.find("body")
    body = body if body is not None else root
    cjk: dict[_Element, int] = {}
    size: dict[_Element, int] = {}
    drop = NOT_CJK.sub
    links = set(body.iter("a"))  # asking each child its tag made a new string every time
    # Document order reversed visits every element after all of its descendants.
    elements: list[Any] = list(body.iter(etree.Element))
    elements.reverse()
    for element in elements:
        own = element.text
        total = length = 0
        if own:
            total, length = 0 if own.isspace() else len(drop("", own)), len(own)
        for child in element:
            tail = child.tail
            if tail:
                total += 0 if tail.isspace() else len(drop("", tail))
                length += len(tail)
            if child not in links:
                total += cjk.get(child, 0)
            length += size.get(child, 0)
        cjk[element], size[element] = total, length
    least = BODY_SHARE * cjk.get(body, 0)
    best = body
    for element, total in cjk.items():
        if total >= least and element.tag in CONTAINERS and size[element] < size[best]:
            best = element
    return best


def _span(value: str | None) -> int:
    return max(1, int(value)) if value and value.strip().isdigit() else 1


def _cell_text(element: _Element) -> str:
    for br in element.iter("br"):
        br.tail = " " + (br.tail or "")
    return " ".join(_text_content(element).replace("\xa0", " ").split())


def _is_layout(table: _Element) -> bool:
    return bool(_IS_LAYOUT(table))


class _Builder(DocumentBuilder):
    """Walks the page body: paragraphs become rows, tables become rows of grid cells."""

    def __init__(self) -> None:
        super().__init__()
        self.buffer: list[str] = []
        self.buffer_line = 0
        self.room = MAX_TABLE_CELLS  # grid positions the page's tables may still take

    def add(self, text: str | None, line: int | None) -> None:
        if text and text.strip():
            if not self.buffer:
                self.buffer_line = line or 0
            self.buffer.append(text.replace("\xa0", " "))

    def flush(self) -> None:
        text = " ".join("".join(self.buffer).split())
        self.buffer = []
        if text:
            self.emit([make_part(text, self.buffer_line)])

    def table(self, table: _Element) -> None:
        """Place every cell on the grid once; spanned positions are empty cells. A row span
        ends with the table, as in a browser; tables of over MAX_TABLE_CELLS positions in
        all are a broken or hostile page (UnreadableSource)."""
        taken: dict[tuple[int, int], bool] = {}
        rows = list(_TABLE_ROWS(table))
        for r, tr in enumerate(rows):
            cells: dict[int, Part] = {}
            c = 0
            for td in _ROW_CELLS(tr):
                while taken.get((r, c)):
                    cells[c] = make_part("", td.sourceline or 0)
                    c += 1
                span_r = min(_span(td.get("rowspan")), MAX_ROWSPAN, len(rows) - r)
                span_c = min(_span(td.get("colspan")), MAX_COLSPAN)
                if len(taken) + span_r * span_c > self.room:
                    raise UnreadableSource(f"its tables have over {MAX_TABLE_CELLS:,} cells (OGIDATA_MAX_TABLE_CELLS)")
                cells[c] = make_part(_cell_text(td), td.sourceline or 0, span_c)
                for dr in range(span_r):
                    for dc in range(span_c):
                        taken[(r + dr, c + dc)] = True
                        if (dr, dc) != (0, 0) and dr == 0:
                            cells[c + dc] = make_part("", td.sourceline or 0)
                c += span_c
            while taken.get((r, c)):
                cells[c] = make_part("", tr.sourceline or 0)
                c += 1
            self.emit([cells[k] for k in sorted(cells)])
        self.room -= len(taken)

    def walk(self, element: _Element) -> None:
        """Add an element's text in document order, a block element making rows of its own;
        a table of data becomes grid rows, a layout table is read as blocks of text."""
        if isinstance(element, (_Comment, _ProcessingInstruction)):
            return
        tag = element.tag  # read once: each read makes a new Python string
        if tag in SKIP:
            return
        if tag == "table" and not _is_layout(element):
            self.flush()
            self.table(element)
            return
        block = tag in BLOCK or tag in ("table", "td", "th")
        if block:
            self.flush()
        text = element.text
        if text and not text.isspace():  # the line is asked for only where there is text
            self.add(text, element.sourceline)
        for child in element:
            self.walk(child)
            tail = child.tail
            if tail and not tail.isspace():
                self.add(tail, child.sourceline)
        if block:
            self.flush()


def read_html(data: bytes) -> Document:
    """Reader entry point for .html/.htm sources."""
    text, encoding = _decode_html(data)
    try:
        as_bytes = _parsed_as_bytes(data, encoding)
        root = etree.fromstring(data if as_bytes else text, _UTF8_PARSER if as_bytes else _PARSER)
    except UnreadableSource:  # a limit, not the markup
        raise
    except Exception as error:  # lxml raises several types for broken markup
        raise UnreadableSource(f"the HTML could not be parsed: {error}") from error
    if root is None:
        raise UnreadableSource("the HTML could not be parsed: the document is empty")
    builder = _Builder()
    title = root.find(".//title")
    if title is not None and _text_content(title).strip():
        builder.emit([make_part(" ".join(_text_content(title).split()), title.sourceline or 0)])
    for bad in _SCRIPTS(root):
        _drop(bad)
    body = main_content(root)
    if body.getparent() is not None:  # the page's posting date usually sits just outside the body
        page = root.find("body") if root.find("body") is not None else root
        # Searched in the text as it is: the pattern allows any whitespace where it allows
        # some, so the first match is the one the text with its whitespace folded gives.
        match = PAGE_DATE.search(_text_content(page))
        if match:
            builder.emit([make_part(" ".join(match.group(0).split()), body.sourceline or 0)])
    builder.walk(body)
    builder.flush()
    if not builder.rows:
        raise UnreadableSource("the page holds no text")
    return builder.document(encoding)
