"""Pair predicted items with gold items, one-to-one, the way a careful reviewer would.

- who/where: every form (name and aliases) of one side against every form of the other, by
  `service.names` (the same test the digest merges actors with).
- when: the resolved date (the text when gold has no date).
- claims: the speakers match (or both are unattributed) and the statements are similar.
- positions: holder and stance match; the topic breaks ties; the target is scored separately.

Pairs are chosen greedily, best score first, so each gold item matches at most one prediction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from rapidfuzz import fuzz

from ..names import normalise

P = TypeVar("P")
G = TypeVar("G")

STATEMENT_THRESHOLD = 60.0


def statement_similarity(a: str, b: str) -> float:
    """0-100: token-set similarity of two statements (word order and extra words forgiven)."""
    return fuzz.token_set_ratio(normalise(a), normalise(b))


_DETERMINERS = frozenset("a an the some several two three many".split())


def source_similarity(a: str, b: str) -> float:
    """0-100: two unnamed sources as written, forgiving articles and plurals ('a source' ~
    'sources', 'officials' ~ 'US officials')."""
    def bare(text: str) -> str:
        return " ".join(w.rstrip("s") for w in normalise(text).split() if w not in _DETERMINERS)
    left, right = bare(a), bare(b)
    return fuzz.token_set_ratio(left, right) if left and right else 0.0


def greedy_pairs(predicted: Sequence[P], gold: Sequence[G],
                 score: Callable[[P, G], float | None]) -> list[tuple[int, int]]:
    """Index pairs (predicted, gold), best score first; `score` returns None for no match."""
    candidates = []
    for i, p in enumerate(predicted):
        for j, g in enumerate(gold):
            value = score(p, g)
            if value is not None:
                candidates.append((-value, i, j))
    candidates.sort()
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, i, j in candidates:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return pairs


def above(value: float, threshold: float) -> float | None:
    """The score when it passes the threshold, else None (no match)."""
    return value if value >= threshold else None
