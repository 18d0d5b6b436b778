"""Plain-text reports: decode the bytes, then cut lines into cells.

Reports saved as text flatten their tables with tabs, pipes or one cell per line.
Tabs and pipes are cell separators here; empty cells are kept, because their
position is what tells a right-aligned row from a left-aligned one.
"""

from __future__ import annotations

import re

from charset_normalizer import from_bytes

from .document import Cell, Document, Row, make_cell, make_row

_SEPARATOR = re.compile(r"\t|\|")
# What a markdown conversion adds: line breaks and bold marks inside a cell, the rule under a
# table's header row ("|---|:---:|"), and column names invented for a header it could not read.
_MARKUP = re.compile(r"<br\s*/?>|\*\*")
_RULE = re.compile(r"^\s*\|?(?:\s*:?-{3,}:?\s*\|)+\s*(?::?-{3,}:?\s*)?$")
# "-2-", "— 10 —", "- 10" (not "-10"), "第 3 页 共 8 页": a page's number in its footer, which a PDF reader drops and
# a PDF-to-text conversion leaves between a table's rows
PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–－]\s*\d{1,4}\s*[-—–－]|[-—–－]\s+\d{1,4}|第\s*\d{1,4}\s*页(?:\s*共\s*\d+\s*页)?|\d{1,4}\s*/\s*\d{1,4}|[Pp](?:age|\.)\s*\d{1,4})\s*$"
)
_PLACEHOLDER = re.compile(r"^\s*Col\d+\s*$")
_WORD = re.compile(r"\S+")  # one of the numbers a _NUMBERS cell holds
# "信息内容           本年制发件数    本年废止件数": a PDF-to-text conversion that keeps the page's
# layout sets cells apart by runs of spaces; prose puts at most one space between words.
_GAP = re.compile(r"[ \u3000]{2,}")
_LONGEST_CELL = 40  # a piece longer than this between runs of spaces is a sentence
# "一、本年新收政府信息公开申请数量 3001 53 0 0 61 4 3119": a row flattened to spaces.
_VALUE = r"(?:[-+]?\d+(?:\.\d+)?|[-—/－无])"  # a number or a blank mark
_SPACED_TAIL = re.compile(rf"(?:(?<=\s)|^){_VALUE}(?=\s|$)")
_NUMBERS = re.compile(rf"^\s*{_VALUE}(?:\s+{_VALUE})+\s*$")  # "3 0 0": several cells' numbers in one
_SPACE = re.compile(r"\s")  # every spaced row holds one; most lines of Chinese prose hold none
_SPACED_ROW = re.compile(
    rf"^(?:.*\D)?\s+\d[\d.]*(?:\s+{_VALUE})*\s*$|^(?:.*\D)?\s+{_VALUE}(?:\s+{_VALUE})*\s+\d[\d.]*\s*$"
    rf"|^\s*{_VALUE}(?:\s+{_VALUE})+\s*$"
)


class UnreadableSource(ValueError):
    """A source file that cannot become a report: empty, binary or undecodable."""


def decode(data: bytes) -> tuple[str, str]:
    """Decode report bytes, preferring UTF-8 and detecting GB18030 / Big5 otherwise."""
    if not data.strip():
        raise UnreadableSource("the file is empty")
    if b"\x00" in data[:4096]:
        raise UnreadableSource("the file is binary (NUL bytes), not a text report")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data, cp_isolation=["gb18030", "big5", "utf_16"]).best()
    if best is None:
        raise UnreadableSource("the text encoding could not be detected (not UTF-8, GB18030 or Big5)")
    return str(best), best.encoding


# What a lossy re-encoding leaves of a character the target code page lacks (a no-break space in
# GBK, 爲 in Big5): a '?' beside a blank, a digit or a cell's edge is no text, and reads as a blank.
# (Not one inside a word, "社會公?廣泛", nor a URL's query, "?id=3".)
_LOST = re.compile(r"(?:(?<=[\s|\d])|^)\?+(?![A-Za-z=&])|\?+(?=[\s|\d]|$)")
# A count with its unit and the punctuation after it: a line holding one is a sentence, whatever it ends with.
_STATED = re.compile(r"\d\s*[件条人次个篇份项场][，,。；]|。")
_VALUE_ENDS = frozenset(".-—/－无")  # what a value of _SPACED_ROW can end with, besides a digit


def _ends_like_a_value(line: str) -> bool:
    """Whether the line's last printed character can end _SPACED_ROW's values: needed for
    a match, and tested first, since the pattern backtracks through every character of a
    long line of prose before it fails (docs/performance.md)."""
    tail = line.rstrip()
    return bool(tail) and (tail[-1].isdecimal() or tail[-1] in _VALUE_ENDS)


def _spaced_cells(line: str, number: int, offset: int) -> tuple[Cell, ...] | None:
    """Cells of a row whose values were separated by spaces only, or None for prose."""
    if not _SPACE.search(line) or not _ends_like_a_value(line) or not _SPACED_ROW.match(line):
        return None
    values: list[re.Match[str]] = []
    for match in reversed(list(_SPACED_TAIL.finditer(line))):
        if values and line[match.end() : values[-1].start()].strip():
            break
        values.append(match)
    if not values:  # the row pattern took a number no value reads ("发布机构: 2012.05.15"): prose
        return None
    values.reverse()
    label = line[: values[0].start()]
    if _STATED.search(label):  # "…同意公开答复 9 件，部分公开答复 0 件，不予公开答复 2": a wrapped sentence
        return None
    cells = list(_gapped_cells(label, number, offset)) if label.strip() else []
    cells += [make_cell(m.group(0), number, offset + m.start(), offset + m.end()) for m in values]
    return tuple(cells)


def _gapped_cells(line: str, number: int, offset: int) -> tuple[Cell, ...]:
    """The cells of a line whose cells are set apart by runs of spaces (a layout-keeping
    conversion prints a row's label cells so); a line without such a run, or a sentence (a
    full stop, or a piece too long for a cell), is one cell."""
    cells, start = [], 0
    body = line.strip()
    first = len(line) - len(line.lstrip())
    pieces = _GAP.split(body)
    if len(pieces) == 1 or "。" in body or any(len(piece) > _LONGEST_CELL for piece in pieces):
        return (make_cell(line, number, offset, offset + len(line)),)  # one cell: a sentence, or no runs
    for match in _GAP.finditer(body):
        cells.append(
            make_cell(body[start : match.start()], number, offset + first + start, offset + first + match.start())
        )
        start = match.end()
    cells.append(make_cell(body[start:], number, offset + first + start, offset + first + len(body)))
    return tuple(cells)


def _cells(line: str, number: int, offset: int) -> tuple[tuple[Cell, ...], bool]:
    """The cells of a line cut by tabs or pipes, and whether their positions are columns.
    A markdown conversion's cell may print several columns' numbers apart by spaces
    ("| 3 0 0 |"): they become cells of their own, and positions then say nothing."""
    cells, start, positional = [], 0, True
    for end in [m.start() for m in _SEPARATOR.finditer(line)] + [len(line)]:
        # markup becomes spaces of its own length: "27<br>5" stays two numbers, and offsets hold
        segment = _MARKUP.sub(lambda m: " " * len(m.group()), line[start:end])
        if _NUMBERS.match(segment):
            positional = False
            base = offset + start
            cells += [make_cell(m.group(0), number, base + m.start(), base + m.end()) for m in _WORD.finditer(segment)]
        else:
            cells.append(
                make_cell("" if _PLACEHOLDER.match(segment) else segment, number, offset + start, offset + end)
            )
        start = end + 1
    if len(cells) > 1 and not cells[-1].text.strip():
        cells.pop()  # "统计数 |" and "...\t" end with a separator, not a cell
    return tuple(cells), positional


def _unpiped(body: str) -> str:
    """A markdown row's filled cells joined by spaces where they are a page's footer cut apart
    ("| | - 3 | - |" for "- 3 -": at most two cells, none a bare number), other lines as they are:
    what PAGE_NUMBER is matched against. A row of values with blank marks ("| - | 0 | - |") stays."""
    if "|" not in body:
        return body
    filled = [part.strip() for part in body.split("|") if part.strip()]
    return " ".join(filled) if len(filled) <= 2 and not any(part.isdecimal() for part in filled) else body


def _cut_off(rows: list[Row], text: str) -> list[str]:
    """A table row the text ends in before its closing bar, where the rows before it close theirs
    ("2.其他法律行政法规禁止公开 | 0 | 0 | 0 | 0 | 0", a page excerpt cut at its length): its last
    cell may be the first digits of a longer number, so it is not read. Returns the note saying so."""
    last = text.rstrip()
    line = last[last.rfind("\n") + 1 :]
    if not rows or "|" not in line or line.endswith("|") or rows[-1].line != last.count("\n") + 1:
        return []
    closed = sum(1 for other in last.split("\n")[:-1] if other.rstrip().endswith("|"))
    row = rows[-1]
    if closed < 2 or len(row.cells) < 2 or not row.cells[-1].text.strip():
        return []
    cut = row.cells[-1].text.strip()
    rows[-1] = make_row(row.cells[:-1], row.line, row.positional)
    return [f"line {row.line}: the text ends inside a table row, after '{cut}' with no closing bar; not read"]


def document_from_text(text: str, encoding: str = "utf-8") -> Document:
    """Cut decoded text into rows: one per non-blank line."""
    rows, offset = [], 0
    # Only "\n" ends a line: that is how editors and `sed -n` number the file.
    for number, line in enumerate(text.split("\n"), start=1):
        body = _LOST.sub(lambda m: " " * len(m.group()), line.rstrip("\r"))
        if body.strip() and not _RULE.match(body) and not PAGE_NUMBER.match(_unpiped(body)):
            if _SEPARATOR.search(body):
                cells, positional = _cells(body, number, offset)
            elif spaced := _spaced_cells(body, number, offset):
                cells, positional = spaced, False
            else:
                cells = _gapped_cells(body, number, offset)
                positional = len(cells) == 1
            rows.append(make_row(cells, number, positional))
        offset += len(line) + 1
    notes = _cut_off(rows, text)
    return Document(text=text, rows=rows, encoding=encoding, notes=notes)


def read_text(data: bytes) -> Document:
    """Reader entry point for .txt sources."""
    text, encoding = decode(data)
    if not text.strip():
        raise UnreadableSource("the file holds only white space")
    return document_from_text(text, encoding)
