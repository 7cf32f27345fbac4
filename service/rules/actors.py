"""Who: people from titles and capitalised names, governments and organisations from their
head nouns ('Defence Ministry', 'authorities') and a table of well-known bodies.

The result is an `ActorIndex`: the actors plus every mention, so claims and positions can ask
"which actor is named here?" and resolve 'He' to the last person named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz

from .. import gazetteer
from ..names import same_name
from ..schema import Actor, Span
from ..text import Offsets, find_quotes

TITLES: dict[str, str] = {t.lower(): t for t in (
    "President", "Vice President", "Prime Minister", "Deputy Prime Minister", "Foreign Minister",
    "Defence Minister", "Defense Minister", "Interior Minister", "Finance Minister", "Minister",
    "Chancellor", "Mayor", "Governor", "Spokesman", "Spokeswoman", "Spokesperson",
    "Secretary of State", "Secretary-General", "Secretary General", "Secretary", "Ambassador",
    "Envoy", "Special Envoy", "General", "Commander", "King", "Queen", "Crown Prince", "Prince",
    "Pope", "Senator", "Speaker", "Leader", "Supreme Leader", "Chairman", "Chairwoman", "Premier",
    "Emir", "Admiral", "Colonel", "Ayatollah", "Foreign Secretary", "Chief", "Director",
)}
_TITLE_WORDS = frozenset(w for t in TITLES for w in t.split())
_TITLE_FIRST_WORDS = frozenset(t.split()[0] for t in TITLES)

GOVERNMENT_HEADS = frozenset(
    "ministry administration authorities government military army forces agency parliament "
    "cabinet police navy office service department guard officials force embassy".split()
)
ORGANISATION_HEADS = frozenset("council committee commission party union bank court organisation "
                               "organization assembly company corporation movement".split())
KNOWN_BODIES: dict[str, tuple[str, str | None]] = {
    "Kremlin": ("government", "RU"), "White House": ("government", "US"),
    "Pentagon": ("government", "US"), "State Department": ("government", "US"),
    "Downing Street": ("government", "GB"), "NATO": ("organisation", None),
    "European Union": ("organisation", None), "EU": ("organisation", None),
    "United Nations": ("organisation", None), "UN": ("organisation", None),
    "IAEA": ("organisation", None), "OPEC": ("organisation", None), "G7": ("organisation", None),
    "Hamas": ("group", None), "Hezbollah": ("group", None), "Houthis": ("group", None),
    "Taliban": ("group", None), "Wagner Group": ("group", None),
    "International Criminal Court": ("organisation", None),
}
MEDIA = frozenset((
    "Al Jazeera", "TASS", "Reuters", "Associated Press", "AP", "AFP", "RIA Novosti", "Interfax",
    "Ukrinform", "BBC", "CNN", "Xinhua", "Kyodo", "Yonhap", "Anadolu", "Bloomberg", "DPA",
    "Ukrainska Pravda", "Kyiv Independent", "Meduza", "Sputnik", "IRNA", "Sky News",
))
#: Capitalised phrases that are neither people nor bodies: platforms, wars, sentence starters.
NOT_ACTORS = frozenset((
    "Telegram", "Truth Social", "Facebook", "Twitter", "Instagram", "YouTube", "WhatsApp",
    "Second World War", "World War", "Cold War", "Radical Left",
))
_COMMON = frozenset(
    "The A An In On At By For From Before After Meanwhile According Amid Earlier Later It He She "
    "They We I This That These Those Two Three Four Both Other Some As But And Or If When While "
    "Since Although However Also Such Several His Her Their Its Our Last Next With Without Despite "
    "Under Over Into Let All Settle Monday Tuesday Wednesday Thursday Friday Saturday Sunday "
    "January February March April May June July August September October November December "
    "Spokesman Spokeswoman Officials Authorities Ministry".split()
)
_NAME = r"[A-Z](?:[a-z]+|'[A-Z][a-z]+)(?:-[A-Z][a-z]+)?"
_PERSON_RUN = re.compile(rf"{_NAME}(?: {_NAME}){{1,2}}")
_TOKEN = re.compile(r"[A-Za-z](?:[A-Za-z.-]*[A-Za-z])?(?:['\u2019][A-Za-z]+)?")
_FUNCTION_WORDS = frozenset(
    "the a an of and or in on at to as by for from with came is was were has have had said says "
    "that which who its their his her this these those both other new incoming former".split()
)
_KNOWN_NAMES = re.compile(r"\b(?:" + "|".join(
    re.escape(n) for n in sorted({*KNOWN_BODIES, *MEDIA}, key=len, reverse=True)) + r")\b")
_SPEECH_AFTER = re.compile(r" (?:said|says|told|added|wrote|stated|announced)\b")


@dataclass
class FoundActor:
    """An actor as it is being assembled, before it becomes a published `Actor`."""

    name: str
    kind: str
    role: str | None = None
    affiliation: str | None = None
    country_code: str | None = None
    aliases: list[str] = field(default_factory=list)
    spans: list[Offsets] = field(default_factory=list)

    def to_actor(self, text: str) -> Actor:
        spans = sorted(set(self.spans))
        aliases = sorted({text[s:e] for s, e in spans} - {self.name})
        return Actor(name=self.name, kind=self.kind, role=self.role, affiliation=self.affiliation,
                     country_code=self.country_code, aliases=aliases,
                     mentions=[Span(start=s, end=e) for s, e in spans])


@dataclass
class ActorIndex:
    """Actors keyed by canonical name, plus each mention's offsets, in text order."""

    actors: dict[str, FoundActor] = field(default_factory=dict)
    mentions: list[tuple[int, int, str]] = field(default_factory=list)

    def add(self, key: str, actor: FoundActor, span: Offsets) -> bool:
        """Record a mention unless it overlaps one already recorded (longer ones come first)."""
        if any(s < span[1] and span[0] < e for s, e, _ in self.mentions):
            return False
        existing = self.actors.setdefault(key, actor)
        existing.spans.append(span)
        self.mentions.append((span[0], span[1], key))
        return True

    def merge_same_bodies(self) -> None:
        """One actor for 'EU' and 'European Union', 'State Department' and 'US State Department':
        bodies whose names are the same by `service.names` (people are linked by surname already)."""
        keys = [k for k, a in self.actors.items() if a.kind != "person" and a.spans]
        into: dict[str, str] = {}
        for i, key in enumerate(keys):
            for other in keys[:i]:
                target = into.get(other, other)
                if same_name([self.actors[key].name], [self.actors[target].name]):
                    into[key] = target
                    break
        for key, target in into.items():
            merged, gone = self.actors[target], self.actors.pop(key)
            merged.spans.extend(gone.spans)
            if len(gone.name) > len(merged.name):  # the fuller form names the actor
                merged.name = gone.name
            merged.role = merged.role or gone.role
            merged.affiliation = merged.affiliation or gone.affiliation
            merged.country_code = merged.country_code or gone.country_code
        self.mentions = [(s, e, into.get(k, k)) for s, e, k in self.mentions]

    def in_range(self, start: int, end: int) -> list[tuple[int, int, str]]:
        return sorted(m for m in self.mentions if start <= m[0] and m[1] <= end)

    def published(self, text: str) -> list[Actor]:
        ordered = sorted(self.actors.values(), key=lambda a: min(a.spans))
        return [a.to_actor(text) for a in ordered if a.spans]


@lru_cache(maxsize=4096)
def title_of(word: str) -> str | None:
    """The canonical title for a word, forgiving one typo ('Presiden' -> 'President')."""
    lowered = word.lower()
    if lowered in TITLES:
        return TITLES[lowered]
    if len(lowered) >= 6:
        for key, title in TITLES.items():
            if " " not in key and fuzz.ratio(lowered, key) >= 88:
                return title
    return None


def _affiliation(word: str | None) -> tuple[str | None, str | None]:
    """('Russian' -> Russia, RU), ('Moscow' -> Moscow, RU), ('Kremlin' -> Kremlin, RU)."""
    if not word:
        return None, None
    word = word.removesuffix("'s").removesuffix("\u2019s")
    code = gazetteer.country_code_of(word)
    if code:
        return gazetteer.country_names().get(code, word), code
    if word in KNOWN_BODIES:
        return word, KNOWN_BODIES[word][1]
    place = gazetteer.places().get(word)
    if place is not None:
        return word, place.country_code
    return None, None


def _strip_possessive(word: str) -> str:
    return re.sub(r"['\u2019]s$", "", word)


def _is_name_word(word: str, allow_places: bool = False) -> bool:
    """Could this word be part of a person's name? After a title a city name may be a first
    name ('President Vladimir Putin'); elsewhere it is taken as the place."""
    return (word not in _COMMON and word.lower() not in _TITLE_WORDS
            and (allow_places or word not in gazetteer.places())
            and gazetteer.country_code_of(word) is None and word not in KNOWN_BODIES)


def extract_actors(text: str) -> ActorIndex:
    """Find every actor and mention; longer, more specific matches claim their text first."""
    index = ActorIndex()
    quotes = find_quotes(text)
    tokens = _tokens(text)
    _titled_people(text, index, tokens)
    _bodies(text, index, tokens)
    _untitled_people(text, index, quotes)
    _surnames(text, index)
    index.merge_same_bodies()
    return index


Token = tuple[int, int, str]


def _tokens(text: str) -> list[Token]:
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


def _adjacent(text: str, left: Token, right: Token) -> bool:
    return text[left[1]:right[0]] == " "


def _titled_people(text: str, index: ActorIndex, tokens: list[Token]) -> None:
    """'Moscow Mayor Sergei Sobyanin', 'Russian Presiden Vladimir Putin', 'spokesman Peskov'."""
    i = 0
    while i < len(tokens):
        title, size = _title_at(text, tokens, i)
        names: list[Token] = []
        j = i + size
        while title and j < len(tokens) and len(names) < 3 and _adjacent(text, tokens[j - 1], tokens[j]):
            word = _strip_possessive(tokens[j][2])
            if not (re.fullmatch(_NAME, word) and _is_name_word(word, allow_places=True)):
                break
            names.append((tokens[j][0], tokens[j][0] + len(word), word))
            j += 1
            if word != tokens[j - 1][2]:
                break
        if not names:
            i += 1
            continue
        affiliation, code = (None, None)
        if i > 0 and _adjacent(text, tokens[i - 1], tokens[i]):
            affiliation, code = _affiliation(tokens[i - 1][2])
        start = tokens[i - 1][0] if affiliation else tokens[i][0]
        _add_person(index, " ".join(t[2] for t in names), (start, names[-1][1]),
                    title, affiliation, code)
        i = j


def _title_at(text: str, tokens: list[Token], i: int) -> tuple[str | None, int]:
    """The longest title starting at token i (up to three words), and its length in tokens."""
    first = tokens[i][2]
    known_start = first.lower() in _TITLE_FIRST_WORDS
    if not known_start and not (first[0].isupper() and len(first) >= 6):
        return None, 0
    for size in (3, 2, 1) if known_start else (1,):  # else only a misspelt one-word title can match
        part = tokens[i:i + size]
        if len(part) < size or any(not _adjacent(text, a, b) for a, b in zip(part, part[1:])):
            continue
        title = TITLES.get(" ".join(t[2] for t in part).lower())
        if title is None and size == 1 and part[0][2][0].isupper():
            title = title_of(part[0][2])
        if title:
            return title, size
    return None, 0


def _add_person(index: ActorIndex, name: str, span: Offsets, title: str,
                affiliation: str | None, code: str | None) -> None:
    key = _person_key(index, name)
    actor = index.actors.get(key) if key else None
    if actor is None:
        actor = FoundActor(name=name, kind="person", role=title, affiliation=affiliation,
                           country_code=code)
    elif actor.role is None or (affiliation and not actor.affiliation):
        actor.role, actor.affiliation, actor.country_code = title, affiliation, code
    index.add(key or name, actor, span)


def _person_key(index: ActorIndex, name: str) -> str | None:
    """The key of a known person this name refers to ('Putin' -> 'Vladimir Putin')."""
    last = name.split()[-1]
    for key, actor in index.actors.items():
        if actor.kind == "person" and (key == name or key.split()[-1] == last):
            if len(name.split()) > len(key.split()):
                index.actors[name] = index.actors.pop(key)
                index.actors[name].name = name
                index.mentions = [(s, e, name if k == key else k) for s, e, k in index.mentions]
                return name
            return key
    return None


def _bodies(text: str, index: ActorIndex, tokens: list[Token]) -> None:
    """'Russian Defence Ministry', "Ukraine's interior ministry", 'Russian authorities'."""
    for i, (_, head_end, word) in enumerate(tokens):
        head = word.lower()
        if head not in GOVERNMENT_HEADS and head not in ORGANISATION_HEADS:
            continue
        for j in range(i - 1, max(i - 5, -1), -1):
            if not _adjacent(text, tokens[j], tokens[j + 1]):
                break
            affiliation, code = _affiliation(tokens[j][2])
            if code and gazetteer.country_code_of(tokens[j][2]):
                words = " ".join(t[2] for t in tokens[j + 1:i + 1]).lower()
                kind = "government" if head in GOVERNMENT_HEADS or head == "council" else "organisation"
                actor = FoundActor(name=text[tokens[j][0]:head_end], kind=kind,
                                   affiliation=affiliation, country_code=code)
                index.add(f"{code}|{words}", actor, (tokens[j][0], head_end))
                break
            if tokens[j][2].lower() in _FUNCTION_WORDS:
                break
    for match in _KNOWN_NAMES.finditer(text):
        name = match.group()
        kind, code = KNOWN_BODIES.get(name) or ("organisation", None)
        affiliation = gazetteer.country_names().get(code) if code else None
        index.add(name, FoundActor(name=name, kind=kind, affiliation=affiliation,
                                   country_code=code), match.span())
    for match in re.finditer(r"\b(?:[A-Z][a-z]+ ){1,3}(?:Ministry|Agency|Council|Committee|Party|"
                             r"Commission|Parliament|Army|Forces|Guard)\b", text):
        name = " ".join(w for w in match.group().split() if w not in _COMMON)
        start = match.end() - len(name)
        if name and name not in NOT_ACTORS:
            index.add(name, FoundActor(name=name, kind="organisation"), (start, match.end()))


def _untitled_people(text: str, index: ActorIndex, quotes: list[Offsets]) -> None:
    """'Donald Trump' with no title; single names only when they speak ('Zelensky said')."""
    for match in _PERSON_RUN.finditer(text):
        if (any(s <= match.start() < e for s, e in quotes) or match.group() in NOT_ACTORS
                or match.group() in gazetteer.places()):
            continue
        words = match.group().split()
        if all(_is_name_word(w) for w in words):
            key = _person_key(index, match.group()) or match.group()
            index.add(key, index.actors.get(key) or FoundActor(name=key, kind="person"), match.span())
    for match in re.finditer(rf"\b{_NAME}\b", text):
        word = match.group()
        if (_SPEECH_AFTER.match(text, match.end()) and _is_name_word(word)
                and word not in NOT_ACTORS and not any(s <= match.start() < e for s, e in quotes)):
            key = _person_key(index, word) or word
            index.add(key, index.actors.get(key) or FoundActor(name=key, kind="person"), match.span())


def _surnames(text: str, index: ActorIndex) -> None:
    for key, actor in list(index.actors.items()):
        if actor.kind != "person":
            continue
        for form in {key, key.split()[-1]}:
            for match in re.finditer(rf"\b{re.escape(form)}\b", text):
                index.add(key, actor, match.span())
