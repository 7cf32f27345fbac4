"""A story's timeline: each resolved date with the sentence that dates it, across articles."""

from __future__ import annotations

from rapidfuzz import fuzz

from ..article import dateline_end
from ..schema import Briefing
from ..text import split_sentences
from .model import TimelineEntry

SAME_EVENT = 80  # token-set similarity (0-100) above which two dated sentences are one entry
MAX_TEXT = 240


def timeline(briefings: list[Briefing]) -> list[TimelineEntry]:
    """Dated sentences in date order; the same event told by several articles is one entry."""
    entries: list[TimelineEntry] = []
    for briefing in briefings:
        text = briefing.article.text
        sentences = split_sentences(text, dateline_end(text))
        for ref in briefing.when:
            if ref.date is None:
                continue
            start = ref.mentions[0].start
            sentence = next((text[s:e] for s, e in sentences if s <= start < e), None)
            if sentence is None:  # the date sits in the dateline: the first sentence is its event
                sentence = text[sentences[0][0]:sentences[0][1]] if sentences else ref.text
            sentence = " ".join(sentence.split())[:MAX_TEXT]
            _add(entries, ref.date, sentence, briefing.article.id)
    return sorted(entries, key=lambda e: (e.date, e.text))


def _add(entries: list[TimelineEntry], day: str, sentence: str, article: str) -> None:
    for entry in entries:
        if entry.date == day and fuzz.token_set_ratio(entry.text, sentence) >= SAME_EVENT:
            if article not in entry.articles:
                entry.articles.append(article)
            return
    entries.append(TimelineEntry(date=day, text=sentence, articles=[article]))
