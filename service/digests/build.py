"""Assemble a digest from one day's briefings (pure: no I/O, no extraction)."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime

import numpy as np

from ..schema import Briefing
from .conflicts import find_conflicts
from .merge import ActorIndex, collect_claims, merge_places, merge_positions
from .model import Digest, DigestArticle, DigestError, DigestStats, Story
from .stories import central, group_stories, similarity
from .timeline import timeline


def build_digest(day: date, briefings: list[Briefing], errors: list[DigestError],
                 stats: DigestStats) -> Digest:
    """Stories of `briefings` (sorted by article id first, so the digest does not depend on order)."""
    briefings = sorted(briefings, key=lambda b: b.article.id)
    sim = similarity(briefings) if len(briefings) > 1 else np.ones((len(briefings), len(briefings)))
    stories, articles = [], []
    for indices in group_stories(sim):  # one similarity matrix serves grouping and lead choice
        members = [briefings[i] for i in indices]
        lead = briefings[central(indices, sim)]
        story = _story(members, lead)
        stories.append(story)
        articles += [DigestArticle(id=b.article.id, title=b.article.title, source=b.article.source,
                                   url=b.article.url, headline=b.headline,
                                   extractor=b.provenance.extractor, story=story.id) for b in members]
    return Digest(date=day, created_at=datetime.now(UTC), stories=stories, articles=articles,
                  errors=errors, stats=stats.model_copy(update={"articles": len(briefings)}))


def _story(members: list[Briefing], lead: Briefing) -> Story:
    ids = sorted(b.article.id for b in members)
    actors = ActorIndex(members)
    claims = collect_claims(members, actors)
    return Story(
        id=hashlib.sha256(" ".join(ids).encode()).hexdigest()[:12],
        title=lead.headline, summary=lead.summary, articles=ids,
        sources=sorted({b.article.source for b in members if b.article.source}),
        actors=actors.actors(), places=merge_places(members),
        positions=merge_positions(members, actors), claims=claims,
        conflicts=find_conflicts(members, actors), timeline=timeline(members))
