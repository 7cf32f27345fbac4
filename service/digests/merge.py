"""Merge what several articles say about one story: one entry per actor, place and position.

Actors merge when any of their forms are the same name by `service.names` (the evaluation's
test) and both are people or both are not; the merged name is the form the articles use most,
the longest on a tie. Positions are keyed by the merged holder, stance and target.
"""

from __future__ import annotations

from collections import Counter

from ..names import normalise, same_name
from ..schema import Actor, Briefing
from .model import StoryActor, StoryClaim, StoryPlace, StoryPosition
from .phrases import tidy_statement, whole_phrase
from .sentences import Sentences


class ActorIndex:
    """Every actor of a story's briefings, merged; maps (article id, name) to the merged name."""

    def __init__(self, briefings: list[Briefing]) -> None:
        self._groups: list[list[tuple[str, Actor]]] = []
        self._forms: list[set[str]] = []  # each group's distinct forms: compared once, not per member
        for briefing in briefings:
            for actor in briefing.who:
                self._place(briefing.article.id, actor)
        self._canonical = {id(group): _canonical_name(group) for group in self._groups}
        self._lookup = {(article, actor.name): self._canonical[id(group)]
                        for group in self._groups for article, actor in group}

    def _place(self, article: str, actor: Actor) -> None:
        forms = {actor.name, *actor.aliases}
        for group, known in zip(self._groups, self._forms):
            if (group[0][1].kind == "person") == (actor.kind == "person") and (
                    forms & known or same_name(sorted(forms), sorted(known))):
                group.append((article, actor))
                known |= forms
                return
        self._groups.append([(article, actor)])
        self._forms.append(set(forms))

    def name(self, article: str, name: str | None) -> str | None:
        """The merged name for an actor named `name` in `article` (unknown names stay as they are)."""
        return None if name is None else self._lookup.get((article, name), name)

    def actors(self) -> list[StoryActor]:
        merged = []
        for group in self._groups:
            name = self._canonical[id(group)]
            forms = {f for _, a in group for f in (a.name, *a.aliases)} - {name}
            merged.append(StoryActor(
                name=name, kind=Counter(a.kind for _, a in group).most_common(1)[0][0],
                roles=sorted({a.role for _, a in group if a.role}),
                aliases=sorted(forms, key=str.casefold),
                articles=sorted({article for article, _ in group})))
        return sorted(merged, key=lambda a: (-len(a.articles), a.name))


def _canonical_name(group: list[tuple[str, Actor]]) -> str:
    counts = Counter(actor.name for _, actor in group)
    return max(counts, key=lambda name: (counts[name], len(name), name))


def merge_places(briefings: list[Briefing]) -> list[StoryPlace]:
    """One entry per place (same normalised name and country), with the articles naming it."""
    merged: dict[tuple[str, str | None], StoryPlace] = {}
    for briefing in briefings:
        for place in briefing.where:
            key = (normalise(place.name), place.country_code)
            entry = merged.setdefault(key, StoryPlace(name=place.name, kind=place.kind,
                                                      country_code=place.country_code, articles=[]))
            if briefing.article.id not in entry.articles:
                entry.articles.append(briefing.article.id)
    return sorted(merged.values(), key=lambda p: (-len(p.articles), p.name))


def merge_positions(briefings: list[Briefing], actors: ActorIndex) -> list[StoryPosition]:
    """The positions table: (holder, stance, target) once, with every topic wording, article and
    evidence sentence (the rules may swap who does what: the sentence lets a reader check)."""
    rows: dict[tuple[str, str, str | None], StoryPosition] = {}
    for briefing in briefings:
        article, sentences = briefing.article.id, Sentences(briefing)
        for index, position in enumerate(briefing.positions):
            holder = actors.name(article, position.holder) or position.holder
            target = actors.name(article, position.target)
            row = rows.setdefault((holder, position.stance, target), StoryPosition(
                holder=holder, stance=position.stance, target=target, topics=[], articles=[]))
            evidence = sentences.evidence("positions", index, position.evidence[0].start)
            topic = whole_phrase(position.topic, evidence.sentence) if position.topic else None
            if topic and topic not in row.topics:
                row.topics.append(topic)
            if article not in row.articles:
                row.articles.append(article)
            row.evidence.append(evidence)
    return sorted(rows.values(), key=lambda r: (-len(r.articles), r.holder, r.stance))


def collect_claims(briefings: list[Briefing], actors: ActorIndex,
                   outlets: dict[str, str | None]) -> list[StoryClaim]:
    """Every claim with its merged speaker, its outlet and its sentence, grouped by speaker."""
    claims = []
    for briefing in briefings:
        article, sentences = briefing.article.id, Sentences(briefing)
        for index, claim in enumerate(briefing.claims):
            speaker = actors.name(article, claim.speaker)
            claims.append(StoryClaim(
                speaker=speaker, attribution=None if speaker else claim.source,
                statement=tidy_statement(claim.statement), kind=claim.kind, article=article,
                source=outlets[article], evidence=sentences.evidence("claims", index, claim.evidence.start)))
    return sorted(claims, key=lambda c: (c.speaker is None, c.speaker or ""))
