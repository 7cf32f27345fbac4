"""Benchmark the extractors on seeds/articles, narrow and full mode in one run: load, compile,
output tokens, constrained vs unconstrained speed (same run, same prompt, same token count),
seconds per article, peak RSS.

    .venv/bin/python bench/bench_extract.py [--runs 3] [--articles DIR] [--limit N]
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
from service.generation import full_schema, generation_schema  # noqa: E402
from service.prompts import build_full_messages, build_messages  # noqa: E402
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
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    args = parser.parse_args()
    paths = sorted(args.articles.glob("*.txt")) + sorted(args.articles.glob("*.json"))
    articles = [(p.name, read_article_file(p)) for p in paths][:args.limit]

    with tempfile.TemporaryDirectory() as cache:
        settings = Settings(cache_dir=Path(cache), timeout_s=600)
        cold = TransformersBackend(settings)
        cold_s, _ = timed(cold.load)
        warm = TransformersBackend(settings)
        warm_s, _ = timed(warm.load)
        del cold
    backend = warm
    rules = RuleExtractor()
    print(f"device {backend.stats['device']} dtype {backend.stats['dtype']} threads {torch.get_num_threads()}")
    print(f"imports (torch, transformers, outlines)  {IMPORT_S:6.2f} s")
    print(f"model load, cold (GGUF -> converted)      {cold_s:6.2f} s")
    print(f"model load, warm (converted copy)         {warm_s:6.2f} s")
    summary = [bench_mode(mode, backend, settings, rules, articles, args.runs) for mode in ("narrow", "full")]
    loops = max(1, 200 // len(articles))
    rules_total, _ = timed(lambda: [rules.extract(a) for _ in range(loops) for _, a in articles])
    print("\nmode    out tokens  s/article  constrained/unconstrained   (medians, warm)")
    for mode, tokens, seconds, ratio in summary:
        print(f"{mode:<7} {tokens:10.0f} {seconds:10.2f} {ratio:10.2f}")
    print(f"rules articles per second                 {loops * len(articles) / rules_total:6.0f}")
    print(f"peak RSS                                  "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:6.0f} MB")


def bench_mode(mode: str, backend: TransformersBackend, settings: Settings, rules: RuleExtractor,
               articles: list, runs: int) -> tuple[str, float, float, float]:
    """(mode, output tokens, s/article, constrained/unconstrained) medians over the articles."""
    mode_settings = settings.model_copy(update={"llm_mode": mode})
    extractor = LLMExtractor(backend, mode_settings, rules)
    if mode == "full":
        schema, tokens = full_schema(headline=True), settings.max_new_tokens_full
    else:
        schema, tokens = generation_schema(settings.fields, []), settings.max_new_tokens
    first_s, _ = timed(backend.generator, schema)
    cached_s, _ = timed(backend.generator, schema)
    print(f"\n{mode} mode: schema compile, first / cached {first_s:6.3f} s / {cached_s:.6f} s")
    extractor.extract(articles[0][1])  # warm-up: first-call kernel set-up is not per-article cost
    print("article                         prompt  out  constrained  unconstrained  ratio   llm s")
    outputs, seconds, ratios = [], [], []
    for name, article in articles:
        base = rules.extract(article)
        messages = (build_full_messages(extractor.prompts, base.article.text, True) if mode == "full"
                    else build_messages(extractor.prompts, base.article.text, [], settings.fields,
                                        settings.worked_example))
        constrained, free, per_article = [], [], []
        for _ in range(runs):
            generation = backend.generate_json(messages, schema, tokens, 600)
            constrained.append(generation.output_tokens / generation.seconds)
            free.append(generation.output_tokens / unconstrained(backend, messages, generation.output_tokens))
            per_article.append(timed(extractor.extract, article)[0])
        c, f = statistics.median(constrained), statistics.median(free)
        ratios.append(c / f)
        outputs.append(generation.output_tokens)
        seconds.append(statistics.median(per_article))
        print(f"{name[:30]:30} {generation.prompt_tokens:7} {generation.output_tokens:4} "
              f"{c:8.1f} t/s {f:10.1f} t/s {c / f:6.2f} {seconds[-1]:7.2f}")
    return mode, statistics.median(outputs), statistics.median(seconds), statistics.median(ratios)


if __name__ == "__main__":
    main()
