"""Poll the feeds in `BRIEFING_FEEDS` every `BRIEFING_POLL_MINUTES` inside the service (off by
default). Each poll is one ingestion run (`service/ingest/run.py`) off the event loop; what it
stores is in the nightly digest of its day like any posted article."""

from __future__ import annotations

import asyncio
import logging

from fastapi.concurrency import run_in_threadpool

from ..extractors.registry import get_extractor
from ..ingest.run import Ingestor, feed_urls
from ..ingest.sources import shared_fetcher
from .deps import Services

log = logging.getLogger("briefing.poller")


async def poll_feeds(services: Services) -> None:
    """Poll, sleep, repeat; a failed poll is logged and the next one runs."""
    settings = services.settings
    if not settings.poll_minutes or not settings.feeds.strip():
        return
    feeds = feed_urls(settings.feeds)
    ingestor = Ingestor(services.store, get_extractor("rules"), shared_fetcher(), settings.feed_max_items)
    while True:
        try:
            report = await run_in_threadpool(ingestor.run, feeds)
            log.info("feeds polled: %s", dict(report.counts))
        except Exception:  # the next poll must still run
            log.exception("feed poll failed")
        await asyncio.sleep(settings.poll_minutes * 60)
