"""A scripted OpenAI-compatible engine on 127.0.0.1: real HTTP, canned answers, recorded requests."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    status: int = 200
    body: bytes | dict[str, Any] = b""
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)


def completion(content: str, finish_reason: str = "stop") -> dict[str, Any]:
    """A chat completion as vLLM, SGLang and llama.cpp document it."""
    return {"id": "cmpl-1", "object": "chat.completion", "model": "m",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                         "finish_reason": finish_reason}],
            "usage": {"prompt_tokens": 900, "completion_tokens": 20, "total_tokens": 920}}


class FakeEngine:
    """Answers POSTs from `replies` in order (the last one repeats); GET /v1/models lists one model."""

    def __init__(self, *replies: Reply, owned_by: str = "vllm") -> None:
        self.replies = list(replies) or [Reply(body=completion("{}"))]
        self.requests: list[tuple[str, dict[str, Any]]] = []
        self.in_flight = self.max_in_flight = 0
        self._lock = threading.Lock()
        engine = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                self._send(Reply(body={"object": "list", "data": [
                    {"id": "fake/model-7b", "object": "model", "owned_by": owned_by}]}))

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["content-length"])))
                with engine._lock:
                    engine.requests.append((self.path, body))
                    reply = engine.replies[min(len(engine.requests) - 1, len(engine.replies) - 1)]
                    engine.in_flight += 1
                    engine.max_in_flight = max(engine.max_in_flight, engine.in_flight)
                try:
                    time.sleep(reply.delay)
                    self._send(reply)
                finally:
                    with engine._lock:
                        engine.in_flight -= 1

            def _send(self, reply: Reply) -> None:
                raw = json.dumps(reply.body).encode() if isinstance(reply.body, dict) else reply.body
                try:
                    self.send_response(reply.status)
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.send_header("content-length", str(len(raw)))
                    self.end_headers()
                    self.wfile.write(raw)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
