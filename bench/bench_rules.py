"""Benchmark the rule extractor before and after a change, in one run: articles/s and p50/p95 ms
per article on the seed articles, the Wikinews set, the same text cut at paragraph breaks into
~5,000-character articles (the size the issue's 8 articles/s is asked at), and the time for four
200 KB articles (one word repeated, 5,000 capitalised names, 6,500 ALL-CAPS headline lines, the
Wikinews stories one after another). The 'before' side is any git revision, checked out into a
temporary worktree and measured in its own process, one after the other; `--before-python` runs
it with another interpreter (a virtual environment with other library versions: how a change of
spaCy release was measured).

    .venv/bin/python bench/bench_rules.py [--before 6f5174a] [--before-python /tmp/old-venv/bin/python]
        [--wikinews ../shared/news/wikinews.jsonl]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WIKINEWS = ROOT.parent / "shared" / "news" / "wikinews.jsonl"


def corpora(wikinews: Path) -> dict[str, list[dict]]:
    """Name -> article objects ({text, published_at?}) to brief."""
    sys.path.insert(0, str(ROOT))
    from service.article import read_article_file

    seeds = ROOT / "seeds" / "articles"
    paths = sorted(seeds.glob("*.txt")) + sorted(seeds.glob("*.json"))
    seed_articles = [read_article_file(p).model_dump(mode="json", exclude_none=True) for p in paths]
    news = []
    if wikinews.is_file():
        for line in wikinews.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            news.append({"text": row["text"], **({"published_at": row["published_at"]}
                                                  if row.get("published_at") else {})})
    joined = [{"text": text} for text in five_thousands(news)]
    hostile = [{"text": ("Ukraine " * 25_000)[:200_000]},
               {"text": " ".join(f"{chr(65 + i % 26)}{'abcdefgh'[i % 8]}rov Ivanov{i % 97}" for i in range(5000))},
               {"text": ("KYIV REJECTS MOSCOW TALKS OFFER\n" * 6_500)[:200_000]}]  # shouted lines: recased
    if news:  # and a long real one: the stories one after another
        hostile.append({"text": "\n\n".join(article["text"] for article in news)[:200_000]})
    return {"seeds": seed_articles, "wikinews": news, "wikinews-5k": joined, "hostile-200KB": hostile}


def five_thousands(news: list[dict]) -> list[str]:
    """The stories' paragraphs, in order, cut into articles at the paragraph break that brings
    each closest to 5,000 characters (a story's end is a paragraph break too)."""
    paragraphs = [p for article in news for p in article["text"].split("\n\n") if p.strip()]
    pieces, current = [], ""
    for paragraph in paragraphs:
        longer = f"{current}\n\n{paragraph}" if current else paragraph
        if len(longer) >= 5_000 and current and 5_000 - len(current) < len(longer) - 5_000:
            pieces.append(current)
            longer = paragraph
        current = longer
        if len(current) >= 5_000:
            pieces.append(current)
            current = ""
    return pieces


MEASURE = r"""
import json, sys, time
from service.rules.extractor import RuleExtractor
from service.schema import ArticleInput
sets = json.load(sys.stdin)
rules = RuleExtractor()
rules.extract(ArticleInput(text="Warm-up: the minister said the talks in Geneva would resume."))
out = {}
for name, articles in sets.items():
    times = []
    chars = 0
    for article in articles:
        start = time.perf_counter()
        rules.extract(ArticleInput(**article))
        times.append(time.perf_counter() - start)
        chars += len(article["text"])
    times.sort()
    out[name] = {"n": len(times), "total_s": sum(times), "chars": chars,
                 "p50_ms": 1000 * times[len(times) // 2],
                 "p95_ms": 1000 * times[min(len(times) - 1, int(len(times) * 0.95))],
                 "max_s": times[-1]}
print(json.dumps(out))
"""


def measure(tree: Path, sets: dict[str, list[dict]], python: str = sys.executable) -> dict[str, dict]:
    """Run the measurement in a fresh process of `python` importing the package from `tree`."""
    env = {**os.environ, "PYTHONPATH": str(tree), "OMP_NUM_THREADS": "1"}
    done = subprocess.run([python, "-c", MEASURE], input=json.dumps(sets), text=True,
                          capture_output=True, env=env, cwd=tree, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default="6f5174a", help="git revision to compare against")
    parser.add_argument("--before-python", default=sys.executable,
                        help="interpreter for the 'before' side (default: this one)")
    parser.add_argument("--wikinews", type=Path, default=WIKINEWS)
    args = parser.parse_args()
    sets = corpora(args.wikinews)
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        before = Path(tmp) / "before"
        subprocess.run(["git", "worktree", "add", "--detach", "-q", str(before), args.before],
                       cwd=ROOT, check=True)
        try:
            results["before"] = measure(before, sets, args.before_python)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(before)], cwd=ROOT, check=False)
    results["after"] = measure(ROOT, sets)
    print(f"rule extractor, one process, before = {args.before} ({args.before_python}), "
          f"after = working tree ({sys.executable})")
    print(f"{'set':<14}{'n':>5}  {'side':<7}{'art/s':>8}{'kchar/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'max s':>8}")
    for name in sets:
        for side in ("before", "after"):
            r = results[side][name]
            rate = r["n"] / r["total_s"] if r["total_s"] else 0.0
            print(f"{name:<14}{r['n']:>5}  {side:<7}{rate:>8.1f}{r['chars'] / r['total_s'] / 1000:>9.1f}"
                  f"{r['p50_ms']:>9.1f}{r['p95_ms']:>9.1f}{r['max_s']:>8.2f}")
        b, a = results["before"][name], results["after"][name]
        print(f"{'':<21}after/before time per article: {a['total_s'] / b['total_s']:.2f}")


if __name__ == "__main__":
    main()
