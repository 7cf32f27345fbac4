"""Faults a bad day brings, against a real server: dead or stuck rules workers, SIGTERM mid-load."""

from __future__ import annotations

import asyncio
import signal
import time
from pathlib import Path

import httpx
import psutil

from .server import Server

SLOW = "Vladimir Putin met Emmanuel Macron in Paris. " * 400  # about 2 s of rules on this machine


def workers(server: Server) -> list[psutil.Process]:
    """The server's rules worker processes (spawned children, not the resource tracker)."""
    assert server.process is not None
    children = psutil.Process(server.process.pid).children(recursive=True)
    return [c for c in children if "resource_tracker" not in " ".join(c.cmdline())]


def wait_ready(server: Server, seconds: float = 30) -> dict:
    deadline = time.monotonic() + seconds
    while True:
        ready = httpx.get(f"{server.url}/readyz", timeout=5)
        if ready.status_code == 200 or time.monotonic() > deadline:
            return ready.json()
        time.sleep(0.2)


async def post_all(url: str, bodies: list[dict], timeout: float = 60) -> list[httpx.Response]:
    async with httpx.AsyncClient(base_url=url, timeout=timeout) as client:
        return await asyncio.gather(*(client.post("/v1/briefings", json=b) for b in bodies))


def test_killed_workers_are_replaced_and_their_articles_retried(tmp_path: Path) -> None:
    server = Server(tmp_path).start()
    try:
        assert wait_ready(server)["rules"] == "ok"
        assert len(workers(server)) == 2

        async def kill_mid_request() -> list[httpx.Response]:
            posts = asyncio.create_task(post_all(server.url, [{"text": f"{n} {SLOW}"} for n in range(2)]))
            await asyncio.sleep(1.0)  # both workers busy with the slow articles
            for worker in workers(server):
                worker.send_signal(signal.SIGKILL)
            return await posts

        responses = asyncio.run(kill_mid_request())
        assert [r.status_code for r in responses] == [201, 201], [r.text for r in responses]
        assert wait_ready(server) == {"ready": True, "database": "ok", "rules": "ok", "model": "disabled"}
        later = httpx.post(f"{server.url}/v1/briefings", json={"text": "Kyiv said talks would resume."})
        assert later.status_code == 201
    finally:
        server.stop()


def test_rules_time_limit_answers_503_and_replaces_the_worker(tmp_path: Path) -> None:
    server = Server(tmp_path, BRIEFING_RULES_TIMEOUT_S="0.5", BRIEFING_RULES_PROCESSES="1").start()
    try:
        wait_ready(server)
        before = {w.pid for w in workers(server)}
        started = time.monotonic()
        slow = httpx.post(f"{server.url}/v1/briefings", json={"text": SLOW}, timeout=30)
        assert slow.status_code == 503 and "0.5 s" in slow.json()["detail"], slow.text
        assert slow.headers["retry-after"] == "5" and time.monotonic() - started < 2
        assert httpx.get(f"{server.url}/v1/briefings").json()["total"] == 0  # nothing half-stored
        normal = httpx.post(f"{server.url}/v1/briefings", json={"text": "Kyiv said talks would resume."},
                            timeout=30)
        assert normal.status_code == 201
        assert wait_ready(server)["rules"] == "ok"
        assert before.isdisjoint(w.pid for w in workers(server))  # the stuck worker is gone
    finally:
        server.stop()


def test_read_only_database_is_not_ready_refuses_posts_and_logs_no_text(tmp_path: Path) -> None:
    server = Server(tmp_path).start()
    try:
        stored = httpx.post(f"{server.url}/v1/briefings", json={"text": "Kyiv said talks would resume."})
        assert stored.status_code == 201
    finally:
        server.stop()
    database = tmp_path / "briefings.db"
    read_only = Server(tmp_path, BRIEFING_DATABASE_URL=f"sqlite:///file:{database}?mode=ro&uri=true")
    read_only.start(ready=False)
    try:
        ready = httpx.get(f"{read_only.url}/readyz")
        assert ready.status_code == 503 and ready.json()["database"] == "read-only"
        fetched = httpx.get(f"{read_only.url}/v1/briefings/{stored.json()['article']['id']}")
        assert fetched.status_code == 200  # reading still works
        secret = "Zanzibar-7731 ministry said on Friday that talks would resume."
        refused = httpx.post(f"{read_only.url}/v1/briefings", json={"text": secret}, timeout=30)
        assert refused.status_code == 503 and refused.headers["retry-after"] == "5"
        assert "cannot store" in refused.json()["detail"] and "readonly" in refused.json()["detail"]
    finally:
        read_only.stop()
    assert "Zanzibar-7731" not in read_only.log.read_text()
