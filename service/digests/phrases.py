"""Words as an editor prints them: topics as whole phrases, claims without dangling ends.

The rules cut a position's topic or a claim's statement at a token limit or a parse boundary,
which leaves '... called elimination of', '... oil tankers, the' or an unmatched quote. The
digest does not re-parse: it completes a cut phrase from its own sentence up to the next clause
boundary, drops a dangling tail ('..., a', '..., but said X'), and balances quotes.
"""

from __future__ import annotations

import re

#: Words a phrase cannot end on: articles, prepositions, conjunctions, auxiliaries.
FUNCTION_WORDS = frozenset(["a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "from", "with", "as", "into", "over", "under", "about", "against", "between", "than", "that", "which", "who", "whom", "whose", "and", "or", "but", "nor", "so", "yet", "if", "while", "because", "although", "its", "their", "his", "her", "our", "your", "my", "this", "these", "those", "is", "are", "was", "were", "be", "been", "has", "have", "had", "will", "would", "can", "could", "should", "may", "might", "must", "do", "does", "did", "not", "no"])
_BOUNDARY = re.compile(r"[,;:.!?\u201d]|\s[\u2013\u2014-]\s|\"(?=\s|$)")
_DANGLING = re.compile(r",\s*(?:(?:but|and|while|whereas|although)\b.*|(?:\S+\s*){0,2})$", re.IGNORECASE)
_DATELINE = re.compile(r"^.{0,60}?\[[^\]\n]{2,40}\],\s*[A-Z][a-z]{2,8}\.? \d{1,2}\s*[:\u2013\u2014-]\s+")
_QUOTES = "\"\u201c\u201d"
MAX_PHRASE = 200


def _last_word(phrase: str) -> str:
    words = re.findall(r"[\w'\u2019-]+", phrase)
    return words[-1].lower() if words else ""


def _cut(phrase: str, rest: str) -> bool:
    """Does `phrase` stop mid-phrase: on a function word, or inside a capitalised name ('the Black' + 'Sea')?"""
    if _last_word(phrase) in FUNCTION_WORDS:
        return True
    last = phrase.rstrip().rsplit(" ", 1)[-1]
    return bool(last[:1].isupper() and re.match(r"\s[A-Z]", rest))


def _drop_dangling(phrase: str) -> str:
    """'X, a' -> 'X'; 'X, but said Y' -> 'X' (a tail that is only function words, or a new clause)."""
    match = _DANGLING.search(phrase)
    if not match:
        return phrase
    tail = match.group(0)
    words = re.findall(r"[\w'\u2019-]+", tail)
    if re.match(r",\s*(?:but|and|while|whereas|although)\b", tail, re.IGNORECASE) or all(
            w.lower() in FUNCTION_WORDS for w in words):
        return phrase[:match.start()]
    return phrase


def _balance_quotes(phrase: str) -> str:
    """Drop a quote mark that opens or closes nothing ('said "mirror' -> 'said mirror')."""
    straight = phrase.count('"')
    if straight % 2:
        index = phrase.rfind('"') if phrase.rstrip().endswith('"') or phrase.count('"') == 1 else -1
        if index >= 0:
            phrase = phrase[:index] + phrase[index + 1:]
    if phrase.count("\u201c") != phrase.count("\u201d"):
        phrase = phrase.replace("\u201c", "").replace("\u201d", "")
    return " ".join(phrase.split())


def _strip_end(phrase: str) -> str:
    phrase = phrase.strip().rstrip(",;:-\u2013\u2014 ")
    while _last_word(phrase) in FUNCTION_WORDS and " " in phrase:
        phrase = phrase.rsplit(" ", 1)[0].rstrip(",;:-\u2013\u2014 ")
    return phrase


def whole_phrase(phrase: str, sentence: str) -> str:
    """`phrase` completed from `sentence` to its clause's end when it was cut, then tidied."""
    phrase = " ".join(phrase.split())
    phrase = _drop_dangling(phrase)
    at = sentence.find(phrase)
    if at >= 0 and _cut(phrase, sentence[at + len(phrase):]):
        rest = sentence[at + len(phrase):]
        boundary = _BOUNDARY.search(rest)
        end = boundary.start() if boundary else len(rest)
        if rest[:end].count('"') % 2 and boundary:  # a quotation runs on: take it whole
            close = rest.find('"', rest.find('"') + 1)
            end = close + 1 if close > 0 else end
        if len(phrase) + end <= MAX_PHRASE:
            phrase = _drop_dangling(phrase + rest[:end])
    return _balance_quotes(_strip_end(phrase))


def tidy_statement(statement: str) -> str:
    """A claim as printed: no dateline prefix, no trailing comma or dangling 'and', balanced quotes."""
    statement = _DATELINE.sub("", " ".join(statement.split()))
    return _balance_quotes(_strip_end(statement)) or statement
