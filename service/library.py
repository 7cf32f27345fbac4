"""The Python API: brief an article, digest a day, evaluate an extractor.

`from service import brief, digest, evaluate` is the whole surface; the `briefing` command and
the HTTP routes call these functions, so all three answer alike and raise the same errors (every
one a `BriefingError` whose message names what to fix). Heavy code loads on first use only: the
spaCy pipeline with the first briefing, the model with the first `llm`/`auto` briefing, the
database with the first digest.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from datetime import date
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

from .article import is_url, parse_text, read_article_file, validate_input
from .errors import BriefingError
from .schema import ArticleInput, Briefing

if TYPE_CHECKING:  # types only: the store (SQLAlchemy) loads when a digest is built
    from .digests.model import Digest
    from .evaluation.report import Report
    from .extractors.base import Extractor
    from .store import Store

#: What `brief` accepts: article text, a JSON-like mapping `{text, title?, ...}`, an `ArticleInput`,
#: the path of a .txt/.json article file, or an http(s) URL (fetched, its article extracted).
ArticleLike = Union[str, Mapping[str, Any], ArticleInput, PathLike]


def to_input(article: ArticleLike, origin: str = "article") -> ArticleInput:
    """Any accepted form -> a validated `ArticleInput` (`InvalidArticleError` naming the field)."""
    if isinstance(article, ArticleInput):
        return article
    if isinstance(article, PathLike):
        return read_article_file(Path(article))
    if isinstance(article, str):
        if is_url(article):
            from .ingest.sources import fetch_article  # httpx and trafilatura load only for a URL

            return fetch_article(article.strip())
        return parse_text(article, origin)
    if isinstance(article, Mapping):
        return validate_input(dict(article), origin)
    raise BriefingError(f"{origin}: expected text, a mapping with 'text', an ArticleInput or a "
                        f"path, not {type(article).__name__}")


def brief(article: ArticleLike, *, extractor: str | Extractor | None = None) -> Briefing:
    """One grounded briefing of `article`.

    `extractor`: "rules", "llm", "auto" (default: the `BRIEFING_EXTRACTOR` setting, `auto`), or
    any object with `extract(ArticleInput) -> Briefing`.
    """
    started = time.monotonic()
    source = to_input(article)
    return brief_input(source, resolve(extractor), started)


def brief_input(article: ArticleInput, extractor: Extractor, started: float) -> Briefing:
    """Brief a validated article; `provenance.duration_ms` is the whole time since `started`
    (a `time.monotonic()` reading, comparable across processes on one machine), so it counts
    what the extractor's own clock misses: a queue wait, a model timeout before a fallback."""
    briefing = extractor.extract(article)
    briefing.provenance.duration_ms = round((time.monotonic() - started) * 1000, 3)
    return briefing


def resolve(extractor: str | Extractor | None) -> Extractor:
    """An extractor by name (None: the setting), or the object given."""
    if extractor is None or isinstance(extractor, str):
        from .extractors.registry import get_extractor

        return get_extractor(extractor)
    return extractor


def digest(day: date | str, inputs: str | PathLike | None = None, *,
           extractor: str | Extractor | None = None, store: Store | None = None,
           refresh: bool = False, workers: int | None = None, progress: bool = False) -> Digest:
    """Brief the inputs not stored yet (all of them with `refresh`, keeping earlier versions),
    then build, store and return the digest of `day` from every stored briefing of that day.

    `inputs`: a folder of .txt/.json articles or a JSONL file; `store`: default the
    `BRIEFING_DATABASE_URL` database; `workers`: articles briefed at once (default: the
    `BRIEFING_CONCURRENCY` setting with an engine, else 1).
    """
    from .digests.run import run_digest
    from .settings import get_settings

    settings = get_settings()
    if store is None:
        from .store import Store

        store = Store(settings.database_url)
    parallel = workers or (settings.concurrency if settings.remote else 1)
    return run_digest(_as_date(day), store, resolve(extractor), Path(inputs) if inputs else None,
                      progress=progress, workers=parallel, refresh=refresh)


def evaluate(gold: str | PathLike, *, extractor: str | Extractor | None = None) -> Report:
    """Score an extractor against gold briefings (a folder, a gold .json file or a .jsonl)."""
    from .evaluation.gold import load_gold
    from .evaluation.report import evaluate as score

    return score(load_gold(Path(gold)), resolve(extractor), str(gold))


def _as_date(day: date | str) -> date:
    if isinstance(day, date):
        return day
    try:
        return date.fromisoformat(day)
    except (TypeError, ValueError):
        raise BriefingError(f"date: '{day}' is not a date (YYYY-MM-DD)") from None
