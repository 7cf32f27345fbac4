"""A briefing's items as the view lists them: a stable id, a label and the spans they stand on.

Ids are `FIELD-INDEX` (`claims-3`: the fourth claim of the briefing), so the digest can link to
an item's evidence without the view's help: see `item_id`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..pages import STANCE_WORDS
from ..schema import Briefing, Span

FIELDS = ("who", "where", "when", "claims", "positions")


def item_id(field: str, index: int) -> str:
    """The anchor of a briefing item in its view (`#item-claims-3`)."""
    return f"{field}-{index}"


@dataclass(frozen=True)
class Item:
    id: str
    field: str
    label: str
    detail: str
    spans: tuple[tuple[int, int], ...]


def _spans(spans: list[Span]) -> tuple[tuple[int, int], ...]:
    return tuple(sorted({(s.start, s.end) for s in spans}))


def items_of(briefing: Briefing) -> list[Item]:
    """Every who, where, when, claim and position, in that order, with its spans."""
    items = [Item(item_id("who", i), "who", a.name, ", ".join(filter(None, [a.role, a.kind])),
                  _spans(a.mentions)) for i, a in enumerate(briefing.who)]
    items += [Item(item_id("where", i), "where", p.name, ", ".join(filter(None, [p.kind, p.country_code])),
                   _spans(p.mentions)) for i, p in enumerate(briefing.where)]
    items += [Item(item_id("when", i), "when", t.text, t.date or "unresolved", _spans(t.mentions))
              for i, t in enumerate(briefing.when)]
    items += [Item(item_id("claims", i), "claims", c.speaker or c.source or "unattributed",
                   c.statement, _spans([c.evidence])) for i, c in enumerate(briefing.claims)]
    items += [Item(item_id("positions", i), "positions",
                   " ".join(filter(None, [p.holder, STANCE_WORDS.get(p.stance, p.stance), p.target])),
                   p.topic or "", _spans(p.evidence)) for i, p in enumerate(briefing.positions)]
    return items
