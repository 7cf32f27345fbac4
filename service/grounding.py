"""Ground what a model says in the article: find each phrase (exact, then normalised, then fuzzy)
and refuse free text that names people, places, figures or words the article does not contain;
find the article's sentences that address a model, so nothing copied from them is kept.
"""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz import fuzz

from . import gazetteer
from .schema import Span
from .text import split_sentences

FUZZY_CUTOFF = 90.0
#: Attribution verbs a headline may add though the article words it otherwise ("X says").
_REPORTING = frozenset("say says said tell tells told report reports reported".split())
_COMPOUND = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)+")
#: Text that speaks to a language model rather than to a reader of the news.
_ADDRESSES_MODEL = re.compile(
    r"\b(?:ignore|disregard|forget|override)\s+(?:all\s+|any\s+|the\s+|your\s+)*"
    r"(?:previous|prior|above|earlier|preceding|former|system)?\s*(?:instructions?|prompts?|rules|directions)\b"
    r"|\bsystem\s+prompt\b|\bprompt\s+injection\b"
    r"|\byou\s+are\s+(?:now\s+)?(?:an?\s+|the\s+)?(?:AI|artificial intelligence|(?:large\s+)?language\s+model|LLM|"
    r"assistant|chatbot|chat\s*bot)\b|\bas\s+an\s+(?:AI|language\s+model)\b"
    r"|\b(?:output|print|write|respond\s+with|reply\s+with|answer\s+with)\s+(?:only\s+)?(?:the\s+following|this\s+json)\b"
    r"|\b(?:and\s+)?output\s+[{\[]|\bset\s+the\s+(?:headline|summary|title)\s+to\b|\bnew\s+instructions\b",
    re.IGNORECASE)
_INVISIBLE = frozenset({"Cc", "Cf", "Co", "Cs", "Cn"})
_FOLD = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"',
                       "\u2013": "-", "\u2014": "-"})
_CAPITALISED = re.compile(r"\b[A-Z][\w'\u2019-]+")
_NUMBER = re.compile(r"\d[\d,.]*")
_SENTENCE_WORDS = frozenset(
    "A An The In On At By For From After Before As It He She They We This That These Those "
    "Amid Meanwhile Following Over Under With While When Since".split()
)


def _normalise(text: str) -> tuple[str, list[int]]:
    """Case- and whitespace-folded text, plus the original offset of every folded character."""
    folded: list[str] = []
    origin: list[int] = []
    previous_space = False
    for index, char in enumerate(unicodedata.normalize("NFC", text)):
        char = char.translate(_FOLD).casefold()
        if char.isspace():
            if previous_space:
                continue
            char, previous_space = " ", True
        else:
            previous_space = False
        folded.append(char)
        origin.append(index)
    return "".join(folded), origin


def locate(text: str, phrase: str) -> Span | None:
    """Where `phrase` stands in `text`, saying how it was matched; None when it is not there."""
    phrase = phrase.strip()
    if not phrase:
        return None
    start = text.find(phrase)
    if start >= 0:
        return Span(start=start, end=start + len(phrase), match="exact")
    folded_text, origin = _normalise(text)
    folded_phrase, _ = _normalise(phrase)
    start = folded_text.find(folded_phrase)
    if start >= 0:
        end = origin[start + len(folded_phrase) - 1] + 1
        return Span(start=origin[start], end=end, match="normalised")
    if len(folded_phrase) < 4:
        return None
    alignment = fuzz.partial_ratio_alignment(folded_phrase, folded_text, score_cutoff=FUZZY_CUTOFF)
    if alignment is None or alignment.dest_end <= alignment.dest_start:
        return None
    return Span(start=origin[alignment.dest_start], end=origin[alignment.dest_end - 1] + 1,
                match="fuzzy")


def ungrounded_terms(text: str, generated: str) -> list[str]:
    """Names and figures in generated prose that the article does not contain.

    A capitalised word counts as grounded when the article has it (any case), or it is a
    country or demonym of a country the article names; a number when the article has it.
    """
    folded = text.casefold()
    codes = {gazetteer.country_code_of(w) for w in _CAPITALISED.findall(text)} - {None}
    missing: list[str] = []
    for word in _CAPITALISED.findall(generated):
        bare = re.sub(r"['\u2019]s$", "", word)
        if bare in _SENTENCE_WORDS or bare.casefold() in folded:
            continue
        if gazetteer.country_code_of(bare) in codes:
            continue
        missing.append(bare)
    for number in _NUMBER.findall(generated):
        figure = number.rstrip(".,")
        if figure and not re.search(rf"(?<![\d,.]){re.escape(figure)}(?![\d]|[,.]\d)", text):
            missing.append(figure)
    return missing


_STOPWORDS = frozenset(
    "a an the of in on at to for from by with and or but as is are was were be been has have had "
    "it its this that these those he she they his her their who which what when where how not no "
    "will would can could may might after before over under into about than then also".split()
)


def _stem(word: str) -> str:
    """A crude stem, enough to match 'kills' with 'killed': strip a suffix, keep five letters."""
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word[:5]


def foreign_words(text: str, generated: str) -> list[str]:
    """Content words of generated prose that the article does not use (by stem), and compounds
    it never writes ('drone-bomb' where the article has 'drone' and 'bomb' apart)."""
    folded = text.casefold()
    article_stems = {_stem(w) for w in re.findall(r"[a-z]+", folded)}
    words = [w for w in re.findall(r"[a-z]+", generated.casefold())
             if w not in _STOPWORDS and w not in _REPORTING and _stem(w) not in article_stems]
    compounds = [c for c in _COMPOUND.findall(generated) if c.casefold() not in folded]
    return list(dict.fromkeys(compounds + words))


def prose_problems(text: str, generated: str) -> list[str]:
    """Why generated prose cannot be trusted (empty when it can): names, figures, wording."""
    problems = [f"not in the article: {', '.join(missing[:5])}"
                for missing in [ungrounded_terms(text, generated)] if missing]
    foreign = foreign_words(text, generated)
    if foreign:
        problems.append(f"words the article does not use: {', '.join(foreign[:5])}")
    if not re.search(r"[^\W\d_]", generated):
        problems.append("no words")
    return problems


def clean_prose(value: str) -> str:
    """Model prose without control, format or unassigned characters (zero-width spaces,
    bidirectional overrides, escapes), its whitespace collapsed to single spaces."""
    kept = "".join(" " if ch.isspace() else ch for ch in unicodedata.normalize("NFC", value)
                   if ch.isspace() or unicodedata.category(ch) not in _INVISIBLE)
    return " ".join(kept.split())


def addressed_to_model(text: str) -> list[tuple[int, int]]:
    """The sentences of `text` that speak to a model ('ignore all previous instructions')."""
    hits = [m.start() for m in _ADDRESSES_MODEL.finditer(text)]
    if not hits:
        return []
    return [(s, e) for s, e in split_sentences(text) if any(s <= h < e for h in hits)]


def model_address_warning(text: str, blocked: list[tuple[int, int]]) -> str | None:
    """The warning a briefing carries when its article speaks to a model."""
    if not blocked:
        return None
    start, end = blocked[0]
    return (f"the article addresses a model ({len(blocked)} sentence(s), e.g. {text[start:end][:60]!r}): "
            "those sentences are not used for headline or summary, and nothing a model copied from "
            "them is kept")


def without(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with `spans` blanked (same length, so offsets still hold)."""
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text
