"""llama-cpp-python's OpenAI-compatible server on 127.0.0.1, serving the embedded GGUF on CPU:
the real engine the engine tests and the engine benchmark talk to."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import httpx

from service.backends.transformers_local import embedded_model_dir
from service.settings import EMBEDDED_GGUF

from .server import free_port


class EngineServer:
    def __init__(self, log_dir: Path, context: int = 4096) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/v1"
        self.log = log_dir / f"llama-server-{self.port}.log"
        self.cmd = [sys.executable, "-m", "llama_cpp.server", "--model", str(embedded_model_dir() / EMBEDDED_GGUF),
                    "--host", "127.0.0.1", "--port", str(self.port), "--n_ctx", str(context)]
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> "EngineServer":
        self.process = subprocess.Popen(self.cmd, stdout=self.log.open("ab"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                if httpx.get(f"{self.url}/models", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.2)
        raise RuntimeError(f"llama.cpp server did not start: {self.log.read_text()[-2000:]}")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=20)
