"""Ingestion cost: pages/s from HTML to stored briefing, and a feed run of 15 items.

1. The 15 Global Voices pages (../shared/news/html and feeds): trafilatura extraction, then the rule
   briefing, then the store (SQLite), each timed; repeated `--rounds` times with distinct texts.
2. The Global Voices feed served by a local HTTP server on 127.0.0.1 (tests/web_server.py): one
   `briefing ingest` run in this process (feed, 15 pages, briefings, store), then the second run
   (a 304, nothing fetched). Per-host delay 0 here (the default is 1 s a fetch).
Run: python bench/bench_ingest.py
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.ingest.fetch import Fetcher  # noqa: E402
from service.ingest.guard import AddressPolicy  # noqa: E402
from service.ingest.page import page_article  # noqa: E402
from service.ingest.run import Ingestor  # noqa: E402
from service.rules.extractor import RuleExtractor  # noqa: E402
from service.settings import Settings  # noqa: E402
from service.store import Store  # noqa: E402
from tests.web_server import DATA, WebServer  # noqa: E402


def pages(rounds: int, folder: Path) -> None:
    store, rules = Store(f"sqlite:///{folder / 'pages.db'}"), RuleExtractor()
    rules.extract(page_article((DATA / "globalvoices_article_01.html").read_bytes()))  # warm spaCy
    html = [p.read_bytes() for p in sorted(DATA.glob("globalvoices_article_*.html"))]
    took = {"extract": 0.0, "brief": 0.0, "store": 0.0}
    count = 0
    for n in range(rounds):
        for raw in html:
            t0 = time.perf_counter()
            article = page_article(raw)
            article = article.model_copy(update={"text": f"{article.text}\nRound {n}."})
            t1 = time.perf_counter()
            briefing = rules.extract(article)
            t2 = time.perf_counter()
            store.add(briefing)
            t3 = time.perf_counter()
            took["extract"] += t1 - t0
            took["brief"] += t2 - t1
            took["store"] += t3 - t2
            count += 1
    total = sum(took.values())
    print(f"{count} pages (15 Global Voices pages x {rounds}), HTML -> stored briefing, rules:")
    for step, seconds in took.items():
        print(f"  {step:<8} {1000 * seconds / count:7.1f} ms/page")
    print(f"  total    {1000 * total / count:7.1f} ms/page = {count / total:.2f} pages/s")


def feed_run(folder: Path) -> None:
    settings = Settings(fetch_timeout_s=5, fetch_delay_s=0)
    fetcher = Fetcher(settings, AddressPolicy(allowed=["127.0.0.1/32"]))
    ingestor = Ingestor(Store(f"sqlite:///{folder / 'feed.db'}"), RuleExtractor(), fetcher, 50)
    with WebServer() as web:
        for label in ("first run (15 new items)", "second run (304, nothing new)"):
            started = time.perf_counter()
            report = ingestor.run([web.url + "/feed.rss"])
            print(f"feed {label}: {time.perf_counter() - started:.2f} s  {dict(report.counts)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        pages(args.rounds, Path(folder))
        feed_run(Path(folder))


if __name__ == "__main__":
    main()
