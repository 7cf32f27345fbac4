"""A real uvicorn server in a subprocess on 127.0.0.1 and a free port, for the service tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psutil


def rules_workers(pid: int) -> list[psutil.Process]:
    """The live rules worker processes under process `pid` (spawned children, not the resource
    tracker, not a killed one not yet reaped)."""
    live = []
    for child in psutil.Process(pid).children(recursive=True):
        try:
            if "resource_tracker" not in " ".join(child.cmdline()):
                live.append(child)
        except (psutil.ZombieProcess, psutil.NoSuchProcess):
            continue
    return live


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """`briefing serve` with its own database file and settings; stop() then start() restarts."""

    def __init__(self, data_dir: Path, workers: int = 1, **env: str) -> None:
        self.workers = workers
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "BRIEFING_MODEL": "none",
                    "BRIEFING_DATABASE_URL": f"sqlite:///{data_dir / 'briefings.db'}", **env}
        self.process: subprocess.Popen[bytes] | None = None
        self.log = data_dir / f"server-{self.port}.log"
        keys = self.env.get("BRIEFING_API_KEYS", "")
        self.auth = {"x-api-key": keys.split(",")[0]} if keys else {}

    def start(self, ready: bool = True) -> "Server":
        """Start and wait until /healthz answers, and with `ready` until /readyz says ready (the
        rules workers have loaded spaCy), so a test's first request does not time out."""
        cmd = [sys.executable, "-c", "from service.cli import main; main()", "serve",
               "--host", "127.0.0.1", "--port", str(self.port), "--workers", str(self.workers)]
        self.process = subprocess.Popen(cmd, env=self.env, stdout=self.log.open("ab"), stderr=subprocess.STDOUT,
                                        start_new_session=True)  # its own process group, as under systemd
        deadline = time.monotonic() + 120  # spaCy loads in every rules worker: slow on a busy machine
        while time.monotonic() < deadline:
            try:
                path = "/readyz" if ready else "/healthz"
                if httpx.get(f"{self.url}{path}", timeout=1, headers=self.auth).status_code == 200:
                    return self
                time.sleep(0.1)
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
            if self.process.poll() is not None:
                break
        raise RuntimeError(f"server did not start: {self.log.read_text()[-2000:]}")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=20)
            self.process = None
