"""The same briefings through a real engine and through the embedded backend, in one run.

Starts llama-cpp-python's OpenAI-compatible server with the embedded GGUF on 127.0.0.1, then:
1. seconds per seed-article briefing (llm extractor, warm, median of --repeat, no prompt
   cache reuse) through the engine and through the embedded transformers backend;
2. the digest's batch extraction of the twelve 2025-03-14 seed articles through the engine with
   1, 2 and 4 requests in flight (fresh database each time): articles per second.

    .venv/bin/python bench/bench_engine.py [--repeat 3] [--threads 2]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.article import read_article_file  # noqa: E402
from service.digests.run import run_digest  # noqa: E402
from service.extractors.registry import get_extractor  # noqa: E402
from service.settings import Settings  # noqa: E402
from service.store import Store  # noqa: E402
from tests.engine_server import EngineServer  # noqa: E402

SEED = ROOT / "seeds" / "articles" / "000_6f182895f3914391.txt"
OTHER = ROOT / "seeds" / "articles" / "2025-03-06-israel-lebanon.json"


def seconds_per_briefing(settings: Settings, repeat: int) -> tuple[float, str]:
    """Median seconds for the seed; another article is briefed (untimed) before each run, so
    llama.cpp cannot reuse the previous identical prompt's cache: every run pays its prefill."""
    extractor = get_extractor("llm", settings)
    article, other = read_article_file(SEED), read_article_file(OTHER)
    extractor.extract(article)  # load and warm up: not timed
    times = []
    for _ in range(repeat):
        extractor.extract(other)
        started = time.perf_counter()
        briefing = extractor.extract(article)
        times.append(time.perf_counter() - started)
    return statistics.median(times), briefing.headline


def digest_throughput(settings: Settings, workers: int) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for path in (ROOT / "seeds" / "articles").glob("2025-03-14-*.json"):
            (folder / path.name).write_bytes(path.read_bytes())
        store = Store(f"sqlite:///{Path(tmp) / 'db.sqlite'}")
        started = time.perf_counter()
        digest = run_digest(date(2025, 3, 14), store, get_extractor("llm", settings), folder, workers=workers)
        seconds = time.perf_counter() - started
        llm = sum(1 for b in store.on_day(date(2025, 3, 14)) if b.provenance.extractor == "llm")
        return digest.stats.briefed / seconds, llm


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as logs:
        engine = EngineServer(Path(logs)).start()
        try:
            remote = Settings(backend="openai", base_url=engine.url, timeout_s=120)
            local = Settings(threads=args.threads, timeout_s=120)
            engine_s, engine_headline = seconds_per_briefing(remote, args.repeat)
            local_s, local_headline = seconds_per_briefing(local, args.repeat)
            print(f"seed article, llm extractor, warm, median of {args.repeat} (prompt not cached)")
            print(f"  llama.cpp server (openai:llamacpp)   {engine_s:6.2f} s   {engine_headline!r}")
            print(f"  embedded transformers (bf16, {args.threads} thr) {local_s:6.2f} s   {local_headline!r}")
            print(f"  engine / embedded                    {engine_s / local_s:6.2f}")
            print("digest batch extraction through the engine, 12 articles")
            for workers in (1, 2, 4):
                rate, llm = digest_throughput(remote.model_copy(update={"concurrency": workers}), workers)
                print(f"  concurrency {workers}: {rate:5.2f} articles/s ({llm}/12 written by the model)")
        finally:
            engine.stop()


if __name__ == "__main__":
    main()
