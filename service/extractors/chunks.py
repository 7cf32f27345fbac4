"""Cut an article into parts that each fit the model's context, at sentence ends."""

from __future__ import annotations

from collections.abc import Callable

from ..text import Offsets, split_sentences


def chunk(text: str, budget: int, count: Callable[[str], int],
          cut: Callable[[str, int], str]) -> list[Offsets]:
    """Consecutive windows of whole sentences of at most `budget` tokens (by `count`); a single
    sentence longer than that is cut to its first `budget` tokens (by `cut`)."""
    windows: list[Offsets] = []
    start = end = used = 0
    for s, e in split_sentences(text) or ((0, len(text)),):
        tokens = count(text[s:e])
        if used and used + tokens > budget:
            windows.append((start, end))
            used = 0
        if not used:
            start = s
        if tokens > budget:
            windows.append((s, s + len(cut(text[s:e], budget))))
            used = 0
            continue
        used += tokens
        end = e
    if used:
        windows.append((start, end))
    return windows
