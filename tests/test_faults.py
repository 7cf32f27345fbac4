"""Faults a bad day brings, against a real server: dead or stuck rules workers, SIGTERM mid-load."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import time
from pathlib import Path

import httpx
import psutil
import pytest

from .server import Server, rules_workers

SLOW = "Vladimir Putin met Emmanuel Macron in Paris. " * 2000  # 90 KB: 2-6 s of rules on this machine


def workers(server: Server) -> list[psutil.Process]:
    assert server.process is not None
    return rules_workers(server.process.pid)


def wait_ready(server: Server, seconds: float = 120) -> dict:
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
    server = Server(tmp_path, BRIEFING_RULES_TIMEOUT_S="120").start()  # a busy CI machine is slow
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


def test_a_worker_killed_while_idle_is_replaced_without_traffic(tmp_path: Path) -> None:
    """pebble either replaces a worker that dies with no job running or gives the whole pool up
    (which one depends on timing); either way the service must have two live workers and be
    ready again on its own, not stay 'broken' until the next request."""
    server = Server(tmp_path).start()
    try:
        assert wait_ready(server)["rules"] == "ok"
        killed = workers(server)[0]
        killed.send_signal(signal.SIGKILL)
        deadline = time.monotonic() + 60
        while killed.pid in {w.pid for w in workers(server)} or len(workers(server)) != 2:
            assert time.monotonic() < deadline, "the killed worker was never replaced"
            time.sleep(0.2)  # only GET /readyz and the process table meanwhile: no job
        assert wait_ready(server, 60)["rules"] == "ok"
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
        assert wait_ready(server)["rules"] == "ok"  # the replacement is probed: no traffic needed
        normal = httpx.post(f"{server.url}/v1/briefings", json={"text": "Kyiv said talks would resume."},
                            timeout=30)
        assert normal.status_code == 201
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


def _slow_post(server: Server) -> socket.socket:
    """A client that announces 1,000 bytes of body and sends 10."""
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    sock.sendall(b"POST /v1/briefings HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
                 b"Content-Length: 1000\r\n\r\n0123456789")
    return sock


def _status(sock: socket.socket) -> int | None:
    """The response's status code, or None when the server closed without one."""
    try:
        head = sock.recv(200)
    finally:
        sock.close()
    return int(head.split()[1]) if head.startswith(b"HTTP/1.1") else None


def test_slow_bodies_get_408_and_connections_are_bounded(tmp_path: Path) -> None:
    server = Server(tmp_path, BRIEFING_BODY_TIMEOUT_S="1", BRIEFING_MAX_CONNECTIONS="10").start()
    try:
        started = time.monotonic()
        assert _status(_slow_post(server)) == 408 and time.monotonic() - started < 5
        held = [_slow_post(server) for _ in range(15)]
        time.sleep(0.3)
        assert httpx.get(f"{server.url}/healthz").status_code == 503  # over the bound: at once, no hang
        statuses = [_status(sock) for sock in held]
        assert set(statuses) <= {408, 503} and statuses.count(408) >= 9, statuses
        assert time.monotonic() - started < 10
        assert httpx.get(f"{server.url}/healthz").status_code == 200  # all freed
        assert httpx.post(f"{server.url}/v1/briefings", json={"text": "Kyiv said so."}).status_code == 201
    finally:
        server.stop()


@pytest.mark.parametrize("target", ["process", "group"])
def test_sigterm_finishes_requests_in_flight_and_leaves_no_orphans(tmp_path: Path, target: str) -> None:
    server = Server(tmp_path).start()
    assert server.process is not None
    children = psutil.Process(server.process.pid).children(recursive=True)
    assert len(children) >= 2

    async def post_then_stop() -> list[httpx.Response]:
        posts = asyncio.create_task(post_all(server.url, [{"text": f"{n} {SLOW}"} for n in range(3)]))
        await asyncio.sleep(0.5)  # the requests are in flight
        if target == "group":
            os.killpg(server.process.pid, signal.SIGTERM)  # what systemd and docker stop do
        else:
            server.process.send_signal(signal.SIGTERM)
        return await posts

    responses = asyncio.run(post_then_stop())
    assert [r.status_code for r in responses] == [201] * 3, [r.text for r in responses]
    assert server.process.wait(timeout=30) in (0, -signal.SIGTERM)  # uvicorn re-raises the signal it caught
    assert "Finished server process" in server.log.read_text()
    gone, alive = psutil.wait_procs(children, timeout=10)
    assert alive == [], [(p.pid, p.cmdline()) for p in alive]
    server.process = None
