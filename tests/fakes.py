"""A fake generation backend answering from a queue of canned outputs (no model, no network)."""

from __future__ import annotations

import threading
import time
from typing import Any

from service.backends.base import Generation
from service.errors import ModelError


class FakeBackend:
    """Answers each call with the next canned reply: a string, an exception, or ('hang', s)."""

    dialect = "fake"
    model_id = "fake-model"

    def __init__(self, *replies: Any, context_tokens: int = 8192) -> None:
        self.replies = list(replies)
        self.context_tokens = context_tokens
        self.calls: list[dict[str, Any]] = []
        self.released = threading.Event()
        self.cancelled: bool | None = None

    def load(self) -> None:
        if self.replies and isinstance(self.replies[0], ModelError) and not self.calls:
            raise self.replies.pop(0)

    def status(self) -> str:
        return "loaded"

    def count_tokens(self, text: str) -> int:
        return len(text.split())

    def truncate_tokens(self, text: str, limit: int) -> str:
        return " ".join(text.split()[:limit])

    def generate_json(self, messages, schema, max_new_tokens, timeout_s, retry=False,
                      cancel: threading.Event | None = None) -> Generation:
        self.calls.append({"messages": messages, "schema": schema, "retry": retry,
                           "timeout_s": timeout_s, "max_new_tokens": max_new_tokens})
        reply = self.replies.pop(0) if self.replies else "{}"
        if isinstance(reply, Exception):
            raise reply
        if isinstance(reply, tuple) and reply[0] == "hang":  # a model that ignores its time limit
            self.released.wait(reply[1])
            self.cancelled = cancel is not None and cancel.is_set()
            reply = "{}"
        if isinstance(reply, tuple) and reply[0] == "slow":
            time.sleep(reply[1])
            return Generation(text=reply[2], prompt_tokens=10, output_tokens=5, seconds=timeout_s, timed_out=True)
        return Generation(text=reply, prompt_tokens=10, output_tokens=len(reply.split()), seconds=0.01)
