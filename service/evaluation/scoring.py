"""Score one briefing against its gold: per field true/false positives and misses."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..schema import Briefing, Claim
from .gold import GoldActor, GoldBriefing, GoldClaim
from ..names import NAME_THRESHOLD, forms_similarity, normalise
from .matching import STATEMENT_THRESHOLD, above, greedy_pairs, source_similarity, statement_similarity

FIELDS = ("who", "where", "when", "claims", "positions")
ROLE_THRESHOLD = 80.0  # "Foreign Minister" is right for "Ukraine's Foreign Minister"


@dataclass
class Counts:
    """True positives, false positives and false negatives, with the derived rates."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def empty(self) -> bool:
        return not (self.tp or self.fp or self.fn)


@dataclass
class CaseScore:
    """One article's score: counts per field, target and role agreement, what was missed or invented."""

    counts: dict[str, Counts] = field(default_factory=lambda: {f: Counts() for f in FIELDS})
    targets_matched: int = 0
    targets_correct: int = 0
    roles_matched: int = 0
    roles_correct: int = 0
    missed: dict[str, list[str]] = field(default_factory=dict)
    spurious: dict[str, list[str]] = field(default_factory=dict)


def _forms(name: str | None, actors: Sequence[object]) -> list[str]:
    """A speaker/holder name with the aliases its `who` entry lists."""
    if name is None:
        return []
    for actor in actors:
        if getattr(actor, "name") == name:
            return [name, *getattr(actor, "aliases")]
    return [name]


def _same_actor(pred: str | None, gold: str | None, pred_who: Sequence[object],
                gold_who: Sequence[GoldActor]) -> float | None:
    """Similarity of two actor references (100 when both are null), None when they differ."""
    if pred is None or gold is None:
        return 100.0 if pred is gold else None
    return above(forms_similarity(_forms(pred, pred_who), _forms(gold, gold_who)), NAME_THRESHOLD)


def _same_source(p: Claim, g: GoldClaim, pred_who: Sequence[object],
                 gold_who: Sequence[GoldActor]) -> float | None:
    """Speakers by name; where a side has no actor, its source as written stands in ('a source'
    ~ 'sources'); two claims with no source at all match too."""
    if p.speaker is not None and g.speaker is not None:
        return _same_actor(p.speaker, g.speaker, pred_who, gold_who)
    pred_forms = _forms(p.speaker, pred_who) + ([p.source] if p.source else [])
    gold_forms = _forms(g.speaker, gold_who) + ([g.source] if g.source else [])
    if not pred_forms or not gold_forms:
        return 100.0 if pred_forms == gold_forms else None
    best = max(max(forms_similarity([a], [b]), source_similarity(a, b))
               for a in pred_forms for b in gold_forms)
    return above(best, NAME_THRESHOLD)


def score_case(briefing: Briefing, gold: GoldBriefing) -> CaseScore:
    """Match every field of `briefing` against `gold`, one-to-one."""
    pw, gw = briefing.who, gold.who
    score = CaseScore()
    pairs = {
        "who": greedy_pairs(pw, gw, lambda p, g: above(
            forms_similarity([p.name, *p.aliases], [g.name, *g.aliases]), NAME_THRESHOLD)),
        "where": greedy_pairs(briefing.where, gold.where, lambda p, g: above(
            forms_similarity([p.name], [g.name]), NAME_THRESHOLD)),
        "when": greedy_pairs(briefing.when, gold.when, lambda p, g: 100.0 if (
            p.date == g.date if g.date else normalise(p.text) == normalise(g.text)) else None),
        "claims": greedy_pairs(briefing.claims, gold.claims, lambda p, g: (
            None if _same_source(p, g, pw, gw) is None
            else above(statement_similarity(p.statement, g.statement), STATEMENT_THRESHOLD))),
        "positions": greedy_pairs(briefing.positions, gold.positions, lambda p, g: (
            None if p.stance != g.stance or (holder := _same_actor(p.holder, g.holder, pw, gw)) is None
            else holder + statement_similarity(p.topic or "", g.topic or "") / 100)),
    }
    labels = {
        "who": (lambda p: p.name, lambda g: g.name),
        "where": (lambda p: p.name, lambda g: g.name),
        "when": (lambda p: f"{p.text} ({p.date})", lambda g: f"{g.text} ({g.date})"),
        "claims": (lambda p: f"{p.speaker}: {p.statement[:70]}", lambda g: f"{g.speaker}: {g.statement[:70]}"),
        "positions": (lambda p: f"{p.holder} {p.stance} {p.target or ''}".strip(),
                      lambda g: f"{g.holder} {g.stance} {g.target or ''}".strip()),
    }
    for name in FIELDS:
        predicted, expected = getattr(briefing, name), getattr(gold, name)
        matched_p = {i for i, _ in pairs[name]}
        matched_g = {j for _, j in pairs[name]}
        score.counts[name] = Counts(len(pairs[name]), len(predicted) - len(matched_p),
                                    len(expected) - len(matched_g))
        label_p, label_g = labels[name]
        missed = [label_g(g) for j, g in enumerate(expected) if j not in matched_g]
        spurious = [label_p(p) for i, p in enumerate(predicted) if i not in matched_p]
        if missed:
            score.missed[name] = missed
        if spurious:
            score.spurious[name] = spurious
    for i, j in pairs["who"]:
        p, g = briefing.who[i], gold.who[j]
        if g.role:
            score.roles_matched += 1
            score.roles_correct += bool(p.role) and statement_similarity(p.role or "", g.role) >= ROLE_THRESHOLD
    for i, j in pairs["positions"]:
        score.targets_matched += 1
        p, g = briefing.positions[i], gold.positions[j]
        score.targets_correct += _same_actor(p.target, g.target, pw, gw) is not None
    return score


def failed_case(gold: GoldBriefing) -> CaseScore:
    """An article the extractor could not brief: every gold item is missed."""
    score = CaseScore()
    for name in FIELDS:
        score.counts[name] = Counts(fn=len(getattr(gold, name)))
    return score
