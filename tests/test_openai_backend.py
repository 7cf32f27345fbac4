"""The OpenAI-compatible engine backend: exact request bodies per dialect, documented answers,
and every kind of bad engine behaviour, over real HTTP to a scripted engine on 127.0.0.1."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator

import pytest

from service.backends.openai_compat import OpenAIBackend, parse_answer, request
from service.errors import ModelError
from service.extractors.llm import AutoExtractor, LLMExtractor
from service.generation import generation_schema
from service.schema import ArticleInput
from service.settings import Settings
from service.verify import span_problems

from .fake_engine import FakeEngine, Reply, completion

SCHEMA = generation_schema(("headline", "who"), ["Vladimir Putin", "Kremlin"])
MESSAGES = [{"role": "system", "content": "s"}, {"role": "user", "content": "u"}]
GOOD = json.dumps({"headline": "Russian drone attack near Kyiv kills three"})


def test_vllm_body_uses_structured_outputs() -> None:
    path, body = request("vllm", "Qwen/Qwen2.5-7B-Instruct", MESSAGES, SCHEMA, 120, retry=False)
    plain = {k: v for k, v in SCHEMA.items() if k != "x-guidance"}
    assert path == "/chat/completions"
    assert body == {"model": "Qwen/Qwen2.5-7B-Instruct", "messages": MESSAGES, "max_tokens": 120,
                    "temperature": 0, "structured_outputs": {"json": plain}}


def test_sglang_body_uses_response_format_json_schema() -> None:
    _, body = request("sglang", "m", MESSAGES, SCHEMA, 64, retry=False)
    fmt = body["response_format"]
    assert fmt["type"] == "json_schema" and fmt["json_schema"]["schema"]["properties"] == SCHEMA["properties"]
    assert "x-guidance" not in json.dumps(body) and "guided_json" not in body


def test_openai_body_is_strict_all_required_and_closed() -> None:
    _, body = request("openai", "gpt-4o-mini", MESSAGES, SCHEMA, 64, retry=False)
    schema = body["response_format"]["json_schema"]["schema"]
    assert body["response_format"]["json_schema"]["strict"] is True
    assert schema["additionalProperties"] is False and schema["required"] == ["headline", "who"]
    item = schema["properties"]["who"]["items"]
    assert item["additionalProperties"] is False and item["required"] == ["name", "role"]
    assert "maxLength" not in json.dumps(schema) and "maxItems" not in json.dumps(schema)


def test_llamacpp_body_is_json_object_with_schema() -> None:
    _, body = request("llamacpp", "m", MESSAGES, SCHEMA, 64, retry=True)
    assert body["response_format"] == {"type": "json_object",
                                       "schema": {k: v for k, v in SCHEMA.items() if k != "x-guidance"}}
    assert body["frequency_penalty"] == 0.5  # the retry pushes away from loops


def test_ollama_body_uses_native_chat_with_format() -> None:
    path, body = request("ollama", "qwen2.5:7b", MESSAGES, SCHEMA, 80, retry=False)
    assert path == "/api/chat" and body["stream"] is False
    assert body["format"]["properties"] == SCHEMA["properties"]
    assert body["options"] == {"temperature": 0, "num_predict": 80}


def test_documented_answers_parse() -> None:
    assert parse_answer("vllm", completion(GOOD)) == (GOOD, "stop", 900, 20)
    ollama = {"model": "qwen2.5:7b", "created_at": "2025-01-01T00:00:00Z",
              "message": {"role": "assistant", "content": GOOD}, "done": True, "done_reason": "stop",
              "prompt_eval_count": 850, "eval_count": 18}
    assert parse_answer("ollama", ollama) == (GOOD, "stop", 850, 18)
    with pytest.raises(ModelError, match="empty choice list"):
        parse_answer("sglang", {"choices": []})
    with pytest.raises(ModelError, match="not an OpenAI-style"):
        parse_answer("vllm", {"error": "nope"})


def _settings(url: str, **overrides) -> Settings:
    values = {"backend": "openai", "base_url": url, "model": "embedded", "timeout_s": 5.0,
              "engine_retries": 3, "concurrency": 2, **overrides}
    return Settings(**values)


@pytest.fixture()
def engine_factory() -> Iterator:
    engines: list[FakeEngine] = []

    def make(*replies: Reply, owned_by: str = "vllm") -> FakeEngine:
        engines.append(FakeEngine(*replies, owned_by=owned_by))
        return engines[-1]

    yield make
    for engine in engines:
        engine.close()


def test_extract_through_an_engine_probes_dialect_and_grounds(engine_factory, seed_article: ArticleInput) -> None:
    engine = engine_factory(Reply(body=completion(GOOD)))
    settings = _settings(engine.url)
    briefing = LLMExtractor(OpenAIBackend(settings), settings).extract(seed_article)
    assert briefing.headline == "Russian drone attack near Kyiv kills three"
    assert briefing.provenance.backend == "openai:vllm" and "fake/model-7b" in briefing.provenance.model
    assert span_problems(briefing) == []
    path, body = engine.requests[0]
    assert path == "/v1/chat/completions" and "structured_outputs" in body and body["model"] == "fake/model-7b"


@pytest.mark.parametrize(("replies", "message", "tries"), [
    ([Reply(body=b"<html>502 Bad Gateway</html>")], "non-JSON", 1),
    ([Reply(body=completion('{"title": "wrong shape"}'))], "no valid model output", 2),
    ([Reply(body=completion('{"headline": "Russian drone att', "length"))], "finish_reason: length", 2),
    ([Reply(body={"id": "x", "choices": []})], "empty choice list", 1),
    ([Reply(body=completion(GOOD), delay=3.0)], "timed out", 1),
    ([Reply(status=500, body=b"boom")], "failed after 4 tries: HTTP 500", 4),
    ([Reply(status=400, body=b'{"error": "bad schema"}')], "refused the request", 1),
])
def test_bad_engine_answers_fall_back_to_rules(engine_factory, seed_article, replies, message, tries,
                                               monkeypatch) -> None:
    monkeypatch.setattr("service.backends.openai_compat.BACKOFF_S", 0.01)  # same schedule, shorter
    engine = engine_factory(*replies)
    settings = _settings(engine.url, timeout_s=1.0, dialect="vllm", model="m")
    with pytest.raises(ModelError, match=message):
        LLMExtractor(OpenAIBackend(settings), settings).extract(seed_article)
    assert len(engine.requests) == tries
    fallback = AutoExtractor(LLMExtractor(OpenAIBackend(settings), settings)).extract(seed_article)
    assert fallback.provenance.extractor == "rules" and span_problems(fallback) == []
    assert any("model failed, rules answered" in w and message.split(":")[0] in w
               for w in fallback.provenance.warnings)


def test_429_is_retried_after_the_servers_pause(engine_factory, seed_article) -> None:
    engine = engine_factory(Reply(status=429, body=b"slow down", headers={"retry-after": "0.2"}),
                            Reply(body=completion(GOOD)))
    settings = _settings(engine.url, dialect="sglang", model="m")
    started = time.perf_counter()
    briefing = LLMExtractor(OpenAIBackend(settings), settings).extract(seed_article)
    assert briefing.provenance.extractor == "llm" and len(engine.requests) == 2
    assert time.perf_counter() - started >= 0.2


def _closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


def test_unreachable_engine_is_retried_then_rules_answer(seed_article) -> None:
    settings = _settings(_closed_port_url(), dialect="llamacpp", model="m", engine_retries=2)
    backend = OpenAIBackend(settings)
    assert backend.status().startswith("unreachable")
    with pytest.raises(ModelError, match="failed after 3 tries: ConnectError"):
        LLMExtractor(backend, settings).extract(seed_article)
    probe = OpenAIBackend(_settings(settings.base_url))  # auto dialect: the probe fails clearly
    with pytest.raises(ModelError, match="unreachable"):
        probe.load()


def test_never_more_requests_in_flight_than_the_limit(engine_factory) -> None:
    engine = engine_factory(Reply(body=completion(GOOD), delay=0.2))
    backend = OpenAIBackend(_settings(engine.url, concurrency=2, dialect="vllm", model="m"))
    threads = [threading.Thread(target=backend.generate_json, args=(MESSAGES, SCHEMA, 32, 10.0))
               for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(engine.requests) == 8 and engine.max_in_flight == 2


def test_missing_base_url_is_a_clear_error() -> None:
    with pytest.raises(ModelError, match="needs BRIEFING_BASE_URL"):
        OpenAIBackend(Settings(backend="openai"))


def test_service_reports_an_unreachable_engine_and_answers_with_rules(tmp_path) -> None:
    import httpx

    from .conftest import SEED
    from .server import Server

    server = Server(tmp_path, BRIEFING_MODEL="m", BRIEFING_BACKEND="openai", BRIEFING_DIALECT="vllm",
                    BRIEFING_BASE_URL=_closed_port_url(), BRIEFING_ENGINE_RETRIES="1").start()
    try:
        started = time.perf_counter()
        ready = httpx.get(f"{server.url}/readyz", timeout=10)
        assert time.perf_counter() - started < 5
        assert ready.json()["model"].startswith("unreachable") and ready.status_code == 200
        briefing = httpx.post(f"{server.url}/v1/briefings", content=SEED.read_bytes(),
                              headers={"content-type": "text/plain"}, timeout=30)
        assert briefing.status_code == 201, briefing.text
        provenance = briefing.json()["provenance"]
        assert provenance["extractor"] == "rules"
        assert any("model failed, rules answered" in w for w in provenance["warnings"])
    finally:
        server.stop()
