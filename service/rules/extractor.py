"""The rule-based extractor: deterministic, model-free, and the precision floor for the rest."""

from __future__ import annotations

import time
from datetime import datetime, timezone

from .. import __version__
from ..article import find_dateline, prepare
from ..grounding import addressed_to_model, model_address_warning
from ..language import article_language, language_warning
from ..nlp import analyse, entities
from ..schema import Article, ArticleInput, Briefing, Provenance
from .actors import cited_actors, extract_actors, voices
from .claims import extract_claims
from .dates import extract_dates
from .lead import headline, summary
from .places import (acting_mentions, country_places, extract_places, located, represented_mentions,
                     unplaced_mentions)
from .positions import extract_positions
from .referents import Referents
from .syntax import ahead_at


class RuleExtractor:
    """spaCy's NER and parse read through rules: same input, same briefing, no model to run."""

    name = "rules"
    version = __version__

    def extract(self, source: ArticleInput) -> Briefing:
        started = time.perf_counter()
        article = prepare(source)
        article.language = article_language(article.text, source.language)
        warning = language_warning(article.language)
        if warning:
            return self._metadata_only(article, warning, started)
        text = article.text
        blocked = addressed_to_model(text)
        address_warning = model_address_warning(text, blocked)
        doc = analyse(text)
        actors = extract_actors(doc)
        dateline = find_dateline(text)
        places = extract_places(doc, actors, dateline)
        refs = Referents(doc, actors, places, dateline.story_start if dateline else 0)
        claims = extract_claims(doc, refs)
        positions = extract_positions(doc, refs, claims)
        refs.acting_countries(represented_mentions(doc))
        acting = acting_mentions(doc)
        country_uses = country_places(doc)
        unplaced = unplaced_mentions(doc)
        return Briefing(
            article=article,
            headline=headline(text, article.title, blocked),
            summary=summary(text, blocked),
            who=actors.published(doc, cited_actors(claims, positions), voices(claims)),
            where=[p for p in places if located(p, dateline, acting, country_uses, unplaced)],
            when=extract_dates(text, article.published_at or (dateline.filed if dateline else None),
                               [(e.start_char, e.end_char) for e in entities(doc) if e.label_ == "DATE"],
                               lambda start: ahead_at(doc, start)),
            claims=claims,
            positions=positions,
            provenance=self._provenance(started, [address_warning] if address_warning else []),
        )

    def _metadata_only(self, article: Article, warning: str, started: float) -> Briefing:
        """A text the English pipeline cannot read: its metadata (title, author, date, source,
        language) and its lead as written, nothing read into it, and the warning saying why."""
        return Briefing(article=article, headline=headline(article.text, article.title),
                        summary=summary(article.text),
                        provenance=self._provenance(started, [warning]))

    def _provenance(self, started: float, warnings: list[str]) -> Provenance:
        return Provenance(extractor=self.name, extractor_version=self.version,
                          created_at=datetime.now(timezone.utc),
                          duration_ms=round((time.perf_counter() - started) * 1000, 3),
                          warnings=warnings)
