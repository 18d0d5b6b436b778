"""Text normalisation shared by every matcher.

Reports print the same label with full-width digits, stray spaces inside words,
enumerators ("（三）", "1.", "其中："), explanatory parentheses and curly quotes.
Matching happens on a normalised key so that these never decide the indicator,
while the raw text is always kept beside the fact.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from typing import Any


_ENUMERATOR = re.compile(
    r"^(?:"
    r"[一二三四五六七八九十]+\s*[、.．]"        # 一、
    r"|[(（]\s*[一二三四五六七八九十]*\s*[)）]"  # （一） and the empty "()" of a lost numeral
    r"|\d{1,2}\s*[、.．](?!\d)"                 # 1.  1、
    r"|[(（]\s*\d{1,2}\s*[)）]"                 # (1)
    r"|其中\s*[:：]?"                            # 其中：
    r")\s*"
)
_PARENTHETICAL = re.compile(r"[(（][^()（）]*[)）]")
_DROP = re.compile(r"[\s\u3000“”\"'‘’《》<>〈〉:：。，,；;|]+")


# Pinyin that mirror sites insert after a character: 鄉(xiāng), 數(shù)量. A tone mark is
# required, so "(m.example.com)" or "(GB)" are never taken for pinyin.
_PINYIN = re.compile(r"(?<=[\u4e00-\u9fff])[(（][a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹ][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ]*[)）]")


@cache
def _t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


SHORT = 80  # cells this short repeat across reports ("0", "规章", "总计") and are cached


def fold(text: str) -> tuple[str, list[int]]:
    """See :func:`_fold`; short strings are memoised, long ones (paragraphs) never are."""
    return _fold_cached(text) if len(text) <= SHORT else _fold(text)


@lru_cache(maxsize=1 << 15)
def _fold_cached(text: str) -> tuple[str, list[int]]:
    return _fold(text)


def _fold(text: str) -> tuple[str, list[int]]:
    """Text as the matchers read it, and for each of its characters the source offset.

    Drops pinyin annotations, folds full-width forms (NFKC, one character for one) and
    converts Traditional characters to Simplified. The offsets let every match be
    traced back to the untouched source.
    """
    if not _PINYIN.search(text):
        whole = unicodedata.normalize("NFKC", text)
        if len(whole) == len(text):  # one character for one: offsets are the identity
            return _simplified(whole), list(range(len(text)))
    kept: list[str] = []
    offsets: list[int] = []
    cut = iter(_PINYIN.finditer(text))
    nxt = next(cut, None)
    for i, char in enumerate(text):
        if nxt is not None and i >= nxt.end():
            nxt = next(cut, None)
        if nxt is not None and nxt.start() <= i < nxt.end():
            continue
        folded = unicodedata.normalize("NFKC", char)
        kept.append(folded if len(folded) == 1 else char)
        offsets.append(i)
    return _simplified("".join(kept)), offsets


def _simplified(text: str) -> str:
    """Traditional → Simplified; a cell is often too short to tell which script it is in,
    so every string is converted (Simplified text passes unchanged)."""
    if text.isascii():
        return text
    simplified = _t2s().convert(text)
    return simplified if len(simplified) == len(text) else "".join(_t2s().convert(c) for c in text)


def nfkc(text: str) -> str:
    """The folded text alone (see :func:`fold`)."""
    return fold(text)[0]


def label_key(label: str) -> str:
    """See :func:`_label_key`; memoised for short labels only."""
    return _label_key_cached(label) if len(label) <= SHORT else _label_key(label)


@lru_cache(maxsize=1 << 15)
def _label_key_cached(label: str) -> str:
    return _label_key(label)


def _label_key(label: str) -> str:
    """Reduce a printed row or column label to the key the lexicons are written in."""
    key = nfkc(label).strip()
    previous = None
    while previous != key:  # "三、（一）" and "1.其中：" stack enumerators
        previous = key
        key = _ENUMERATOR.sub("", key.strip(), count=1)
    key = _PARENTHETICAL.sub("", key)
    return _DROP.sub("", key)
