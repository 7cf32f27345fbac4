"""Ground what a model says in the article: find each phrase (exact, then normalised, then fuzzy)
and refuse free text that names people, places or figures the article does not contain.
"""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz import fuzz

from . import gazetteer
from .schema import Span

FUZZY_CUTOFF = 90.0
#: Share of a generated text's content words that must occur in the article.
MIN_SUPPORT = 0.8
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


def support(text: str, generated: str) -> float:
    """Share of the generated content words whose stem the article uses."""
    article_stems = {_stem(w) for w in re.findall(r"[a-z]+", text.casefold())}
    words = [w for w in re.findall(r"[a-z]+", generated.casefold()) if w not in _STOPWORDS]
    if not words:
        return 0.0
    return sum(_stem(w) in article_stems for w in words) / len(words)


def prose_problems(text: str, generated: str) -> list[str]:
    """Why generated prose cannot be trusted (empty when it can): names, figures, wording."""
    problems = [f"not in the article: {', '.join(missing[:5])}"
                for missing in [ungrounded_terms(text, generated)] if missing]
    share = support(text, generated)
    if share < MIN_SUPPORT:
        problems.append(f"only {share:.0%} of its words are the article's")
    return problems
