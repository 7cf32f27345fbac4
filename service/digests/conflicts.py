"""Flag articles that disagree on a count: 47 or 52 drones, two or three people killed.

A figure is a number (digits or a number word) followed within two words by a counted noun;
people-like nouns are counted as killed or wounded by the verb near them. Every sentence of a
story's articles is read (a death toll is often the outlet's own lead, not a quoted claim). A
figure is credited to the claim's speaker (or its source as written, 'the air force'), else to
an actor the sentence names with a reporting verb ('..., Governor X said'), else to the outlet.
Figures of the same quantity that differ between articles of one story are a conflict, shown
side by side.
"""

from __future__ import annotations

import re

from ..article import dateline_end
from ..schema import Briefing, Claim
from ..text import split_sentences
from ..view.items import item_id
from .merge import ActorIndex
from .model import Conflict, FigureReport

_WORDS = {w: n for n, w in enumerate(
    ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"])}
_NUMBER = r"\d[\d,]*|" + "|".join(_WORDS)
_THINGS = r"drones?|missiles?|rockets?|tankers?|ships?|aircraft|jets?"
_PEOPLE = r"people|persons|civilians|soldiers|children|workers|troops|migrants"
_FIGURE = re.compile(rf"\b(?P<n>{_NUMBER})\s+(?:[\w-]+\s+){{0,2}}?(?P<noun>{_THINGS}|{_PEOPLE})\b",
                     re.IGNORECASE)
_KILLED = re.compile(r"\b(?:killed|killing|dead|died|deaths?)\b", re.IGNORECASE)
_WOUNDED = re.compile(r"\b(?:wounded|wounding|injured|injuring|hurt)\b", re.IGNORECASE)
_PEOPLE_RE = re.compile(rf"^(?:{_PEOPLE})$", re.IGNORECASE)
_WINDOW = 40
_SAYS_AFTER = re.compile(r"^(?:,[^,.;]{0,60},)?\s*(?:said|says|told|wrote|reported|announced|added|stated)\b")
_SAYS_BEFORE = re.compile(r"\baccording to\s*$", re.IGNORECASE)


def figures(statement: str) -> list[tuple[str, int]]:
    """(quantity, value) pairs stated in one claim."""
    found = []
    for match in _FIGURE.finditer(statement):
        raw = match.group("n").lower().replace(",", "")
        value = int(raw) if raw.isdigit() else _WORDS[raw]
        noun = match.group("noun").lower()
        if _PEOPLE_RE.match(noun):
            around = statement[max(0, match.start() - _WINDOW):match.end() + _WINDOW]
            quantity = "killed" if _KILLED.search(around) else "wounded" if _WOUNDED.search(around) else None
        else:
            quantity = noun if noun.endswith("s") or noun == "aircraft" else noun + "s"
        if quantity:
            found.append((quantity, value))
    return found


def _credit(briefing: Briefing, actors: ActorIndex, start: int, end: int) -> tuple[str | None, str | None]:
    """(who states the sentence, the claim's view item) - see the module docstring."""
    text, article = briefing.article.text, briefing.article.id
    index, claim = next(((i, c) for i, c in enumerate(briefing.claims)
                         if c.evidence.start < end and start < c.evidence.end), (None, None))
    if isinstance(claim, Claim) and (claim.speaker or claim.source):
        return actors.name(article, claim.speaker) or claim.source, item_id("claims", index or 0)
    for actor in briefing.who:
        for m in actor.mentions:
            if start <= m.start < end and (_SAYS_AFTER.match(text[m.end:end])
                                           or _SAYS_BEFORE.search(text[start:m.start])):
                return actors.name(article, actor.name), None
    return None, None


def figure_reports(briefings: list[Briefing], actors: ActorIndex,
                   outlets: dict[str, str | None]) -> dict[str, list[FigureReport]]:
    """Every figure stated in the story's articles, by quantity."""
    reports: dict[str, list[FigureReport]] = {}
    for briefing in briefings:
        text, article = briefing.article.text, briefing.article.id
        for start, end in split_sentences(text, dateline_end(text)):
            sentence = " ".join(text[start:end].split())
            found = figures(sentence)
            if not found:
                continue
            speaker, item = _credit(briefing, actors, start, end)
            for quantity, value in found:
                reports.setdefault(quantity, []).append(FigureReport(
                    value=value, speaker=speaker, statement=sentence, article=article,
                    source=outlets[article], item=item))
    return reports


def find_conflicts(reports: dict[str, list[FigureReport]]) -> list[Conflict]:
    """Quantities whose figures differ between articles of the story."""
    conflicts = []
    for quantity, items in sorted(reports.items()):
        by_article = {(r.article, r.value) for r in items}
        values = sorted({value for _, value in by_article})
        if len(values) > 1 and len({article for article, _ in by_article}) > 1:
            conflicts.append(Conflict(quantity=quantity, values=values,
                                      reports=sorted(items, key=lambda r: (r.value, r.source or ""))))
    return conflicts
