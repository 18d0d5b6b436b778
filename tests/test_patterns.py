"""The rules written for speed, held to their plain forms (build/extraction/patterns.py).

Each pattern that runs in a rewritten form is tested against its plain form on every line
of the real text and web page reports and on random strings made from the characters it
turns on; each pattern searched only where a cheap check says it can match is tested to
match nowhere that check rules out. One test per pair.
"""

from __future__ import annotations

import random
import re

from ogidata.extraction import metadata, patterns
from ogidata.extraction.normalize import nfkc


def _random_texts(alphabet: list[str], longest: int) -> list[str]:
    chosen = random.Random(2026)  # fixed: the same strings every run
    return ["".join(chosen.choice(alphabet) for _ in range(chosen.randint(1, longest))) for _ in range(20_000)]


# --- Pairs: the plain form and the form that runs ---------------------------------------


def test_year_opening_finds_what_year_finds_in_every_title_pattern(real_lines: list[str]) -> None:
    runs = [
        metadata.TITLE,
        metadata.YEAR_FIRST_TITLE,
        metadata.LOOSE_TITLE,
        metadata.WORK_PHRASE,
        *metadata._TAILS.values(),
    ]
    plains = [re.compile(p.pattern.replace(patterns.YEAR_OPENING, f"(?:{patterns.YEAR})")) for p in runs]
    assert all(
        patterns.YEAR_OPENING in p.pattern and patterns.YEAR_OPENING not in q.pattern for p, q in zip(runs, plains)
    )

    def found(pattern: re.Pattern[str], text: str) -> list[object]:
        return [(m.span(), m.groupdict()) for m in pattern.finditer(text)]

    texts = real_lines + [
        " ".join(real_lines[k : k + 25]) for k in range(0, len(real_lines), 25)
    ]  # heads of joined lines, as detect reads them
    hits = 0
    for run, plain in zip(runs, plains):
        results = [found(run, text) for text in texts]
        assert results == [found(plain, text) for text in texts]
        hits += sum(map(len, results))
    assert hits > 100
    alphabet = [*"1920二〇一九○零十12年度某县人民政府信息公开工作报告 ，。", "政务", "年报", "2019", "二〇二一"]
    for text in _random_texts(alphabet, 16):
        for run, plain in zip(runs, plains):
            assert found(run, text) == found(plain, text), (run.pattern[:30], text)


def test_counted_finds_what_counted_plain_finds(real_lines: list[str]) -> None:
    plain = re.compile(patterns.COUNTED_PLAIN)

    def found(pattern: re.Pattern[str], text: str) -> list[object]:
        return [
            (m.span(), m.groupdict(), [m.span(g) for g in ("num", "approx", "mag", "unit")])
            for m in pattern.finditer(text)
        ]

    spans = [found(patterns.COUNTED, line) for line in real_lines]
    assert spans == [found(plain, line) for line in real_lines]
    # 695 numbers with a unit in the reports' counts, "主动公开政府信息17829条" among them
    assert sum(map(len, spans)) > 500
    alphabet = [
        *"0123456789.,，一二两三四五六七八九十百千万亿零〇○第aZ 多余元条件起次性场个日月小时人名篇份。１２",
        "万元",
        "人次",
        "工作日",
    ]
    for text in _random_texts(alphabet, 14):
        assert found(patterns.COUNTED, text) == found(plain, text), repr(text)


def test_inline_heading_finds_what_inline_heading_plain_finds(real_lines: list[str]) -> None:
    plain = re.compile(patterns.INLINE_HEADING_PLAIN)
    lines = [line for line in real_lines if "、" in line]
    found = [[m.span() for m in patterns.INLINE_HEADING.finditer(line)] for line in lines]
    assert found == [[m.span() for m in plain.finditer(line)] for line in lines] and sum(map(len, found)) > 20
    for text in _random_texts(list("一二三四五六七八九十、 \n\t\u3000ab总体情况，。"), 20):
        assert [m.span() for m in patterns.INLINE_HEADING.finditer(text)] == [m.span() for m in plain.finditer(text)], (
            repr(text)
        )


# --- Patterns searched only where a cheap check says they can match ---------------------


def test_a_number_alone_at_a_line_end_is_looked_for_only_where_a_line_ends_with_a_digit(
    real_lines: list[str],
) -> None:
    from ogidata.extraction.prose import BARE_END, _ends_with_digit

    ended = [line for line in real_lines if BARE_END.search(line)]
    assert len(ended) > 20 and all(_ends_with_digit(line) for line in ended)
    assert _ends_with_digit("从事政府信息公开工作人员数。 7 。 ") and not _ends_with_digit("共7件。另")


def test_rows_flattened_to_spaces_are_looked_for_only_in_lines_with_a_space_ending_like_a_value(
    real_lines: list[str],
) -> None:
    from ogidata.readers.text import _SPACE, _SPACED_ROW, _ends_like_a_value

    spaced = [line for line in real_lines if _SPACED_ROW.match(line)]
    assert len(spaced) > 20 and all(_SPACE.search(line) and _ends_like_a_value(line) for line in spaced)
    assert sum(map(_ends_like_a_value, real_lines)) < len(real_lines) / 4  # the pattern is tried on few lines
    assert _ends_like_a_value("（三）不予公开 — ") and _ends_like_a_value("总计 １２")
    assert not _ends_like_a_value("本年度收到申请 12 件。")


def test_signature_dates_are_looked_for_only_in_cells_ending_with_a_day(real_lines: list[str]) -> None:
    from ogidata.extraction.metadata import BROKEN_DATE, SIGNATURE, _ends_with_day

    cells = [nfkc(line).strip().rstrip("|").strip() for line in real_lines]
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


def test_titles_opening_with_an_organ_are_searched_from_where_the_rest_can_first_match(
    real_lines: list[str],
) -> None:
    texts = real_lines + [" ".join(real_lines[k : k + 25]) for k in range(0, len(real_lines), 25)]
    hits = 0
    for pattern in metadata._TAILS:
        for text in texts:
            whole = [m.span() for m in pattern.finditer(text)]
            assert whole == [m.span() for m in pattern.finditer(text, metadata._earliest_start(pattern, text))]
            hits += len(whole)
    assert hits > 50
