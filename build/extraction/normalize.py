"""Text normalisation shared by every matcher.

Reports print the same label with full-width digits, stray spaces inside words,
enumerators ("（三）", "1.", "其中："), explanatory parentheses and curly quotes.
Matching happens on a normalised key so that these never decide the indicator,
while the raw text is always kept beside the fact.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import cache, lru_cache, wraps
from typing import Any, TypeVar

_ENUMERATOR = re.compile(
    r"^(?:"
    r"[一二三四五六七八九十]+\s*[、.．]"  # 一、
    r"|[(（]\s*[一二三四五六七八九十]*\s*[)）]"  # （一） and the empty "()" of a lost numeral
    r"|\d{1,2}\s*[、.．](?!\d)"  # 1.  1、
    r"|[(（]\s*\d{1,2}\s*[)）]"  # (1)
    r"|其中\s*[:：]?"  # 其中：
    r")\s*"
)
_PARENTHETICAL = re.compile(r"[(（][^()（）]*[)）]")
BLANKS = re.compile(r"\s+")  # compiled once: re.sub(pattern, …) looks the pattern up on every call
_DROP = re.compile(r"[\s\u3000“”\"'‘’《》<>〈〉:：。，,；;|]+")


# Pinyin that mirror sites insert after a character: 鄉(xiāng), 數(shù)量. A tone mark is
# required, so "(m.example.com)" or "(GB)" are never taken for pinyin.
# The bracket is matched first and the character before it checked behind: a pattern that
# opens with a look-behind is tried at every position (three times slower).
_PINYIN = re.compile(
    r"[(（](?<=[\u4e00-\u9fff][(（])[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹ][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ]*[)）]"
)


@cache
def _t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


SHORT = 80  # cells this short repeat across reports ("0", "规章", "总计") and are cached

F = TypeVar("F", bound=Callable[..., Any])


def remembered_when_short(maxsize: int) -> Callable[[F], F]:
    """Memoise a pure function of a string (and other hashable arguments) for strings of
    at most SHORT characters: labels and cells repeat across reports, paragraphs do not."""

    def decorate(function: F) -> F:
        cached = lru_cache(maxsize=maxsize)(function)

        @wraps(function)
        def call(text: str, *rest: Any) -> Any:
            return cached(text, *rest) if len(text) <= SHORT else function(text, *rest)

        return call  # type: ignore[return-value]

    return decorate


def fold(text: str, base: int = 0) -> tuple[str, list[int]]:
    """See :func:`_fold`; memoised (see :func:`_folded`). The offsets are counted from
    ``base``: the place of ``text`` in the document it was cut from."""
    folded, kept = _folded(text)
    offsets: list[int] = []
    for start, end in kept:
        offsets.extend(range(base + start, base + end))
    return folded, offsets


@remembered_when_short(1 << 15)
def _folded(text: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Short strings are remembered for the whole build; a paragraph is folded by several
    stages of the same report (metadata, tables, prose), so the last few hundred long
    ones are remembered too."""
    return _fold_long(text) if len(text) > SHORT else _fold(text)


@lru_cache(maxsize=512)
def _fold_long(text: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    return _fold(text)


def _fold(text: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Text as the matchers read it, and the spans of the source it keeps, in order.

    Drops pinyin annotations, folds full-width forms (NFKC, one character for one) and
    converts Traditional characters to Simplified. The spans let every match be traced
    back to the untouched source; each kept character is one source character. NFKC
    runs on the whole kept text when that keeps its length (almost always), since a
    call per character costs more than the rest of the folding together.
    """
    kept, cursor = [], 0
    for match in _PINYIN.finditer(text):
        if match.start() > cursor:
            kept.append((cursor, match.start()))
        cursor = match.end()
    if cursor < len(text) or not kept:
        kept.append((cursor, len(text)))
    plain = text if len(kept) == 1 and kept[0] == (0, len(text)) else "".join(text[s:e] for s, e in kept)
    whole = _nfkc(plain)
    if len(whole) != len(plain):  # a character that folds into several: keep it as printed
        whole = "".join(f if len(f := unicodedata.normalize("NFKC", char)) == 1 else char for char in plain)
    return _simplified(whole), tuple(kept)


@cache
def _compatibility() -> tuple[re.Pattern[str], dict[int, str]]:
    """The characters of the Basic Multilingual Plane that NFKC changes on their own (as
    runs), and what each becomes: from this Python's own Unicode tables, built once (docs/performance.md)."""
    table = {
        code: folded
        for code in range(0x10000)
        if not 0xD800 <= code < 0xE000 and (folded := unicodedata.normalize("NFKC", chr(code))) != chr(code)
    }
    starts = [code for code in table if code - 1 not in table]
    runs = []
    for start in starts:
        end = start
        while end + 1 in table:
            end += 1
        runs.append(re.escape(chr(start)) + ("-" + re.escape(chr(end)) if end > start else ""))
    return re.compile("[" + "".join(runs) + "]+"), table


def _nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, by a cheaper route for a report's text (docs/performance.md).

    Each character NFKC changes is replaced by its own NFKC form. That leaves the normal
    form of the whole as it was (each replacement is equivalent to what it replaces), so
    when the result is already normalized (a quick check) it is the normal form; when it
    is not (a combining mark, say), the full algorithm runs."""
    changes, table = _compatibility()
    replaced = changes.sub(lambda run: run.group().translate(table), text)
    return replaced if unicodedata.is_normalized("NFKC", replaced) else unicodedata.normalize("NFKC", text)


def _simplified(text: str) -> str:
    """Traditional → Simplified; a cell is often too short to tell which script it is in,
    so every string is converted (Simplified text passes unchanged)."""
    if text.isascii():
        return text
    simplified = _t2s().convert(text)
    return simplified if len(simplified) == len(text) else "".join(_t2s().convert(c) for c in text)


def nfkc(text: str) -> str:
    """The folded text alone (see :func:`fold`), without the cost of its offsets."""
    return _folded(text)[0]


@remembered_when_short(1 << 15)
def label_key(label: str) -> str:
    """Reduce a printed row or column label to the key the lexicons are written in."""
    key = nfkc(label).strip()
    previous = None
    while previous != key:  # "三、（一）" and "1.其中：" stack enumerators
        previous = key
        key = _ENUMERATOR.sub("", key.strip(), count=1)
    key = _PARENTHETICAL.sub("", key)
    return _DROP.sub("", key)
