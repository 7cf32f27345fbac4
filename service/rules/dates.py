"""When: dates as written, resolved against the article date ('on Friday' -> 2025-01-24)."""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from datetime import date, timedelta

from ..schema import Span, TimeRef
from ..text import find_quotes

_MONTHS = {m.lower(): i for i, m in enumerate(
    "January February March April May June July August September October November December".split(), 1)}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_WEEKDAYS = {d.lower(): i for i, d in enumerate(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split())}
_MONTH = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?)"
_FULL_MONTH = (r"(?P<month>January|February|March|April|May|June|July|August|September|October|"
               r"November|December)")
#: a year standing alone ('from 2008 to 2016', 'the 2020 election'): only where NER reads a date,
#: so '2000 people' is no year
_BARE_YEAR = re.compile(r"(?<![\d$£€.,])\b(?P<year>(?:18|19|20)\d\d)\b"
                        r"(?![\d%]|,\d| ?(?:UTC|GMT|BST|CET|EST|hours?|hrs|h)\b)")
#: a year that ends a name ('the Electronic Commerce Directive 2000', 'Saudi Vision 2030'): no date
_NAMED_YEAR = re.compile(r"\b[A-Z][\w-]* (?!(?i:" + "|".join([*_MONTHS, *_WEEKDAYS]) + r")\b)[A-Z][a-z]+ \Z")
#: a year closing a range NER left unread: 'from 2009 to 2017', 'between 2014 and 2016'
_RANGE_END = re.compile(r"\b(?:19|20)\d\d ?(?:-|\u2013|to|and|until|through) ?\Z")
#: 'March 20 last year', 'in January of last year', 'in May next year'
_YEARS_OFF = r",? (?:of )?(?P<years_off>last|next) year"
#: 'in March, 2018': a year after a month and a comma, taken only inside NER's DATE ('in March,
#: 2000 people marched' is a count)
_MONTH_COMMA_YEAR = re.compile(rf"\b{_MONTH}, (?P<year>(?:19|20)\d\d)\b")
_PATTERNS = [
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month_number>[01]\d)-(?P<day>[0-3]\d)\b"),
    re.compile(rf"\b{_MONTH} (?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,? (?P<year>(?:19|20)\d\d)|"
               rf"{_YEARS_OFF})?\b"),
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)? {_MONTH}(?: (?P<year>(?:19|20)\d\d))?\b"),
    re.compile(rf"\b{_MONTH} (?P<year>(?:19|20)\d\d)\b"),
    re.compile(r"\b(?i:in|since|by|until|of|from) (?P<year>(?:18|19|20)\d\d)\b"),
    re.compile(rf"\b(?P<cue>(?i:in|since|until|till|by|from|during|through|of|early|late|mid-?|"
               rf"(?:at )?the end of|last|next|this(?: past| coming)?)) (?:(?:early|late) |mid-|mid )?"
               rf"{_FULL_MONTH}\b(?! \d)(?:{_YEARS_OFF}\b)?"),
    # the second of two months ('this past December and January', 'parts of September and October')
    re.compile(rf"\b(?P<listed>{_FULL_MONTH.replace('?P<month>', '?:')}) (?:and|or|to|through) "
               rf"{_FULL_MONTH}\b(?! \d)"),
    re.compile(r"\b(?P<shift>(?i:last |next |this coming |this past |this ))?(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"),
    re.compile(r"\b(?P<relative>today|yesterday|tomorrow|tonight|overnight|last night|this morning|"
               r"last year|next year|last month|next month)\b", re.IGNORECASE),
]
#: 'two days ago', '3 years ago' (weeks are left alone: 'two weeks ago' names no day)
_AGO = re.compile(r"\b(?P<count>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten) "
                  r"(?P<unit>days?|months?|years?) ago\b", re.IGNORECASE)
_COUNTS = {w: i for i, w in enumerate("one two three four five six seven eight nine ten".split(), 1)}
_TOWARDS = frozenset({"until", "till", "to", "by", "before"})
#: 'last night' is the evening before the day of writing; 'this year' and 'this month' are
#: left out, as the guide says (they name no span a reader needs resolved)
_RELATIVE_DAYS = {"today": 0, "tonight": 0, "overnight": 0, "last night": -1, "this morning": 0,
                  "yesterday": -1, "tomorrow": 1}


def extract_dates(text: str, published: date | None,
                  date_entities: Sequence[tuple[int, int]] = (),
                  ahead: Callable[[int], bool] = lambda start: False) -> list[TimeRef]:
    """Every time expression, grouped by the date it resolves to, in order of first mention;
    `date_entities` (NER's DATE spans) admit years that stand alone; `ahead(start)` says the
    expression at `start` is in a clause about what is to come ('will meet on Monday')."""
    taken: list[tuple[int, int]] = []
    groups: dict[str, TimeRef] = {}
    entities = sorted(date_entities)
    bare_years = [m for m in _BARE_YEAR.finditer(text)
                  if (_inside(entities, m.start(), m.end())
                      and not _NAMED_YEAR.search(text, max(0, m.start() - 20), m.start()))
                  or _RANGE_END.search(text, max(0, m.start() - 12), m.start())]
    month_years = [m for m in _MONTH_COMMA_YEAR.finditer(text) if _inside(entities, m.start(), m.end())]
    matches = (month_years + [m for pattern in _PATTERNS for m in pattern.finditer(text)] + bare_years
               + list(_AGO.finditer(text)))
    years = sorted((m.start(), int(m.group("year"))) for m in matches if m.groupdict().get("year"))
    quoted = sorted(find_quotes(text))
    for match in matches:
        start, end = _core(match)
        if any(s < end and start < e for s, e in taken):
            continue
        if match.groupdict().get("relative") and _inside(quoted, start, end):
            continue  # "Today, I signed ...": the speaker's day, which the article does not date
        resolved = _resolve(match, published, ahead(start), _story_year(years, start))
        if resolved is None and published is not None and "year" not in match.groupdict():
            continue
        taken.append((start, end))
        value, precision, relative = resolved or (None, None, False)
        key = value or text[start:end].lower()
        ref = groups.get(key)
        if ref is None:
            groups[key] = TimeRef(text=text[start:end], date=value, precision=precision,
                                  relative=relative, mentions=[Span(start=start, end=end)])
        else:
            ref.mentions.append(Span(start=start, end=end))
    refs = sorted(groups.values(), key=lambda r: min(m.start for m in r.mentions))
    for ref in refs:
        ref.mentions.sort(key=lambda m: m.start)
        first = ref.mentions[0]
        ref.text = text[first.start:first.end]
    return refs


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Is [start, end) within one of the sorted, non-overlapping spans?"""
    i = bisect_right(spans, (start, math.inf)) - 1
    return i >= 0 and spans[i][0] <= start and end <= spans[i][1]


def _core(match: re.Match[str]) -> tuple[int, int]:
    """The expression itself, without a leading preposition ('in 2022' -> '2022')."""
    groups = match.groupdict()
    if groups.get("listed"):
        return match.span("month")
    if groups.get("year") and not groups.get("month") and not groups.get("month_number"):
        return match.span("year")
    return match.span()


def _story_year(years: list[tuple[int, int]], position: int) -> int | None:
    """For a story with no date of its own: the last year it named before `position`, else
    the first after ('in 1967 ... on May 28th' is 1967)."""
    i = bisect_right(years, (position, math.inf)) - 1
    if i >= 0:
        return years[i][1]
    return years[0][1] if years else None


def _resolve(match: re.Match[str], published: date | None, coming: bool = False,
             story_year: int | None = None) -> tuple[str, str, bool] | None:
    groups = match.groupdict()
    year = int(groups["year"]) if groups.get("year") else None
    if groups.get("weekday"):
        towards = _word_before(match).lower() in _TOWARDS | {"than"}  # 'no later than Friday'
        shift = (groups.get("shift") or "").strip().lower() or ("coming" if coming or towards else "")
        return _weekday(groups["weekday"], shift, published)
    if groups.get("unit"):
        return _ago(groups["count"].lower(), groups["unit"].lower(), published)
    if groups.get("relative"):
        return _relative(groups["relative"].lower(), published)
    month = (int(groups["month_number"]) if groups.get("month_number")
             else _MONTHS[groups["month"].rstrip(".").lower()] if groups.get("month") else None)
    if month is None:
        return (f"{year:04d}", "year", False) if year else None
    if year is None and published is None:
        year = story_year
        if year is None:
            return None
    if year is None and groups.get("years_off") and published is not None:  # 'March 20 last year'
        year = published.year + (1 if groups["years_off"] == "next" else -1)
    if year is None:
        cue = (groups.get("cue") or _word_before(match)).lower()
        if cue in ("by", "before") and not coming:
            cue = ""  # 'had delivered the doses by November 22': a deadline already met
        year = _year_of_month(month, cue, published)
    if not groups.get("day"):
        return f"{year:04d}-{month:02d}", "month", False
    try:
        return date(year, month, int(groups["day"])).isoformat(), "day", False
    except ValueError:
        return None


def _word_before(match: re.Match[str]) -> str:
    """The word just before the match ('until' in 'until October 14')."""
    before = re.search(r"(\w+)\W*$", match.string[max(0, match.start() - 20):match.start()])
    return before.group(1) if before else ""


def _year_of_month(month: int, cue: str, published: date) -> int:
    """The year of a month named without one: 'last (this past) October' is the latest before
    this month, 'next (this coming)', 'until/to' and 'by/before' (these in a clause about what
    is to come) the first from it on, 'since' the latest up to it, 'this' this year's; otherwise the
    nearest one within two months ahead ('October 14' in late August) or ten back ('in
    December' in September)."""
    months_ahead = month - published.month
    if cue in ("last", "this past"):
        return published.year - (months_ahead >= 0)
    if cue in ("next", "this coming"):
        return published.year + (months_ahead <= 0)
    if cue in _TOWARDS:  # 'rescheduled to June 2', 'until October': the coming one
        return published.year + (months_ahead < 0)
    if cue == "since":
        return published.year - (months_ahead > 0)
    if cue == "this":
        return published.year
    if months_ahead > 2:
        return published.year - 1
    if months_ahead < -10:
        return published.year + 1
    return published.year


def _weekday(name: str, shift: str, published: date | None) -> tuple[str, str, bool] | None:
    """'Friday' is the last one on or before the article date; 'next Friday' the first after
    it; 'this coming Friday' or one in a clause about what is to come the first on or after it;
    'last' and 'this past' the last before it."""
    if published is None:
        return None
    delta = (published.weekday() - _WEEKDAYS[name.lower()]) % 7
    if shift == "next":
        day = published + timedelta(days=(7 - delta) % 7 or 7)
    elif shift in ("coming", "this coming"):
        day = published + timedelta(days=(7 - delta) % 7)
    elif shift == "this past":
        day = published - timedelta(days=delta or 7)
    else:
        day = published - timedelta(days=delta + (7 if shift == "last" and delta == 0 else 0))
    return day.isoformat(), "day", True


def _relative(word: str, published: date | None) -> tuple[str, str, bool] | None:
    if published is None:
        return None
    if word in _RELATIVE_DAYS:
        return (published + timedelta(days=_RELATIVE_DAYS[word])).isoformat(), "day", True
    unit = word.split()[1]
    offset = {"last": -1, "this": 0, "next": 1}[word.split()[0]]
    if unit == "year":
        return f"{published.year + offset:04d}", "year", True
    return _months_from(published, offset), "month", True


def _months_from(published: date, offset: int) -> str:
    """The month `offset` months from the article's, as 'YYYY-MM'."""
    month_index = published.year * 12 + published.month - 1 + offset
    return f"{month_index // 12:04d}-{month_index % 12 + 1:02d}"


def _ago(count: str, unit: str, published: date | None) -> tuple[str, str, bool] | None:
    if published is None:
        return None
    n = _COUNTS.get(count) or int(count)
    if unit.startswith("day"):
        return (published - timedelta(days=n)).isoformat(), "day", True
    if unit.startswith("year"):
        return f"{published.year - n:04d}", "year", True
    return _months_from(published, -n), "month", True
