"""Load-test the running service with the rule extractor: requests/s and p50/p95/p99 latency at
concurrency 1, 8 and 32, each request a distinct article (so each is briefed and stored).

    .venv/bin/python bench/bench_service.py [--requests 400]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.server import Server  # noqa: E402

SEED = (ROOT / "seeds" / "articles" / "000_6f182895f3914391.txt").read_text(encoding="utf-8")


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
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data:
        server = Server(Path(data), workers=args.workers).start()
        try:
            asyncio.run(load(server.url, 20, 4, 10**6))  # warm-up
            print(f"workers {args.workers}\nconcurrency  requests   req/s   p50 ms   p95 ms   p99 ms")
            for i, concurrency in enumerate((1, 8, 32)):
                seconds, latencies = asyncio.run(load(server.url, args.requests, concurrency, i * 10**5))
                print(f"{concurrency:11} {args.requests:9} {args.requests / seconds:7.0f} "
                      f"{statistics.median(latencies) * 1000:8.1f} {percentile(latencies, 0.95) * 1000:8.1f} "
                      f"{percentile(latencies, 0.99) * 1000:8.1f}")
        finally:
            server.stop()


if __name__ == "__main__":
    main()
