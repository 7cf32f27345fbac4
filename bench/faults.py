"""Fault drill against a real service on 127.0.0.1 (bounded in count and time): the bad day of
issue 13, rerunnable. Prints one line per scenario; the README quotes them.

    .venv/bin/python bench/faults.py [--posts 120] [--slow 300]

1. kill -9 of rules workers under load: every acknowledged briefing must read back (lost = 0).
2. a stuck article past BRIEFING_RULES_TIMEOUT_S while normal requests keep coming.
3. slow clients: --slow connections announcing 1,000 bytes and sending 10.
4. SIGTERM to the process group mid-load: requests in flight finish, no process left behind.
5. bad inputs: every case in BAD, none may answer 500.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx
import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.server import Server  # noqa: E402

SLOW_TEXT = "Vladimir Putin met Emmanuel Macron in Paris. " * 400  # ~1-2 s of rules
STUCK_TEXT = "Vladimir Putin met Emmanuel Macron in Paris. " * 1300  # 58 KB of names: far past 1 s
DEEP = "[" * 5000 + "]" * 5000
BAD: list[tuple[str, bytes, str]] = [
    ("empty", b'{"text": ""}', "application/json"),
    ("invisible", '{"text": "\\u200b\\u202e\\ufeff"}'.encode(), "application/json"),
    ("nested", b'{"text": "x", "n": ' + DEEP.encode() + b"}", "application/json"),
    ("long number", b'{"text": "x", "n": ' + b"9" * 5000 + b"}", "application/json"),
    ("surrogate title", b'{"text": "Kyiv said so.", "title": "\\ud800"}', "application/json"),
    ("surrogate source", b'{"text": "Kyiv said so.", "source": "\\udfff"}', "application/json"),
    ("surrogate text", b'{"text": "Kyiv \\ud83d said so."}', "application/json"),
    ("NUL", b'{"text": "Kyiv\\u0000 said so."}', "application/json"),
    ("year 1", b'{"text": "Talks on Friday.", "published_at": "0001-01-01"}', "application/json"),
    ("year 9999", b'{"text": "Talks tomorrow.", "published_at": "9999-12-31"}', "application/json"),
    ("not UTF-8", b"Caf\xe9", "text/plain"),
    ("wrong type", b"<x/>", "application/xml"),
    ("array", b"[1, 2]", "application/json"),
    ("text number", b'{"text": 42}', "application/json"),
    ("unknown field", b'{"text": "Kyiv said so.", "evil": 1}', "application/json"),
    ("bad date", b'{"text": "Kyiv said so.", "published_at": "2025-02-30"}', "application/json"),
    ("too big", b"x" * 300_000, "text/plain"),
]


def workers(server: Server) -> list[psutil.Process]:
    assert server.process is not None
    return [c for c in psutil.Process(server.process.pid).children(recursive=True)
            if "resource_tracker" not in " ".join(c.cmdline())]


async def post_many(url: str, bodies: list[dict], concurrency: int) -> list[httpx.Response | Exception]:
    limit = asyncio.Semaphore(concurrency)
    async with httpx.AsyncClient(base_url=url, timeout=120) as client:
        async def one(body: dict) -> httpx.Response | Exception:
            async with limit:
                try:
                    return await client.post("/v1/briefings", json=body)
                except httpx.HTTPError as exc:
                    return exc
        return await asyncio.gather(*(one(b) for b in bodies))


def statuses(results: list[httpx.Response | Exception]) -> Counter:
    return Counter(r.status_code if isinstance(r, httpx.Response) else type(r).__name__ for r in results)


def lost(url: str, results: list[httpx.Response | Exception]) -> int:
    """Acknowledged (201/200) briefings that do not read back."""
    ids = {r.json()["article"]["id"] for r in results if isinstance(r, httpx.Response) and r.status_code < 300}
    return sum(httpx.get(f"{url}/v1/briefings/{i}").status_code != 200 for i in ids)


def kill_workers(data: Path, posts: int) -> str:
    server = Server(data / "kill").start()
    try:
        bodies = [{"text": f"Kyiv, January 24 : Ukraine's foreign ministry said on Friday that talks "
                           f"number {n} with Russia would resume."} for n in range(posts)]

        async def drill() -> tuple[list, int]:
            job = asyncio.create_task(post_many(server.url, bodies, 8))
            kills = 0
            for _ in range(3):
                await asyncio.sleep(1.0)
                for worker in workers(server)[:1]:
                    worker.send_signal(signal.SIGKILL)
                    kills += 1
            return await job, kills

        results, kills = asyncio.run(drill())
        return (f"kill -9: {kills} workers killed during {posts} posts at concurrency 8: "
                f"{dict(statuses(results))}, lost {lost(server.url, results)}")
    finally:
        server.stop()


def stuck_article(data: Path) -> str:
    server = Server(data / "stuck", BRIEFING_RULES_TIMEOUT_S="1").start()
    try:
        async def drill() -> tuple[list, list[float]]:
            stuck = [asyncio.create_task(post_many(server.url, [{"text": f"{n} {STUCK_TEXT}"}], 1))
                     for n in range(2)]
            await asyncio.sleep(0.2)
            times = []
            for n in range(10):
                started = time.perf_counter()
                await post_many(server.url, [{"text": f"Kyiv said talks {n} would resume."}], 1)
                times.append(time.perf_counter() - started)
            return [r for task in stuck for r in await task], times

        results, times = asyncio.run(drill())
        return (f"stuck: 2 articles of 58 KB with a 1 s limit: {dict(statuses(results))}; 10 normal requests "
                f"meanwhile, slowest {max(times):.2f} s")
    finally:
        server.stop()


def slow_clients(data: Path, count: int) -> str:
    server = Server(data / "slow", BRIEFING_BODY_TIMEOUT_S="2", BRIEFING_MAX_CONNECTIONS="100").start()
    try:
        started = time.monotonic()
        held = []
        for _ in range(count):
            sock = socket.create_connection(("127.0.0.1", server.port), timeout=15)
            sock.sendall(b"POST /v1/briefings HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
                         b"Content-Length: 1000\r\n\r\n0123456789")
            held.append(sock)
        during = httpx.get(f"{server.url}/healthz").status_code
        answers: Counter = Counter()
        for sock in held:
            try:
                head = sock.recv(64)
                answers[head.split()[1].decode() if head.startswith(b"HTTP/") else "closed"] += 1
            except OSError as exc:
                answers[type(exc).__name__] += 1
            finally:
                sock.close()
        seconds = time.monotonic() - started
        after = httpx.post(f"{server.url}/v1/briefings", json={"text": "Kyiv said so."}).status_code
        return (f"slow clients: {count} bodies of 10/1,000 bytes: {dict(answers)} within {seconds:.1f} s; "
                f"/healthz while held {during}, a POST after {after}")
    finally:
        server.stop()


def sigterm(data: Path) -> str:
    server = Server(data / "term").start()
    assert server.process is not None
    children = psutil.Process(server.process.pid).children(recursive=True)

    async def drill() -> list:
        job = asyncio.create_task(post_many(server.url, [{"text": f"{n} {SLOW_TEXT[:4000]}"} for n in range(8)], 8))
        await asyncio.sleep(0.5)
        os.killpg(server.process.pid, signal.SIGTERM)
        return await job

    results = asyncio.run(drill())
    server.process.wait(timeout=60)
    _, alive = psutil.wait_procs(children, timeout=10)
    server.process = None
    return (f"SIGTERM to the group with 8 requests in flight: {dict(statuses(results))}; "
            f"{len(children)} child processes, {len(alive)} left running")


def bad_inputs(data: Path) -> str:
    server = Server(data / "bad", BRIEFING_MAX_BODY_BYTES="200000", BRIEFING_API_KEYS="k").start()
    try:
        answers = Counter()
        for _, body, media in BAD:
            answers[httpx.post(f"{server.url}/v1/briefings", content=body,
                               headers={"content-type": media, "x-api-key": "k"}).status_code] += 1
        for header in (b"bearer k", b"k\xc3\xa9", b"\xff"):
            answers[httpx.get(f"{server.url}/v1/briefings", headers=[(b"authorization", header)]).status_code] += 1
        return f"bad inputs: {len(BAD) + 3} tried: {dict(sorted(answers.items()))}"
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=120)
    parser.add_argument("--slow", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder)
        for name in ("kill", "stuck", "slow", "term", "bad"):
            (data / name).mkdir()
        print(kill_workers(data, min(args.posts, 1000)), flush=True)
        print(stuck_article(data), flush=True)
        print(slow_clients(data, min(args.slow, 1000)), flush=True)
        print(sigterm(data), flush=True)
        print(bad_inputs(data), flush=True)


if __name__ == "__main__":
    main()
