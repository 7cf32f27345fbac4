"""The one interface every extractor implements, so the CLI, API and evaluation treat them alike."""

from __future__ import annotations

from typing import Protocol

from ..schema import ArticleInput, Briefing


class Extractor(Protocol):
    """Turns one article into one valid, grounded briefing, or raises `BriefingError`."""

    name: str

    def extract(self, source: ArticleInput) -> Briefing: ...
