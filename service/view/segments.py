"""Cut the article text into segments so that overlapping spans render as flat, nested-free marks.

Every span start and end is a cut; each segment between two cuts carries the items whose spans
cover it. A claim's evidence containing an actor's mention becomes three segments (before, the
mention with both items, after), so no HTML element ever has to overlap another.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from .items import Item


@dataclass(frozen=True)
class Segment:
    text: str
    items: tuple[str, ...]  # ids of the items covering it, in item order
    fields: tuple[str, ...]  # their distinct fields


def segments(text: str, items: list[Item]) -> list[Segment]:
    """The whole text, in order, as segments; spans outside the text are clipped."""
    starts: dict[int, list[int]] = {}
    ends: dict[int, list[int]] = {}
    for order, item in enumerate(items):
        for start, end in item.spans:
            start, end = max(0, start), min(len(text), end)
            if start < end:
                starts.setdefault(start, []).append(order)
                ends.setdefault(end, []).append(order)
    cuts = sorted({0, len(text), *starts, *ends})
    active: dict[int, int] = {}  # item order -> how many of its spans are open here
    out: list[Segment] = []
    for here, after in itertools.pairwise(cuts):
        for order in ends.get(here, ()):
            active[order] -= 1
            if not active[order]:
                del active[order]
        for order in starts.get(here, ()):
            active[order] = active.get(order, 0) + 1
        covering = [items[o] for o in sorted(active)]
        ids = tuple(i.id for i in covering)
        if out and out[-1].items == ids:  # a cut that changes nothing (one item's overlapping spans)
            out[-1] = Segment(out[-1].text + text[here:after], ids, out[-1].fields)
        else:
            out.append(Segment(text[here:after], ids, tuple(dict.fromkeys(i.field for i in covering))))
    return out
