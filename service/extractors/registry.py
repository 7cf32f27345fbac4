"""Name -> extractor. Adding an extractor means adding one entry here."""

from __future__ import annotations

import threading

from ..backends.base import GenerationBackend
from ..errors import BriefingError
from ..rules.extractor import RuleExtractor
from ..settings import Settings, get_settings
from .base import Extractor
from .llm import AutoExtractor, LLMExtractor

EXTRACTORS = ("auto", "llm", "rules")
MODES = ("narrow", "full")


_backends: dict[str, GenerationBackend] = {}
_backends_lock = threading.Lock()
#: settings that change what is asked of a model, not which model: one backend serves them all
_NOT_BACKEND = {"extractor", "llm_mode", "merge", "llm_fields", "worked_example",
                "max_new_tokens", "max_new_tokens_full"}


def shared_backend(settings: Settings) -> GenerationBackend:
    """One backend (one loaded model, or one pooled engine client) per configuration per process."""
    key = settings.model_dump_json(exclude=_NOT_BACKEND)
    with _backends_lock:
        if key not in _backends:
            if settings.remote:
                from ..backends.openai_compat import OpenAIBackend

                _backends[key] = OpenAIBackend(settings)
            else:
                from ..backends.transformers_local import TransformersBackend

                _backends[key] = TransformersBackend(settings)
        return _backends[key]


def get_extractor(name: str | None = None, settings: Settings | None = None,
                  backend: GenerationBackend | None = None, mode: str | None = None) -> Extractor:
    """The extractor called `name` (default: the `extractor` setting), the model in `mode`
    (narrow or full; default: the `llm_mode` setting)."""
    settings = settings or get_settings()
    if mode is not None:
        if mode not in MODES:
            raise BriefingError(f"unknown mode '{mode}' (choose from: {', '.join(MODES)})")
        settings = settings.model_copy(update={"llm_mode": mode})
    name = name or settings.extractor
    if name == "rules":
        return RuleExtractor()
    if name not in EXTRACTORS:
        raise BriefingError(f"unknown extractor '{name}' (choose from: {', '.join(EXTRACTORS)})")
    if not settings.model_enabled:
        if name == "llm":
            raise BriefingError("extractor 'llm' needs a model: set BRIEFING_MODEL")
        return AutoExtractor(None)
    llm = LLMExtractor(backend or shared_backend(settings), settings)
    return llm if name == "llm" else AutoExtractor(llm)
