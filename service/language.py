"""Which language an article is in, so a non-English text gets a warning, not a silent blank.

py3langid (langid.py's maintained fork: a small naive-Bayes model shipped in the package) reads
the first few thousand characters; the rules' pipeline is English, so anything else is flagged.
"""

from __future__ import annotations

from functools import lru_cache

SUPPORTED = frozenset({"en"})
_SAMPLE_CHARS = 2000
_MIN_LETTERS = 40


@lru_cache(maxsize=1)
def _identifier():  # -> py3langid.langid.LanguageIdentifier
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when there is too little text to tell."""
    sample = text[:_SAMPLE_CHARS]
    if sum(c.isalpha() for c in sample) < _MIN_LETTERS:
        return None
    language, probability = _identifier().classify(sample)
    return language if probability >= 0.9 else None


def language_warning(text: str) -> str | None:
    """'language not supported: fr' for a text the English pipeline cannot read."""
    language = detect(text)
    return f"language not supported: {language}" if language and language not in SUPPORTED else None
