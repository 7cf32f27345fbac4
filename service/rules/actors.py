"""Who: people and organisations from NER, governments named by head noun ('Ukraine's interior
ministry'), a table of well-known bodies and outlets; roles and affiliations from the parse.

The result is an `ActorIndex`: the actors plus every mention, so claims and positions can ask
"which actor is named here?" and resolve 'He' to the last person named.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span as EntSpan, Token

from rapidfuzz import fuzz

from .. import gazetteer
from ..names import same_name
from ..nlp import add_entities, entities, read_text, span_text, text_of, tokens
from ..schema import Actor, Claim, Position, Span
from ..text import Offsets, overlapping
from .syntax import first_conjunct

#: forms of address: they open a name ('Mr Smith') but give no role
_HONORIFICS = frozenset("mr mrs ms mme mlle dr".split())
TITLE_WORDS = frozenset(
    "president vice prime minister deputy foreign defence defense interior finance chancellor "
    "mayor governor spokesman spokeswoman spokesperson secretary state general ambassador envoy "
    "special commander king queen crown prince princess pope senator sen. rep. representative "
    "speaker leader supreme chairman chairwoman chair premier emir admiral colonel ayatollah "
    "chief director justice judge attorney minister congressman congresswoman lawmaker mp "
    "candidate former acting executive officer head sheikh lord lady sir dr. mr. mrs. ms. "
    "presidential democratic republican opposition party member lieutenant captain sergeant "
    "police army foreign-minister secretary-general counterpart superintendent inspector "
    "commissioner marshal brigadier major prosecutor sheriff constable ombudsman broadcaster "
    "journalist professor archbishop bishop cardinal reverend rabbi imam advisor adviser dr".split()
) | _HONORIFICS
GOVERNMENT_HEADS = frozenset(
    "ministry administration authorities government military army agency parliament "
    "cabinet police navy office service department guard force embassy congress senate "
    "court house assembly council".split()
)
ORGANISATION_HEADS = frozenset("committee commission party union bank organisation organization "
                               "company corporation movement".split())
KNOWN_BODIES: dict[str, tuple[str, str | None]] = {
    "Kremlin": ("government", "RU"), "White House": ("government", "US"),
    "Pentagon": ("government", "US"), "State Department": ("government", "US"),
    "Downing Street": ("government", "GB"), "NATO": ("organisation", None),
    "European Union": ("organisation", None), "EU": ("organisation", None),
    "United Nations": ("organisation", None), "UN": ("organisation", None),
    "IAEA": ("organisation", None), "OPEC": ("organisation", None), "G7": ("organisation", None),
    "Hamas": ("group", None), "Hezbollah": ("group", None), "Houthis": ("group", None),
    "Taliban": ("group", None), "Wagner Group": ("group", None),
    "Islamic State of Iraq and the Levant": ("group", None),
    "Islamic State of Iraq and Syria": ("group", None),
    "International Criminal Court": ("organisation", None),
}
MEDIA = frozenset((
    "Al Jazeera", "TASS", "Reuters", "Associated Press", "AP", "AFP", "RIA Novosti", "Interfax",
    "Ukrinform", "BBC", "CNN", "Xinhua", "Kyodo", "Yonhap", "Anadolu", "Bloomberg", "DPA",
    "Ukrainska Pravda", "Kyiv Independent", "Meduza", "Sputnik", "IRNA", "Sky News",
))
#: an organisation whose name says it is a news outlet
_MEDIA_NAME = re.compile(r"\b(?:News|Times|Post|Journal|Herald|Gazette|Tribune|Guardian|Telegraph|"
                         r"Press|Agency|Television|TV|Radio|Broadcasting|Daily|Weekly|Monitor|"
                         r"Reporter|Wire|Dispatch|Chronicle|Ledger|Bulletin|Courier)\b")
#: Capitalised phrases that are neither people nor bodies: platforms, wars, time zones.
NOT_ACTORS = frozenset((
    "Telegram", "Truth Social", "Facebook", "Twitter", "Instagram", "YouTube", "WhatsApp",
    "Second World War", "World War", "Cold War", "Radical Left", "Wikinews", "Brexit",
    "UTC", "GMT", "BST", "CET", "EST", "EDT", "PST", "PDT", "CST", "A.M", "P.M",
))
#: nouns of works and craft: a name they introduce is a title or a vessel, no actor ('the
#: 2018 film Black Panther', 'the Crew Dragon capsule', 'the tanker Stena Impero')
_WORK_NOUNS = frozenset("film movie series show novel book album song play documentary opera "
                        "musical painting spacecraft capsule rocket ship boat yacht ferry vessel "
                        "tanker aircraft helicopter satellite frigate destroyer submarine".split())
#: last words of names that are sites: a place, where NER calls it an organisation
SITE_HEADS = frozenset("airport hospital headquarters complex palace mosque church cathedral "
                       "station base stadium square bridge prison hotel museum temple hall mall "
                       "plaza".split())
#: last words of names that are laws, documents, events, streets or sites, not actors
_NOT_ACTOR_HEADS = SITE_HEADS | frozenset(
    "act constitution treaty accord convention bill law week day budget summit war games cup prize "
    "award street avenue sophia".split())
_FUNCTION_WORDS = frozenset(
    "the a an of and or in on at to as by for from with came is was were has have had said says "
    "that which who its their his her this these those both other new incoming former".split()
)
_KNOWN_NAMES = re.compile(r"\b(?:" + "|".join(
    re.escape(n) for n in sorted({*KNOWN_BODIES, *MEDIA}, key=len, reverse=True)) + r")\b")
_ACRONYM = re.compile(r"^[A-Z][A-Z.&]{1,7}$")
_BRACKETED_ACRONYM = re.compile(r" \(([A-Z][A-Z.&]{1,7})\)")
LOCATIVE_PREPS = frozenset("in at near from to into outside inside across around".split())
#: where an unknown name NER calls a person or body stands as a place: 'in Maidan Shahr'
_SITE_PREPS = frozenset("in at near".split())
PLACE_NOUNS = frozenset("capital city town village province region state port area district "
                          "county oblast governorate island".split())
#: last words that make a name a geographic feature or site wherever it stands
FEATURE_HEADS = frozenset("sea ocean gulf bay strait river lake mountains mountain range desert "
                          "island islands peninsula valley border field pipeline canal coast "
                          "plateau basin delta province oblast governorate prefecture county "
                          "district".split())
#: verbs whose object is where one goes or what one takes: 'entered Tell Tamer'
_ENTERED = frozenset("enter enters entered entering captured recaptured seized shelled reached "
                     "toured".split())
#: verbs whose object is a place, not a state acted on: 'visited Japan', 'leaving Thailand',
#: 'the Central European region, comprising Czechia, Hungary, Poland and Slovakia'
PLACE_VERBS = frozenset("visit visits visited visiting tour tours toured touring leave leaves "
                        "leaving left enter enters entered entering reach reaches reached "
                        "comprise comprises comprising comprised span spans spanning".split())
#: verbs after which 'to X' is where someone was moved: 'taken to the Medical University of X'
_MOVED_TO = frozenset("taken flown moved brought transferred travelled traveled returned "
                      "rushed airlifted evacuated fled".split())
#: 'the people of Qom': whose inhabitants
_INHABITANTS = frozenset("people residents inhabitants citizens".split())
_COPULAS = frozenset("be is are was were been being 's become becomes became remain remains "
                     "remained".split())
_REGION_ADJECTIVES = frozenset("autonomous special administrative federal capital".split())
_REGION_WORDS = frozenset("province district county oblast governorate prefecture region "
                          "island".split())
#: people who speak for the body named before them ('a Hampshire Police spokesman')
_VOICES = frozenset("spokesman spokeswoman spokesperson spokespeople official officials".split())
#: the forces and organs through which a state acts: 'US troops' is the United States acting
STATE_ARMS = frozenset("troops forces force military army armies navy navies air airstrike "
                       "airstrikes strike strikes helicopters jets warships soldiers government "
                       "officials diplomats embassy sanctions".split())
_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod"})
_ROLE_DEPS = frozenset({"compound", "amod", "nmod", "nummod"})
_NAME_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE", "FAC"})


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
    media: bool = False

    def to_actor(self, text: str) -> Actor:
        spans = sorted(set(self.spans))
        aliases = sorted({text[s:e] for s, e in spans} - {self.name})
        return Actor(name=self.name, kind=self.kind, role=self.role, affiliation=self.affiliation,
                     country_code=self.country_code, aliases=aliases,
                     mentions=[Span(start=s, end=e) for s, e in spans])


@dataclass
class ActorIndex:
    """Actors keyed by canonical name, plus each mention's offsets (kept sorted by start)."""

    text_length: int = 0
    actors: dict[str, FoundActor] = field(default_factory=dict)
    mentions: list[tuple[int, int, str]] = field(default_factory=list)
    _claimed: bytearray = field(default_factory=bytearray)

    def __post_init__(self) -> None:
        self._claimed = bytearray(self.text_length + 1)

    def add(self, key: str, actor: FoundActor, span: Offsets) -> bool:
        """Record a mention unless it overlaps one already recorded (specific ones come first)."""
        if any(self._claimed[span[0]:span[1]]):
            return False
        self._claimed[span[0]:span[1]] = b"\x01" * (span[1] - span[0])
        existing = self.actors.setdefault(key, actor)
        existing.spans.append(span)
        self.mentions.append((span[0], span[1], key))
        return True

    def claimed(self, start: int, end: int) -> bool:
        return any(self._claimed[start:end])

    def finish(self, text: str) -> None:
        """Merge bodies named two ways, then sort mentions for lookups by offset."""
        self._merge_same_bodies(self._introduced_acronyms(text) | self._owned_bodies())
        self.mentions.sort()
        self._starts = [m[0] for m in self.mentions]
        self._ends = [m[1] for m in self.mentions]

    def at(self, start: int, end: int) -> str | None:
        """The actor named by a mention overlapping [start, end), if any."""
        i = overlapping(self._starts, self._ends, start, end)
        return None if i is None else self.mentions[i][2]

    def _introduced_acronyms(self, text: str) -> dict[str, str]:
        """'the Federal Security Service (FSB)': the short name in brackets right after a body's
        name is a mention of that body, and an actor named so elsewhere is the same body,
        whatever its letters stand for."""
        by_name = {a.name: k for k, a in self.actors.items()}
        into: dict[str, str] = {}
        for start, end, key in list(self.mentions):
            match = _BRACKETED_ACRONYM.match(text, end, end + 12)
            if match is None or self.actors[key].kind == "person":
                continue
            short = by_name.get(match.group(1))
            if short is not None and short != key:
                into[short] = key
            self.add(key, self.actors[key], match.span(1))
        return into

    def _owned_bodies(self) -> dict[str, str]:
        """Short names of a body -> its key: 'Congress' for 'U.S. Congress', 'Constitutional
        Court' for "Taiwan's Constitutional Court", 'Parliament' for 'European Parliament' (a
        body's name without the country it belongs to; a one-word rest only where it is a body's
        head noun), and 'Court' for the one government body the article names whose head noun
        it is."""
        owned: dict[str, str] = {}
        for key, actor in self.actors.items():
            words = actor.name.split()
            for width in (1, 2):
                rest = words[width:]
                if (actor.kind != "person" and rest and _country_word(" ".join(words[:width]))
                        and (len(rest) > 1 or rest[0].lower() in GOVERNMENT_HEADS)):
                    owned.setdefault(" ".join(rest), key)
                    if "of" in rest and _short_for(head := " ".join(rest[:rest.index("of")]),
                                                   " ".join(rest)):  # 'House' for 'U.S. House of ...'
                        owned.setdefault(head, key)
        for head, key in self._sole_heads().items():
            owned.setdefault(head, key)
        return {key: owned[actor.name] for key, actor in self.actors.items()
                if actor.kind != "person" and owned.get(actor.name, key) != key}

    def _sole_heads(self) -> dict[str, str]:
        """Head noun -> the one government body named with it ('Court' -> 'Supreme Court of
        Puerto Rico', though also named 'Supreme Court'); none where two bodies share it."""
        heads: dict[str, list[str]] = {}
        for key, actor in self.actors.items():
            words = actor.name.split()
            head = words[words.index("of") - 1] if "of" in words[1:] else words[-1]
            if (actor.kind == "government" and len(words) > 1 and actor.name not in KNOWN_BODIES
                    and head.lower() in GOVERNMENT_HEADS):
                heads.setdefault(head, []).append(key)
        sole = {}
        for head, keys in heads.items():
            names = [self.actors[k].name for k in keys]
            keys = [k for k, n in zip(keys, names) if not any(_short_for(n, o) for o in names)]
            if len(keys) == 1:
                sole[head] = keys[0]
        return sole

    def _merge_same_bodies(self, into: dict[str, str]) -> None:
        """One actor for 'EU' and 'European Union', 'ANC' and 'African National Congress':
        bodies whose names are the same by `service.names`, an acronym and its expansion, or
        a name and the acronym `into` says it introduced. Compared within groups sharing a
        first letter, so the cost stays near-linear."""
        groups: dict[str, list[str]] = {}
        for key, actor in self.actors.items():
            if actor.kind != "person" and actor.spans:
                groups.setdefault(actor.name[:1].upper(), []).append(key)

        def final(key: str) -> str:
            while key in into:
                key = into[key]
            return key

        for keys in groups.values():
            for i, key in enumerate(keys[:200]):
                if key in into:  # introduced as an acronym: merged already
                    continue
                for other in keys[:i]:
                    target = final(other)
                    # the other's own name: 'House' is short for 'House of Representatives',
                    # which may be merged into 'United States House of Representatives' already
                    a, b = self.actors[key].name, self.actors[other].name
                    if target != key and (same_name([a], [b]) or _expands(a, b) or _expands(b, a)
                                          or _short_for(a, b) or _short_for(b, a)):
                        into[key] = target
                        break
        for key in list(into):
            merged, gone = self.actors[final(key)], self.actors.pop(key)
            merged.spans.extend(gone.spans)
            if len(gone.name) > len(merged.name):  # the fuller form names the actor
                merged.name = gone.name
            merged.role = merged.role or gone.role
            merged.affiliation = merged.affiliation or gone.affiliation
            merged.country_code = merged.country_code or gone.country_code
        self.mentions = [(s, e, final(k)) for s, e, k in self.mentions]

    def published(self, doc: Doc, cited: set[str], voices: Sequence[tuple[int, int]] = ()) -> list[Actor]:
        """The actors of `who`: not outlets that only relay, not names that only modify another
        noun ('the Senate Minority Leader', 'FBI agent', 'the Shinawatra family') or bodies only
        named as where something happens ('a trial in the Senate') unless they speak, hold a
        position or are its target (`cited`), or speak through an unnamed voice (`voices`: the
        spans of sources such as 'a Hampshire Police spokesman')."""
        text = text_of(doc)
        ordered = sorted((a for a in self.actors.values() if a.spans and not a.media
                          and (a.name in cited or not _only_modifier(doc, a) or any(
                              start <= s < e <= end for s, e in a.spans for start, end in voices))),
                         key=lambda a: min(a.spans))
        return [a.to_actor(text) for a in ordered]


def cited_actors(claims: list[Claim], positions: list[Position]) -> set[str]:
    """Names a briefing cites: speakers, outlets relaying them, position holders and targets."""
    return ({c.speaker for c in claims if c.speaker} | {c.via for c in claims if c.via}
            | {p.holder for p in positions} | {p.target for p in positions if p.target})


def voices(claims: list[Claim]) -> list[tuple[int, int]]:
    """The spans of unnamed sources that speak for a body ('a Hampshire Police spokesman',
    'Saudi officials'): their claims have no speaker, yet the body named in them speaks."""
    return [(c.source_span.start, c.source_span.end) for c in claims
            if c.speaker is None and c.source_span is not None
            and c.source.split()[-1].lower() in _VOICES]


def _only_modifier(doc: Doc, actor: FoundActor) -> bool:
    """Is every mention a modifier of another noun ('FBI agent'), or a body only as the place
    where something happens ('a trial in the Senate', 'no longer needed at the White House'),
    never a participant in a clause?"""
    for start, end in actor.spans:
        span = doc.char_span(start, end, alignment_mode="expand")
        root = span.root if span is not None else None
        if root is None:
            return False
        if root.dep_ == "pobj" and root.head.lower_ in ("in", "at") and actor.kind != "person":
            continue
        if actor.kind not in ("person", "country") and not _party(actor.name) and _persons_body(root):
            continue
        if (root.dep_ not in _MODIFIER_DEPS or not root.head.tag_.startswith("NN")
                or root.head.lower_ in STATE_ARMS):
            return False
    return True


def _party(name: str) -> bool:
    """A political party: an actor in its own right even where named as a person's party."""
    return name.split()[-1].lower() == "party"


def _persons_body(root: Token) -> bool:
    """'Steve Peers of the University of Essex', 'Jennifer Daskal ... and contributor to Slate':
    the body a person belongs to, named as who the person is, not as an actor."""
    if root.dep_ != "pobj" or root.head.lower_ not in ("of", "at", "to", "from"):
        return False
    owner = root.head.head
    if owner.dep_ in ("conj", "appos") and owner.tag_ == "NN":
        owner = owner.head  # 'and contributor to Slate'
    return owner.ent_type_ == "PERSON"


def _short_for(short: str, name: str) -> bool:
    """'House of Representatives' for 'United States House of Representatives' (its last
    words), 'House' or 'Supreme Court' for 'House of Representatives', 'Supreme Court of the
    United Kingdom' (its words before 'of', ending in a body's head noun: not 'House Judiciary
    Committee'), 'NBC' for 'NBC News', 'Ford' for 'Ford Motor Company'."""
    words, full = short.split(), name.split()
    if len(words) >= len(full):
        return False
    if full[-len(words):] == words and len(words) > 1:
        return True
    if _ACRONYM.match(short) and full[0] == short and _MEDIA_NAME.fullmatch(" ".join(full[1:])):
        return True  # 'NBC' for 'NBC News'
    if full[:len(words)] == words and full[-1].lower() in _COMPANY_WORDS:
        return True  # 'Ford' for 'Ford Motor Company'
    return (full[:len(words)] == words and full[len(words)] == "of"
            and words[-1].lower() in GOVERNMENT_HEADS)


def _expands(acronym: str, name: str) -> bool:
    """'ANC' stands for 'African National Congress' (initials of its capitalised words)."""
    if not _ACRONYM.match(acronym) or " " not in name:
        return False
    initials = "".join(w[0] for w in name.split() if w[0].isupper())
    return initials == acronym.replace(".", "")


def extract_actors(doc: Doc) -> ActorIndex:
    """Every actor and mention; specific matches (known bodies, 'X's ministry') claim text first."""
    text = text_of(doc)
    index = ActorIndex(text_length=len(text))
    _known_bodies(text, index)
    _described_outlets(doc, index)
    _country_bodies(doc, index)
    _leaders_bodies(doc, index)
    _named_entities(doc, index)
    _listening_outlets(doc, index)
    index.finish(text)
    return index


def _known_bodies(text: str, index: ActorIndex) -> None:
    for match in _KNOWN_NAMES.finditer(text):
        name = match.group()
        kind, code = KNOWN_BODIES.get(name) or ("organisation", None)
        affiliation = gazetteer.country_names().get(code) if code else None
        index.add(name, FoundActor(name=name, kind=kind, affiliation=affiliation,
                                   country_code=code, media=name in MEDIA), match.span())


#: nouns that say the name after them is a news outlet's: 'Polish broadcaster TVN24'
_OUTLET_NOUNS = frozenset("broadcaster newspaper tabloid daily outlet channel network website "
                          "newswire".split())
#: the same after 'news': 'news agency Fars', 'state news firm Saba'
_NEWS_NOUNS = frozenset("agency firm service site organisation organization".split())


def _described_outlets(doc: Doc, index: ActorIndex) -> None:
    """'Iranian news agency Fars reported', 'state broadcaster RTHK': the proper name right after
    an outlet noun is an outlet, whatever NER made of it (a facility, a place, nothing)."""
    for token in tokens(doc):
        if not _outlet_noun(token) or token.i + 1 >= len(doc):
            continue
        end = token.i + 1
        if doc[end].text == "The" and end + 1 < len(doc) and doc[end + 1].tag_ == "NNP":
            end += 1  # 'newspaper The Guardian'
        while end < len(doc) and doc[end].tag_ == "NNP" and doc[end].text[:1].isalnum():
            end += 1
        if end == token.i + 1 or doc[token.i + 1:end].text == "The":
            continue
        span = doc[token.i + 1:end]
        name = read_text(doc)[span.start_char:span.end_char]
        actor = index.actors.get(name) or FoundActor(name=name, kind="organisation", media=True)
        index.add(name, actor, (span.start_char, span.end_char))


#: verbs whose listener ('told AFP', 'said to Reuters', 'speaking on Voice of America', 'in
#: an interview with the BBC') passes the words on
_TOLD = frozenset("told tell tells telling informed".split())
_SPOKEN_THROUGH = frozenset("said say says spoke speak speaks speaking commented comment comments "
                            "talked talking told interview interviews".split())


def _listening_outlets(doc: Doc, index: ActorIndex) -> None:
    """An organisation named only as who was told ('told Agence France-Presse', 'commented to
    The EastAfrican', 'said on Voice of America's programme') relays the words: an outlet, no
    actor unless it speaks for itself. Governments and people told something stay actors."""
    for actor in index.actors.values():
        if actor.kind != "organisation" or actor.media or not actor.spans:
            continue
        roots = [span.root for s, e in actor.spans
                 if (span := doc.char_span(s, e, alignment_mode="expand")) is not None]
        if roots and all(_listener(root) for root in roots):
            actor.media = True


def _listener(root: Token) -> bool:
    """Is the mention who was told, or the medium spoken on ('told X', 'said to X', 'spoke on
    X's programme', 'an interview with X')?"""
    if root.dep_ == "poss":  # "Voice of America's programme"
        root = root.head
    if root.dep_ in ("dobj", "dative"):
        return root.head.lower_ in _TOLD
    return (root.dep_ == "pobj" and root.head.lower_ in ("to", "with", "on")
            and root.head.head.lower_ in _SPOKEN_THROUGH)


#: bodies named after the person who leads them: 'the Trump administration', 'the Biden campaign'
_LED_BODIES = {"administration": "government", "campaign": "organisation"}


def _leaders_bodies(doc: Doc, index: ActorIndex) -> None:
    """'the Trump administration', 'The Biden campaign criticized': a body named by a person's
    name before its head noun is an actor of its own, not the person."""
    for token in tokens(doc):
        kind = _LED_BODIES.get(token.lower_)
        if kind is None or not token.is_lower or token.i == 0:
            continue
        name_end = doc[token.i - 1]
        if name_end.ent_type_ != "PERSON" or name_end.dep_ != "compound" or name_end.head.i != token.i:
            continue
        first = name_end
        while first.i > 0 and doc[first.i - 1].ent_iob_ == "I" and first.ent_iob_ == "I":
            first = doc[first.i - 1]
        start, end = first.idx, token.idx + len(token)
        name = read_text(doc)[start:end]
        index.add(name, index.actors.get(name) or FoundActor(name=name, kind=kind), (start, end))


def _outlet_noun(token: Token) -> bool:
    return token.is_lower and (token.text in _OUTLET_NOUNS or (
        token.text in _NEWS_NOUNS and token.i > 0 and token.nbor(-1).lower_ == "news"))


def _country_bodies(doc: Doc, index: ActorIndex) -> None:
    """'Russian Defence Ministry', "Ukraine's interior ministry": a body named by its head noun
    after a country, up to four words back. 'Russian authorities' names no body: like 'Saudi
    officials', a source as written (`claims._UNNAMED_PEOPLE`), no actor."""
    for token in tokens(doc):
        head = token.lower_
        if (head not in GOVERNMENT_HEADS and head not in ORGANISATION_HEADS) or head == "authorities":
            continue
        after = token.nbor() if token.i + 1 < len(doc) else None
        if _outlet_noun(token) and after is not None and index.claimed(after.idx, after.idx + 1):
            continue  # 'Iranian news agency Fars': the agency is Fars
        for j in range(token.i - 1, max(token.i - 5, -1), -1):
            word = doc[j]
            if word.is_punct and word.text not in ("'s", "\u2019s"):
                break
            code = gazetteer.country_code_of(word.text)
            if not code and j > 0 and gazetteer.country_code_of(f"{doc[j - 1].text} {word.text}"):
                j -= 1  # 'South Korea's foreign ministry'
                word = doc[j]
                code = gazetteer.country_code_of(f"{word.text} {doc[j + 1].text}")
            if code and _inside_a_longer_name(word):
                break  # 'the Royal Canadian Mounted Police' is named in full, by NER
            if code:
                last = _entity_end(token)  # 'United States Department of Transportation'
                if last.lower_ in SITE_HEADS:
                    break  # 'Hong Kong Police Headquarters' is a building
                words = " ".join(t.lower_ for t in doc[j + 1:last.i + 1] if t.text not in ("'s", "\u2019s"))
                kind = "government" if head in GOVERNMENT_HEADS else "organisation"
                start, end = word.idx, last.idx + len(last)
                actor = FoundActor(name=read_text(doc)[start:end], kind=kind,
                                   affiliation=gazetteer.country_names().get(code), country_code=code)
                index.add(f"{code}|{words}", actor, (start, end))
                break
            if word.lower_ in _FUNCTION_WORDS:
                break


def _inside_a_longer_name(word: Token) -> bool:
    """Does an entity NER found begin with a word before this one (other than 'the' or a
    number: 'the 116th United States Congress' is the United States Congress)?"""
    if word.ent_iob_ != "I":
        return False
    doc, first = word.doc, word.i
    while first > 0 and doc[first].ent_iob_ == "I":
        first -= 1
    while first < word.i and (doc[first].lower_ == "the" or any(c.isdigit() for c in doc[first].text)):
        first += 1
    return first < word.i


def _entity_end(token: Token) -> Token:
    """The last token of the named entity the token is part of (itself when none goes on), or of
    the capitalised 'of' phrase a capitalised head takes ('House of Representatives', where NER
    stopped at 'United States')."""
    doc = token.doc
    while token.i + 1 < len(doc) and doc[token.i + 1].ent_iob_ == "I":
        token = doc[token.i + 1]
    if (token.text[:1].isupper() and token.i + 2 < len(doc) and doc[token.i + 1].lower_ == "of"
            and doc[token.i + 2].tag_ in ("NNP", "NNPS") and doc[token.i + 2].ent_iob_ != "B"):
        token = doc[token.i + 2]
        while (token.i + 1 < len(doc) and doc[token.i + 1].tag_ in ("NNP", "NNPS")
               and doc[token.i + 1].ent_iob_ != "B"):
            token = doc[token.i + 1]
    return token


def _named_entities(doc: Doc, index: ActorIndex) -> None:
    """People and organisations from NER; a surname (or a first name used alone) joins the
    full name, wherever each stands, also where NER mislabels the short form."""
    short_forms: dict[str, str] = {}
    skeletons: dict[str, str] = {}  # 'Usama bin Ladin' is 'Osama bin Laden' written another way
    ambiguous: set[str] = set()
    titled = _titled_names(doc)
    titled += _described_names(doc, {t for e in titled for t in range(e.start, e.end)})
    if titled:  # entities of the doc, so the parse-based rules see them as people too
        add_entities(doc, titled)
    people = [e for e in entities(doc) if e.label_ == "PERSON" and not _company(e)]
    person_words = {w for e in people for w in e.text.split()}
    for _ in range(2):  # a titled 'First Minister of Scotland Nicola Sturgeon' makes 'Sturgeon' a person's
        taken = {(e.start, e.end) for e in people}
        people += [e for e in entities(doc) if e.label_ in ("ORG", "NORP") and (e.start, e.end) not in taken
                   and _person_like(e, person_words)]
        person_words |= {w for e in people for w in e.text.split()}
    works = _work_titles(doc)
    if works:  # unless a person of that name is described ('Alan Kurdi, a Syrian child' and a ship)
        named = [(e, _clean(e)[0]) for e in people]
        works -= {name for e, name in named if name in works and _role(e)[0]}
        people = [e for e, name in named if name not in works]
    # full names first, so 'Smith' can join 'John Smith' wherever each stands
    for ent in sorted(people, key=lambda e: -len(e)):
        name, span = _clean_person(ent)
        if name is None or not _actor_name(ent, name, person=True) or gazetteer.country_code_of(name):
            continue
        words = name.split()
        if len(words) == 1 or _fold(name) in short_forms:  # 'Rivera Schatz' of 'Thomas Rivera Schatz'
            key = short_forms.get(_fold(name), name)
        else:  # 'Robert Mugabe' is the 'Robert Gabriel Mugabe' named before: same first and last
            same = short_forms.get(_fold(words[0]))
            key = skeletons.setdefault(_skeleton(name), same if same and same == short_forms.get(
                _fold(words[-1])) and same.split()[0] == words[0] else name)
        actor = index.actors.get(key) or FoundActor(name=key, kind="person")
        if index.add(key, actor, span):
            if len(words) > 1:
                forms = {words[0], words[-1]} | {w for w in words[1:-1] if len(w) > 2 and w.istitle()}
                if len(words) > 2 and words[-2].istitle():
                    forms.add(" ".join(words[-2:]))  # a double surname: 'Rivera Schatz'
                for form in forms:
                    if short_forms.setdefault(_fold(form), key) != key:
                        ambiguous.add(_fold(form))
            if actor.role is None:
                actor.role, actor.affiliation, actor.country_code = _role(ent)
    for form in ambiguous:  # 'Johnson' of two Johnsons joins neither
        short_forms.pop(form, None)
    surnames = {_fold(k.split()[-1]): k for k in set(short_forms.values())}
    for token in tokens(doc):  # surnames NER did not tag: one dictionary look-up per token
        if not token.text[:1].isupper():
            continue  # 'brown' the colour is not Gordon Brown
        form = _fold(token.text)
        key = surnames.get(form)
        if key is not None and short_forms.get(form) == key:
            index.add(key, index.actors[key], (token.idx, token.idx + len(token)))
    full_names = {a.name: k for k, a in index.actors.items() if a.kind == "person" and " " in a.name}
    for ent in entities(doc):
        if (ent.label_ == "ORG" or _company(ent)) and not index.claimed(ent.start_char, ent.end_char):
            name, span = _clean(ent)
            if name in works:
                continue
            person = _person_at_end(ent, full_names)
            if person is not None:  # 'told NPR Hamza bin Laden had', read as one organisation
                index.add(full_names[person[0]], index.actors[full_names[person[0]]], person[1])
            elif (key := short_forms.get(_fold(name or ""))) is not None:
                index.add(key, index.actors[key], span)
            elif name and _actor_name(ent, name) and not gazetteer.country_code_of(name):
                media = name in MEDIA or bool(_MEDIA_NAME.search(name))
                actor = index.actors.get(name) or FoundActor(name=name, kind=_org_kind(name), media=media)
                index.add(name, actor, span)
        elif ent.label_ == "NORP" and is_subject(ent.root):
            name, span = _clean(ent)
            if (key := short_forms.get(_fold(name or ""))) is not None:  # 'Petrosyan told': NER
                index.add(key, index.actors[key], span)  # calling the surname a nationality
            elif name and not _demonym(name):
                index.add(name, index.actors.get(name) or FoundActor(name=name, kind="group"), span)


#: last words that make a name a company's, whatever NER says ('Védelmi Ipari Kft')
_COMPANY_SUFFIXES = frozenset("ltd ltd. inc inc. corp corp. co. llc plc gmbh ag sa s.a. nv bv spa "
                              "kft zrt sarl oy ab as asa kk".split())
#: last words of a company's full name, whose first word alone names it ('Ford Motor Company')
_COMPANY_WORDS = frozenset("company corporation corp corp. inc inc. group holdings ltd ltd. plc "
                           "co. llc".split())


def _work_titles(doc: Doc) -> set[str]:
    """Names the text gives as a work's title or a craft's ('the film Black Panther', 'the
    Crew Dragon capsule', 'the submarine U.S.S. Grayback'): no actor, wherever they stand
    ('Boseman portrayed Black Panther')."""
    titles = set()
    for ent in entities(doc):
        root = ent.root
        if root.head.lower_ in _WORK_NOUNS and (
                root.dep_ == "appos" and root.head.i < ent.start
                or root.dep_ == "compound" and root.head.i == ent.end):
            titles.add(_clean(ent)[0])
    return titles


def _company(ent: EntSpan) -> bool:
    return len(ent) > 1 and ent[-1].lower_ in _COMPANY_SUFFIXES


def _is_title(token: Token) -> bool:
    """'Minister', and a plural one: 'Presidents X and Y', 'Representatives X, Y and Z'."""
    return token.lower_ in TITLE_WORDS or token.lower_[:-1] in TITLE_WORDS


def _titled_names(doc: Doc) -> list[EntSpan]:
    """Names NER missed after a title: 'Queen Elizabeth II', 'Presidents Muhammadu Buhari',
    'Princess Ubolratana Mahidol': two or more capitalised proper nouns outside every entity."""
    found = []
    for token in tokens(doc):
        if not _is_title(token):
            continue
        end = token.i + 1
        while (end < len(doc) and doc[end].tag_ in ("NNP", "NNPS") and doc[end].ent_iob_ == "O"
               and doc[end].text[:1].isupper() and doc[end].lower_ not in TITLE_WORDS):
            end += 1
        if end - token.i > 2 and (end == len(doc) or not doc[end].text[:1].isupper()):
            found.append(EntSpan(doc, token.i + 1, end, label="PERSON"))
    return found


#: title words that name what a person is ('a spokesman', 'the mayor'), not a modifier of one
#: ('prime', 'foreign', 'former') nor what a place or body is ('a U.S. state', 'the ruling party')
_PERSON_NOUNS = TITLE_WORDS - GOVERNMENT_HEADS - frozenset(
    "vice prime deputy foreign defence defense interior finance state special supreme former acting "
    "presidential democratic republican opposition party police army foreign-minister broadcaster "
    "king queen crown prince princess lord lady sir".split())


def _described_names(doc: Doc, taken: set[int]) -> list[EntSpan]:
    """Names NER missed or called a body or a building, which an apposition says are a person's:
    'Tomasz Kubiak, a fire service spokesman, told', 'Jan Egeland, the UN's chief of emergency
    relief, said', 'Dominic Hare, chief executive of the palace': two to four capitalised proper
    nouns, none a title or a body's word, outside every entity but ones wholly inside them."""
    found = []
    for token in tokens(doc):
        head = token.head
        if not (token.dep_ == "appos" and token.lower_ in _PERSON_NOUNS and head.i < token.i
                and head.tag_ == "NNP" and head.ent_type_ in ("", "ORG", "FAC")):
            continue
        start = head.i
        while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].head.i == head.i:
            start -= 1
        name = doc[start:head.i + 1]
        if (2 <= len(name) <= 4 and not taken & set(range(name.start, name.end))
                and all(t.tag_ == "NNP" and t.text[:1].isupper() and t.ent_type_ in ("", "ORG", "FAC")
                        and t.lower_ not in TITLE_WORDS and t.lower_ not in GOVERNMENT_HEADS
                        and t.lower_ not in ORGANISATION_HEADS for t in name)
                and not _crosses_an_entity(name) and not gazetteer.places().get(name.text)):
            found.append(EntSpan(doc, name.start, name.end, label="PERSON"))
    return found


def _crosses_an_entity(span: EntSpan) -> bool:
    """Whether an entity runs out of `span` at either end."""
    doc = span.doc
    return (span[0].ent_iob_ == "I" or (span.end < len(doc) and doc[span.end].ent_iob_ == "I"))


def _person_at_end(ent: EntSpan, full_names: dict[str, str]) -> tuple[str, Offsets] | None:
    """A known person's full name closing an entity after other words, and its offsets."""
    text = read_text(ent.doc)
    for first in ent[1:len(ent) - 1]:
        name = text[first.idx:ent.end_char]
        if name in full_names:
            return name, (first.idx, ent.end_char)
    return None


def _fold(name: str) -> str:
    """A name without its accents or case: 'Erdogan' is how many write 'Erdoğan', and 'Al-Quaety'
    opening a sentence is the 'al-Quaety' of 'Nabil Hasan al-Quaety'. (Called for every
    capitalised token: plain ASCII, most of them, skips the decomposition.)"""
    if name.isascii():
        return name.casefold()
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).casefold()


def _skeleton(name: str) -> str:
    """A name without its vowels: one key for the spellings transliteration gives one person
    ('Usama bin Ladin', 'Osama bin Laden'; 'Moammar', 'Muammar')."""
    return " ".join(re.sub(r"[aeiouy]", "", w.lower()) or w.lower() for w in _fold(name).split()
                    if not re.fullmatch(r"[a-z]\.", w))  # 'John R. Bolton' is 'John Bolton'


def _person_like(ent: EntSpan, person_words: set[str]) -> bool:
    """'Elnur Mammadli' labelled an organisation where 'Mammadli' (or a middle name: 'Ricardo
    Rosselló Nevares') is a person elsewhere, a title stands before or after it, or an 'of' names
    the body the person is of: two or three capitalised words, no body's head word."""
    text = span_text(ent)
    words = text.split()
    doc = ent.doc
    titled = ent.start > 0 and (doc[ent.start - 1].lower_ in TITLE_WORDS  # 'Foreign Minister X'
                                or (ent.start > 1 and doc[ent.start - 1].lower_ == "of"  # 'First
                                    and doc[ent.start - 2].lower_ in TITLE_WORDS))  # Minister of Y X'
    listed = ent.root.dep_ == "conj" and ent.root.head.ent_type_ == "PERSON"  # 'X, Y, and Z'
    apposed = ent.root.dep_ == "appos" and ent.root.head.lower_ in TITLE_WORDS  # 'a spokesperson, X,'
    described = any(c.dep_ == "appos" and c.lower_ in TITLE_WORDS  # 'X, Puerto Rico's governor,'
                    for c in ent.root.children)
    member = any(c.dep_ == "prep" and c.lower_ == "of" and any(  # "Nikki Holland of the UK's
        o.dep_ == "pobj" and o.ent_type_ == "ORG" for o in c.children)  # National Crime Agency"
        for c in ent.root.children)
    return (2 <= len(words) <= (4 if titled else 3)
            and (any(w in person_words for w in words[1:])  # 'Ricardo Rosselló Nevares'
                 or titled or listed or apposed or described or member)
            and all(w[:1].isupper() for w in words)
            and not any(w.lower() in GOVERNMENT_HEADS or w.lower() in ORGANISATION_HEADS for w in words)
            and not _MEDIA_NAME.search(text) and text not in KNOWN_BODIES)


def _actor_name(ent: EntSpan, name: str, person: bool = False) -> bool:
    """Not a platform, law, event or building ('Twitter', 'Tenure of Office Act', 'Hagia Sophia'),
    not the 'State' of 'Secretary of State', not a known place used as one ('in Halifax')."""
    if name in NOT_ACTORS or name.split()[-1].lower() in _NOT_ACTOR_HEADS or name.startswith("Operation "):
        return False
    if not person and name.split()[-1].lower() in TITLE_WORDS - GOVERNMENT_HEADS - ORGANISATION_HEADS:
        return False  # 'National Security Advisor', 'Prime Minister': a title NER called a body
    if gazetteer.joined_places(name):
        return False  # 'Omsk in Siberia', 'Kursk and Belgorod': NER joining two places
    root = ent.root
    if (root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lower_ in TITLE_WORDS
            and not person):  # a person is one: 'governor of Alaska Sarah Palin'
        return False
    return not used_as_place(ent, name) and (name not in place_names(ent.doc) or _acts(root))


def used_as_place(ent: EntSpan, name: str) -> bool:
    """A name NER calls a person or body that is a place here: a known place after a locative
    preposition ('in Omsk') or in apposition to a place noun ('the capital, Sanaa'), or a
    building or site by its last word ('John Radcliffe Hospital'); never a name a person's age
    follows, whatever list of places the parser put it in."""
    if _aged(ent):
        return False
    if name.split()[-1].lower() in SITE_HEADS:
        return True
    root = ent.root
    if _apposed_to_place_noun(root) or _before_its_country(ent):
        return True  # 'three provinces, Narathiwat, Pattani and Yala', 'Guayaquil, Ecuador in 2002'
    if gazetteer.places().get(name) is None:  # 'in Maidan Shahr', 'Maidan Wardak province'
        placed = ((root.dep_ == "pobj" and root.head.lower_ in _SITE_PREPS)
                  or (root.dep_ == "compound" and root.head.lower_ in PLACE_NOUNS))
        return (placed and not _body_like(name)
                and ent.label_ in ("PERSON", "ORG") and any(c.islower() for c in name)
                and not set(name.split()) & _acting_words(ent.doc))
    return after_locative(root) or (root.dep_ == "compound" and root.head.lower_ in PLACE_NOUNS)


def after_locative(root: Token) -> bool:
    """'in Omsk', 'flew to China'; not 'according to Defend America' (a source)."""
    head = root.head
    return (root.dep_ == "pobj" and head.lower_ in LOCATIVE_PREPS
            and not (head.lower_ == "to" and head.head.lower_ == "according"))


def place_names(doc: Doc) -> frozenset[str]:
    """Names the article uses as a place somewhere and as an actor nowhere, so every mention of
    them is the place: 'at Cusco' makes 'Cusco was the ancient capital' (NER: a person) the
    city too. A name is used as a place after a locative preposition ('near RAF Croughton'), as a
    feature ('Causeway Bay'), beside a place noun ('our biggest island Crete'), as what is entered
    ('entered Tell Tamer'), where someone is taken ('taken to X'), as whose people
    ('the people of Qom'), before a region word ('Qom Province'), or as a one-word city the
    gazetteer knows. It acts where it is a verb's subject other than a copula's ('Mahan flies
    fighters') or part of a person's full name; a country, an acronym or a body is never here.
    Built once per doc."""
    found = doc.user_data.get("place_names")
    if found is not None:
        return found
    places: set[str] = set()
    actors: set[str] = set()
    for ent in entities(doc):
        if ent.label_ not in ("PERSON", "ORG", "GPE", "LOC", "FAC"):
            continue
        name = _clean(ent)[0]
        if (name is None or not any(c.islower() for c in name) or gazetteer.country_code_of(name)
                or _body_like(name)):
            continue
        words = name.split()
        if (len(words) > 1 and words[-1].lower() in _REGION_WORDS and words[-1][:1].isupper()
                and words[-2].lower() not in _REGION_ADJECTIVES):
            places.add(" ".join(words[:-1]))  # 'Qom Province': Qom is that place
        if _acts(ent.root):
            actors.add(name)
        elif _place_use(ent, name):
            places.add(name)
    full_name_words = {w for e in entities(doc) if e.label_ == "PERSON" and len(e) > 1
                       and _clean(e)[0] not in places for w in e.text.split()}
    found = frozenset(n for n in places - actors if not set(n.split()) & full_name_words)
    doc.user_data["place_names"] = found
    return found


def _acts(root: Token) -> bool:
    """A verb's subject, other than a copula's: 'Mahan flies fighters', not 'Cusco was the capital'."""
    root = first_conjunct(root)
    if root.dep_ == "pobj" and root.head.dep_ == "agent":
        return True
    return root.dep_ == "nsubj" and root.head.lower_ not in _COPULAS


#: a person's age right after a name: 'Arnav Gupta, 33-year-old of Bethesda', 'X, aged 45,'
_AGE_AFTER = re.compile(r",\s+(?:an? )?(?:\d{1,3}-year-old\b|aged \d{1,3}\b)")


def _aged(ent: EntSpan) -> bool:
    """Does a person's age follow the name ('Washington DC, Arnav Gupta, 33-year-old of
    Bethesda')?"""
    return bool(_AGE_AFTER.match(text_of(ent.doc), ent.end_char))


def _place_use(ent: EntSpan, name: str) -> bool:
    """One mention used as a place (see `place_names`)."""
    root = ent.root
    if name.split()[-1].lower() in FEATURE_HEADS or used_as_place(ent, name):
        return True
    if len(name.split()) == 1 and ent.label_ in ("PERSON", "ORG"):
        entry = gazetteer.places().get(name)
        if entry is not None and entry.kind == "city":
            return True
    while root.dep_ == "conj" and ent.label_ != "PERSON" and root.head.ent_type_:
        root = root.head  # 'in Crete and Rhodes'; the parser joins people to places too often
    head = root.head
    if root.dep_ == "dobj":
        return head.lower_ in _ENTERED
    if root.dep_ != "pobj":
        return False
    return ((head.lower_ in LOCATIVE_PREPS and head.lower_ not in ("from", "to")
             and not (head.lower_ == "into" and head.head.tag_.startswith("NN")))  # 'an inquiry into X'
            or (head.lower_ == "to" and head.head.lower_ in _MOVED_TO)
            or (head.lower_ == "of" and (head.head.lower_ in _INHABITANTS  # 'the people of Qom'
                                         or head.head.lower_ in PLACE_NOUNS)))  # 'the city of Izmir'


def _apposed_to_place_noun(root: Token) -> bool:
    """'the capital, Sanaa', 'three provinces, Narathiwat, Pattani and Yala' (every conjunct)."""
    root = first_conjunct(root)
    head = root.head.lower_
    return root.dep_ == "appos" and root.head.is_lower and (
        head in PLACE_NOUNS or head.removesuffix("s") in PLACE_NOUNS
        or head.removesuffix("ies") + "y" in PLACE_NOUNS)


def _before_its_country(ent: EntSpan) -> bool:
    """'Guayaquil, Ecuador in July': a known place's name followed by a comma and a country or
    region that ends the phrase (not 'Smith, Texas Republican', not 'According to the
    Associated Press, Iran has')."""
    doc = ent.doc
    if ent.end + 2 > len(doc) or doc[ent.end].text != "," or gazetteer.places().get(ent.text) is None:
        return False
    for width in (1, 2):
        after = ent.end + 1 + width
        words = doc[ent.end + 1:after]
        entry = gazetteer.places().get(words.text) if words.text[:1].isupper() else None
        if entry is not None and entry.kind in ("country", "region"):
            return after >= len(doc) or not doc[after].tag_.startswith(("NN", "POS"))
    return False


def _acting_words(doc: Doc) -> set[str]:
    """Words of the people and bodies NER names anywhere but after 'in', 'at' or 'near': a name
    that shares one ('Trump', 'shouted at Lam') is an actor there too. Built once per doc."""
    words = doc.user_data.get("acting_words")
    if words is None:
        words = {w for e in entities(doc) if e.label_ in ("PERSON", "ORG")
                 and not (e.root.dep_ == "pobj" and e.root.head.lower_ in _SITE_PREPS)
                 and e.root.dep_ not in _MODIFIER_DEPS for w in e.text.split()}
        doc.user_data["acting_words"] = words
    return words


def _body_like(name: str) -> bool:
    """A name that reads as a body or outlet: a known one, or one with a body's head word."""
    words = {w.lower() for w in name.split()}
    return (name in KNOWN_BODIES or name in MEDIA or bool(_MEDIA_NAME.search(name))
            or bool(words & (GOVERNMENT_HEADS | ORGANISATION_HEADS)))


def _clean(ent: EntSpan) -> tuple[str | None, Offsets]:
    """An entity's name without a leading 'the' or a trailing possessive; None if no name."""
    tokens = [t for t in ent if not t.is_punct or t.text in ".&-"]
    paren = next((i for i, t in enumerate(ent) if t.text == "("), None)
    if paren is not None:  # 'African Continental Free Trade Area (AfCFTA'
        tokens = [t for t in tokens if t.i < ent[paren].i]
    while tokens and (tokens[0].lower_ == "the" or tokens[0].is_punct):
        tokens = tokens[1:]
    while tokens and (tokens[-1].text in ("'s", "\u2019s", "'", "\u2019") or tokens[-1].is_punct
                      or (tokens[-1].is_lower and not _hyphenated(tokens[-1]))):
        tokens = tokens[:-1]
    if not tokens:
        return None, (ent.start_char, ent.end_char)
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    read = read_text(ent.doc)
    name = read[start:end]
    if not name[:1].isupper() or not any(c.islower() for c in name) and not _ACRONYM.match(name):
        return None, (start, end)
    if ("\n" in name or len(tokens) > 8 or any(c.isdigit() or c in "[]" for c in name)
            or read[start - 1:start] in ("#", "@")):  # a hashtag or a handle
        return None, (start, end)
    return name, (start, end)


def _hyphenated(token: Token) -> bool:
    """'hyun' of 'Moo-hyun': a lower-case part joined to the name by a hyphen."""
    return token.i > 0 and token.nbor(-1).text == "-" and not token.nbor(-1).whitespace_


def _clean_person(ent: EntSpan) -> tuple[str | None, Offsets]:
    """A person's name without titles NER folded into it ('President Trump' -> 'Trump')."""
    name, (start, end) = _clean(ent)
    if name is None:
        return None, (start, end)
    tokens = [t for t in ent if start <= t.idx < end]
    while len(tokens) > 1 and _is_title(tokens[0]):
        tokens = tokens[1:]  # 'Chief Superintendent X', 'Representatives X, Y and Z'
    last_title = max((i for i, t in enumerate(tokens[:3]) if _is_title(t)), default=None)
    if last_title is not None and len(tokens) - last_title > 2:
        tokens = tokens[last_title + 1:]  # 'Detective Constable Daniel Dubé': a title word we lack first
    while len(tokens) > 2 and _not_a_given_name(tokens[0]):
        tokens = tokens[1:]  # 'told NPR Hamza bin Laden', 'Vermont Bernie Sanders'
    start = tokens[0].idx
    name = read_text(ent.doc)[start:end]
    if name.lower() in TITLE_WORDS:
        return None, (start, end)
    return name, (start, end)


def _not_a_given_name(token: Token) -> bool:
    """An acronym, a country or a region that NER ran into the person's name after it (cities
    are left alone: 'Paris', 'Florence' are given names too)."""
    entry = gazetteer.places().get(token.text)
    return bool(_ACRONYM.match(token.text)) or (entry is not None and entry.kind != "city")


def _role(ent: EntSpan) -> tuple[str | None, str | None, str | None]:
    """(role, affiliation, country code) from the words before the name ('Iranian Foreign
    Minister Abbas Araghchi') or an apposition after it ('John Smith, the mayor of Toronto')."""
    doc, root = ent.doc, ent.root
    inside = {t.i for t in ent}
    modifiers: list[Token] = []
    i = ent.start - 1
    while (i >= 0 and doc[i].dep_ in _ROLE_DEPS and doc[i].ent_type_ not in ("DATE", "TIME")
           and (doc[i].head.i in inside or doc[i].head in modifiers)):  # not 'on [Saturday] X'
        modifiers.insert(0, doc[i])
        i -= 1
    while (modifiers and modifiers[-1].tag_ == "NNP" and not modifiers[-1].ent_type_
           and modifiers[-1].lower_ not in TITLE_WORDS):
        modifiers.pop()  # 'Sadiq' of '[Sadiq] Khan' where NER took the surname alone
    titles = [t for t in ent if t.lower_ in TITLE_WORDS and t.i < root.i]
    modifiers = [t for t in (*modifiers, *titles)  # 'Mr Smith', 'Dr Gary Mortimer, retail expert':
                 if t.lower_.rstrip(".") not in _HONORIFICS]  # a form of address, no role
    if not modifiers:
        appos = next((c for c in root.rights if c.dep_ == "appos" and not c.ent_type_), None)
        if appos is None and root.dep_ == "appos" and root.head.lower_ in TITLE_WORDS:
            appos = root.head  # 'The mayor of London, Sadiq Khan,'
        if appos is None:
            return None, None, None
        modifiers = [t for t in appos.lefts if t.dep_ in _ROLE_DEPS] + [appos]
        for prep in (c for c in appos.rights if c.dep_ == "prep" and c.lower_ == "of"):
            modifiers += [t for t in prep.children if t.dep_ == "pobj" and t.ent_type_ in _NAME_LABELS]
    affiliation, code = None, None
    role_tokens = []
    for token in modifiers:
        if token.ent_type_ == "CARDINAL":
            continue  # 'One senator, Eduardo Bhatia': a count, no part of the role
        if token.i in inside and token.lower_ in TITLE_WORDS:
            role_tokens.append(token)  # a title NER took into the name
        elif token.ent_type_ in _NAME_LABELS or gazetteer.country_code_of(token.text):
            if affiliation is None:
                affiliation, code = _affiliation(token)
        else:
            role_tokens.append(token)
    if not role_tokens:
        return None, affiliation, code
    if not role_tokens[-1].tag_.startswith("NN") and role_tokens[-1].lower_ not in TITLE_WORDS:
        return None, affiliation, code  # '28-year-old Usman Khan': no role names an age
    role = read_text(doc)[role_tokens[0].idx:role_tokens[-1].idx + len(role_tokens[-1])]
    if len(role_tokens) == 1:
        role = _canonical_title(role)
    good = len(role_tokens) <= 5 and role[:1].isalpha() and role[-1:].isalpha()  # not 'photo-'
    return (role if good else None), affiliation, code


def _canonical_title(word: str) -> str:
    """A misspelt one-word title as the title it stands for ('Presiden' -> 'President')."""
    if word[:1].isupper() and len(word) >= 6 and word.lower() not in TITLE_WORDS:
        best = max(TITLE_WORDS, key=lambda t: fuzz.ratio(word.lower(), t))
        if fuzz.ratio(word.lower(), best) >= 88:
            return best.title()
    return word


def _affiliation(token: Token) -> tuple[str | None, str | None]:
    """('Russian' -> Russia, RU), ('Moscow' -> Moscow, RU), ('BJP' -> BJP, None); the whole
    entity where it names a country too ('South Sudanese' -> South Sudan, not 'Sudanese')."""
    whole = entity_text(token).removesuffix("'s").removesuffix("\u2019s").removeprefix("the ")
    word = token.text if gazetteer.country_code_of(token.text) and not gazetteer.country_code_of(whole) else whole
    code = gazetteer.country_code_of(word)
    if code:
        return gazetteer.country_names().get(code, word), code
    if word in KNOWN_BODIES:
        return word, KNOWN_BODIES[word][1]
    place = gazetteer.places().get(word)
    return word, place.country_code if place is not None else None


def entity_text(token: Token) -> str:
    """The whole named entity a token belongs to (the token alone when it is in none)."""
    doc, start, end = token.doc, token.i, token.i + 1
    if not token.ent_type_:
        return token.text
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end].text


def _org_kind(name: str) -> str:
    if name in KNOWN_BODIES:
        return KNOWN_BODIES[name][0]
    words = name.lower().split()
    return "government" if any(w in GOVERNMENT_HEADS for w in words) else "organisation"


def is_subject(token: Token) -> bool:
    """'Russia launched', 'Armenia and Azerbaijan agreed', 'hosted by Switzerland'."""
    token = first_conjunct(token)  # 'Australia, Bahrain and the UK'
    if token.dep_ == "pobj" and token.head.lower_ == "including" and token.head.head.i != token.i:
        return is_subject(token.head.head)  # 'countries including Algeria and Morocco have cited'
    return token.dep_ in ("nsubj", "nsubjpass") or (token.dep_ == "pobj" and token.head.dep_ == "agent")


def _country_word(words: str) -> bool:
    """'U.S.', "Taiwan's", 'United States', 'European': a country or its adjective."""
    return bool(gazetteer.country_code_of(words)) or words == "European"


def _demonym(name: str) -> bool:
    """'Russian', 'Russians', 'Americans', 'Kosovans': nationalities, not groups that act (but
    'Republicans' is a party's members)."""
    return (name in gazetteer.DEMONYMS or name.rstrip("s") in gazetteer.DEMONYMS
            or (name.endswith("ans") and not name.endswith("licans")))
