"""Claims: quotations and attribution cues ('said', 'according to', 'wrote') with their speakers.

A claim's statement, quote and evidence are all slices of the article text. A sentence whose only
attribution is a news outlet ('..., Al Jazeera reported') is narration, not a claim: the outlet
is kept as `via` on claims it relays.
"""

from __future__ import annotations

import re

from ..article import dateline_end
from ..schema import Claim, Span
from ..text import Offsets, find_quotes, split_sentences, trim_punctuation
from .actors import MEDIA
from .referents import Referent, Referents

_CUE = re.compile(
    r"\b(?:said|says|told|added|stated|announced|wrote|claimed|insisted|noted|declared|"
    r"confirmed|stressed|emphasi[sz]ed|tweeted|posted|quoted (?P<quoted>[\w .'-]{1,40}?) as saying|"
    r"(?i:according to))\b"
)
# the end of a claim that its speaker follows: "...,  Peskov said" / "..., the Kremlin said"
_BEFORE_SPEAKER = re.compile(r",\s*(?:the\s+)?$", re.IGNORECASE)
# a cue whose verb shares the sentence's subject: "..., but said", "... and added"
_COORDINATED = re.compile(r"[,\s](?:but|and)(?: also)?\s*$")
# what may follow a cue that closes its sentence: "..., the Kremlin said on Friday, calling the
# measures illegal." / "..., Mammadli said on Friday after talks in Geneva." (never a 'that')
_ADVERBIAL_TAIL = re.compile(
    r"\s*(?:(?:reporters|journalists)\b\s*)?"
    r"(?:(?:on|in|at|after|before|during|late|early|earlier|later|last|this|from|while)\b"
    r"(?:(?!\bthat\b)[^,])*)?(?:,\s*\w+ing\b[^\n]*)?")
_MEDIA_TAIL = re.compile(
    r",?\s*(?:according to )?(?P<outlet>" + "|".join(sorted(map(re.escape, MEDIA), key=len, reverse=True))
    + r")(?: report)?(?: reported| cited [\w ]+| said)?(?=[.,]?\s*$|,)"
)
MIN_QUOTE_WORDS = 3
#: A quotation is a direct claim when it is this long, or most of its sentence.
DIRECT_QUOTE_WORDS = 8


def extract_claims(text: str, refs: Referents) -> list[Claim]:
    """One claim per attributed sentence; a long quotation makes it a direct claim."""
    quotes = [q for q in find_quotes(text) if len(text[q[0]:q[1]].split()) >= MIN_QUOTE_WORDS]
    claims: list[Claim] = []
    last_speaker: str | None = None
    for sentence in split_sentences(text, dateline_end(text)):
        claim = _claim_in(text, sentence, quotes, refs, last_speaker)
        if claim is not None:
            claims.append(claim)
            last_speaker = claim.speaker or last_speaker
    return claims


def _claim_in(text: str, sentence: Offsets, quotes: list[Offsets], refs: Referents,
              last_speaker: str | None) -> Claim | None:
    start, end = sentence
    inside = [q for q in quotes if start <= q[0] and q[1] <= end]
    cues = [c for c in _CUE.finditer(text, start, end) if not any(q[0] <= c.start() < q[1] for q in inside)]
    outlet = _MEDIA_TAIL.search(text, start, end)
    via = outlet.group("outlet") if outlet else None
    cues = [c for c in cues if not (outlet and outlet.start() <= c.start() < outlet.end())]
    if not cues:
        return None
    cue = cues[0]
    speaker_ref = _speaker(text, cue, sentence, refs, inside)
    speaker = refs.actor(speaker_ref.key).name if speaker_ref else None
    if speaker is None and re.match(r"\s*(?:They)\b", text[start:end]):
        speaker = last_speaker
    cue_text = "quoted as saying" if cue.group("quoted") else cue.group().lower()
    quote = (inside[0][0], inside[-1][1]) if inside else None
    quote_span = Span(start=quote[0], end=quote[1]) if quote else None
    quote_words = len(text[quote[0]:quote[1]].split()) if quote else 0
    if quote and (quote_words >= DIRECT_QUOTE_WORDS or 2 * quote_words >= len(text[start:end].split())):
        return Claim(speaker=speaker, statement=text[quote[0]:quote[1]], quote=text[quote[0]:quote[1]],
                     quote_span=quote_span, kind="direct", cue=cue_text, via=via,
                     evidence=Span(start=start, end=end))
    s_start, s_end = _statement(text, cue, sentence, speaker_ref, outlet)
    if s_end - s_start < 10:
        return None
    return Claim(speaker=speaker, statement=text[s_start:s_end], kind="indirect", cue=cue_text,
                 quote=text[quote[0]:quote[1]] if quote else None, quote_span=quote_span,
                 via=via, evidence=Span(start=start, end=end))


def _speaker(text: str, cue: re.Match[str], sentence: Offsets, refs: Referents,
             quotes: list[Offsets]) -> Referent | None:
    """The actor named in 'according to X', 'TASS quoted X as saying', or just before 'said'."""
    start, end = sentence
    if cue.group("quoted"):
        found = refs.in_range(cue.start("quoted"), cue.end("quoted"))
        return found[0] if found else None
    outside = [r for r in refs.in_range(start, end) if not any(q[0] <= r.start < q[1] for q in quotes)]
    if cue.group().lower() == "according to":
        clause_end = text.find(",", cue.end(), end)
        after = [r for r in outside if cue.end() <= r.start < (clause_end if clause_end > 0 else end)]
        return after[0] if after else None
    before = [r for r in outside if r.end <= cue.start() and _near(text, r.end, cue.start())]
    if before:
        return before[-1]
    if _COORDINATED.search(text, start, cue.start()):  # "X rejected the demand, but said ..."
        subject = [r for r in outside if r.end <= cue.start() and not r.pronoun]
        return subject[0] if subject else None
    return None


def _near(text: str, left: int, right: int) -> bool:
    """Is the gap between a name and its cue short and free of clause breaks?"""
    gap = text[left:right]
    return len(gap.split()) <= 4 and "," not in gap.strip(" ,")[:-1]


def _statement(text: str, cue: re.Match[str], sentence: Offsets, speaker: Referent | None,
               outlet: re.Match[str] | None) -> Offsets:
    """What was claimed: the clause after the cue, or before it when the cue closes the sentence."""
    start, end = sentence
    if outlet is not None and outlet.start() > cue.start():
        end = outlet.start()
    elif outlet is not None:
        start = outlet.end()
    if cue.group().lower() == "according to":
        comma = text.find(",", cue.end(), end)
        if comma > 0 and comma + 1 < end:
            return trim_punctuation(text, comma + 1, end)
        return trim_punctuation(text, start, cue.start())
    head = speaker.start if speaker else cue.start()
    tail = text[cue.end():end]
    closes_sentence = len(tail.split()) <= 3 or _ADVERBIAL_TAIL.fullmatch(tail) is not None
    if closes_sentence and head > start + 20 and _BEFORE_SPEAKER.search(text, start, head):
        return trim_punctuation(text, start, head)
    after = cue.end()
    match = re.match(r"\s*(?:on \w+ |in a statement )?(?:that )?", text[after:end])
    return trim_punctuation(text, after + (match.end() if match else 0), end)
