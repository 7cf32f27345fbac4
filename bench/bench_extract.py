"""Benchmark the extractors on seeds/articles: load, compile, constrained vs unconstrained speed
(measured in the same run, same prompt, same token count), seconds per article, peak RSS.

    .venv/bin/python bench/bench_extract.py [--runs 3] [--articles DIR]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

started_imports = time.perf_counter()
import outlines  # noqa: E402,F401  (timed: part of a cold process start)
import torch  # noqa: E402
import transformers  # noqa: E402,F401

IMPORT_S = time.perf_counter() - started_imports

from service.article import read_article_file  # noqa: E402
from service.backends.transformers_local import TransformersBackend  # noqa: E402
from service.extractors.llm import LLMExtractor  # noqa: E402
from service.generation import generation_schema  # noqa: E402
from service.prompts import build_messages  # noqa: E402
from service.rules.extractor import RuleExtractor  # noqa: E402
from service.settings import Settings  # noqa: E402


def timed(fn, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - start, result


def unconstrained(backend: TransformersBackend, messages, tokens: int) -> float:
    """Seconds for free generation of exactly `tokens` tokens from the same prompt."""
    from outlines.inputs import Chat

    start = time.perf_counter()
    backend._model.generate(Chat(messages), None, max_new_tokens=tokens, min_new_tokens=tokens,
                            do_sample=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--articles", type=Path, default=ROOT / "seeds" / "articles")
    args = parser.parse_args()
    paths = sorted(args.articles.glob("*.txt")) + sorted(args.articles.glob("*.json"))
    articles = [(p.name, read_article_file(p)) for p in paths]

    with tempfile.TemporaryDirectory() as cache:
        settings = Settings(cache_dir=Path(cache), timeout_s=120)
        cold = TransformersBackend(settings)
        cold_s, _ = timed(cold.load)
        warm = TransformersBackend(settings)
        warm_s, _ = timed(warm.load)
        del cold
    backend = warm
    rules = RuleExtractor()
    extractor = LLMExtractor(backend, settings, rules)
    print(f"device {backend.stats['device']} dtype {backend.stats['dtype']} threads {torch.get_num_threads()}")
    print(f"imports (torch, transformers, outlines)  {IMPORT_S:6.2f} s")
    print(f"model load, cold (GGUF -> converted)      {cold_s:6.2f} s")
    print(f"model load, warm (converted copy)         {warm_s:6.2f} s")

    schema = generation_schema(settings.fields, [])
    first_s, _ = timed(backend.generator, schema)
    cached_s, _ = timed(backend.generator, schema)
    print(f"schema compile, first / cached            {first_s:6.3f} s / {cached_s:.6f} s")
    extractor.extract(articles[0][1])  # warm-up: first-call kernel set-up is not per-article cost

    print("\narticle                         prompt  out  constrained  unconstrained  ratio   llm s  rules s")
    llm_seconds, ratios = [], []
    for name, article in articles:
        base = rules.extract(article)
        messages = build_messages(extractor.prompts, base.article.text, [], settings.fields,
                                  settings.worked_example)
        constrained, free, per_article = [], [], []
        for _ in range(args.runs):
            generation = backend.generate_json(messages, schema, settings.max_new_tokens, 120)
            constrained.append(generation.output_tokens / generation.seconds)
            free.append(generation.output_tokens / unconstrained(backend, messages, generation.output_tokens))
            per_article.append(timed(extractor.extract, article)[0])
        rules_s = statistics.median(timed(rules.extract, article)[0] for _ in range(5))
        c, f = statistics.median(constrained), statistics.median(free)
        ratios.append(c / f)
        llm_seconds.append(statistics.median(per_article))
        print(f"{name[:30]:30} {generation.prompt_tokens:7} {generation.output_tokens:4} "
              f"{c:8.1f} t/s {f:10.1f} t/s {c / f:6.2f} {llm_seconds[-1]:7.2f} {rules_s:8.4f}")

    loops = max(1, 200 // len(articles))
    rules_total, _ = timed(lambda: [rules.extract(a) for _ in range(loops) for _, a in articles])
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nconstrained/unconstrained ratio (median)  {statistics.median(ratios):6.2f}")
    print(f"llm seconds per article (median, warm)    {statistics.median(llm_seconds):6.2f} s")
    print(f"rules articles per second                 {loops * len(articles) / rules_total:6.0f}")
    print(f"peak RSS                                  {peak_mb:6.0f} MB")


if __name__ == "__main__":
    main()
