"""Model-backed extraction. The rules run once and find and ground everything; the model then
either writes the prose (narrow mode: headline, summary, optionally roles) or also extracts
who, where, when, claims and positions (full mode), constrained by a JSON Schema, grounded
after and merged with the rules' items per field by the `merge` policy.

Whatever the model says that the article does not back is dropped and counted in provenance,
and a model that fails or runs out of time leaves the rules' briefing whole: the model can
improve a briefing but never lower its precision or lose what the rules found.
"""

from __future__ import annotations

import re
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

from ..backends.base import Generation, GenerationBackend
from ..errors import ModelError
from ..generation import full_schema, generation_schema, parse_output
from ..grounding import addressed_to_model, clean_prose, locate, prose_problems, without
from ..prompts import build_full_messages, build_messages, load_prompts
from ..rules.extractor import RuleExtractor
from ..schema import ArticleInput, Briefing
from ..settings import EXTRACTED_FIELDS, Settings
from .chunks import chunk
from .full import Found, ground_full
from .merge import merge

MAX_CANDIDATES = 24
PROMPT_OVERHEAD_TOKENS = 400
MAX_PARTS = 16
_DATELINE_PREFIX = re.compile(r"^[A-Z][\w .'-]{1,40}(?:\s*[\[(][^\])]{2,40}[\])])?,\s*"
                              r"[A-Z][a-z]{2,8}\.? \d{1,2}\s*[:\-\u2013\u2014]\s*")


class ModelFailure(ModelError):
    """The model failed on an article. `briefing` is the rules' briefing, made once, with a
    warning that says what failed, so no caller runs the rules again or loses what they found;
    `fields` are those the model was to write."""

    def __init__(self, message: str, briefing: Briefing, fields: tuple[str, ...]) -> None:
        super().__init__(message)
        self.briefing = briefing
        self.fields = fields


class LLMExtractor:
    """Rules first, then the model; raises `ModelFailure` (carrying the rules' briefing)."""

    name = "llm"

    def __init__(self, backend: GenerationBackend, settings: Settings,
                 rules: RuleExtractor | None = None) -> None:
        self.backend = backend
        self.settings = settings
        self.mode = settings.llm_mode
        self.rules = rules or RuleExtractor()
        self.prompts = load_prompts(settings.prompts_dir)
        # one thread per request the backend may have in flight (an engine serves several)
        self._worker = ThreadPoolExecutor(max_workers=settings.concurrency, thread_name_prefix="generate")
        self.last_generation: Generation | None = None

    @property
    def fields(self) -> tuple[str, ...]:
        """What the model writes in this mode (a failure is counted against these)."""
        if self.mode == "narrow":
            return self.settings.fields
        return ("headline",) * ("headline" in self.settings.fields) + EXTRACTED_FIELDS

    def extract(self, source: ArticleInput) -> Briefing:
        started = time.perf_counter()
        base = self.rules.extract(source)
        blocked = addressed_to_model(base.article.text)  # the rules' briefing already warns of it
        warnings: list[str] = []
        try:
            self.backend.load()  # loading is not generation: it does not count against the timeout
            deadline = time.perf_counter() + self.settings.timeout_s
            run = self._full if self.mode == "full" else self._narrow
            update, dropped, notes = run(base, blocked, deadline)
        except ModelError as exc:
            provenance = base.provenance.model_copy(update={
                "warnings": base.provenance.warnings + warnings + [f"model failed, rules answered: {exc}"]})
            raise ModelFailure(str(exc), base.model_copy(update={"provenance": provenance}),
                               self.fields) from None
        if dropped:
            notes.append(f"ungrounded model items dropped: {sum(dropped.values())}")
        provenance = base.provenance.model_copy(update={
            "extractor": self.name,
            "model": self.backend.model_id,
            "backend": self.backend.dialect,
            "prompt_version": f"{self.prompts.version}:{self.mode}",
            "duration_ms": round((time.perf_counter() - started) * 1000, 3),
            "warnings": base.provenance.warnings + warnings + notes,
            "dropped": dict(dropped),
        })
        return base.model_copy(update={**update, "provenance": provenance})

    def _narrow(self, base: Briefing, blocked: list[tuple[int, int]],
                deadline: float) -> tuple[dict[str, Any], Counter[str], list[str]]:
        fields = self.settings.fields
        lead = self.settings.lead_tokens if "who" not in fields else 0
        text, notes = (self._lead(base.article.text, lead), []) if lead else self._fit(base.article.text)
        candidates = [a.name for a in base.who][:MAX_CANDIDATES]
        messages = build_messages(self.prompts, text, candidates, fields, self.settings.worked_example)
        schema = generation_schema(fields, candidates)
        data = self._generate(messages, schema, self.settings.max_new_tokens, deadline)
        update, dropped, grounding_notes = ground_output(base, data, candidates, blocked)
        return update, Counter(dropped), notes + grounding_notes

    def _full(self, base: Briefing, blocked: list[tuple[int, int]],
              deadline: float) -> tuple[dict[str, Any], Counter[str], list[str]]:
        text = base.article.text
        budget = (self.backend.context_tokens - self.settings.max_new_tokens_full
                  - PROMPT_OVERHEAD_TOKENS)
        parts = chunk(text, budget, self.backend.count_tokens, self.backend.truncate_tokens)
        notes = [f"the model read the article in {len(parts)} parts"] if len(parts) > 1 else []
        if len(parts) > MAX_PARTS:
            notes.append(f"the model read the first {MAX_PARTS} of {len(parts)} parts; rules read it all")
            parts = parts[:MAX_PARTS]
        found = Found()
        for index, (start, end) in enumerate(parts):
            try:
                schema = full_schema(headline=index == 0 and "headline" in self.settings.fields)
                messages = build_full_messages(self.prompts, text[start:end], "headline" in schema["properties"])
                data = self._generate(messages, schema, self.settings.max_new_tokens_full, deadline)
            except ModelError as exc:
                if index == 0:
                    raise
                notes.append(f"model failed on part {index + 1} of {len(parts)}, which only the "
                             f"rules read: {exc}")
                break
            found.add(ground_full(base, data, (start, end), blocked))
        fields, merge_dropped = merge(base, found, self.settings.merge_policy)
        update, dropped, prose_notes = ground_output(
            base, {"headline": found.headline} if found.headline else {}, [], blocked)
        return {**fields, **update}, found.dropped + Counter(dropped) + merge_dropped, notes + prose_notes

    def _lead(self, text: str, budget: int) -> str:
        """The opening paragraphs that fit in `budget` tokens (at least the first, cut to fit):
        prose fields need the lead, and a shorter prompt is most of a narrow answer's time."""
        lead = ""
        for paragraph in text.split("\n\n"):
            longer = f"{lead}\n\n{paragraph}" if lead else paragraph
            if self.backend.count_tokens(longer) > budget:
                break
            lead = longer
        return lead or self.backend.truncate_tokens(text, budget)

    def _fit(self, text: str) -> tuple[str, list[str]]:
        """Truncate an article longer than the model's context, and say so."""
        budget = self.backend.context_tokens - self.settings.max_new_tokens - PROMPT_OVERHEAD_TOKENS
        tokens = self.backend.count_tokens(text)
        if tokens <= budget:
            return text, []
        return (self.backend.truncate_tokens(text, budget),
                [f"article truncated for the model: {budget} of {tokens} tokens; rules read it all"])

    def _generate(self, messages: list[dict[str, str]], schema: dict[str, Any], tokens: int,
                  deadline: float) -> dict[str, Any]:
        """One try, one retry on invalid output while time is left; a timeout is final."""
        error: ModelError | None = None
        for attempt in (1, 2):
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                break
            generation = self._call(messages, schema, tokens, remaining, retry=attempt == 2)
            self.last_generation = generation
            if generation.timed_out:
                raise ModelError(f"model timed out after {self.settings.timeout_s:g} s")
            try:
                return parse_output(generation.text, schema)
            except ModelError as exc:
                cut = generation.finish_reason == "length"
                error = ModelError(f"output cut at {tokens} new tokens "
                                   f"(finish_reason: length): {exc}") if cut else exc
        raise ModelError(f"no valid model output after retry: {error}" if error
                         else f"model timed out after {self.settings.timeout_s:g} s")

    def _call(self, messages: list[dict[str, str]], schema: dict[str, Any], tokens: int,
              remaining: float, retry: bool) -> Generation:
        """Run generation off this thread; at the deadline, stop waiting and tell the backend to
        stop too, so the model is free for the next caller at once (no grace period)."""
        cancel = threading.Event()
        future = self._worker.submit(self.backend.generate_json, messages, schema, tokens,
                                     remaining, retry, cancel)
        try:
            return future.result(timeout=remaining)
        except FutureTimeout:
            cancel.set()
            raise ModelError(f"model timed out after {self.settings.timeout_s:g} s") from None
        except ModelError:
            raise
        except Exception as exc:  # any backend fault becomes one kind of error for the caller
            raise ModelError(f"generation failed: {type(exc).__name__}: {exc}") from None


def ground_output(base: Briefing, data: dict[str, Any], candidates: list[str],
                  blocked: list[tuple[int, int]] = ()) -> tuple[dict[str, Any], dict[str, int], list[str]]:
    """Keep what the article backs, outside the sentences that address a model (`blocked`);
    count and explain what it does not."""
    text = without(base.article.text, list(blocked))
    update: dict[str, Any] = {}
    dropped: dict[str, int] = {}
    notes: list[str] = []
    for field in ("headline", "summary"):
        value = data.get(field)
        if not isinstance(value, str) or not clean_prose(value):
            continue
        value = clean_prose(value)
        value = _DATELINE_PREFIX.sub("", value) if field == "headline" else value
        problems = prose_problems(text, value)
        if problems:
            dropped[field] = 1
            notes.append(f"model {field} dropped: {'; '.join(problems)}")
        else:
            update[field] = value
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
    return update, dropped, notes


class AutoExtractor:
    """The model when one is configured and healthy; otherwise, or on any model failure, the
    rules' briefing (made once: the model's failure carries it)."""

    name = "auto"

    def __init__(self, llm: LLMExtractor | None, rules: RuleExtractor | None = None) -> None:
        self.llm = llm
        self.rules = rules or RuleExtractor()

    def extract(self, source: ArticleInput) -> Briefing:
        if self.llm is None:
            return self.rules.extract(source)
        try:
            return self.llm.extract(source)
        except ModelFailure as exc:
            return exc.briefing
