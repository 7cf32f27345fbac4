"""The rules pool on its own, in this process: what pebble does to it and how it recovers."""

from __future__ import annotations

import asyncio
import os
import signal
import time

import psutil

from service.api.rules_pool import RulesPool
from service.schema import ArticleInput

from .server import rules_workers

PROBE = ArticleInput(text="Kyiv said talks with Moscow would resume in Geneva.")


def pool_workers() -> list[psutil.Process]:
    return rules_workers(os.getpid())


def test_a_pool_pebble_gave_up_is_repaired_without_a_job() -> None:
    """pebble gives the whole pool up when a worker dies with no job running: the pool must
    replace it and report 'ok' again with no request sent, not stay 'broken'."""

    async def scenario() -> list[str]:
        pool = RulesPool(2, timeout_s=30, probe=PROBE)
        pool.WATCH_S = 0.2
        try:
            await pool.warm()
            assert pool.status == "ok"
            before = {w.pid for w in pool_workers()}
            pool_workers()[0].send_signal(signal.SIGKILL)
            seen, deadline = ["ok"], time.monotonic() + 90  # until pebble notices the loss
            while not (seen[-1] == "ok" and len(seen) > 1) and time.monotonic() < deadline:
                await asyncio.sleep(0.1)
                if seen[-1] != pool.status:
                    seen.append(pool.status)
            assert len(pool_workers()) == 2 and before.isdisjoint(w.pid for w in pool_workers())
            return seen
        finally:
            pool.shutdown()

    seen = asyncio.run(scenario())
    assert seen[1] == "broken", seen  # what pebble does to an idle pool's lost worker
    assert seen[-1] == "ok", seen
