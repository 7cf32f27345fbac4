"""Turn raw input (a JSON object or a plain text file) into the `Article` every span points into.

Plain-text articles may start with a `date YYYY-MM-DD` header and a dateline
(`Kyiv [Ukraine], January 24 :`). The header is metadata and is removed; the dateline is part
of the story and stays in the text, so offsets stay true to what a reader sees.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from . import gazetteer
from .errors import InvalidArticleError
from .jsonl import InvalidJSON, decode_json
from .schema import Article, ArticleInput

MAX_ARTICLE_BYTES = 1_000_000

_URL = re.compile(r"\A[A-Za-z][A-Za-z0-9+.\-]*://\S*\Z")
_DATE_HEADER = re.compile(r"\A\s*date\s+(\d{4}-\d{2}-\d{2})\s*")
#: a wire dateline, at the start or after up to three short headline lines: 'Kyiv [Ukraine],
#: January 24 : ', 'LONDON, March 3, 2026 (AP) - ', 'WASHINGTON (Reuters) - ', 'BRASÍLIA,
#: Brazil - ', or a place and an ISO date alone on their line ('BRUSSELS 1996-08-22')
_DATELINE = re.compile(
    r"\A(?:[^\n]{1,160}\n+){0,3}?"
    r"(?P<place>[A-Z][\w.'\- ]{1,40}?)(?:\s*\[(?P<country>[^\]\n]{2,40})\])?"
    r"(?:,\s*(?P<when>[A-Z][a-z]{2,8}\.? \d{1,2}(?:,? (?P<year>(?:19|20)\d\d))?)"
    r"(?:\s*\([^)\n]{2,30}\))?\s*[:\-\u2013\u2014]\s"
    r"|\s*\([^)\n]{2,30}\)\s*[:\-\u2013\u2014]\s"
    r"|,\s*(?P<region>[A-Z][\w.' ]{2,30}?)\s*[\-\u2013\u2014]\s"
    r"|[ \t]+(?P<iso>(?:19|20)\d\d-[01]\d-[0-3]\d)[ \t]*(?:\n+|\Z))"
)


_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}


@dataclass(frozen=True)
class Dateline:
    """Where a wire story was filed, and when when it says so with a year."""

    place: str
    start: int
    end: int
    story_start: int
    filed: date | None


def find_dateline(text: str) -> Dateline | None:
    match = _DATELINE.match(text)
    if match is None or not (match.group("when") or match.group("iso") or match.group("place").isupper()):
        return None  # 'Boris Johnson (the PM) - ' is no 'WASHINGTON (Reuters) - '
    if match.group("region") and not gazetteer.places().get(match.group("region")):
        return None  # 'BRASÍLIA, Brazil - ' names a known country or region after the place
    return Dateline(place=match.group("place").strip(), start=match.start("place"),
                    end=match.start("place") + len(match.group("place").strip()),
                    story_start=match.end(), filed=_filed(match))


def _filed(match: re.Match[str]) -> date | None:
    """The dateline's date when it is complete ('1996-08-22', 'March 3, 2026')."""
    try:
        if match.group("iso"):
            return date.fromisoformat(match.group("iso"))
        if match.group("year"):
            month, day = match.group("when").replace(".", "").split()[:2]
            return date(int(match.group("year")), _MONTHS[month[:3].lower()], int(day.rstrip(",")))
    except (ValueError, KeyError):
        return None
    return None


def article_id(text: str) -> str:
    """Stable id: the same story with different whitespace or Unicode forms gets the same id."""
    normalised = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:16]


def decode_utf8(raw: bytes, origin: str) -> str:
    """Decode strictly: a briefing built on mojibake could not be trusted."""
    if len(raw) > MAX_ARTICLE_BYTES:
        raise InvalidArticleError(
            f"{origin}: {len(raw)} bytes is over the {MAX_ARTICLE_BYTES}-byte limit for one article"
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidArticleError(f"{origin}: not UTF-8 (byte {exc.start}: {exc.reason})") from None


def parse_article(raw: str, origin: str = "input") -> ArticleInput:
    """A JSON object `{text, title?, ...}` or plain text with an optional date header."""
    if raw.lstrip().startswith("{"):
        return parse_json_article(raw, origin)
    return parse_text(raw, origin)


def parse_text(raw: str, origin: str = "input") -> ArticleInput:
    """Plain text, never JSON, with an optional `date YYYY-MM-DD` header."""
    published_at: date | None = None
    header = _DATE_HEADER.match(raw)
    if header:
        published_at = _parse_iso_date(header.group(1), origin)
        raw = raw[header.end():]
    return validate_input({"text": raw.strip(), "published_at": published_at}, origin)


def parse_json_article(raw: str, origin: str = "input") -> ArticleInput:
    """A JSON object as an article; invalid, too deep or oversized JSON is InvalidArticleError."""
    try:
        data = decode_json(raw)
    except InvalidJSON as exc:
        raise InvalidArticleError(f"{origin}: {exc}") from None
    return validate_input(data, origin)


def validate_input(data: object, origin: str = "input") -> ArticleInput:
    """Validate a decoded JSON value as an article, with a message that names the field."""
    if not isinstance(data, dict):
        raise InvalidArticleError(f"{origin}: expected a JSON object with a 'text' field")
    if isinstance(data.get("text"), str) and not data["text"].strip():
        raise InvalidArticleError(f"{origin}: field 'text': article text is empty")
    try:
        article = ArticleInput.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "body"
        raise InvalidArticleError(f"{origin}: field '{field}': {first['msg']}") from None
    return article


def is_url(value: str) -> bool:
    """'https://...' (any 'scheme://'): a URL, never a path ('//' would collapse in a Path)."""
    return _URL.match(value.strip()) is not None


def read_article_file(path: Path) -> ArticleInput:
    """Read one article file, refusing what is missing, too big, not UTF-8 or empty."""
    if not path.is_file():
        raise InvalidArticleError(f"{path}: no such file")
    if path.stat().st_size > MAX_ARTICLE_BYTES:
        raise InvalidArticleError(
            f"{path}: {path.stat().st_size} bytes is over the {MAX_ARTICLE_BYTES}-byte limit"
        )
    return parse_article(decode_utf8(path.read_bytes(), str(path)), str(path))


def prepare(article: ArticleInput) -> Article:
    """The briefed article: metadata plus the dateline place, keyed by its stable id."""
    text = article.text
    dateline = find_dateline(text)
    return Article(
        id=article_id(text),
        title=article.title,
        author=article.author,
        source=article.source,
        url=article.url,
        published_at=article.published_at,
        language=article.language,
        dateline=dateline.place if dateline else None,
        text=text,
    )


def dateline_end(text: str) -> int:
    """Where the story proper starts: after 'Kyiv [Ukraine], January 24 : ', else 0."""
    dateline = find_dateline(text)
    return dateline.story_start if dateline else 0


def _parse_iso_date(value: str, origin: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidArticleError(f"{origin}: bad date header '{value}'") from None
