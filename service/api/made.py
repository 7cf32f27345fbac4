"""A briefing as the service stores and sends it, made in whichever worker briefed the article."""

from __future__ import annotations

from dataclasses import dataclass

from ..schema import Article, Briefing


@dataclass(frozen=True)
class Made:
    """Serialised where it was made, so the HTTP process neither rebuilds nor re-serialises it
    (a third of its work per request, measured)."""

    article: Article
    extractor: str
    warnings: tuple[str, ...]
    body: str

    @classmethod
    def of(cls, briefing: Briefing) -> Made:
        return cls(briefing.article, briefing.provenance.extractor,
                   tuple(briefing.provenance.warnings), briefing.model_dump_json())
