"""Model-backed extraction: the rules find and ground everything; the model writes the prose
(headline, summary) and, optionally, roles, constrained by a JSON Schema and grounded after.

Whatever the model says that the article does not back is dropped and counted in provenance, so
the model can improve a briefing but never lower its precision.
"""

from __future__ import annotations

import re
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

from ..backends.base import Generation, GenerationBackend
from ..errors import ModelError
from ..generation import generation_schema, parse_output
from ..grounding import locate, prose_problems
from ..prompts import build_messages, load_prompts
from ..rules.extractor import RuleExtractor
from ..schema import ArticleInput, Briefing
from ..settings import Settings

MAX_CANDIDATES = 24
PROMPT_OVERHEAD_TOKENS = 400
HANG_GRACE_S = 5.0
_DATELINE_PREFIX = re.compile(r"^[A-Z][\w .'-]{1,40}(?:\s*[\[(][^\])]{2,40}[\])])?,\s*"
                              r"[A-Z][a-z]{2,8}\.? \d{1,2}\s*[:\-\u2013\u2014]\s*")


class LLMExtractor:
    """Rules first, then the model on narrow, checkable jobs; raises `ModelError` on failure."""

    name = "llm"

    def __init__(self, backend: GenerationBackend, settings: Settings,
                 rules: RuleExtractor | None = None) -> None:
        self.backend = backend
        self.settings = settings
        self.rules = rules or RuleExtractor()
        self.prompts = load_prompts(settings.prompts_dir)
        # one thread per request the backend may have in flight (an engine serves several)
        self._worker = ThreadPoolExecutor(max_workers=settings.concurrency, thread_name_prefix="generate")
        self.last_generation: Generation | None = None

    def extract(self, source: ArticleInput) -> Briefing:
        started = time.perf_counter()
        self.backend.load()  # loading is not generation: it does not count against the timeout
        base = self.rules.extract(source)
        text, warnings = self._fit(base.article.text)
        fields = self.settings.fields
        candidates = [a.name for a in base.who][:MAX_CANDIDATES]
        messages = build_messages(self.prompts, text, candidates, fields, self.settings.worked_example)
        schema = generation_schema(fields, candidates)
        data = self._generate(messages, schema, time.perf_counter())
        update, dropped, notes = ground_output(base, data, candidates)
        provenance = base.provenance.model_copy(update={
            "extractor": self.name,
            "model": self.backend.model_id,
            "backend": self.backend.dialect,
            "prompt_version": self.prompts.version,
            "duration_ms": round((time.perf_counter() - started) * 1000, 3),
            "warnings": warnings + notes,
            "dropped": dropped,
        })
        return base.model_copy(update={**update, "provenance": provenance})

    def _fit(self, text: str) -> tuple[str, list[str]]:
        """Truncate an article longer than the model's context, and say so."""
        budget = self.backend.context_tokens - self.settings.max_new_tokens - PROMPT_OVERHEAD_TOKENS
        tokens = self.backend.count_tokens(text)
        if tokens <= budget:
            return text, []
        return (self.backend.truncate_tokens(text, budget),
                [f"article truncated for the model: {budget} of {tokens} tokens; rules read it all"])

    def _generate(self, messages: list[dict[str, str]], schema: dict[str, Any], started: float) -> dict[str, Any]:
        """One try, one retry on invalid output; a timeout is final."""
        error: ModelError | None = None
        for attempt in (1, 2):
            remaining = self.settings.timeout_s - (time.perf_counter() - started)
            if remaining <= 0:
                break
            generation = self._call(messages, schema, remaining, retry=attempt == 2)
            self.last_generation = generation
            if generation.timed_out:
                raise ModelError(f"model timed out after {self.settings.timeout_s:g} s")
            try:
                return parse_output(generation.text, schema)
            except ModelError as exc:
                cut = generation.finish_reason == "length"
                error = ModelError(f"output cut at max_new_tokens={self.settings.max_new_tokens} "
                                   f"(finish_reason: length): {exc}") if cut else exc
        raise ModelError(f"no valid model output after retry: {error}" if error
                         else f"model timed out after {self.settings.timeout_s:g} s")

    def _call(self, messages: list[dict[str, str]], schema: dict[str, Any], remaining: float,
              retry: bool) -> Generation:
        """Run generation off this thread so a hung model cannot hang the caller."""
        future = self._worker.submit(self.backend.generate_json, messages, schema,
                                     self.settings.max_new_tokens, remaining, retry)
        try:
            return future.result(timeout=remaining + HANG_GRACE_S)
        except FutureTimeout:
            raise ModelError(f"model did not answer within {self.settings.timeout_s:g} s") from None
        except ModelError:
            raise
        except Exception as exc:  # any backend fault becomes one kind of error for the caller
            raise ModelError(f"generation failed: {type(exc).__name__}: {exc}") from None


def ground_output(base: Briefing, data: dict[str, Any],
                  candidates: list[str]) -> tuple[dict[str, Any], dict[str, int], list[str]]:
    """Keep what the article backs; count and explain what it does not."""
    text = base.article.text
    update: dict[str, Any] = {}
    dropped: dict[str, int] = {}
    notes: list[str] = []
    for field in ("headline", "summary"):
        value = data.get(field)
        if not isinstance(value, str) or not value.strip():
            continue
        value = _DATELINE_PREFIX.sub("", value.strip()) if field == "headline" else value
        problems = prose_problems(text, value)
        if problems:
            dropped[field] = 1
            notes.append(f"model {field} dropped: {'; '.join(problems)}")
        else:
            update[field] = value.strip()
    position = {a.name: i for i, a in enumerate(base.who)}
    who = list(base.who)
    for item in data.get("who") or []:
        name, role = item.get("name"), item.get("role")
        if name not in candidates or name not in position:
            dropped["who"] = dropped.get("who", 0) + 1
            continue
        if not role:
            continue
        if locate(text, role) is None:
            dropped["role"] = dropped.get("role", 0) + 1
            continue
        actor = who[position[name]]
        if actor.role is None:  # the rules' role, read from the text, wins; so does a first answer
            who[position[name]] = actor.model_copy(update={"role": role})
    if "who" in data:
        update["who"] = who
    if dropped:
        notes.append(f"ungrounded model items dropped: {sum(dropped.values())}")
    return update, dropped, notes


class AutoExtractor:
    """The model when one is configured and healthy; otherwise, or on any model failure, rules."""

    name = "auto"

    def __init__(self, llm: LLMExtractor | None, rules: RuleExtractor | None = None) -> None:
        self.llm = llm
        self.rules = rules or RuleExtractor()

    def extract(self, source: ArticleInput) -> Briefing:
        if self.llm is None:
            return self.rules.extract(source)
        try:
            return self.llm.extract(source)
        except ModelError as exc:
            briefing = self.rules.extract(source)
            briefing.provenance.warnings.append(f"model failed, rules answered: {exc}")
            return briefing
