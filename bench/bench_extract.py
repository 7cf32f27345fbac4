"""Benchmark the embedded model's extraction, narrow and full mode in one run: load, output
tokens, constrained vs unconstrained speed (same prompt, same token count; unconstrained is
transformers' own `generate`), seconds per article, peak RSS. With `--before REF` the same
measurements run on git revision REF too (a temporary worktree, its own process) and the two
sides take turns article by article, so a machine busy with other work slows both alike; the
table then gives after/before ratios. `--engine` adds llama.cpp's server with the same GGUF as
a third side (no unconstrained figure: it cannot be told to write a fixed number of tokens).

    .venv/bin/python bench/bench_extract.py [--runs 3] [--limit N] [--before 6913b64] [--modes narrow,full] [--engine]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.engine_server import EngineServer  # noqa: E402

MODES = ("narrow", "full")

#: One side's measuring process: JSON lines in ({"mode", "article"}), JSON lines out. It uses
#: only interfaces both sides of a comparison have, so it runs unchanged on older revisions.
WORKER = r"""
import json, resource, sys, tempfile, time
from pathlib import Path
started = time.perf_counter()
import outlines, torch, transformers
imports_s = time.perf_counter() - started
from outlines.inputs import Chat
from service.article import read_article_file
from service.backends.transformers_local import TransformersBackend
from service.extractors.llm import LLMExtractor
from service.generation import full_schema, generation_schema
from service.prompts import build_full_messages, build_messages
from service.rules.extractor import RuleExtractor
from service.settings import Settings

def timed(fn, *args):
    start = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - start, result

cold_s = None
settings = Settings(timeout_s=600)
if sys.argv[1].startswith("http"):  # an engine: llama.cpp's server with the same GGUF
    from service.backends.openai_compat import OpenAIBackend
    settings = settings.model_copy(update={"backend": "openai", "base_url": sys.argv[1], "context_tokens": 4096})
    backend = OpenAIBackend(settings)
    backend.stats.update(device="engine", dtype="gguf")
    torch.set_num_threads(1)  # this process only waits for the engine
else:
    if sys.argv[1] == "cold":
        with tempfile.TemporaryDirectory() as cache:
            cold_s, _ = timed(TransformersBackend(settings.model_copy(update={"cache_dir": Path(cache)})).load)
    backend = TransformersBackend(settings)
warm_s, _ = timed(backend.load)
rules = RuleExtractor()
extractors, schemas = {}, {}
for mode in ("narrow", "full"):
    extractors[mode] = LLMExtractor(backend, settings.model_copy(update={"llm_mode": mode}), rules)
    schemas[mode] = ((full_schema(headline=True), settings.max_new_tokens_full) if mode == "full"
                     else (generation_schema(settings.fields, []), settings.max_new_tokens))
compile_s = ({mode: [timed(backend.generator, schemas[mode][0])[0] for _ in range(2)] for mode in schemas}
             if isinstance(backend, TransformersBackend) else {})
print(json.dumps({"imports_s": imports_s, "cold_s": cold_s, "warm_s": warm_s, "compile_s": compile_s,
                  "device": backend.stats["device"], "dtype": backend.stats["dtype"],
                  "threads": torch.get_num_threads()}), flush=True)
for line in sys.stdin:
    ask = json.loads(line)
    mode, article = ask["mode"], read_article_file(Path(ask["article"]))
    extractor, (schema, budget) = extractors[mode], schemas[mode]
    text = rules.extract(article).article.text
    messages = (build_full_messages(extractor.prompts, text, True) if mode == "full"
                else build_messages(extractor.prompts, text, [], settings.fields, settings.worked_example))
    extract_s, _ = timed(extractor.extract, article)  # first: an engine may cache a repeated prompt
    generation = backend.generate_json(messages, schema, budget, 600)
    tokens = generation.output_tokens
    free_s = float("nan")
    if isinstance(backend, TransformersBackend):  # free generation of as many tokens, same prompt
        free = lambda: backend._model.generate(Chat(messages), None, max_new_tokens=tokens,
                                               min_new_tokens=tokens, do_sample=False)
        # on the thread the constrained side runs on (older revisions: this one)
        on_model_thread = getattr(backend, "on_model_thread", lambda call: call())
        free_s, _ = timed(lambda: on_model_thread(free))
    print(json.dumps({"prompt": generation.prompt_tokens, "out": tokens,
                      "constrained": tokens / generation.seconds, "free": tokens / free_s,
                      "s": extract_s}), flush=True)
loops = 10
rules_s, _ = timed(lambda: [rules.extract(read_article_file(Path(p))) for _ in range(loops) for p in sys.argv[2:]])
print(json.dumps({"rules_per_s": loops * (len(sys.argv) - 2) / rules_s,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}), flush=True)
"""


class Side:
    """One revision's measuring process, asked one article at a time."""

    def __init__(self, name: str, tree: Path, how: str, articles: list[Path]) -> None:
        """`how`: `cold` (also time a first load), `warm`, or an engine's base URL."""
        self.name = name
        env = {**os.environ, "PYTHONPATH": str(tree)}
        self.process = subprocess.Popen(
            [sys.executable, "-c", WORKER, how, *map(str, articles)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env, cwd=tree)
        self.info = self._answer()
        self.rows: dict[str, list[dict]] = {mode: [] for mode in MODES}

    def _answer(self) -> dict:
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"{self.name}: the measuring process stopped (see its stderr)")
        return json.loads(line)

    def ask(self, mode: str, article: Path) -> dict:
        self.process.stdin.write(json.dumps({"mode": mode, "article": str(article)}) + "\n")
        self.process.stdin.flush()
        return self._answer()

    def finish(self) -> dict:
        self.process.stdin.close()
        done = self._answer()
        self.process.wait(timeout=60)
        return done


def summary(rows: list[dict]) -> dict[str, float]:
    """Per-mode medians over articles (each article first reduced to its median over runs)."""
    return {key: statistics.median(row[key] for row in rows) for key in ("out", "s", "ratio")}


def per_article(runs: list[dict]) -> dict:
    constrained = statistics.median(r["constrained"] for r in runs)
    free = statistics.median(r["free"] for r in runs)
    return {"prompt": runs[0]["prompt"], "out": statistics.median(r["out"] for r in runs),
            "constrained": constrained, "free": free, "ratio": constrained / free,
            "s": statistics.median(r["s"] for r in runs)}


def run_sides(sides: list[Side], modes: tuple[str, ...], articles: list[Path], runs: int) -> None:
    """Each article, each run: every side in turn (the order alternating between runs)."""
    for mode in modes:
        shortest = min(articles, key=lambda path: path.stat().st_size)
        for side in sides:
            side.ask(mode, shortest)  # warm-up: first-call kernel set-up is not per-article cost
        print(f"\n{mode} mode\narticle                         side    prompt  out  constrained  "
              "unconstrained  ratio  s/article")
        results: dict[tuple[str, Path], list[dict]] = {}
        for run in range(runs):  # runs outside: no side is asked one article twice in a row
            for path in articles:
                for side in sides if run % 2 == 0 else sides[::-1]:
                    results.setdefault((side.name, path), []).append(side.ask(mode, path))
        for path in articles:
            for side in sides:
                row = per_article(results[side.name, path])
                side.rows[mode].append(row)
                print(f"{path.name[:30]:30}  {side.name:<6} {row['prompt']:6} {row['out']:4.0f} "
                      f"{row['constrained']:8.1f} t/s {row['free']:10.1f} t/s {row['ratio']:6.2f} "
                      f"{row['s']:9.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--articles", type=Path, default=ROOT / "seeds" / "articles")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--before", default=None, help="git revision to compare against")
    parser.add_argument("--modes", default=",".join(MODES), help="narrow,full or either")
    parser.add_argument("--engine", action="store_true",
                        help="also through llama.cpp's server (llama-cpp-python) with the same GGUF")
    args = parser.parse_args()
    modes = tuple(args.modes.split(","))
    articles = (sorted(args.articles.glob("*.txt")) + sorted(args.articles.glob("*.json")))[:args.limit]
    with tempfile.TemporaryDirectory() as tmp:
        sides = []
        if args.before:
            tree = Path(tmp) / "before"
            subprocess.run(["git", "worktree", "add", "--detach", "-q", str(tree), args.before],
                           cwd=ROOT, check=True)
            sides.append(Side("before", tree, "warm", articles))
        engine = EngineServer(Path(tmp)).start() if args.engine else None
        try:
            sides.append(Side("after", ROOT, "warm" if args.before else "cold", articles))
            if engine is not None:
                sides.append(Side("engine", ROOT, engine.url, articles))
            for side in sides:
                i = side.info
                print(f"{side.name}: device {i['device']} dtype {i['dtype']} threads {i['threads']}; "
                      f"imports {i['imports_s']:.2f} s; load warm {i['warm_s']:.2f} s"
                      + (f", cold {i['cold_s']:.2f} s" if i["cold_s"] else "")
                      + "; schema compile first/cached " + ", ".join(
                          f"{m} {a:.3f}/{b:.6f} s" for m, (a, b) in i["compile_s"].items()))
            run_sides(sides, modes, articles, args.runs)
            ends = {side.name: side.finish() for side in sides}
        finally:
            if engine is not None:
                engine.stop()
            if args.before:
                subprocess.run(["git", "worktree", "remove", "--force", str(Path(tmp) / "before")],
                               cwd=ROOT, check=False)
    report(sides, modes, ends, args.before)


def report(sides: list[Side], modes: tuple[str, ...], ends: dict[str, dict], before: str | None) -> None:
    print(f"\n{'mode':<7} {'side':<7} out tokens  s/article  constrained/unconstrained   (medians, warm)")
    for mode in modes:
        figures = {side.name: summary(side.rows[mode]) for side in sides}
        for name, f in figures.items():
            print(f"{mode:<7} {name:<7} {f['out']:10.0f} {f['s']:10.2f} {f['ratio']:10.2f}")
        if before:
            b, a = figures["before"], figures["after"]
            print(f"{mode:<7} {'a/b':<7} {a['out'] / b['out']:10.2f} {a['s'] / b['s']:10.2f} "
                  f"{a['ratio'] / b['ratio']:10.2f}")
    for name, end in ends.items():
        print(f"{name}: rules {end['rules_per_s']:.0f} articles/s, peak RSS {end['rss_mb']:.0f} MB")


if __name__ == "__main__":
    main()
