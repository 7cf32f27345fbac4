"""The rule-based extractor: deterministic, model-free, and the precision floor for the rest."""

from __future__ import annotations

import time
from datetime import datetime, timezone

from .. import __version__
from ..article import dateline_end, prepare
from ..schema import ArticleInput, Briefing, Provenance
from .actors import extract_actors
from .claims import extract_claims
from .dates import extract_dates
from .lead import headline, summary
from .places import extract_places, located
from .positions import extract_positions
from .referents import Referents


class RuleExtractor:
    """Gazetteers, patterns and cue words: same input, same briefing, in milliseconds."""

    name = "rules"
    version = __version__

    def extract(self, source: ArticleInput) -> Briefing:
        started = time.perf_counter()
        article = prepare(source)
        text = article.text
        actors = extract_actors(text)
        person_names = [(e - len(a.name), e) if text[s:e].endswith(a.name) else (s, e)
                        for a in actors.actors.values() if a.kind == "person" for s, e in a.spans]
        places = extract_places(text, exclude=person_names)
        refs = Referents(text, actors, places)
        claims = extract_claims(text, refs)
        positions = extract_positions(text, refs, claims)
        refs.acting_countries()
        story_start = dateline_end(text)
        return Briefing(
            article=article,
            headline=headline(text, article.title),
            summary=summary(text),
            who=actors.published(text),
            where=[p for p in places if located(text, p, story_start)],
            when=extract_dates(text, article.published_at),
            claims=claims,
            positions=positions,
            provenance=Provenance(
                extractor=self.name,
                extractor_version=self.version,
                created_at=datetime.now(timezone.utc),
                duration_ms=round((time.perf_counter() - started) * 1000, 3),
            ),
        )
