"""Diplomatic positions from the parse: a stance verb, its subject as holder, its object as target.

- Holder: every conjunct of the verb's subject ("Germany and France urged" -> two positions); a
  verb without its own subject shares its head's ("Iran refused to ..."); in a passive the agent
  ("was condemned by the EU"); 'I'/'we' inside a quotation are its speaker.
- Target: the first actor in the verb's objects ("urged Iran", "called on Moscow", "accused
  Russia of ..."), never the holder itself or its own side (a minister of the holder's country).
- Negated stances ("did not condemn") are no positions. Topic: the words after the verb.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from ..nlp import sentences, span_text, text_of, words_of
from ..schema import Claim, Position, Span
from ..text import trim_punctuation
from .referents import Referent, Referents
from .syntax import agent, hypothetical, is_passive, named_apposition, negated, objects, subjects

_STANCE_WORDS: dict[str, tuple[str, ...]] = {
    "condemns": ("condemn", "condemns", "condemned", "condemning", "denounce", "denounces",
                 "denounced", "denouncing"),
    "demands": ("demand", "demands", "demanded", "demanding", "urge", "urges", "urged", "urging",
                "call", "calls", "called", "calling", "press", "pressed", "pressing", "ask", "asks",
                "asked", "asking", "insist", "insists", "insisted", "encourage", "encourages",
                "encouraged", "encouraging", "request", "requests", "requested", "requesting",
                "recommend", "recommends", "recommended", "recommending"),
    "accuses": ("accuse", "accuses", "accused", "accusing", "blame", "blames", "blamed", "blaming",
                "allege", "alleges", "alleged", "alleging", "attribute", "attributes",
                "attributed", "attributing"),
    "warns": ("warn", "warns", "warned", "warning", "caution", "cautions", "cautioned",
              "cautioning"),
    "welcomes": ("welcome", "welcomes", "welcomed", "welcoming"),
    "supports": ("support", "supports", "supported", "supporting", "back", "backs", "backed",
                 "backing", "endorse", "endorses", "endorsed", "endorsing", "second", "seconded",
                 "seconds", "favour", "favours", "favoured", "favouring", "favor", "favors",
                 "favored", "favoring", "advocate", "advocates", "advocated", "advocating"),
    "opposes": ("oppose", "opposes", "opposed", "opposing", "reject", "rejects", "rejected",
                "rejecting", "refuse", "refuses", "refused", "criticise", "criticised",
                "criticize", "criticized", "criticizes", "criticises", "decline", "declines",
                "declined", "declining", "disagree", "disagrees", "disagreed", "disagreeing"),
    "threatens": ("threaten", "threatens", "threatened", "threatening"),
    "offers": ("offer", "offers", "offered", "offering"),
    "pledges": ("pledge", "pledges", "pledged", "vow", "vows", "vowed", "promise", "promises",
                "promised", "commit", "commits", "committed", "committing"),
    "denies": ("deny", "denies", "denied", "denying", "dismiss", "dismisses", "dismissed",
               "dismissing"),
}
STANCE_OF: dict[str, str] = {w: stance for stance, words in _STANCE_WORDS.items() for w in words}
#: verbs that are a stance only with one of these complements (a dependency, or a preposition
#: word): 'called on X', 'asked X to', 'refused to', 'declined the request' (not 'declined to
#: comment'), 'committed to', 'attributed the bombing to X', 'dismissed the claim'
_COMPLEMENTS: dict[str, frozenset[str]] = {
    **dict.fromkeys("call calls called calling".split(), frozenset({"on", "for", "upon"})),
    **dict.fromkeys("ask asks asked asking press pressed pressing insist insists insisted back "
                    "backs backed backing request requests requested requesting".split(),
                    frozenset({"xcomp", "ccomp", "dobj", "for"})),
    **dict.fromkeys("refuse refuses refused".split(), frozenset({"xcomp", "ccomp", "dobj"})),
    **dict.fromkeys("decline declines declined declining dismiss dismisses dismissed "
                    "dismissing second seconds".split(), frozenset({"dobj", "nsubjpass"})),
    **dict.fromkeys("commit commits committed committing".split(), frozenset({"to"})),
    **dict.fromkeys("attribute attributes attributed attributing".split(), frozenset({"to"})),
    **dict.fromkeys("disagree disagrees disagreed disagreeing".split(), frozenset({"with"})),
}
#: stance nouns whose holder the phrase names: "his support for", "criticism by the minister",
#: "the request of Prime Minister Johnson", "calls by officials asking ..."
_STANCE_NOUNS: dict[str, str] = {
    **dict.fromkeys("criticism criticisms rejection opposition".split(), "opposes"),
    **dict.fromkeys("condemnation condemnations".split(), "condemns"),
    **dict.fromkeys("support backing endorsement".split(), "supports"),
    **dict.fromkeys("call calls demand demands request requests appeal appeals".split(), "demands"),
    **dict.fromkeys("warning warnings".split(), "warns"),
    **dict.fromkeys("accusation accusations".split(), "accuses"),
    **dict.fromkeys("denial denials".split(), "denies"),
    **dict.fromkeys("pledge pledges promise promises commitment".split(), "pledges"),
    **dict.fromkeys("threat threats".split(), "threatens"),
}
_NOUN_HOLDER_PREPS = frozenset({"by"})
#: nouns for a person or body by the stance they hold: 'X was an outspoken opponent of the war',
#: 'X, a vocal critic of the deal,'; the holder is the copula's subject or the name apposed
_HOLDER_NOUNS: dict[str, str] = {
    **dict.fromkeys("opponent opponents critic critics".split(), "opposes"),
    **dict.fromkeys("supporter supporters proponent proponents advocate advocates backer "
                    "backers".split(), "supports"),
}
#: verbs that make a stance noun their subject's own: 'Johnson stressed his support for ...'
_VOICING = frozenset("repeat repeats repeated reiterate reiterates reiterated stress stresses "
                     "stressed express expresses expressed voice voices voiced renew renews renewed "
                     "join joins joined echo echoes echoed reaffirm reaffirms reaffirmed restate "
                     "restates restated".split())
#: 'the request of Johnson' names the holder; 'support of Trump' names the target
_OF_HOLDER_NOUNS = frozenset("request requests appeal appeals".split())
#: a call is a demand only when it calls for or on something: not "Trump's call with Zelensky"
_CALLS = frozenset({"call", "calls"})
_CALL_VERBS = _CALLS | {"called", "calling"}
_CALL_COMPLEMENTS = frozenset({"for", "on", "upon", "acl"})
_GROUPS = frozenset("members member leaders officials representatives ministers spokesperson "
                     "spokesman spokeswoman".split())
_VOTE = frozenset("vote votes voted voting".split())
_OPEN_TO_TALKS = re.compile(r"\b(?:open to (?:dialogue|talks|negotiations)|ready (?:to|for) "
                            r"(?:hold|talk|negotiat|meet|dialogue)\w*|willing(?:ness)? to "
                            r"(?:hold|talk|negotiate|meet)|resume [\w ]{0,30}talks)", re.IGNORECASE)
_FIRST_PERSON = frozenset({"i", "we"})
_TOPIC_WORDS = 14


def extract_positions(doc: Doc, refs: Referents, claims: list[Claim]) -> list[Position]:
    """Positions merged by (holder, stance, target), each keeping every sentence as evidence."""
    first_mention: dict[str, Referent] = {}
    for ref in refs.named:  # a quotation's 'we' stands for its speaker's first mention
        first_mention.setdefault(refs.name(ref.key), ref)
    quotes = [(c.quote_span.start, c.quote_span.end, first_mention.get(c.speaker)) for c in claims
              if c.kind == "direct" and c.quote_span and c.speaker]
    merged: dict[tuple[str, str, str | None], Position] = {}
    for sentence in sentences(doc):
        for verb, stance in _stance_verbs(sentence):
            for position in _positions(verb, stance, sentence, refs, quotes):
                key = (position.holder, position.stance, position.target)
                if key in merged:
                    if merged[key].evidence[-1] != position.evidence[0]:
                        merged[key].evidence.append(position.evidence[0])
                else:
                    merged[key] = position
    return list(merged.values())


def _stance_verbs(sentence) -> list[tuple[Token, str]]:
    found = []
    for token in words_of(sentence):
        stance = STANCE_OF.get(token.lower_)
        if token.tag_.startswith("VB") and token.dep_ != "amod":  # not 'alleged ties'
            if token.lower_ in _VOTE:  # 'voted against the bill', 'voted for the first article'
                stance = _vote_stance(token)
            if stance and _complete(token) and not _calls_something(token):
                found.append((token, stance))
        elif token.tag_ in ("NN", "NNS") and (noun_stance := _STANCE_NOUNS.get(token.lower_)):
            if token.lower_ not in _CALLS or _complete(token, _CALL_COMPLEMENTS):
                found.append((token, noun_stance))
        elif (token.tag_ in ("NN", "NNS") and token.dep_ in ("attr", "appos")
              and (noun_stance := _HOLDER_NOUNS.get(token.lower_))
              and any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children)):
            found.append((token, noun_stance))
    match = _OPEN_TO_TALKS.search(span_text(sentence))
    if match:
        span = sentence.doc.char_span(sentence.start_char + match.start(), sentence.start_char + match.end(),
                                      alignment_mode="expand")
        if span is not None:
            found.append((span.root, "open_to_talks"))
    return found


def _calls_something(verb: Token) -> bool:
    """'called the election for Biden', 'called the strike a crime': a call with an object
    names or projects it; only 'called for X' and 'called on X' demand."""
    return verb.lower_ in _CALL_VERBS and any(c.dep_ in ("dobj", "oprd") for c in verb.children)


def _vote_stance(verb: Token) -> str | None:
    preps = {c.lower_ for c in verb.children if c.dep_ == "prep"
             and not any(t.ent_type_ in ("DATE", "TIME", "CARDINAL") for t in c.children)}
    if "against" in preps:
        return "opposes"
    in_favour = any(c.dep_ == "prep" and c.lower_ == "in" and any(
        t.lower_ in ("favor", "favour") for t in c.children) for c in verb.children)
    return "supports" if "for" in preps or in_favour else None


def _complete(verb: Token, needed: frozenset[str] | None = None) -> bool:
    needed = needed or _COMPLEMENTS.get(verb.lower_)
    if needed is None:
        return True
    return any(c.dep_ in needed or (c.dep_ in ("prep", "prt", "dative") and c.lower_ in needed)
               or (c.dep_ in ("advcl", "ccomp") and any(  # 'calling for the killers to be brought'
                   m.dep_ == "mark" and m.lower_ in needed for m in c.children))
               for c in verb.children)


def _positions(verb: Token, stance: str, sentence, refs: Referents,
               quotes: list[tuple[int, int, Referent | None]]) -> list[Position]:
    if negated(verb) or hypothetical(verb):
        return []
    holders, passive_target = _holders(verb, refs, quotes)
    positions = []
    for holder in holders:
        actor = refs.actor(refs.key_of(holder))
        actor.media = False  # an outlet that takes a stance acts: it is in `who`
        passive = passive_target if passive_target and refs.name(passive_target) != actor.name else None
        for target in ([passive] if passive else _targets(verb, actor, refs)) or [None]:
            if target:
                refs.actor(target).media = False
            positions.append(Position(
                holder=actor.name, stance=stance,
                target=refs.actor(target).name if target else None,
                topic=_topic(verb), evidence=[Span(start=sentence.start_char, end=sentence.end_char)]))
    return positions


def _holders(verb: Token, refs: Referents,
             quotes: list[tuple[int, int, Referent | None]]) -> tuple[list[Referent], str | None]:
    """The holders, and the target when the verb is passive ('Russia was accused by ...')."""
    if verb.tag_ in ("NN", "NNS"):
        if verb.dep_ == "dobj" and verb.head.lower_ in _VOICING:  # 'he repeated Budapest's call'
            return _holders(verb.head, refs, quotes)
        if verb.lower_ in _HOLDER_NOUNS:  # 'X, a vocal critic of Y,'; 'X was an opponent of Y'
            named = [verb.head] if verb.dep_ == "appos" else subjects(verb.head, climb=0)
            return _actors_of(named, refs), None
        return _noun_holders(verb, refs), None
    subject_tokens = subjects(verb)
    if is_passive(verb):
        by = agent(verb)
        target_ref = next((r for t in subject_tokens if (r := refs.of_token(t, capitals=True))), None)
        holders = [] if by is None else _actors_of([by, *by.conjuncts], refs)
        return holders, (refs.key_of(target_ref) if target_ref else None)
    holders = []
    for token in subject_tokens:
        if token.tag_ in ("WDT", "WP") and verb.dep_ == "relcl":
            token = verb.head  # 'the minister, who condemned ...'
        if token.lower_ in _FIRST_PERSON:
            ref = next((q[2] for q in quotes if q[0] <= token.idx < q[1]), None)
        else:  # 'Another former Trump adviser, Sebastian Gorka, ... encouraged'
            ref = refs.of_token(named_apposition(token), capitals=True)
        if ref is not None:
            holders.append(ref)
        else:  # 'members of the EU', 'the spokesperson for the German government'
            holders.extend(_actors_of([token], refs))
    return holders, None


def _noun_holders(noun: Token, refs: Referents) -> list[Referent]:
    """Who holds a stance noun: its owner ('his support', "Johnson's call") or the object of
    'by' ('criticism by the minister and UNESCO'), or of 'of' after a request ('the request of
    Johnson')."""
    owners = [c for c in noun.children if c.dep_ == "poss"]
    if not owners:
        preps = _NOUN_HOLDER_PREPS | ({"of"} if noun.lower_ in _OF_HOLDER_NOUNS else set())
        owners = [t for c in noun.children if c.dep_ == "prep" and c.lower_ in preps
                  for t in c.children if t.dep_ == "pobj"][:1]
    return _actors_of([t for o in owners for t in (o, *o.conjuncts)], refs)


def _actors_of(tokens: list[Token], refs: Referents) -> list[Referent]:
    """The actors the tokens name; a group names its body ('members of the European Union')."""
    found = []
    for token in tokens:
        ref = refs.of_token(token, capitals=True)
        if ref is None:
            of = next((t for c in token.children if c.dep_ == "prep" and c.lower_ in ("of", "for")
                       for t in c.children if t.dep_ == "pobj"), None)
            ref = refs.of_token(of, capitals=True) if of is not None and token.lower_ in _GROUPS else None
        if ref is not None:
            found.append(ref)
    return found


def _targets(verb: Token, holder, refs: Referents) -> list[str]:
    """The first actor in the verb's objects (searched a few words deep), else in its clausal
    complement ('threatening to impose measures if Moscow does not agree'), not the holder's side;
    with every actor listed beside it ('called on Italy and Egypt': both)."""
    complements = [c for c in verb.children if c.dep_ in ("xcomp", "ccomp", "acl")]
    aimed = objects(verb)
    if verb.tag_ in ("NN", "NNS"):  # a stance noun's 'by X' names its holder, not its target
        aimed = [t for t in aimed if t.head.lower_ not in _NOUN_HOLDER_PREPS | {"of"}]
    for obj in [*aimed, *complements]:
        for token in sorted(obj.subtree, key=lambda t: t.i)[:16]:
            key = _target_key(token, holder, refs)
            if key is not None:
                listed = (_target_key(c, holder, refs) for c in token.conjuncts if c.i > token.i)
                return list(dict.fromkeys([key, *(k for k in listed if k)]))
    return []


def _target_key(token: Token, holder, refs: Referents) -> str | None:
    ref = refs.of_token(token, capitals=True)
    if ref is None or ref.pronoun:
        return None
    key = refs.key_of(ref)
    if refs.name(key) == holder.name or _same_side(refs, key, holder):
        return None
    return key


def _same_side(refs: Referents, key: str, holder) -> bool:
    """A minister of the holder's own country is not its target ('Iran ... its foreign minister')."""
    if not holder.country_code:
        return False
    if key.startswith("country:"):
        return refs.countries[key.split(":", 1)[1]].country_code == holder.country_code and holder.kind != "country"
    candidate = refs.index.actors.get(key)
    return candidate is not None and candidate.country_code == holder.country_code and (
        holder.kind == "country" or candidate.kind != "country")


def _topic(verb: Token) -> str | None:
    """The words after the verb within its phrase, cut to a readable length."""
    after = [t for t in verb.subtree if t.i > verb.i]
    if not after:
        return None
    after = after[:_TOPIC_WORDS]
    doc = verb.doc
    start, end = trim_punctuation(text_of(doc), after[0].idx, after[-1].idx + len(after[-1]))
    return text_of(doc)[start:end] or None
