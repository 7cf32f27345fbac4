"""Shared fixtures: the seed article and its rule briefing, built once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.article import read_article_file
from service.rules.extractor import RuleExtractor
from service.schema import ArticleInput, Briefing

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "articles" / "000_6f182895f3914391.txt"


@pytest.fixture(scope="session")
def seed_article() -> ArticleInput:
    return read_article_file(SEED)


@pytest.fixture(scope="session")
def seed_briefing(seed_article: ArticleInput) -> Briefing:
    return RuleExtractor().extract(seed_article)
