"""A story's timeline: one row per dated sentence, dated by the clause that tells the event.

A sentence often carries two dates: the event's and the report's ('Three people were killed
on Thursday night, the service said on Friday'), or a background date ('the worst attack since
February 2022'). Each date mention is read by the words just before it: after a reporting verb
it dates the report, after 'since', 'until' or 'before' it is background; the sentence takes an
event date if it has one, else a report date, else a background date. The same event told by
several articles on one date is one row.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from ..schema import Briefing
from .model import TimelineEntry
from .sentences import Sentences

SAME_EVENT = 80  # token-set similarity (0-100) above which two dated sentences are one entry
MAX_TEXT = 240
_REPORT = re.compile(r"\b(?:said|says|told|wrote|added|announced|reported|stated)\s+(?:\w+\s+){0,2}$",
                     re.IGNORECASE)
_BACKGROUND = re.compile(r"\b(?:since|until|till|before|ago)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
_LOOK_BACK = 40


def _clause_rank(text: str, start: int) -> int:
    """0 for the event's date, 1 for the report's, 2 for a background date."""
    before = text[max(0, start - _LOOK_BACK):start]
    return 1 if _REPORT.search(before) else 2 if _BACKGROUND.search(before) else 0


def timeline(briefings: list[Briefing]) -> list[TimelineEntry]:
    """Dated sentences in date order; the same event told by several articles is one entry."""
    entries: list[TimelineEntry] = []
    for briefing in briefings:
        text, sentences = briefing.article.text, Sentences(briefing)
        dated: dict[tuple[int, int], tuple[int, str]] = {}  # sentence bounds -> (rank, date)
        for ref in briefing.when:
            if ref.date is None:
                continue
            start = ref.mentions[0].start
            bounds = sentences.bounds(start)
            if bounds is None:
                continue
            choice = (_clause_rank(text, start), ref.date)
            dated[bounds] = min(dated.get(bounds, choice), choice)
        for (start, _), (_, day) in sorted(dated.items()):
            _add(entries, day, sentences.at(start)[:MAX_TEXT], briefing.article.id)
    return sorted(entries, key=lambda e: (e.date, e.text))


def _add(entries: list[TimelineEntry], day: str, sentence: str, article: str) -> None:
    for entry in entries:
        if entry.date == day and fuzz.token_set_ratio(entry.text, sentence) >= SAME_EVENT:
            if article not in entry.articles:
                entry.articles.append(article)
            return
    entries.append(TimelineEntry(date=day, text=sentence, articles=[article]))
