"""Where: gazetteer names, demonyms and '<Name> region' phrases, each with its spans."""

from __future__ import annotations

import re
from functools import lru_cache

from .. import gazetteer
from ..schema import Place, Span

_CAPITALISED = re.compile(r"[A-Z][\w\u2019'.-]*(?:[ -](?:of |the )?[A-Z][\w\u2019'-]*)*")
_REGION_SUFFIX = re.compile(r"\b([A-Z][a-z]+) (region|oblast|province|governorate)\b")
_POSSESSIVE = re.compile(r"(?:'s|\u2019s)$")
_LOCATIVE = frozenset("in into at near over across from to towards toward around outside inside "
                      "within throughout off on of via through between southern northern eastern "
                      "western central south north east west".split())
_SKIPPED = frozenset("and or the".split())
_WORD_BEFORE = re.compile(r"([\w'\u2019-]+)[\s,]*$")


@lru_cache(maxsize=16)
def _candidates(text: str) -> tuple[tuple[int, int, str], ...]:
    """Every sub-phrase of every capitalised run, each run's longest phrases first."""
    return tuple(c for m in _CAPITALISED.finditer(text) for c in _sub_phrases(m.group(), m.start()))


def countries_named(text: str) -> set[str]:
    """ISO codes of the countries the article names, by name or demonym."""
    return {code for _, _, name in _candidates(text) if (code := gazetteer.country_code_of(name))}


def extract_places(text: str, exclude: list[tuple[int, int]] = ()) -> list[Place]:
    """Every recognised place, merged by name, in order of first mention.

    `exclude` holds spans already known to be something else (a person's name: 'Vladimir').
    """
    named = countries_named(text)
    found: dict[str, Place] = {}

    def add(name: str, kind: str, code: str | None, start: int, end: int) -> None:
        span = Span(start=start, end=end)
        place = found.get(name)
        if place is None:
            found[name] = Place(name=name, kind=kind, country_code=code, mentions=[span])
        elif all(m.start != start for m in place.mentions):
            place.mentions.append(span)

    for match in _REGION_SUFFIX.finditer(text):
        entry = gazetteer.lookup(match.group(1), named)
        if entry is not None:
            add(match.group(), "region", entry.country_code, match.start(), match.end())
    claimed = bytearray(len(text) + 1)  # 1 where a character already belongs to a name
    for s, e in [(m.start, m.end) for p in found.values() for m in p.mentions] + list(exclude):
        claimed[s:e] = b"\x01" * (e - s)
    for start, end, name in _candidates(text):
        if claimed[start]:
            continue
        demonym = gazetteer.DEMONYMS.get(name)
        if demonym:
            country = gazetteer.country_names().get(demonym, name)
            add(country, "country", demonym, start, end)
            claimed[start:end] = b"\x01" * (end - start)
            continue
        entry = gazetteer.lookup(name, named)
        if entry is not None:
            if entry.kind == "country":
                name = gazetteer.country_names().get(entry.country_code or "", name)
            add(name, entry.kind, entry.country_code, start, end)
            claimed[start:end] = b"\x01" * (end - start)
    places = sorted(found.values(), key=lambda p: p.mentions[0].start)
    for place in places:
        place.mentions.sort(key=lambda m: m.start)
    return places


def _sub_phrases(phrase: str, offset: int) -> list[tuple[int, int, str]]:
    """Candidate names inside a capitalised run, longest first, possessives stripped."""
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", phrase)]
    out: list[tuple[int, int, str]] = []
    for size in range(min(len(words), 4), 0, -1):
        for i in range(len(words) - size + 1):
            start, end = words[i][0], words[i + size - 1][1]
            name = _POSSESSIVE.sub("", phrase[start:end]).rstrip(".,")
            if name.endswith(".") and name not in gazetteer.COUNTRY_ALIASES:
                name = name.rstrip(".")
            out.append((offset + start, offset + start + len(name), name))
    return out


def located(text: str, place: Place, story_start: int) -> bool:
    """Is the place used as a location somewhere: in the dateline, or after a locative word
    ('in Odesa', 'into Essequibo', 'southern Ukraine', 'in Kursk, Bryansk and Belgorod')? A
    country named only as an actor ('Russia launched'), an adjective ('Russian drones') or an
    owner ("Russia's ambassador"), or a capital standing for its government ('accused Moscow'),
    is not a place of the story. Other cities, regions and sites are places by nature."""
    if place.kind != "country" and not (place.kind == "city" and place.name in gazetteer.capitals()):
        return True
    for mention in place.mentions:
        if mention.start < story_start:
            return True
        word = text[mention.start:mention.end]
        if word in gazetteer.DEMONYMS or text.startswith(("'s", "\u2019s"), mention.end):
            continue
        if after_locative(text, mention.start):
            return True
    return False


def after_locative(text: str, index: int) -> bool:
    """The nearest lowercase word before `index`, skipping names, commas, 'and', 'the'."""
    window = text[max(0, index - 120):index]
    while (match := _WORD_BEFORE.search(window)) is not None:
        word = match.group(1)
        if word.lower() in _LOCATIVE and not word[0].isupper():
            return True
        if not (word[0].isupper() or word in _SKIPPED or "-" in word):
            return False
        window = window[:match.start()]
    return False
