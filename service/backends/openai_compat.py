"""A remote backend: any OpenAI-compatible inference engine, output constrained by the schema.

Each engine spells "answer in this JSON Schema" a little differently; `dialect` picks the
spelling and `auto` asks the engine's `/models` once (vLLM says `owned_by: vllm`, SGLang
`sglang`, llama.cpp `llamacpp`/`me`, Ollama `library`/`ollama`, OpenAI `system`/`openai`).

The constraint fields come from outlines' own type adapters where outlines knows the engine
(vLLM's `structured_outputs`, SGLang's and OpenAI's `response_format`, Ollama's `format`), so
the spelling follows outlines' releases. The request itself is ours: outlines' remote models
return only the text, dropping `finish_reason` and token usage and rewrapping transport errors,
and this backend needs all three (truncation is an error we explain, usage feeds the metrics,
and only connection errors, 429 and 5xx are retried). llama-cpp-python's server accepts only
`response_format: {"type": "json_object", "schema": ...}`, which outlines cannot express, so
that one is written here.

Every answer is still validated against the full schema by the extractor: an engine may ignore
a constraint field it does not know and answer 200.
"""

from __future__ import annotations

import json
import math
import random
import threading
import time
from typing import Any

import httpx

from ..errors import ModelError
from ..settings import EMBEDDED_MODEL, Settings
from .base import Generation

DIALECTS = ("vllm", "sglang", "openai", "llamacpp", "ollama")
OWNED_BY = {"vllm": "vllm", "sglang": "sglang", "llamacpp": "llamacpp", "me": "llamacpp",
            "library": "ollama", "ollama": "ollama", "openai": "openai", "system": "openai"}
CHARS_PER_TOKEN = 3.5   # no tokenizer here: a conservative estimate for truncation budgets
DEFAULT_CONTEXT = 8192
PROBE_TIMEOUT_S = 3.0
BACKOFF_S = 0.5
STRICT_UNSUPPORTED = ("minLength", "maxLength", "minItems", "maxItems", "pattern")


def strict_schema(schema: Any) -> Any:
    """OpenAI strict mode: every object closed with every property required; no length keywords
    (the extractor still checks them against the full schema)."""
    if isinstance(schema, list):
        return [strict_schema(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out = {k: strict_schema(v) for k, v in schema.items() if k not in STRICT_UNSUPPORTED}
    if out.get("type") == "object" and "properties" in out:
        out["additionalProperties"] = False
        out["required"] = list(out["properties"])
    return out


def constraint(dialect: str, schema: dict[str, Any]) -> dict[str, Any]:
    """The request fields that make `dialect`'s engine answer JSON valid against `schema`."""
    from outlines.models.ollama import OllamaTypeAdapter
    from outlines.models.openai import OpenAITypeAdapter
    from outlines.models.sglang import SGLangTypeAdapter
    from outlines.models.vllm import VLLMTypeAdapter
    from outlines.types import JsonSchema

    plain = {k: v for k, v in schema.items() if not k.startswith("x-")}
    if dialect == "vllm":
        return VLLMTypeAdapter().format_output_type(JsonSchema(json.dumps(plain)))
    if dialect == "sglang":
        return SGLangTypeAdapter().format_output_type(JsonSchema(json.dumps(plain)))
    if dialect == "openai":
        return OpenAITypeAdapter().format_output_type(JsonSchema(json.dumps(strict_schema(plain))))
    if dialect == "ollama":
        return {"format": OllamaTypeAdapter().format_output_type(JsonSchema(json.dumps(plain)))}
    if dialect == "llamacpp":
        return {"response_format": {"type": "json_object", "schema": plain}}
    raise ModelError(f"unknown dialect {dialect!r} (choose from: {', '.join(DIALECTS)})")


def request(dialect: str, model: str, messages: list[dict[str, str]], schema: dict[str, Any] | None,
            max_tokens: int, retry: bool) -> tuple[str, dict[str, Any]]:
    """(path under the base URL, JSON body): greedy decoding, a penalty against loops on retry."""
    fields = constraint(dialect, schema) if schema is not None else {}
    if dialect == "ollama":  # its native chat API: the one where `format` takes a schema
        options: dict[str, Any] = {"temperature": 0, "num_predict": max_tokens}
        if retry:
            options["repeat_penalty"] = 1.3
        return "/api/chat", {"model": model, "messages": messages, "stream": False,
                             "options": options, **fields}
    body: dict[str, Any] = {"model": model, "messages": messages, "max_tokens": max_tokens,
                            "temperature": 0, **fields}
    if retry:
        body["frequency_penalty"] = 0.5
    return "/chat/completions", body


def parse_answer(dialect: str, payload: Any) -> tuple[str, str | None, int, int]:
    """(text, finish_reason, prompt tokens, output tokens) from an engine's answer."""
    try:
        if dialect == "ollama":
            return (payload["message"]["content"], payload.get("done_reason"),
                    int(payload.get("prompt_eval_count") or 0), int(payload.get("eval_count") or 0))
        choices = payload["choices"]
        if not choices:
            raise ModelError("engine answered with an empty choice list")
        usage = payload.get("usage") or {}
        return (choices[0]["message"]["content"] or "", choices[0].get("finish_reason"),
                int(usage.get("prompt_tokens") or 0), int(usage.get("completion_tokens") or 0))
    except (KeyError, IndexError, TypeError) as exc:
        raise ModelError(f"engine answer lacks {exc}: not an OpenAI-style chat completion") from None


class OpenAIBackend:
    """One pooled HTTP client per engine; at most `concurrency` requests in flight."""

    def __init__(self, settings: Settings, transport: httpx.BaseTransport | None = None) -> None:
        if not settings.base_url:
            raise ModelError("BRIEFING_BACKEND=openai needs BRIEFING_BASE_URL (e.g. http://gpu-box:8000/v1)")
        self.settings = settings
        self.base_url = settings.base_url.rstrip("/")
        headers = {"Authorization": f"Bearer {settings.engine_api_key}"} if settings.engine_api_key else {}
        limits = httpx.Limits(max_connections=settings.concurrency,
                              max_keepalive_connections=settings.concurrency)
        self._client = httpx.Client(headers=headers, limits=limits, transport=transport)
        self._slots = threading.BoundedSemaphore(settings.concurrency)
        self._lock = threading.Lock()
        self._dialect = None if settings.dialect == "auto" else settings.dialect
        wanted = settings.model
        self._model = None if wanted in (EMBEDDED_MODEL, "auto", "") else wanted
        self.stats: dict[str, float | str] = {}

    @property
    def dialect(self) -> str:
        return f"openai:{self._dialect or 'auto'}"

    @property
    def model_id(self) -> str:
        return f"{self._model or self.settings.model} via {self._dialect or 'auto'} at {self.base_url}"

    @property
    def loaded(self) -> bool:
        return self._dialect is not None and self._model is not None

    def load(self) -> None:
        """Ask the engine once for its dialect and model when the settings leave them open."""
        if self.loaded:
            return
        with self._lock:
            if self.loaded:
                return
            models = self._models(PROBE_TIMEOUT_S)
            if not models:
                raise ModelError(f"engine at {self.base_url} lists no models")
            first = models[0]
            self._model = self._model or str(first.get("id") or first.get("name"))
            if self._dialect is None:
                owner = str(first.get("owned_by", "")).lower()
                self._dialect = OWNED_BY.get(owner, "sglang")  # plain json_schema: the common spelling
                self.stats["dialect_probe"] = owner or "unknown"

    def _models(self, timeout: float) -> list[dict[str, Any]]:
        url = f"{self.base_url}/models" if self._dialect != "ollama" else f"{self._root()}/api/tags"
        try:
            response = self._client.get(url, timeout=timeout)
            response.raise_for_status()
            payload = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise ModelError(f"engine at {self.base_url} unreachable: {type(exc).__name__}: {exc}") from None
        return list(payload.get("data") or payload.get("models") or [])

    def _root(self) -> str:
        return self.base_url.removesuffix("/v1")

    def status(self) -> str:
        try:
            self._models(min(PROBE_TIMEOUT_S, self.settings.timeout_s))
        except ModelError as exc:
            return f"unreachable: {exc}"
        return "reachable"

    def count_tokens(self, text: str) -> int:
        return math.ceil(len(text) / CHARS_PER_TOKEN)

    def truncate_tokens(self, text: str, limit: int) -> str:
        return text[:int(limit * CHARS_PER_TOKEN)]

    @property
    def context_tokens(self) -> int:
        return self.settings.context_tokens or DEFAULT_CONTEXT

    def generate_json(self, messages: list[dict[str, str]], schema: dict[str, Any] | None,
                      max_new_tokens: int, timeout_s: float, retry: bool = False,
                      cancel: threading.Event | None = None) -> Generation:
        """One answer within `timeout_s`, retrying connection errors, 429 and 5xx with backoff.

        At the deadline the connection is closed, which cancels the request at the engine
        (vLLM, SGLang and llama.cpp abort a generation whose client went away); `cancel` stops
        further tries."""
        self.load()
        dialect, model = self._dialect or "sglang", self._model or self.settings.model
        path, body = request(dialect, model, messages, schema, max_new_tokens, retry)
        url = (self._root() if dialect == "ollama" else self.base_url) + path
        started = time.perf_counter()
        deadline = started + timeout_s
        problem = "no attempt"
        for attempt in range(self.settings.engine_retries + 1):
            remaining = deadline - time.perf_counter()
            if cancel is not None and cancel.is_set():
                break
            if remaining <= 0 or not self._slots.acquire(timeout=remaining):
                break
            try:
                response = self._client.post(url, json=body, timeout=max(0.01, deadline - time.perf_counter()))
            except httpx.TimeoutException:
                break
            except httpx.TransportError as exc:
                problem, wait = f"{type(exc).__name__}: {exc}", None
            else:
                if response.status_code < 400:
                    return self._generation(dialect, response, started, timeout_s)
                problem = f"HTTP {response.status_code}: {response.text[:200]}"
                if response.status_code != 429 and response.status_code < 500:
                    raise ModelError(f"engine refused the request ({problem})")
                wait = _retry_after(response)
            finally:
                self._slots.release()
            if attempt < self.settings.engine_retries:
                pause = wait if wait is not None else BACKOFF_S * 2 ** attempt * (0.5 + random.random())
                time.sleep(max(0.0, min(pause, deadline - time.perf_counter())))
        else:
            raise ModelError(f"engine failed after {self.settings.engine_retries + 1} tries: {problem}")
        return Generation(text="", prompt_tokens=0, output_tokens=0,
                          seconds=time.perf_counter() - started, timed_out=True)

    def _generation(self, dialect: str, response: httpx.Response, started: float,
                    timeout_s: float) -> Generation:
        try:
            payload = response.json()
        except ValueError:
            raise ModelError(f"engine answered non-JSON (HTTP {response.status_code}): "
                             f"{response.text[:120]!r}") from None
        text, finish, prompt_tokens, output_tokens = parse_answer(dialect, payload)
        seconds = time.perf_counter() - started
        return Generation(text=text, prompt_tokens=prompt_tokens, output_tokens=output_tokens,
                          seconds=seconds, timed_out=seconds >= timeout_s, finish_reason=finish)

    def close(self) -> None:
        self._client.close()


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after")
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None
