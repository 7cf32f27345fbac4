"""End to end against a real engine: llama-cpp-python's server with the embedded GGUF."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import pytest

from service.backends.openai_compat import OpenAIBackend
from service.extractors.llm import LLMExtractor
from service.extractors.registry import get_extractor
from service.generation import full_schema, parse_output
from service.prompts import build_full_messages, load_prompts
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


def test_full_mode_through_the_engine_is_valid_and_every_span_verified(
        engine: EngineServer, seed_article: ArticleInput, seed_briefing: Briefing) -> None:
    """The model's own extraction (merge `model`), so what is checked is what the engine wrote."""
    settings = Settings(backend="openai", base_url=engine.url, timeout_s=120, llm_mode="full",
                        merge="model", context_tokens=4096)
    extractor = LLMExtractor(OpenAIBackend(settings), settings)
    briefing = extractor.extract(seed_article)
    Briefing.model_validate_json(briefing.model_dump_json())
    assert not any("model failed" in w for w in briefing.provenance.warnings), briefing.provenance.warnings
    assert briefing.provenance.extractor == "llm" and briefing.provenance.backend == "openai:llamacpp"
    assert briefing.provenance.prompt_version == f"{extractor.prompts.version}:full"
    assert "SmolLM2-135M-Instruct" in briefing.provenance.model
    assert span_problems(briefing) == [], "every span of the model's items is verified"
    assert extractor.last_generation is not None and extractor.last_generation.output_tokens > 50
    assert briefing.who and briefing.who != seed_briefing.who, "the who list is the model's, grounded"


def test_the_engine_answers_full_mode_in_the_generation_schema(engine: EngineServer,
                                                               seed_article: ArticleInput) -> None:
    """llama.cpp turns the schema into a grammar: its raw answer passes our own validation (a
    server that ignored the schema would answer prose or other keys, and this would fail)."""
    settings = Settings(backend="openai", base_url=engine.url, timeout_s=120)
    schema = full_schema(headline=True)
    messages = build_full_messages(load_prompts(settings.prompts_dir), seed_article.text, True)
    answer = OpenAIBackend(settings).generate_json(messages, schema, settings.max_new_tokens_full, 120)
    data = parse_output(answer.text, schema)
    assert list(data) == list(schema["properties"]) and answer.finish_reason == "stop"
