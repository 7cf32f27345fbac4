"""Run an extractor over gold cases and report quality, trust and speed; compare with a baseline."""

from __future__ import annotations

import json
import statistics
import time
from datetime import UTC, datetime
from pathlib import Path

import jsonschema
from pydantic import BaseModel, Field

from ..errors import BriefingError
from ..extractors.base import Extractor
from ..schema import Briefing
from ..verify import item_problems
from .gold import GoldCase, GoldError
from .scoring import FIELDS, CaseScore, Counts, failed_case, score_case


class FieldScore(BaseModel):
    tp: int
    fp: int
    fn: int
    precision: float
    recall: float
    f1: float
    macro_f1: float = Field(description="mean per-article F1 over articles with gold or output")
    model_failures: int = Field(0, description="articles where the model failed (timed out, "
                                "invalid) on this field: scored on the rules' answer, not as "
                                "wrong answers")


class ArticleResult(BaseModel):
    name: str
    seconds: float
    error: str | None = None
    model_error: str | None = Field(None, description="the model failed; the rules answered")
    counts: dict[str, list[int]] = Field(description="field -> [tp, fp, fn]")
    missed: dict[str, list[str]] = Field(default_factory=dict)
    spurious: dict[str, list[str]] = Field(default_factory=dict)


class Report(BaseModel):
    """What `briefing eval` prints and writes; a later run's baseline."""

    extractor: str
    gold: str
    created_at: datetime
    articles: int
    failed: list[str]
    valid_share: float = Field(description="outputs valid against schemas/briefing.schema.json")
    grounding_rate: float = Field(description="emitted items whose spans check out")
    items_emitted: int
    seconds_p50: float
    seconds_p95: float
    seconds_total: float
    fields: dict[str, FieldScore]
    positions_target_accuracy: float | None = Field(description="matched positions with the right target")
    who_role_accuracy: float | None = Field(None, description="matched actors with a gold role whose role is right")
    per_article: list[ArticleResult]


def evaluate(cases: list[GoldCase], extractor: Extractor, gold_label: str) -> Report:
    """Brief every case with `extractor` and score it; a failing article is reported, not fatal."""
    from ..schema_files import render

    validator = jsonschema.Draft202012Validator(json.loads(render("briefing")))
    from ..extractors.llm import ModelFailure

    results: list[ArticleResult] = []
    scores: list[CaseScore] = []
    failures: dict[str, int] = {}
    valid = grounded = emitted = 0
    for case in cases:
        started = time.perf_counter()
        error = model_error = None
        try:
            briefing = extractor.extract(case.article)
        except ModelFailure as exc:  # the rules' answer is still the briefing: score it
            briefing, model_error = exc.briefing, str(exc)
            for name in exc.fields:
                failures[name] = failures.get(name, 0) + 1
        except BriefingError as exc:
            error = str(exc)
        except Exception as exc:  # an extractor bug must not hide the other articles' scores
            error = f"{type(exc).__name__}: {exc}"
        seconds = time.perf_counter() - started
        if error is None:
            valid += validator.is_valid(json.loads(briefing.model_dump_json()))
            checks = [problems for _, problems in item_problems(briefing)]
            emitted += len(checks)
            grounded += sum(not problems for problems in checks)
            score = score_case(briefing, case.gold)
        else:
            score = failed_case(case.gold)
        scores.append(score)
        results.append(ArticleResult(
            name=case.name, seconds=round(seconds, 4), error=error, model_error=model_error,
            counts={f: [c.tp, c.fp, c.fn] for f, c in score.counts.items()},
            missed=score.missed, spurious=score.spurious))
    return _summarise(extractor.name, gold_label, results, scores, valid, grounded, emitted, failures)


def _summarise(extractor: str, gold: str, results: list[ArticleResult], scores: list[CaseScore],
               valid: int, grounded: int, emitted: int, failures: dict[str, int]) -> Report:
    fields = {}
    for name in FIELDS:
        total = Counts()
        per_article = [s.counts[name] for s in scores]
        for counts in per_article:
            total.add(counts)
        macro = [c.f1 for c in per_article if not c.empty]
        fields[name] = FieldScore(tp=total.tp, fp=total.fp, fn=total.fn,
                                  precision=round(total.precision, 4), recall=round(total.recall, 4),
                                  f1=round(total.f1, 4),
                                  macro_f1=round(statistics.fmean(macro), 4) if macro else 1.0,
                                  model_failures=failures.get(name, 0))
    matched = sum(s.targets_matched for s in scores)
    roles = sum(s.roles_matched for s in scores)
    seconds = sorted(r.seconds for r in results)
    return Report(
        extractor=extractor, gold=gold, created_at=datetime.now(UTC), articles=len(results),
        failed=[f"{r.name}: {r.error}" for r in results if r.error],
        valid_share=round(valid / len(results), 4) if results else 0.0,
        grounding_rate=round(grounded / emitted, 4) if emitted else 1.0, items_emitted=emitted,
        seconds_p50=round(_percentile(seconds, 50), 4), seconds_p95=round(_percentile(seconds, 95), 4),
        seconds_total=round(sum(seconds), 3), fields=fields,
        positions_target_accuracy=round(sum(s.targets_correct for s in scores) / matched, 4) if matched else None,
        who_role_accuracy=round(sum(s.roles_correct for s in scores) / roles, 4) if roles else None,
        per_article=results)


def _percentile(sorted_values: list[float], pct: float) -> float:
    """Nearest-rank percentile (no interpolation: the figure is a time some article really took)."""
    if not sorted_values:
        return 0.0
    rank = max(1, -(-len(sorted_values) * pct // 100))
    return sorted_values[int(rank) - 1]


def render_table(report: Report) -> str:
    """The report as a fixed-width table for the terminal."""
    lines = [f"extractor {report.extractor} on {report.gold}: {report.articles} articles, "
             f"{len(report.failed)} failed",
             f"{'field':<10} {'P':>6} {'R':>6} {'F1':>6} {'macroF1':>8} {'tp':>5} {'fp':>5} {'fn':>5}"]
    for name, s in report.fields.items():
        lines.append(f"{name:<10} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.macro_f1:8.3f} "
                     f"{s.tp:5d} {s.fp:5d} {s.fn:5d}")
    lines += [f"position targets right: {_share(report.positions_target_accuracy)}   "
              f"actor roles right: {_share(report.who_role_accuracy)}",
              f"valid share {report.valid_share:.3f}   grounding rate {report.grounding_rate:.3f} "
              f"({report.items_emitted} items)",
              f"seconds/article p50 {report.seconds_p50:.4f}  p95 {report.seconds_p95:.4f}  "
              f"total {report.seconds_total:.2f}"]
    failed_model = [r for r in report.per_article if r.model_error]
    if failed_model:
        per_field = ", ".join(f"{name} {s.model_failures}" for name, s in report.fields.items()
                              if s.model_failures)
        lines.append(f"model failed on {len(failed_model)} articles ({per_field or 'prose only'}); "
                     "the rules' answer was scored there")
        lines += [f"MODEL FAILED {r.name}: {r.model_error}" for r in failed_model]
    lines += [f"FAILED {line}" for line in report.failed]
    return "\n".join(lines)


def render_comparison(reports: list[Report]) -> str:
    """Per field, every extractor's F1 on the same gold, which wins and by how much."""
    names = [r.extractor for r in reports]
    lines = [f"{'field':<10} " + " ".join(f"{n + ' F1':>10}" for n in names) + "  winner  margin",]
    for field in reports[0].fields:
        scores = [r.fields[field].f1 for r in reports]
        ranked = sorted(zip(scores, names), reverse=True)
        margin = ranked[0][0] - ranked[1][0] if len(ranked) > 1 else 0.0
        winner = ranked[0][1] if margin > 0 else "tie"
        lines.append(f"{field:<10} " + " ".join(f"{s:10.3f}" for s in scores)
                     + f"  {winner:<6}  {margin:+.3f}")
    lines.append(f"{'s/article':<10} " + " ".join(f"{r.seconds_p50:10.2f}" for r in reports) + "  (p50)")
    failures = [sum(1 for a in r.per_article if a.model_error) for r in reports]
    lines.append(f"{'model fail':<10} " + " ".join(f"{f:10d}" for f in failures) + "  (articles)")
    return "\n".join(lines)


def _share(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def load_report(path: Path) -> Report:
    """A report written earlier by `briefing eval --out` (a baseline)."""
    try:
        return Report.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise GoldError(f"{path}: not a readable evaluation report ({str(exc).splitlines()[0]})") from None


def regressions(report: Report, baseline: Report, tolerance: float) -> tuple[list[str], list[str]]:
    """(every delta line, the lines that drop by more than `tolerance`): F1s, validity, grounding."""
    metrics = {f"{name} F1": (s.f1, baseline.fields[name].f1) for name, s in report.fields.items()
               if name in baseline.fields}
    metrics |= {f"{name} macro F1": (s.macro_f1, baseline.fields[name].macro_f1)
                for name, s in report.fields.items() if name in baseline.fields}
    metrics["valid share"] = (report.valid_share, baseline.valid_share)
    metrics["grounding rate"] = (report.grounding_rate, baseline.grounding_rate)
    deltas, dropped = [], []
    for label, (now, before) in metrics.items():
        line = f"{label:<22} {before:6.3f} -> {now:6.3f} ({now - before:+.3f})"
        deltas.append(line)
        if before - now > tolerance:
            dropped.append(line)
    return deltas, dropped
