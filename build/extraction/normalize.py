"""Text normalisation shared by every matcher.

Reports print the same label with full-width digits, stray spaces inside words,
enumerators ("（三）", "1.", "其中："), explanatory parentheses and curly quotes.
Matching happens on a normalised key so that these never decide the indicator,
while the raw text is always kept beside the fact.
"""

from __future__ import annotations

import re
import unicodedata

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


def nfkc(text: str) -> str:
    """Fold full-width digits, letters and punctuation to their ASCII forms."""
    return unicodedata.normalize("NFKC", text)


def label_key(label: str) -> str:
    """Reduce a printed row or column label to the key the lexicons are written in."""
    key = nfkc(label).strip()
    previous = None
    while previous != key:  # "三、（一）" and "1.其中：" stack enumerators
        previous = key
        key = _ENUMERATOR.sub("", key.strip(), count=1)
    key = _PARENTHETICAL.sub("", key)
    return _DROP.sub("", key)
