"""Offsets-preserving text primitives: quotations, sentences, trimming.

Everything returns `(start, end)` pairs into the original text, never rewritten strings,
so whatever is built on top stays verifiable against the article.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from functools import lru_cache

Offsets = tuple[int, int]

_ABBREVIATIONS = frozenset(
    "mr mrs ms dr st gen lt col maj sgt capt prof sen rep gov jan feb mar apr aug sep sept oct "
    "nov dec no vs etc inc ltd co corp jr sr u.s u.k u.n e.g i.e".split()
)
_OPENERS = "\u201c"
_CLOSERS = "\u201d"
_SENTENCE_END = re.compile(r"[.!?]+[\"\u201d\u2019')\]]*(?=\s+[\"\u201c(\[]?[A-Z0-9])")
_PARAGRAPH = re.compile(r"\n\s*\n|\n")
_QUOTE_MARK = re.compile('["\u201c\u201d]')


@lru_cache(maxsize=16)
def find_quotes(text: str) -> tuple[Offsets, ...]:
    """Top-level quotations as offsets of their content (without the quote marks).

    Straight quotes are classed as opening or closing by what surrounds them, and a stack
    pairs them, so a quotation nested inside another ("It's time to "MAKE A DEAL."") stays
    part of its outer quotation instead of cutting it in two.
    """
    stack: list[int] = []
    quotes: list[Offsets] = []
    for mark in _QUOTE_MARK.finditer(text):
        index, char = mark.start(), mark.group()
        if _is_opening(text, index, char, bool(stack)):
            stack.append(index)
        elif stack:
            start = stack.pop()
            if not stack and index - start > 1:
                quotes.append((start + 1, index))
        # a closing mark with nothing open is stray punctuation: ignored
    return tuple(quotes)


def _is_opening(text: str, index: int, char: str, inside: bool) -> bool:
    if char in _OPENERS:
        return True
    if char in _CLOSERS:
        return False
    before = text[index - 1] if index > 0 else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    if before.isspace() or before in "([{\u2014-":
        return not after.isspace()
    if after.isspace() or after in ".,;:!?)]}":
        return False
    return not inside


@lru_cache(maxsize=64)
def split_sentences(text: str, start: int = 0, end: int | None = None) -> tuple[Offsets, ...]:
    """Sentences of `text[start:end]`, never breaking inside a quotation or after 'Mr.'."""
    end = len(text) if end is None else end
    quotes = find_quotes(text)
    sentences: list[Offsets] = []
    for para_start, para_end in _paragraphs(text, start, end):
        cursor = para_start
        for match in _SENTENCE_END.finditer(text, para_start, para_end):
            cut = match.end()
            if _inside_any(match.start(), quotes) and _inside_any(cut, quotes):
                continue
            if _is_abbreviation(text, match.start()):
                continue
            sentences.append(trim(text, cursor, cut))
            cursor = cut
        if text[cursor:para_end].strip():
            sentences.append(trim(text, cursor, para_end))
    return tuple(sentences)


def _paragraphs(text: str, start: int, end: int) -> list[Offsets]:
    pieces: list[Offsets] = []
    cursor = start
    for match in _PARAGRAPH.finditer(text, start, end):
        if text[cursor:match.start()].strip():
            pieces.append((cursor, match.start()))
        cursor = match.end()
    if text[cursor:end].strip():
        pieces.append((cursor, end))
    return pieces


def _inside_any(index: int, spans: tuple[Offsets, ...]) -> bool:
    return any(s <= index < e for s, e in spans)


def _is_abbreviation(text: str, dot: int) -> bool:
    word_start = dot
    while word_start > 0 and (text[word_start - 1].isalpha() or text[word_start - 1] == "."):
        word_start -= 1
    word = text[word_start:dot].lower()
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def trim(text: str, start: int, end: int) -> Offsets:
    """Shrink offsets past surrounding whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def trim_punctuation(text: str, start: int, end: int) -> Offsets:
    """Shrink offsets past surrounding whitespace and clause punctuation."""
    start, end = trim(text, start, end)
    while end > start and text[end - 1] in ",;:.!?-\u2013\u2014 ":
        end -= 1
    while start < end and text[start] in ",;:-\u2013\u2014 ":
        start += 1
    return start, end


def overlaps(a: Offsets, b: Offsets) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def overlapping(starts: Sequence[int], ends: Sequence[int], start: int, end: int) -> int | None:
    """Index of the span overlapping [start, end) among spans sorted by start that do not
    overlap each other (so only the last one starting before `end` can), by bisection."""
    i = bisect_left(starts, end) - 1
    return i if i >= 0 and ends[i] > start else None
