"""Where an article comes from: a URL (fetched), a saved page (.html), an article file, stdin.

One entry point for the CLI (`briefing extract URL|FILE|-`) and one for the API (`{"url": ...}`),
so both refuse the same URLs with the same words.
"""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path

from ..article import decode_utf8, is_url, parse_article, read_article_file
from ..errors import FetchError, InvalidArticleError
from ..schema import ArticleInput
from ..settings import get_settings
from .fetch import Fetcher
from .page import HTML_TYPES, page_article

HTML_SUFFIXES = (".html", ".htm", ".xhtml")


@lru_cache(maxsize=1)
def shared_fetcher() -> Fetcher:
    """The process's one pooled client, configured from the settings."""
    return Fetcher(get_settings())


def fetch_article(url: str, fetcher: Fetcher | None = None) -> ArticleInput:
    """Fetch `url` and extract its article; refused, failed or empty pages raise with the reason."""
    fetched = (fetcher or shared_fetcher()).get(url)
    if fetched.media_type and fetched.media_type not in HTML_TYPES:
        raise FetchError(f"{fetched.url}: '{fetched.media_type}' is not an HTML page")
    return page_article(fetched.content, fetched.url, fetched.content_type, origin=fetched.url)


def read_page_file(path: Path) -> ArticleInput:
    """A saved page: the same size limit as a fetched one."""
    if not path.is_file():
        raise InvalidArticleError(f"{path}: no such file")
    limit = get_settings().fetch_max_bytes
    if path.stat().st_size > limit:
        raise InvalidArticleError(f"{path}: {path.stat().st_size} bytes is over the {limit}-byte limit")
    return page_article(path.read_bytes(), origin=str(path))


def read_source(ref: str) -> ArticleInput:
    """The CLI's article argument: '-' (stdin), a URL, a saved page or an article file."""
    if ref == "-":
        return parse_article(decode_utf8(sys.stdin.buffer.read(), "stdin"), "stdin")
    if is_url(ref):
        return fetch_article(ref)
    path = Path(ref)
    if path.suffix.lower() in HTML_SUFFIXES:
        return read_page_file(path)
    return read_article_file(path)
