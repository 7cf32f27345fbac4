"""Headline and summary from the lead: news puts the 'what' in its first sentences."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..article import dateline_end
from ..text import split_sentences, trim_punctuation

HEADLINE_CHARS = 110
SUMMARY_CHARS = 480
_ATTRIBUTION_TAIL = re.compile(r",[^,]{0,80}\b(?:said|reported|says|according to)\b.*$")
_RELATIVE = re.compile(r"\s(?:which|who|that)\s|,\s")


def lead_sentences(text: str, limit: int = 3,
                   skip: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """The first sentences after the dateline, less those in `skip` (sentences that speak to a
    model: they are no part of the news)."""
    sentences = split_sentences(text, dateline_end(text))
    return [s for s in sentences if s not in skip][:limit]


def summary(text: str, skip: Sequence[tuple[int, int]] = ()) -> str:
    """The first one to three sentences, as many as fit in SUMMARY_CHARS."""
    sentences = lead_sentences(text, skip=skip)
    if not sentences:
        return text[:SUMMARY_CHARS].strip()
    end = sentences[0][1]
    for _, s_end in sentences[1:]:
        if s_end - sentences[0][0] > SUMMARY_CHARS:
            break
        end = s_end
    return " ".join(text[sentences[0][0]:end].split())


def headline(text: str, title: str | None, skip: Sequence[tuple[int, int]] = ()) -> str:
    """The title when there is one; else the lead's main clause, without its attribution."""
    if title and title.strip():
        return _shorten(title.strip())
    sentences = lead_sentences(text, 1, skip)
    if not sentences:
        return _shorten(text.strip())
    start, end = sentences[0]
    sentence = _ATTRIBUTION_TAIL.sub("", text[start:end])
    for match in _RELATIVE.finditer(sentence):
        if len(sentence[:match.start()].split()) >= 6:
            sentence = sentence[:match.start()]
            break
    s, e = trim_punctuation(sentence, 0, len(sentence))
    return _shorten(sentence[s:e])


def _shorten(line: str) -> str:
    if len(line) <= HEADLINE_CHARS:
        return line
    cut = line[:HEADLINE_CHARS].rsplit(" ", 1)[0]
    return cut.rstrip(",;:-") + "\u2026"
