"""Run extraction off the event loop: rules in their own supervised processes (`rules_processes`,
one per core: the rules are pure Python, and threads would share one core under the GIL; see
rules_pool.py), the model in its own workers (one for the embedded model, `concurrency` for an
engine) behind a bounded queue, so a burst of model requests gets 503 instead of a hang and rules
stay fast."""

from __future__ import annotations

import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from ..extractors.base import Extractor
from ..extractors.registry import get_extractor
from ..library import brief_input
from ..schema import ArticleInput
from ..settings import Settings
from .made import Made
from .rules_pool import RulesPool


class QueueFull(Exception):
    """More model jobs are waiting than the `model_queue` setting allows."""


def _extract_with(extractor: Extractor, article: ArticleInput, started: float) -> Made:
    return Made.of(brief_input(article, extractor, started))


class ExtractionRunner:
    def __init__(self, settings: Settings, probe: ArticleInput) -> None:
        self.settings = settings
        self.rules = RulesPool(settings.rules_processes, settings.rules_timeout_s, probe)
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
        if not self.uses_model(name):
            return await self.rules.run(article, started)
        with self._lock:
            if self._pending >= self._capacity:
                raise QueueFull
            self._pending += 1
        try:
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(self._model_worker, _extract_with, extractor, article, started)
        finally:
            with self._lock:
                self._pending -= 1

    async def warm_rules(self) -> None:
        """Start every rules process and run the extractor once in each before the first request."""
        await self.rules.warm()

    def shutdown(self) -> None:
        self._model_worker.shutdown(wait=False, cancel_futures=True)
        self.rules.shutdown()
