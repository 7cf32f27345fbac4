"""Run extraction off the event loop: rules in the thread pool, the model in its own workers (one
for the embedded model, `concurrency` for an engine) behind a bounded queue, so a burst of model
requests gets 503 instead of a hang and rules stay fast."""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor

from ..extractors.base import Extractor
from ..extractors.registry import get_extractor
from ..schema import ArticleInput, Briefing
from ..settings import Settings


class QueueFull(Exception):
    """More model jobs are waiting than the `model_queue` setting allows."""


class ExtractionRunner:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        workers = settings.concurrency if settings.remote else 1
        self._model_worker = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="model")
        self._capacity = settings.model_queue + workers - 1  # jobs running or waiting
        self._pending = 0
        self._lock = threading.Lock()
        self._extractors: dict[str, Extractor] = {}

    def extractor(self, name: str) -> Extractor:
        if name not in self._extractors:
            self._extractors[name] = get_extractor(name, self.settings)
        return self._extractors[name]

    def uses_model(self, name: str) -> bool:
        return name != "rules" and self.settings.model_enabled

    async def run(self, name: str, article: ArticleInput) -> Briefing:
        extractor = self.extractor(name)
        loop = asyncio.get_running_loop()
        if not self.uses_model(name):
            return await loop.run_in_executor(None, extractor.extract, article)
        with self._lock:
            if self._pending >= self._capacity:
                raise QueueFull
            self._pending += 1
        try:
            return await loop.run_in_executor(self._model_worker, extractor.extract, article)
        finally:
            with self._lock:
                self._pending -= 1

    def shutdown(self) -> None:
        self._model_worker.shutdown(wait=False, cancel_futures=True)
