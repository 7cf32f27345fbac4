"""Assemble a digest from one day's briefings (pure: no I/O, no extraction)."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from urllib.parse import urlsplit

import numpy as np

from ..schema import Briefing
from .conflicts import figure_reports, find_conflicts
from .disputes import find_disputes
from .merge import ActorIndex, collect_claims, merge_places, merge_positions
from .model import Digest, DigestArticle, DigestError, DigestStats, Story
from .rank import casualties, score
from .stories import central, group_stories, similarity
from .timeline import timeline


def outlet(briefing: Briefing) -> str | None:
    """The outlet: the article's metadata, else the relay its claims cite ('TASS'), else the URL's host."""
    if briefing.article.source:
        return briefing.article.source
    relay = next((c.via for c in briefing.claims if c.via), None)
    if relay:
        return relay
    host = urlsplit(briefing.article.url or "").hostname
    return host.removeprefix("www.") if host else None


def build_digest(day: date, briefings: list[Briefing], errors: list[DigestError],
                 stats: DigestStats) -> Digest:
    """Stories of `briefings`, most important first (input order does not matter)."""
    briefings = sorted(briefings, key=lambda b: b.article.id)
    outlets = {b.article.id: outlet(b) for b in briefings}
    sim = similarity(briefings) if len(briefings) > 1 else np.ones((len(briefings), len(briefings)))
    stories, articles = [], []
    for indices in group_stories(sim):  # one similarity matrix serves grouping and lead choice
        members = [briefings[i] for i in indices]
        story = _story(members, briefings[central(indices, sim)], outlets, day)
        stories.append(story)
        articles += [DigestArticle(id=b.article.id, title=b.article.title, source=outlets[b.article.id],
                                   url=b.article.url, published_at=b.article.published_at,
                                   headline=b.headline, extractor=b.provenance.extractor,
                                   model=b.provenance.model, story=story.id) for b in members]
    stories.sort(key=lambda s: (-s.score, -len(s.articles), s.title))
    order = {s.id: n for n, s in enumerate(stories)}
    articles.sort(key=lambda a: (order[a.story], a.source or "", a.id))
    return Digest(date=day, created_at=datetime.now(UTC), stories=stories, articles=articles,
                  errors=errors, stats=stats.model_copy(update={"articles": len(briefings)}))


def _story(members: list[Briefing], lead: Briefing, outlets: dict[str, str | None], day: date) -> Story:
    ids = sorted(b.article.id for b in members)
    actors = ActorIndex(members)
    claims = collect_claims(members, actors, outlets)
    positions = merge_positions(members, actors)
    reports = figure_reports(members, actors, outlets)
    killed, wounded = casualties(reports)
    sources = sorted({outlets[i] for i in ids if outlets[i]})
    return Story(
        id=hashlib.sha256(" ".join(ids).encode()).hexdigest()[:12],
        title=lead.headline, summary=lead.summary,
        score=score(len(sources) or 1, killed, wounded, positions,
                    [b.article.published_at for b in members], day),
        killed=killed, wounded=wounded, articles=ids, sources=sources,
        actors=actors.actors(), places=merge_places(members), positions=positions, claims=claims,
        conflicts=find_conflicts(reports), disputes=find_disputes(positions, claims),
        timeline=timeline(members))
