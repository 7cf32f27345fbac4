"""Gold files: an article and the briefing a careful annotator wrote for it (spans optional).

Accepted inputs: a folder of `*.json` gold files, one gold file, or a JSONL file of
`{text, gold, ...article metadata}` records. A gold file's `article` is either the article object
itself or a path (relative to the gold file) to an article file, so one text serves the seeds,
the digest and the evaluation without copies.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from pydantic import Field, ValidationError

from ..article import read_article_file, validate_input
from ..errors import BriefingError
from ..jsonl import read_jsonl
from ..schema import ActorKind, ArticleInput, ClaimKind, PlaceKind, Span, Stance, Strict

M = TypeVar("M", bound=Strict)


class GoldError(BriefingError):
    """A gold file that cannot be read; the message names the file (and line for JSONL)."""


class GoldActor(Strict):
    name: str = Field(min_length=1, description="fullest form in the article")
    kind: ActorKind | None = None
    role: str | None = None
    affiliation: str | None = None
    aliases: list[str] = Field(default_factory=list, description="other forms: surname, capital...")
    mentions: list[Span] = Field(default_factory=list)


class GoldPlace(Strict):
    name: str = Field(min_length=1)
    kind: PlaceKind | None = None
    country_code: str | None = None
    mentions: list[Span] = Field(default_factory=list)


class GoldTime(Strict):
    text: str = Field(min_length=1)
    date: str | None = Field(None, description="resolved ISO date; matched on this")
    precision: str | None = None
    mentions: list[Span] = Field(default_factory=list)


class GoldClaim(Strict):
    speaker: str | None = Field(None, description="a `who` name, or null when unattributed")
    source: str | None = Field(None, description="an unnamed source as written ('officials') "
                                                 "when `speaker` is null")
    statement: str = Field(min_length=1)
    quote: str | None = None
    kind: ClaimKind | None = None
    cue: str | None = None
    evidence: Span | None = None


class GoldPosition(Strict):
    holder: str = Field(min_length=1)
    stance: Stance
    target: str | None = None
    topic: str | None = None
    evidence: list[Span] = Field(default_factory=list)


class GoldBriefing(Strict):
    """The briefing fields that are scored; spans are optional."""

    who: list[GoldActor] = Field(default_factory=list)
    where: list[GoldPlace] = Field(default_factory=list)
    when: list[GoldTime] = Field(default_factory=list)
    claims: list[GoldClaim] = Field(default_factory=list)
    positions: list[GoldPosition] = Field(default_factory=list)


class GoldFile(Strict):
    """One annotated article, as stored in `seeds/gold/*.json`."""

    article: ArticleInput | str = Field(description="the article, or a path relative to this file")
    gold: GoldBriefing
    source: str | None = Field(None, description="where the article comes from")
    licence: str | None = Field(None, description="SPDX id of the article's licence")
    annotator: str | None = None


@dataclass(frozen=True)
class GoldCase:
    """One article to score: where it came from, the input and the expected briefing."""

    name: str
    article: ArticleInput
    gold: GoldBriefing


def load_gold(path: Path) -> list[GoldCase]:
    """Every case under `path` (folder, gold file or JSONL), in a stable order."""
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix in (".json", ".jsonl"))
        cases = [case for file in files for case in load_gold(file)]
        if not cases:
            raise GoldError(f"{path}: no gold files (*.json, *.jsonl) in this folder")
        return cases
    if not path.is_file():
        raise GoldError(f"{path}: no such gold file or folder")
    if path.suffix == ".jsonl":
        return _load_jsonl(path)
    return [_load_file(path)]


def _load_file(path: Path) -> GoldCase:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GoldError(f"{path}: not a JSON gold file ({exc})") from None
    gold_file = _validate(GoldFile, data, str(path))
    article = gold_file.article
    if isinstance(article, str):
        try:
            article = read_article_file(path.parent / article)
        except BriefingError as exc:
            raise GoldError(f"{path}: article {article!r}: {exc}") from None
    return GoldCase(path.name, article, gold_file.gold)


def _load_jsonl(path: Path) -> list[GoldCase]:
    cases = []
    for origin, record, error in read_jsonl(path):
        if error is not None:
            raise GoldError(error)
        if not isinstance(record, dict) or "gold" not in record:
            raise GoldError(f"{origin}: expected an object with 'text' and 'gold'")
        gold = _validate(GoldBriefing, record.pop("gold"), origin)
        try:
            article = validate_input(record, origin)
        except BriefingError as exc:
            raise GoldError(str(exc)) from None
        cases.append(GoldCase(origin, article, gold))
    if not cases:
        raise GoldError(f"{path}: no records")
    return cases


def _validate(model: type[M], data: object, origin: str) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "file"
        raise GoldError(f"{origin}: field '{field}': {first['msg']}") from None
