"""The digest: pydantic models from which `schemas/digest.schema.json` is generated.

Every line names the articles it came from (`articles`: article ids listed in `Digest.articles`),
so an editor can open the source of any statement.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import Field

from ..schema import ActorKind, ClaimKind, PlaceKind, Stance, Strict


class Evidence(Strict):
    """Where a digest line stands: its article, its item in that article's evidence view, its sentence."""

    article: str
    item: str | None = Field(description="the item's id in the evidence view (claims-3), or null")
    sentence: str = Field(description="the whole sentence the item stands in, as written")


class DigestArticle(Strict):
    id: str
    title: str | None
    source: str | None = Field(description="the outlet: article metadata, else the relay it cites, "
                                           "else the URL's host")
    published_at: date | None = None
    model: str | None = Field(None, description="the model that briefed it, if any")
    url: str | None
    headline: str
    extractor: str
    story: str = Field(description="id of the story it belongs to")


class StoryActor(Strict):
    """One actor merged across articles ('Putin', 'Vladimir Putin' are one)."""

    name: str = Field(description="the fullest form any article uses")
    kind: ActorKind
    roles: list[str] = Field(default_factory=list)
    aliases: list[str] = Field(default_factory=list)
    articles: list[str]


class StoryPlace(Strict):
    name: str
    kind: PlaceKind
    country_code: str | None
    articles: list[str]


class StoryPosition(Strict):
    """A row of the positions table: holder takes stance toward target, with its support."""

    holder: str
    stance: Stance
    target: str | None
    topics: list[str] = Field(description="the topic as each article words it, as a whole phrase")
    articles: list[str]
    evidence: list[Evidence] = Field(default_factory=list)


class StoryClaim(Strict):
    speaker: str | None
    attribution: str | None = Field(None, description="who stands behind it as the article words it "
                                                      "('the air force'), when no actor is named")
    statement: str
    kind: ClaimKind
    article: str
    source: str | None = Field(description="the outlet")
    evidence: Evidence


class FigureReport(Strict):
    """One article's figure for a count, with the sentence that states it and who said it."""

    value: int
    speaker: str | None
    statement: str
    article: str
    source: str | None
    item: str | None = Field(None, description="the claim stating it in the evidence view, if any")


class Conflict(Strict):
    """Articles that disagree on the same count (drones launched, people killed...)."""

    quantity: str = Field(description="what is counted, e.g. 'drones', 'killed'")
    values: list[int] = Field(description="the distinct figures, ascending")
    reports: list[FigureReport]


class DisputeSide(Strict):
    """One side of a dispute: who says what, with the evidence."""

    who: str
    stance: str = Field(description="accuses, denies, says...")
    text: str
    source: str | None = Field(description="the outlet")
    evidence: Evidence


class Dispute(Strict):
    """Statements that cannot all be true: an accusation and its denial, or an assertion and its negation."""

    kind: Literal["denial", "contradiction"]
    sides: list[DisputeSide] = Field(min_length=2)


class TimelineEntry(Strict):
    date: str = Field(description="ISO date at its precision (YYYY-MM-DD, YYYY-MM, YYYY)")
    text: str = Field(description="the sentence that dates the event")
    articles: list[str]


class Story(Strict):
    """One event told by one or more articles; `Digest.stories` lists them most important first."""

    id: str
    title: str
    summary: str
    score: float = Field(description="rank: outlets covering it, casualties and severity, recency")
    killed: list[int] = Field(default_factory=list, description="the death tolls reported, ascending")
    wounded: list[int] = Field(default_factory=list, description="the wounded counts reported")
    articles: list[str]
    sources: list[str]
    actors: list[StoryActor]
    places: list[StoryPlace]
    positions: list[StoryPosition]
    claims: list[StoryClaim]
    conflicts: list[Conflict]
    disputes: list[Dispute] = Field(default_factory=list)
    timeline: list[TimelineEntry]


class DigestError(Strict):
    """An input that could not be briefed; the run goes on without it."""

    item: str = Field(description="file, JSONL line or article id")
    reason: str


class DigestStats(Strict):
    articles: int = Field(description="articles in the digest")
    briefed: int = Field(description="briefed during this run")
    reused: int = Field(description="already briefed and stored")
    failed: int
    other_dates: int = Field(description="inputs stored but dated another day")
    seconds: float


class Digest(Strict):
    """One day's stories."""

    schema_version: Literal["1.0"] = "1.0"
    date: date
    created_at: datetime
    stories: list[Story]
    articles: list[DigestArticle]
    errors: list[DigestError] = Field(default_factory=list)
    stats: DigestStats
