"""The briefing: pydantic models from which the published JSON Schemas are generated.

Spans are the trust contract: every mention and every piece of evidence is a `Span` of
character offsets into `article.text`, so `text[start:end]` is exactly the evidence.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

SCHEMA_VERSION = "1.1"

ActorKind = Literal["person", "organisation", "government", "country", "group", "other"]
PlaceKind = Literal["country", "region", "city", "site", "other"]
ClaimKind = Literal["direct", "indirect"]
MatchKind = Literal["exact", "normalised", "fuzzy"]
Precision = Literal["day", "month", "year"]

#: The closed set of diplomatic stances, documented in the README.
Stance = Literal[
    "supports",
    "opposes",
    "demands",
    "threatens",
    "offers",
    "open_to_talks",
    "pledges",
    "condemns",
    "denies",
    "warns",
    "accuses",
    "welcomes",
]
STANCES: tuple[str, ...] = Stance.__args__  # type: ignore[attr-defined]


class Strict(BaseModel):
    """Base for every published model: unknown fields are errors, not silently kept."""

    model_config = ConfigDict(extra="forbid")


class Span(Strict):
    """Character offsets into `article.text`; `match` says how the text was located."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    match: MatchKind = "exact"

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end <= self.start:
            raise ValueError("span end must be greater than start")
        return self


class Article(Strict):
    """The article as briefed; `text` is what every span points into."""

    id: str = Field(description="sha256 (16 hex) of the whitespace-normalised text")
    title: str | None = None
    author: str | None = None
    source: str | None = None
    url: str | None = None
    published_at: date | None = None
    language: str = "en"
    dateline: str | None = Field(None, description="place named in the dateline, e.g. 'Kyiv'")
    text: str


class Actor(Strict):
    """Who acted: a person, government, organisation, country or group."""

    name: str = Field(description="canonical full form as written in the article")
    kind: ActorKind
    role: str | None = Field(None, description="role or title as stated, e.g. 'Mayor'")
    affiliation: str | None = Field(None, description="country or body the role belongs to")
    country_code: str | None = Field(None, description="ISO 3166-1 alpha-2 of the affiliation")
    aliases: list[str] = Field(default_factory=list, description="other forms used in the text")
    mentions: list[Span] = Field(min_length=1)


class Place(Strict):
    """Where: a named place with its ISO country code."""

    name: str
    kind: PlaceKind
    country_code: str | None = Field(None, description="ISO 3166-1 alpha-2")
    mentions: list[Span] = Field(min_length=1)


class TimeRef(Strict):
    """When: a time expression as written, resolved against the article date."""

    text: str
    date: str | None = Field(
        None, description="ISO 8601 date at `precision` (YYYY-MM-DD, YYYY-MM or YYYY)"
    )
    precision: Precision | None = None
    relative: bool = Field(False, description="resolved from the article date ('on Friday')")
    mentions: list[Span] = Field(min_length=1)


class Claim(Strict):
    """A statement attributed to a speaker (or unattributed), with its evidence."""

    speaker: str | None = Field(None, description="an actor name from `who`, or null")
    source: str | None = Field(None, description="who stands behind it, as written: 'Peskov', "
                                                 "'a source close to the talks', 'officials'")
    source_span: Span | None = Field(None, description="where `source` stands in the text")
    statement: str = Field(description="the claim's words as they stand in the article")
    quote: str | None = Field(None, description="verbatim quotation (whole or partial)")
    quote_span: Span | None = Field(None, description="where `quote` stands in the text")
    kind: ClaimKind
    cue: str | None = Field(None, description="attribution cue: said, according to, wrote...")
    via: str | None = Field(None, description="outlet that relayed it, e.g. 'TASS'")
    evidence: Span


class Position(Strict):
    """A diplomatic position: `holder` takes `stance` toward `target` on `topic`."""

    holder: str = Field(description="an actor name from `who`")
    stance: Stance
    target: str | None = Field(None, description="an actor name from `who`, or null")
    topic: str | None = Field(None, description="the issue, as worded in the article")
    evidence: list[Span] = Field(min_length=1)


class Provenance(Strict):
    """How this briefing was made, so a reader can judge and reproduce it."""

    extractor: str
    extractor_version: str
    model: str | None = None
    backend: str | None = Field(None, description="how the model ran: transformers, or openai:DIALECT "
                                                  "for an engine (openai:vllm, openai:llamacpp...)")
    prompt_version: str | None = None
    created_at: datetime
    duration_ms: float = Field(ge=0)
    warnings: list[str] = Field(default_factory=list)
    dropped: dict[str, int] = Field(
        default_factory=dict, description="items dropped because they could not be grounded"
    )


class Briefing(Strict):
    """One article's structured, verifiable briefing."""

    schema_version: Literal["1.1"] = SCHEMA_VERSION
    article: Article
    headline: str = Field(max_length=160)
    summary: str
    who: list[Actor] = Field(default_factory=list)
    where: list[Place] = Field(default_factory=list)
    when: list[TimeRef] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    positions: list[Position] = Field(default_factory=list)
    provenance: Provenance

    @field_validator("headline", "summary", mode="before")
    @classmethod
    def _printable(cls, value: object) -> object:
        """Generated prose carries no control or format characters: a right-to-left override or
        a zero-width character copied from the article would garble or disguise what a reader sees."""
        return printable(value) if isinstance(value, str) else value


#: Every published schema: file stem -> model. `briefing schema` writes them to `schemas/`.
PUBLISHED: dict[str, type[BaseModel]] = {"briefing": Briefing}


_LINE_BREAKS = str.maketrans("\t\n\r\x0b\x0c\x85\u2028\u2029", " " * 8)


def printable(text: str) -> str:
    """`text` with line breaks and tabs as spaces and every other control (Cc) or format (Cf)
    character removed, spaces collapsed."""
    kept = "".join(c for c in text.translate(_LINE_BREAKS) if unicodedata.category(c) not in ("Cc", "Cf"))
    return " ".join(kept.split())


#: Relative dates ('tomorrow', 'last Friday') are resolved against `published_at`: a year of
#: margin on either side of Python's date range keeps that arithmetic in range.
EARLIEST_PUBLISHED, LATEST_PUBLISHED = date(2, 1, 1), date(9998, 12, 31)
_NOT_TEXT = re.compile("[\x00\ud800-\udfff]")


class ArticleInput(Strict):
    """What a caller submits: the text and whatever metadata it knows."""

    text: str = Field(min_length=1, max_length=1_000_000)
    title: str | None = None
    author: str | None = None
    source: str | None = None
    url: str | None = None
    published_at: date | None = Field(None, ge=EARLIEST_PUBLISHED, le=LATEST_PUBLISHED,
                                      description="0002-01-01 to 9998-12-31")
    language: str = "en"

    @field_validator("text", "title", "source", "url", "language")
    @classmethod
    def _unicode_text(cls, value: str | None) -> str | None:
        """A lone surrogate (JSON's \\ud800) is not text: it cannot be stored or sent as UTF-8;
        nor is NUL, which PostgreSQL cannot store in text."""
        found = _NOT_TEXT.search(value) if value else None
        if found:
            raise ValueError(f"U+{ord(found.group()):04X} at character {found.start()} is not text "
                             "(a lone surrogate or NUL)")
        return value

    @field_validator("text")
    @classmethod
    def _visible(cls, value: str) -> str:
        """Zero-width and other invisible characters alone are not an article."""
        if not any(unicodedata.category(c)[0] in "LMNPS" for c in value):
            raise ValueError("text has no visible characters")
        return value


PUBLISHED["article_input"] = ArticleInput
