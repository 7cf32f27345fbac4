"""Who is meant at a point in the text: named actors, countries acting as actors, pronouns.

Claims and positions both need 'the actor named just before this verb' or 'the first actor
after it'; this is the one place that answers, so both resolve 'He' and 'Russia' the same way.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from .. import gazetteer
from ..schema import Place
from ..text import split_sentences
from .actors import MEDIA, ActorIndex, FoundActor

_PRONOUN = re.compile(r"\b(?:he|she|it)\b", re.IGNORECASE)
# a country as the subject of a verb: 'Russia launched', 'Hungary had threatened', 'Baku will'
_VERB_AFTER = re.compile(r" (?:(?:has|had|have|will|would|also|did|does|is|was) )?"
                         r"(?:[a-z]+ed|[a-z]+s|will|would|must|can|could|may|said)\b")
_PERSON_PRONOUNS = {"he", "she"}


@dataclass(frozen=True)
class Referent:
    """A mention that names (or points back to) an actor."""

    start: int
    end: int
    key: str
    pronoun: bool = False


class Referents:
    """Actor and country mentions in text order, with pronoun resolution."""

    def __init__(self, text: str, index: ActorIndex, places: list[Place]) -> None:
        self.text = text
        self.sentences = split_sentences(text)
        self.index = index
        self.countries = {p.name: p for p in places if p.kind == "country"}
        self.country_of = {p.country_code: p.name for p in self.countries.values()}
        named = [Referent(s, e, k) for s, e, k in index.mentions]
        for place in self.countries.values():
            for m in place.mentions:
                if not any(r.start <= m.start < r.end for r in named):
                    named.append(Referent(m.start, m.end, f"country:{place.name}"))
        self.named = sorted(named, key=lambda r: r.start)
        self._starts = [r.start for r in self.named]  # bisect over these: in_range is hot
        capital_of = gazetteer.capitals()
        self.capitals = [
            Referent(m.start, m.end, f"country:{self.country_of[capital_of[p.name]]}")
            for p in places if p.kind == "city" and capital_of.get(p.name) in self.country_of
            for m in p.mentions
        ]

    def acting_countries(self) -> None:
        """Make an actor of every country that is the subject of a verb somewhere, not only of
        those that speak or hold a position ('Switzerland hosted the talks'). A country after a
        locative word ('the war in Ukraine is') is a place there, not a subject."""
        from .places import after_locative

        for name, place in self.countries.items():
            for mention in place.mentions:
                word = self.text[mention.start:mention.end]
                if (word not in gazetteer.DEMONYMS and _VERB_AFTER.match(self.text, mention.end)
                        and not after_locative(self.text, mention.start)):
                    self.actor(f"country:{name}")
                    break

    def name(self, key: str) -> str:
        """The actor name a key stands for, without adding a country to `who`."""
        return key.split(":", 1)[1] if key.startswith("country:") else self.index.actors[key].name

    def actor(self, key: str) -> FoundActor:
        """The actor for a key, creating country actors on first use as holder or speaker."""
        if key.startswith("country:"):
            name = key.split(":", 1)[1]
            place = self.countries[name]
            found = self.index.actors.get(key)
            if found is None:
                found = FoundActor(name=name, kind="country", country_code=place.country_code)
                self.index.actors[key] = found
                found.spans.extend((m.start, m.end) for m in place.mentions
                                   if (m.start, m.end) not in found.spans)
            return found
        return self.index.actors[key]

    def in_range(self, start: int, end: int, pronouns: bool = True,
                 capitals: bool = False) -> list[Referent]:
        """Named mentions (and resolved pronouns) inside [start, end), in order.

        With `capitals`, a capital city stands for its country ('if Moscow does not agree').
        """
        first, last = bisect_left(self._starts, start), bisect_left(self._starts, end)
        found = [r for r in self.named[first:last] if r.end <= end]
        if capitals:
            found += [r for r in self.capitals if start <= r.start and r.end <= end]
        if pronouns:
            for match in _PRONOUN.finditer(self.text, start, end):
                key = self.resolve_pronoun(match.group().lower(), match.start())
                if key:
                    found.append(Referent(match.start(), match.end(), key, pronoun=True))
        return sorted(found, key=lambda r: r.start)

    def resolve_pronoun(self, pronoun: str, position: int) -> str | None:
        """'He' -> a person, 'it' -> a government or organisation (never a news outlet).

        Inside a sentence the pronoun points back to the last fitting name before it; at the
        start of a sentence to the subject (first fitting name) of the sentence before.
        """
        wants_person = pronoun in _PERSON_PRONOUNS
        current = next((s for s in self.sentences if s[0] <= position < s[1]), (position, position))
        same = [r for r in self.named if current[0] <= r.start < position and self._fits(r, wants_person)]
        if same:
            return same[-1].key
        for sentence in reversed([s for s in self.sentences if s[1] <= current[0]]):
            earlier = [r for r in self.named if sentence[0] <= r.start < sentence[1]
                       and self._fits(r, wants_person)]
            if earlier:
                return earlier[0].key
        return None

    def _fits(self, ref: Referent, wants_person: bool) -> bool:
        if ref.key.startswith("country:") or ref.key in MEDIA:
            return False
        return (self.index.actors[ref.key].kind == "person") == wants_person
