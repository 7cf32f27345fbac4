"""Who is meant by a token: named actors, countries acting as actors, pronouns.

Claims and positions both ask "which actor does this subject (or object) name?"; this is the one
place that answers, so both resolve 'he', 'the ministry' and 'Russia' the same way. Lookups are
by bisection over mentions sorted by offset, so a long article costs no more per question.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from .. import gazetteer
from ..nlp import sentences, tokens
from ..schema import Place
from ..text import overlapping
from .actors import (GOVERNMENT_HEADS, PLACE_VERBS, STATE_ARMS, TITLE_WORDS, ActorIndex, FoundActor,
                     is_subject)
from .syntax import first_conjunct, is_document

_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
_BODY_PRONOUNS = frozenset({"it"})
#: title words that qualify a title rather than head it ('foreign' of 'foreign minister')
_TITLE_MODIFIERS = frozenset("vice prime deputy foreign defence defense interior finance state general "
                             "special crown supreme former acting executive presidential democratic "
                             "republican opposition party police army".split())


def _canonical(key: str) -> str:
    """A capital standing for its government is its country ('capital:Russia' -> 'country:Russia')."""
    return "country:" + key.split(":", 1)[1] if key.startswith("capital:") else key


@dataclass(frozen=True)
class Referent:
    """A mention that names (or points back to) an actor."""

    start: int
    end: int
    key: str
    pronoun: bool = False


def _acted_on(token: Token) -> bool:
    """A country a state acts on ('sanctioned Iran', 'sanctions on Iran', 'war against Iraq') or
    that acts through its forces or government ('US troops', 'the navies of China and India')."""
    token = first_conjunct(token)
    if token.dep_ == "dobj" and token.head.tag_.startswith("VB"):
        return token.head.lower_ not in PLACE_VERBS  # not 'visited Japan'
    if token.dep_ in ("compound", "amod", "nmod", "poss") and token.head.lower_ in STATE_ARMS:
        return True
    if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.lower_ in STATE_ARMS:
        return True
    return token.dep_ == "pobj" and token.head.lower_ in ("on", "against", "with") and \
        token.head.head.tag_.startswith(("NN", "VB"))


def _is_state(ref: Referent) -> bool:
    """A country, or a capital standing for one."""
    return ref.key.split(":", 1)[0] in ("country", "capital")


#: nouns after a nationality that make the phrase the state itself ('the Russian government',
#: 'Iranian officials', 'the Chinese foreign minister'); 'German firms' and 'the Austrian
#: partner' are not Germany or Austria
_SPEAKS_FOR_STATE = GOVERNMENT_HEADS | STATE_ARMS | TITLE_WORDS | frozenset(
    "official officials diplomat diplomats leaders delegation side state regime media".split())


class Referents:
    """Actor and country mentions in text order, with pronoun resolution."""

    def __init__(self, doc: Doc, index: ActorIndex, places: list[Place], story_start: int = 0) -> None:
        self.doc = doc
        self.story_start = story_start  # a dateline ('Beirut [Lebanon], March 6 -') names no one
        self.index = index
        self.countries = {p.name: p for p in places if p.kind == "country"}
        self.regions = [p for p in places if p.kind == "region"]
        named = [Referent(s, e, k) for s, e, k in index.mentions]
        for place in self.countries.values():
            for m in place.mentions:
                if index.at(m.start, m.end) is None:
                    named.append(Referent(m.start, m.end, f"country:{place.name}"))
        country_of = {p.country_code: p.name for p in self.countries.values()}
        capital_of = gazetteer.capitals()
        for place in places:
            if place.kind == "city" and capital_of.get(place.name) in country_of:
                named += [Referent(m.start, m.end, f"capital:{country_of[capital_of[place.name]]}")
                          for m in place.mentions if index.at(m.start, m.end) is None]
        self.named = sorted(named, key=lambda r: r.start)
        self._starts = [r.start for r in self.named]
        self._ends = [r.end for r in self.named]
        self._sentence_starts = [s.start_char for s in sentences(doc)]
        self._unnamed_found: dict[str, list[Token]] = {}

    def of_token(self, token: Token, capitals: bool = False) -> Referent | None:
        """The actor a noun phrase's head names: the head itself, or a name in its compounds
        ('Foreign Minister Araghchi', "Ukraine's interior ministry"); pronouns resolved."""
        if token.idx < self.story_start:
            return None
        if token.lower_ in _PERSON_PRONOUNS or token.lower_ in _BODY_PRONOUNS:
            key = self.resolve_pronoun(token.lower_, token.idx)
            return Referent(token.idx, token.idx + len(token), key, pronoun=True) if key else None
        head = self._named(token, capitals)
        if head is not None and self._is_person(head):
            return head
        apposed = self._apposed_person(token)
        if apposed is not None:
            return apposed  # 'The Vice President, Mike Pence', "Merkel's spokesperson, Steffen Seibert"
        if head is not None:
            return head
        parts = [self._named(c, capitals) for c in token.lefts if c.dep_ in ("compound", "poss")
                 or (c.dep_ == "amod" and token.lower_ in _SPEAKS_FOR_STATE)]
        found = [r for r in parts if r is not None]
        if found:
            return next((r for r in found if self._is_person(r)), found[0])
        return self._described(token)

    def _described(self, token: Token) -> Referent | None:
        """'The President insists', 'the embassy declined': a definite description names the
        latest actor before it whose role or name ends in that noun."""
        if (token.tag_ not in ("NN", "NNP") or token.ent_type_
                or not any(c.dep_ == "det" and c.lower_ == "the" for c in token.children)):
            return None
        i = bisect_left(self._starts, token.idx) - 1
        while i >= 0 and token.idx - self.named[i].start < 3000:
            ref = self.named[i]
            actor = self.index.actors.get(ref.key)
            if actor is not None and not actor.media and token.lower_ in (
                    (actor.role or "").lower().split()[-1:] + actor.name.lower().split()[-1:]):
                return Referent(token.idx, token.idx + len(token), ref.key, pronoun=True)
            i -= 1
        return None

    def _named(self, token: Token, capitals: bool) -> Referent | None:
        ref = self.at(token.idx, token.idx + len(token))
        if ref is None and token.text in self.countries:  # a country NER missed ('- Guyana accused')
            return Referent(token.idx, token.idx + len(token), f"country:{token.text}")
        return ref if ref is not None and (capitals or not ref.key.startswith("capital:")) else None

    def _apposed_person(self, token: Token) -> Referent | None:
        """A person named in apposition to the phrase ('the director of X, Mariela Belski'; the
        parser often hangs the name on X)."""
        tails = [t for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                 for t in c.children if t.dep_ == "pobj"]
        if token.lower_ in TITLE_WORDS:  # 'President of Ukraine Volodymyr Zelenskyy said'
            for tail in tails:
                ref = self._named(tail, False)
                if ref is not None and self._is_person(ref):
                    return ref
            if (closing := self._closing_name(token)) is not None:
                return closing
        for child in (c for t in (token, *tails) for c in t.children):
            if child.dep_ == "appos":
                ref = self._named(child, False)
                if ref is not None and self._is_person(ref):
                    return ref
        return None

    def _closing_name(self, title: Token) -> Referent | None:
        """"Germany's representative to the EU's veterinary committee Werner Zwingmann said":
        a person's name closing a title's phrase, right after one of its nouns, with no comma or
        verb between, is who holds the title, however the parser hung the name inside it."""
        last = title.right_edge
        ref = self._named(last, False)
        if ref is None or not self._is_person(ref) or ref.end != last.idx + len(last):
            return None
        between = [t for t in title.doc[title.i + 1:last.i] if t.idx < ref.start]
        if (not between or not between[-1].tag_.startswith("NN") or between[-1].lower_ in TITLE_WORDS
                or any(t.text in (",", ";", "(", "\u2014", "--") or t.tag_.startswith("VB") for t in between)):
            return None  # not 'the spokesman for Boris Johnson', nor '... for the president Donald Trump'
        return ref

    def _is_person(self, ref: Referent) -> bool:
        actor = self.index.actors.get(ref.key)
        return actor is not None and actor.kind == "person"

    def at(self, start: int, end: int) -> Referent | None:
        i = overlapping(self._starts, self._ends, start, end)
        return None if i is None else self.named[i]

    def key_of(self, ref: Referent) -> str:
        return _canonical(ref.key)

    def name(self, key: str) -> str:
        """The actor name a key stands for, without adding a country to `who`."""
        if ":" in key and key.split(":", 1)[0] in ("country", "capital"):
            return key.split(":", 1)[1]
        return self.index.actors[key].name

    def actor(self, key: str) -> FoundActor:
        """The actor for a key, creating country actors on first use as holder or speaker."""
        key = _canonical(key)
        if key.startswith("country:"):
            name = key.split(":", 1)[1]
            place = self.countries[name]
            found = self.index.actors.get(key)
            if found is None:
                found = FoundActor(name=name, kind="country", country_code=place.country_code)
                self.index.actors[key] = found
                found.spans.extend((m.start, m.end) for m in place.mentions)
            return found
        return self.index.actors[key]

    def acting_countries(self, represented: set[int]) -> None:
        """Make an actor of every country that acts or is acted on as a state somewhere
        ('Switzerland hosted the talks', 'sanctions on Iran'), not only of those that speak or
        hold a position; and of every country or region people speak for there (`represented`:
        'attorneys general from Maine, New York and ...' are those states acting)."""
        for ref in self.named:
            if not ref.key.startswith("country:") or ref.key in self.index.actors:
                continue
            token = self.doc.char_span(ref.start, ref.end, alignment_mode="expand")
            if ref.start in represented or token is not None and (
                    is_subject(token.root) or _acted_on(token.root)):
                self.actor(ref.key)
        for region in self.regions:
            key = f"region:{region.name}"
            if key not in self.index.actors and any(m.start in represented for m in region.mentions):
                self.index.actors[key] = FoundActor(
                    name=region.name, kind="government", country_code=region.country_code,
                    spans=[(m.start, m.end) for m in region.mentions])

    def resolve_pronoun(self, pronoun: str, position: int) -> str | None:
        """'He' -> a person, 'it' -> a government or organisation (never a news outlet).

        Inside a sentence the pronoun points back to the last fitting name before it; at the
        start of a sentence to the subject of the sentence before (the one nearest its main
        verb: 'With Paul Martin, Bush said he was pleased. "...," he said' is Bush), else its
        first fitting name. A person no name tells ('The Shadow Health Secretary has criticized
        the plan. He has described it as "gimmicks"') stands between: 'he' is that person, whom
        the briefing cannot name, not the last one named before.
        """
        found = self._antecedent(pronoun, position)
        if found is None or self.unnamed_antecedent(pronoun, position, found) is not None:
            return None
        return found[1]

    def unnamed_antecedent(self, pronoun: str, position: int,
                           found: tuple[int, str] | None = None) -> Token | None:
        """What the pronoun points back to when no name tells it: for 'he' or 'she' the nearest
        subject by title alone in the pronoun's sentence or the one before, after any fitting
        name; for 'it' a document there ('... according to a statement posted to his account.
        It also stated'), when no fitting name is as near."""
        if pronoun not in _PERSON_PRONOUNS and pronoun not in _BODY_PRONOUNS:
            return None
        found = found or self._antecedent(pronoun, position)
        s = bisect_left(self._sentence_starts, position + 1) - 1
        since = self._sentence_starts[max(s - 1, 0)] if s >= 0 else 0
        if pronoun in _BODY_PRONOUNS:
            if found is not None and found[0] >= since:
                return None  # 'The ministry issued a statement. It said': the ministry
            unnamed = self._unnamed("documents", lambda t: is_document(t) and t.tag_ == "NN")
        else:
            since = max(since, found[0] + 1) if found is not None else since
            unnamed = self._unnamed("persons", lambda t: (
                t.dep_ in ("nsubj", "nsubjpass") and t.tag_ in ("NN", "NNP") and not t.ent_type_
                and t.lower_ in TITLE_WORDS and t.lower_ not in _TITLE_MODIFIERS
                and not self._names_someone(t)))
        i = bisect_left(unnamed, position, key=lambda t: t.idx) - 1
        return unnamed[i] if i >= 0 and unnamed[i].idx >= since else None

    def _unnamed(self, kind: str, test: Callable[[Token], bool]) -> list[Token]:
        """The doc's definite descriptions ('The Tory Shadow Health Secretary', "the court's
        statement") that pass `test`, found once per kind; 'justice does not come' is none."""
        if kind not in self._unnamed_found:
            self._unnamed_found[kind] = [
                t for t in tokens(self.doc) if t.idx >= self.story_start
                and any(c.dep_ in ("det", "poss") for c in t.children) and test(t)]
        return self._unnamed_found[kind]

    def _names_someone(self, title: Token) -> bool:
        ref = self.of_token(title)
        return ref is not None and self._is_person(ref)

    def _antecedent(self, pronoun: str, position: int) -> tuple[int, str] | None:
        """(where, key) of the mention the pronoun points back to (see `resolve_pronoun`)."""
        wants_person = pronoun in _PERSON_PRONOUNS
        s = bisect_left(self._sentence_starts, position + 1) - 1
        sentence_start = self._sentence_starts[s] if s >= 0 else 0
        i = bisect_left(self._starts, position) - 1
        first_in_sentence: tuple[int, str] | None = None
        main_subject: tuple[int, tuple[int, str]] | None = None  # (depth in the parse, (where, key))
        current_sentence = sentence_start
        while i >= 0 and position - self.named[i].start < 3000:
            ref = self.named[i]
            if ref.start < current_sentence:
                if main_subject is not None or first_in_sentence is not None:
                    return main_subject[1] if main_subject else first_in_sentence
                k = bisect_left(self._sentence_starts, ref.start + 1) - 1
                current_sentence = self._sentence_starts[k] if k >= 0 else 0
            same_sentence = current_sentence == sentence_start
            if self._fits(ref, wants_person) or (same_sentence and not wants_person and _is_state(ref)):
                depth = self._subject_depth(ref)
                if same_sentence:
                    if depth is not None:  # not 'Speaking to Martin Smith, he said'
                        return ref.start, ref.key  # 'Lithuania said it supported Poland' too
                else:
                    first_in_sentence = (ref.start, ref.key)
                    if depth is not None and (main_subject is None or depth <= main_subject[0]):
                        main_subject = (depth, (ref.start, ref.key))
            i -= 1
        return main_subject[1] if main_subject else first_in_sentence

    def _subject_depth(self, ref: Referent) -> int | None:
        """How far below its sentence's root the clause is whose subject (or the subject's
        owner) the mention is: 'Trump said he', "Lam's government said it"; None for an
        object the pronoun's clause hangs from."""
        span = self.doc.char_span(ref.start, ref.end, alignment_mode="expand")
        if span is None:
            return None
        root = span.root
        if root.dep_ == "poss":
            root = root.head
        if not is_subject(root):
            return None
        return sum(1 for _ in root.ancestors)

    def _fits(self, ref: Referent, wants_person: bool) -> bool:
        if _is_state(ref):
            return False
        actor = self.index.actors[ref.key]
        if wants_person and self._names_a_thing(ref):
            return False
        return not actor.media and (actor.kind == "person") == wants_person

    def _names_a_thing(self, ref: Referent) -> bool:
        """'the EastMed project', 'the EastMed pipeline': a name modifying a common noun that is
        no title names a thing there (NER may call it a person); 'he' does not point to it."""
        span = self.doc.char_span(ref.start, ref.end, alignment_mode="expand")
        if span is None:
            return False
        root = span.root
        return (root.dep_ == "compound" and root.head.tag_ in ("NN", "NNS")
                and root.head.lower_ not in TITLE_WORDS)

