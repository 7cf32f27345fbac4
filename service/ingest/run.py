"""An ingestion run: poll each feed, then fetch, extract, brief and store each new item's page.

Per feed: a conditional GET (ETag / Last-Modified); new items written to the ledger as pending
before any page is fetched; then every pending or earlier-failed item of the feed is fetched
(per-host delay), deduplicated (by link and canonical URL before briefing, by text id after
extraction), briefed and stored, and marked done. Each outcome goes to the ledger's fetch log. A
failure costs one item, never the run; a run killed at any point resumes on the next.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

from ..article import article_id
from ..errors import BriefingError
from ..extractors.base import Extractor
from ..store import Store
from .feeds import parse_feed
from .fetch import Fetcher
from .ledger import Item, Ledger
from .sources import fetch_article

log = logging.getLogger("briefing.ingest")
FEED_TYPES = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"


@dataclass
class IngestReport:
    """What a run did: outcome counts, and each failure with its reason."""

    counts: Counter[str] = field(default_factory=Counter)
    failures: list[tuple[str, str]] = field(default_factory=list)

    def add(self, outcome: str, url: str = "", reason: str | None = None) -> None:
        self.counts[outcome] += 1
        if outcome == "failed":
            self.failures.append((url, reason or "failed"))


class Ingestor:
    """Feeds in, stored briefings out; safe to run again at any time."""

    def __init__(self, store: Store, extractor: Extractor, fetcher: Fetcher, max_items: int) -> None:
        self.store, self.extractor, self.fetcher = store, extractor, fetcher
        self.ledger = Ledger(store.engine)
        self.max_items = max_items

    def run(self, feeds: list[str]) -> IngestReport:
        report = IngestReport()
        for feed in feeds:
            self.poll(feed, report)
            for item in self.ledger.due(feed):
                self.ingest_item(item, report)
        return report

    def poll(self, feed: str, report: IngestReport) -> None:
        """Fetch the feed (conditionally) and record its new items; a failure is recorded."""
        etag, modified = self.ledger.validators(feed)
        try:
            fetched = self.fetcher.get(feed, etag, modified, accept=FEED_TYPES)
            if fetched.not_modified:
                self.ledger.log("feed", feed, "unchanged", "304 Not Modified")
                report.add("feed unchanged")
                return
            parsed = parse_feed(fetched.content, fetched.url, self.max_items)
        except BriefingError as exc:
            self.ledger.log("feed", feed, "failed", str(exc))
            report.add("failed", feed, str(exc))
            return
        today = datetime.now(UTC).date()
        items = [Item(e.key, feed, e.title, e.published or today) for e in parsed.entries]
        linked = [item for item, e in zip(items, parsed.entries) if e.link]
        unlinked = [(item, f"feed item '{item.title or item.url}' has no link")
                    for item, e in zip(items, parsed.entries) if not e.link]
        added, broken = self.ledger.record_feed(feed, linked, unlinked, fetched.etag, fetched.last_modified)
        capped = f"; {parsed.total} items, took the first {self.max_items}" if parsed.total > self.max_items else ""
        self.ledger.log("feed", feed, "new" if added else "unchanged", f"{added} new items{capped}")
        report.add("feed new" if added else "feed unchanged")
        if broken:
            report.add("failed", feed, f"{broken} new feed items without a link")

    def ingest_item(self, item: Item, report: IngestReport) -> None:
        """One item's page to a stored briefing, or a recorded failure."""
        known = self.ledger.stored_as(item.url)
        if known:
            self.ledger.done(item, known, [], "duplicate", "link already stored")
            report.add("duplicate")
            return
        try:
            article = fetch_article(item.url, self.fetcher)
            updates = {"published_at": article.published_at or item.day, "title": item.title or article.title}
            article = article.model_copy(update=updates)
            urls = [item.url, article.url]
            same = self.ledger.stored_as(article.url) or (
                article_id(article.text) if self.store.get_json(article_id(article.text)) else None)
            if same:
                self.ledger.done(item, same, urls, "duplicate", "same canonical URL or text as stored")
                report.add("duplicate")
                return
            briefing = self.extractor.extract(article)
            self.store.add(briefing)
        except BriefingError as exc:
            self._fail(item, str(exc), report)
            return
        except Exception as exc:  # an extractor bug costs one item, not the run
            self._fail(item, f"{type(exc).__name__}: {exc}", report)
            return
        self.ledger.done(item, briefing.article.id, urls, "new")
        report.add("new")

    def _fail(self, item: Item, reason: str, report: IngestReport) -> None:
        log.warning("ingest %s failed: %s", item.url, reason)
        self.ledger.failed(item, reason)
        report.add("failed", item.url, reason)


def feed_urls(value: str) -> list[str]:
    """`BRIEFING_FEEDS`: a file of feed URLs (one a line), or comma-separated URLs."""
    from pathlib import Path

    from .feeds import read_feed_list

    value = value.strip()
    if value and "://" not in value and Path(value).is_file():
        return read_feed_list(Path(value))
    return [url.strip() for url in value.split(",") if url.strip()]
