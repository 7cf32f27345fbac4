"""Disputes beyond figures: an accusation and its denial, an assertion and its negation.

Two tests, both on what the rules already found. A *denial* (a position with stance `denies`)
answers every accusation in the story that points at the denier's side (the accuser's target,
or the accusation's topic, names it: 'China' covers 'China's foreign ministry') or that shares
its substance (three content words with the denied topic). A *contradiction* is a claim that
negates ('never', 'not', 'no') what another speaker's claim asserts, about the same thing
(three shared content words). Words are compared by a crude stem (their first five letters),
enough for 'drone'/'drones' and 'Russia'/'Russian'.
"""

from __future__ import annotations

import re

from ..names import normalise
from .model import Dispute, DisputeSide, StoryClaim, StoryPosition
from .phrases import FUNCTION_WORDS

SHARED = 3  # content stems two statements must share to be about the same thing
_NEGATION = re.compile(r"\b(?:never|not|no|nor|none|denied|n't)\b", re.IGNORECASE)


def _stems(text: str) -> set[str]:
    return {w.lower()[:5] for w in re.findall(r"[A-Za-z]{3,}", text) if w.lower() not in FUNCTION_WORDS}


def _side_of(name: str, other: str | None) -> bool:
    """Is `other` the same side as `name`? ('China' and "China's foreign ministry" are.)"""
    if not other:
        return False
    a, b = normalise(name), normalise(other)
    return bool(a and b) and (a == b or a.startswith(b + " ") or b.startswith(a + " "))


def _position_side(p: StoryPosition) -> DisputeSide:
    return DisputeSide(who=p.holder, stance=p.stance, text=p.topics[0] if p.topics else "",
                       source=None, evidence=p.evidence[0])


def _claim_side(c: StoryClaim, stance: str = "says") -> DisputeSide:
    return DisputeSide(who=c.speaker or c.attribution or "unattributed", stance=stance, text=c.statement,
                       source=c.source, evidence=c.evidence)


def _key(side: DisputeSide) -> tuple[str, str | None]:
    return side.evidence.article, side.evidence.item


def _merged(disputes: list[Dispute]) -> list[Dispute]:
    """Denials answering the same accusation are one dispute ('China denies', 'Beijing denies')."""
    merged: list[Dispute] = []
    for dispute in disputes:
        keys = {_key(s) for s in dispute.sides}
        into = next((m for m in merged if keys & {_key(s) for s in m.sides}), None)
        if into is None:
            merged.append(dispute)
        else:
            known = {_key(s) for s in into.sides}
            into.sides += [s for s in dispute.sides if _key(s) not in known]
    for dispute in merged:  # the denials first, then what they answer
        dispute.sides.sort(key=lambda s: s.stance != "denies")
    return merged


def _denials(positions: list[StoryPosition], claims: list[StoryClaim]) -> list[Dispute]:
    disputes = []
    accusations = [p for p in positions if p.stance == "accuses"]
    for denial in (p for p in positions if p.stance == "denies"):
        denied = _stems(" ".join(denial.topics))
        sides = [_position_side(denial)]
        for accusation in accusations:
            if _side_of(accusation.holder, denial.holder):
                continue
            names_denier = _side_of(denial.holder, accusation.target) or any(
                normalise(denial.holder) in normalise(t) for t in accusation.topics)
            if names_denier or len(denied & _stems(" ".join(accusation.topics))) >= SHARED:
                sides.append(_position_side(accusation))
        sides += _asserting(denied, denial.holder, claims)
        if len(sides) > 1:
            disputes.append(Dispute(kind="denial", sides=sides))
    return disputes


def _asserting(stems: set[str], who: str | None, claims: list[StoryClaim]) -> list[DisputeSide]:
    """Claims of another side that assert (no negation) something sharing `stems`."""
    return [_claim_side(c) for c in claims
            if not _NEGATION.search(c.statement) and not (who and _side_of(who, c.speaker or c.attribution))
            and len(stems & _stems(c.statement)) >= SHARED]


def _contradictions(claims: list[StoryClaim]) -> list[Dispute]:
    disputes = []
    for negated in (c for c in claims if _NEGATION.search(c.statement)):
        sides = [_claim_side(negated, "denies")]
        sides += _asserting(_stems(negated.statement), negated.speaker or negated.attribution, claims)
        if len(sides) > 1:
            disputes.append(Dispute(kind="contradiction", sides=sides))
    return disputes


def find_disputes(positions: list[StoryPosition], claims: list[StoryClaim]) -> list[Dispute]:
    """Denials with the accusations they answer, then contradicting claims."""
    return _merged(_denials(positions, claims)) + _merged(_contradictions(claims))
