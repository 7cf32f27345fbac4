"""What the linguistic backbone alone costs on this machine: characters/s of the spaCy pipeline
the rules load (`service.nlp.pipeline`, without its two small components of ours), one document
at a time at several document sizes, and many paragraphs batched through `nlp.pipe`; the share
of each component. Text: the Wikinews set, joined and cut to size. It says how far the parse
alone is from a throughput target before any rule runs. Last, what reading each story in pieces
(`service.nlp.analyse`) changes against the whole story through the pipeline: the entities
(start, end, label) found by one and not the other.

    .venv/bin/python bench/bench_parse.py [--wikinews ../shared/news/wikinews.jsonl] [--chars 256000]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WIKINEWS = ROOT.parent / "shared" / "news" / "wikinews.jsonl"
SIZES = (500, 2_000, 8_000, 32_000, 128_000)


def corpus(path: Path, chars: int) -> str:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return "\n\n".join(row["text"] for row in rows)[:chars]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wikinews", type=Path, default=WIKINEWS)
    parser.add_argument("--chars", type=int, default=256_000)
    args = parser.parse_args()
    if not args.wikinews.is_file():
        print(f"no Wikinews set at {args.wikinews}", file=sys.stderr)
        return 2
    sys.path.insert(0, str(ROOT))
    from service.nlp import analyse, pipeline

    nlp = pipeline()
    ours = [name for name in nlp.pipe_names if name in ("line_breaks", "entity_lists")]
    text = corpus(args.wikinews, args.chars)
    with nlp.select_pipes(disable=ours):
        nlp(text[:5_000])  # warm-up
        print(f"pipeline {nlp.pipe_names}, {len(text):,} characters of Wikinews text")
        print(f"{'document':>12}  {'docs':>5}  {'chars/s':>8}")
        for size in SIZES:
            pieces = [text[i:i + size] for i in range(0, len(text), size)]
            started = time.perf_counter()
            for piece in pieces:
                nlp(piece)
            print(f"{size:>12,}  {len(pieces):>5}  {len(text) / (time.perf_counter() - started):>8,.0f}")
        paragraphs = [p for p in text.split("\n\n") if p.strip()]
        started = time.perf_counter()
        list(nlp.pipe(paragraphs))
        print(f"{'paragraphs, nlp.pipe':>20}  {len(paragraphs):>5}  "
              f"{sum(map(len, paragraphs)) / (time.perf_counter() - started):>8,.0f}")
        doc = nlp.make_doc(text[:32_000])
        spent = {}
        for name, component in nlp.pipeline:
            started = time.perf_counter()
            doc = component(doc)
            spent[name] = time.perf_counter() - started
        total = sum(spent.values())
        print("share per component (one 32,000-character document): "
              + ", ".join(f"{name} {seconds / total:.0%}" for name, seconds in spent.items()))
    stories = [json.loads(line)["text"] for line in args.wikinews.read_text(encoding="utf-8").splitlines()]
    differ = total = 0
    for story in stories:
        ours, whole = ({(e.start_char, e.end_char, e.label_) for e in doc.ents}
                       for doc in (analyse(story), nlp(story)))
        differ, total = differ + len(ours ^ whole), total + len(whole)
    print(f"read in pieces against whole: {differ} of {total:,} entities of {len(stories)} stories differ")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
