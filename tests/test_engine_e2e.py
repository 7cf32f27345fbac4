"""End to end against a real engine: llama-cpp-python's server with the embedded GGUF."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import pytest

from service.extractors.registry import get_extractor
from service.schema import ArticleInput, Briefing
from service.settings import Settings
from service.verify import span_problems

from .conftest import SEED
from .engine_server import EngineServer

pytestmark = pytest.mark.engine


@pytest.fixture(scope="module")
def engine(tmp_path_factory) -> Iterator[EngineServer]:
    server = EngineServer(tmp_path_factory.mktemp("engine")).start()
    yield server
    server.stop()


def test_seed_briefing_through_the_engine_is_valid_and_grounded(engine: EngineServer,
                                                                seed_article: ArticleInput) -> None:
    settings = Settings(backend="openai", base_url=engine.url, timeout_s=60)
    briefing = get_extractor("llm", settings).extract(seed_article)
    assert briefing.provenance.extractor == "llm" and briefing.provenance.backend == "openai:llamacpp"
    assert "SmolLM2-135M-Instruct" in briefing.provenance.model
    assert span_problems(briefing) == [] and briefing.headline
    assert not any("model failed" in w for w in briefing.provenance.warnings)


def test_cli_by_configuration_alone(engine: EngineServer) -> None:
    env = {**os.environ, "BRIEFING_BACKEND": "openai", "BRIEFING_BASE_URL": engine.url,
           "BRIEFING_TIMEOUT_S": "60"}
    result = subprocess.run([sys.executable, "-c", "from service.cli import main; main()", "extract", str(SEED)],
                            env=env, capture_output=True, timeout=180)
    assert result.returncode == 0, result.stderr
    briefing = Briefing.model_validate_json(result.stdout)
    assert briefing.provenance.extractor == "llm" and span_problems(briefing) == []
