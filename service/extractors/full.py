"""Full mode's answer made trustworthy: every item the model names is located in the part of the
article it read, checked against what the model says it is, and built into briefing items with
spans; what fails a check is dropped and counted by field.

The checks, each aimed at a way a model goes wrong:
- names, places, times, statements: found exactly or normalised, never fuzzily (a misquote is
  no quote), and never inside a sentence that addresses a model;
- a person that is a place (the gazetteer's or the rules'), a place that the rules know as a
  person: dropped;
- a time: a time expression the date rules can read; a role: written beside its holder;
- a claim: its source named in the statement's sentence or the one before it;
- a position: its evidence sentence carries a word of that stance, and names the holder
  before that word (or after 'by').
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .. import gazetteer
from ..grounding import clean_prose, locate
from ..names import same_name
from ..rules.dates import extract_dates
from ..rules.positions import STANCE_OF
from ..schema import Actor, Briefing, Claim, Place, Position, Span, TimeRef
from ..text import Offsets, find_quotes, split_sentences

ROLE_REACH = 80  # characters between a role and a mention of its holder
_WORD = re.compile(r"[A-Za-z]+")
_TALKS = re.compile(r"\b(?:talks?|negotiat\w*|dialogue)\b", re.IGNORECASE)
_STANCE_NOUNS = {"condemnation": "condemns", "criticism": "opposes", "opposition": "opposes",
                 "support": "supports", "demand": "demands", "demands": "demands",
                 "warning": "warns", "accusation": "accuses", "accusations": "accuses",
                 "denial": "denies", "pledge": "pledges", "promise": "pledges",
                 "threat": "threatens", "threats": "threatens", "offer": "offers"}


@dataclass
class Found:
    """What one or more parts of an article gave, grounded; `dropped` counts what was not."""

    who: list[Actor] = field(default_factory=list)
    where: list[Place] = field(default_factory=list)
    when: list[TimeRef] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    headline: str | None = None
    dropped: Counter[str] = field(default_factory=Counter)

    def add(self, other: Found) -> None:
        """Another part's items after this one's; the first part's headline stays."""
        self.who += other.who
        self.where += other.where
        self.when += other.when
        self.claims += other.claims
        self.positions += other.positions
        self.headline = self.headline or other.headline
        self.dropped.update(other.dropped)


class _Article:
    """The article as the checks read it: the window the model saw, the blocked sentences."""

    def __init__(self, rules: Briefing, window: Offsets, blocked: list[Offsets]) -> None:
        self.rules = rules
        self.text = rules.article.text
        self.window = window
        self.blocked = blocked
        self.sentences = split_sentences(self.text)
        self.actors: list[Actor] = list(rules.who)

    def find(self, phrase: Any) -> Offsets | None:
        """Where the model's phrase stands in the window, exact or normalised, not blocked."""
        if not isinstance(phrase, str) or not clean_prose(phrase):
            return None
        start, end = self.window
        found = self.inside(clean_prose(phrase).strip(" .,;:"), (start, end))
        return None if found is None or self.is_blocked(found) else found

    def is_blocked(self, span: Offsets) -> bool:
        return any(s < span[1] and span[0] < e for s, e in self.blocked)

    def sentence(self, span: Offsets) -> Offsets:
        """The sentence(s) `span` lies in."""
        covering = [(s, e) for s, e in self.sentences if s < span[1] and span[0] < e]
        return (covering[0][0], covering[-1][1]) if covering else span

    def previous(self, sentence: Offsets) -> Offsets:
        """`sentence` with the one before it, where a source is often named."""
        before = [(s, e) for s, e in self.sentences if e <= sentence[0]]
        return (before[-1][0], sentence[1]) if before else sentence

    def mentions(self, name: str) -> list[Span]:
        pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")
        spans = [(m.start(), m.end()) for m in pattern.finditer(self.text)]
        return [Span(start=s, end=e) for s, e in spans if not self.is_blocked((s, e))]

    def inside(self, phrase: str | None, region: Offsets) -> Offsets | None:
        """Where `phrase` stands in `region`, exact or normalised (a misquote is no quote), as
        whole words ('Russia' is not in 'Russian')."""
        if not phrase or not clean_prose(phrase):
            return None
        phrase = clean_prose(phrase)
        word = re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)").search(self.text, region[0], region[1])
        if word is not None:
            return word.start(), word.end()
        span = locate(self.text[region[0]:region[1]], phrase)
        if span is None or span.match == "fuzzy":
            return None
        start, end = region[0] + span.start, region[0] + span.end
        if self.text[start - 1:start].isalnum() or self.text[end:end + 1].isalnum():
            return None
        return start, end

    def first_actor(self, region: Offsets, before: int) -> int | None:
        """Where the first actor the rules or the model know is named in `region`, before
        offset `before` (the stance word): the subject, in a plain sentence."""
        starts = [m.start for a in self.actors for m in a.mentions
                  if region[0] <= m.start < before]
        return min(starts, default=None)


def ground_full(rules: Briefing, data: dict[str, Any], window: Offsets,
                blocked: list[Offsets]) -> Found:
    """The grounded items of one part's answer (`window`: the offsets of the text it read)."""
    article = _Article(rules, window, blocked)
    found = Found(headline=data.get("headline"))
    for kind, build in (("who", _actor), ("where", _place), ("when", _time),
                        ("claims", _claim), ("positions", _position)):
        for item in data.get(kind) or []:
            built = build(article, item, found.dropped)
            if built is None:
                found.dropped[kind] += 1
            else:
                getattr(found, kind).append(built)
        if kind == "who":
            article.actors += found.who
    return found


def _is_place(name: str, rules: Briefing) -> bool:
    return name in gazetteer.places() or any(same_name([name], [p.name]) for p in rules.where)


def _actor(article: _Article, item: dict[str, Any], dropped: Counter[str]) -> Actor | None:
    span = article.find(item.get("n"))
    if span is None:
        return None
    name = article.text[span[0]:span[1]]
    kind = item.get("k") or "other"
    if kind == "person" and _is_place(name, article.rules):
        return None
    role = None
    if item.get("r"):
        role_span = article.find(item["r"])
        near = role_span is not None and any(
            abs(m.start - role_span[1]) <= ROLE_REACH or abs(role_span[0] - m.end) <= ROLE_REACH
            for m in article.mentions(name))
        if near:
            role = article.text[role_span[0]:role_span[1]]
        else:
            dropped["role"] += 1
    mentions = article.mentions(name) or [Span(start=span[0], end=span[1])]
    return Actor(name=name, kind=kind, role=role, mentions=mentions)


def _place(article: _Article, item: Any, dropped: Counter[str]) -> Place | None:
    span = article.find(item)
    if span is None:
        return None
    name = article.text[span[0]:span[1]]
    if any(a.kind == "person" and same_name([name], [a.name, *a.aliases]) for a in article.rules.who):
        return None
    codes = {gazetteer.country_code_of(p.name) for p in article.rules.where} - {None}
    entry = gazetteer.classify(name, codes)  # type: ignore[arg-type]
    kind = entry.kind if entry is not None and entry.kind in ("country", "region", "city", "site") else "other"
    return Place(name=name, kind=kind, country_code=entry.country_code if entry else None,
                 mentions=article.mentions(name) or [Span(start=span[0], end=span[1])])


def _time(article: _Article, item: Any, dropped: Counter[str]) -> TimeRef | None:
    span = article.find(item)
    if span is None:
        return None
    refs = extract_dates(article.text[span[0]:span[1]], article.rules.article.published_at)
    if not refs:
        return None
    ref = refs[0]
    mentions = [Span(start=span[0] + m.start, end=span[0] + m.end) for m in ref.mentions]
    return ref.model_copy(update={"mentions": mentions})


def _claim(article: _Article, item: dict[str, Any], dropped: Counter[str]) -> Claim | None:
    span = article.find(item.get("x"))
    if span is None or len(article.text[span[0]:span[1]].split()) < 3:
        return None
    sentence = article.sentence(span)
    source_span = article.inside(item.get("s"), article.previous(sentence)) if item.get("s") else None
    if item.get("s") and (source_span is None or article.is_blocked(source_span)):
        return None  # a source the article does not give this statement
    cue_span = article.inside(item.get("v"), sentence)
    quoted = any(s <= span[0] and span[1] <= e for s, e in find_quotes(article.text))
    statement = article.text[span[0]:span[1]]
    return Claim(
        source=article.text[source_span[0]:source_span[1]] if source_span else None,
        source_span=Span(start=source_span[0], end=source_span[1]) if source_span else None,
        statement=statement, quote=statement if quoted else None,
        quote_span=Span(start=span[0], end=span[1]) if quoted else None,
        kind="direct" if quoted else "indirect",
        cue=article.text[cue_span[0]:cue_span[1]] if cue_span else None,
        evidence=Span(start=sentence[0], end=sentence[1]))


def stance_at(text: str, stance: str) -> int | None:
    """Where `text` first carries a word of `stance` ('condemned', 'condemnation'), or None."""
    if stance == "open_to_talks":
        match = _TALKS.search(text)
        return match.start() if match else None
    for word in _WORD.finditer(text):
        lower = word.group().lower()
        if STANCE_OF.get(lower) == stance or _STANCE_NOUNS.get(lower) == stance:
            return word.start()
    return None


def _position(article: _Article, item: dict[str, Any], dropped: Counter[str]) -> Position | None:
    span = article.find(item.get("e"))
    if span is None:
        return None
    sentence = article.sentence(span)
    words = article.text[sentence[0]:sentence[1]]
    at = stance_at(words, item.get("s", ""))
    holder = article.inside(item.get("h"), sentence)
    if at is None or holder is None:
        return None
    stance_word = sentence[0] + at
    if re.search(r"\bby\s*$", article.text[sentence[0]:holder[0]]) is None:
        first = article.first_actor(sentence, stance_word)
        if holder[0] > stance_word or (first is not None and first < holder[0]):
            return None  # not the subject of the stance: its object, or someone it names
    target = article.inside(item.get("t"), sentence) if item.get("t") else None
    if item.get("t") and target is None:
        dropped["target"] += 1
    return Position(holder=article.text[holder[0]:holder[1]], stance=item["s"],
                    target=article.text[target[0]:target[1]] if target else None,
                    evidence=[Span(start=sentence[0], end=sentence[1])])
