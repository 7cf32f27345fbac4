"""Load-test the running service with the rule extractor: requests/s and p50/p95/p99 latency at
concurrency 1, 8 and 32, each request a distinct article (so each is briefed and stored).

The load comes from wrk (Debian package `wrk`, a C client, with bench/post.lua) when it is
installed: on a 2-core machine a Python client would take a third of the CPU the service is
measured on. Without wrk, an httpx client does the same job and the figures say so.

    .venv/bin/python bench/bench_service.py [--seconds 10] [--requests 400] [--workers 1]

wrk runs for --seconds per concurrency level (it has no request count); the httpx client sends
--requests.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.server import Server  # noqa: E402

SEED_FILE = ROOT / "seeds" / "articles" / "000_6f182895f3914391.txt"
SEED = SEED_FILE.read_text(encoding="utf-8")


def load_with_wrk(url: str, seconds: int, concurrency: int, run: str) -> tuple[int, float, float, float, float]:
    """(requests, requests/s, p50, p95, p99 ms) measured by wrk over `seconds`."""
    env = {**os.environ, "SEED_FILE": str(SEED_FILE), "RUN_ID": run}
    result = subprocess.run(["wrk", "-t1", f"-c{concurrency}", f"-d{seconds}s", "--timeout", "30s",
                             "-s", str(ROOT / "bench" / "post.lua"), url],
                            env=env, capture_output=True, text=True, check=True)
    line = next(l for l in result.stdout.splitlines() if l.startswith("RESULT"))
    done, seconds, bad_status, errors, p50, p95, p99 = line.split()[1:]
    if int(bad_status) or int(errors):
        raise RuntimeError(f"{bad_status} bad statuses and {errors} socket errors: {result.stdout}")
    return int(done), int(done) / float(seconds), float(p50), float(p95), float(p99)


async def load(url: str, requests: int, concurrency: int, offset: int) -> tuple[float, list[float]]:
    latencies: list[float] = []
    queue: asyncio.Queue[int] = asyncio.Queue()
    for n in range(requests):
        queue.put_nowait(offset + n)

    async def worker(client: httpx.AsyncClient) -> None:
        while not queue.empty():
            n = queue.get_nowait()
            body = SEED + f"\n\nUpdate {n}."  # a distinct article each time
            started = time.perf_counter()
            response = await client.post("/v1/briefings", content=body.encode(),
                                         headers={"content-type": "text/plain"})
            latencies.append(time.perf_counter() - started)
            if response.status_code != 201:
                raise RuntimeError(f"unexpected {response.status_code}: {response.text[:200]}")

    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as client:
        started = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
        return time.perf_counter() - started, latencies


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="per level, with wrk")
    parser.add_argument("--requests", type=int, default=400, help="per level, with httpx")
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    client = "wrk" if shutil.which("wrk") else "httpx"
    with tempfile.TemporaryDirectory() as data:
        server = Server(Path(data), workers=args.workers).start()
        try:
            asyncio.run(load(server.url, 40, 4, 10**6))  # warm-up: rules processes started
            print(f"workers {args.workers}, rules processes {os.environ.get('BRIEFING_RULES_PROCESSES', 2)}, "
                  f"client {client}\nconcurrency  requests   req/s   p50 ms   p95 ms   p99 ms")
            for i, concurrency in enumerate((1, 8, 32)):
                if client == "wrk":
                    done, rate, p50, p95, p99 = load_with_wrk(server.url, args.seconds, concurrency,
                                                              f"{time.time()}-{i}")
                else:
                    seconds, latencies = asyncio.run(load(server.url, args.requests, concurrency, i * 10**5))
                    done, rate = args.requests, args.requests / seconds
                    p50 = statistics.median(latencies) * 1000
                    p95, p99 = percentile(latencies, 0.95) * 1000, percentile(latencies, 0.99) * 1000
                print(f"{concurrency:11} {done:9} {rate:7.0f} {p50:8.1f} {p95:8.1f} {p99:8.1f}")
        finally:
            server.stop()


if __name__ == "__main__":
    main()
