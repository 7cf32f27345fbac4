"""The backend interface: constrained JSON generation from chat messages."""

from __future__ import annotations

from dataclasses import dataclass
from threading import Event
from typing import Any, Protocol


@dataclass(frozen=True)
class Generation:
    """One model answer with the figures the benchmark and provenance need."""

    text: str
    prompt_tokens: int
    output_tokens: int
    seconds: float
    timed_out: bool = False
    finish_reason: str | None = None  # "length": cut at the token budget

    @property
    def tokens_per_s(self) -> float:
        return self.output_tokens / self.seconds if self.seconds > 0 else 0.0


class GenerationBackend(Protocol):
    """A model that answers chat messages with JSON valid against a schema."""

    dialect: str

    @property
    def model_id(self) -> str: ...

    def load(self) -> None: ...

    def status(self) -> str:
        """For /readyz, promptly: loading, loaded, failed: why, reachable, unreachable: why."""
        ...

    def count_tokens(self, text: str) -> int: ...

    def truncate_tokens(self, text: str, limit: int) -> str: ...

    @property
    def context_tokens(self) -> int: ...

    def generate_json(self, messages: list[dict[str, str]], schema: dict[str, Any] | None,
                      max_new_tokens: int, timeout_s: float, retry: bool = False,
                      cancel: Event | None = None) -> Generation:
        """Stops by itself `timeout_s` after the call, or soon after `cancel` is set."""
        ...
