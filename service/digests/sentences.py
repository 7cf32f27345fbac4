"""The sentence an item stands in, so the digest can show it whole (spans are often a clause)."""

from __future__ import annotations

from bisect import bisect_right

from ..article import dateline_end
from ..schema import Briefing
from ..text import split_sentences
from ..view.items import item_id
from .model import Evidence


class Sentences:
    """One article's sentences (the dateline excluded), found by offset."""

    def __init__(self, briefing: Briefing) -> None:
        self.article = briefing.article.id
        self.text = briefing.article.text
        self.spans = split_sentences(self.text, dateline_end(self.text))
        self._starts = [start for start, _ in self.spans]

    def bounds(self, offset: int) -> tuple[int, int] | None:
        """(start, end) of the sentence holding `offset`; a dateline offset gets the first sentence."""
        if not self.spans:
            return None
        return self.spans[max(0, bisect_right(self._starts, offset) - 1)]

    def at(self, offset: int) -> str:
        """The sentence holding `offset`, whitespace collapsed ('' when none)."""
        bounds = self.bounds(offset)
        return " ".join(self.text[bounds[0]:bounds[1]].split()) if bounds else ""

    def evidence(self, field: str, index: int, offset: int) -> Evidence:
        return Evidence(article=self.article, item=item_id(field, index), sentence=self.at(offset))
