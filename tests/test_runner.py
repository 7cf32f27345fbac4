"""The model queue is bounded: past it the caller gets QueueFull at once (503), never a wait."""

from __future__ import annotations

import asyncio
import threading

import pytest

from service.api.runner import ExtractionRunner, QueueFull
from service.rules.extractor import RuleExtractor
from service.schema import ArticleInput, Briefing
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
    runner._extractors["llm", None] = slow
    runner._extractors["rules", None] = RuleExtractor()

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


class TimedExtractor:
    """Takes `seconds` per article, like a model would."""

    name = "llm"

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def extract(self, source: ArticleInput):
        import time

        time.sleep(self.seconds)
        return RuleExtractor().extract(source)


def test_duration_counts_the_wait_in_the_model_queue(seed_article: ArticleInput, seed_briefing) -> None:
    """One model worker, two requests at once: the second waits for the first, and its
    `provenance.duration_ms` says so (before, it reported the rules' few milliseconds). The
    spaCy pipeline is loaded already (`seed_briefing`), so each job is the 0.5 s sleep and ~50 ms."""
    runner = ExtractionRunner(Settings(model="fake", model_queue=2, rules_processes=0), seed_article)
    runner._extractors["llm", None] = TimedExtractor(0.5)

    async def scenario() -> list[float]:
        made = await asyncio.gather(*(runner.run("llm", seed_article) for _ in range(2)))
        return sorted(Briefing.model_validate_json(m.body).provenance.duration_ms for m in made)

    first, second = asyncio.run(scenario())
    runner.shutdown()
    assert first >= 500 and second >= first + 450
