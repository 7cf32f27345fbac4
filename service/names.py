"""Are two names the same actor or place? One answer for the evaluation and the digest.

Names are normalised (case, accents, possessive 's, leading "the", US/EU/UK/UN spelled out).
Token-set similarity counts only when the shorter name keeps the longer one's head word (its
last token), so "Putin" matches "Vladimir Putin" but "Russia" does not match "Russia's Defence
Ministry"; otherwise plain character similarity catches near-misses such as typos.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from rapidfuzz import fuzz

#: Names at least this similar (0-100) denote the same actor or place.
NAME_THRESHOLD = 90.0

_ABBREVIATIONS = {"us": "united states", "u.s.": "united states", "uk": "united kingdom",
                  "eu": "european union", "un": "united nations"}
_POSSESSIVE = re.compile(r"['\u2019]s\b")
_NON_WORD = re.compile(r"[^\w]+")


@lru_cache(maxsize=8192)
def normalise(name: str) -> str:
    """Lower case, no accents, no possessive 's, punctuation as spaces, abbreviations spelled out."""
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    plain = _POSSESSIVE.sub("", plain)
    words = [_ABBREVIATIONS.get(w, w) for w in plain.split()]
    words = _NON_WORD.sub(" ", " ".join(words)).split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def name_similarity(a: str, b: str) -> float:
    """0-100: how surely two names denote the same actor or place."""
    na, nb = normalise(a), normalise(b)
    if not na or not nb:
        return 0.0
    if na == nb:
        return 100.0
    shorter, longer = sorted((na.split(), nb.split()), key=len)
    if longer[-1] in shorter:  # below an identical name's 100, so a pairing prefers that one
        return min(99.0, max(fuzz.token_set_ratio(na, nb), fuzz.ratio(na, nb)))
    return fuzz.ratio(na, nb)


def forms_similarity(forms_a: Sequence[str], forms_b: Sequence[str]) -> float:
    """Best similarity between any form of one side and any form of the other."""
    return max((name_similarity(a, b) for a in forms_a for b in forms_b), default=0.0)


def same_name(forms_a: Sequence[str], forms_b: Sequence[str]) -> bool:
    """Do any two forms pass the threshold?"""
    return forms_similarity(forms_a, forms_b) >= NAME_THRESHOLD
