"""Where: gazetteer names, demonyms and '<Name> region' phrases, each with its spans."""

from __future__ import annotations

import re
from functools import lru_cache

from .. import gazetteer
from ..schema import Place, Span

_CAPITALISED = re.compile(r"[A-Z][\w\u2019'.-]*(?:[ -](?:of |the )?[A-Z][\w\u2019'-]*)*")
_REGION_SUFFIX = re.compile(r"\b([A-Z][a-z]+) (region|oblast|province|governorate)\b")
_POSSESSIVE = re.compile(r"(?:'s|\u2019s)$")


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
