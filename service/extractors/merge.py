"""Merge the model's grounded items with the rules' per field, by the `merge` setting:
`rules` keeps the rules' items, `model` the model's, `union` the rules' plus the model's that
the rules lack. Then every speaker, holder and target must name an actor in the merged `who`:
a claim's speaker falls back to its source as written, a position without its holder goes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from ..names import same_name
from ..schema import Actor, Briefing, Claim, Place, Position, Span, TimeRef
from .full import Found

T = TypeVar("T")


def _overlap(a: Sequence[Span], b: Sequence[Span]) -> bool:
    return any(x.start < y.end and y.start < x.end for x in a for y in b)


def _same_actor(a: Actor, b: Actor) -> bool:
    return same_name([a.name, *a.aliases], [b.name, *b.aliases])


def _same_place(a: Place, b: Place) -> bool:
    return same_name([a.name], [b.name])


def _same_time(a: TimeRef, b: TimeRef) -> bool:
    return (a.date is not None and a.date == b.date) or _overlap(a.mentions, b.mentions)


def _same_claim(a: Claim, b: Claim) -> bool:
    return _overlap([a.evidence], [b.evidence]) and (a.statement in b.statement or b.statement in a.statement)


def _same_position(a: Position, b: Position) -> bool:
    return a.stance == b.stance and same_name([a.holder], [b.holder]) and _overlap(a.evidence, b.evidence)


def _pick(policy: str, rules: list[T], model: list[T], same: Callable[[T, T], bool]) -> list[T]:
    own: list[T] = []
    for item in model:  # the model's own duplicates (one name from two parts) collapse too
        if not any(same(item, kept) for kept in own):
            own.append(item)
    if policy == "model":
        return own
    if policy == "rules":
        return list(rules)
    return list(rules) + [m for m in own if not any(same(m, r) for r in rules)]


def merge(rules: Briefing, found: Found, policy: dict[str, str]) -> tuple[dict[str, Any], Counter[str]]:
    """The briefing fields after merging, and what had to go because its actor did not stay."""
    who = _pick(policy["who"], rules.who, found.who, _same_actor)
    fields: dict[str, Any] = {
        "who": who,
        "where": _pick(policy["where"], rules.where, found.where, _same_place),
        "when": _pick(policy["when"], rules.when, found.when, _same_time),
    }
    names = {a.name for a in who}
    dropped: Counter[str] = Counter()
    model_claims = [c.model_copy(update={"speaker": _actor_name(c.source, who)}) for c in found.claims]
    claims = _pick(policy["claims"], rules.claims, model_claims, _same_claim)
    fields["claims"] = [c if c.speaker is None or c.speaker in names
                        else c.model_copy(update={"speaker": _actor_name(c.speaker, who)}) for c in claims]
    positions: list[Position] = []
    for position in _pick(policy["positions"], rules.positions, found.positions, _same_position):
        holder = _actor_name(position.holder, who)
        if holder is None:
            dropped["positions"] += 1
            continue
        target = position.target if position.target in names else _actor_name(position.target, who)
        positions.append(position if (holder, target) == (position.holder, position.target)
                         else position.model_copy(update={"holder": holder, "target": target}))
    fields["positions"] = positions
    return fields, dropped


def _actor_name(name: str | None, who: list[Actor]) -> str | None:
    """The `who` entry `name` denotes (exact first, then by name similarity), or None."""
    if name is None:
        return None
    for actor in who:
        if name == actor.name or name in actor.aliases:
            return actor.name
    return next((a.name for a in who if same_name([name], [a.name, *a.aliases])), None)
