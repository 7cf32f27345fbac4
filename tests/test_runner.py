"""The model queue is bounded: past it the caller gets QueueFull at once (503), never a wait."""

from __future__ import annotations

import asyncio
import threading

import pytest

from service.api.runner import ExtractionRunner, QueueFull
from service.rules.extractor import RuleExtractor
from service.schema import ArticleInput
from service.settings import Settings


class SlowExtractor:
    name = "llm"

    def __init__(self) -> None:
        self.release = threading.Event()

    def extract(self, source: ArticleInput):
        self.release.wait(10)
        return RuleExtractor().extract(source)


def test_queue_full_is_refused_and_rules_stay_fast(seed_article: ArticleInput) -> None:
    runner = ExtractionRunner(Settings(model="fake", model_queue=2), seed_article)
    slow = SlowExtractor()
    runner._extractors["llm"] = slow
    runner._extractors["rules"] = RuleExtractor()

    async def scenario() -> None:
        await runner.warm_rules()  # the rules processes are started, as the app does
        jobs = [asyncio.create_task(runner.run("llm", seed_article)) for _ in range(2)]
        await asyncio.sleep(0.1)
        with pytest.raises(QueueFull):
            await runner.run("llm", seed_article)
        rules = await asyncio.wait_for(runner.run("rules", seed_article), timeout=5)
        assert rules.extractor == "rules" and '"extractor":"rules"' in rules.body
        slow.release.set()
        assert len(await asyncio.gather(*jobs)) == 2

    asyncio.run(scenario())
    runner.shutdown()
