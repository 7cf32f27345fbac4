"""Build yesterday's digest every day at `BRIEFING_DIGEST_AT` (UTC), inside the service.

The alternative is cron, with the service's `digest_at` unset:
`5 2 * * * cd /srv/briefing && .venv/bin/briefing digest --date $(date -u -d yesterday +%F) --out /srv/digests/$(date -u -d yesterday +%F)`
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, date, datetime, time, timedelta

from fastapi.concurrency import run_in_threadpool

from .. import library
from ..digests.model import Digest
from ..digests.run import write_files
from .deps import Services

log = logging.getLogger("briefing.nightly")


def next_run(now: datetime, at: str) -> datetime:
    """The first moment at or after `now` whose UTC clock reads `at` (HH:MM)."""
    hour, minute = (int(part) for part in at.split(":"))
    candidate = datetime.combine(now.date(), time(hour, minute), tzinfo=UTC)
    return candidate if candidate >= now else candidate + timedelta(days=1)


def build_for(day: date, services: Services) -> Digest:
    """Build, store and (when `digest_dir` is set) write the digest of `day`."""
    digest = library.digest(day, store=services.store, extractor="rules")
    if services.settings.digest_dir is not None:
        write_files(digest, services.settings.digest_dir / day.isoformat())
    return digest


async def nightly(services: Services) -> None:
    """Sleep until the configured time, build yesterday's digest, repeat; a failure is logged, not fatal."""
    at = services.settings.digest_at
    if not at:
        return
    while True:
        now = datetime.now(UTC)
        when = next_run(now, at)
        await asyncio.sleep((when - now).total_seconds())
        day = when.date() - timedelta(days=1)
        try:
            digest = await run_in_threadpool(build_for, day, services)
            log.info("digest %s: %d articles, %d stories", day, digest.stats.articles, len(digest.stories))
        except Exception:  # the next night must still run
            log.exception("nightly digest for %s failed", day)
        await asyncio.sleep(1)  # never run twice in the same minute
