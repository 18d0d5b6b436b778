"""Small pieces on real cells and labels from the seeds."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from ogidata.extraction.dates import DATE, to_date
from ogidata.extraction.normalize import label_key
from ogidata.extraction.numbers import convert_unit, is_blank, parse_cell


@pytest.mark.parametrize(
    ("printed", "key"),
    [
        ("(一)主动公开政府信息数 (不同渠道和方式公开相同信息计1条)", "主动公开政府信息数"),
        ("危及国家安全、公共安全、经济安全和社 会稳定", "危及国家安全、公共安全、经济安全和社会稳定"),
        ("(二) 部分公开（区分处理的，只计这一情形，不计其他情形）", "部分公开"),
        ("其中:涉及国家秘密", "涉及国家秘密"),
        ("()主动公开政府信息数", "主动公开政府信息数"),
    ],
)
def test_label_key(printed: str, key: str) -> None:
    assert label_key(printed) == key


@pytest.mark.parametrize(
    ("cell", "value", "unit"),
    [
        ("395 ", 395, None),
        ("1.4", 1.4, None),
        ("180000.17", 180000.17, None),
        ("１２条", 12, "条"),
        ("二十三件", 23, "件"),
        ("-3", -3, None),
        ("1,234", 1234, None),
    ],
)
def test_parse_cell(cell: str, value: float, unit: str | None) -> None:
    number = parse_cell(cell)
    assert number is not None and (number.value, number.unit) == (value, unit)


@pytest.mark.parametrize("cell", ["", "统计数", "2015112日)", "0851——87721339"])
def test_not_a_number(cell: str) -> None:
    assert parse_cell(cell) is None


def test_blank_marks_and_money() -> None:
    assert is_blank("——") and is_blank(" ") and not is_blank("0")
    assert convert_unit(116000, "元", "万元") == 11.6


@pytest.mark.parametrize(
    ("printed", "day"),
    [
        ("二○一二年二月二十日", dt.date(2012, 2, 20)),
        ("二〇一三年一月十日", dt.date(2013, 1, 10)),
        ("2019年1月30日", dt.date(2019, 1, 30)),
    ],
)
def test_dates(printed: str, day: dt.date) -> None:
    match = re.search(DATE, printed)
    assert match and to_date(match) == day


def _real_lines() -> list[str]:
    """Every line of the text and web page reports among the seeds and the corpus."""
    from pathlib import Path

    from ogidata.readers.dispatch import read_document

    root = Path(__file__).resolve().parent
    files = [
        p
        for folder in (root.parent / "sources" / "reports", root / "fixtures" / "corpus" / "reports")
        for p in sorted(folder.iterdir())
        if p.suffix in (".txt", ".html")
    ]
    return [line for p in files for line in read_document(p.name, p.read_bytes()).text.split("\n")]


def test_the_prose_patterns_shortcuts_find_what_the_patterns_alone_find() -> None:
    """COUNTED opens with the characters a number can start with, and BARE_END is searched
    only where a line ends with a digit: both only to skip work, never a match."""
    import random

    from ogidata.extraction.prose import BARE_END, COUNTED, COUNTED_PLAIN, _ends_with_digit

    plain = re.compile(COUNTED_PLAIN)

    def found(pattern: re.Pattern[str], text: str) -> list[object]:
        return [
            (m.span(), m.groupdict(), [m.span(g) for g in ("num", "approx", "mag", "unit")])
            for m in pattern.finditer(text)
        ]

    lines = _real_lines()
    spans = [found(COUNTED, line) for line in lines]
    assert spans == [found(plain, line) for line in lines]
    assert (
        sum(map(len, spans)) > 500
    )  # 695 numbers with a unit in the reports' counts, "主动公开政府信息17829条" among them
    chosen = random.Random(2026)  # fixed: the same strings every run
    alphabet = [
        *"0123456789.,，一二两三四五六七八九十百千万亿零〇○第aZ 多余元条件次性场个日月小时人名篇份。１２",
        "万元",
        "人次",
        "工作日",
    ]
    for _ in range(20_000):
        text = "".join(chosen.choice(alphabet) for _ in range(chosen.randint(1, 14)))
        assert found(COUNTED, text) == found(plain, text), repr(text)
    ended = [line for line in lines if BARE_END.search(line)]
    assert len(ended) > 20 and all(_ends_with_digit(line) for line in ended)
    assert _ends_with_digit("从事政府信息公开工作人员数。 7 。 ") and not _ends_with_digit("共7件。另")


def test_rows_flattened_to_spaces_are_looked_for_only_in_lines_with_a_space_ending_like_a_value() -> None:
    from ogidata.readers.text import _SPACE, _SPACED_ROW, _ends_like_a_value

    lines = _real_lines()
    spaced = [line for line in lines if _SPACED_ROW.match(line)]
    assert len(spaced) > 20 and all(_SPACE.search(line) and _ends_like_a_value(line) for line in spaced)
    assert sum(map(_ends_like_a_value, lines)) < len(lines) / 4  # the pattern is tried on few lines
    assert _ends_like_a_value("（三）不予公开 — ") and _ends_like_a_value("总计 １２")
    assert not _ends_like_a_value("本年度收到申请 12 件。")


def test_make_fact_gives_the_fact_its_keywords_name() -> None:
    from ogidata.extraction.model import Fact, make_fact
    from ogidata.readers.document import Cell

    cell = Cell(" 17,829 ", 12, 300, 308, page=2, bbox=(1.0, 2.0, 3.0, 4.0), confidence=0.9)
    made = make_fact(
        cell,
        17829.0,
        indicator="active.new",
        unit="条",
        source="table",
        raw_label=" 新制作 \n数量 ",
        applicant="total",
        quality="inferred",
        glued_as=("a|b",),
    )
    assert made == Fact(
        indicator="active.new",
        applicant="total",
        value=17829.0,
        unit="条",
        source="table",
        quality="ocr",
        raw_label="新制作 数量",
        raw_value="17,829",
        line=12,
        start=300,
        end=308,
        page=2,
        bbox=(1.0, 2.0, 3.0, 4.0),
        confidence=0.9,
        file="",
        glued_as=("a|b",),
    )
    assert type(made) is Fact and made.file == "" and made._fields[-2:] == ("file", "glued_as")


def test_inline_headings_pattern_finds_what_its_plain_form_finds() -> None:
    import random

    from ogidata.extraction.sections import INLINE, INLINE_PLAIN

    plain = re.compile(INLINE_PLAIN)
    lines = [line for line in _real_lines() if "、" in line]
    found = [[m.span() for m in INLINE.finditer(line)] for line in lines]
    assert found == [[m.span() for m in plain.finditer(line)] for line in lines] and sum(map(len, found)) > 20
    chosen = random.Random(2026)  # fixed: the same strings every run
    alphabet = list("一二三四五六七八九十、 \n\t\u3000ab总体情况，。")
    for _ in range(20_000):
        text = "".join(chosen.choice(alphabet) for _ in range(chosen.randint(1, 20)))
        assert [m.span() for m in INLINE.finditer(text)] == [m.span() for m in plain.finditer(text)], repr(text)


def test_cells_rows_and_parts_are_made_with_their_fields_in_order() -> None:
    from ogidata.readers.document import Cell, Part, Row, make_cell, make_part, make_row

    box = (1.0, 2.0, 3.0, 4.0)
    assert make_cell("17829", 3, 10, 15, 2, 4, box, 0.5) == Cell(
        text="17829", line=3, start=10, end=15, span=2, page=4, bbox=box, confidence=0.5
    )
    assert make_cell("x", 1, 0, 1) == Cell("x", 1, 0, 1) and type(make_cell("x", 1, 0, 1)) is Cell
    cells = (Cell("x", 1, 0, 1),)
    assert make_row(cells, 7, False) == Row(cells=cells, line=7, positional=False) and make_row(cells, 7) == Row(
        cells, 7
    )
    assert make_part("a", 5, 3) == Part(text="a", line=5, span=3) and make_part("a") == Part("a")
    assert type(make_row(cells, 7)) is Row and type(make_part("a")) is Part


def test_a_table_is_page_layout_when_it_holds_a_table_or_a_long_cell() -> None:
    """Layout tables are walked as text; the test is one XPath, held here to the rule it
    replaced: another table inside, or a cell of a row of the table (not of its footer, nor
    a header cell of its <thead>) longer than LAYOUT_CELL characters."""
    from lxml import etree
    from ogidata.readers.html import _UTF8_PARSER, LAYOUT_CELL, _is_layout, _text_content

    def rule(table: etree._Element) -> bool:
        cells = table.xpath("./tr/td|./tbody/tr/td|./thead/tr/td|./tr/th|./tbody/tr/th")
        return bool(table.xpath(".//table")) or any(len(_text_content(c)) > LAYOUT_CELL for c in cells)

    at, over = "字" * LAYOUT_CELL, "字" * (LAYOUT_CELL + 1)
    tables = {
        "<table><tr><td>1</td><td>2</td></tr></table>": False,
        "<table><tr><td><table><tr><td>1</td></tr></table></td></tr></table>": True,
        f"<table><tbody><tr><td>{over}</td></tr></tbody></table>": True,
        f"<table><tr><td>{at}</td></tr></table>": False,
        f"<table><tr><td><p>{at[:150]}</p><span>{at[150:]}字</span></td></tr></table>": True,
        f"<table><thead><tr><td>{over}</td></tr></thead></table>": True,
        f"<table><thead><tr><th>{over}</th></tr></thead><tr><td>1</td></tr></table>": False,
        f"<table><tfoot><tr><td>{over}</td></tr></tfoot><tr><td>1</td></tr></table>": False,
        f"<table><tr><th>{over}</th></tr></table>": True,
    }
    for markup, layout in tables.items():
        table = etree.fromstring(f"<html><body>{markup}</body></html>".encode(), _UTF8_PARSER).find(".//table")
        assert _is_layout(table) is layout is rule(table), markup[:60]


def test_a_token_reads_its_key_and_number_once_and_compares_by_value() -> None:
    from ogidata.extraction.cells import Token
    from ogidata.readers.document import Cell

    cell = Cell("（一）主动公开 17,829条", 4, 100, 113)
    token = Token(2, 0, cell)
    assert (
        token.key == "主动公开17829条" and token.number is None
    )  # enumerator, blanks and commas dropped; a label is no number
    number = Token(2, 1, Cell(" 17,829 ", 4, 114, 122))
    assert number.number is not None and number.number.value == 17829 and number.number is number.number
    assert Token(2, 1, Cell("5", 4, 0, 1), "label").number is None and Token(2, 1, Cell("5", 4, 0, 1), "run").glued
    assert token == Token(2, 0, cell) and hash(token) == hash(Token(2, 0, cell)) and token != Token(2, 0, cell, "run")
    assert repr(token).startswith("Token(row=2, pos=0, cell=Cell(")


def test_title_patterns_opening_with_a_year_find_what_their_plain_forms_find() -> None:
    import random

    from ogidata.extraction import metadata
    from ogidata.extraction.dates import YEAR, YEAR_OPENING

    patterns = [
        metadata.TITLE,
        metadata.YEAR_FIRST_TITLE,
        metadata.LOOSE_TITLE,
        metadata.WORK_PHRASE,
        *metadata._TAILS.values(),
    ]
    plains = [re.compile(p.pattern.replace(YEAR_OPENING, f"(?:{YEAR})")) for p in patterns]
    assert all(YEAR_OPENING in p.pattern and YEAR_OPENING not in q.pattern for p, q in zip(patterns, plains))

    def found(pattern: re.Pattern[str], text: str) -> list[object]:
        return [(m.span(), m.groupdict()) for m in pattern.finditer(text)]

    lines = _real_lines()
    texts = lines + [
        " ".join(lines[k : k + 25]) for k in range(0, len(lines), 25)
    ]  # heads of joined lines, as detect reads them
    hits = 0
    for pattern, plain in zip(patterns, plains):
        results = [found(pattern, text) for text in texts]
        assert results == [found(plain, text) for text in texts]
        hits += sum(map(len, results))
    assert hits > 100
    chosen = random.Random(2026)  # fixed: the same strings every run
    alphabet = [*"1920二〇一九○零十12年度某县人民政府信息公开工作报告 ，。", "政务", "年报", "2019", "二〇二一"]
    for _ in range(20_000):
        text = "".join(chosen.choice(alphabet) for _ in range(chosen.randint(1, 16)))
        for pattern, plain in zip(patterns, plains):
            assert found(pattern, text) == found(plain, text), (pattern.pattern[:30], text)


def test_signature_dates_are_looked_for_only_in_cells_ending_with_a_day() -> None:
    import random

    from ogidata.extraction.metadata import BROKEN_DATE, SIGNATURE, _ends_with_day
    from ogidata.extraction.normalize import nfkc

    cells = [nfkc(line).strip().rstrip("|").strip() for line in _real_lines()]
    dated = [c for c in cells if SIGNATURE.search(c) or BROKEN_DATE.match(c)]
    assert len(dated) >= 8 and all(_ends_with_day(c) for c in dated)
    assert sum(map(_ends_with_day, cells)) < len(cells) / 10  # the patterns are tried on few cells
    chosen = random.Random(2026)  # fixed: the same strings every run
    heads, tails = (
        ["", "某某县人民政府 ", "。", "（", "某，"],
        ["", ")", "）", " )", " ） ", "\u3000)", ") )", "。", " "],
    )
    for _ in range(20_000):
        cell = (
            chosen.choice(heads)
            + chosen.choice(["2021", "二〇二一", "2021 "])
            + chosen.choice(["年", " 年", ""])
            + chosen.choice(["1", "十二", " 3 "])
            + chosen.choice(["月", ""])
            + chosen.choice(["31", "二十", " 5"])
            + chosen.choice(["日", " 日", "号"])
            + chosen.choice(tails)
            + chosen.choice(tails)
        ).strip()
        assert _ends_with_day(cell) or not (SIGNATURE.search(cell) or BROKEN_DATE.match(cell)), repr(cell)


def test_nfkc_shortcut_gives_what_unicodedata_gives() -> None:
    """Folding replaces each character NFKC changes by its own NFKC form and checks the
    result is normalized; wherever characters combine, the full algorithm runs instead."""
    import random
    import unicodedata

    from ogidata.extraction.normalize import _nfkc

    hard = [
        "e\u0301",
        "\u1100\u1161\u11a8",
        "ﬁ",
        "①",
        "㈠",
        "\u212b",
        "\uff21\u0301",
        "\uf900",
        "\u2f00",
        "\uff76\uff9e",
        "ｶﾞ",
        "",
        "abc",
        "\u3000（一）１２％",
        "\U0001d400\U0002f800",
    ]
    for text in hard + _real_lines():
        assert _nfkc(text) == unicodedata.normalize("NFKC", text), repr(text)
    assert _nfkc("ｶﾞ") == "ガ" and _nfkc("（一）１２％") == "(一)12%"
    pools = [
        range(0x20, 0x250),
        range(0x300, 0x370),
        range(0x1100, 0x1200),
        range(0x3000, 0x3100),
        range(0xFF00, 0xFFF0),
        range(0xF900, 0xFB50),
        range(0x2F00, 0x2FD6),
        range(0x2460, 0x2500),
        range(0x3200, 0x3400),
        range(0xAC00, 0xAC40),
        range(0x0900, 0x0980),
        range(0x0B00, 0x0B60),
        range(0x1D400, 0x1D440),
    ]
    chosen = random.Random(2026)  # fixed: the same strings every run
    for _ in range(20_000):
        text = "".join(chr(chosen.choice(chosen.choice(pools))) for _ in range(chosen.randint(1, 8)))
        assert _nfkc(text) == unicodedata.normalize("NFKC", text), repr(text)


def test_pinyin_annotations_are_dropped_only_after_a_chinese_character() -> None:
    from ogidata.extraction.normalize import fold

    assert fold("行政處(chǔ)罰(fá)")[0] == "行政处罚"
    assert fold("见（m.example.com）与(xiāng)")[0] == "见(m.example.com)与"  # a tone mark is needed
    assert fold("(xiāng)数 a(xiāng)")[0] == "(xiāng)数 a(xiāng)"  # after nothing, or a Latin letter


def test_a_web_page_reads_the_same_whichever_way_its_bytes_reach_the_parser() -> None:
    """A UTF-8 page is parsed from its bytes, any other from its decoded text: the same
    page saved in GB18030 or with a byte-order mark gives the same rows."""
    import codecs
    from pathlib import Path

    from ogidata.readers.html import _parsed_as_bytes, read_html
    from ogidata.readers.text import UnreadableSource

    page = (Path(__file__).resolve().parent / "fixtures" / "corpus" / "reports" / "html_07.html").read_bytes()
    assert b'charset="utf-8"' in page and _parsed_as_bytes(page, "utf-8")
    read = read_html(page)
    assert read.encoding == "utf-8" and "主动公开" in read.text
    saved = {
        "gb18030": page.decode().replace('charset="utf-8"', 'charset="gb18030"').encode("gb18030"),
        "with a byte-order mark": codecs.BOM_UTF8 + page,
    }
    for how, data in saved.items():
        assert not _parsed_as_bytes(data, read_html(data).encoding)
        again = read_html(data)
        assert (again.text, again.rows) == (read.text, read.rows), how
    assert not _parsed_as_bytes(page.replace(b'charset="utf-8"', b'charset="gbk"'), "utf-8")
    declared = b'<?xml version="1.0" encoding="UTF-8"?>\n' + page  # lxml refuses it in a decoded text
    for data in (declared, declared.decode().replace("UTF-8", "GB18030", 1).encode("gb18030")):
        with pytest.raises(UnreadableSource, match="could not be parsed"):
            read_html(data)


def test_rendered_rows_are_what_the_csv_module_writes() -> None:
    """Rows are joined and quoted by render itself, byte for byte as the csv module writes
    them (QUOTE_MINIMAL, "\\n" line ends)."""
    import csv
    import datetime as dt
    import io

    import numpy
    from ogidata.package.render import Columns, _number_cell, header, render

    def written(lines: list[tuple[object, ...]]) -> bytes:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(lines)
        return buffer.getvalue().encode("utf-8")

    three = Columns(("a", "b", "c"), ())
    lines = [
        ("x,y", 'say "yes"', "line\nbreak"),
        ("a\rb", None, ""),
        (1, 2.5, True),
        (dt.date(2020, 1, 2), "全文，逗号", " lead"),
        ("", "", ""),
        (None, None, None),
        ("主动公开政府信息", 17829, "条"),
        ("a\r\nb", '"', '""'),
        ("nul\x00", "nul\x00,comma", "\r"),
        ('"edge', 'edge"', "\n"),
        ("一、总体情况\n" + "本年度，" * 2000, "x", "y"),
    ]
    assert render([dict(zip(three.names, line)) for line in lines], three) == written(lines)
    assert header(three) == written([three.names]) and header(Columns(("a,b",), ())) == b'"a,b"\n'
    one = Columns(("a",), ())
    singles = [("",), (None,), ("x",), (",",)]
    assert render([{"a": value} for (value,) in singles], one) == written(singles) == b'""\n""\nx\n","\n'
    assert render([], three) == b""
    assert render([{"a": numpy.float64(1.5)}], Columns(("a",), ((0, _number_cell),))) == b"1.5\n"
