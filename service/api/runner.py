"""Run extraction off the event loop: rules in their own processes (`rules_processes`, one per
core: the rules are pure Python, and threads would share one core under the GIL), the model in
its own workers (one for the embedded model, `concurrency` for an engine) behind a bounded queue,
so a burst of model requests gets 503 instead of a hang and rules stay fast."""

from __future__ import annotations

import asyncio
import multiprocessing
import threading
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass

from ..extractors.base import Extractor
from ..extractors.registry import get_extractor
from ..library import brief_input
from ..rules.extractor import RuleExtractor
from ..schema import Article, ArticleInput, Briefing
from ..settings import Settings


class QueueFull(Exception):
    """More model jobs are waiting than the `model_queue` setting allows."""


@dataclass(frozen=True)
class Made:
    """A briefing as the service stores and sends it: serialised where it was made, so the HTTP
    process neither rebuilds nor re-serialises it (a third of its work per request, measured)."""

    article: Article
    extractor: str
    warnings: tuple[str, ...]
    body: str

    @classmethod
    def of(cls, briefing: Briefing) -> Made:
        return cls(briefing.article, briefing.provenance.extractor,
                   tuple(briefing.provenance.warnings), briefing.model_dump_json())


_rules: RuleExtractor | None = None


def _extract_with_rules(article: ArticleInput, started: float) -> Made:
    """Runs in a rules process: one RuleExtractor per process, made on first use."""
    global _rules
    if _rules is None:
        _rules = RuleExtractor()
    return Made.of(brief_input(article, _rules, started))


def _extract_with(extractor: Extractor, article: ArticleInput, started: float) -> Made:
    return Made.of(brief_input(article, extractor, started))


class ExtractionRunner:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        processes = settings.rules_processes
        # spawned, not forked: a forked child would inherit the listening socket and the
        # parent's threads; spawned ones start clean and exit with the pool
        self._rules_pool = (ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("spawn"))
                            if processes else ThreadPoolExecutor(1, thread_name_prefix="rules"))
        workers = settings.concurrency if settings.remote else 1
        self._model_worker = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="model")
        self._capacity = settings.model_queue + workers - 1  # jobs running or waiting
        self._pending = 0
        self._lock = threading.Lock()
        self._extractors: dict[tuple[str, str | None], Extractor] = {}

    def extractor(self, name: str, mode: str | None = None) -> Extractor:
        if (name, mode) not in self._extractors:
            self._extractors[name, mode] = get_extractor(name, self.settings, mode=mode)
        return self._extractors[name, mode]

    def uses_model(self, name: str) -> bool:
        return name != "rules" and self.settings.model_enabled

    async def run(self, name: str, article: ArticleInput, mode: str | None = None) -> Made:
        """The briefing, whose `duration_ms` counts from here: the wait in a queue included."""
        started = time.monotonic()
        extractor = self.extractor(name, mode)  # also refuses 'llm' when no model is configured
        loop = asyncio.get_running_loop()
        if not self.uses_model(name):
            return await loop.run_in_executor(self._rules_pool, _extract_with_rules, article, started)
        with self._lock:
            if self._pending >= self._capacity:
                raise QueueFull
            self._pending += 1
        try:
            return await loop.run_in_executor(self._model_worker, _extract_with, extractor, article, started)
        finally:
            with self._lock:
                self._pending -= 1

    async def warm_rules(self, article: ArticleInput) -> None:
        """Start every rules process and load its gazetteer and spaCy pipeline before the first
        request needs them."""
        loop = asyncio.get_running_loop()
        jobs = max(1, self.settings.rules_processes)
        await asyncio.gather(*(loop.run_in_executor(self._rules_pool, _extract_with_rules, article,
                                                    time.monotonic()) for _ in range(jobs)))

    def shutdown(self) -> None:
        self._model_worker.shutdown(wait=False, cancel_futures=True)
        self._rules_pool.shutdown(wait=False, cancel_futures=True)
