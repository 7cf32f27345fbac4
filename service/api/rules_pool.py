"""The rules worker processes, supervised by pebble: a worker that dies (kill -9, out of memory)
or runs past `rules_timeout_s` is replaced by a fresh one, so one bad article or one crash never
takes the service down. A job lost with a dead worker is retried once; a job past the limit is not
(the same article would only time out again)."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool

from pebble import ProcessExpired, ProcessPool

from ..errors import BriefingError
from ..library import brief_input
from ..rules.extractor import RuleExtractor
from ..schema import ArticleInput
from .made import Made


class RulesTimeout(BriefingError):
    """The rules ran past the per-article limit; the worker was replaced."""


class RulesUnavailable(BriefingError):
    """The rules workers died twice on one article (or the pool is stopped)."""


_rules: RuleExtractor | None = None


def _start_worker() -> None:
    """Runs once in each new worker: leave the server's process group, so a SIGTERM sent to the
    group (systemd, docker stop, Ctrl-C) reaches only the server, which finishes its requests
    and then stops the workers itself; and load spaCy before the first job."""
    global _rules
    os.setpgrp()
    _rules = RuleExtractor()


def _extract_with_rules(article: ArticleInput, started: float) -> Made:
    """Runs in a rules worker (or the one rules thread); `duration_ms` counts from `started`
    (CLOCK_MONOTONIC is system-wide on Linux, so the server's clock reading holds here)."""
    global _rules
    if _rules is None:
        _rules = RuleExtractor()
    return Made.of(brief_input(article, _rules, started))


class RulesPool:
    """`processes` supervised workers (0: one thread, with no time limit: a thread cannot be killed).

    Readiness: after start, and again after a worker is lost, a probe article is briefed in the
    background (with a generous limit: a fresh worker's first parse is slow) until one succeeds,
    so the pool reports itself healthy again without waiting for traffic. pebble gives the whole
    pool up when a worker dies with no job running (an idle worker killed by the OOM killer, or
    the second of two killed at once): a watch notices within `WATCH_S` and repairs it the same way."""

    PROBE_TIMEOUT_S = 120.0
    WATCH_S = 1.0

    def __init__(self, processes: int, timeout_s: float, probe: ArticleInput) -> None:
        self.processes, self.timeout_s, self.probe = processes, timeout_s, probe
        self._pool = self._new_pool() if processes else None
        self._thread = None if processes else ThreadPoolExecutor(1, thread_name_prefix="rules")
        self._healthy = False  # until a job finishes: workers start, or replace one that was lost
        self._probing: asyncio.Task[None] | None = None
        self._watching: asyncio.Task[None] | None = None
        self._stopped = False

    def _new_pool(self) -> ProcessPool:
        return ProcessPool(self.processes, initializer=_start_worker,
                           context=multiprocessing.get_context("spawn"))

    @property
    def status(self) -> str:
        """'ok'; 'starting' (no job finished since start or since a worker was lost); 'broken'
        (pebble gave the pool up: the next job replaces it) or 'stopped'."""
        if self._stopped:
            return "stopped"
        if self._pool is not None and not self._pool.active:
            return "broken"
        return "ok" if self._healthy or self._pool is None else "starting"

    async def warm(self) -> None:
        """Start every worker and brief the probe once in each before the first request."""
        await asyncio.gather(*(self._attempt(self.probe, self.PROBE_TIMEOUT_S)
                               for _ in range(max(1, self.processes))), return_exceptions=True)
        if not self._healthy:
            self._lost()
        if self._pool is not None:
            self._watching = asyncio.get_running_loop().create_task(self._watch())

    async def run(self, article: ArticleInput, started: float | None = None) -> Made:
        started = time.monotonic() if started is None else started
        for attempt in (1, 2):
            try:
                return await self._attempt(article, self.timeout_s, started)
            except (ProcessExpired, BrokenProcessPool):  # BrokenProcessPool: lost before it started
                self._lost()
                if attempt == 2:
                    raise RulesUnavailable("the rules worker died twice on this article") from None
            except FutureTimeout:
                self._lost()
                raise RulesTimeout(f"the rules took over {self.timeout_s:g} s on this article; "
                                   "the worker was replaced") from None
        raise AssertionError("unreachable")

    async def _attempt(self, article: ArticleInput, timeout_s: float, started: float | None = None) -> Made:
        started = time.monotonic() if started is None else started
        if self._pool is None:
            made = await asyncio.get_running_loop().run_in_executor(
                self._thread, _extract_with_rules, article, started)
        else:
            made = await asyncio.wrap_future(
                self._current_pool().schedule(_extract_with_rules, (article, started), timeout=timeout_s))
        self._healthy = True
        return made

    def _lost(self) -> None:
        """A worker died or was killed: not healthy until the probe (or a request) succeeds."""
        self._healthy = False
        if self._probing is None or self._probing.done():
            self._probing = asyncio.get_running_loop().create_task(self._probe())

    async def _probe(self) -> None:
        while not self._healthy and not self._stopped:
            try:
                await self._attempt(self.probe, self.PROBE_TIMEOUT_S)
            except Exception:  # noqa: BLE001 - any failure: try again shortly
                await asyncio.sleep(1)

    async def _watch(self) -> None:
        while not self._stopped:
            await asyncio.sleep(self.WATCH_S)
            if self._pool is not None and not self._pool.active and not self._stopped:
                self._lost()  # the probe's job goes through `_current_pool`, which replaces it

    def _current_pool(self) -> ProcessPool:
        """The pool, replaced first if pebble gave it up (every worker died with jobs queued)."""
        if self._stopped:
            raise RulesUnavailable("the service is stopping")
        assert self._pool is not None
        if not self._pool.active:
            broken, self._pool = self._pool, self._new_pool()
            threading.Thread(target=_stop, args=(broken,), daemon=True).start()
        return self._pool

    def shutdown(self) -> None:
        """Stop every worker and wait for them: none is left behind as an orphan."""
        self._stopped = True
        for task in (self._probing, self._watching):
            if task is not None:
                task.cancel()
        if self._pool is not None:
            _stop(self._pool)
        if self._thread is not None:
            self._thread.shutdown(wait=False, cancel_futures=True)


def _stop(pool: ProcessPool) -> None:
    pool.stop()
    pool.join()
