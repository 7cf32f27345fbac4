"""RSS and Atom through feedparser: a feed's items, capped, each with a link or a reason."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from time import struct_time

import feedparser

from ..errors import BriefingError, FetchError


@dataclass(frozen=True)
class Entry:
    """One feed item as the feed describes it; `link` None when it has none."""

    link: str | None
    title: str | None
    published: date | None
    key: str  # the link, else the item's id, else its place in the feed


@dataclass(frozen=True)
class Feed:
    entries: list[Entry]
    total: int  # items the feed listed, before the cap


def parse_feed(content: bytes, url: str, limit: int) -> Feed:
    """The first `limit` items of a feed; a document that is no feed at all is a FetchError."""
    parsed = feedparser.parse(content, sanitize_html=False, resolve_relative_uris=False,
                              response_headers={"content-location": url})
    if parsed.bozo and not parsed.entries and not parsed.feed.get("title"):
        problem = parsed.get("bozo_exception")
        raise FetchError(f"{url}: not an RSS or Atom feed ({type(problem).__name__}: {problem})"
                         if problem else f"{url}: not an RSS or Atom feed")
    entries = [_entry(item, url, n) for n, item in enumerate(parsed.entries[:limit], start=1)]
    return Feed(entries=entries, total=len(parsed.entries))


def _entry(item: feedparser.FeedParserDict, feed: str, n: int) -> Entry:
    link = (item.get("link") or "").strip() or None
    title = " ".join((item.get("title") or "").split()) or None
    stamp: struct_time | None = item.get("published_parsed") or item.get("updated_parsed")
    published = date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday) if stamp else None
    return Entry(link=link, title=title, published=published,
                 key=link or item.get("id") or f"{feed}#item-{n}")


def read_feed_list(path: Path) -> list[str]:
    """One feed URL a line; blank lines and '#' comments skipped."""
    if not path.is_file():
        raise BriefingError(f"{path}: no such file")
    lines = (line.strip() for line in path.read_text(encoding="utf-8", errors="replace").splitlines())
    feeds = list(dict.fromkeys(line for line in lines if line and not line.startswith("#")))
    if not feeds:
        raise BriefingError(f"{path}: no feed URLs in it (one URL a line)")
    return feeds
