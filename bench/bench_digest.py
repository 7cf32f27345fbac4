"""Digest cost as the day grows: N = 10, 100, 1000 synthetic articles, rule extractor.

Synthetic articles are the twelve 2025-03-14 seed articles with their figures changed and a
numbered update appended, so every text (and id) is distinct while the stories stay real. Each N
runs in a fresh SQLite file; the figures are printed, never asserted.

    .venv/bin/python bench/bench_digest.py [--sizes 10 100 1000]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.digests.build import build_digest  # noqa: E402
from service.digests.model import DigestStats  # noqa: E402
from service.digests.run import run_digest  # noqa: E402
from service.rules.extractor import RuleExtractor  # noqa: E402
from service.schema import ArticleInput  # noqa: E402
from service.store import Store  # noqa: E402

DAY = date(2025, 3, 14)


def synthetic(count: int, folder: Path) -> Path:
    """`count` distinct articles of the seed day as one JSONL file."""
    seeds = [json.loads(p.read_text()) for p in sorted((ROOT / "seeds" / "articles").glob("2025-03-14-*.json"))]
    rng = random.Random(count)
    lines = []
    for n in range(count):
        article = dict(seeds[n % len(seeds)])
        text = re.sub(r"\b\d{2}\b", lambda m: str(int(m.group()) + rng.randint(0, 9)), article["text"])
        article["text"] = text + f"\nUpdate {n}: officials said more details would follow.\n"
        lines.append(json.dumps(article))
    path = folder / f"day-{count}.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return path


def measure(count: int) -> tuple[float, float, float, int]:
    """(seconds briefing+storing, seconds building from the store, whole run, stories)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        inputs = synthetic(count, folder)
        store = Store(f"sqlite:///{folder / 'db.sqlite'}")
        started = time.perf_counter()
        digest = run_digest(DAY, store, RuleExtractor(), inputs)
        whole = time.perf_counter() - started
        briefings = store.on_day(DAY)
        started = time.perf_counter()
        build_digest(DAY, briefings, [], DigestStats(articles=0, briefed=0, reused=0, failed=0,
                                                     other_dates=0, seconds=0))
        build = time.perf_counter() - started
        return whole - build, build, whole, len(digest.stories)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    args = parser.parse_args()
    RuleExtractor().extract(ArticleInput(text="Kyiv, March 14 - Ukraine said on Friday that talks "
                                              "would resume."))  # load the gazetteer before timing
    print(f"{'articles':>8} {'brief+store s':>14} {'build s':>8} {'total s':>8} {'ms/article':>11} {'stories':>8}")
    for count in args.sizes:
        brief, build, whole, stories = measure(count)
        print(f"{count:>8} {brief:>14.2f} {build:>8.2f} {whole:>8.2f} {1000 * whole / count:>11.1f} {stories:>8}")


if __name__ == "__main__":
    main()
