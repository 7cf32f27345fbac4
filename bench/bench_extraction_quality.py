"""How well trafilatura finds the article in the Global Voices pages (../shared/news/html and feeds).

Reference: each item's full text in the feed (`content:encoded`, the post as published, without
the page's navigation, sidebars and comments), reduced to words. For each page: recall (share of
the reference's words the extracted text has, as a multiset) and precision (share of the
extracted words that are the reference's). Run: python bench/bench_extraction_quality.py
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import feedparser
import lxml.html

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.ingest.page import page_article  # noqa: E402
from tests.web_server import DATA, FEED  # noqa: E402  (../shared/news)

_WORD = re.compile(r"\w+")


def words(text: str) -> Counter[str]:
    return Counter(w.lower() for w in _WORD.findall(text))


def main() -> None:
    feed = feedparser.parse(FEED.read_bytes())
    print(f"{'page':<28} {'ref words':>9} {'got words':>9} {'recall':>7} {'precision':>9}  title")
    recalls, precisions = [], []
    for n, entry in enumerate(feed.entries, start=1):
        reference = words(lxml.html.fromstring(entry.content[0].value).text_content())
        article = page_article((DATA / f"globalvoices_article_{n:02d}.html").read_bytes())
        got = words(article.text)
        common = sum((reference & got).values())
        recall, precision = common / sum(reference.values()), common / sum(got.values())
        recalls.append(recall)
        precisions.append(precision)
        print(f"globalvoices_article_{n:02d}.html {sum(reference.values()):>9} {sum(got.values()):>9} "
              f"{recall:>7.3f} {precision:>9.3f}  {article.title}")
    good = sum(r >= 0.9 and p >= 0.9 for r, p in zip(recalls, precisions))
    print(f"\nmean recall {sum(recalls) / len(recalls):.3f}, mean precision "
          f"{sum(precisions) / len(precisions):.3f}; pages with both >= 0.9: {good}/{len(recalls)}")


if __name__ == "__main__":
    main()
