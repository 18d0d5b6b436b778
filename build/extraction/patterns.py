"""The regular expressions that run in a form written for speed, each beside its plain form.

Read and edit the plain form (``*_PLAIN``, or ``YEAR``); the form that runs is the same
pattern rewritten to open with a character class, the characters a match can start
with, so that the regular expression engine skips to those instead of trying every
position. A lookbehind placed after that first character then checks what a plain
form checks before it. ``tests/test_patterns.py`` holds each pair to the same matches,
on every line of the real reports and on random strings; change both forms together
(docs/dev/rules.md, "Rules written for speed").
"""

from __future__ import annotations

import re

from .numbers import CN_DIGITS, CN_NUMERAL, UNSIGNED

# --- A year: 2019, or digit by digit in Chinese (二〇一九) ---------------------------------
CN = "〇○零一二三四五六七八九十"
YEAR = rf"(?:19|20)\d{{2}}|[{CN}]{{4}}"
# As it runs at the opening of a pattern (the report titles in metadata.py):
YEAR_OPENING = rf"[12{CN}](?:(?<=1)9\d{{2}}|(?<=2)0\d{{2}}|(?<=[{CN}])[{CN}]{{3}})"

# --- A number stated in prose with its count unit: "主动公开政府信息17829条" ------------------
COUNT_UNIT = (
    r"\s*(?P<approx>多|余)?\s*(?P<mag>万|亿)?\s*"
    r"(?P<unit>万元|人次|元|条|件|起|次(?!性)|场|期(?!间|限|末|内|满)|个(?!工作日|月|小时|百分点)|人|名|篇|份|项(?!目))"
)
# A number (not the end of a longer one — 1,234 — a decimal or "第N"; unsigned, as a sign in
# prose is a dash, not a minus), then the unit. A comma after a word is a clause's end (the
# folded "，"): "兼任，2名工作人员" states 2.
COUNTED_PLAIN = rf"(?<![\d.A-Za-z第])(?<!\d,)(?P<num>{UNSIGNED}|{CN_NUMERAL}){COUNT_UNIT}"
# As it runs: the number's first character, the character before it looked behind for,
# then the rest of an Arabic number (UNSIGNED less one digit) or of a Chinese one
# (CN_NUMERAL's runs less their first character).
_CN_ANY = f"{CN_DIGITS}十百千万亿"
COUNTED = re.compile(
    rf"(?P<num>[\d{_CN_ANY}](?<![\d.A-Za-z第].)(?<!\d,.)"
    rf"(?:(?<=\d)(?:\d{{0,2}}(?:,\d{{3}})+(?:\.\d+)?|\d*(?:\.\d+)?)"
    rf"|(?<=[{CN_DIGITS}十])[{_CN_ANY}]*"
    rf"|(?<=[百千万亿])[{_CN_ANY}]*[{CN_DIGITS}十][{_CN_ANY}]*)){COUNT_UNIT}"
)

# --- A numbered heading inside a line of prose: "… 二、主动公开政府信息情况" -----------------
_HEADING_DIGIT = "[一二三四五六七八九十]"
HEADING_NUMERAL = rf"{_HEADING_DIGIT}{{1,3}}\s?、"
# A blank, the numeral, then the heading:
INLINE_HEADING_PLAIN = rf"(?<=\s){HEADING_NUMERAL}\s*\S{{2,40}}"
# As it runs: the numeral's first character, the blank looked behind for, the rest.
INLINE_HEADING = re.compile(rf"{_HEADING_DIGIT}(?<=\s{_HEADING_DIGIT}){_HEADING_DIGIT}{{0,2}}\s?、\s*\S{{2,40}}")
