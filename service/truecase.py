"""ALL-CAPS lines (wire headlines, datelines) in the case the article itself writes their words.

spaCy's NER is trained on mixed case: on 'EU REJECTS GERMAN CALL TO BOYCOTT BRITISH LAMB' it
tags 'REJECTS' and misses 'EU'. The parse reads a recased copy of such lines instead; the copy
has the same length at every character, so every offset still points into the original text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter

from . import gazetteer

_WORD = re.compile(r"[^\W\d_]+(?:['\u2019.-][^\W\d_]+)*", re.UNICODE)
_LINE = re.compile(r"[^\n]+")
#: a line is shouting when it has no lower-case letter and at least this many letters
_MIN_LETTERS = 6
#: four or more ALL-CAPS words in a row inside a mixed-case line: a shouted quote or tweet
#: ('"I WON THIS ELECTION, BY A LOT!"'), read like a shouting line
_SHOUTED_RUN = re.compile(r"\b[A-Z][A-Z'\u2019]*(?:[ ,]+[A-Z][A-Z'\u2019]*){3,}\b")
_SENTENCE_OPENERS = frozenset(".!?:;\"\u201c\u2018(-\u2013\u2014")


def recase(text: str) -> str:
    """`text` with each ALL-CAPS line rewritten word by word: the form the rest of the article
    uses ('REJECTS' -> 'rejects', 'EU' -> 'EU', 'BRUSSELS' -> 'Brussels'), a known place or
    country in title case, other words in lower case (the line's first word capitalised).
    Returns `text` itself when no line shouts."""
    lines = [m for m in _LINE.finditer(text) if _shouting(m.group())]
    line_starts = {m.start() for m in lines}
    runs = [m for m in _SHOUTED_RUN.finditer(text) if sum(c.isalpha() for c in m.group()) >= 12
            and text.rfind("\n", 0, m.start()) + 1 not in line_starts]
    if not lines and not runs:
        return text
    shouted = sorted((m.start(), m.end()) for m in (*lines, *runs))
    forms = _forms_used(text, shouted)
    out = list(text)
    for shout in (*lines, *runs):
        first = True
        for word in _WORD.finditer(shout.group()):
            cased = _cased(word.group(), forms, first)
            first = False
            if len(cased) == len(word.group()):  # 'STRASSE' and 'Straße' differ: leave it
                start = shout.start() + word.start()
                out[start:start + len(cased)] = cased
    return "".join(out)


def _shouting(line: str) -> bool:
    """No lower-case letter (checked first: an ordinary line stops at its first one) and at
    least _MIN_LETTERS letters."""
    return not any(c.islower() for c in line) and sum(c.isalpha() for c in line) >= _MIN_LETTERS


def _forms_used(text: str, shouted: list[tuple[int, int]]) -> dict[str, str]:
    """Each word's most frequent form inside sentences of the article's mixed-case text (not
    the `shouted` spans; a sentence's first word is capitalised whatever it is, so it says
    nothing)."""
    counts: Counter[str] = Counter()
    starts = [s for s, _ in shouted]
    for line in _LINE.finditer(text):
        written = line.group()
        for word in _WORD.finditer(written):
            at = line.start() + word.start()
            i = bisect_right(starts, at) - 1
            if i >= 0 and at < shouted[i][1]:
                continue
            before = written[max(0, word.start() - 3):word.start()].rstrip()
            if before and before[-1] not in _SENTENCE_OPENERS:
                counts[word.group()] += 1
    forms: dict[str, str] = {}
    for word, _ in counts.most_common():
        forms.setdefault(word.casefold(), word)
    return forms


def _cased(word: str, forms: dict[str, str], first: bool) -> str:
    known = forms.get(word.casefold())
    if known is None:
        title = word.title()
        if gazetteer.places().get(title) or gazetteer.country_code_of(title):
            known = title
        elif len(word) <= 4 and gazetteer.country_code_of(word):
            known = word  # 'US', 'UK', 'UAE'
        else:
            known = word.lower()
    if first and known.islower():
        return known[:1].upper() + known[1:]
    return known
