"""Diplomatic positions: stance verbs with their holder, target and topic.

Holder: the first actor after the last reporting verb before the stance cue ('Peskov said Putin
was ready to...' -> Putin), else the sentence's subject (first actor outside a leading 'Before
..., ' clause); 'I'/'we' inside a quotation are its speaker. Target: the first other actor
after the cue. Topic: the words after the cue, up to the clause's end.
"""

from __future__ import annotations

import re

from ..article import dateline_end
from ..schema import Claim, Position, Span
from ..text import Offsets, split_sentences, trim_punctuation
from .referents import Referent, Referents

STANCE_CUES: list[tuple[str, re.Pattern[str]]] = [(stance, re.compile(pattern, re.IGNORECASE)) for stance, pattern in [
    ("threatens", r"\bthreat(?:en(?:s|ed|ing)?|s? of)\b|\bno other choice but to\b"),
    ("demands", r"\b(?:demand(?:s|ed|ing)?|urg(?:e|es|ed|ing)|call(?:s|ed)? on|pressure on|"
                r"press(?:es|ed)? \w+ to|insist(?:s|ed)? that)\b|\bstop this\b"),
    ("open_to_talks", r"\b(?:open to (?:dialogue|talks|negotiations)|ready (?:to|for) (?:hold|talk|negotiat|meet|dialogue)\w*|"
                      r"willing(?:ness)? to (?:hold|talk|negotiate|meet)|resume [\w ]{0,30}talks)"),
    ("pledges", r"\b(?:vow(?:s|ed)?|pledg(?:e|es|ed)|promis(?:e|es|ed)) to\b"),
    ("condemns", r"\b(?:condemn(?:s|ed|ing)?|denounc(?:e|es|ed))\b"),
    ("denies", r"\bden(?:y|ies|ied)\b"),
    ("warns", r"\bwarn(?:s|ed|ing)?\b"),
    ("accuses", r"\b(?:accus(?:e|es|ed)|blam(?:e|es|ed))\b"),
    ("welcomes", r"\bwelcom(?:e|es|ed)\b"),
    ("supports", r"\b(?:support(?:s|ed)?|back(?:s|ed)|admiration for|love the)\b"),
    ("opposes", r"\b(?:oppos(?:e|es|ed)|reject(?:s|ed)?|refus(?:e|es|ed) to)\b"),
    ("offers", r"\boffer(?:s|ed)? to\b"),
]]
_ANY_CUE = re.compile("|".join(f"(?:{p.pattern})" for _, p in STANCE_CUES), re.IGNORECASE)
_REPORTING = re.compile(r"\b(?:said|says|told|added|announced|stated|wrote)\b(?: that)?")
_LEADING_CLAUSE = re.compile(r"(?i:Before|After|While|When|Amid|As|On|In|Earlier|Later|Meanwhile|"
                             r"Hours|Since|Despite|Following)\b[^,]{0,120},\s")
_FIRST_PERSON = re.compile(r"\b(?:I|we|We)\b")
_CLAUSE_END = re.compile(r"[.;!?]|,\s+(?:\w+ing|which|who|while|but|as|according)\b|$")
_TOPIC_WORDS = 14


def extract_positions(text: str, refs: Referents, claims: list[Claim]) -> list[Position]:
    """Positions merged by (holder, stance, target), each keeping every sentence as evidence."""
    quotes = [(c.quote_span.start, c.quote_span.end, c.speaker) for c in claims
              if c.kind == "direct" and c.quote_span and c.speaker]
    merged: dict[tuple[str, str, str | None], Position] = {}
    for sentence in _sentences(text, quotes):
        for stance, cue in _cues(text, sentence):
            if _in_other_quote(cue.start(), sentence, quotes):
                continue
            position = _position(text, sentence, stance, cue, refs, quotes)
            if position is None:
                continue
            key = (position.holder, position.stance, position.target)
            if key in merged:
                merged[key].evidence.append(position.evidence[0])
            else:
                merged[key] = position
    return list(merged.values())


def _cues(text: str, sentence: Offsets) -> list[tuple[str, re.Match[str]]]:
    """Stance cues in the sentence, stance by stance in `STANCE_CUES` order, then left to right.

    One scan with the union of all cues finds where cues stand; each stance's own pattern is
    then tried only there (a full scan per stance per sentence was the extractor's hot spot).
    """
    hits = []
    for found in _ANY_CUE.finditer(text, *sentence):
        for order, (stance, pattern) in enumerate(STANCE_CUES):
            cue = pattern.match(text, found.start(), sentence[1])
            if cue is not None:
                hits.append((order, cue.start(), stance, cue))
    return [(stance, cue) for _, _, stance, cue in sorted(hits, key=lambda h: h[:2])]


def _in_other_quote(index: int, sentence: Offsets, quotes: list[tuple[int, int, str]]) -> bool:
    """A cue inside a quotation belongs to the quotation's own sentences, not the outer one."""
    return any(q0 <= index < q1 and not q0 <= sentence[0] < q1 for q0, q1, _ in quotes)


def _sentences(text: str, quotes: list[tuple[int, int, str]]) -> list[Offsets]:
    """Sentences outside quotations, plus the sentences inside each quotation."""
    outer = split_sentences(text, dateline_end(text))
    inner = [s for q_start, q_end, _ in quotes for s in split_sentences(text, q_start, q_end)]
    outside = [s for s in outer if not any(q[0] <= s[0] < q[1] for q in quotes)]
    return sorted(set(outside + inner))


def _position(text: str, sentence: Offsets, stance: str, cue: re.Match[str], refs: Referents,
              quotes: list[tuple[int, int, str]]) -> Position | None:
    holder = _holder(text, sentence, cue, refs, quotes)
    if holder is None:
        return None
    holder_actor = refs.actor(holder.key)
    clause_end = _CLAUSE_END.search(text, cue.end(), sentence[1])
    clause = (cue.end(), clause_end.start() if clause_end else sentence[1])
    after = [r for r in refs.in_range(*clause, pronouns=False, capitals=True)
             if refs.name(r.key) != holder_actor.name]
    target = refs.actor(after[0].key).name if after else None
    topic_start, topic_end = _topic(text, *clause)
    return Position(holder=holder_actor.name, stance=stance, target=target,
                    topic=text[topic_start:topic_end] or None,
                    evidence=[Span(start=sentence[0], end=sentence[1])])


def _holder(text: str, sentence: Offsets, cue: re.Match[str], refs: Referents,
            quotes: list[tuple[int, int, str]]) -> Referent | None:
    start, _ = sentence
    speaker = next((q[2] for q in quotes if q[0] <= start < q[1]), None)
    if speaker is not None:
        named_before = refs.in_range(start, cue.start(), pronouns=False)
        if _FIRST_PERSON.search(text, start, cue.start()) or not named_before:
            return next((r for r in refs.named if refs.name(r.key) == speaker), None)
    reporting = [m for m in _REPORTING.finditer(text, start, cue.start())]
    if reporting:
        start = reporting[-1].end()
    else:
        while (leading := _LEADING_CLAUSE.match(text, start)) is not None:
            start = leading.end()
    candidates = refs.in_range(start, cue.start())
    return candidates[0] if candidates else None


def _topic(text: str, start: int, end: int) -> Offsets:
    """The clause after the cue, cut to a readable length."""
    words = list(re.finditer(r"\S+", text[start:end]))
    if len(words) > _TOPIC_WORDS:
        end = start + words[_TOPIC_WORDS - 1].end()
    return trim_punctuation(text, start, end)
