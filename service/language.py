"""Which language an article is in, so a non-English text gets a warning, not a silent blank.

py3langid (langid.py's maintained fork: a small naive-Bayes model shipped in the package) reads
each paragraph of the first 20,000 characters; the rules' pipeline is English, so anything else is flagged.
"""

from __future__ import annotations

from functools import lru_cache

SUPPORTED = frozenset({"en"})
_SAMPLE_CHARS = 20_000
_MIN_LETTERS = 40


@lru_cache(maxsize=1)
def _identifier():  # -> py3langid.langid.LanguageIdentifier
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str) -> str | None:
    """ISO 639 code of the language most of the text is in, or None when it cannot tell.

    Paragraph by paragraph, weighted by length. A supported language holding a third of the
    text wins: a report in English that quotes bloggers at length in French, Portuguese or
    Cantonese (Global Voices) is English, and the English pipeline can read its narration."""
    weights: dict[str, int] = {}
    paragraphs = [p for p in text[:_SAMPLE_CHARS].splitlines() if _letters(p) >= _MIN_LETTERS]
    unread = sum(map(len, paragraphs))
    for paragraph in paragraphs:
        if any(weights.get(lang, 0) * 3 >= sum(weights.values()) + unread for lang in SUPPORTED):
            break  # a third already, whatever the paragraphs left say: the answer cannot change
        unread -= len(paragraph)
        language, probability = _identifier().classify(paragraph)
        if probability >= 0.9:
            weights[language] = weights.get(language, 0) + len(paragraph)
    if not weights:
        language, probability = _identifier().classify(text[:_SAMPLE_CHARS])
        enough = _letters(text[:_SAMPLE_CHARS]) >= _MIN_LETTERS
        return language if enough and probability >= 0.9 else None
    total = sum(weights.values())
    readable = [lang for lang in SUPPORTED if weights.get(lang, 0) * 3 >= total]
    if readable:  # English narration around long quotes in French is still an English report
        return readable[0]
    best = max(weights, key=weights.__getitem__)
    return best if weights[best] * 2 > total else None


def _letters(text: str) -> int:
    return sum(map(str.isalpha, text))


def article_language(text: str, declared: str) -> str:
    """The detected language, else the declared one (a text too short to tell keeps its label)."""
    return detect(text) or declared


def language_warning(language: str) -> str | None:
    """'language not supported: fr' for a language the English pipeline cannot read."""
    return f"language not supported: {language}" if language not in SUPPORTED else None
