"""Claims from the parse: a verb of saying, its subject as the source, its clausal complement (or
the quotation) as the statement.

- The source is the verb's subject wherever it stands ('"We will fight," said John Smith'), the
  object of 'according to', or the subject a 'saying' shares; pronouns resolve to the last fitting
  actor. A source that names no actor ("a source close to the talks", "officials") is kept as
  written with its span, and the claim's `speaker` stays null.
- One claim per attribution, outermost first: "Smith said Jones told him X" is Smith's claim. An
  outlet relaying someone ("X said, Reuters reported") is the inner claim's `via`; an outlet that
  is the only source of its report is the speaker.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from spacy.tokens import Doc, Span as Sentence, Token

from ..nlp import sentences, text_of, words_of
from ..schema import Claim, Span
from ..text import Offsets, find_quotes, trim_punctuation
from .actors import TITLE_WORDS
from .referents import Referent, Referents
from .syntax import (DOCUMENTS, SUBJECT_DEPS, agent, clause, core_phrase, is_document, is_passive,
                     named_apposition, subjects)

#: what a court or an inquiry finds: a claim only with a clause of its own ('ruled that X',
#: 'found X was Y'), never 'ruled Iraq', 'found the bodies', 'when ruled by X'
_FINDINGS = frozenset("rule rules ruled find finds found".split())
SPEECH_VERBS = frozenset(
    "say says said saying tell tells told telling add adds added adding state states stated stating "
    "announce "
    "announces announced announcing write writes wrote claim claims claimed insist insists insisted "
    "note notes noted declare declares declared confirm confirms confirmed stress stressed "
    "emphasised emphasized tweet tweeted post posted report reports reported estimate estimates "
    "estimated explain explains explained argue argues argued acknowledge acknowledged admit "
    "admitted reveal revealed suggest suggested predict predicted allege alleges alleged assert "
    "asserted maintain maintained indicate indicated reply replied respond responded comment "
    "commented remark remarked learned learnt believe believes believed continue continued "
    "continues conclude concluded concludes reiterate reiterated reiterates mention mentioned "
    "mentions elaborate elaborated complain complained complains".split()
) | _FINDINGS
#: verbs that characterise: 'called the process "a coup"', 'described the call as "routine"';
#: the claim is their object and what it is called
CHARACTERISING = frozenset("call calls called calling describe describes described describing "
                           "characterise characterised characterize characterized characterizes "
                           "characterises deem deems deemed label labels labelled labeled "
                           "branded brand brands dub dubs dubbed".split())
_CHARACTER_DEPS = frozenset({"dobj", "oprd", "xcomp", "ccomp", "attr", "dative", "acomp"})
#: verbs whose bare object is not what was said ('believes him', 'declared a national
#: emergency', 'continued the talks'); a report's object is ('Reuters reported the attack the
#: deadliest since 2018')
_NEED_CLAUSE = frozenset("believe believes believed learned learnt declare "
                         "declares declared continue continued continues conclude concluded "
                         "concludes mention mentioned mentions complain complained complains".split())
#: people named by what they are, not who: a name before them only says whose they are
_UNNAMED_PEOPLE = frozenset(
    "official officials spokesman spokeswoman spokesperson spokespeople source sources critic critics "
    "opponent opponents supporter supporters associate associates aide aides adviser advisers advisor "
    "advisors lawyer lawyers agent agents coach officer officers staffer staffers analyst analysts "
    "expert experts ally allies campaign reporter reporters correspondent insider insiders "
    "authorities".split())
#: quotation marks and the spaces around them
_QUOTE_MARKS = " \"'\u201c\u201d\u2018\u2019"
#: objects that make a cue no saying: 'claimed 15,393 lives' (a toll; 'claimed victory' is a
#: claim), 'posted a photo'
_NOT_WORDS = frozenset("life lives victims casualties photo photos picture pictures image images "
                       "video videos footage".split())
#: verbs whose object is who heard it ('told reporters'), never what was said
_TELL = frozenset("tell tells told telling".split())
#: 'report the incident to the authorities' is a notice, not what one says
_REPORT = frozenset("report reports reported reporting".split())
#: sentence-opening prepositions the tagger may read as a name ('Amongst reported incidents')
_PREPOSITIONS = frozenset("among amongst amid amidst despite following during".split())
_SOURCE_PRONOUNS = frozenset({"he", "she", "it"})
MIN_STATEMENT_WORDS = 3
#: A quotation is a direct claim when it is this long, or most of its sentence.
DIRECT_QUOTE_WORDS = 8


def extract_claims(doc: Doc, refs: Referents) -> list[Claim]:
    """Every attributed statement in the article, in text order."""
    text = text_of(doc)
    quotes = [q for q in find_quotes(text) if len(text[q[0]:q[1]].split()) >= MIN_STATEMENT_WORDS]
    starts, ends = [q[0] for q in quotes], [q[1] for q in quotes]  # top-level: both in order
    claims: list[Claim] = []
    for sentence in sentences(doc):
        # with the quotation that may end just before the sentence, for a cue that opens it
        inside = quotes[bisect_right(ends, sentence.start_char - 3):bisect_left(starts, sentence.end_char)]
        claims.extend(_sentence_claims(sentence, inside, refs))
    return claims


def _sentence_claims(sentence: Sentence, inside: list[Offsets], refs: Referents) -> list[Claim]:
    """The claims of one sentence; `inside`: the quotations that overlap it."""
    cues = [t for t in words_of(sentence) if _is_cue(t) and not any(q[0] <= t.idx < q[1] for q in inside)]
    cues.sort(key=lambda t: len(list(t.ancestors)))  # outermost attribution first
    covered: set[int] = set()
    claims: list[Claim] = []
    via: str | None = None
    for cue in cues:
        if cue.i in covered:
            continue
        complement = _complement(cue)
        for source in _sources(cue):
            claim = _claim(cue, source, complement, sentence, inside, refs, via)
            if claim is None:
                continue
            speaker = refs.index.actors.get(claim[1]) if claim[1] else None
            if speaker is not None and speaker.media and _has_inner_cue(complement):
                via = speaker.name  # the outlet relays the inner speaker's words
                break
            if speaker is not None:
                speaker.media = False  # an outlet speaking for itself is an actor
            claims.append(claim[0])
            if complement is not None:
                later = {t.i for c in _later_attributions(complement) for t in c.subtree}
                covered.update(t.i for t in complement.subtree if t.i not in later)
    return claims


#: every word `_is_cue` can take: the rest are turned away before their dependents are read
_CUE_WORDS = (SPEECH_VERBS | CHARACTERISING | _FINDINGS | _REPORT
              | {"according", "pointed", "points", "pointing", "point", "read", "reads"})


def _is_cue(token: Token) -> bool:
    """A word attributing what follows; not one negated ('did not say he had ordered it')."""
    if token.lower_ not in _CUE_WORDS or any(c.dep_ == "neg" for c in token.children):
        return False
    if token.lower_ == "according":
        return any(c.lower_ == "to" for c in token.children)
    if token.lower_ in CHARACTERISING and token.tag_.startswith("VB"):
        return _characterises(token)
    if token.lower_ in ("pointed", "points", "pointing", "point"):  # 'pointed out that'
        return any(c.dep_ == "prt" and c.lower_ == "out" for c in token.children)
    if token.lower_ in ("read", "reads"):  # 'the statement read: "..."'
        return any(c.dep_ == "nsubj" and c.lower_ in DOCUMENTS for c in token.children)
    if token.lower_ in _FINDINGS:
        deps = {c.dep_ for c in token.children}
        return (token.tag_.startswith("VB") and bool(deps & {"ccomp", "xcomp"})
                and not deps & {"auxpass", "nsubjpass"})
    if token.lower_ in _REPORT and any(c.dep_ == "dobj" and _reported_to(c, token) for c in token.children):
        return False  # 'report the incident to the authorities': a notice, not what one says
    if any(c.dep_ == "dobj" and c.lower_ in _NOT_WORDS for c in token.children):
        return False  # 'the crisis claimed 15,393 lives', 'posted a photo': no words said
    return token.lower_ in SPEECH_VERBS and token.tag_.startswith("VB")


def _reported_to(thing: Token, verb: Token) -> bool:
    """Is there a 'to' whom the thing was reported, on the verb or (as parsed) on the thing?"""
    return any(c.dep_ in ("prep", "dative") and c.lower_ == "to" for c in (*verb.children, *thing.children))


def _characterises(verb: Token) -> bool:
    """'called X Y' and 'described X as Y', not 'called on X', 'called for X' or 'called X'."""
    deps = [c.dep_ for c in verb.children if c.i > verb.i]
    preps = {c.lower_ for c in verb.children if c.dep_ in ("prep", "prt")}
    if preps & {"on", "for", "upon", "off", "up"}:
        return False
    return "dobj" in deps and (len(set(deps) & _CHARACTER_DEPS) > 1 or "as" in preps
                               or deps.count("dobj") > 1)


def _complement(cue: Token) -> Token | None:
    """What was said: the cue's own clausal complement ('said [that the talks failed]'), a
    'that'-clause before an adverbial one ('citing sources, reported [that ...]'); for 'according
    to' and a parenthetical 'he said' with no complement of its own, the clause it hangs from."""
    if cue.lower_ == "according":
        return cue.head if cue.head.i != cue.i else cue  # the cue may head 'According to X, ...'
    if cue.lower_ in CHARACTERISING:
        return cue  # what it called what: the words after the cue
    if (said := _clause_after_subject(cue)) is not None:
        return said
    if _postposed_speaker(cue) is not None:
        return cue.head if cue.head.i != cue.i else None  # 'X was placed there, stated Y
    # the first child of each relation, those after the cue first: in 'X follows Y; Z reported
    # that W' the parser hangs both clauses on 'reported', and what Z reported is W
    own = {c.dep_: c for c in sorted(cue.children, key=lambda c: (c.i < cue.i, c.i), reverse=True)}
    for dep in ("ccomp", "xcomp"):
        if dep in own:
            return own[dep]
    if ((cue.dep_ in ("parataxis", "advcl") or _trailing_conjunct(cue)) and cue.lower_ != "saying"
            and not any(c.dep_ == "mark" or (c.dep_ == "dobj" and cue.lower_ not in _TELL)
                        for c in cue.children)):  # '..., he said', not 'after X declared Y'
        return cue.head if cue.head.i != cue.i else None  # ('told [reporters]': who heard it)
    advcl = own.get("advcl")  # after the cue: 'With X doing Y, firms announced Z' is Z
    if (advcl is not None and advcl.lower_ != "saying" and advcl.i > cue.i
            and not (advcl.tag_ == "VBG" and "dobj" in own)):  # 'announced X, making her ...': X
        return advcl
    if cue.lower_ not in _NEED_CLAUSE:
        return next((c for c in cue.children if c.dep_ == "dobj" and c.lower_ not in ("reporters",)), None)
    return None


def _sources(cue: Token) -> list[Token]:
    """The tokens naming who said it: 'according to X', the subject (every conjunct), or for
    'TASS quoted X as saying' the person quoted."""
    if cue.lower_ == "according":
        to = next(c for c in cue.children if c.lower_ == "to")
        return [_author(t) for o in to.children if o.dep_ == "pobj" for t in (o, *o.conjuncts)]
    if _clause_after_subject(cue) is not None:  # 'The chief, X, announced ... there were ...'
        return [cue.head]
    postposed = _postposed_speaker(cue)
    if postposed is not None:  # 'The bomb was placed in a market, stated Minister X'
        return [postposed]
    apposed = _apposed_name_before(cue)
    if apposed is not None:  # 'the prosecutor general of Tehran, Ali Alghasi Mehr, said'
        return [apposed]
    quoted = _quoted(cue)
    if quoted is not None:  # 'TASS quoted X as saying', 'X was quoted as saying'
        return [c for c in quoted.children if c.dep_ in ("dobj", "nsubjpass")]
    if is_passive(cue):
        by = agent(cue)  # 'he was told by Zinichev that ...': the one told is no source
        return [by, *by.conjuncts] if by is not None else []
    if cue.lower_ in ("read", "reads"):  # "Trump's statement read": Trump
        document = next(c for c in cue.children if c.dep_ == "nsubj")
        return [c for c in document.children if c.dep_ == "poss"] or [document]
    if cue.tag_ == "VBG" and cue.dep_ == "advcl" and any(  # 'tweeted [her reasoning] saying':
            c.dep_ == "nsubj" and c.tag_ in ("NN", "NNS") and not c.ent_type_  # its object
            and cue.head.i < c.i < cue.i for c in cue.children):
        cue = cue.head  # read as the participle's subject; who tweeted says it
    return [_author(named_apposition(m)) for s in map(_antecedent, subjects(cue))
            if s.tag_ not in ("WDT", "WP") and s.lower_ not in _PREPOSITIONS  # 'Amongst reported
            for m in _members(s)]  # incidents', the tagger reading a preposition as a name


def _antecedent(subject: Token) -> Token:
    """'said Deshmukh, who ... also announced that ...': the 'who' of a relative clause is the
    one the clause is about."""
    clause = subject.head
    if subject.lower_ == "who" and clause.dep_ == "relcl" and clause.head.ent_type_ == "PERSON":
        return clause.head
    return subject


def _quoted(cue: Token) -> Token | None:
    """The 'quoted' of 'quoted X as saying' / 'was quoted as saying' when the cue is that
    'saying'."""
    quoted = cue.head.head if cue.head.lower_ == "as" else cue.head
    return quoted if cue.lower_ == "saying" and quoted.lower_ == "quoted" else None


def _author(source: Token) -> Token:
    """'a Twitter post by Amy Cook', 'a statement by the ministry': the document's author."""
    if is_document(source):
        for prep in (c for c in source.children if c.dep_ == "prep" and c.lower_ == "by"):
            return next((o for o in prep.children if o.dep_ == "pobj"), source)
    return source


def _members(subject: Token) -> list[Token]:
    """'German firms including Deutsche Bahn, Daimler and Siemens announced': each named
    member speaks; a subject without such a list is itself."""
    for prep in (c for c in subject.children if c.dep_ == "prep" and c.lower_ in ("including", "like")):
        named = [t for o in prep.children if o.dep_ == "pobj" for t in (o, *o.conjuncts) if t.ent_type_]
        if named:
            return named
    return [subject]


def _claim(cue: Token, source: Token, complement: Token | None, sentence: Sentence,
           quotes: list[Offsets], refs: Referents, via: str | None) -> tuple[Claim, str | None] | None:
    doc = sentence.doc
    text = text_of(doc)
    ref = refs.of_token(source)
    if ref is not None and _belongs_to(source, ref):
        ref = None  # 'Johnson's critics', 'an Interpol spokesperson': the words as written
    if ref is None and (unnamed := refs.unnamed_antecedent(source.lower_, source.idx)) is not None:
        source = unnamed  # 'The head of the investigators told the court ... She also said'
    if ref is None and (source.lower_ in _SOURCE_PRONOUNS or source.tag_ == "PRP"
                        or (source.ent_type_ and not _one_of(source))):
        return None  # a pronoun we cannot resolve, or a name that is not an actor: no guess
    key = refs.key_of(ref) if ref is not None else None
    speaker = refs.actor(key).name if key else None
    source_span = (ref.start, ref.end) if ref is not None and not ref.pronoun else core_phrase(source)
    if source_span[1] <= source_span[0]:
        source_span = (source.idx, source.idx + len(source))
    if not text[source_span[0]:source_span[1]].strip(" ,.;:\"'"):
        return None  # a source with no words to show
    cue_text = "according to" if cue.lower_ == "according" else cue.lower_
    if cue.lower_.startswith("point"):
        cue_text += " out"
    if _quoted(cue) is not None:
        cue_text = "quoted as saying"
    evidence = Span(start=sentence.start_char, end=sentence.end_char)
    common = dict(speaker=speaker, source=text[source_span[0]:source_span[1]],
                  source_span=Span(start=source_span[0], end=source_span[1]), cue=cue_text,
                  via=via, evidence=evidence)
    quote = _quote_for(sentence, quotes, cue)
    statement = _statement(cue, complement, sentence) if complement is not None else None
    quoted_inside = quote is not None and _quoted_inside(statement, quote, cue)
    if quote is not None and not quoted_inside:
        words = len(text[quote[0]:quote[1]].split())
        if words >= DIRECT_QUOTE_WORDS or 2 * words >= len(sentence.text.split()):
            return _direct(doc, quote, common), key
    if statement is None:
        return None
    start, end = statement
    if quoted_inside and end < quote[1]:
        end = quote[1] + (text[quote[1]:quote[1] + 1] in _QUOTE_MARKS)  # on past the sentence's end
    if len(text[start:end].split()) < MIN_STATEMENT_WORDS:
        return None
    if quote is not None and quote[0] <= start and end <= quote[1]:  # the clause is all quoted
        return _direct(doc, quote, common), key
    partial = quote if quote is not None and start <= quote[0] and quote[1] <= end else None
    return Claim(statement=text[start:end], kind="indirect",
                 quote=text[partial[0]:partial[1]] if partial else None,
                 quote_span=Span(start=partial[0], end=partial[1]) if partial else None,
                 **common), key


def _quoted_inside(statement: Offsets | None, quote: Offsets, cue: Token) -> bool:
    """Is the quotation part of a clause in the reporter's words ('said the situation had "a
    lot of adrenaline"', 'said the victims were "joyful girls ..."')? Then the clause is the
    statement and the quotation its quoted part. Not when the clause starts before the cue,
    nor when a comma or colon hands the quotation over ('told the press, "..."'), nor when no
    verb of the clause comes before it ('called it "a disgrace"')."""
    if statement is None or not cue.idx < statement[0] < quote[0] < statement[1]:
        return False
    text = text_of(cue.doc)
    before = quote[0]
    while before > 0 and text[before - 1] in _QUOTE_MARKS:  # back over the opening mark
        before -= 1
    if text[before - 1:before] in (",", ":"):
        return False
    lead = cue.doc.char_span(statement[0], quote[0], alignment_mode="contract")
    return (lead is not None and len(lead) >= 2 and any(t.tag_.startswith(("VB", "MD")) for t in lead)
            and not any(_is_cue(t) for t in lead))  # 'confirmed X, stating "..."': that cue's


def _belongs_to(source: Token, ref: Referent) -> bool:
    """Are the source unnamed people whom the named actor only owns or qualifies ("Johnson's
    critics", 'an Interpol spokesperson', 'German officials', 'a former New Zealand coach')?
    They are not that actor: the claim keeps them as written (the guide's unnamed sources)."""
    return ref.end <= source.idx and not ref.pronoun and source.lower_ in _UNNAMED_PEOPLE


def _one_of(source: Token) -> bool:
    """'One of the children said', 'two of the victims told': a number (NER's CARDINAL) that
    counts people named after it is an unnamed source, not a name."""
    return source.ent_type_ == "CARDINAL" and any(
        c.dep_ == "prep" and c.lower_ == "of" and any(o.dep_ == "pobj" and o.tag_ in ("NN", "NNS")
                                                      for o in c.children)
        for c in source.children)


def _direct(doc: Doc, quote: Offsets, common: dict) -> Claim:
    """A direct claim: the quotation is the statement, without the comma that hands it over
    to its attribution ('"We will fight," he said')."""
    text = text_of(doc)
    end = quote[1]
    while end > quote[0] and text[end - 1] in ", \n":
        end -= 1
    quote = (quote[0], end)
    words = text[quote[0]:quote[1]]
    return Claim(statement=words, quote=words, kind="direct",
                 quote_span=Span(start=quote[0], end=quote[1]), **common)


def _statement(cue: Token, complement: Token, sentence: Sentence) -> Offsets:
    """The complement's clause without the cue, its 'according to', a leading 'that' and what
    stands between the cue and the clause's subject ('said on Friday [it would ...]')."""
    if complement.i == cue.i:  # 'According to X, [the statement]': what follows 'to X'
        if cue.lower_ in CHARACTERISING:  # 'called [the process "a coup"]'
            parts = [c for c in cue.children if c.i > cue.i and (c.dep_ in _CHARACTER_DEPS or (
                c.dep_ == "prep" and c.lower_ == "as"))]
            rest = [t for c in parts for t in c.subtree]
        else:
            to = next(c for c in cue.children if c.lower_ == "to")
            rest = [t for t in cue.subtree if t.i > to.right_edge.i]
        rest.sort(key=lambda t: t.i)
        if not rest:
            return cue.idx, cue.idx
        start, end = trim_punctuation(text_of(cue.doc), rest[0].idx, rest[-1].idx + len(rest[-1]))
        return max(start, sentence.start_char), min(end, sentence.end_char)
    later = _later_attributions(complement)
    skip = [cue, *later, *(c for c in complement.children if c.lower_ == "according"
                           or (c.dep_ == "mark" and c.lower_ == "that")
                           or (c.dep_ == "cc" and later and c.i < later[0].i))]
    skip += [c for c in complement.children  # the subject a misparsed cue hangs from
             if c.dep_ in SUBJECT_DEPS and c.left_edge.i <= cue.i <= c.right_edge.i]
    subject_at = min((c.i for c in complement.children if c.dep_ in ("nsubj", "nsubjpass")), default=None)
    if subject_at is not None and cue.i < subject_at:
        skip += [c for c in complement.children if cue.i < c.i < subject_at]
    start, end = clause(complement, skip)
    misread = next((c for c in cue.children if c.dep_ == "dobj" and c.i < complement.i), None)
    if (misread is not None and complement.dep_ == "ccomp"  # 'ruled [the draft] violated the
            and not any(c.dep_ in SUBJECT_DEPS for c in complement.children)):  # clause': its subject
        start = min(start, misread.left_edge.idx)
    return max(start, sentence.start_char), min(end, sentence.end_char)


def _quote_for(sentence: Sentence, quotes: list[Offsets], cue: Token) -> Offsets | None:
    """The quotation a cue attributes: the one that closes right before the cue ('"... on my
    right shoulder." said Mr. Bao, "..."', even where it opened sentences earlier), else the
    first that opens in its sentence, unless a cue of its own stands nearer to it ('announced
    his plan, saying "..."') or right after it ('noted: "...," said X')."""
    text = text_of(sentence.doc)
    if cue.dep_ == "relcl":  # 'said Deshmukh, who also announced that ...': only its clause's
        clause = (cue.left_edge.idx, cue.right_edge.idx + len(cue.right_edge))
        quotes = [q for q in quotes if clause[0] <= q[0] and q[1] <= clause[1]]
    for start, end in quotes:  # the cue right after the closing mark, or after its own subject
        if end <= cue.idx and _only_subject_between(cue, end):  # whichever sentence it opened in
            return start, end
    for start, end in quotes:
        if start < sentence.end_char and sentence.start_char < end:
            if start < sentence.start_char:
                continue  # a quotation that began in an earlier sentence is not this cue's
            between = range(cue.idx + 1, start) if cue.idx < start else range(end, cue.idx)
            if any(t.head.i == cue.i and t.dep_ in ("advcl", "conj", "xcomp") and t.idx in between
                   and _is_cue(t) for t in cue.children):
                return None  # 'X announced his plan, saying "..."': the quote is the nearer cue's
            if cue.idx < start and _cue_right_after(sentence.doc, end):
                return None  # 'noted the need to act: "...," said Tedros': the quote is his
            return start, end
    return None


def _cue_right_after(doc: Doc, end: int) -> bool:
    """Does a cue with no statement of its own take the quotation closing with a comma at `end`,
    right after it or after its subject ('"...," said Tedros', '"...," SpaceX founder Elon Musk
    told')? The sentence may be another than the one the quotation opened in."""
    text = text_of(doc)
    if "," not in text[max(end - 1, 0):end + 2]:
        return False  # handed over with a comma, as attributions after a quotation are
    after = doc.char_span(end, len(text), alignment_mode="expand")
    if after is None or not len(after):
        return False
    return any(_is_cue(t) and _only_subject_between(t, end) and _complement(t) is None
               for t in doc[after.start:after.start + 12])  # not '"...", adding, "..."'/'adding X will'


def _only_subject_between(cue: Token, end: int) -> bool:
    """Is there nothing between a closing quotation mark at `end` and the cue but punctuation,
    or, after a quotation that hands over with a comma, the cue's subject ('"... stressful. But
    it worked," SpaceX founder Elon Musk told'; not '"... border." Pelosi said, "..."')?"""
    text = text_of(cue.doc)
    if not text[end:cue.idx].strip(" \n\"\u201d\u2019',"):
        return True
    if "," not in text[max(end - 3, 0):end + 1]:
        return False
    said_by = {t.i for s in cue.children if s.dep_ in SUBJECT_DEPS and end <= s.left_edge.idx < cue.idx
               for t in s.subtree}
    first = cue.i
    while first > 0 and cue.doc[first - 1].idx >= end:
        first -= 1
    return bool(said_by) and all(t.i in said_by or t.is_punct or t.is_space for t in cue.doc[first:cue.i])


def _later_attributions(complement: Token) -> list[Token]:
    """Clauses joined to what was said that attribute words of their own ('X said A and he
    also said that B'): the parser hangs them on A, yet B is a claim apart."""
    return [c for c in complement.children
            if c.dep_ in ("conj", "parataxis") and c.i > complement.i and _is_cue(c)
            and any(s.dep_ in ("nsubj", "nsubjpass") for s in c.children)]


def _clause_after_subject(cue: Token) -> Token | None:
    """'The city's security chief, Abdullah al-Jahafi, announced on Facebook on Tuesday there
    were suspects in custody': the parser makes the cue a modifier of the noun before it and
    that noun the subject of what was announced. The clause is what was said, the noun says
    who."""
    head = cue.head
    if (cue.dep_ != "acl" or head.dep_ != "nsubj" or head.head.i <= cue.i
            or any(c.dep_ in ("dobj", "ccomp", "xcomp", "nsubj") for c in cue.children)):
        return None
    return head.head


def _trailing_conjunct(cue: Token) -> bool:
    """'Israel must do more, a senior official told reporters': the parser joins the cue, with
    its own subject, after a comma, to the statement as a conjunct; with no 'and' or 'but'
    between, it attributes that clause rather than adding one."""
    head, doc = cue.head, cue.doc
    return (cue.dep_ == "conj" and cue.i > head.i and cue.left_edge.i > 0
            and doc[cue.left_edge.i - 1].text == ","
            and any(c.dep_ in ("nsubj", "nsubjpass") and c.i < cue.i for c in cue.children)
            and not any(c.dep_ == "cc" and head.i < c.i < cue.i for c in head.children))


def _postposed_speaker(cue: Token) -> Token | None:
    """The person named right after a cue that follows its statement and a comma, where the
    parser found no subject of the cue's own ('..., stated Minister of Information Moammar
    al-Eryani, and ...'); the quoted form ('"...," said X') the parser reads by itself."""
    doc = cue.doc
    if cue.i == 0 or doc[cue.i - 1].text != "," or any(c.dep_ in SUBJECT_DEPS for c in cue.children):
        return None
    for token in doc[cue.i + 1:cue.i + 8]:
        if token.ent_type_ == "PERSON":
            while token.head.ent_type_ == "PERSON" and token.head.i != token.i:
                token = token.head
            return token
        if not (token.lower_ in TITLE_WORDS or token.text[:1].isupper() or token.lower_ in ("of", "the")):
            return None
    return None


def _apposed_name_before(cue: Token) -> Token | None:
    """The person named between commas right before the cue (', Jamel Msallem, said'): the
    parser often hangs such a name on another noun, yet it is who speaks."""
    doc = cue.doc
    if cue.i < 4 or doc[cue.i - 1].text != "," or doc[cue.i - 2].ent_type_ != "PERSON":
        return None
    first = cue.i - 2
    while doc[first].ent_iob_ == "I":  # back to the name's first word
        first -= 1
    return doc[cue.i - 2] if first > 0 and doc[first - 1].text == "," else None


def _has_inner_cue(complement: Token | None) -> bool:
    return complement is not None and any(_is_cue(t) and subjects(t) for t in complement.subtree)
