"""Which story leads the day: outlets covering it, casualties and severity, recency (`FORMULA`).

Ties go to the story with more articles. The digest's footer prints the formula.
"""

from __future__ import annotations

import math
from datetime import date

from .model import FigureReport, StoryPosition

FORMULA = ("outlets covering it; +3 and +log2(1 + death toll) if anyone was killed; +1 if anyone "
           "was wounded; +1 per stance of force or blame (condemns, accuses, threatens, warns; at most 2); "
           "+1 if an article is of the digest's day")
SEVERE_STANCES = {"condemns", "accuses", "threatens", "warns"}


def casualties(reports: dict[str, list[FigureReport]]) -> tuple[list[int], list[int]]:
    """(killed, wounded): the distinct figures reported, ascending."""
    return (sorted({r.value for r in reports.get("killed", [])}),
            sorted({r.value for r in reports.get("wounded", [])}))


def score(outlets: int, killed: list[int], wounded: list[int], positions: list[StoryPosition],
          published: list[date | None], day: date) -> float:
    severe = min(2, sum(p.stance in SEVERE_STANCES for p in positions))
    value = (outlets + (3 + math.log2(1 + max(killed)) if killed else 0) + (1 if wounded else 0)
             + severe + (1 if day in published else 0))
    return round(value, 2)
