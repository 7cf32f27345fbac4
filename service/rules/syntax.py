"""Questions the rules ask of a dependency parse: who is the subject, is it negated, where does a
phrase start and end. One place for the spaCy details, so claims and positions read as rules.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Token

from ..nlp import text_of
from ..text import Offsets, trim_punctuation

_NAME_TYPES = frozenset({"PERSON", "ORG", "NORP", "GPE", "FAC"})
_CLOSING_QUOTES = frozenset({'"', "'", "\u201d", "\u2019"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
#: a verb whose subject is its head's: "refused to condemn", "rejected it but said", "saying"
_SHARES_SUBJECT = frozenset({"xcomp", "conj", "advcl", "pcomp"})
#: children that are not part of a phrase's core: clauses, appositions, quotes around it
_NOT_CORE = frozenset({"relcl", "appos", "acl", "punct", "cc", "conj", "prep", "advcl", "parataxis"})


def subjects(verb: Token, climb: int = 3) -> list[Token]:
    """The verb's subject and every conjunct of it ("Germany and France urged" -> both); a
    verb without its own subject shares its head's ("Iran refused to condemn" -> Iran)."""
    for _ in range(climb + 1):
        found = [c for c in verb.children if c.dep_ in SUBJECT_DEPS and not _word_part(c)]
        found = [c for c in found if not _describes_next(c, found)]
        if found:
            return [t for s in found for t in (_owned_part(s) or (s, *s.conjuncts, *_along_with(s)))
                    if t.dep_ != "expl" and not _describes_person(t, s)]
        owner = _clause_owner(verb)
        if owner is not None:
            verb = owner
            continue
        if verb.dep_ not in _SHARES_SUBJECT or verb.head.i == verb.i:
            return []
        if verb.dep_ == "advcl" and verb.tag_ == "VBG" and is_passive(verb.head):
            by = agent(verb.head)  # 'was criticized by the BMA ..., saying': the BMA says it
            if by is not None:
                return [by, *by.conjuncts]
        verb = verb.head
    return []


def _word_part(token: Token) -> bool:
    """'co' and '-' of 'co-author': a piece of a hyphenated word the parser made a subject of
    its own; the word's last piece stands for it."""
    doc = token.doc
    return token.i + 1 < len(doc) and not token.whitespace_ and (
        token.text == "-" or doc[token.i + 1].text == "-") and token.head.i == doc[token.i + 1].head.i


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def is_document(noun: Token) -> bool:
    """'statement', 'letters', 'tweet': a document, whose words are its sender's."""
    return noun.lower_ in DOCUMENTS or noun.lower_.rstrip("s") in DOCUMENTS


#: what a document 'read' ('the statement read: "..."') or a clause on it says is its sender's
DOCUMENTS = frozenset("statement letter message note post tweet release communique communiqué "
                      "document declaration text notice".split())
#: verbs whose subject owns the plan, decision or bid they take as object
_OWNING_VERBS = frozenset("announce announces announced announcing unveil unveils unveiled "
                          "unveiling make makes made making take takes took taking launch "
                          "launches launched launching outline outlines outlined outlining".split())


def _clause_owner(verb: Token) -> Token | None:
    """The verb whose subject says or plans what a clause on its object does: 'announced their
    plans to oppose the bill', 'made a decision to reject' (the plan's owner); 'issued a
    statement condemning the attack', 'posted a message on Twitter blaming Iran' (the sender)."""
    if verb.dep_ != "acl":
        return None
    noun = verb.head
    if verb.tag_ == "VB":
        owned = noun.dep_ == "dobj" and noun.head.lower_ in _OWNING_VERBS
        return noun.head if owned and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) else None
    if verb.tag_ != "VBG":
        return None
    while noun.dep_ == "pobj" and noun.head.dep_ == "prep":  # 'a message [on Twitter] blaming'
        noun = noun.head.head
    return noun.head if noun.dep_ == "dobj" and is_document(noun) else None


def first_conjunct(token: Token) -> Token:
    """The first member of the list a token is in ('Australia, Bahrain and [the UK]' ->
    Australia): the one whose relation to the clause the parser records."""
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token


def _along_with(subject: Token) -> list[Token]:
    """'Planned Parenthood, along with the American Civil Liberties Union have announced': the
    one named 'along with' (or 'together with') the subject is a subject too."""
    return [o for p in subject.children if p.dep_ == "prep" and p.lower_ in ("along", "together")
            for w in p.children if w.lower_ == "with" for o in w.children if o.dep_ == "pobj"]


def _owned_part(subject: Token) -> tuple[Token] | None:
    """"The National Institute of Allergy and Infectious Disease's director, Dr. Anthony Fauci,
    said": the parser took the 'and' inside a name for two subjects joined; the conjunct owned by
    the end of the subject's own name is the one subject."""
    if not subject.ent_type_:
        return None
    doc = subject.doc
    for conjunct in subject.conjuncts:
        for owner in (c for c in conjunct.children if c.dep_ == "poss" and c.i > subject.i):
            if all(doc[k].ent_iob_ == "I" for k in range(subject.i + 1, owner.i + 1)):
                return (conjunct,)
    return None


def _describes_person(conjunct: Token, subject: Token) -> bool:
    """'Jennifer Daskal of American University and contributor to Slate wrote': a bare singular
    noun joined to a person's name says what the person is; it is no second speaker."""
    return (conjunct.i != subject.i and subject.ent_type_ == "PERSON" and conjunct.tag_ == "NN"
            and not any(c.dep_ in ("det", "poss") for c in conjunct.children))


def _describes_next(subject: Token, subjects: list[Token]) -> bool:
    """'The Labour Party's leader, Jeremy Corbyn announced', 'Conservative Party leader and Prime
    Minister Boris Johnson said': one subject the parser split in two; the description right
    before a name is the name's, not a second speaker."""
    return not subject.ent_type_ and subject.dep_ == "nsubj" and any(
        other.ent_type_ and other.dep_ == "nsubj" and 0 < other.left_edge.i - subject.right_edge.i <= 2
        for other in subjects)


def named_apposition(token: Token) -> Token:
    """'television broadcaster PBS revealed': the name apposed to a description is who it is."""
    if token.ent_type_:
        return token
    return next((c for c in token.children if c.dep_ == "appos" and c.ent_type_ in _NAME_TYPES
                 and c.i > token.i), token)


def agent(verb: Token) -> Token | None:
    """The 'by X' of a passive verb ("was condemned by the EU", "condemned in a joint statement
    by Egypt" -> Egypt)."""
    for child in verb.children:
        if child.dep_ == "agent":
            return next((t for t in child.children if t.dep_ == "pobj"), None)
    for child in verb.children:
        if child.dep_ == "prep" and child.i > verb.i:
            by = next((t for t in child.subtree if t.lower_ == "by" and t.dep_ == "prep"), None)
            if by is not None and by.i - verb.i <= 8:
                return next((t for t in by.children if t.dep_ == "pobj"), None)
    return None


def _governing(verb: Token, deps: tuple[str, ...]) -> list[Token]:
    """The verb and up to two heads it is a complement of (`deps`): 'refused [to welcome]'."""
    chain = [verb]
    while chain[-1].dep_ in deps and len(chain) < 3:
        chain.append(chain[-1].head)
    return chain


def negated(verb: Token) -> bool:
    """'did not condemn', 'never denied', 'refused to welcome' is not a welcome either."""
    return any(c.dep_ == "neg" or c.lower_ in ("never", "not")
               for v in _governing(verb, ("xcomp", "ccomp")) for c in v.children)


#: modals that make a stance a possibility or someone else's wish, not the holder's stance
_HYPOTHETICAL = frozenset({"could", "might", "may", "should", "must", "ought"})


def hypothetical(verb: Token) -> bool:
    """'Iran could demand compensation', 'Germany should condemn it', 'may decide to oppose':
    a stance that might be, not one that is."""
    return any(c.dep_ == "aux" and c.lower_ in _HYPOTHETICAL
               for v in _governing(verb, ("xcomp",)) for c in v.children)


def objects(verb: Token) -> list[Token]:
    """Direct objects and the objects of its prepositions, with their conjuncts, in order."""
    found: list[Token] = []
    for child in verb.children:
        if child.dep_ in ("dobj", "dative", "attr", "oprd"):
            found.append(child)
        elif child.dep_ == "prep" or child.dep_ == "prt":
            found.extend(t for t in child.children if t.dep_ == "pobj")
    return [t for o in found for t in (o, *o.conjuncts)]


def core_phrase(token: Token) -> Offsets:
    """Offsets of a noun phrase without its clauses, appositions and prepositional tails:
    'a source close to the talks' keeps 'close to the talks' (an adjective's), 'officials who
    spoke' loses 'who spoke'."""
    left = token.left_edge.i
    right = token.i
    for child in token.rights:
        if child.dep_ in _NOT_CORE and not (child.dep_ == "prep" and child.i == right + 1
                                            and token.i - left < 3):
            break
        right = child.right_edge.i
    doc = token.doc
    return trim_punctuation(text_of(doc), doc[left].idx, doc[right].idx + len(doc[right]))


def clause(token: Token, skip: Iterable[Token] = ()) -> Offsets:
    """Offsets of the token's whole subtree, less the subtrees of the `skip` tokens inside it
    (a skip token outside it, or the token itself, is ignored)."""
    own = {t.i for t in token.subtree}
    skipped = {t.i for s in skip if s.i in own and s.i != token.i for t in s.subtree}
    doc = token.doc
    indices = [i for i in sorted(own)
               if i not in skipped and not doc[i].is_punct and not doc[i].is_space]
    if not indices:
        return token.idx, token.idx
    last = max(indices)  # a skipped tail ('..., according to The Times.') stays out
    while last + 1 in own and last + 1 not in skipped and doc[last + 1].text in _CLOSING_QUOTES:
        last += 1
    start, end = doc[min(indices)], doc[last]
    return trim_punctuation(text_of(doc), start.idx, end.idx + len(end))


#: auxiliaries and heads that put a clause ahead of its telling: 'will meet', 'is to visit',
#: 'plans to sign', 'was scheduled for', 'is due to'
_FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo"})  # not 'would': often the past's future
_FUTURE_HEADS = frozenset({"plan", "plans", "planned", "planning", "scheduled", "due", "set",
                           "expected", "intends", "intend", "going", "rescheduled", "postponed"})
_TO_BE = frozenset({"is", "are", "was", "were", "be"})


def ahead(token: Token) -> bool:
    """Is the token in a clause about what is still to come ('will meet on Monday', 'the summit,
    scheduled for Friday', 'is to visit on Tuesday')? Reads up to four heads from the token."""
    for _ in range(4):
        head = token.head
        if head.i == token.i:
            return False
        if head.lower_ in _FUTURE_HEADS and not (head.tag_ == "VBD" and any(
                c.dep_ == "dobj" for c in head.children)):  # not 'set himself on fire on Wednesday'
            return True
        if head.tag_.startswith(("VB", "MD")):
            if head.dep_ == "ccomp" and any(c.dep_ in SUBJECT_DEPS and c.i > token.i
                                            for c in head.children):
                return False  # 'said on Monday it would send': the date is the saying's
            if any(c.dep_ == "aux" and c.lower_ in _FUTURE_AUX for c in head.children):
                return True
            if (any(c.dep_ == "aux" and c.lower_ == "to" for c in head.children)
                    and head.head.lower_ in _TO_BE):
                return True
            if head.dep_ not in ("xcomp", "conj"):
                return False
        token = head
    return False


def ahead_at(doc: Doc, start: int) -> bool:
    """`ahead` for the token at character offset `start`."""
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    return span is not None and ahead(span[0])
